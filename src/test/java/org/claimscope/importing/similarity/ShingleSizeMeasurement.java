package org.claimscope.importing.similarity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints, for shingles of 2 to 6 words, the Jaccard index and containment of every copy in the near-duplicate corpus
 * against its original, and the highest values among pairs of different articles: the measurement behind
 * {@link NearDuplicates#SHINGLE_WORDS}. From the project directory:
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     org.claimscope.importing.similarity.ShingleSizeMeasurement
 * </pre>
 */
public final class ShingleSizeMeasurement {
    private ShingleSizeMeasurement() {
    }

    public static void main(String[] args) {
        Map<String, String> texts = Corpus.texts();
        List<String> names = new ArrayList<>(texts.keySet());
        for (int k = 2; k <= 6; k++) {
            Map<String, long[]> shingles = new LinkedHashMap<>();
            for (var e : texts.entrySet()) {
                shingles.put(e.getKey(), Shingles.shingles(e.getValue(), k));
            }
            System.out.printf("k = %d%n", k);
            for (String[] copy : Corpus.COPIES) {
                long[] a = shingles.get(copy[0]);
                long[] b = shingles.get(copy[1]);
                System.out.printf("  copy      %-22s %-22s J = %.3f  C = %.3f%n", copy[0], copy[1], jaccard(a, b),
                        containment(a, b));
            }
            double maxJ = 0;
            double maxC = 0;
            String maxJPair = "";
            String maxCPair = "";
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    String x = names.get(i);
                    String y = names.get(j);
                    if (Corpus.sameStory(x, y)) {
                        continue;
                    }
                    double jj = jaccard(shingles.get(x), shingles.get(y));
                    double cc = containment(shingles.get(x), shingles.get(y));
                    if (jj > maxJ) {
                        maxJ = jj;
                        maxJPair = x + " / " + y;
                    }
                    if (cc > maxC) {
                        maxC = cc;
                        maxCPair = x + " / " + y;
                    }
                    if (x.equals("seed-000") && y.equals("seed-002") || x.equals("zh-original") && y.equals("zh-same-event")) {
                        System.out.printf("  same event %-21s %-22s J = %.3f  C = %.3f%n", x, y, jj, cc);
                    }
                }
            }
            System.out.printf("  different articles: highest J = %.3f (%s), highest C = %.3f (%s)%n", maxJ, maxJPair,
                    maxC, maxCPair);
        }
    }

    private static double jaccard(long[] a, long[] b) {
        int common = Shingles.intersectionSize(a, b);
        int union = a.length + b.length - common;
        return union == 0 ? 0 : (double) common / union;
    }

    private static double containment(long[] a, long[] b) {
        int common = Shingles.intersectionSize(a, b);
        int smaller = Math.min(a.length, b.length);
        return smaller == 0 ? 0 : (double) common / smaller;
    }
}
