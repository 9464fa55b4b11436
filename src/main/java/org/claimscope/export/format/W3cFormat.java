package org.claimscope.export.format;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonStructure;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.export.model.BundleSink;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportContext;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.claimscope.export.model.FormatWriter;

/**
 * The corpus as W3C Web Annotation Data Model JSON-LD (W3C Recommendation, 23 February 2017): one
 * {@code AnnotationCollection} in {@code w3c/collection.json} whose {@code first} and {@code last} name pages
 * {@code w3c/page-00001.json}, {@code w3c/page-00002.json}, … Each page is an {@code AnnotationPage} of at most
 * {@link #pageSize} annotations with {@code partOf}, {@code startIndex}, {@code prev} and {@code next}; page <i>n</i>'s
 * IRI ends in {@code :page:n} and its file is {@code page-<n, five digits>.json}.
 *
 * <p>Each annotation:
 * <ul>
 * <li>{@code id} {@code urn:claimscope:project:<project>:annotation:<id>} (annotation ids are unique in Claimscope,
 * across layers); {@code type} {@code Annotation}; {@code motivation} {@code classifying}; {@code created} and
 * {@code modified} as xsd:dateTime in UTC.</li>
 * <li>{@code creator}: for an annotator's layer a {@code Person} with IRI
 * {@code urn:claimscope:project:<p>:annotator:<name>} and {@code nickname} the name the layer gives (the stable
 * pseudonym, or the login only when the manager chose to export logins); for the curated layer an
 * {@code Organization}, {@code urn:claimscope:project:<p>:curators}, since the adjudicated layer is the curators' joint
 * work. The layer is also given as {@code layer} ({@code "curated"} or the pseudonym), a term of Claimscope's extension
 * context ({@code urn:claimscope:vocab:layer}), listed after the Web Annotation context as the model's extension
 * mechanism asks.</li>
 * <li>{@code body}: the category as a {@code TextualBody} with {@code purpose} {@code classifying}, {@code value} the
 * category key and {@code label} its codebook label (retired categories resolve, the codebook keeps them); each subtype
 * as a {@code TextualBody} with {@code purpose} {@code tagging}; each attribute as a {@code TextualBody} with
 * {@code purpose} {@code describing} and {@code value} {@code key=value}.</li>
 * <li>{@code target}: a {@code SpecificResource} whose {@code source} is the document
 * ({@code urn:claimscope:project:<p>:document:<id>}, type {@code Text}, format {@code text/plain}, with
 * {@code documentId} and {@code textSha256} from the extension context), whose {@code scope} is the article's source
 * URL when it is an absolute IRI, and two {@code selector}s, which the model treats as equivalent alternatives: a
 * {@code TextQuoteSelector} ({@code exact}, plus {@code prefix} and {@code suffix} of up to 40 code points when not
 * empty) and a {@code TextPositionSelector} ({@code start} inclusive, {@code end} exclusive).</li>
 * </ul>
 *
 * <p>Positions are Unicode code points, which is what the model requires: "The selection of the text MUST be in terms
 * of unicode code points (the "character number"), not in terms of code units" (§4.2.4 Text Quote Selector, and the
 * same for §4.2.5 Text Position Selector). They are counted in the document's text as stored (NFC-normalised at import
 * and never changed since), in logical order, also for right-to-left scripts.
 *
 * <p>Memory stays bounded: only the current page's annotations are held. A full page is written when the next
 * annotation shows there is a next page; the collection, which needs the total, is written at {@link #finish()}.
 * {@code schema/export/web-annotation.schema.json} checks the files against the model's MUST rules.
 */
public final class W3cFormat implements FormatWriter {
    public static final String KEY = "w3c";
    public static final String CONTEXT = "http://www.w3.org/ns/anno.jsonld";
    public static final String COLLECTION = "collection.json";
    public static final int DEFAULT_PAGE_SIZE = 1000;

    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());
    private static final JsonGeneratorFactory PRETTY = Json.createGeneratorFactory(
            Map.of(JsonGenerator.PRETTY_PRINTING, true));
    /** The Web Annotation context first, then Claimscope's own terms. */
    private static final JsonArray CONTEXTS = JSON.createArrayBuilder()
            .add(CONTEXT)
            .add(JSON.createObjectBuilder()
                    .add("claimscope", "urn:claimscope:vocab:")
                    .add("layer", "claimscope:layer")
                    .add("documentId", "claimscope:documentId")
                    .add("textSha256", "claimscope:textSha256"))
            .build();

    private final int pageSize;
    private ExportContext context;
    private BundleSink sink;
    private String projectIri;
    private String collectionIri;
    private final List<JsonObject> page = new ArrayList<>();
    private int pages;
    private long total;

    public W3cFormat() {
        this(DEFAULT_PAGE_SIZE);
    }

    /** @param pageSize the most annotations on one page */
    public W3cFormat(int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive");
        }
        this.pageSize = pageSize;
    }

    @Override
    public String key() {
        return KEY;
    }

    /** The file of page {@code n} (from 1), relative to the bundle. */
    public String pageFile(int n) {
        return folder() + String.format("page-%05d.json", n);
    }

    private String pageIri(int n) {
        return collectionIri + ":page:" + n;
    }

    @Override
    public void start(ExportContext context, BundleSink sink) {
        this.context = context;
        this.sink = sink;
        this.projectIri = "urn:claimscope:project:" + context.projectId();
        this.collectionIri = projectIri + ":export:" + context.exportedAt().toEpochMilli();
        page.clear();
        pages = 0;
        total = 0;
    }

    @Override
    public void document(ExportDocument document) throws IOException {
        String text = document.text() == null ? "" : document.text();
        for (ExportLayer layer : document.layers()) {
            for (ExportAnnotation a : layer.annotations()) {
                if (page.size() == pageSize) {
                    writePage(true);
                }
                page.add(annotation(document, text, layer, a));
                total++;
            }
        }
    }

    @Override
    public void finish() throws IOException {
        if (!page.isEmpty()) {
            writePage(false);
        }
        CodebookDefinition codebook = context.codebook();
        JsonObjectBuilder collection = JSON.createObjectBuilder()
                .add("@context", CONTEXTS)
                .add("id", collectionIri)
                .add("type", "AnnotationCollection")
                .add("label", "Claimscope export of project " + context.projectName() + " (codebook "
                        + codebook.name() + ", version " + context.codebookVersion() + ")")
                .add("total", total)
                .add("generated", context.exportedAt().toString())
                .add("generator", JSON.createObjectBuilder().add("id", "urn:claimscope:software")
                        .add("type", "Software").add("name", "Claimscope"));
        if (pages > 0) {
            collection.add("first", pageIri(1)).add("last", pageIri(pages));
        }
        write(folder() + COLLECTION, collection.build());
    }

    private void writePage(boolean hasNext) throws IOException {
        pages++;
        JsonArrayBuilder items = JSON.createArrayBuilder();
        page.forEach(items::add);
        JsonObjectBuilder p = JSON.createObjectBuilder()
                .add("@context", CONTEXTS)
                .add("id", pageIri(pages))
                .add("type", "AnnotationPage")
                .add("partOf", collectionIri)
                .add("startIndex", total - page.size());
        if (pages > 1) {
            p.add("prev", pageIri(pages - 1));
        }
        if (hasNext) {
            p.add("next", pageIri(pages + 1));
        }
        p.add("items", items);
        write(pageFile(pages), p.build());
        page.clear();
    }

    private void write(String path, JsonStructure json) throws IOException {
        OutputStream out = sink.open(path);
        // closing the generator closes the entry, once
        try (JsonGenerator g = PRETTY.createGenerator(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            g.write(json);
        }
    }

    private JsonObject annotation(ExportDocument d, String text, ExportLayer layer, ExportAnnotation a) {
        CodebookDefinition codebook = context.codebook();
        JsonArrayBuilder body = JSON.createArrayBuilder();
        JsonObjectBuilder category = JSON.createObjectBuilder().add("type", "TextualBody")
                .add("purpose", "classifying").add("value", a.category());
        codebook.category(a.category()).ifPresent(c -> category.add("label", c.label()));
        body.add(category);
        for (String subtype : a.subtypes()) {
            JsonObjectBuilder tag = JSON.createObjectBuilder().add("type", "TextualBody")
                    .add("purpose", "tagging").add("value", subtype);
            codebook.subtype(subtype).ifPresent(s -> tag.add("label", s.label()));
            body.add(tag);
        }
        a.attributes().forEach((key, value) -> body.add(JSON.createObjectBuilder().add("type", "TextualBody")
                .add("purpose", "describing").add("value", key + "=" + value)));

        SpanContext around = SpanContext.of(text, a.start(), a.end());
        JsonObjectBuilder quote = JSON.createObjectBuilder().add("type", "TextQuoteSelector").add("exact", a.quote());
        if (!around.left().isEmpty()) {
            quote.add("prefix", around.left());
        }
        if (!around.right().isEmpty()) {
            quote.add("suffix", around.right());
        }
        JsonObjectBuilder source = JSON.createObjectBuilder()
                .add("id", projectIri + ":document:" + d.id())
                .add("type", "Text")
                .add("format", "text/plain")
                .add("documentId", d.id());
        if (d.language() != null && !d.language().isBlank()) {
            source.add("language", d.language());
        }
        if (d.textSha256() != null) {
            source.add("textSha256", d.textSha256());
        }
        JsonObjectBuilder target = JSON.createObjectBuilder().add("type", "SpecificResource").add("source", source);
        String scope = absoluteIri(d.sourceUrl());
        if (scope != null) {
            target.add("scope", scope);
        }
        target.add("selector", JSON.createArrayBuilder()
                .add(quote)
                .add(JSON.createObjectBuilder().add("type", "TextPositionSelector")
                        .add("start", a.start()).add("end", a.end())));

        JsonObjectBuilder annotation = JSON.createObjectBuilder()
                .add("id", projectIri + ":annotation:" + a.id())
                .add("type", "Annotation")
                .add("motivation", "classifying");
        if (a.createdAt() != null) {
            annotation.add("created", dateTime(a.createdAt()));
        }
        if (a.updatedAt() != null) {
            annotation.add("modified", dateTime(a.updatedAt()));
        }
        return annotation
                .add("creator", creator(layer, a))
                .add("layer", layer.name())
                .add("body", body)
                .add("target", target)
                .build();
    }

    private JsonObjectBuilder creator(ExportLayer layer, ExportAnnotation a) {
        if (layer.curated()) {
            return JSON.createObjectBuilder().add("id", projectIri + ":curators").add("type", "Organization")
                    .add("name", "Curators of project " + context.projectName());
        }
        String name = a.creator() == null || a.creator().isBlank() ? layer.name() : a.creator();
        return JSON.createObjectBuilder()
                .add("id", projectIri + ":annotator:" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                        .replace("+", "%20"))
                .add("type", "Person")
                .add("nickname", name);
    }

    /** xsd:dateTime with a time zone; Instant's ISO form (e.g. 2025-12-24T09:45:12.345Z) is one. */
    private static String dateTime(Instant instant) {
        return instant.toString();
    }

    private static String absoluteIri(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(url.strip());
            return uri.isAbsolute() ? uri.toString() : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    @Override
    public String describe() {
        return """
                w3c/ holds the annotations as W3C Web Annotation Data Model JSON-LD \
                (https://www.w3.org/TR/annotation-model/): collection.json is the AnnotationCollection (total, first \
                and last page), and page-00001.json, page-00002.json, … are AnnotationPages of at most %d annotations \
                each, linked by next and prev. Every annotation has motivation "classifying", the category as a \
                TextualBody with purpose "classifying", subtypes with purpose "tagging", attributes as "key=value" \
                with purpose "describing", the creator (annotator pseudonym as a Person, or the curators for the \
                curated layer), the layer as "layer", and a target whose source is the document \
                (urn:claimscope:project:<p>:document:<id>, with documentId and textSha256) with a TextQuoteSelector \
                (exact, prefix, suffix) and a TextPositionSelector (start inclusive, end exclusive, in Unicode code \
                points as the model requires). schema/web-annotation.schema.json checks the files.
                Python:
                    import json, glob
                    items = [a for f in sorted(glob.glob("w3c/page-*.json")) for a in json.load(open(f, encoding="utf-8"))["items"]]
                R (jsonlite):
                    library(jsonlite)
                    pages <- lapply(sort(Sys.glob("w3c/page-*.json")), fromJSON, simplifyVector = FALSE)
                    items <- do.call(c, lapply(pages, `[[`, "items"))
                """.formatted(pageSize);
    }
}
