package org.claimscope.importing;

/**
 * Text and metadata extracted from one uploaded file; the text is already normalised by {@link TextNormalizer}.
 * Any metadata field may be null.
 *
 * @param text        the document text, normalised, never blank
 * @param mediaType   the detected media type without parameters, e.g. {@code application/pdf}
 * @param title       the title the file declares, or null
 * @param author      author or byline; several authors joined by "; ", or null
 * @param publishedAt ISO-8601: a date ({@code 2025-12-24}) or an offset date-time ({@code 2025-12-24T10:15:00Z}),
 *                    or null
 * @param siteName    the outlet or site name (HTML only), or null
 * @param sourceUrl   the canonical address of the article (HTML only), or null
 * @param language    a BCP 47 tag such as {@code en} or {@code en-US}, or null
 */
public record ExtractedText(String text, String mediaType, String title, String author, String publishedAt,
                            String siteName, String sourceUrl, String language) {
}
