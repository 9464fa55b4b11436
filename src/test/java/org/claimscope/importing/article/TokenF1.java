package org.claimscope.importing.article;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Token-level agreement between an extracted text and the expected one: precision, recall and F1 over word tokens
 * (runs of letters, digits and combining marks, case-folded, NFC), counted as multisets, so that a paragraph kept
 * twice or a word missing counts, and the order of paragraphs does not.
 */
record TokenF1(double precision, double recall, double f1, int extracted, int expected) {

    static TokenF1 of(String extractedText, String expectedText) {
        Map<String, Integer> got = tokens(extractedText);
        Map<String, Integer> want = tokens(expectedText);
        int gotCount = got.values().stream().mapToInt(Integer::intValue).sum();
        int wantCount = want.values().stream().mapToInt(Integer::intValue).sum();
        int overlap = 0;
        for (Map.Entry<String, Integer> entry : got.entrySet()) {
            overlap += Math.min(entry.getValue(), want.getOrDefault(entry.getKey(), 0));
        }
        double precision = gotCount == 0 ? (wantCount == 0 ? 1 : 0) : (double) overlap / gotCount;
        double recall = wantCount == 0 ? 1 : (double) overlap / wantCount;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new TokenF1(precision, recall, f1, gotCount, wantCount);
    }

    static Map<String, Integer> tokens(String text) {
        Map<String, Integer> counts = new HashMap<>();
        String s = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        StringBuilder token = new StringBuilder();
        for (int i = 0; i <= s.length(); ) {
            int cp = i < s.length() ? s.codePointAt(i) : ' ';
            boolean part = i < s.length() && (Character.isLetterOrDigit(cp)
                    || Character.getType(cp) == Character.NON_SPACING_MARK
                    || Character.getType(cp) == Character.COMBINING_SPACING_MARK);
            if (part) {
                token.appendCodePoint(cp);
            } else if (!token.isEmpty()) {
                counts.merge(token.toString(), 1, Integer::sum);
                token.setLength(0);
            }
            i += i < s.length() ? Character.charCount(cp) : 1;
        }
        return counts;
    }
}
