package org.claimscope.importing;

/** What became of one uploaded file. */
public record ImportOutcome(String fileName, Status status, Long documentId, String message) {
    /** IMPORTED: a new document; DUPLICATE: its text is already in the project; FAILED: see the message. */
    public enum Status { IMPORTED, DUPLICATE, FAILED }
}
