package org.claimscope.export;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.claimscope.agreement.AgreementResult;
import org.claimscope.agreement.AgreementService;
import org.claimscope.codebook.Codebook;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.codebook.CodebookService;
import org.claimscope.common.InvalidInputException;
import org.claimscope.common.Json;
import org.claimscope.export.format.JsonlFormat;
import org.claimscope.export.model.BundleSink;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportContext;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.claimscope.export.model.FormatWriter;
import org.claimscope.project.Project;
import org.claimscope.security.User;

/**
 * Writes an export bundle: a ZIP with the data in each chosen format (each under its own folder), the codebook as
 * JSON and as a readable page, and a datasheet ({@code README.md}) with the project, the date, the codebook version,
 * what was selected, whether annotators appear as pseudonyms or logins, counts per category, layer and state, the
 * agreement summary, and how to load each format in Python and R. The corpus is read once, a page at a time, and
 * every format writer gets each document as it comes, so memory stays flat.
 */
@ApplicationScoped
public class BundleExporter {
    private static final Logger LOG = Logger.getLogger(BundleExporter.class.getName());

    /** The formats a bundle can hold, in the order they are listed. */
    static final Map<String, Supplier<FormatWriter>> FORMATS = new LinkedHashMap<>();

    static {
        FORMATS.put("jsonl", JsonlFormat::new);
        FORMATS.put("csv", org.claimscope.export.format.CsvFormat::new);
        FORMATS.put("w3c", org.claimscope.export.format.W3cFormat::new);
        FORMATS.put("brat", org.claimscope.export.format.BratFormat::new);
        FORMATS.put("conll", org.claimscope.export.format.ConllFormat::new);
        FORMATS.put("uima-xmi", org.claimscope.export.format.UimaXmiFormat::new);
    }

    @Inject
    CorpusReader reader;

    @Inject
    org.claimscope.config.ClaimscopeConfig config;

    @Inject
    CodebookService codebooks;

    @Inject
    AgreementService agreement;

    /** Where files are spooled when there is no configuration (outside the container). */
    private java.nio.file.Path dataDir;

    public BundleExporter() {
    }

    /** For tests outside the container: files are spooled under {@code dataDir/exports} while the bundle is made. */
    public BundleExporter(CorpusReader reader, CodebookService codebooks, AgreementService agreement,
                          java.nio.file.Path dataDir) {
        this.reader = reader;
        this.codebooks = codebooks;
        this.agreement = agreement;
        this.dataDir = dataDir;
    }

    /** The format keys a bundle can hold. */
    public static List<String> formats() {
        return List.copyOf(FORMATS.keySet());
    }

    /** Checks format keys, in the order given, without repeats; an empty list means every format. */
    public static List<String> checkFormats(List<String> keys) {
        if (keys == null || keys.isEmpty()) {
            return formats();
        }
        LinkedHashSet<String> chosen = new LinkedHashSet<>();
        for (String key : keys) {
            String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
            if (!FORMATS.containsKey(k)) {
                throw new InvalidInputException("formats", "unknown format '" + key + "'; available: "
                        + String.join(", ", FORMATS.keySet()));
            }
            chosen.add(k);
        }
        return List.copyOf(chosen);
    }

    /** Makes a fresh writer for a format key (checked with {@link #checkFormats}). */
    public static FormatWriter writer(String key, CorpusReader.Selection selection) {
        FormatWriter writer = FORMATS.get(key).get();
        if (writer instanceof JsonlFormat jsonl) {
            jsonl.layers(selection.layers().curated(), selection.layers().annotators());
        }
        return writer;
    }

    /**
     * Writes the bundle.
     *
     * @param progress told the number of documents written so far, after each one
     */
    public void write(User caller, Project project, List<String> formatKeys, CorpusReader.Selection selection,
                      OutputStream out, LongConsumer progress) throws IOException {
        Codebook codebook = codebooks.of(project.getId());
        ExportContext context = new ExportContext(project.getId(), project.getName(), codebook.definition(),
                codebook.getVersion(), Instant.now());
        List<FormatWriter> writers = new ArrayList<>();
        for (String key : checkFormats(formatKeys)) {
            writers.add(writer(key, selection));
        }
        // Writers may keep several files open at once (JSON Lines from start to finish while brat writes a file per
        // document), which one ZIP stream cannot take: each file is written to a folder of its own under the data
        // directory first, and the files go into the ZIP, in the order they were started, at the end.
        java.nio.file.Path spool = java.nio.file.Files.createDirectories(
                (config != null ? config.dataDir() : dataDir).resolve("exports"))
                .resolve("bundle-" + java.util.UUID.randomUUID());
        java.nio.file.Files.createDirectory(spool);
        List<String> order = new ArrayList<>();
        String root = folderName(project) + "/";
        BundleSink sink = path -> {
            if (path.startsWith("/") || path.contains("..") || order.contains(path)) {
                throw new IllegalArgumentException("a bundle file may be written once, inside the bundle: " + path);
            }
            order.add(path);
            java.nio.file.Path file = spool.resolve(Integer.toString(order.size()));
            return new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file), 1 << 16);
        };
        try {
            writeFiles(caller, context, writers, selection, sink, progress, project, codebook);
            ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
            for (int i = 0; i < order.size(); i++) {
                zip.putNextEntry(new ZipEntry(root + order.get(i)));
                java.nio.file.Files.copy(spool.resolve(Integer.toString(i + 1)), zip);
                zip.closeEntry();
            }
            zip.finish();
            zip.flush();
        } finally {
            try (var files = java.nio.file.Files.walk(spool)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private void writeFiles(User caller, ExportContext context, List<FormatWriter> writers,
                            CorpusReader.Selection selection, BundleSink sink, LongConsumer progress, Project project,
                            Codebook codebook) throws IOException {
        Counts counts = new Counts();
        try {
            for (FormatWriter writer : writers) {
                writer.start(context, sink);
            }
            long[] done = {0};
            reader.read(project.getId(), selection, document -> {
                counts.add(document);
                for (FormatWriter writer : writers) {
                    writer.document(document);
                }
                progress.accept(++done[0]);
            });
            for (FormatWriter writer : writers) {
                writer.finish();
            }
        } catch (IOException | RuntimeException e) {
            for (FormatWriter writer : writers) {
                if (writer instanceof org.claimscope.export.format.CsvFormat csv) {
                    csv.discard();
                }
            }
            throw e;
        }
        for (String schema : List.of("claimscope-jsonl.schema.json", "web-annotation.schema.json")) {
            try (java.io.InputStream in = BundleExporter.class.getResourceAsStream("/org/claimscope/export/" + schema)) {
                if (in != null) {
                    try (OutputStream file = sink.open("schema/" + schema)) {
                        in.transferTo(file);
                    }
                }
            }
        }
        try (OutputStream json = sink.open("codebook.json")) {
            json.write(Json.write(codebook.definition()).getBytes(StandardCharsets.UTF_8));
        }
        try (OutputStream page = sink.open("codebook.md")) {
            page.write(codebookPage(context).getBytes(StandardCharsets.UTF_8));
        }
        try (OutputStream readme = sink.open("README.md")) {
            readme.write(datasheet(caller, context, writers, selection, counts).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The bundle's top folder: the project's name made safe, e.g. {@code venezuela-strikes}. */
    static String folderName(Project project) {
        String name = java.text.Normalizer.normalize(project.getName(), java.text.Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (name.length() > 60) {
            name = name.substring(0, 60);
        }
        return "claimscope-" + (name.isEmpty() ? "project-" + project.getId() : name);
    }

    /** What the datasheet counts while the corpus streams by. */
    static final class Counts {
        long documents;
        long annotations;
        final Map<String, Long> perCategory = new TreeMap<>();
        final Map<String, Long> perLayer = new TreeMap<>();
        final Map<String, Long> layersPerState = new TreeMap<>();

        void add(ExportDocument document) {
            documents++;
            for (ExportLayer layer : document.layers()) {
                layersPerState.merge((layer.curated() ? "curated " : "annotator ") + layer.state(), 1L, Long::sum);
                perLayer.merge(layer.name(), (long) layer.annotations().size(), Long::sum);
                for (ExportAnnotation a : layer.annotations()) {
                    annotations++;
                    perCategory.merge(a.category(), 1L, Long::sum);
                }
            }
        }
    }

    private String datasheet(User caller, ExportContext context, List<FormatWriter> writers,
                             CorpusReader.Selection selection, Counts counts) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(context.projectName()).append(" — Claimscope export\n\n");
        md.append("| | |\n| --- | --- |\n");
        md.append("| project | ").append(cell(context.projectName())).append(" (id ").append(context.projectId())
                .append(") |\n");
        md.append("| exported | ").append(context.exportedAt()).append(" |\n");
        md.append("| codebook | ").append(cell(context.codebook().name())).append(", version ")
                .append(context.codebookVersion()).append(" (`codebook.json`, `codebook.md`) |\n");
        md.append("| layers | ").append(selection.layers().name().toLowerCase(Locale.ROOT)).append(" |\n");
        md.append("| documents | ").append(selection.documentIds().isEmpty() ? "all"
                : selection.documentIds().size() + " chosen").append(" |\n");
        md.append("| categories | ").append(selection.categories().isEmpty() ? "all"
                : String.join(", ", new java.util.TreeSet<>(selection.categories()))).append(" |\n");
        md.append("| states | ").append(selection.states().isEmpty() ? "all"
                : String.join(", ", new java.util.TreeSet<>(selection.states()))).append(" |\n");
        md.append("| annotators named by | ").append(selection.includeLogins()
                ? "their logins: the manager chose to include them" : "stable pseudonyms (A1, A2, …): logins were not"
                + " included").append(" |\n");
        md.append("| formats | ").append(String.join(", ", writers.stream().map(FormatWriter::key).toList()))
                .append(" |\n\n");

        md.append("## Counts\n\n");
        md.append(counts.documents).append(counts.documents == 1 ? " document, " : " documents, ")
                .append(counts.annotations).append(counts.annotations == 1 ? " annotation.\n\n" : " annotations.\n\n");
        md.append("| category | annotations |\n| --- | ---: |\n");
        counts.perCategory.forEach((k, v) -> md.append("| ").append(cell(label(context.codebook(), k))).append(" | ")
                .append(v).append(" |\n"));
        md.append("\n| layer | annotations |\n| --- | ---: |\n");
        counts.perLayer.forEach((k, v) -> md.append("| ").append(cell(k)).append(" | ").append(v).append(" |\n"));
        md.append("\n| layers in state | count |\n| --- | ---: |\n");
        counts.layersPerState.forEach((k, v) -> md.append("| ").append(cell(k)).append(" | ").append(v)
                .append(" |\n"));

        md.append("\n## Agreement\n\n");
        md.append("Computed over the annotators' finished sets of the whole project (not only the selection) with DKPro"
                + " Statistics.\n\n| measure | value | units | documents |\n| --- | --- | ---: | ---: |\n");
        List<String> notes = new ArrayList<>();
        for (String measure : List.of("krippendorff-alpha-nominal", "krippendorff-alpha-unitizing", "cohen-kappa")) {
            try {
                AgreementResult r = agreement.agreement(caller, context.projectId(), measure, null);
                md.append("| ").append(measure).append(" | ")
                        .append(r.value() == null ? "not defined: " + cell(r.reason())
                                : String.format(Locale.ROOT, "%.3f", r.value()))
                        .append(" | ").append(r.units()).append(" | ").append(r.documents()).append(" |\n");
                for (String note : r.notes()) {
                    if (!notes.contains(note)) {
                        notes.add(note);
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Agreement for the datasheet", e);
                md.append("| ").append(measure).append(" | not available: ").append(cell(e.getMessage()))
                        .append(" | | |\n");
            }
        }
        md.append("\n### How units were formed\n\n");
        md.append("For the nominal measures, every span any annotator marked in a document is a unit; an annotator who"
                + " did not mark that exact span contributes the label \"(none)\". Unitizing alpha compares the spans"
                + " themselves, character by character, and its value is the length-weighted mean over documents.\n");
        for (String note : notes) {
            md.append("\n- ").append(note);
        }
        md.append("\n\n## Offsets\n\nEvery offset is a Unicode code point index into the document's text, start"
                + " inclusive, end exclusive (Python: `text[start:end]`), except where a format's own rules say"
                + " otherwise (UIMA counts UTF-16 units; see its section). Every annotation carries its exact quote.\n");
        md.append("\n## Formats and how to load them\n");
        for (FormatWriter writer : writers) {
            md.append("\n### ").append(writer.key()).append("\n\n").append(writer.describe().strip()).append('\n');
        }
        return md.toString();
    }

    private static String label(CodebookDefinition codebook, String key) {
        return codebook.category(key).map(c -> c.label() + " (" + key + (c.retired() ? ", retired" : "") + ")")
                .orElse(key);
    }

    private static String codebookPage(ExportContext context) {
        CodebookDefinition c = context.codebook();
        StringBuilder md = new StringBuilder("# Codebook: ").append(c.name()).append(" (version ")
                .append(context.codebookVersion()).append(")\n\n## Categories\n\n");
        for (CodebookDefinition.Category category : c.categories()) {
            md.append("- **").append(category.label()).append("** (`").append(category.key()).append("`")
                    .append(category.retired() ? ", retired" : "").append(")")
                    .append(category.description() == null || category.description().isBlank() ? ""
                            : ": " + category.description().strip()).append('\n');
        }
        md.append("\n## Subtypes\n\n");
        for (CodebookDefinition.Subtype subtype : c.subtypes()) {
            md.append("- **").append(subtype.label()).append("** (`").append(subtype.key()).append("`")
                    .append(subtype.retired() ? ", retired" : "").append(")")
                    .append(subtype.description() == null || subtype.description().isBlank() ? ""
                            : ": " + subtype.description().strip()).append('\n');
        }
        md.append("\n## Attributes\n\n");
        for (CodebookDefinition.Attribute attribute : c.attributes()) {
            md.append("- **").append(attribute.label()).append("** (`").append(attribute.key()).append("`, ")
                    .append(attribute.type().name().toLowerCase(Locale.ROOT)).append(")")
                    .append(attribute.description() == null || attribute.description().isBlank() ? ""
                            : ": " + attribute.description().strip()).append('\n');
            for (CodebookDefinition.Value value : attribute.values()) {
                md.append("  - ").append(value.label()).append(" (`").append(value.key()).append("`")
                        .append(value.retired() ? ", retired" : "").append(")\n");
            }
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    /** For callers that must not throw checked exceptions. */
    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
