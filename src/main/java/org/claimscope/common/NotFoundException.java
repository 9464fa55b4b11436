package org.claimscope.common;

/**
 * The thing asked for does not exist, or the caller may not know that it exists. Both answer
 * the same way so that ids of other projects reveal nothing.
 */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
