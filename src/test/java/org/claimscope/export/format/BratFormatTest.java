package org.claimscope.export.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.claimscope.export.format.BratConllFixtures.slice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.codebook.CodebookDefinition.AttributeType;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.junit.jupiter.api.Test;

/** The brat standoff export, read back with a small parser of its own and checked against the model and the text. */
class BratFormatTest {

    /** A text-bound annotation as read back: type, fragments, quote; its attributes and notes. */
    record TextBound(String id, String type, List<int[]> fragments, String quote, Set<String> flags,
                     Map<String, String> values, Map<String, String> notes) {
    }

    /** Parses an .ann file; fails on any line that is not well formed. */
    static Map<String, TextBound> parseAnn(String ann) {
        Map<String, TextBound> out = new LinkedHashMap<>();
        if (ann.isEmpty()) {
            return out;
        }
        assertThat(ann).endsWith("\n");
        for (String line : ann.substring(0, ann.length() - 1).split("\n", -1)) {
            String[] cols = line.split("\t", -1);
            String id = cols[0];
            switch (id.charAt(0)) {
                case 'T' -> {
                    assertThat(cols).as(line).hasSize(3);
                    assertThat(id).matches("T[0-9]+");
                    String[] typeAndSpans = cols[1].split(" ", 2);
                    List<int[]> fragments = new ArrayList<>();
                    for (String f : typeAndSpans[1].split(";")) {
                        String[] se = f.split(" ");
                        assertThat(se).as(line).hasSize(2);
                        fragments.add(new int[] {Integer.parseInt(se[0]), Integer.parseInt(se[1])});
                    }
                    out.put(id, new TextBound(id, typeAndSpans[0], fragments, cols[2], new LinkedHashSet<>(),
                            new LinkedHashMap<>(), new LinkedHashMap<>()));
                }
                case 'A' -> {
                    assertThat(cols).as(line).hasSize(2);
                    String[] parts = cols[1].split(" ");
                    TextBound target = out.get(parts[1]);
                    assertThat(target).as("target of " + line).isNotNull();
                    if (parts.length == 2) {
                        assertThat(target.flags().add(parts[0])).as(line).isTrue();
                    } else {
                        assertThat(parts).as(line).hasSize(3);
                        assertThat(target.values().put(parts[0], parts[2])).as(line).isNull();
                    }
                }
                case '#' -> {
                    assertThat(cols).as(line).hasSize(3);
                    String[] parts = cols[1].split(" ");
                    assertThat(parts[0]).isEqualTo("AnnotatorNotes");
                    TextBound target = out.get(parts[1]);
                    assertThat(target).as("target of " + line).isNotNull();
                    int colon = cols[2].indexOf(": ");
                    target.notes().put(cols[2].substring(0, colon), unescape(cols[2].substring(colon + 2)));
                }
                default -> throw new AssertionError("unexpected line " + line);
            }
        }
        return out;
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case '\\' -> b.append('\\');
                case 't' -> b.append('\t');
                case 'n' -> b.append('\n');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new AssertionError("bad escape in " + s);
            }
        }
        return b.toString();
    }

    /** annotation.conf read back: entity names, and attribute name to its values (empty for binary ones). */
    record Conf(Set<String> entities, Map<String, Set<String>> attributes) {
    }

    static Conf parseConf(String conf) {
        Set<String> entities = new LinkedHashSet<>();
        Map<String, Set<String>> attributes = new LinkedHashMap<>();
        Set<String> sections = new LinkedHashSet<>();
        String section = null;
        for (String line : conf.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.matches("\\[[a-z]+]")) {
                section = line.substring(1, line.length() - 1);
                sections.add(section);
                continue;
            }
            String[] cols = line.split("\\s+", 2);
            if ("entities".equals(section)) {
                assertThat(cols).as(line).hasSize(1);
                assertThat(cols[0]).matches("[A-Za-z0-9_-]+");
                entities.add(cols[0]);
            } else if ("attributes".equals(section)) {
                assertThat(cols[0]).matches("[A-Za-z0-9_-]+");
                Set<String> values = new LinkedHashSet<>();
                for (String arg : cols[1].split(",\\s*")) {
                    if (arg.startsWith("Value:")) {
                        values.addAll(List.of(arg.substring(6).split("\\|")));
                    } else {
                        assertThat(arg).isEqualTo("Arg:<ENTITY>");
                    }
                }
                assertThat(attributes.put(cols[0], values)).as("declared twice: " + cols[0]).isNull();
            }
        }
        assertThat(sections).containsExactly("entities", "relations", "events", "attributes");
        return new Conf(entities, attributes);
    }

    static InMemorySink export(List<ExportDocument> documents) throws IOException {
        InMemorySink sink = new InMemorySink();
        BratFormat brat = new BratFormat();
        brat.start(BratConllFixtures.context(), sink);
        for (ExportDocument d : documents) {
            brat.document(d);
        }
        brat.finish();
        return sink;
    }

    @Test
    void everySpanAttributeAndNoteReadsBackFromTheTextAndTheModel() throws IOException {
        InMemorySink sink = export(BratConllFixtures.corpus());
        Conf conf = parseConf(sink.text("brat/annotation.conf"));
        CodebookDefinition codebook = BratConllFixtures.codebook();
        int checked = 0;
        for (ExportDocument d : BratConllFixtures.corpus()) {
            for (ExportLayer layer : d.layers()) {
                String base = "brat/" + layer.name() + "/" + d.safeName();
                assertThat(sink.entries.get(base + ".txt")).isEqualTo(d.text().getBytes(StandardCharsets.UTF_8));
                String text = sink.text(base + ".txt");
                List<TextBound> read = new ArrayList<>(parseAnn(sink.text(base + ".ann")).values());
                assertThat(read).hasSameSizeAs(layer.annotations());
                for (int i = 0; i < read.size(); i++) {
                    TextBound tb = read.get(i);
                    ExportAnnotation a = layer.annotations().get(i);
                    assertThat(tb.type()).isEqualTo(a.category());
                    assertThat(conf.entities()).contains(tb.type());
                    // fragments lie inside the span, in order, without line breaks, and cover all but line breaks
                    StringBuilder covered = new StringBuilder();
                    List<String> pieces = new ArrayList<>();
                    int previousEnd = a.start();
                    for (int[] f : tb.fragments()) {
                        assertThat(f[0]).isGreaterThanOrEqualTo(previousEnd).isLessThan(f[1]);
                        assertThat(slice(text, previousEnd, f[0])).matches("[\\n]*");
                        previousEnd = f[1];
                        String piece = slice(text, f[0], f[1]);
                        assertThat(piece).doesNotContain("\n");
                        pieces.add(piece);
                        covered.append(piece);
                    }
                    assertThat(previousEnd).isEqualTo(a.end());
                    assertThat(tb.fragments().get(0)[0]).isEqualTo(a.start());
                    assertThat(covered.toString()).isEqualTo(a.quote().replace("\n", ""));
                    assertThat(tb.quote()).isEqualTo(String.join(" ", pieces));
                    // subtypes, valued attributes and notes
                    assertThat(tb.flags()).containsExactlyElementsOf(a.subtypes());
                    Map<String, String> values = new HashMap<>();
                    Map<String, String> notes = new HashMap<>();
                    a.attributes().forEach((k, v) -> {
                        if (codebook.attribute(k).orElseThrow().type() == AttributeType.TEXT) {
                            notes.put(k, v);
                        } else {
                            values.put(k, v);
                        }
                    });
                    assertThat(tb.values()).isEqualTo(values);
                    assertThat(tb.notes()).isEqualTo(notes);
                    tb.flags().forEach(f -> assertThat(conf.attributes().get(f)).as(f).isEmpty());
                    tb.values().forEach((k, v) -> assertThat(conf.attributes().get(k)).as(k).contains(v));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(12);
    }

    @Test
    void aStatementAcrossALineBreakIsWrittenAsTwoFragmentsAndEmojiOffsetsAreCodePoints() throws IOException {
        InMemorySink sink = export(List.of(BratConllFixtures.emojiDocument()));
        String ann = sink.text("brat/curated/00001_Flag_strike_report.ann");
        // "The " (4) + flag (2 code points, 4 UTF-16 units) + " " = 7; the offsets are the ones Python 3 slices
        assertThat(ann).startsWith("T1\tOFFICIAL_JUSTIFICATION 7 24\tstrike was lawful\n");
        assertThat(ann).contains("T2\tEXPERT_OPINION 26 41;42 86\tofficials said. Experts called it an "
                + "extrajudicial killing 😠\n");
        assertThat(ann).contains("A1\tSELF_DEFENSE T1\n", "A2\tstance T1 ASSERTS_LAWFUL\n",
                "#1\tAnnotatorNotes T1\tspeaker: officials\n",
                "\tAnnotatorNotes T2\tspeaker: experts\\tof law\\nand war \\\\ others\n",
                "\tquotation T2 true\n", "\tOLD_ISSUE T2\n", "T3\tLEGACY_CLAIM ", "\tquotation T3 false\n");
    }

    @Test
    void confDeclaresRetiredEntriesValuesAndColoursAndIsCopiedIntoEveryLayerFolder() throws IOException {
        InMemorySink sink = export(BratConllFixtures.corpus());
        String conf = sink.text("brat/annotation.conf");
        Conf parsed = parseConf(conf);
        assertThat(parsed.entities()).containsExactly("LEGAL_ASSERTION", "EXPERT_OPINION", "OFFICIAL_JUSTIFICATION",
                "LEGACY_CLAIM");
        assertThat(parsed.attributes().get("OLD_ISSUE")).isEmpty();
        assertThat(parsed.attributes().get("quotation")).containsExactly("true", "false");
        assertThat(parsed.attributes().get("hedge")).containsExactly("NONE", "ALLEGEDLY", "REPORTEDLY", "CLAIMED",
                "OTHER");
        assertThat(parsed.attributes()).doesNotContainKeys("speaker", "note");
        assertThat(conf).contains("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>");
        String visual = sink.text("brat/visual.conf");
        assertThat(visual).contains("[labels]\nLEGAL_ASSERTION | Legal assertion\n",
                "LEGACY_CLAIM | Legacy claim (retired)\n", "[drawing]\n", "LEGAL_ASSERTION\tbgColor:#2563eb\n",
                "EXPERT_OPINION\tbgColor:#059669\n", "LEGACY_CLAIM\tbgColor:#6b7280\n");
        for (String layer : List.of("curated", "A1", "A2")) {
            assertThat(sink.text("brat/" + layer + "/annotation.conf")).isEqualTo(conf);
            assertThat(sink.text("brat/" + layer + "/visual.conf")).isEqualTo(visual);
        }
    }

    @Test
    void aLayerWithoutAnnotationsHasItsTextAndAnEmptyAnnFile() throws IOException {
        InMemorySink sink = export(List.of(BratConllFixtures.emojiDocument()));
        assertThat(sink.text("brat/A2/00001_Flag_strike_report.txt")).isEqualTo(BratConllFixtures.EMOJI_TEXT);
        assertThat(sink.entries.get("brat/A2/00001_Flag_strike_report.ann")).isEmpty();
    }

    @Test
    void anEmptyCorpusGivesOnlyTheConfFiles() throws IOException {
        InMemorySink sink = export(List.of());
        assertThat(sink.entries.keySet()).containsExactly("brat/annotation.conf", "brat/visual.conf");
        parseConf(sink.text("brat/annotation.conf"));
    }

    @Test
    void keysThatAreNotBratNamesAreSanitisedTheSameWayInConfAndAnnAndUnknownOnesStillDeclared() throws IOException {
        String text = "Die Regierung sagt, es sei rechtmäßig.";
        ExportAnnotation odd = BratConllFixtures.ann(1, text, "rechtmäßig", "ÉTAT LÉGAL", List.of("A/B"),
                BratConllFixtures.attrs("stance", "NOT IN CODEBOOK", "unknownKey", "free text"), "A1");
        ExportDocument d = BratConllFixtures.doc(9, "x.txt", "de", text,
                List.of(new ExportLayer("login@example.org", false, "FINISHED", List.of(odd))));
        InMemorySink sink = export(List.of(d));
        Conf conf = parseConf(sink.text("brat/annotation.conf"));
        TextBound tb = parseAnn(sink.text("brat/login_example.org/00009_x.ann")).get("T1");
        assertThat(tb.type()).isEqualTo("_TAT_L_GAL");
        assertThat(conf.entities()).contains("_TAT_L_GAL");
        assertThat(tb.flags()).containsExactly("A_B");
        assertThat(conf.attributes().get("A_B")).isEmpty();
        assertThat(tb.values()).containsEntry("stance", "NOT_IN_CODEBOOK");
        assertThat(conf.attributes().get("stance")).contains("NOT_IN_CODEBOOK", "QUESTIONS");
        assertThat(tb.notes()).containsEntry("unknownKey", "free text");
        assertThat(sink.entries).containsKey("brat/login_example.org/annotation.conf");
    }

    @Test
    void offsetsOutsideTheTextAreRefused() throws IOException {
        ExportAnnotation bad = new ExportAnnotation(5, 3, 99, "x", "LEGAL_ASSERTION", List.of(), Map.of(), "A1",
                BratConllFixtures.T0, BratConllFixtures.T0);
        ExportDocument d = BratConllFixtures.doc(4, "a.txt", "en", "short",
                List.of(new ExportLayer("A1", false, "NEW", List.of(bad))));
        BratFormat brat = new BratFormat();
        brat.start(BratConllFixtures.context(), new InMemorySink());
        assertThatThrownBy(() -> brat.document(d)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Annotation 5 of document 4");
    }

    @Test
    void describeSaysHowOffsetsCountAndHowToOpenTheFolder() {
        String text = new BratFormat().describe();
        assertThat(text).contains("code points", "data directory", "annotation.conf", "AnnotatorNotes",
                "fragments");
        assertThat(new BratFormat().key()).isEqualTo("brat");
        assertThat(new BratFormat().folder()).isEqualTo("brat/");
    }
}
