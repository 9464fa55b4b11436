package org.claimscope.agreement;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.claimscope.common.InvalidInputException;

/**
 * The tables of an agreement report as CSV (RFC 4180, UTF-8), as the agreement page offers them
 * for download. An undefined value is an empty cell with its reason in the next column, so a
 * spreadsheet never reads it as zero.
 */
public final class AgreementCsv {
    private AgreementCsv() {
    }

    /** The tables that download. */
    public enum Table {
        /** the measure for every pair of annotators */
        PAIRS,
        /** the measure per document */
        DOCUMENTS,
        /** category against category */
        CONFUSION;

        public static Table fromKey(String key) {
            for (Table table : values()) {
                if (table.name().equalsIgnoreCase(key)) {
                    return table;
                }
            }
            throw new InvalidInputException("table", "unknown table " + key + "; use pairs, documents or confusion");
        }
    }

    public static void write(AgreementResult result, Table table, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVFormat format = CSVFormat.RFC4180.builder().get();
        try (CSVPrinter csv = new CSVPrinter(writer, format)) {
            switch (table) {
                case PAIRS -> {
                    csv.printRecord("measure", "category", "annotator_a", "annotator_b", "value", "undefined_because",
                            "units", "documents");
                    for (PairValue p : result.pairs()) {
                        csv.printRecord(result.measure(), nullToEmpty(result.category()), p.a(), p.b(),
                                value(p.value()), nullToEmpty(p.reason()), p.units(), p.documents());
                    }
                }
                case DOCUMENTS -> {
                    csv.printRecord("measure", "category", "document_id", "title", "annotators", "value",
                            "undefined_because", "units");
                    for (DocumentValue d : result.perDocument()) {
                        csv.printRecord(result.measure(), nullToEmpty(result.category()), d.documentId(), d.title(),
                                String.join(" ", d.annotators()), value(d.value()), nullToEmpty(d.reason()), d.units());
                    }
                }
                case CONFUSION -> {
                    ConfusionMatrix m = result.confusion();
                    List<Object> header = new ArrayList<>();
                    header.add("category");
                    header.addAll(m.labels());
                    csv.printRecord(header);
                    for (int i = 0; i < m.labels().size(); i++) {
                        List<Object> row = new ArrayList<>();
                        row.add(m.labels().get(i));
                        row.addAll(m.counts().get(i));
                        csv.printRecord(row);
                    }
                }
            }
        }
    }

    private static String value(Double value) {
        return value == null ? "" : String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
