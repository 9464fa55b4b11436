package org.claimscope.document;

import java.time.Instant;

/**
 * A document without its text, for lists. {@code nearDuplicateOf} and {@code resemblance} are set while the document
 * is flagged as a near duplicate of an earlier one and a manager has not yet kept it.
 */
public record DocumentSummary(Long id, Long projectId, String title, String author, String publishedAt, String siteName,
                              String sourceUrl, String language, String mediaType, String fileName, long fileSize,
                              int textLength, String textSha256, Instant importedAt, Long nearDuplicateOf,
                              Double resemblance) {
    /** The fields of a summary in a JPQL select over {@code Document d}, in the order {@link #of(Object[], int)} reads them. */
    public static final String JPQL_FIELDS = "d.id, d.projectId, d.title, d.author, d.publishedAt, d.siteName, "
            + "d.sourceUrl, d.language, d.mediaType, d.fileName, d.fileSize, d.textLength, d.textSha256, d.importedAt, "
            + "d.nearDuplicateOf, d.resemblance";
    /** How many columns {@link #JPQL_FIELDS} selects. */
    public static final int JPQL_COLUMNS = 16;

    public static DocumentSummary of(Document d) {
        return new DocumentSummary(d.getId(), d.getProjectId(), d.getTitle(), d.getAuthor(), d.getPublishedAt(),
                d.getSiteName(), d.getSourceUrl(), d.getLanguage(), d.getMediaType(), d.getFileName(), d.getFileSize(),
                d.getTextLength(), d.getTextSha256(), d.getImportedAt(), d.getNearDuplicateOf(), d.getResemblance());
    }

    /** A summary from a row whose columns from {@code offset} on are {@link #JPQL_FIELDS}. */
    public static DocumentSummary of(Object[] row, int offset) {
        return new DocumentSummary((Long) row[offset], (Long) row[offset + 1], (String) row[offset + 2],
                (String) row[offset + 3], (String) row[offset + 4], (String) row[offset + 5], (String) row[offset + 6],
                (String) row[offset + 7], (String) row[offset + 8], (String) row[offset + 9],
                ((Number) row[offset + 10]).longValue(), ((Number) row[offset + 11]).intValue(),
                (String) row[offset + 12], (Instant) row[offset + 13], (Long) row[offset + 14],
                (Double) row[offset + 15]);
    }
}
