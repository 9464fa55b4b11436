package org.claimscope.document;

import java.time.Instant;

/** A document without its text, for lists. */
public record DocumentSummary(Long id, Long projectId, String title, String author, String publishedAt, String siteName,
                              String sourceUrl, String language, String mediaType, String fileName, long fileSize,
                              int textLength, String textSha256, Instant importedAt) {
}
