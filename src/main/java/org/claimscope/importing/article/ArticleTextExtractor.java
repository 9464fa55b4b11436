package org.claimscope.importing.article;

/**
 * One way of finding an article's text in a saved page. The result is plain text: the headline first, then the
 * paragraphs, sub-headings, quotes and list items of the article, one per paragraph, separated by a blank line.
 */
public interface ArticleTextExtractor {
    /** A short name for reports. */
    String name();

    /**
     * The article's text, or an empty string when nothing article-like was found.
     *
     * @param html    the page
     * @param baseUri the page's address, for relative links; may be empty
     */
    String extract(String html, String baseUri);
}
