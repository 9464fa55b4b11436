package org.claimscope.importing.article;

/**
 * What a saved web page says about itself. Any field may be null.
 *
 * @param title        the headline: {@code og:title}, JSON-LD {@code headline}, or {@code <title>} without the
 *                     site's name
 * @param author       the author or authors, several joined by "; "
 * @param publishedAt  ISO-8601: an offset date-time ({@code 2025-11-14T09:42:00Z}, {@code 2025-11-15T07:00:00+01:00})
 *                     when the page gives a time with its offset, otherwise a date ({@code 2025-11-18})
 * @param siteName     the outlet, e.g. "The Meridian Post"
 * @param canonicalUrl the address the page gives as its own ({@code link rel=canonical}, else {@code og:url})
 * @param language     the language the page declares, as a BCP 47 tag ({@code en}, {@code en-GB}); not detected
 */
public record ArticleMetadata(String title, String author, String publishedAt, String siteName,
                              String canonicalUrl, String language) {
}
