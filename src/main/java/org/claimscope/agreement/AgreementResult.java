package org.claimscope.agreement;

import java.util.List;

/**
 * One measure over a project's documents, with everything the agreement page shows beside it.
 *
 * @param measure     the measure's key, such as {@code cohen-kappa}
 * @param category    the category the value is restricted to, or null for all categories
 * @param value       the coefficient, or null when it is not defined (never NaN)
 * @param reason      why the value is not defined, in words a person understands; null when defined
 * @param notes       what else a reader should know about this value, such as documents left out
 * @param annotators  every annotator counted in some document, in order of first appearance
 * @param documents   the documents that entered the value
 * @param units       the units (statements) that entered the value
 * @param pairs       the measure for every pair of annotators, over the documents both have
 * @param perDocument the measure on each document with its own annotators, in input order
 * @param confusion   category against category over pairs of versions in the same unit
 */
public record AgreementResult(String measure, String category, Double value, String reason, List<String> notes,
                              List<String> annotators, int documents, int units, List<PairValue> pairs,
                              List<DocumentValue> perDocument, ConfusionMatrix confusion) {

    public AgreementResult {
        notes = List.copyOf(notes);
        annotators = List.copyOf(annotators);
        pairs = List.copyOf(pairs);
        perDocument = List.copyOf(perDocument);
    }

    public boolean defined() {
        return value != null;
    }
}
