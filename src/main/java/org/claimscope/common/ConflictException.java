package org.claimscope.common;

/** The request clashes with the current state of things, e.g. a login that is taken or a finished set. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
