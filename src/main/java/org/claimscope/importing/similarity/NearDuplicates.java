package org.claimscope.importing.similarity;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Near-duplicate detection for imported articles: the same wire story republished by another outlet with a new
 * headline, a paragraph cut or added, house-style changes ("U.S." / "US") and a different byline is flagged as a
 * near duplicate of the document it resembles, together with how much it resembles it; two different articles about
 * the same event (same names, same quotes, different wording) are not.
 *
 * <h2>How</h2>
 * <ol>
 *   <li>The text is cut into words and every run of {@value #SHINGLE_WORDS} consecutive words (a shingle) is hashed
 *       to 64 bits; a document is the set of its shingle hashes (see {@link Shingles} for normalisation, scripts
 *       without spaces and hashing).</li>
 *   <li>How much two documents are the same is the Jaccard index of their shingle sets, |A∩B| / |A∪B|: the share of
 *       all passages of either text that appear in both. {@link #compare} computes it exactly, with the containment
 *       |A∩B| / min(|A|,|B|) beside it.</li>
 *   <li>For lookup without comparing against every document, {@link #fingerprint} computes a MinHash signature of
 *       {@value #SIGNATURE_SIZE} values (minimum of {@value #SIGNATURE_SIZE} independent 64-bit hash functions over the
 *       shingle set; two signatures agree in each position with probability equal to the Jaccard index) and cuts it into
 *       {@value #BANDS} bands of {@value #ROWS} values, each hashed to one 64-bit band key. Two documents are candidates
 *       when they share a band key, which happens with probability 1 − (1 − J³)⁴², an S-curve through 50 % at
 *       J ≈ 0.29.</li>
 * </ol>
 *
 * <h2>Use at import</h2>
 * Store the {@linkplain Fingerprint#signatureBytes() signature bytes} with the document and its
 * {@linkplain Fingerprint#bandKeys() band keys} as rows (project_id, band_no, band_key) under an index. For a new
 * document: look up documents of the project sharing any (band_no, band_key); for each candidate,
 * {@linkplain Fingerprint#estimate(Fingerprint) estimate} the resemblance from the stored signatures and drop those
 * that are clearly apart ({@link #worthChecking}); load the text of the few left and decide on the exact
 * {@link #compare} ({@link Resemblance#nearDuplicate()}). The exact value is the one shown to the manager:
 * {@link Resemblance#shown()}, which is the Jaccard index ("74 % the same") unless the pair is flagged only because
 * the shorter text is contained in the longer one, when it is the containment and must be worded so ("94 % of this
 * text appears in …"); {@link Resemblance#containedCopy()} tells which.
 *
 * <h2>Why not a library</h2>
 * {@code info.debatty:java-lsh} (MinHash + LSH) was considered: it hashes 32-bit set elements with (a·x + b) mod a
 * dictionary size that must be given up front, and its LSH turns each band into a bucket number below a small bucket
 * count meant for in-memory bins, not a 64-bit key for a database index; it also brings
 * {@code java-string-similarity}. MinHash over 64-bit hashes is a few lines here, with its values pinned by a test.
 *
 * <h2>Parameters, chosen by measurement</h2>
 * On the corpus in {@code test-data/near-duplicates/} (wire copies of real and test articles with a new headline and
 * byline, a paragraph removed, a sentence added, house-style and spelling changes, a tail of related links; a copy cut
 * to its first half, an excerpt of the first third; English, Arabic, Chinese) against 22 articles, most of them about one and the same event:
 * <ul>
 *   <li>Shingles of 4 words: republished copies have J = 0.66–0.75 (k = 3: 0.68–0.76, k = 5: 0.64–0.73) and the
 *       highest pair of different articles J = 0.13 (a search-results page carrying the wire story's headline and
 *       first sentence; k = 3: 0.14, k = 5: 0.12). Different outlets' reports of the same CIA strike, which share a
 *       28-word Trump quote, have J = 0.035. Every changed word breaks up to k shingles, so larger k punishes light
 *       editing more while separating little better; in Chinese, where a shingle is k characters, k = 3 brought
 *       same-event reports to J = 0.078 against 0.047 with 4.</li>
 *   <li>{@link #THRESHOLD} J ≥ 0.5: "at least half of all passages are shared". Republished copies are at 0.66 and
 *       above, different articles at 0.13 and below; 0.5 also leaves room for heavier editing (about one word in ten
 *       changed throughout still gives J ≈ 0.5).</li>
 *   <li>{@link #CONTAINMENT_THRESHOLD} 0.7, as a second way to be flagged: a copy cut to the first half of the story
 *       has J = 0.53, just above the threshold, and an excerpt of the first third J = 0.25, yet 96 % and 94 % of their
 *       passages are in the original; all copies reach 0.83 and more, different articles 0.23 at most. Containment
 *       counts only when the shorter text has at least {@value #CONTAINMENT_MIN_SHINGLES} shingles (roughly two
 *       paragraphs), so that a short note quoting one paragraph of a long article is not called its copy.</li>
 *   <li>{@value #BANDS} bands × {@value #ROWS} rows (126 of the 128 values; the last two only sharpen the estimate)
 *       rather than 32 × 4. Measured on 3,000 copies of the corpus articles with 0–35 % of their words replaced
 *       ({@code NearDuplicatesTest}): pairs at J = 0.4–0.5 share a band key 97.5 % of the time with 42 × 3 and 70 %
 *       with 32 × 4; at J = 0.5–0.6 100 % and 92 %. The price is more candidates at low J (14 % of pairs at
 *       J = 0.1–0.2 instead of 2.5 %), which cost one signature comparison each ({@link #worthChecking}), not a text
 *       load. None of the 456 pairs of different articles in the corpus (most about the same event) shares a band
 *       key. 64 × 2 would find excerpts too, but makes 41 % of pairs at J &lt; 0.1 candidates.</li>
 * </ul>
 *
 * <h2>Limits</h2>
 * Texts with fewer than {@value #MIN_WORDS} words have no fingerprint: a handful of shingles says too little, one
 * changed word would move the resemblance by a fifth. They are never flagged. An excerpt (a third of the article or
 * less; in the corpus J = 0.25, containment 0.94) is flagged by {@link #compare} through containment but is a band
 * candidate only about half the time (1 − (1 − 0.25³)⁴² ≈ 0.48; the corpus excerpt is not), since
 * the index keys on Jaccard. Translations are different texts. Signatures and band keys depend on every constant
 * here and in {@link Shingles}: changing any of them requires recomputing the stored fingerprints (the serialised
 * signature carries a format version for that).
 */
public final class NearDuplicates {
    /** Words per shingle. */
    public static final int SHINGLE_WORDS = 4;
    /** Fewest words a text needs to get a fingerprint. */
    public static final int MIN_WORDS = SHINGLE_WORDS + 5;
    /** MinHash values per signature. */
    public static final int SIGNATURE_SIZE = 128;
    /** Band keys per fingerprint (LSH bands). */
    public static final int BANDS = 42;
    /** Signature values per band. */
    public static final int ROWS = 3;
    /** Jaccard index from which two texts are near duplicates. */
    public static final double THRESHOLD = 0.5;
    /** Containment from which the shorter text counts as a (cut-down) copy of the longer one. */
    public static final double CONTAINMENT_THRESHOLD = 0.7;
    /** Fewest shingles the shorter text needs for containment to count. */
    public static final int CONTAINMENT_MIN_SHINGLES = 50;
    /**
     * How far below the thresholds a signature estimate may be and the pair still be checked exactly: about three
     * standard deviations of a 128-value estimate at J = 0.5 (√(0.25 / 128) ≈ 0.044).
     */
    public static final double SCREEN_MARGIN = 0.15;

    private static final byte FORMAT_VERSION = 1;
    private static final int SERIALISED_LENGTH = 1 + 4 + 8 * SIGNATURE_SIZE;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long[] SEEDS = seeds();

    private NearDuplicates() {
    }

    /**
     * The fingerprint of a text, or empty when the text has fewer than {@value #MIN_WORDS} words (null and blank
     * texts included): too little to judge.
     */
    public static Optional<Fingerprint> fingerprint(String text) {
        long[] words = Shingles.wordHashes(text);
        if (words.length < MIN_WORDS) {
            return Optional.empty();
        }
        long[] shingles = Shingles.shinglesOfWords(words, SHINGLE_WORDS);
        return Optional.of(new Fingerprint(signature(shingles), shingles.length));
    }

    /** The exact Jaccard index and containment of the two texts' shingle sets. */
    public static Resemblance compare(String a, String b) {
        long[] x = Shingles.shingles(a, SHINGLE_WORDS);
        long[] y = Shingles.shingles(b, SHINGLE_WORDS);
        return Resemblance.of(Shingles.intersectionSize(x, y), x.length, y.length);
    }

    /**
     * A text prepared for comparison with several others and for its {@link Prepared#fingerprint() fingerprint}: its
     * words and shingles are computed once.
     */
    public static Prepared prepare(String text) {
        long[] words = Shingles.wordHashes(text);
        return new Prepared(Shingles.shinglesOfWords(words, SHINGLE_WORDS), words.length);
    }

    /** A text's shingles, for {@link #compare(String)} with other texts. */
    public static final class Prepared {
        private final long[] shingles;
        private final int words;

        private Prepared(long[] shingles, int words) {
            this.shingles = shingles;
            this.words = words;
        }

        /** The same as {@link NearDuplicates#fingerprint(String)} of the prepared text, from its shingles. */
        public Optional<Fingerprint> fingerprint() {
            if (words < MIN_WORDS) {
                return Optional.empty();
            }
            return Optional.of(new Fingerprint(signature(shingles), shingles.length));
        }

        /** The same as {@link NearDuplicates#compare(String, String)} with the prepared text first. */
        public Resemblance compare(String other) {
            long[] y = Shingles.shingles(other, SHINGLE_WORDS);
            return Resemblance.of(Shingles.intersectionSize(shingles, y), shingles.length, y.length);
        }
    }

    /** The exact Jaccard index of the two texts' shingle sets: 1 for the same text, 0 when no passage is shared. */
    public static double resemblance(String a, String b) {
        return compare(a, b).jaccard();
    }

    /** Whether a Jaccard index alone makes two texts near duplicates ({@code >= THRESHOLD}). */
    public static boolean nearDuplicate(double resemblance) {
        return resemblance >= THRESHOLD;
    }

    /**
     * Whether an estimate from signatures is close enough to the thresholds that the exact {@link #compare} is worth
     * loading the texts for.
     */
    public static boolean worthChecking(Resemblance estimate) {
        return estimate.jaccard() >= THRESHOLD - SCREEN_MARGIN
                || estimate.containment() >= CONTAINMENT_THRESHOLD - SCREEN_MARGIN
                && Math.min(estimate.shinglesA(), estimate.shinglesB()) >= CONTAINMENT_MIN_SHINGLES;
    }

    /**
     * How much two texts are the same, exact or estimated.
     *
     * @param jaccard     |A∩B| / |A∪B| of the shingle sets: the share of all passages of both texts found in both
     * @param containment |A∩B| / min(|A|,|B|): the share of the shorter text's passages found in the longer one
     * @param shinglesA   shingles of the first text
     * @param shinglesB   shingles of the second text
     */
    public record Resemblance(double jaccard, double containment, int shinglesA, int shinglesB) {

        static Resemblance of(double common, int a, int b) {
            double union = a + b - common;
            double jaccard = union <= 0 ? 0 : common / union;
            double containment = Math.min(a, b) == 0 ? 0 : Math.min(1, common / Math.min(a, b));
            return new Resemblance(jaccard, containment, a, b);
        }

        /** Whether the texts are near duplicates: by Jaccard, or as a cut-down copy by containment. */
        public boolean nearDuplicate() {
            return jaccard >= THRESHOLD || containedCopy();
        }

        /**
         * Whether the pair is flagged only because the shorter text is (mostly) contained in the longer one; the
         * number to show is then {@link #containment()}, worded as such ("92 % of the shorter text appears in
         * …"), not as "92 % the same".
         */
        public boolean containedCopy() {
            return jaccard < THRESHOLD && containment >= CONTAINMENT_THRESHOLD
                    && Math.min(shinglesA, shinglesB) >= CONTAINMENT_MIN_SHINGLES;
        }

        /**
         * The number to show the manager: the Jaccard index ("73 % the same"), or the containment when the pair is a
         * {@linkplain #containedCopy() contained copy}.
         */
        public double shown() {
            return containedCopy() ? containment : jaccard;
        }
    }

    /**
     * A text's MinHash signature and the band keys derived from it.
     *
     * @param signature    {@value #SIGNATURE_SIZE} minimum hash values
     * @param shingleCount number of distinct shingles of the text, needed to estimate containment
     */
    public record Fingerprint(long[] signature, int shingleCount) {

        public Fingerprint {
            if (signature.length != SIGNATURE_SIZE) {
                throw new IllegalArgumentException("signature must have " + SIGNATURE_SIZE + " values");
            }
            if (shingleCount <= 0) {
                throw new IllegalArgumentException("shingle count must be positive");
            }
            signature = signature.clone();
        }

        @Override
        public long[] signature() {
            return signature.clone();
        }

        /**
         * The {@value #BANDS} band keys, index = band number. Equal keys in the same band make two documents
         * candidates; the band number is mixed into the key as well, so keys of different bands do not collide.
         */
        public long[] bandKeys() {
            long[] keys = new long[BANDS];
            for (int band = 0; band < BANDS; band++) {
                long h = band + 1L;
                for (int row = 0; row < ROWS; row++) {
                    h = h * GOLDEN + signature[band * ROWS + row];
                }
                keys[band] = Shingles.mix(h);
            }
            return keys;
        }

        /** Estimated Jaccard index: the share of signature positions in which the two agree. */
        public double estimate(Fingerprint other) {
            int same = 0;
            for (int i = 0; i < SIGNATURE_SIZE; i++) {
                if (signature[i] == other.signature[i]) {
                    same++;
                }
            }
            return same / (double) SIGNATURE_SIZE;
        }

        /** Estimated Jaccard index and containment (the latter from the estimate and both shingle counts). */
        public Resemblance estimateResemblance(Fingerprint other) {
            double j = estimate(other);
            double common = j * (shingleCount + other.shingleCount) / (1 + j);
            return Resemblance.of(common, shingleCount, other.shingleCount);
        }

        /**
         * For a binary column: a format version byte (1), the shingle count (4 bytes) and the signature (8 bytes per
         * value), big-endian; 1,029 bytes.
         */
        public byte[] signatureBytes() {
            ByteBuffer buffer = ByteBuffer.allocate(SERIALISED_LENGTH);
            buffer.put(FORMAT_VERSION).putInt(shingleCount);
            for (long value : signature) {
                buffer.putLong(value);
            }
            return buffer.array();
        }

        /** Reads what {@link #signatureBytes()} wrote. */
        public static Fingerprint fromBytes(byte[] bytes) {
            if (bytes == null || bytes.length != SERIALISED_LENGTH) {
                throw new IllegalArgumentException("not a stored fingerprint: expected " + SERIALISED_LENGTH + " bytes");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte version = buffer.get();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("fingerprint format " + version + " is not " + FORMAT_VERSION
                        + "; recompute it from the text");
            }
            int shingleCount = buffer.getInt();
            long[] signature = new long[SIGNATURE_SIZE];
            for (int i = 0; i < SIGNATURE_SIZE; i++) {
                signature[i] = buffer.getLong();
            }
            return new Fingerprint(signature, shingleCount);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Fingerprint f && f.shingleCount == shingleCount && Arrays.equals(f.signature, signature);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(signature) + shingleCount;
        }

        @Override
        public String toString() {
            return "Fingerprint[" + shingleCount + " shingles, signature " + Long.toHexString(signature[0]) + "…]";
        }
    }

    private static long[] signature(long[] shingles) {
        long[] sig = new long[SIGNATURE_SIZE];
        Arrays.fill(sig, Long.MAX_VALUE);
        for (long shingle : shingles) {
            for (int i = 0; i < SIGNATURE_SIZE; i++) {
                long h = Shingles.mix(shingle ^ SEEDS[i]);
                if (h < sig[i]) {
                    sig[i] = h;
                }
            }
        }
        return sig;
    }

    /** One seed per hash function: the SplitMix64 sequence from a fixed start, so the same everywhere, forever. */
    private static long[] seeds() {
        long[] seeds = new long[SIGNATURE_SIZE];
        long state = 0x436c61696d73636fL;   // "Claimsco"
        for (int i = 0; i < SIGNATURE_SIZE; i++) {
            state += GOLDEN;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            seeds[i] = z ^ (z >>> 31);
        }
        return seeds;
    }
}
