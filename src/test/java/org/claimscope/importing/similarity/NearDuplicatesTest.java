package org.claimscope.importing.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.claimscope.importing.similarity.NearDuplicates.Fingerprint;
import org.claimscope.importing.similarity.NearDuplicates.Resemblance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NearDuplicatesTest {
    private static Map<String, String> texts;

    @BeforeAll
    static void load() {
        texts = Corpus.texts();
    }

    private static String text(String name) {
        return texts.get(name);
    }

    private static Fingerprint fp(String name) {
        return NearDuplicates.fingerprint(text(name)).orElseThrow();
    }

    private static boolean shareBand(Fingerprint a, Fingerprint b) {
        long[] x = a.bandKeys();
        long[] y = b.bandKeys();
        for (int i = 0; i < x.length; i++) {
            if (x[i] == y[i]) {
                return true;
            }
        }
        return false;
    }

    @Test
    void republishedCopiesAreFlaggedWithTheirResemblance() {
        System.out.println("copy                    original      jaccard  containment  estimate  shown  basis");
        for (String[] copy : Corpus.COPIES) {
            Resemblance r = NearDuplicates.compare(text(copy[0]), text(copy[1]));
            double estimate = fp(copy[0]).estimate(fp(copy[1]));
            System.out.printf("%-23s %-13s %7.3f %12.3f %9.3f %6.3f  %s%n", copy[0], copy[1], r.jaccard(),
                    r.containment(), estimate, r.shown(), r.containedCopy() ? "containment" : "jaccard");
            assertThat(r.nearDuplicate()).as(copy[0]).isTrue();
            assertThat(r.jaccard()).as(copy[0]).isLessThan(1.0).isGreaterThan(0.25);
            assertThat(estimate).as(copy[0]).isCloseTo(r.jaccard(), within(0.15));
            assertThat(NearDuplicates.worthChecking(fp(copy[0]).estimateResemblance(fp(copy[1])))).isTrue();
        }
    }

    @Test
    void republicationsAreFlaggedByJaccardAndAnExcerptByContainment() {
        for (String copy : List.of("000-republished", "000-cut-down", "002-republished", "01-wire-republished",
                "09-arabic-republished", "zh-republished")) {
            Resemblance r = NearDuplicates.compare(text(copy), text(Corpus.original(copy)));
            assertThat(NearDuplicates.nearDuplicate(r.jaccard())).as(copy).isTrue();
            assertThat(r.containedCopy()).isFalse();
            assertThat(r.shown()).isEqualTo(r.jaccard());
            assertThat(NearDuplicates.resemblance(text(copy), text(Corpus.original(copy)))).isEqualTo(r.jaccard());
        }
        // the first third of the article: too little of the original to be "half the same", but all of it is in there
        Resemblance excerpt = NearDuplicates.compare(text("002-excerpt"), text("seed-002"));
        assertThat(NearDuplicates.nearDuplicate(excerpt.jaccard())).isFalse();
        assertThat(excerpt.containedCopy()).isTrue();
        assertThat(excerpt.nearDuplicate()).isTrue();
        assertThat(excerpt.shown()).isEqualTo(excerpt.containment()).isGreaterThan(0.9);
        // the same pair in the other order gives the same numbers
        Resemblance reversed = NearDuplicates.compare(text("seed-002"), text("002-excerpt"));
        assertThat(reversed.jaccard()).isEqualTo(excerpt.jaccard());
        assertThat(reversed.containment()).isEqualTo(excerpt.containment());
    }

    @Test
    void containmentDoesNotCountForAShortNoteQuotingOneParagraph() {
        String quote = text("seed-002").lines().filter(l -> l.startsWith("Administration officials insist"))
                .findFirst().orElseThrow();
        Resemblance r = NearDuplicates.compare("Worth reading today:\n" + quote, text("seed-002"));
        assertThat(r.containment()).isGreaterThan(0.9);
        assertThat(Math.min(r.shinglesA(), r.shinglesB())).isLessThan(NearDuplicates.CONTAINMENT_MIN_SHINGLES);
        assertThat(r.nearDuplicate()).isFalse();
    }

    @Test
    void twoOutletsReportingTheSameStrikeAreNotNearDuplicates() {
        Resemblance r = NearDuplicates.compare(text("seed-000"), text("seed-002"));
        System.out.printf("seed-000 / seed-002: jaccard %.3f, containment %.3f%n", r.jaccard(), r.containment());
        assertThat(r.nearDuplicate()).isFalse();
        assertThat(r.jaccard()).isLessThan(0.1);
        assertThat(NearDuplicates.compare(text("000-republished"), text("002-republished")).nearDuplicate()).isFalse();
        assertThat(NearDuplicates.compare(text("000-cut-down"), text("seed-002")).nearDuplicate()).isFalse();
        assertThat(NearDuplicates.compare(text("zh-original"), text("zh-same-event")).nearDuplicate()).isFalse();
    }

    @Test
    void noPairOfDifferentArticlesIsFlagged() {
        List<String> names = new ArrayList<>(texts.keySet());
        double maxJaccard = 0;
        double maxContainment = 0;
        String maxPair = "";
        int pairs = 0;
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                String a = names.get(i);
                String b = names.get(j);
                if (Corpus.sameStory(a, b)) {
                    continue;
                }
                pairs++;
                Resemblance r = NearDuplicates.compare(text(a), text(b));
                assertThat(r.nearDuplicate()).as(a + " / " + b).isFalse();
                if (r.jaccard() > maxJaccard) {
                    maxJaccard = r.jaccard();
                    maxPair = a + " / " + b;
                }
                maxContainment = Math.max(maxContainment, r.containment());
            }
        }
        System.out.printf("%d pairs of different articles: highest jaccard %.3f (%s), highest containment %.3f%n",
                pairs, maxJaccard, maxPair, maxContainment);
        assertThat(maxJaccard).isLessThan(NearDuplicates.THRESHOLD / 2);
        assertThat(maxContainment).isLessThan(NearDuplicates.CONTAINMENT_THRESHOLD / 2);
    }

    @Test
    void copiesShareABandKeyWithTheirOriginalAndDifferentArticlesAlmostNever() {
        for (String[] copy : Corpus.COPIES) {
            boolean found = shareBand(fp(copy[0]), fp(copy[1]));
            System.out.printf("%-23s shares a band key with %s: %s%n", copy[0], copy[1], found);
            if (NearDuplicates.nearDuplicate(NearDuplicates.resemblance(text(copy[0]), text(copy[1])))) {
                assertThat(found).as(copy[0]).isTrue();
            }
        }
        // The index keys on Jaccard: an excerpt of a third of the article (J = 0.25) is a candidate only with
        // probability 1 - (1 - 0.25^3)^42 = 0.48, and this one happens not to be (see NearDuplicates, Limits).
        assertThat(shareBand(fp("002-excerpt"), fp("seed-002"))).isFalse();
        List<String> names = new ArrayList<>(texts.keySet());
        int pairs = 0;
        int candidates = 0;
        int checked = 0;
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                if (Corpus.sameStory(names.get(i), names.get(j))) {
                    continue;
                }
                pairs++;
                Fingerprint a = fp(names.get(i));
                Fingerprint b = fp(names.get(j));
                if (shareBand(a, b)) {
                    candidates++;
                    if (NearDuplicates.worthChecking(a.estimateResemblance(b))) {
                        checked++;
                    }
                }
            }
        }
        System.out.printf("different articles: %d of %d pairs share a band key, %d of those pass the signature "
                + "screen%n", candidates, pairs, checked);
        assertThat(candidates).isLessThanOrEqualTo(pairs / 50);
        assertThat(checked).isZero();
    }

    /**
     * The S-curve measured: copies of the corpus articles with a share of their words replaced, against the original;
     * the rate at which they share a band key, by exact Jaccard, next to 1 − (1 − J^r)^b.
     */
    @Test
    void bandingFindsPairsAboveTheThresholdAlmostAlways() {
        Random random = new Random(20251230L);
        List<String> originals = texts.keySet().stream()
                .filter(n -> Corpus.original(n).equals(n) && !n.startsWith("zh-") && !n.equals("article-09")).toList();
        int[] found = new int[10];
        int[] total = new int[10];
        for (int trial = 0; trial < 3000; trial++) {
            String original = text(originals.get(random.nextInt(originals.size())));
            String[] words = original.split(" ");
            double rate = random.nextDouble() * 0.35;
            StringBuilder copy = new StringBuilder();
            for (String w : words) {
                copy.append(random.nextDouble() < rate ? "edit" + random.nextInt(1_000_000) : w).append(' ');
            }
            double j = NearDuplicates.resemblance(original, copy.toString());
            int bin = Math.min(9, (int) (j * 10));
            total[bin]++;
            if (shareBand(NearDuplicates.fingerprint(original).orElseThrow(),
                    NearDuplicates.fingerprint(copy.toString()).orElseThrow())) {
                found[bin]++;
            }
        }
        System.out.println("jaccard    pairs  share a band key  theory");
        for (int bin = 0; bin < 10; bin++) {
            if (total[bin] > 0) {
                double mid = bin / 10.0 + 0.05;
                double theory = 1 - Math.pow(1 - Math.pow(mid, NearDuplicates.ROWS), NearDuplicates.BANDS);
                System.out.printf("%.1f–%.1f %7d  %15.3f  %6.3f%n", bin / 10.0, bin / 10.0 + 0.1, total[bin],
                        found[bin] / (double) total[bin], theory);
            }
        }
        int above = 0;
        int aboveFound = 0;
        for (int bin = 5; bin < 10; bin++) {
            above += total[bin];
            aboveFound += found[bin];
        }
        assertThat(above).isGreaterThan(500);
        assertThat(aboveFound / (double) above).isGreaterThan(0.98);
        assertThat(found[4] / (double) total[4]).isGreaterThan(0.85);
    }

    @Test
    void sameTextGivesTheSameFingerprintAndItSurvivesStorage() {
        Fingerprint a = fp("seed-002");
        Fingerprint b = NearDuplicates.fingerprint(new String(text("seed-002").toCharArray())).orElseThrow();
        assertThat(a).isEqualTo(b);
        assertThat(a.bandKeys()).containsExactly(b.bandKeys());
        assertThat(a.estimate(b)).isEqualTo(1.0);

        byte[] stored = a.signatureBytes();
        assertThat(stored).hasSize(1 + 4 + 8 * NearDuplicates.SIGNATURE_SIZE);
        Fingerprint loaded = Fingerprint.fromBytes(stored);
        assertThat(loaded).isEqualTo(a);
        assertThat(loaded.signature()).containsExactly(a.signature());
        assertThat(loaded.bandKeys()).containsExactly(a.bandKeys()).hasSize(NearDuplicates.BANDS);
        assertThat(loaded.shingleCount()).isEqualTo(a.shingleCount());

        // band keys are distinct within a fingerprint and the signature cannot be changed from outside
        assertThat(Arrays.stream(a.bandKeys()).distinct().count()).isEqualTo(NearDuplicates.BANDS);
        a.signature()[0] = 42;
        assertThat(a).isEqualTo(b);
    }

    /**
     * Signatures and band keys are stored, so they must not change between runs, JVMs or releases. If this fails after
     * a deliberate change of the algorithm, stored fingerprints must be recomputed and the format version raised.
     */
    @Test
    void fingerprintValuesArePinned() {
        Fingerprint f = NearDuplicates.fingerprint("The CIA struck a remote dock in Venezuela last week, in the first "
                + "known attack inside the Latin American country.").orElseThrow();
        assertThat(f.shingleCount()).isEqualTo(17);
        assertThat(f.signature()[0]).isEqualTo(PINNED_SIGNATURE_0);
        assertThat(f.signature()[127]).isEqualTo(PINNED_SIGNATURE_127);
        assertThat(f.bandKeys()[0]).isEqualTo(PINNED_BAND_0);
        assertThat(f.bandKeys()[41]).isEqualTo(PINNED_BAND_41);
    }

    private static final long PINNED_SIGNATURE_0 = -6461937937251698423L;
    private static final long PINNED_SIGNATURE_127 = -8514815909866492143L;
    private static final long PINNED_BAND_0 = 6725823475016573195L;
    private static final long PINNED_BAND_41 = -4291798090400698309L;

    @Test
    void storedBytesOfAnotherFormatAreRefused() {
        byte[] stored = fp("seed-000").signatureBytes();
        byte[] otherVersion = stored.clone();
        otherVersion[0] = 2;
        assertThatThrownBy(() -> Fingerprint.fromBytes(otherVersion)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fingerprint.fromBytes(Arrays.copyOf(stored, 100)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fingerprint.fromBytes(null)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The import fingerprints a text it has prepared for comparison: the same fingerprint, from the same shingles. */
    @Test
    void aPreparedTextHasTheSameFingerprintAndComparesTheSame() {
        for (String name : texts.keySet()) {
            NearDuplicates.Prepared prepared = NearDuplicates.prepare(text(name));
            assertThat(prepared.fingerprint()).as(name).isEqualTo(NearDuplicates.fingerprint(text(name)));
            assertThat(prepared.compare(text("seed-000"))).as(name)
                    .isEqualTo(NearDuplicates.compare(text(name), text("seed-000")));
        }
        for (String shortText : new String[]{null, "", "one two three four five six seven eight",
                "one two three four five six seven eight nine"}) {
            assertThat(NearDuplicates.prepare(shortText).fingerprint()).as(String.valueOf(shortText))
                    .isEqualTo(NearDuplicates.fingerprint(shortText));
        }
    }

    @Test
    void emptyAndShortTextsGetNoFingerprint() {
        assertThat(NearDuplicates.fingerprint(null)).isEmpty();
        assertThat(NearDuplicates.fingerprint("")).isEmpty();
        assertThat(NearDuplicates.fingerprint(" \n\t — … ")).isEmpty();
        assertThat(NearDuplicates.fingerprint("Strike on a dock in Venezuela, reports say.")).isEmpty();
        assertThat(NearDuplicates.fingerprint("one two three four five six seven eight")).isEmpty();
        assertThat(NearDuplicates.fingerprint("one two three four five six seven eight nine")).isPresent();
        assertThat(NearDuplicates.resemblance("", "")).isZero();
        assertThat(NearDuplicates.resemblance("a b", "a b")).isZero();
        assertThat(NearDuplicates.compare("", "one two three four five").nearDuplicate()).isFalse();
    }

    @Test
    void chineseAndJapaneseAreCutIntoCharactersAndArabicIntoWords() {
        assertThat(Shingles.wordCount("马尔瓦尼亚外交部周五表示")).isEqualTo(12);
        assertThat(Shingles.wordCount("東京都は金曜日に発表した")).isEqualTo(12);
        assertThat(Shingles.wordCount("قالت وزارة الخارجية في مارفانيا")).isEqualTo(5);
        // marks belong to their word: vowelled Arabic and Hindi are not cut at every vowel sign
        assertThat(Shingles.wordCount("كَتَبَ الوَلَدُ")).isEqualTo(2);
        assertThat(Shingles.wordCount("हिन्दी भाषा")).isEqualTo(2);
        // mixed script: Latin run, then one word per Han character
        assertThat(Shingles.wordCount("CNN报道")).isEqualTo(3);

        assertThat(NearDuplicates.fingerprint(text("zh-original"))).isPresent();
        assertThat(NearDuplicates.compare(text("zh-republished"), text("zh-original")).nearDuplicate()).isTrue();
        assertThat(NearDuplicates.compare(text("09-arabic-republished"), text("article-09")).nearDuplicate()).isTrue();
        assertThat(shareBand(fp("zh-republished"), fp("zh-original"))).isTrue();
        assertThat(shareBand(fp("zh-same-event"), fp("zh-original"))).isFalse();
    }

    @Test
    void caseWidthAndPunctuationDoNotMatter() {
        String plain = "The U.S. government said it's the largest strike since 2019 on the coast of Venezuela";
        String styled = "THE U.S. GOVERNMENT said it’s the largest strike since ２０１９ — on the coast of «Venezuela»";
        assertThat(NearDuplicates.resemblance(plain, styled)).isEqualTo(1.0);
        assertThat(NearDuplicates.fingerprint(plain)).isEqualTo(NearDuplicates.fingerprint(styled));
        // "US" is one word, "U.S." two: house style costs a few shingles, not more
        String us = plain.replace("U.S.", "US");
        assertThat(NearDuplicates.resemblance(plain, us)).isBetween(0.5, 1.0);
    }

    @Test
    void shingleSetsAreDistinctAndSorted() {
        long[] s = Shingles.shingles("a b c d a b c d a b c d", 4);
        assertThat(s).hasSize(4);
        assertThat(s).isSorted();
        assertThat(new HashSet<>(Arrays.stream(s).boxed().toList())).hasSize(4);
        assertThat(Shingles.shingles("a b c", 4)).isEmpty();
        // order matters inside a shingle
        assertThat(Shingles.shingles("a b c d", 4)).isNotEqualTo(Shingles.shingles("d c b a", 4));
    }

    @Test
    void fingerprintingIsFast() {
        StringBuilder article = new StringBuilder();
        List<String> bodies = new ArrayList<>(texts.values());
        for (int i = 0; article.length() < 30_000; i++) {
            article.append(bodies.get(i % bodies.size())).append("\n\n");
        }
        String text = article.substring(0, 30_000);
        for (int i = 0; i < 200; i++) {
            NearDuplicates.fingerprint(text);
        }
        int runs = 200;
        long start = System.nanoTime();
        Optional<Fingerprint> f = Optional.empty();
        for (int i = 0; i < runs; i++) {
            f = NearDuplicates.fingerprint(text);
        }
        double ms = (System.nanoTime() - start) / 1e6 / runs;
        long startExact = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            NearDuplicates.compare(text, bodies.get(0));
        }
        double exactMs = (System.nanoTime() - startExact) / 1e6 / runs;
        System.out.printf("30,000-character article (%d words, %d shingles): fingerprint %.2f ms, exact compare "
                + "with an article %.2f ms%n", Shingles.wordCount(text), f.orElseThrow().shingleCount(), ms, exactMs);
        assertThat(f).isPresent();
    }
}
