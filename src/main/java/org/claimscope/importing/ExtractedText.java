package org.claimscope.importing;

/**
 * Text and metadata extracted from one uploaded file; the text is already normalised by {@link TextNormalizer}.
 * Any metadata field may be null.
 *
 * @param text         the document text, normalised, never blank
 * @param mediaType    the detected media type without parameters, e.g. {@code application/pdf}
 * @param title        the title the file declares, or null
 * @param author       author or byline; several authors joined by "; ", or null
 * @param publishedAt  ISO-8601: a date ({@code 2025-12-24}) or an offset date-time ({@code 2025-12-24T10:15:00Z}),
 *                     or null
 * @param siteName     the outlet or site name (HTML only), or null
 * @param sourceUrl    the canonical address of the article (HTML only), or null
 * @param language     a BCP 47 tag such as {@code en} or {@code en-US}: the one the file declares, else the
 *                     language detected in the text (an ISO 639-1 code), or null when neither is known
 * @param contentScope what of the file the text holds; never null
 */
public record ExtractedText(String text, String mediaType, String title, String author, String publishedAt,
                            String siteName, String sourceUrl, String language, ContentScope contentScope) {

    /** What of the file was kept as the document text. */
    public enum ContentScope {
        /** All the text of a file that is not a web page (plain text, PDF, Word, OpenDocument, RTF). */
        FILE,
        /** A web page that is one article: its headline and body; navigation, comments, related links and ads
         *  were left out. */
        ARTICLE,
        /** A web page kept whole: article extraction was off, or the page is not a single article (a section
         *  front, search results). */
        WHOLE_PAGE
    }

    public ExtractedText {
        if (contentScope == null) {
            contentScope = ContentScope.FILE;
        }
    }

    /** Text and metadata of a whole file ({@link ContentScope#FILE}). */
    public ExtractedText(String text, String mediaType, String title, String author, String publishedAt,
                         String siteName, String sourceUrl, String language) {
        this(text, mediaType, title, author, publishedAt, siteName, sourceUrl, language, ContentScope.FILE);
    }
}
