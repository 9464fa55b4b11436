package org.claimscope.agreement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the published reliability data under {@code test-data/agreement/} into documents of
 * annotations, so the tests go through the same API as the agreement page.
 */
final class AgreementFixtures {
    static final Path DIR = Path.of("test-data/agreement");

    /** Code points each unit of a coding table takes; the gap keeps units from touching. */
    static final int UNIT_WIDTH = 10;
    static final int SPAN_LENGTH = 7;

    private AgreementFixtures() {
    }

    /** The data lines of a fixture, comments and blank lines dropped, split at commas. */
    static List<String[]> rows(String file) {
        try {
            return Files.readAllLines(DIR.resolve(file)).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).map(line -> line.split(",")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One document in which unit {@code u} is the span [u * 10, u * 10 + 7) and rater {@code r}'s
     * value on it is the category of r's span there; null means r has no span on that unit.
     *
     * @param table table[u][r], the value rater r gave unit u
     */
    static DocumentLayers codingDocument(long id, List<String> raters, String[][] table) {
        List<Span> spans = new ArrayList<>();
        long spanId = id * 100_000;
        for (int u = 0; u < table.length; u++) {
            for (int r = 0; r < raters.size(); r++) {
                String value = table[u][r];
                if (value != null) {
                    spans.add(Span.of(++spanId, raters.get(r), u * UNIT_WIDTH, u * UNIT_WIDTH + SPAN_LENGTH, value));
                }
            }
        }
        return new DocumentLayers(id, "document " + id, table.length * UNIT_WIDTH, raters, spans);
    }

    /** Fleiss (1971): 30 subjects, 6 raters. */
    static String[][] fleiss1971() {
        return rows("fleiss-1971.csv").toArray(String[][]::new);
    }

    /** Cohen (1960), p. 45: the 200 items expanded from the contingency table. */
    static String[][] cohen1960() {
        List<String[]> items = new ArrayList<>();
        for (String[] cell : rows("cohen-1960.csv")) {
            for (int i = 0; i < Integer.parseInt(cell[0]); i++) {
                items.add(new String[] {cell[1], cell[2]});
            }
        }
        return items.toArray(String[][]::new);
    }

    /** Krippendorff (2011): the observers' names and the units x observers table, null where missing. */
    static String[][] krippendorff2011() {
        List<String[]> observers = rows("krippendorff-2011-nominal.csv");
        int units = observers.get(0).length - 1;
        String[][] table = new String[units][observers.size()];
        for (int o = 0; o < observers.size(); o++) {
            for (int u = 0; u < units; u++) {
                String value = observers.get(o)[u + 1];
                table[u][o] = value.equals("*") ? null : value;
            }
        }
        return table;
    }

    static List<String> krippendorff2011Observers() {
        return rows("krippendorff-2011-nominal.csv").stream().map(row -> row[0]).toList();
    }

    /**
     * Krippendorff (2004), p. 254, as a document whose text is the continuum: offsets shift by the
     * continuum's begin, which alpha does not depend on.
     */
    static DocumentLayers krippendorff2004Unitizing() {
        List<String[]> rows = rows("krippendorff-2004-unitizing.csv");
        int begin = Integer.parseInt(rows.get(0)[1]);
        int end = Integer.parseInt(rows.get(0)[2]);
        List<Span> spans = new ArrayList<>();
        List<String> observers = new ArrayList<>();
        long id = 0;
        for (String[] row : rows.subList(1, rows.size())) {
            if (!observers.contains(row[0])) {
                observers.add(row[0]);
            }
            spans.add(Span.of(++id, row[0], Integer.parseInt(row[1]) - begin, Integer.parseInt(row[2]) - begin,
                    row[3]));
        }
        return new DocumentLayers(2004, "Krippendorff 2004, p. 254", end - begin, observers, spans);
    }

    static String[][] copy(String[][] table) {
        return Arrays.stream(table).map(String[]::clone).toArray(String[][]::new);
    }
}
