package org.claimscope.importing.article;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.claimscope.importing.TextNormalizer;
import org.claimscope.importing.article.HtmlBlocks.Block;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Claimscope's own article finder over jsoup.
 * <ol>
 *   <li>Page furniture goes: navigation, asides, footers, forms, figures and their captions, and elements whose
 *       class or id name cookie banners, share bars, comments, related stories, newsletters, advertisements,
 *       bylines and the like ({@link Boilerplate}); an element that holds most of the page's running text is kept
 *       whatever its class says.</li>
 *   <li>The rest is cut into lines ({@link HtmlBlocks}). Running text is a line of at least 10 words with letters
 *       (not dates and times) of which less than 30% is link text.</li>
 *   <li>The article's container is the element with the most running text once the rest of its text (link text,
 *       short lines that are not paragraphs or headings) is subtracted: it grows to take in neighbouring
 *       paragraphs and live-blog entries, and stops before lists of links and page furniture.</li>
 *   <li>The text is the headline (the page's h1, else the title from the metadata), the paragraphs between the
 *       headline and the container (a standfirst or summary bullets), and the container's paragraphs, headings,
 *       quotes and list items, without link lists, bylines and copyright lines.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class JsoupArticleExtractor implements ArticleTextExtractor {
    /** Share of the page's running text above which an element is never removed as furniture. */
    private static final double KEEP_SHARE = 0.4;
    /** How many ancestors of a line share its score. */
    private static final int MAX_LEVELS = 100;

    @Override
    public String name() {
        return "jsoup-scoring";
    }

    @Override
    public String extract(String html, String baseUri) {
        Document doc = Jsoup.parse(html, baseUri == null ? "" : baseUri);
        String title = HtmlMetadataReader.read(doc).title();
        return find(doc, title).text();
    }

    /**
     * The article found in a page.
     *
     * @param text         the text as described in the class comment, normalised; empty when nothing was found
     * @param runningChars characters of running text in the container
     * @param teaserPairs  running-text paragraphs in the container that directly follow a linked headline, as on
     *                     section fronts and search results
     * @param runningLines running-text paragraphs in the container
     */
    record Found(String text, int runningChars, int teaserPairs, int runningLines) {
    }

    /** Finds the article in doc, which it changes (furniture is removed). */
    static Found find(Document doc, String title) {
        Element body = doc.body();
        return find(doc, title, body == null ? List.of() : HtmlBlocks.of(body));
    }

    /** As {@link #find(Document, String)}, given the lines of the page's body ({@link HtmlBlocks#of}) as it is. */
    static Found find(Document doc, String title, List<Block> before) {
        Element body = doc.body();
        if (body == null) {
            return new Found("", 0, 0, 0);
        }
        Map<Element, Integer> runningBefore = new IdentityHashMap<>();
        int sum = 0;
        for (Block block : before) {
            if (isRunning(block)) {
                sum += addUp(runningBefore, block.owner(), body, block.text().length());
            }
        }
        int total = sum;
        int threshold = (int) Math.ceil(total * KEEP_SHARE);
        Boilerplate.prune(body, element -> total > 0 && runningBefore.getOrDefault(element, 0) >= threshold);

        List<Block> blocks = HtmlBlocks.of(body);
        Element container = container(blocks, body);
        if (container == null) {
            return new Found("", 0, 0, 0);
        }
        Element headline = headline(doc, container, title);

        Set<Element> inContainer = Collections.newSetFromMap(new IdentityHashMap<>());
        inContainer.addAll(container.getAllElements());
        Set<Element> inHeadline = Collections.newSetFromMap(new IdentityHashMap<>());
        if (headline != null) {
            inHeadline.addAll(headline.getAllElements());
        }
        int first = -1;
        int last = -1;
        int headlineIndex = -1;
        for (int i = 0; i < blocks.size(); i++) {
            Element owner = blocks.get(i).owner();
            if (inContainer.contains(owner)) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
            if (headlineIndex < 0 && inHeadline.contains(owner)) {
                headlineIndex = i;
            }
        }

        List<String> paragraphs = new ArrayList<>();
        String headlineText = headline != null ? HtmlMetadataReader.clean(headline.text()) : title;
        if (headlineText != null) {
            paragraphs.add(headlineText);
        }
        String headlineWords = headlineText != null ? HtmlMetadataReader.words(headlineText) : null;
        // a standfirst or summary between the headline and the container
        if (headlineIndex >= 0 && headlineIndex < first) {
            for (int i = headlineIndex + 1; i < first; i++) {
                Block block = blocks.get(i);
                if (block.isStructural() && block.words() >= 6 && block.linkDensity() < 0.3
                        && !Boilerplate.isByline(block.text()) && !Boilerplate.isCopyright(block.text())) {
                    paragraphs.add(block.text());
                }
            }
        }
        int start = headlineIndex >= first && headlineIndex <= last ? headlineIndex + 1 : first;
        int runningChars = 0;
        int runningLines = 0;
        int teaserPairs = 0;
        boolean afterLinkedHeadline = false;
        for (int i = start; i <= last; i++) {
            Block block = blocks.get(i);
            boolean running = isRunning(block);
            if (running) {
                runningChars += block.text().length();
                runningLines++;
                if (afterLinkedHeadline) {
                    teaserPairs++;
                }
            }
            afterLinkedHeadline = block.linkDensity() > 0.8 && block.words() >= 4 && !running;
            if (keepLine(block)
                    && (headlineWords == null || !HtmlMetadataReader.hasWords(block.text(), headlineWords))) {
                paragraphs.add(block.text()); // the headline is already the first line
            }
        }
        String text = TextNormalizer.normalize(String.join("\n\n", paragraphs));
        return new Found(text, runningChars, teaserPairs, runningLines);
    }

    /** Running text: a paragraph-sized line that is not mostly link text. */
    static boolean isRunning(Block block) {
        return block.linkDensity() < 0.3 && block.letterWords() >= 10;
    }

    /** A line of the container worth keeping. */
    static boolean keepLine(Block block) {
        if (block.linkDensity() > 0.5 || Boilerplate.isByline(block.text()) || Boilerplate.isCopyright(block.text())) {
            return false;
        }
        return block.isStructural() || isRunning(block);
    }

    /**
     * Adds n to element and its ancestors up to root, at most {@value #MAX_LEVELS} of them (so that a hostile page
     * nesting thousands of elements costs linear time); returns n.
     */
    private static int addUp(Map<Element, Integer> sums, Element element, Element root, int n) {
        int level = 0;
        for (Element e = element; e != null && level < MAX_LEVELS; e = e.parent(), level++) {
            sums.merge(e, n, Integer::sum);
            if (e == root) {
                break;
            }
        }
        return n;
    }

    /** The element with the most running text less its other text, see the class comment. */
    private static Element container(List<Block> blocks, Element body) {
        Map<Element, Integer> score = new IdentityHashMap<>();
        for (Block block : blocks) {
            int length = block.text().length();
            int value;
            if (isRunning(block)) {
                value = length - block.linkChars();
            } else if (block.isHeading() && block.linkDensity() < 0.5) {
                value = 0;
            } else if (block.isStructural() && block.linkDensity() < 0.3) {
                value = 0; // short paragraphs and list items of plain text
            } else {
                value = -Math.max(length, block.linkChars());
            }
            addUp(score, block.owner(), body, value);
        }
        Element best = null;
        int bestScore = 0;
        for (Map.Entry<Element, Integer> entry : score.entrySet()) {
            if (entry.getValue() > bestScore) {
                best = entry.getKey();
                bestScore = entry.getValue();
            }
        }
        return best;
    }

    /**
     * The article's headline element: the h1 whose words are the title's, else the first h1 in or before the
     * container, else none (the title is used as text).
     */
    private static Element headline(Document doc, Element container, String title) {
        List<Element> candidates = new ArrayList<>(doc.select("h1"));
        candidates.removeIf(h -> HtmlMetadataReader.clean(h.text()) == null);
        for (Element h1 : candidates) {
            if (HtmlMetadataReader.sameWords(h1.text(), title)) {
                return h1;
            }
        }
        Set<Element> inContainer = Collections.newSetFromMap(new IdentityHashMap<>());
        inContainer.addAll(container.getAllElements());
        for (Element h1 : candidates) {
            if (inContainer.contains(h1)) {
                return h1;
            }
        }
        for (Element h1 : candidates) {
            if (HtmlBlocks.wordCount(h1.text()) >= 3) {
                return h1;
            }
        }
        return null;
    }
}
