package org.claimscope.importing;

/**
 * A file that cannot become a document. {@link #getMessage()} is a sentence a researcher understands, without the
 * file name (the caller prefixes it), e.g. "the PDF is encrypted with a password; remove the password and upload it
 * again".
 */
public class ImportRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImportRejectedException(String message) {
        super(message);
    }

    public ImportRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
