package org.claimscope.importing;

/**
 * What became of one uploaded file.
 *
 * @param fileName        the file's name; for a member of an archive, its path inside the archive after the archive's
 *                        name ({@code corpus.zip/outlet/article.html})
 * @param status          see {@link Status}
 * @param documentId      the new document (IMPORTED), or the document that already has the text (DUPLICATE); else null
 * @param message         a sentence for the person who uploaded the file
 * @param nearDuplicateOf for a new document that closely resembles one the project already had: that document, else
 *                        null. The new document is kept; the manager decides.
 * @param resemblance     with nearDuplicateOf: how much of the two texts is the same, 0 to 1 (see
 *                        {@link org.claimscope.importing.similarity.NearDuplicates}), else null
 */
public record ImportOutcome(String fileName, Status status, Long documentId, String message, Long nearDuplicateOf,
                            Double resemblance) {
    /** IMPORTED: a new document; DUPLICATE: its text is already in the project; FAILED: see the message. */
    public enum Status { IMPORTED, DUPLICATE, FAILED }

    public ImportOutcome(String fileName, Status status, Long documentId, String message) {
        this(fileName, status, documentId, message, null, null);
    }
}
