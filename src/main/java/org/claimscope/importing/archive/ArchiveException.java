package org.claimscope.importing.archive;

/**
 * An uploaded archive that cannot be read as a whole: damaged or incomplete, not an archive at all, empty, or over a
 * limit before any file could be read. {@link #getMessage()} is a sentence for the manager who uploaded it, without
 * the archive's name (the caller prefixes it), e.g. "the archive holds no files".
 */
public class ArchiveException extends Exception {
    private static final long serialVersionUID = 1L;

    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
