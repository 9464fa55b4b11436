package org.claimscope.importing.article;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Cuts a part of a page into the blocks a reader sees as separate lines: every block-level element and every line
 * break ends one. Each block remembers the element that holds it and how much of its text is link text, which is
 * what the extractors score and filter by. White space inside a block collapses to one space, as a browser shows
 * it; no-break spaces stay.
 */
final class HtmlBlocks {
    /** Elements that start and end a line in a browser. Everything else is inline. */
    static final Set<String> BLOCK_TAGS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
            "dl", "dt", "dd", "blockquote", "pre", "address", "hr", "table", "thead", "tbody", "tfoot", "tr", "td",
            "th", "caption", "section", "article", "header", "footer", "aside", "nav", "main", "figure",
            "figcaption", "form", "fieldset", "legend", "details", "summary", "center", "body", "html", "dialog",
            "menu", "hgroup", "noscript", "option", "select", "textarea", "iframe", "video", "audio", "canvas");
    /** Never text a reader sees. */
    static final Set<String> INVISIBLE_TAGS = Set.of("script", "style", "template", "head", "title", "meta", "link",
            "svg", "math", "object", "embed", "noscript", "iframe", "canvas", "source", "track", "param", "input",
            "select", "option", "textarea", "img", "picture", "video", "audio", "map", "area");

    /**
     * One line of text: its text, white space collapsed, never blank; how many of its characters sit inside links;
     * and the nearest block-level element around the text (its owner). The word counts are counted once, when first
     * asked for.
     */
    static final class Block {
        private final String text;
        private final int linkChars;
        private final Element owner;
        private int words = -1;
        private int letterWords = -1;

        Block(String text, int linkChars, Element owner) {
            this.text = text;
            this.linkChars = linkChars;
            this.owner = owner;
        }

        String text() {
            return text;
        }

        int linkChars() {
            return linkChars;
        }

        Element owner() {
            return owner;
        }

        double linkDensity() {
            return text.isEmpty() ? 0 : (double) linkChars / text.length();
        }

        int words() {
            if (words < 0) {
                words = wordCount(text);
            }
            return words;
        }

        /** Words with at least one letter: dates and times are not prose. */
        int letterWords() {
            if (letterWords < 0) {
                letterWords = letterWordCount(text);
            }
            return letterWords;
        }

        /** The tag of the element that holds the line: p, h2, li, blockquote, div, td... */
        String kind() {
            return owner.normalName();
        }

        boolean isHeading() {
            return isHeading(kind());
        }

        /** Paragraphs, headings, list items, quotes: text that the page marks up as text. */
        boolean isStructural() {
            String kind = kind();
            return kind.equals("p") || isHeading(kind) || kind.equals("li") || kind.equals("blockquote")
                    || kind.equals("dd") || kind.equals("dt") || kind.equals("pre");
        }

        /** h1 to h6. */
        private static boolean isHeading(String kind) {
            return kind.length() == 2 && kind.charAt(0) == 'h' && kind.charAt(1) >= '1' && kind.charAt(1) <= '6';
        }
    }

    private HtmlBlocks() {
    }

    /** The blocks of the root's text, in document order. */
    static List<Block> of(Element root) {
        Collector collector = new Collector(root);
        collector.run(root);
        return collector.blocks;
    }

    /** How deep elements nest below root (root's children are at depth 1). */
    static int depth(Element root) {
        int[] max = {0};
        NodeTraversor.traverse((node, depth) -> {
            if (depth > max[0]) {
                max[0] = depth;
            }
        }, root);
        return max[0];
    }

    /** Words: runs of letters or digits (any script). */
    static int wordCount(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            boolean letter = Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
            if (letter && !inWord) {
                words++;
            }
            inWord = letter;
        }
        return words;
    }

    /** Whether text has at most max words ({@link #wordCount}); stops counting past max. */
    static boolean hasAtMostWords(String text, int max) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            boolean letter = Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
            if (letter && !inWord && ++words > max) {
                return false;
            }
            inWord = letter;
        }
        return true;
    }

    /**
     * Words that contain a letter; in Chinese and Japanese, written without spaces, two characters count as a
     * word.
     */
    static int letterWordCount(String text) {
        int words = 0;
        int cjk = 0;
        boolean inWord = false;
        boolean hasLetter = false;
        for (int i = 0; i <= text.length(); ) {
            int cp = i < text.length() ? text.codePointAt(i) : ' ';
            i += i < text.length() ? Character.charCount(cp) : 1;
            if (cp >= FIRST_CJK && isCjk(cp)) {
                cjk++;
                continue;
            }
            boolean letter;
            boolean part;
            if (cp < 0x80) {
                letter = cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z';
                part = letter || cp >= '0' && cp <= '9';
            } else {
                letter = Character.isLetter(cp);
                part = Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
            }
            if (part) {
                inWord = true;
                hasLetter |= letter;
            } else {
                if (inWord && hasLetter) {
                    words++;
                }
                inWord = false;
                hasLetter = false;
            }
        }
        return words + cjk / 2;
    }

    /** No code point below this one is Han, Hiragana or Katakana (U+2E80, the first CJK radical). */
    private static final int FIRST_CJK = 0x2E80;

    private static boolean isCjk(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA;
    }

    /** Walks the tree without recursion (pages can nest elements deeper than the stack allows). */
    private static final class Collector implements NodeFilter {
        final List<Block> blocks = new ArrayList<>();
        final StringBuilder line = new StringBuilder();
        final Deque<Element> owners = new ArrayDeque<>();
        int linkChars;
        int linkDepth;
        int preDepth;
        boolean pendingSpace;
        /** The first no-break or other Unicode space of the pending white space, or 0. */
        char pendingHardSpace;

        Collector(Element root) {
            owners.push(root);
        }

        void run(Element root) {
            for (Node child : root.childNodes()) {
                NodeTraversor.filter(this, child);
            }
            flush();
        }

        @Override
        public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode textNode) {
                if (preDepth > 0) {
                    String[] lines = textNode.getWholeText().split("\n", -1);
                    for (int i = 0; i < lines.length; i++) {
                        if (i > 0) {
                            flush();
                        }
                        appendText(lines[i]);
                    }
                } else {
                    appendText(textNode.getWholeText());
                }
                return FilterResult.CONTINUE;
            }
            if (!(node instanceof Element element)) {
                return FilterResult.SKIP_ENTIRELY;
            }
            String tag = element.normalName();
            if (INVISIBLE_TAGS.contains(tag) || element.hasAttr("hidden")
                    || "true".equalsIgnoreCase(element.attr("aria-hidden")) || hiddenByStyle(element)) {
                return FilterResult.SKIP_ENTIRELY;
            }
            if (tag.equals("br")) {
                flush();
                return FilterResult.SKIP_ENTIRELY;
            }
            if (BLOCK_TAGS.contains(tag)) {
                flush();
                owners.push(element);
            }
            if (tag.equals("a")) {
                linkDepth++;
            } else if (tag.equals("pre")) {
                preDepth++;
            }
            return FilterResult.CONTINUE;
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (!(node instanceof Element element)) {
                return FilterResult.CONTINUE;
            }
            String tag = element.normalName();
            if (BLOCK_TAGS.contains(tag)) {
                flush();
                owners.pop();
            } else if (tag.equals("td") || tag.equals("th")) {
                pendingSpace = true;
            }
            if (tag.equals("a")) {
                linkDepth--;
            } else if (tag.equals("pre")) {
                preDepth--;
            }
            return FilterResult.CONTINUE;
        }

        /**
         * Appends text with its white space collapsed: a run of spaces, tabs and line breaks becomes one space, or
         * the run's first no-break or other Unicode space (U+00A0, U+202F, U+2009...) when it holds one, since a
         * browser does not collapse those and the text keeps them as the page has them (French typography puts a
         * no-break space inside its quotation marks). White space at the start and end of a line is dropped.
         */
        void appendText(String raw) {
            boolean link = linkDepth > 0;
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                boolean hardSpace;
                boolean space;
                if (c < 0x80) { // ASCII: tab, line feed, vertical tab, form feed, carriage return, 1C-1F, space
                    hardSpace = false;
                    space = c == ' ' || c >= '\t' && c <= '\r' || c >= '\u001C' && c <= '\u001F';
                } else {
                    hardSpace = c == '\u00A0' || Character.getType(c) == Character.SPACE_SEPARATOR;
                    space = hardSpace || Character.isWhitespace(c);
                }
                if (space) {
                    if (hardSpace && pendingHardSpace == 0) {
                        pendingHardSpace = c;
                    }
                    pendingSpace = true;
                } else {
                    if (pendingSpace && !line.isEmpty()) {
                        line.append(pendingHardSpace != 0 ? pendingHardSpace : ' ');
                        if (link) {
                            linkChars++;
                        }
                    }
                    pendingSpace = false;
                    pendingHardSpace = 0;
                    // the run of printable ASCII that starts here, appended at once
                    int end = i + 1;
                    while (end < raw.length() && raw.charAt(end) > ' ' && raw.charAt(end) < 0x7F) {
                        end++;
                    }
                    line.append(raw, i, end);
                    if (link) {
                        linkChars += end - i;
                    }
                    i = end - 1;
                }
            }
        }

        void flush() {
            if (!line.isEmpty()) {
                blocks.add(new Block(line.toString(), Math.min(linkChars, line.length()), owners.peek()));
            }
            line.setLength(0);
            linkChars = 0;
            pendingSpace = false;
            pendingHardSpace = 0;
        }
    }

    private static boolean hiddenByStyle(Element element) {
        String style = element.attr("style");
        if (style.isEmpty()) {
            return false;
        }
        String compact = style.toLowerCase(Locale.ROOT).replace(" ", "");
        return compact.contains("display:none") || compact.contains("visibility:hidden");
    }
}
