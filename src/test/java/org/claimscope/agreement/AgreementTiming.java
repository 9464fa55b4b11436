package org.claimscope.agreement;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A micro check of the agreement code's speed, run by hand rather than by the test suite (timings on
 * a shared machine make flaky assertions):
 * {@code java -cp target/classes:target/test-classes:<dkpro jar> org.claimscope.agreement.AgreementTiming}.
 * Prints the time of unit formation for 3 annotators x 300 annotations and of every measure for
 * 1,000 documents x 3 annotators x 20 annotations.
 */
public final class AgreementTiming {
    private static final String[] CATEGORIES = {"LEGAL_ASSERTION", "EXPERT_OPINION", "OFFICIAL_JUSTIFICATION"};

    private AgreementTiming() {
    }

    public static void main(String[] args) {
        Random random = new Random(7);
        DocumentLayers big = document(random, 1, 300, 60_000);
        List<DocumentLayers> corpus = new ArrayList<>();
        for (int d = 0; d < 1000; d++) {
            corpus.add(document(random, d, 20, 5_000));
        }
        for (int round = 0; round < 10; round++) {
            long t0 = System.nanoTime();
            int units = UnitFormation.form(big.annotators(), big.spans()).size();
            long t1 = System.nanoTime();
            System.out.printf("round %d: unit formation, 3 x 300 annotations: %.2f ms (%d units)%n", round,
                    (t1 - t0) / 1e6, units);
            for (Measure measure : Measure.values()) {
                long cpu = cpuNanos();
                long s = System.nanoTime();
                AgreementResult result = AgreementCalculator.compute(measure, null, corpus);
                long e = System.nanoTime();
                System.out.printf("  %-30s 1000 documents: %7.1f ms wall, %7.1f ms CPU, value %s%n", measure.key(),
                        (e - s) / 1e6, (cpuNanos() - cpu) / 1e6, result.value());
            }
        }
    }

    /** CPU time of the whole process, so that a busy machine or parallel streams do not blur the work done. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Statements spread over the text; each annotator shifts, skips or recategorises some of them. */
    static DocumentLayers document(Random random, long id, int statements, int length) {
        List<String> annotators = List.of("ann", "ben", "cem");
        List<Span> spans = new ArrayList<>();
        int slot = length / statements;
        long spanId = id * 10_000;
        for (int s = 0; s < statements; s++) {
            int start = s * slot + random.nextInt(slot / 4);
            int end = start + slot / 4 + random.nextInt(slot / 3);
            String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            for (String annotator : annotators) {
                if (random.nextInt(10) == 0) {
                    continue;
                }
                int shift = random.nextInt(4) == 0 ? random.nextInt(5) : 0;
                String chosen = random.nextInt(6) == 0 ? CATEGORIES[random.nextInt(CATEGORIES.length)] : category;
                spans.add(Span.of(++spanId, annotator, start + shift, end + shift, chosen));
            }
        }
        return new DocumentLayers(id, "article " + id, length, annotators, spans);
    }
}
