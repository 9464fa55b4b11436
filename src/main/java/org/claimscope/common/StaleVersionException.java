package org.claimscope.common;

/** Someone saved the same thing in the meantime; the caller's copy is out of date. */
public class StaleVersionException extends RuntimeException {
    public StaleVersionException(String message) {
        super(message);
    }
}
