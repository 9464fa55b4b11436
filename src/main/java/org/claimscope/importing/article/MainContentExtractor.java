package org.claimscope.importing.article;

import java.util.ArrayList;
import java.util.List;
import org.claimscope.importing.TextNormalizer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The text annotators read from a saved news page: for an article, the headline and the article's own paragraphs,
 * sub-headings, quotes and lists, without navigation, cookie banners, share bars, comments, "related" and
 * "most read" lists, newsletter boxes and advertisements (see {@link JsoupArticleExtractor}); for a page that is
 * not an article (a section front, search results), the page's whole visible text. Plus the page's metadata
 * ({@link HtmlMetadataReader}).
 *
 * <p>A page is an article when its structured data says so (JSON-LD {@code NewsArticle}, {@code BlogPosting},
 * {@code LiveBlogPosting} and relatives, {@code og:type=article}, schema.org microdata), and not when its JSON-LD
 * calls it a {@code CollectionPage}, {@code SearchResultsPage} or {@code ItemList}. A page that says neither is an
 * article when the article container found holds at least {@value #MIN_RUNNING_CHARS} characters of running text
 * and fewer than a third of its paragraphs are teasers (a paragraph right after a linked headline, as on section
 * fronts and search results).
 *
 * <p>Pure logic: no I/O, no state; thread-safe. The text is normalised by {@link TextNormalizer}, paragraphs
 * separated by one blank line.
 */
public final class MainContentExtractor {
    /** Running text (characters) an article without structured data must have. */
    static final int MIN_RUNNING_CHARS = 500;
    /**
     * Browsers stop nesting elements at 512 levels; a page nested deeper was not made to be read, and is neither
     * analysed nor searched for bylines: its whole text is kept, with the metadata of its head.
     */
    static final int MAX_DEPTH = 512;

    private MainContentExtractor() {
    }

    /**
     * What Claimscope keeps of one saved page.
     *
     * @param text      the text to import: the article (headline first) or, for other pages, the whole visible
     *                  text; normalised, paragraphs separated by a blank line; empty only when the page shows no
     *                  text at all
     * @param isArticle whether the page was recognised as one article
     * @param title     the page's headline from its metadata, or null
     * @param metadata  everything the page says about itself; never null
     */
    public record Extraction(String text, boolean isArticle, String title, ArticleMetadata metadata) {
    }

    /**
     * Extracts the text and metadata of a page.
     *
     * @param html    the page's HTML, already decoded
     * @param baseUri the page's address, to resolve relative links (the canonical address); may be null or empty
     */
    public static Extraction extract(String html, String baseUri) {
        return extract(Jsoup.parse(html == null ? "" : html, baseUri == null ? "" : baseUri), () -> { });
    }

    /**
     * As {@link #extract(String, String)}, for a page the caller has already parsed, so that it is parsed once.
     * The document is changed (page furniture is removed from it); read anything else from it before.
     *
     * @param doc        the parsed page; its base URI resolves relative links
     * @param checkpoint run between the steps of the analysis (metadata, whole text, article search), so that the
     *                   caller can stop a page that takes too long by throwing an unchecked exception from it
     */
    public static Extraction extract(Document doc, Runnable checkpoint) {
        if (HtmlBlocks.depth(doc) > MAX_DEPTH) {
            checkpoint.run();
            ArticleMetadata metadata = HtmlMetadataReader.read(doc, false);
            checkpoint.run();
            return new Extraction(wholeText(doc), false, metadata.title(), metadata);
        }
        checkpoint.run();
        HtmlMetadataReader.Reading reading = HtmlMetadataReader.readWithDeclarations(doc);
        ArticleMetadata metadata = reading.metadata();
        boolean declaredArticle = reading.declaresArticle();
        boolean declaredListing = reading.declaresListing();
        checkpoint.run();
        // the lines of the whole page, before the article search removes furniture: the article search starts
        // from them, and they are the text of a page that is not an article
        Element body = doc.body();
        List<HtmlBlocks.Block> lines = body == null ? List.of() : HtmlBlocks.of(body);
        checkpoint.run();

        JsoupArticleExtractor.Found found = JsoupArticleExtractor.find(doc, metadata.title(), lines);
        checkpoint.run();
        boolean isArticle;
        if (found.text().isEmpty()) {
            isArticle = false;
        } else if (declaredArticle) {
            isArticle = true;
        } else if (declaredListing) {
            isArticle = false;
        } else {
            isArticle = found.runningChars() >= MIN_RUNNING_CHARS && found.teaserPairs() * 3 < found.runningLines();
        }
        if (isArticle) {
            return new Extraction(found.text(), true, metadata.title(), metadata);
        }
        checkpoint.run();
        return new Extraction(wholeText(lines), false, metadata.title(), metadata);
    }

    /** Every line of visible text in the page's body, as a browser shows it. */
    static String wholeText(Document doc) {
        Element body = doc.body();
        return body == null ? "" : wholeText(HtmlBlocks.of(body));
    }

    /** The page's visible text from its lines ({@link HtmlBlocks#of} of its body). */
    private static String wholeText(List<HtmlBlocks.Block> blocks) {
        List<String> lines = new ArrayList<>(blocks.size());
        for (HtmlBlocks.Block block : blocks) {
            lines.add(block.text());
        }
        return TextNormalizer.normalize(String.join("\n\n", lines));
    }
}
