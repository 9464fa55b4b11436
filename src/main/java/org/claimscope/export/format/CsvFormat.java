package org.claimscope.export.format;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.export.model.BundleSink;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportContext;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.claimscope.export.model.FormatWriter;

/**
 * The corpus as two CSV tables for spreadsheets, pandas and R: {@code csv/annotations.csv} with one row per annotation
 * of every exported layer, and {@code csv/documents.csv} with one row per document (so documents without annotations
 * are present too), joined on {@code document_id}.
 *
 * <p>Both files are RFC 4180 (comma, double quotes doubled inside quoted fields, CRLF between records; a field that
 * holds a newline, comma or quote is quoted and keeps its newlines) in UTF-8 <em>with</em> a byte order mark. The BOM
 * is written because Excel needs it to read the file as UTF-8 (without it, Arabic, accents and emoji turn into
 * mojibake), while the research tools skip it: readr's {@code read_csv} and data.table's {@code fread} drop it, and
 * pandas' default C parser drops a leading UTF-8 BOM even with the default {@code encoding="utf-8"}; passing
 * {@code encoding="utf-8-sig"} removes it explicitly and also suits Python's own {@code csv} module, which otherwise
 * keeps it as part of the first header ({@code "\ufeffdocument_id"}). Base R's {@code read.csv} needs
 * {@code fileEncoding = "UTF-8-BOM"}.
 *
 * <p>Offsets ({@code start}, {@code end}) are Unicode code points into the document's text, start inclusive, end
 * exclusive, as in every Claimscope export; {@code quote} is exactly that span. In Python, {@code text[start:end]}
 * gives the quote (Python strings index code points); in R use {@code stringi::stri_sub(text, start + 1, end)}; Java
 * and JavaScript index UTF-16 code units and need converting. {@code context_left} and {@code context_right} hold up
 * to 40 code points either side of the span (never half a surrogate pair; newlines kept). Subtypes are joined with
 * {@code |}; each codebook attribute, retired ones included, has a column {@code attr_<key>} in codebook order, empty
 * when the annotation has no value for it. Times are ISO-8601 instants in UTC.
 *
 * <p>Memory stays bounded: annotation rows are streamed to the bundle as documents pass; the small document rows are
 * spooled to a temporary file (the bundle takes one file at a time) and copied into the bundle at {@link #finish()}.
 * No document or text is kept. Values are written as they are: a value that begins with {@code =}, {@code +},
 * {@code -} or {@code @} is not altered, so research data stays exact; a spreadsheet may treat such a cell as a
 * formula.
 */
public final class CsvFormat implements FormatWriter {
    public static final String KEY = "csv";
    public static final String ANNOTATIONS = "annotations.csv";
    public static final String DOCUMENTS = "documents.csv";

    /** The annotation table's columns before the attribute columns. */
    public static final List<String> ANNOTATION_COLUMNS = List.of("document_id", "title", "site_name",
            "published_at", "source_url", "layer", "annotation_id", "start", "end", "quote", "category", "subtypes");
    /** The annotation table's columns after the attribute columns. */
    public static final List<String> ANNOTATION_TAIL = List.of("context_left", "context_right", "created_at",
            "updated_at");
    /** The document table's columns. */
    public static final List<String> DOCUMENT_COLUMNS = List.of("document_id", "title", "author", "site_name",
            "published_at", "source_url", "language", "file_name", "text_sha256", "text_length", "layers");

    private static final char BOM = '\uFEFF';
    private static final int CHUNK = 1 << 15;

    private final Path spoolDirectory;
    private List<String> attributeKeys;
    /**
     * The annotation rows of the current document. The printer writes into this buffer rather than into the file's
     * writer, which it would reach through a synchronized call and a copied substring for every piece of every field;
     * the buffer goes to the file after each document, or sooner when it holds more than {@link #CHUNK} characters.
     */
    private final StringBuilder rows = new StringBuilder(2 * CHUNK);
    private char[] chunk = new char[2 * CHUNK];
    /** The last time written and its text: an annotation's two times, and those of its neighbours, often match. */
    private Instant lastInstant;
    private String lastInstantText;
    private Writer annotationsOut;
    private CSVPrinter annotations;
    private CSVPrinter documents;
    private Path documentSpool;
    private BundleSink sink;

    /** Spools document rows in the JVM's temporary directory. */
    public CsvFormat() {
        this(null);
    }

    /** @param spoolDirectory where the document rows wait until {@link #finish()}; null for the JVM's default */
    public CsvFormat(Path spoolDirectory) {
        this.spoolDirectory = spoolDirectory;
    }

    @Override
    public String key() {
        return KEY;
    }

    /** The header of {@code annotations.csv} for a codebook. */
    public static List<String> annotationHeader(CodebookDefinition codebook) {
        List<String> header = new ArrayList<>(ANNOTATION_COLUMNS);
        codebook.attributes().forEach(a -> header.add("attr_" + a.key()));
        header.addAll(ANNOTATION_TAIL);
        return header;
    }

    private static CSVFormat format(List<String> header) {
        return CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get();
    }

    @Override
    public void start(ExportContext context, BundleSink sink) throws IOException {
        this.sink = sink;
        this.attributeKeys = context.codebook().attributes().stream().map(CodebookDefinition.Attribute::key).toList();
        documentSpool = spoolDirectory == null ? Files.createTempFile("claimscope-documents", ".csv")
                : Files.createTempFile(spoolDirectory, "claimscope-documents", ".csv");
        try {
            documents = new CSVPrinter(Files.newBufferedWriter(documentSpool, StandardCharsets.UTF_8),
                    format(DOCUMENT_COLUMNS));
            annotationsOut = open(sink, folder() + ANNOTATIONS);
            annotations = new CSVPrinter(rows, format(annotationHeader(context.codebook())));
            drainRows();
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    private static Writer open(BundleSink sink, String path) throws IOException {
        OutputStream out = sink.open(path);
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        writer.write(BOM);
        return writer;
    }

    @Override
    public void document(ExportDocument d) throws IOException {
        String text = d.text() == null ? "" : d.text();
        documents.printRecord(d.id(), d.title(), d.author(), d.siteName(), d.publishedAt(), d.sourceUrl(),
                d.language(), d.fileName(), d.textSha256(), text.codePointCount(0, text.length()),
                d.layers().stream().map(l -> l.name() + "=" + l.state()).collect(Collectors.joining("|")));
        List<Object> row = new ArrayList<>(ANNOTATION_COLUMNS.size() + attributeKeys.size() + ANNOTATION_TAIL.size());
        for (ExportLayer layer : d.layers()) {
            for (ExportAnnotation a : layer.annotations()) {
                for (String key : a.attributes().keySet()) {
                    if (!attributeKeys.contains(key)) {
                        throw new IllegalStateException("annotation " + a.id() + " of document " + d.id()
                                + " has attribute " + key + ", which the export's codebook does not list");
                    }
                }
                SpanContext context = SpanContext.of(text, a.start(), a.end());
                row.clear();
                row.add(d.id());
                row.add(d.title());
                row.add(d.siteName());
                row.add(d.publishedAt());
                row.add(d.sourceUrl());
                row.add(layer.name());
                row.add(a.id());
                row.add(a.start());
                row.add(a.end());
                row.add(a.quote());
                row.add(a.category());
                row.add(String.join("|", a.subtypes()));
                for (String key : attributeKeys) {
                    row.add(a.attributes().get(key));
                }
                row.add(context.left());
                row.add(context.right());
                row.add(instant(a.createdAt()));
                row.add(instant(a.updatedAt()));
                annotations.printRecord(row);
                if (rows.length() > CHUNK) {
                    drainRows();
                }
            }
        }
        drainRows();
    }

    /** Moves the buffered rows to the file. */
    private void drainRows() throws IOException {
        int length = rows.length();
        if (chunk.length < length) {
            chunk = new char[Math.max(length, chunk.length * 2)];
        }
        rows.getChars(0, length, chunk, 0);
        annotationsOut.write(chunk, 0, length);
        rows.setLength(0);
    }

    private String instant(Instant instant) {
        if (instant == null) {
            return null;
        }
        if (!instant.equals(lastInstant)) {
            lastInstant = instant;
            lastInstantText = instant.toString();
        }
        return lastInstantText;
    }

    @Override
    public void finish() throws IOException {
        try {
            annotations.close(true);
            annotations = null;
            drainRows();
            annotationsOut.close();
            annotationsOut = null;
            documents.close(true);
            documents = null;
            try (Writer out = open(sink, folder() + DOCUMENTS);
                 Reader in = Files.newBufferedReader(documentSpool, StandardCharsets.UTF_8)) {
                in.transferTo(out);
            }
        } finally {
            discard();
        }
    }

    /** Closes what is open and deletes the spool, e.g. after a failed export; safe to call more than once. */
    public void discard() {
        for (CSVPrinter printer : new CSVPrinter[] {annotations, documents}) {
            if (printer != null) {
                try {
                    printer.close();
                } catch (IOException ignored) {
                    // already failing or finished; nothing more to save
                }
            }
        }
        if (annotationsOut != null) {
            try {
                annotationsOut.close();
            } catch (IOException ignored) {
                // already failing; nothing more to save
            }
        }
        annotationsOut = null;
        annotations = null;
        documents = null;
        if (documentSpool != null) {
            try {
                Files.deleteIfExists(documentSpool);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            documentSpool = null;
        }
    }

    @Override
    public String describe() {
        return """
                csv/annotations.csv has one row per annotation of every exported layer ("curated" for the adjudicated \
                layer, otherwise the annotator's pseudonym): document_id, title, site_name, published_at, source_url, \
                layer, annotation_id, start, end, quote, category, subtypes (joined with "|"), one attr_<key> column \
                per codebook attribute (retired ones included), context_left and context_right (up to 40 code points \
                either side of the span), created_at and updated_at (ISO-8601, UTC). csv/documents.csv has one row per \
                document, with or without annotations: document_id, title, author, site_name, published_at, \
                source_url, language, file_name, text_sha256, text_length (in code points) and layers \
                ("name=STATE" joined with "|"). Both are RFC 4180 CSV in UTF-8 with a byte order mark, which Excel \
                needs to show UTF-8 text correctly; pandas, readr and data.table skip it. Fields may hold line breaks \
                inside quotes, so read the files with a CSV parser, never line by line. start and end count Unicode \
                code points (start inclusive, end exclusive): in Python text[start:end] is the quote; in Java or \
                JavaScript, convert from UTF-16 first. keep_default_na=False in pandas and na = character() in R                 keep an empty value, or a quote or speaker such as "NA", as text rather than a missing value.

                Python (pandas):

                ```python
                import pandas as pd
                ann = pd.read_csv("csv/annotations.csv", encoding="utf-8-sig", keep_default_na=False)
                docs = pd.read_csv("csv/documents.csv", encoding="utf-8-sig", keep_default_na=False)
                ```

                R (readr):

                ```r
                library(readr)
                ann <- read_csv("csv/annotations.csv", col_types = cols(.default = col_character()),
                                na = character(), progress = FALSE)
                docs <- read_csv("csv/documents.csv", col_types = cols(.default = col_character()),
                                 na = character(), progress = FALSE)
                ```

                R without packages:

                ```r
                ann <- read.csv("csv/annotations.csv", fileEncoding = "UTF-8-BOM", colClasses = "character",
                                na.strings = character(), check.names = FALSE)
                ```
                """;
    }
}
