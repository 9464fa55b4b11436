package org.claimscope.agreement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How often two annotators' versions of the same unit carried each pair of categories, with
 * {@link #NONE} standing for "did not mark it". Every pair of annotators on a unit counts once;
 * the matrix is symmetric, so a disagreeing pair appears in both of its cells and a row or a column
 * alone reads as "what was this category confused with". Pairs in which neither annotator marked
 * the unit are not counted.
 *
 * @param labels the categories in alphabetical order, then {@link #NONE}
 * @param counts counts.get(i).get(j): pairs of versions labelled labels[i] and labels[j]
 */
public record ConfusionMatrix(List<String> labels, List<List<Integer>> counts) {

    /** The row and column for an annotator who did not mark the unit. */
    public static final String NONE = AgreementCalculator.NONE;

    public ConfusionMatrix {
        labels = List.copyOf(labels);
        counts = counts.stream().map(List::copyOf).toList();
    }

    /** Pairs of versions where one had {@code a} and the other {@code b}, in either order. */
    public int count(String a, String b) {
        int i = labels.indexOf(a);
        int j = labels.indexOf(b);
        return i < 0 || j < 0 ? 0 : counts.get(i).get(j);
    }

    /** Pairs of versions counted, each once. */
    public int total() {
        int total = 0;
        for (int i = 0; i < labels.size(); i++) {
            for (int j = 0; j <= i; j++) {
                total += counts.get(i).get(j);
            }
        }
        return total;
    }

    /** Collects the pairs of one computation. */
    static final class Builder {
        private final Map<String, Map<String, Integer>> cells = new TreeMap<>();
        private final TreeSet<String> categories = new TreeSet<>();

        /** Counts every pair of the listed annotators on the unit. */
        void add(Unit unit, List<String> annotators) {
            for (int i = 0; i < annotators.size(); i++) {
                Span first = unit.version(annotators.get(i));
                for (int j = i + 1; j < annotators.size(); j++) {
                    Span second = unit.version(annotators.get(j));
                    if (first == null && second == null) {
                        continue;
                    }
                    String a = first == null ? NONE : first.category();
                    String b = second == null ? NONE : second.category();
                    increment(a, b);
                    if (!a.equals(b)) {
                        increment(b, a);
                    }
                }
            }
        }

        private void increment(String row, String column) {
            if (!row.equals(NONE)) {
                categories.add(row);
            }
            cells.computeIfAbsent(row, k -> new TreeMap<>()).merge(column, 1, Integer::sum);
        }

        ConfusionMatrix build() {
            List<String> labels = new ArrayList<>(categories);
            labels.add(NONE);
            List<List<Integer>> counts = new ArrayList<>();
            for (String row : labels) {
                Map<String, Integer> cellsOfRow = cells.getOrDefault(row, Map.of());
                List<Integer> counted = new ArrayList<>();
                for (String column : labels) {
                    counted.add(cellsOfRow.getOrDefault(column, 0));
                }
                counts.add(counted);
            }
            return new ConfusionMatrix(labels, counts);
        }
    }
}
