package org.claimscope.importing.similarity;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns a text into its set of hashed word shingles, the unit of comparison for {@link NearDuplicates}.
 *
 * <p>The text is put in Unicode NFKC (so that full-width letters, ligatures and the like match their plain forms)
 * and lower-cased with {@link Locale#ROOT}. A word is a maximal run of letters, digits and combining marks (marks
 * belong to the word so that Arabic vowel signs, Devanagari matras and the like do not cut words apart); everything
 * else (spaces, punctuation, symbols) only separates words and is otherwise dropped. So "U.S." is the two words
 * "u" "s", "US" the one word "us", and straight and curly apostrophes split a word alike. Nothing else is dropped:
 * no stop words, no stemming, no number removal.
 *
 * <p>Scripts written without spaces between words (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) would
 * otherwise make a whole sentence one word; there every character is a word of its own, so a shingle of k words
 * is a run of k characters there.
 *
 * <p>Each word is hashed to 64 bits (FNV-1a over its code points, then the murmur3 finaliser), and each run of k
 * consecutive words to 64 bits by an order-dependent combination of the word hashes, finalised again. All of it
 * is plain integer arithmetic, so the values are the same on every JVM and machine, which matters because
 * signatures built from them are stored.
 */
final class Shingles {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Shingles() {
    }

    /** The murmur3 64-bit finaliser: a bijective mix in which every input bit affects every output bit. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53b87cdL;
        h ^= h >>> 33;
        return h;
    }

    /** The text in the form words are taken from: NFKC, then lower case (root locale). */
    static String normalize(String text) {
        String s = text == null ? "" : text;
        if (!Normalizer.isNormalized(s, Normalizer.Form.NFKC)) {
            s = Normalizer.normalize(s, Normalizer.Form.NFKC);
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** The 64-bit hashes of the words of the text, in order (duplicates kept). */
    static long[] wordHashes(String text) {
        String s = normalize(text);
        long[] out = new long[Math.max(16, s.length() / 5)];
        int n = 0;
        long h = FNV_OFFSET;
        boolean inWord = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isWordChar(cp)) {
                if (isUnspacedScript(cp)) {
                    if (inWord) {
                        out = append(out, n++, mix(h));
                        inWord = false;
                        h = FNV_OFFSET;
                    }
                    out = append(out, n++, mix((FNV_OFFSET ^ cp) * FNV_PRIME));
                } else {
                    h = (h ^ cp) * FNV_PRIME;
                    inWord = true;
                }
            } else if (inWord) {
                out = append(out, n++, mix(h));
                inWord = false;
                h = FNV_OFFSET;
            }
        }
        if (inWord) {
            out = append(out, n++, mix(h));
        }
        return Arrays.copyOf(out, n);
    }

    /** Number of words as {@link #wordHashes} counts them. */
    static int wordCount(String text) {
        return wordHashes(text).length;
    }

    /**
     * The distinct hashes of all runs of k consecutive words, sorted ascending (signed order). Empty when the text has
     * fewer than k words.
     */
    static long[] shingles(String text, int k) {
        return shinglesOfWords(wordHashes(text), k);
    }

    static long[] shinglesOfWords(long[] words, int k) {
        int count = words.length - k + 1;
        if (count <= 0) {
            return new long[0];
        }
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            long h = k;
            for (int j = 0; j < k; j++) {
                h = h * GOLDEN + words[i + j];
            }
            out[i] = mix(h);
        }
        Arrays.sort(out);
        int distinct = 0;
        for (int i = 0; i < out.length; i++) {
            if (i == 0 || out[i] != out[distinct - 1]) {
                out[distinct++] = out[i];
            }
        }
        return distinct == out.length ? out : Arrays.copyOf(out, distinct);
    }

    /** Size of the intersection of two sorted sets of distinct values. */
    static int intersectionSize(long[] a, long[] b) {
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return common;
    }

    private static long[] append(long[] out, int at, long value) {
        long[] target = at < out.length ? out : Arrays.copyOf(out, out.length * 2);
        target[at] = value;
        return target;
    }

    private static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static boolean isUnspacedScript(int cp) {
        if (cp < 0x0E00) {
            return false;   // fast path: Latin, Greek, Cyrillic, Arabic, Hebrew, Indic scripts use spaces
        }
        switch (Character.UnicodeScript.of(cp)) {
            case HAN, HIRAGANA, KATAKANA, THAI, LAO, KHMER, MYANMAR:
                return true;
            default:
                return false;
        }
    }
}
