package org.claimscope.common;

/** The caller is signed in and may see the thing, but may not do this with it. */
public class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}
