package org.claimscope.export.format;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.claimscope.export.model.BundleSink;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportContext;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.claimscope.export.model.FormatWriter;

/**
 * JSON Lines ({@code jsonl/corpus.jsonl}): one line per document, in the shape of the project's JSON Lines export
 * ({@code GET /api/v1/projects/{id}/export?format=jsonl}) and of {@code schema/export/claimscope-jsonl.schema.json}:
 * metadata, text, the annotators' sets and annotations, and the curated layer under {@code curated}. This file is
 * also what a bundle is imported from.
 */
public class JsonlFormat implements FormatWriter {
    private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());

    private ExportContext context;
    private Writer writer;
    private OutputStream out;
    private boolean curatedLayer = true;
    private boolean annotatorLayers = true;

    /** Which layers the lines carry: the curated layer, the annotators' layers, or both. */
    public JsonlFormat layers(boolean curated, boolean annotators) {
        this.curatedLayer = curated;
        this.annotatorLayers = annotators;
        return this;
    }

    @Override
    public String key() {
        return "jsonl";
    }

    @Override
    public void start(ExportContext context, BundleSink sink) throws IOException {
        this.context = context;
        this.out = sink.open(folder() + "corpus.jsonl");
        this.writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    }

    @Override
    public void document(ExportDocument d) throws IOException {
        JsonGenerator g = GENERATORS.createGenerator(new FilterWriter(writer) {
            @Override
            public void close() throws IOException {
                flush();
            }
        });
        g.writeStartObject().write("id", d.id()).write("title", d.title());
        g.writeStartObject("metadata");
        nullable(g, "author", d.author());
        nullable(g, "publishedAt", d.publishedAt());
        nullable(g, "siteName", d.siteName());
        nullable(g, "sourceUrl", d.sourceUrl());
        nullable(g, "language", d.language());
        nullable(g, "mediaType", d.mediaType());
        nullable(g, "fileName", d.fileName());
        g.writeEnd();
        g.write("textSha256", d.textSha256()).write("codebookVersion", context.codebookVersion())
                .write("text", d.text());
        if (annotatorLayers) {
            g.writeStartArray("sets");
            for (ExportLayer layer : d.layers()) {
                if (!layer.curated()) {
                    g.writeStartObject().write("annotator", layer.name()).write("state", layer.state());
                    if (layer.updatedAt() != null) {
                        g.write("updatedAt", layer.updatedAt().toString());
                    }
                    g.writeEnd();
                }
            }
            g.writeEnd();
            // every annotator's annotations in one list, in order of start, end and id, as the export always wrote
            java.util.List<java.util.Map.Entry<ExportAnnotation, String>> all = new java.util.ArrayList<>();
            for (ExportLayer layer : d.layers()) {
                if (!layer.curated()) {
                    for (ExportAnnotation a : layer.annotations()) {
                        all.add(java.util.Map.entry(a, layer.name()));
                    }
                }
            }
            all.sort(java.util.Comparator.comparingInt((java.util.Map.Entry<ExportAnnotation, String> e) -> e.getKey()
                    .start()).thenComparingInt(e -> e.getKey().end()).thenComparingLong(e -> e.getKey().id()));
            g.writeStartArray("annotations");
            for (var entry : all) {
                annotation(g, entry.getKey(), entry.getValue());
            }
            g.writeEnd();
        }
        if (curatedLayer) {
            ExportLayer curated = d.layers().stream().filter(ExportLayer::curated).findFirst().orElse(null);
            g.writeStartObject("curated").write("state", curated == null ? "NEW" : curated.state());
            g.writeStartArray("annotations");
            if (curated != null) {
                for (ExportAnnotation a : curated.annotations()) {
                    annotation(g, a, ExportLayer.CURATED);
                }
            }
            g.writeEnd().writeEnd();
        }
        g.writeEnd();
        g.close();
        writer.write('\n');
    }

    private static void annotation(JsonGenerator g, ExportAnnotation a, String layer) {
        g.writeStartObject().write("id", a.id()).write("annotator", layer).write("start", a.start())
                .write("end", a.end()).write("quote", a.quote()).write("category", a.category());
        g.writeStartArray("subtypes");
        a.subtypes().forEach(g::write);
        g.writeEnd();
        g.writeStartObject("attributes");
        a.attributes().forEach(g::write);
        g.writeEnd();
        g.write("createdAt", a.createdAt().toString()).write("updatedAt", a.updatedAt().toString()).writeEnd();
    }

    private static void nullable(JsonGenerator g, String name, String value) {
        if (value == null) {
            g.writeNull(name);
        } else {
            g.write(name, value);
        }
    }

    @Override
    public void finish() throws IOException {
        writer.flush();
        out.close();
    }

    @Override
    public String describe() {
        return """
                `jsonl/corpus.jsonl` holds one JSON object per line and document: its metadata, its text, every \
                annotator's set (state) and annotations, and the curated layer under `curated`. Offsets are Unicode \
                code points into `text` (start inclusive, end exclusive). The lines follow \
                `schema/claimscope-jsonl.schema.json`. A Claimscope server imports the bundle from this file.

                Python (or `pandas.read_json("jsonl/corpus.jsonl", lines=True)` for a table of documents):

                ```python
                import json
                docs = [json.loads(line) for line in open("jsonl/corpus.jsonl", encoding="utf-8")]
                for d in docs:
                    layers = d["annotations"] + (d["curated"]["annotations"] if d.get("curated") else [])
                    for a in layers:
                        assert d["text"][a["start"]:a["end"]] == a["quote"]
                ```

                R (jsonlite; `substr` counts characters, which are code points in UTF-8):

                ```r
                library(jsonlite)
                docs <- stream_in(file("jsonl/corpus.jsonl", encoding = "UTF-8"), simplifyVector = FALSE,
                                  verbose = FALSE)
                for (d in docs) for (a in d$annotations)
                  stopifnot(substr(d$text, a$start + 1, a$end) == a$quote)
                ```""";
    }
}
