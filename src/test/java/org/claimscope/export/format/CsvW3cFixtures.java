package org.claimscope.export.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.codebook.CodebookDefinition.Category;
import org.claimscope.codebook.CodebookDefinition.Subtype;
import org.claimscope.codebook.DefaultCodebook;
import org.claimscope.export.model.BundleSink;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportContext;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.claimscope.export.model.FormatWriter;

/**
 * A small corpus whose text is hard on exports: quotes with commas, double quotes and newlines, emoji made of two
 * UTF-16 units (and a flag made of two of them), an accent in decomposed form, Arabic (right to left), a retired
 * category and subtype, an empty layer, and a document without annotations.
 */
final class CsvW3cFixtures {
    static final long PROJECT = 7;
    static final Instant EXPORTED = Instant.parse("2026-01-15T10:00:00Z");
    static final Instant CREATED = Instant.parse("2025-12-24T08:30:00Z");
    static final Instant UPDATED = Instant.parse("2025-12-24T09:45:12.345Z");

    /** Commas, double quotes and a newline inside the first quote; flag and skin-tone emoji; decomposed é. */
    static final String TEXT_1 = "🇺🇸 Officials said, \"the strikes were lawful, and necessary.\"\n"
            + "Experts called it cafe\u0301 murder 👍🏽, a \"war crime\".\r\nThe end 🇺🇸";
    /** Arabic, right to left, with an emoji and Latin digits. */
    static final String TEXT_2 = "قال الخبراء إن الضربات غير قانونية 👎 في 2025.";
    static final String TEXT_3 = "An article nobody annotated.";

    private CsvW3cFixtures() {
    }

    static CodebookDefinition codebook() {
        CodebookDefinition d = DefaultCodebook.definition();
        List<Category> categories = new ArrayList<>(d.categories());
        categories.add(new Category("PROCEDURAL_REMARK", "Procedural remark", "#999999", "9",
                "Retired in codebook version 3.", true));
        List<Subtype> subtypes = new ArrayList<>(d.subtypes());
        subtypes.add(new Subtype("OLD_ISSUE", "Old issue", "Retired.", true));
        return new CodebookDefinition(d.name(), categories, subtypes, d.attributes());
    }

    static ExportContext context() {
        return new ExportContext(PROJECT, "Strikes, \"2025\"", codebook(), 4, EXPORTED);
    }

    /** An annotation over the first occurrence of {@code quote} in {@code text}, its offsets in code points. */
    static ExportAnnotation span(long id, String text, String quote, String category, List<String> subtypes,
                                 Map<String, String> attributes, String creator) {
        int from = text.indexOf(quote);
        if (from < 0) {
            throw new IllegalArgumentException(quote + " is not in the text");
        }
        int start = text.codePointCount(0, from);
        int end = start + quote.codePointCount(0, quote.length());
        return new ExportAnnotation(id, start, end, quote, category, subtypes, attributes, creator, CREATED, UPDATED);
    }

    static List<ExportDocument> corpus() {
        ExportAnnotation lawful = span(101, TEXT_1, "said, \"the strikes were lawful, and necessary.\"\nExperts",
                "OFFICIAL_JUSTIFICATION", List.of("SELF_DEFENSE", "TARGETING_LAWFULNESS"),
                Map.of("speaker", "Officials, \"senior\"", "stance", "ASSERTS_LAWFUL",
                        "note", "line one\nline two, with comma"), "curated");
        ExportAnnotation flag = span(102, TEXT_1, "🇺🇸 Officials", "PROCEDURAL_REMARK", List.of("OLD_ISSUE"),
                Map.of(), "curated");
        ExportAnnotation cafe = span(103, TEXT_1, "cafe\u0301 murder 👍🏽", "EXPERT_OPINION",
                List.of("EXTRAJUDICIAL_KILLING_CLAIM"), Map.of("speaker", "Experts", "hedge", "NONE"), "A1");
        ExportAnnotation end = span(104, TEXT_1, "end 🇺🇸", "LEGAL_ASSERTION", List.of(), Map.of(), "A1");
        ExportAnnotation warCrime = span(105, TEXT_1, "\"war crime\"", "EXPERT_OPINION",
                List.of("WAR_CRIMES_CLAIM"), Map.of("quoteType", "DIRECT"), "curated");
        ExportAnnotation arabic = span(201, TEXT_2, "الضربات غير قانونية 👎", "EXPERT_OPINION",
                List.of("WAR_CRIMES_CLAIM"), Map.of("speaker", "الخبراء"), "A2");
        ExportDocument one = new ExportDocument(1, "CIA strike, \"report\"", "A. Reporter", "2025-12-24", "The Hill",
                "https://example.org/a?x=1&y=2", "en", "text/plain", "strike report.txt", "a".repeat(64), TEXT_1,
                List.of(new ExportLayer("curated", true, "FINISHED", List.of(flag, lawful, warCrime)),
                        new ExportLayer("A1", false, "FINISHED", List.of(cafe, end)),
                        new ExportLayer("A2", false, "IN_PROGRESS", List.of())));
        ExportDocument two = new ExportDocument(2, "الضربات", null, null, "الجزيرة", null, "ar", "text/html",
                "ضربات.html", "b".repeat(64), TEXT_2,
                List.of(new ExportLayer("A2", false, "FINISHED", List.of(arabic))));
        ExportDocument three = new ExportDocument(3, "Untouched", null, "2026-01-01", null, "not a url", null,
                "text/plain", null, "c".repeat(64), TEXT_3,
                List.of(new ExportLayer("curated", true, "NEW", List.of())));
        return List.of(one, two, three);
    }

    /** Runs a writer over documents into memory. */
    static MemorySink export(FormatWriter writer, List<ExportDocument> documents) throws IOException {
        MemorySink sink = new MemorySink();
        writer.start(context(), sink);
        for (ExportDocument d : documents) {
            writer.document(d);
        }
        writer.finish();
        sink.checkAllClosed();
        return sink;
    }

    /** Code point offsets to a Java substring, independently of the code under test. */
    static String cut(String text, int start, int end) {
        int from = text.offsetByCodePoints(0, start);
        return text.substring(from, text.offsetByCodePoints(from, end - start));
    }

    /** A bundle in memory that enforces the BundleSink contract: one entry open at a time, no entry twice. */
    static final class MemorySink implements BundleSink {
        final Map<String, byte[]> entries = new LinkedHashMap<>();
        private String open;

        @Override
        public OutputStream open(String path) {
            if (open != null) {
                throw new IllegalStateException("opened " + path + " while " + open + " is open");
            }
            if (entries.containsKey(path)) {
                throw new IllegalStateException(path + " written twice");
            }
            open = path;
            return new ByteArrayOutputStream() {
                private boolean closed;

                @Override
                public void close() {
                    if (!closed) {
                        closed = true;
                        entries.put(path, toByteArray());
                        open = null;
                    }
                }
            };
        }

        void checkAllClosed() {
            if (open != null) {
                throw new IllegalStateException(open + " was left open");
            }
        }

        String text(String path) {
            byte[] bytes = entries.get(path);
            if (bytes == null) {
                throw new IllegalStateException("no " + path + " in " + entries.keySet());
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** Writes every entry as a file below the folder, as an unzipped bundle. */
        void writeTo(java.nio.file.Path folder) throws IOException {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                java.nio.file.Path file = folder.resolve(entry.getKey());
                java.nio.file.Files.createDirectories(file.getParent());
                java.nio.file.Files.write(file, entry.getValue());
            }
        }
    }
}
