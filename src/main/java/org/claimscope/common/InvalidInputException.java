package org.claimscope.common;

/** Input that breaks a rule; names the field at fault so that a script's author can fix it. */
public class InvalidInputException extends RuntimeException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
