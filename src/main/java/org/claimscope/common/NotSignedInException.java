package org.claimscope.common;

/** The request carries no valid sign-in. */
public class NotSignedInException extends RuntimeException {
    public NotSignedInException(String message) {
        super(message);
    }
}
