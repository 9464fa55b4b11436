package org.claimscope.common;

/** An upload larger than the server accepts; names the limit. Nothing of it is kept. */
public class TooLargeException extends InvalidInputException {
    public TooLargeException(String field, String message) {
        super(field, message);
    }
}
