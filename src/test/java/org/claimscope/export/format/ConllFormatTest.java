package org.claimscope.export.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.claimscope.export.format.BratConllFixtures.slice;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.junit.jupiter.api.Test;

/** The CoNLL BIO export, read back: tokens against the text by code points, spans from the BIO columns. */
class ConllFormatTest {

    record Row(int index, String token, int start, int end, List<String> tags, int sentence) {
    }

    record Parsed(String document, List<String> layers, List<Row> rows, List<String> overlaps, int sentences) {
    }

    static Parsed parse(String file) {
        assertThat(file).endsWith("\n");
        String document = null;
        List<String> layers = null;
        List<Row> rows = new ArrayList<>();
        List<String> overlaps = new ArrayList<>();
        int sentence = 0;
        boolean blankBefore = false;
        for (String line : file.substring(0, file.length() - 1).split("\n", -1)) {
            if (line.isEmpty()) {
                blankBefore = true;
                continue;
            }
            if (line.startsWith("# document = ")) {
                document = line.substring(13);
            } else if (line.startsWith("# layers =")) {
                String names = line.substring(10).strip();
                layers = names.isEmpty() ? List.of() : List.of(names.split(" "));
            } else if (line.startsWith("# sentence = ")) {
                assertThat(blankBefore).as("blank line before " + line).isTrue();
                sentence++;
                assertThat(line).isEqualTo("# sentence = " + sentence);
            } else if (line.startsWith("# overlaps: ")) {
                overlaps.addAll(List.of(line.substring(12).split(" ")));
            } else if (!line.startsWith("#")) {
                String[] cols = line.split("\t", -1);
                assertThat(layers).isNotNull();
                assertThat(cols).as(line).hasSize(4 + layers.size());
                rows.add(new Row(Integer.parseInt(cols[0]), cols[1], Integer.parseInt(cols[2]),
                        Integer.parseInt(cols[3]), List.of(cols).subList(4, cols.length), sentence));
            }
            blankBefore = false;
        }
        return new Parsed(document, layers, rows, overlaps, sentence);
    }

    static InMemorySink export(List<ExportDocument> documents) throws IOException {
        InMemorySink sink = new InMemorySink();
        ConllFormat conll = new ConllFormat();
        conll.start(BratConllFixtures.context(), sink);
        for (ExportDocument d : documents) {
            conll.document(d);
        }
        conll.finish();
        return sink;
    }

    /** Spans [start, end) in code points from one BIO column, with their category. */
    static Set<String> spans(List<Row> rows, int column) {
        Set<String> out = new TreeSet<>();
        String category = null;
        int start = -1;
        int end = -1;
        for (Row r : rows) {
            String tag = r.tags().get(column);
            if (tag.startsWith("I-")) {
                assertThat(category).as("I- after O at " + r).isEqualTo(tag.substring(2));
                end = r.end();
                continue;
            }
            if (category != null) {
                out.add(category + ":" + start + "-" + end);
                category = null;
            }
            if (tag.startsWith("B-")) {
                category = tag.substring(2);
                start = r.start();
                end = r.end();
            } else {
                assertThat(tag).isEqualTo("O");
            }
        }
        if (category != null) {
            out.add(category + ":" + start + "-" + end);
        }
        return out;
    }

    /** The span of an annotation widened to the tokens it touches, as the BIO column must give it back. */
    static String widened(List<Row> rows, ExportAnnotation a) {
        int start = rows.stream().filter(r -> r.end() > a.start() && r.start() < a.end()).mapToInt(Row::start).min()
                .orElseThrow();
        int end = rows.stream().filter(r -> r.end() > a.start() && r.start() < a.end()).mapToInt(Row::end).max()
                .orElseThrow();
        return a.category() + ":" + start + "-" + end;
    }

    @Test
    void everyTokenIsTheTextBetweenItsCodePointOffsets() throws IOException {
        InMemorySink sink = export(BratConllFixtures.corpus());
        for (ExportDocument d : BratConllFixtures.corpus()) {
            Parsed p = parse(sink.text("conll/" + d.safeName() + ".conll"));
            assertThat(p.document()).isEqualTo(String.valueOf(d.id()));
            assertThat(p.layers()).isEqualTo(d.layers().stream().map(ExportLayer::name).toList());
            assertThat(p.rows()).isNotEmpty();
            int previousEnd = 0;
            int previousSentence = 0;
            int expectedIndex = 1;
            for (Row r : p.rows()) {
                assertThat(slice(d.text(), r.start(), r.end())).isEqualTo(r.token());
                assertThat(r.token()).doesNotContainPattern("\\s");
                assertThat(slice(d.text(), previousEnd, r.start())).matches("\\s*");
                if (r.sentence() != previousSentence) {
                    expectedIndex = 1;
                    previousSentence = r.sentence();
                }
                assertThat(r.index()).isEqualTo(expectedIndex++);
                previousEnd = r.end();
            }
            assertThat(slice(d.text(), previousEnd, BratConllFixtures.cpLength(d.text()))).matches("\\s*");
        }
    }

    @Test
    void emojiAccentsAndArabicTokensCarryTheirCodePointOffsets() throws IOException {
        InMemorySink sink = export(BratConllFixtures.corpus());
        List<Row> emoji = parse(sink.text("conll/00001_Flag_strike_report.conll")).rows();
        assertThat(emoji).anySatisfy(r -> {
            assertThat(r.token()).isEqualTo("strike");
            assertThat(r.start()).isEqualTo(7);
        });
        assertThat(emoji).filteredOn(r -> r.token().equals("😠")).singleElement()
                .satisfies(r -> assertThat(r.end() - r.start()).isEqualTo(1));
        // the flag is two regional indicators, two code points, four UTF-16 units: one token
        assertThat(emoji).filteredOn(r -> r.token().equals("🇺🇸")).singleElement().satisfies(r -> {
            assertThat(r.start()).isEqualTo(4);
            assertThat(r.end()).isEqualTo(6);
        });
        List<Row> accents = parse(sink.text("conll/00002_frappe.conll")).rows();
        assertThat(accents).anySatisfy(r -> {
            assertThat(r.token()).isEqualTo("de\u0301clare\u0301");
            assertThat(r.start()).isEqualTo(14);
            assertThat(r.end()).isEqualTo(23);
        });
        List<Row> arabic = parse(sink.text("conll/00003.conll")).rows();
        assertThat(arabic).extracting(Row::token).startsWith("قال", "المتحدث", "إن", "الضربة", "قانونية", ".");
        assertThat(arabic.get(1)).satisfies(r -> {
            assertThat(r.start()).isEqualTo(4);
            assertThat(r.end()).isEqualTo(11);
        });
        assertThat(parse(sink.text("conll/00003.conll")).sentences()).isEqualTo(2);
    }

    @Test
    void bioColumnsGiveBackTheAnnotationsWhereTheyDoNotOverlap() throws IOException {
        InMemorySink sink = export(BratConllFixtures.corpus());
        for (ExportDocument d : BratConllFixtures.corpus()) {
            Parsed p = parse(sink.text("conll/" + d.safeName() + ".conll"));
            for (int l = 0; l < d.layers().size(); l++) {
                ExportLayer layer = d.layers().get(l);
                if (layer.name().equals("A1") && d.id() == 1) {
                    continue; // the overlapping layer, below
                }
                Set<String> expected = new TreeSet<>();
                for (ExportAnnotation a : layer.annotations()) {
                    expected.add(widened(p.rows(), a));
                }
                assertThat(spans(p.rows(), l)).as(d.safeName() + " " + layer.name()).isEqualTo(expected);
            }
            assertThat(p.overlaps()).allMatch(o -> o.startsWith("A1:"));
        }
    }

    @Test
    void aStatementAcrossTheLineBreakContinuesIntoTheNextSentenceAndAlignedSpansComeBackExactly() throws IOException {
        InMemorySink sink = export(List.of(BratConllFixtures.emojiDocument()));
        Parsed p = parse(sink.text("conll/00001_Flag_strike_report.conll"));
        ExportAnnotation across = BratConllFixtures.emojiDocument().layers().get(0).annotations().get(1);
        assertThat(spans(p.rows(), 0)).contains("EXPERT_OPINION:" + across.start() + "-" + across.end());
        List<Row> tagged = p.rows().stream().filter(r -> r.tags().get(0).endsWith("EXPERT_OPINION")).toList();
        assertThat(tagged.get(0).tags().get(0)).isEqualTo("B-EXPERT_OPINION");
        assertThat(new LinkedHashSet<>(tagged.stream().map(Row::sentence).toList())).hasSize(2);
        assertThat(p.rows().stream().filter(r -> r.token().equals("Experts")).findFirst().orElseThrow())
                .satisfies(r -> {
                    assertThat(r.index()).isEqualTo(1);
                    assertThat(r.tags().get(0)).isEqualTo("I-EXPERT_OPINION");
                });
    }

    @Test
    void overlappingAnnotationsInOneLayerAreListedAndTheEarlierLongerOneIsWritten() throws IOException {
        ExportDocument d = BratConllFixtures.emojiDocument();
        InMemorySink sink = export(List.of(d));
        String file = sink.text("conll/00001_Flag_strike_report.conll");
        Parsed p = parse(file);
        List<ExportAnnotation> a1 = d.layers().get(1).annotations();
        // outer (21) wins over nested (22) and crossing (23); the later, separate one (24) is written too
        assertThat(spans(p.rows(), 1)).containsExactlyInAnyOrder(widened(p.rows(), a1.get(0)), widened(p.rows(), a1.get(3)));
        assertThat(p.overlaps()).containsExactly(
                "A1:22:OFFICIAL_JUSTIFICATION:" + a1.get(1).start() + "-" + a1.get(1).end(),
                "A1:23:EXPERT_OPINION:" + a1.get(2).start() + "-" + a1.get(2).end());
        assertThat(file).contains("# sentence = 1\n# overlaps: A1:22:");
        assertThat(p.rows()).allMatch(r -> r.tags().get(2).equals("O"));
    }

    @Test
    void flagsJoinedEmojiAndSkinTonesStayOneTokenWithCodePointOffsets() {
        String text = "Flags 🇺🇸🇫🇷🇩 family 👨\u200D👩\u200D👧 thumbs 👍🏽 keycap 1\uFE0F\u20E3 done";
        List<String> tokens = new ArrayList<>();
        for (List<ConllFormat.Token> sentence : ConllFormat.sentences(text, java.util.Locale.ROOT)) {
            for (ConllFormat.Token t : sentence) {
                assertThat(slice(text, t.start(), t.end())).isEqualTo(text.substring(t.charStart(), t.charEnd()));
                tokens.add(slice(text, t.start(), t.end()));
            }
        }
        assertThat(tokens).containsExactly("Flags", "🇺🇸", "🇫🇷", "🇩", "family", "👨\u200D👩\u200D👧", "thumbs",
                "👍🏽", "keycap", "1\uFE0F\u20E3", "done");
    }

    @Test
    void aTokenTakesTheTagWhenTheAnnotationCoversPartOfIt() throws IOException {
        String text = "They called it unlawful.";
        ExportAnnotation part = BratConllFixtures.annAt(1, text, 17, 19, "LEGAL_ASSERTION", List.of(), Map.of(), "A1");
        ExportDocument d = BratConllFixtures.doc(5, "p.txt", null, text,
                List.of(new ExportLayer("A1", false, "FINISHED", List.of(part))));
        Parsed p = parse(export(List.of(d)).text("conll/00005_p.conll"));
        assertThat(p.rows()).extracting(Row::token, r -> r.tags().get(0)).containsExactly(
                org.assertj.core.groups.Tuple.tuple("They", "O"),
                org.assertj.core.groups.Tuple.tuple("called", "O"),
                org.assertj.core.groups.Tuple.tuple("it", "O"),
                org.assertj.core.groups.Tuple.tuple("unlawful", "B-LEGAL_ASSERTION"),
                org.assertj.core.groups.Tuple.tuple(".", "O"));
    }

    @Test
    void emptyCorpusEmptyTextAndNoLayers() throws IOException {
        assertThat(export(List.of()).entries).isEmpty();
        ExportDocument empty = BratConllFixtures.doc(6, "e.txt", "und", "",
                List.of(new ExportLayer("curated", true, "NEW", List.of())));
        ExportDocument noLayers = BratConllFixtures.doc(7, "n.txt", "en", "Nothing here.", List.of());
        InMemorySink sink = export(List.of(empty, noLayers));
        assertThat(sink.text("conll/00006_e.conll"))
                .isEqualTo("# document = 6\n# file = 00006_e\n# layers = curated\n"
                        + "# columns = index token start end curated\n");
        Parsed p = parse(sink.text("conll/00007_n.conll"));
        assertThat(p.layers()).isEmpty();
        assertThat(p.rows()).extracting(Row::token).containsExactly("Nothing", "here", ".");
    }

    @Test
    void describeSaysHowOverlapsAndPartialTokensAreWritten() {
        String text = new ConllFormat().describe();
        assertThat(text).contains("# overlaps:", "covers any part", "code points", "read.delim", "encoding=\"utf-8\"");
        assertThat(new ConllFormat().folder()).isEqualTo("conll/");
    }
}
