package org.claimscope.export.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.claimscope.export.format.CsvW3cFixtures.corpus;
import static org.claimscope.export.format.CsvW3cFixtures.cut;
import static org.claimscope.export.format.CsvW3cFixtures.export;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.claimscope.export.format.CsvW3cFixtures.MemorySink;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFormatTest {
    private static final List<String> ATTRIBUTES = List.of("attr_speaker", "attr_speakerRole", "attr_stance",
            "attr_quoteType", "attr_hedge", "attr_note");

    @TempDir
    Path spool;

    private static List<CSVRecord> parse(MemorySink sink, String path, List<String> header) throws IOException {
        String content = sink.text(path);
        assertThat(content).as("UTF-8 byte order mark").startsWith("\uFEFF");
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(content.substring(1)))
                .setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            assertThat(parser.getHeaderNames()).containsExactlyElementsOf(header);
            return parser.getRecords();
        }
    }

    private static List<String> annotationHeader() {
        List<String> header = new ArrayList<>(CsvFormat.ANNOTATION_COLUMNS);
        header.addAll(ATTRIBUTES);
        header.addAll(CsvFormat.ANNOTATION_TAIL);
        return header;
    }

    /** Context computed from an array of code points, independently of the writer. */
    private static String[] context(String text, int start, int end) {
        int[] cps = text.codePoints().toArray();
        String left = new String(cps, Math.max(0, start - 40), start - Math.max(0, start - 40));
        String right = new String(cps, end, Math.min(cps.length, end + 40) - end);
        return new String[] {left, right};
    }

    private static String orEmpty(Object value) {
        return value == null ? "" : value.toString();
    }

    @Test
    void everyAnnotationIsOneRowWhoseValuesAreTheModelsAndWhoseOffsetsGiveTheQuote() throws IOException {
        MemorySink sink = export(new CsvFormat(spool), corpus());
        assertThat(sink.entries.keySet()).containsExactly("csv/annotations.csv", "csv/documents.csv");
        List<CSVRecord> rows = parse(sink, "csv/annotations.csv", annotationHeader());

        List<String[]> expected = new ArrayList<>();
        for (ExportDocument d : corpus()) {
            for (ExportLayer layer : d.layers()) {
                for (ExportAnnotation a : layer.annotations()) {
                    expected.add(new String[] {String.valueOf(d.id()), layer.name(), String.valueOf(a.id())});
                }
            }
        }
        assertThat(rows).hasSize(6);
        assertThat(rows).extracting(r -> r.get("document_id") + "/" + r.get("layer") + "/" + r.get("annotation_id"))
                .containsExactlyElementsOf(expected.stream().map(e -> String.join("/", e)).toList());

        int i = 0;
        for (ExportDocument d : corpus()) {
            for (ExportLayer layer : d.layers()) {
                for (ExportAnnotation a : layer.annotations()) {
                    CSVRecord r = rows.get(i++);
                    assertThat(r.size()).isEqualTo(annotationHeader().size());
                    assertThat(r.get("title")).isEqualTo(d.title());
                    assertThat(r.get("site_name")).isEqualTo(orEmpty(d.siteName()));
                    assertThat(r.get("published_at")).isEqualTo(orEmpty(d.publishedAt()));
                    assertThat(r.get("source_url")).isEqualTo(orEmpty(d.sourceUrl()));
                    assertThat(r.get("layer")).isEqualTo(layer.name());
                    int start = Integer.parseInt(r.get("start"));
                    int end = Integer.parseInt(r.get("end"));
                    assertThat(start).isEqualTo(a.start());
                    assertThat(end).isEqualTo(a.end());
                    assertThat(r.get("quote")).isEqualTo(a.quote()).isEqualTo(cut(d.text(), start, end));
                    assertThat(r.get("category")).isEqualTo(a.category());
                    assertThat(r.get("subtypes")).isEqualTo(String.join("|", a.subtypes()));
                    for (String column : ATTRIBUTES) {
                        assertThat(r.get(column)).as(column)
                                .isEqualTo(a.attributes().getOrDefault(column.substring(5), ""));
                    }
                    String[] context = context(d.text(), start, end);
                    assertThat(r.get("context_left")).isEqualTo(context[0]);
                    assertThat(r.get("context_right")).isEqualTo(context[1]);
                    assertThat(d.text()).contains(r.get("context_left") + r.get("quote") + r.get("context_right"));
                    assertThat(r.get("created_at")).isEqualTo("2025-12-24T08:30:00Z");
                    assertThat(r.get("updated_at")).isEqualTo("2025-12-24T09:45:12.345Z");
                }
            }
        }
    }

    @Test
    void hardTextSurvivesTheRoundTrip() throws IOException {
        List<CSVRecord> rows = parse(export(new CsvFormat(spool), corpus()), "csv/annotations.csv",
                annotationHeader());
        Map<String, CSVRecord> byId = rows.stream().collect(Collectors.toMap(r -> r.get("annotation_id"), r -> r));
        assertThat(byId.get("101").get("quote"))
                .isEqualTo("said, \"the strikes were lawful, and necessary.\"\nExperts");
        assertThat(byId.get("101").get("attr_note")).isEqualTo("line one\nline two, with comma");
        assertThat(byId.get("101").get("attr_speaker")).isEqualTo("Officials, \"senior\"");
        assertThat(byId.get("102").get("quote")).isEqualTo("🇺🇸 Officials");
        assertThat(byId.get("102").get("start")).isEqualTo("0");
        assertThat(byId.get("102").get("end")).isEqualTo("12");
        assertThat(byId.get("102").get("context_left")).isEmpty();
        assertThat(byId.get("102").get("category")).as("retired category").isEqualTo("PROCEDURAL_REMARK");
        assertThat(byId.get("102").get("subtypes")).isEqualTo("OLD_ISSUE");
        assertThat(byId.get("103").get("quote")).isEqualTo("cafe\u0301 murder 👍🏽").hasSize(17);
        assertThat(Integer.parseInt(byId.get("103").get("end")) - Integer.parseInt(byId.get("103").get("start")))
                .as("code points, not UTF-16 units").isEqualTo(15);
        assertThat(byId.get("103").get("context_right")).startsWith(", a \"war crime\".\r\nThe end");
        assertThat(byId.get("104").get("context_right")).as("span at the end of the text").isEmpty();
        assertThat(byId.get("105").get("subtypes")).isEqualTo("WAR_CRIMES_CLAIM");
        assertThat(byId.get("201").get("quote")).isEqualTo("الضربات غير قانونية 👎");
        assertThat(byId.get("201").get("attr_speaker")).isEqualTo("الخبراء");
        assertThat(byId.get("201").get("context_left")).isEqualTo("قال الخبراء إن ");
        for (CSVRecord r : rows) {
            for (String column : List.of("context_left", "context_right")) {
                String s = r.get(column);
                if (!s.isEmpty()) {
                    assertThat(Character.isLowSurrogate(s.charAt(0))).as(column + " starts with half a pair")
                            .isFalse();
                    assertThat(Character.isHighSurrogate(s.charAt(s.length() - 1)))
                            .as(column + " ends with half a pair").isFalse();
                }
            }
        }
    }

    @Test
    void contextIsFortyCodePointsAndNeverHalfAnEmoji() {
        String text = "x" + "😀".repeat(50) + "QUOTE" + "😀".repeat(50);
        int start = 51;
        SpanContext c = SpanContext.of(text, start, start + 5);
        assertThat(c.left()).isEqualTo("😀".repeat(40));
        assertThat(c.right()).isEqualTo("😀".repeat(40));
        assertThat(cut(text, start, start + 5)).isEqualTo("QUOTE");
    }

    @Test
    void everyDocumentIsOneRowIncludingThoseWithoutAnnotations() throws IOException {
        List<CSVRecord> rows = parse(export(new CsvFormat(spool), corpus()), "csv/documents.csv",
                CsvFormat.DOCUMENT_COLUMNS);
        assertThat(rows).hasSize(3);
        List<ExportDocument> docs = corpus();
        for (int i = 0; i < docs.size(); i++) {
            ExportDocument d = docs.get(i);
            CSVRecord r = rows.get(i);
            assertThat(r.get("document_id")).isEqualTo(String.valueOf(d.id()));
            assertThat(r.get("title")).isEqualTo(d.title());
            assertThat(r.get("author")).isEqualTo(orEmpty(d.author()));
            assertThat(r.get("site_name")).isEqualTo(orEmpty(d.siteName()));
            assertThat(r.get("published_at")).isEqualTo(orEmpty(d.publishedAt()));
            assertThat(r.get("source_url")).isEqualTo(orEmpty(d.sourceUrl()));
            assertThat(r.get("language")).isEqualTo(orEmpty(d.language()));
            assertThat(r.get("file_name")).isEqualTo(orEmpty(d.fileName()));
            assertThat(r.get("text_sha256")).isEqualTo(d.textSha256());
            assertThat(Integer.parseInt(r.get("text_length")))
                    .isEqualTo((int) d.text().codePoints().count());
        }
        assertThat(rows.get(0).get("layers")).isEqualTo("curated=FINISHED|A1=FINISHED|A2=IN_PROGRESS");
        assertThat(rows.get(0).get("text_length")).isEqualTo("122")
                .isNotEqualTo(String.valueOf(CsvW3cFixtures.TEXT_1.length()));
        assertThat(rows.get(1).get("layers")).isEqualTo("A2=FINISHED");
        assertThat(rows.get(2).get("layers")).isEqualTo("curated=NEW");
        try (var left = Files.list(spool)) {
            assertThat(left).as("the spooled document rows are deleted").isEmpty();
        }
    }

    @Test
    void emptyCorpusGivesHeadersOnly() throws IOException {
        MemorySink sink = export(new CsvFormat(spool), List.of());
        assertThat(parse(sink, "csv/annotations.csv", annotationHeader())).isEmpty();
        assertThat(parse(sink, "csv/documents.csv", CsvFormat.DOCUMENT_COLUMNS)).isEmpty();
        assertThat(sink.text("csv/annotations.csv")).isEqualTo("\uFEFF" + String.join(",", annotationHeader())
                + "\r\n");
    }

    @Test
    void anAttributeTheCodebookDoesNotKnowStopsTheExportInsteadOfVanishing() throws IOException {
        CsvFormat csv = new CsvFormat(spool);
        csv.start(CsvW3cFixtures.context(), new MemorySink());
        ExportDocument d = new ExportDocument(9, "t", null, null, null, null, null, null, null, "d".repeat(64),
                "abc", List.of(new ExportLayer("A1", false, "NEW", List.of(CsvW3cFixtures.span(1, "abc", "b",
                "LEGAL_ASSERTION", List.of(), Map.of("mood", "x"), "A1")))));
        assertThatThrownBy(() -> csv.document(d)).isInstanceOf(IllegalStateException.class).hasMessageContaining("mood");
        csv.discard();
        try (var left = Files.list(spool)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void describeSaysHowToLoadInPythonAndR() {
        String text = new CsvFormat().describe();
        assertThat(text).contains("pd.read_csv", "read_csv(", "utf-8-sig", "byte order mark", "code points");
        assertThat(Arrays.asList(new CsvFormat().key(), new CsvFormat().folder())).containsExactly("csv", "csv/");
    }
}
