package org.claimscope.export.format;

/**
 * The text either side of an annotation's span, counted in Unicode code points like every Claimscope offset, so a
 * context never splits a surrogate pair (an emoji is one code point, two Java chars). It may still begin or end
 * inside a grapheme cluster (between "e" and a combining U+0301, or between the two regional indicators of a flag),
 * because it is cut at a fixed number of code points. Newlines and other characters are kept as they are.
 */
record SpanContext(String left, String right) {
    /** How many code points of context either side: about a sentence fragment. */
    static final int WIDTH = 40;

    /**
     * @param text  the document's text
     * @param start code point offset, inclusive
     * @param end   code point offset, exclusive
     */
    static SpanContext of(String text, int start, int end) {
        Measured m = measured(text);
        int length = m.codePoints;
        int from = Math.max(0, Math.min(start, length));
        int to = Math.max(from, Math.min(end, length));
        if (!m.surrogates) {
            // every code point is one char: offsets are indices
            int left = Math.max(0, from - WIDTH);
            int right = Math.min(length, to + WIDTH);
            return new SpanContext(text.substring(left, from), text.substring(to, right));
        }
        int fromChar = text.offsetByCodePoints(0, from);
        int toChar = text.offsetByCodePoints(fromChar, to - from);
        int leftChar = text.offsetByCodePoints(fromChar, -Math.min(WIDTH, from));
        int rightChar = text.offsetByCodePoints(toChar, Math.min(WIDTH, length - to));
        return new SpanContext(text.substring(leftChar, fromChar), text.substring(toChar, rightChar));
    }

    /** A text's length in code points and whether it has surrogate pairs, kept for the text of the last call. */
    private record Measured(String text, int codePoints, boolean surrogates) {
    }

    private static final ThreadLocal<Measured> LAST = new ThreadLocal<>();

    /** Measured once per document: its annotations come one after another with the same text. */
    private static Measured measured(String text) {
        Measured last = LAST.get();
        if (last != null && last.text == text) {
            return last;
        }
        int codePoints = text.codePointCount(0, text.length());
        Measured m = new Measured(text, codePoints, codePoints != text.length());
        LAST.set(m);
        return m;
    }
}
