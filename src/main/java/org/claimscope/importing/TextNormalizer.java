package org.claimscope.importing;

import java.text.Normalizer;

/**
 * The one normalisation a document's text gets, once, at import. After it the text never changes again, and every
 * annotation offset (in Unicode code points) refers to the result.
 *
 * <p>In this order:
 * <ol>
 *   <li>CRLF and lone CR become LF; so do the other control characters that break lines: vertical tab, form feed
 *       (PDF page breaks) and NEL (U+0085).</li>
 *   <li>Byte order marks (U+FEFF) are removed wherever they are: at the start they are a BOM, inside the text the
 *       leftover of files joined together. Other C0 and C1 control characters (and DEL) are removed, except LF and
 *       tab. A lone UTF-16 surrogate, which cannot be stored or sent as UTF-8, becomes U+FFFD; U+FFFD stays.</li>
 *   <li>Unicode NFC, so that "e" + U+0301 and "é" are the same text.</li>
 *   <li>Trailing white space is trimmed on every line (spaces, tabs and the other Unicode space separators such as
 *       no-break space); a line holding only white space becomes empty. Leading white space (indentation) stays.</li>
 *   <li>Runs of blank lines collapse to a single blank line; blank lines at the start and the end are removed, and
 *       the text ends without a line break.</li>
 * </ol>
 * Letters, digits, punctuation, emoji (including joiner sequences and variation selectors), right-to-left text and
 * bidirectional marks, and no-break spaces inside a line are never touched beyond NFC.
 *
 * <p>The result is a fixed point: {@code normalize(normalize(x)).equals(normalize(x))}.
 */
public final class TextNormalizer {
    private TextNormalizer() {
    }

    /** Normalises text once at import; null counts as empty text. */
    public static String normalize(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String cleaned = cleanCharacters(raw);
        String composed = Normalizer.isNormalized(cleaned, Normalizer.Form.NFC)
                ? cleaned
                : Normalizer.normalize(cleaned, Normalizer.Form.NFC);
        return tidyLines(composed);
    }

    /** Line breaks to LF, controls and BOMs removed, lone surrogates replaced. Runs before NFC, see below. */
    private static String cleanCharacters(String raw) {
        // Removing a control character can bring a base letter and a combining mark together; doing it before NFC
        // lets NFC compose them, so a second pass finds nothing left to do.
        if (!needsCleaning(raw)) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        int n = raw.length();
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (c == '\r') {
                sb.append('\n');
                if (i + 1 < n && raw.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (c == '\n' || c == '\t') {
                sb.append(c);
            } else if (c == '\u000B' || c == '\u000C' || c == '\u0085') {
                sb.append('\n');
            } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\uFEFF') {
                // dropped
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(raw.charAt(i + 1))) {
                    sb.append(c).append(raw.charAt(++i));
                } else {
                    sb.append('\uFFFD');
                }
            } else if (Character.isLowSurrogate(c)) {
                sb.append('\uFFFD');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Whether {@link #cleanCharacters} changes anything: a CR, a control other than LF and tab, a BOM, a surrogate. */
    private static boolean needsCleaning(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 ? c != '\n' && c != '\t'
                    : c >= 0x7F && (c <= 0x9F || c == '\uFEFF' || Character.isSurrogate(c))) {
                return true;
            }
        }
        return false;
    }

    /** Trims each line's end, collapses blank-line runs to one, drops blank lines at both ends. */
    private static String tidyLines(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean started = false;
        boolean blankPending = false;
        int start = 0;
        int length = s.length();
        while (start <= length) {
            int newline = s.indexOf('\n', start);
            int end = newline < 0 ? length : newline;
            int trimmed = end;
            while (trimmed > start && isTrailingSpace(s.charAt(trimmed - 1))) {
                trimmed--;
            }
            if (trimmed == start) {
                blankPending = started;
            } else {
                if (started) {
                    out.append('\n');
                    if (blankPending) {
                        out.append('\n');
                    }
                }
                out.append(s, start, trimmed);
                started = true;
                blankPending = false;
            }
            if (newline < 0) {
                break;
            }
            start = newline + 1;
        }
        return out.toString();
    }

    /** Space, tab and every Unicode space separator (no-break space, en space, ideographic space, ...). */
    private static boolean isTrailingSpace(char c) {
        return c == ' ' || c == '\t' || Character.getType(c) == Character.SPACE_SEPARATOR;
    }
}
