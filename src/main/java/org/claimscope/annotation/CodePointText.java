package org.claimscope.annotation;

import org.claimscope.common.InvalidInputException;

/**
 * A document's text addressed by Unicode code points, the unit of every offset Claimscope stores
 * and exports (as the W3C Web Annotation model requires). Java indexes UTF-16 code units, so an
 * emoji outside the Basic Multilingual Plane counts once here but twice in {@link String#length()}.
 * Combining marks are code points of their own: "e" followed by U+0301 is two.
 */
public final class CodePointText {
    private final String text;
    private final int length;

    public CodePointText(String text) {
        this.text = text;
        this.length = text.codePointCount(0, text.length());
    }

    /** Number of code points. */
    public int length() {
        return length;
    }

    /** Checks a span (start inclusive, end exclusive) and returns the exact text it covers. */
    public String quote(int start, int end) {
        checkSpan(start, end);
        int from = text.offsetByCodePoints(0, start);
        int to = text.offsetByCodePoints(from, end - start);
        return text.substring(from, to);
    }

    /** Rejects spans outside the text or spans that are empty or reversed, naming the field at fault. */
    public void checkSpan(int start, int end) {
        if (start < 0) {
            throw new InvalidInputException("start", "start must not be negative");
        }
        if (end > length) {
            throw new InvalidInputException("end", "end " + end + " is beyond the end of the text (" + length
                    + " code points)");
        }
        if (start >= end) {
            throw new InvalidInputException("start", "start must be before end");
        }
    }

    /** Converts a code-point offset to a UTF-16 index into the Java string. */
    public int toCharIndex(int codePointOffset) {
        return text.offsetByCodePoints(0, codePointOffset);
    }

    /** Converts a UTF-16 index into the Java string to a code-point offset. */
    public int toCodePointOffset(int charIndex) {
        return text.codePointCount(0, charIndex);
    }
}
