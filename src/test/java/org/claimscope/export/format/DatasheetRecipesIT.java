package org.claimscope.export.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.claimscope.export.model.FormatWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loading recipes that each format's section of a bundle's datasheet gives, run as a researcher would run them:
 * every fenced {@code python} block with Debian's Python 3 and pandas, every fenced {@code r} block with R (readr and
 * jsonlite), in a folder holding the formats' files. Each recipe must run as written; then a few lines of this test
 * read what it loaded, cut every quote out of the document's text (from {@code jsonl/corpus.jsonl}, read with the
 * language's own JSON reader) at the exported offsets, and list the annotations, which must be exactly those
 * exported, with the speakers as written (a speaker "NA" stays text). The corpus has emoji with skin tones and flags,
 * decomposed accents, Arabic, quotes with commas, double quotes and line breaks, and the quote "NA".
 *
 * <p>The tools come from Debian ({@code src/test/scripts/ensure-research-tools.sh} installs python3-pandas,
 * r-base-core, r-cran-readr and r-cran-jsonlite before the integration tests). The UIMA section's recipe needs
 * dkpro-cassis, which Debian does not package; UIMA XMI is read back with UIMA's own Java deserializer elsewhere.
 */
class DatasheetRecipesIT {
    private static final Pattern FENCE = Pattern.compile("```(python|r)\\n(.*?)```", Pattern.DOTALL);
    private static final String PYTHON = "/usr/bin/python3";
    private static final String RSCRIPT = "Rscript";

    @TempDir
    static Path bundle;

    private static List<ExportDocument> corpus;

    /** The CSV and Web Annotation fixtures and one more document, whose statement and speaker are "NA". */
    @BeforeAll
    static void writeEveryFormat() throws IOException {
        String text = "Le ministre a de\u0301clare\u0301 : NA. Les experts parlent de \"crime de guerre\" 👩🏾\u200d⚖️.";
        ExportAnnotation na = CsvW3cFixtures.span(301, text, "NA", "LEGAL_ASSERTION", List.of(),
                Map.of("speaker", "NA"), "A1");
        ExportAnnotation crime = CsvW3cFixtures.span(302, text, "\"crime de guerre\" 👩🏾\u200d⚖️", "EXPERT_OPINION",
                List.of("WAR_CRIMES_CLAIM"), Map.of("speaker", "Les experts"), "curated");
        ExportDocument french = new ExportDocument(4, "NA", null, null, null, null, "fr", "text/plain", "na.txt",
                "d".repeat(64), text, List.of(new ExportLayer("A1", false, "FINISHED", List.of(na)),
                        new ExportLayer("curated", true, "FINISHED", List.of(crime))));
        corpus = new ArrayList<>(CsvW3cFixtures.corpus());
        corpus.add(french);
        for (FormatWriter writer : writers()) {
            CsvW3cFixtures.export(writer, corpus).writeTo(bundle);
        }
    }

    private static List<FormatWriter> writers() {
        return List.of(new JsonlFormat(), new CsvFormat(), new W3cFormat(), new BratFormat(), new ConllFormat());
    }

    // what each language's check is given: TEXTS (document id to text) and ROWS, made from what the recipe loaded

    private static final String PYTHON_TEXTS = """
            import json as _json
            TEXTS = {}
            for _line in open("jsonl/corpus.jsonl", encoding="utf-8"):
                _d = _json.loads(_line)
                TEXTS[_d["id"]] = _d["text"]
            """;

    /** ROWS holds (document id, layer, start, end, category, quote, speaker or None). */
    private static final String PYTHON_CHECK = """
            _bad = [r for r in ROWS if TEXTS[int(r[0])][int(r[2]):int(r[3])] != r[5]]
            assert not _bad, _bad
            for r in sorted(ROWS, key=lambda r: (int(r[0]), r[1], int(r[2]), int(r[3]), r[4])):
                print("%d|%s|%d|%d|%s%s" % (int(r[0]), r[1], int(r[2]), int(r[3]), r[4],
                                            "" if r[6] is None else "|" + str(r[6])))
            """;

    private static final Map<String, String> PYTHON_ROWS = Map.of(
            "jsonl", """
                    ROWS = [(d["id"], a["annotator"], a["start"], a["end"], a["category"], a["quote"], None)
                            for d in docs for a in d["annotations"]]
                    ROWS += [(d["id"], "curated", a["start"], a["end"], a["category"], a["quote"], None)
                             for d in docs if d.get("curated") for a in d["curated"]["annotations"]]
                    """,
            "csv", """
                    ROWS = [(r["document_id"], r["layer"], r["start"], r["end"], r["category"], r["quote"],
                             r["attr_speaker"]) for _, r in ann.iterrows()]
                    assert sorted(docs["document_id"]) == sorted(TEXTS), docs["document_id"]
                    """,
            "w3c", """
                    def _selector(a, kind):
                        return next(s for s in a["target"]["selector"] if s["type"] == kind)
                    ROWS = [(a["target"]["source"]["documentId"], a["layer"],
                             _selector(a, "TextPositionSelector")["start"], _selector(a, "TextPositionSelector")["end"],
                             next(b["value"] for b in a["body"] if b["purpose"] == "classifying"),
                             _selector(a, "TextQuoteSelector")["exact"], None) for a in items]
                    """,
            "brat", """
                    import os
                    def _doc(ann):
                        return int(os.path.basename(ann).split("_")[0].split(".")[0])
                    def _text(ann):
                        return open(ann[:-4] + ".txt", encoding="utf-8", newline="").read()
                    ROWS = [(_doc(ann), os.path.basename(os.path.dirname(ann)), f[0][0], f[-1][1], category,
                             _text(ann)[f[0][0]:f[-1][1]], None) for ann, tid, category, f, quote in spans]
                    """,
            "conll", """
                    import os
                    ROWS = []
                    for p, tokens in rows.items():
                        doc = int(os.path.basename(p).split("_")[0].split(".")[0])
                        for t in tokens:
                            ROWS.append((doc, "token", t[2], t[3], "", t[1], None))
                    """);

    private static final String R_TEXTS = """
            .docs <- jsonlite::stream_in(file("jsonl/corpus.jsonl", encoding = "UTF-8"), simplifyVector = FALSE,
                                         verbose = FALSE)
            TEXTS <- setNames(lapply(.docs, function(d) d$text), sapply(.docs, function(d) as.character(d$id)))
            """;

    /** ROWS: a data frame of character columns doc, layer, start, end, category, quote and speaker (or NA). */
    private static final String R_CHECK = """
            .cut <- mapply(function(doc, start, end) substr(TEXTS[[doc]], as.integer(start) + 1, as.integer(end)),
                           ROWS$doc, ROWS$start, ROWS$end)
            .bad <- which(.cut != ROWS$quote)
            if (length(.bad) > 0) stop(paste("quote differs:", ROWS$quote[.bad], "<>", .cut[.bad], collapse = "; "))
            .o <- order(as.integer(ROWS$doc), ROWS$layer, as.integer(ROWS$start), as.integer(ROWS$end), ROWS$category,
                        method = "radix")
            for (i in .o) cat(sprintf("%d|%s|%d|%d|%s%s\\n", as.integer(ROWS$doc[i]), ROWS$layer[i],
                as.integer(ROWS$start[i]), as.integer(ROWS$end[i]), ROWS$category[i],
                if (is.null(ROWS$speaker) || identical(ROWS$speaker[i], "<none>")) "" else
                  paste0("|", ifelse(is.na(ROWS$speaker[i]), "<missing>", ROWS$speaker[i]))))
            """;

    private static final Map<String, String> R_ROWS = Map.of(
            "jsonl", """
                    .rows <- list()
                    for (d in docs) {
                      for (a in d$annotations) .rows[[length(.rows) + 1]] <- c(d$id, a$annotator, a$start, a$end,
                                                                             a$category, a$quote)
                      if (!is.null(d$curated)) for (a in d$curated$annotations)
                        .rows[[length(.rows) + 1]] <- c(d$id, "curated", a$start, a$end, a$category, a$quote)
                    }
                    ROWS <- as.data.frame(do.call(rbind, .rows), stringsAsFactors = FALSE)
                    names(ROWS) <- c("doc", "layer", "start", "end", "category", "quote")
                    ROWS$speaker <- "<none>"
                    """,
            "csv", """
                    ROWS <- data.frame(doc = ann$document_id, layer = ann$layer, start = ann$start, end = ann$end,
                                       category = ann$category, quote = ann$quote, speaker = ann$attr_speaker,
                                       stringsAsFactors = FALSE)
                    """,
            "w3c", """
                    .sel <- function(a, kind) Filter(function(s) s$type == kind, a$target$selector)[[1]]
                    ROWS <- data.frame(
                      doc = sapply(items, function(a) a$target$source$documentId),
                      layer = sapply(items, function(a) a$layer),
                      start = sapply(items, function(a) .sel(a, "TextPositionSelector")$start),
                      end = sapply(items, function(a) .sel(a, "TextPositionSelector")$end),
                      category = sapply(items, function(a) Filter(function(b) b$purpose == "classifying",
                                                                 a$body)[[1]]$value),
                      quote = sapply(items, function(a) .sel(a, "TextQuoteSelector")$exact),
                      stringsAsFactors = FALSE)
                    ROWS$speaker <- "<none>"
                    """,
            "conll", """
                    .files <- sort(Sys.glob("conll/*.conll"))
                    ROWS <- do.call(rbind, lapply(seq_along(rows), function(i) data.frame(
                      doc = as.integer(sub("^(\\\\d+).*", "\\\\1", basename(.files[i]))), layer = "token",
                      start = rows[[i]]$V3, end = rows[[i]]$V4, category = "", quote = rows[[i]]$V2,
                      stringsAsFactors = FALSE)))
                    ROWS$speaker <- "<none>"
                    """);

    @Test
    void everyPythonRecipeLoadsEveryAnnotationWithItsQuoteAtItsOffsets() throws Exception {
        for (FormatWriter writer : writers()) {
            List<String> recipes = recipes(writer, "python");
            assertThat(recipes).as(writer.key() + " has a Python recipe").isNotEmpty();
            for (String recipe : recipes) {
                String out = run(List.of(PYTHON, "-"), PYTHON_TEXTS + recipe + PYTHON_ROWS.get(writer.key())
                        + PYTHON_CHECK);
                assertThat(out.lines().toList()).as(writer.key() + ", Python:\n" + recipe)
                        .containsExactlyElementsOf(expected(writer.key()));
            }
        }
    }

    @Test
    void everyRRecipeLoadsEveryAnnotationWithItsQuoteAtItsOffsets() throws Exception {
        int run = 0;
        for (FormatWriter writer : writers()) {
            for (String recipe : recipes(writer, "r")) {
                boolean packageFree = !recipe.contains("library(");
                String rows = packageFree && writer.key().equals("csv") ? R_ROWS.get("csv") : R_ROWS.get(writer.key());
                String out = run(List.of(RSCRIPT, "-"), R_TEXTS + recipe + rows + R_CHECK);
                assertThat(out.lines().toList()).as(writer.key() + ", R:\n" + recipe)
                        .containsExactlyElementsOf(expected(writer.key()));
                run++;
            }
        }
        // jsonl, csv with readr and without packages, w3c and conll; brat is read in Python
        assertThat(run).isEqualTo(5);
    }

    /** The fenced code blocks in the given language of the format's datasheet section. */
    private static List<String> recipes(FormatWriter writer, String language) {
        List<String> blocks = new ArrayList<>();
        Matcher m = FENCE.matcher(writer.describe());
        while (m.find()) {
            if (m.group(1).equals(language)) {
                blocks.add(m.group(2));
            }
        }
        return blocks;
    }

    /** What a recipe's listing must hold, from the exported corpus itself. */
    private static List<String> expected(String format) throws IOException {
        List<String> lines = new ArrayList<>();
        if (format.equals("conll")) {
            // every token row of every file, as written: its text is the text at its offsets (checked in the script)
            for (ExportDocument d : corpus) {
                Path file;
                try (var files = Files.list(bundle.resolve("conll"))) {
                    file = files.filter(f -> f.getFileName().toString().startsWith(String.format("%05d", d.id())))
                            .findFirst().orElseThrow();
                }
                TreeMap<Long, String> tokens = new TreeMap<>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] columns = line.split("\t");
                    long start = Long.parseLong(columns[2]);
                    long end = Long.parseLong(columns[3]);
                    assertThat(CsvW3cFixtures.cut(d.text(), (int) start, (int) end)).isEqualTo(columns[1]);
                    tokens.put(start * 1_000_000 + end, d.id() + "|token|" + start + "|" + end + "|");
                }
                assertThat(tokens).as("tokens of document " + d.id()).isNotEmpty();
                lines.addAll(tokens.values());
            }
            return lines;
        }
        record Row(long doc, String layer, int start, int end, String category, String speaker) {
        }
        List<Row> rows = new ArrayList<>();
        for (ExportDocument d : corpus) {
            for (ExportLayer layer : d.layers()) {
                for (ExportAnnotation a : layer.annotations()) {
                    rows.add(new Row(d.id(), layer.name(), a.start(), a.end(), a.category(),
                            format.equals("csv") ? a.attributes().getOrDefault("speaker", "") : null));
                }
            }
        }
        rows.sort(java.util.Comparator.comparingLong(Row::doc).thenComparing(Row::layer).thenComparingInt(Row::start)
                .thenComparingInt(Row::end).thenComparing(Row::category));
        for (Row r : rows) {
            lines.add(r.doc() + "|" + r.layer() + "|" + r.start() + "|" + r.end() + "|" + r.category()
                    + (r.speaker() == null ? "" : "|" + r.speaker()));
        }
        return lines;
    }

    /** Runs a script given on standard input in the bundle's folder; returns what it printed, or fails with it. */
    private static String run(List<String> command, String script) throws IOException, InterruptedException {
        Path err = Files.createTempFile(bundle.getParent(), "recipe", ".err");
        Process p = new ProcessBuilder(command).directory(bundle.toFile())
                .redirectError(err.toFile()).start();
        try (var in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the script ends").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + " failed:\n" + Files.readString(err) + "\nscript:\n"
                + script).isZero();
        Files.deleteIfExists(err);
        return out;
    }
}
