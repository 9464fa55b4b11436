package org.claimscope.export.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.claimscope.export.format.CsvW3cFixtures.PROJECT;
import static org.claimscope.export.format.CsvW3cFixtures.corpus;
import static org.claimscope.export.format.CsvW3cFixtures.cut;
import static org.claimscope.export.format.CsvW3cFixtures.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.claimscope.export.format.CsvW3cFixtures.MemorySink;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class W3cFormatTest {
    private static final JsonSchema SCHEMA = JsonSchemas.load(JsonSchemas.WEB_ANNOTATION);
    private static final String ANNO = "http://www.w3.org/ns/anno.jsonld";

    private static List<JsonNode> items(MemorySink sink) {
        List<JsonNode> items = new ArrayList<>();
        for (int n = 1; sink.entries.containsKey(new W3cFormat().pageFile(n)); n++) {
            sink.text(new W3cFormat().pageFile(n));
            JsonSchemas.parse(sink.text(new W3cFormat().pageFile(n))).get("items").forEach(items::add);
        }
        return items;
    }

    private static void assertAllValid(MemorySink sink) {
        assertThat(sink.entries).isNotEmpty();
        for (String path : sink.entries.keySet()) {
            assertThat(JsonSchemas.errors(SCHEMA, sink.text(path))).as(path).isEmpty();
        }
    }

    @Test
    void pagesAndCollectionAreLinkedAndCountEveryAnnotation() throws IOException {
        MemorySink sink = export(new W3cFormat(2), corpus());
        assertThat(sink.entries.keySet()).containsExactly("w3c/page-00001.json", "w3c/page-00002.json",
                "w3c/page-00003.json", "w3c/collection.json");
        assertAllValid(sink);
        JsonNode collection = JsonSchemas.parse(sink.text("w3c/collection.json"));
        String collectionId = collection.get("id").asText();
        assertThat(collection.get("@context").get(0).asText()).isEqualTo(ANNO);
        assertThat(collection.get("type").asText()).isEqualTo("AnnotationCollection");
        assertThat(collectionId).isEqualTo("urn:claimscope:project:7:export:"
                + CsvW3cFixtures.EXPORTED.toEpochMilli());
        assertThat(collection.get("total").asInt()).isEqualTo(6);
        assertThat(collection.get("label").asText()).contains("Strikes, \"2025\"");
        assertThat(collection.get("first").asText()).isEqualTo(collectionId + ":page:1");
        assertThat(collection.get("last").asText()).isEqualTo(collectionId + ":page:3");
        for (int n = 1; n <= 3; n++) {
            JsonNode page = JsonSchemas.parse(sink.text(String.format("w3c/page-%05d.json", n)));
            assertThat(page.get("@context").get(0).asText()).isEqualTo(ANNO);
            assertThat(page.get("id").asText()).isEqualTo(collectionId + ":page:" + n);
            assertThat(page.get("type").asText()).isEqualTo("AnnotationPage");
            assertThat(page.get("partOf").asText()).isEqualTo(collectionId);
            assertThat(page.get("startIndex").asInt()).isEqualTo(2 * (n - 1));
            assertThat(page.get("items")).hasSize(2);
            assertThat(page.has("prev")).isEqualTo(n > 1);
            assertThat(page.has("next")).isEqualTo(n < 3);
            if (n > 1) {
                assertThat(page.get("prev").asText()).isEqualTo(collectionId + ":page:" + (n - 1));
            }
            if (n < 3) {
                assertThat(page.get("next").asText()).isEqualTo(collectionId + ":page:" + (n + 1));
            }
        }
    }

    @Test
    void everyAnnotationCarriesTheModelWithSelectorsThatFindTheQuoteInCodePoints() throws IOException {
        MemorySink sink = export(new W3cFormat(), corpus());
        assertThat(sink.entries.keySet()).containsExactly("w3c/page-00001.json", "w3c/collection.json");
        assertAllValid(sink);
        List<JsonNode> items = items(sink);
        assertThat(items).hasSize(6);
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (ExportDocument d : corpus()) {
            for (ExportLayer layer : d.layers()) {
                for (ExportAnnotation a : layer.annotations()) {
                    JsonNode item = items.get(i++);
                    assertThat(item.has("@context")).as("inherited from the page").isFalse();
                    assertThat(item.get("id").asText()).isEqualTo("urn:claimscope:project:7:annotation:" + a.id());
                    assertThat(ids.add(item.get("id").asText())).isTrue();
                    assertThat(item.get("type").asText()).isEqualTo("Annotation");
                    assertThat(item.get("motivation").asText()).isEqualTo("classifying");
                    assertThat(item.get("created").asText()).isEqualTo("2025-12-24T08:30:00Z");
                    assertThat(item.get("modified").asText()).isEqualTo("2025-12-24T09:45:12.345Z");
                    assertThat(item.get("layer").asText()).isEqualTo(layer.name());
                    JsonNode creator = item.get("creator");
                    if (layer.curated()) {
                        assertThat(creator.get("type").asText()).isEqualTo("Organization");
                        assertThat(creator.get("id").asText()).isEqualTo("urn:claimscope:project:7:curators");
                    } else {
                        assertThat(creator.get("type").asText()).isEqualTo("Person");
                        assertThat(creator.get("nickname").asText()).isEqualTo(layer.name());
                        assertThat(creator.get("id").asText())
                                .isEqualTo("urn:claimscope:project:7:annotator:" + layer.name());
                    }

                    List<JsonNode> body = StreamSupport.stream(item.get("body").spliterator(), false).toList();
                    assertThat(body).allSatisfy(b -> assertThat(b.get("type").asText()).isEqualTo("TextualBody"));
                    assertThat(body.get(0).get("purpose").asText()).isEqualTo("classifying");
                    assertThat(body.get(0).get("value").asText()).isEqualTo(a.category());
                    assertThat(body.get(0).get("label").asText()).isEqualTo(
                            CsvW3cFixtures.codebook().category(a.category()).orElseThrow().label());
                    assertThat(body.stream().filter(b -> b.get("purpose").asText().equals("tagging"))
                            .map(b -> b.get("value").asText()).toList()).containsExactlyElementsOf(a.subtypes());
                    assertThat(body.stream().filter(b -> b.get("purpose").asText().equals("describing"))
                            .map(b -> b.get("value").asText()).toList()).containsExactlyElementsOf(
                            a.attributes().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
                    assertThat(body).hasSize(1 + a.subtypes().size() + a.attributes().size());

                    JsonNode target = item.get("target");
                    assertThat(target.get("type").asText()).isEqualTo("SpecificResource");
                    assertThat(target.get("source").get("id").asText())
                            .isEqualTo("urn:claimscope:project:7:document:" + d.id());
                    assertThat(target.get("source").get("documentId").asLong()).isEqualTo(d.id());
                    assertThat(target.get("source").get("textSha256").asText()).isEqualTo(d.textSha256());
                    JsonNode quote = target.get("selector").get(0);
                    JsonNode position = target.get("selector").get(1);
                    assertThat(quote.get("type").asText()).isEqualTo("TextQuoteSelector");
                    assertThat(position.get("type").asText()).isEqualTo("TextPositionSelector");
                    int start = position.get("start").asInt();
                    int end = position.get("end").asInt();
                    assertThat(start).isEqualTo(a.start());
                    assertThat(end).isEqualTo(a.end());
                    assertThat(quote.get("exact").asText()).isEqualTo(a.quote()).isEqualTo(cut(d.text(), start, end));
                    String prefix = quote.has("prefix") ? quote.get("prefix").asText() : "";
                    String suffix = quote.has("suffix") ? quote.get("suffix").asText() : "";
                    assertThat(prefix).isEqualTo(cut(d.text(), Math.max(0, start - 40), start));
                    int length = (int) d.text().codePoints().count();
                    assertThat(suffix).isEqualTo(cut(d.text(), end, Math.min(length, end + 40)));
                }
            }
        }
        JsonNode first = items.get(0);
        assertThat(first.get("target").get("scope").asText()).isEqualTo("https://example.org/a?x=1&y=2");
        assertThat(first.get("body").get(0).get("label").asText()).as("a retired category still resolves")
                .isEqualTo("Procedural remark");
        assertThat(first.get("target").get("selector").get(0).has("prefix")).as("span at the start").isFalse();
        JsonNode arabic = items.get(5);
        assertThat(arabic.get("target").has("scope")).isFalse();
        assertThat(arabic.get("target").get("source").get("language").asText()).isEqualTo("ar");
        assertThat(arabic.get("target").get("selector").get(0).get("exact").asText())
                .isEqualTo("الضربات غير قانونية 👎");
        assertThat(arabic.get("target").get("selector").get(1).get("end").asInt()
                - arabic.get("target").get("selector").get(1).get("start").asInt()).isEqualTo(21);
    }

    @Test
    void emptyCorpusIsAnEmptyCollectionWithoutPages() throws IOException {
        MemorySink sink = export(new W3cFormat(), List.of());
        assertThat(sink.entries.keySet()).containsExactly("w3c/collection.json");
        assertAllValid(sink);
        JsonNode collection = JsonSchemas.parse(sink.text("w3c/collection.json"));
        assertThat(collection.get("total").asInt()).isZero();
        assertThat(collection.has("first")).isFalse();
        assertThat(collection.has("last")).isFalse();
    }

    @Test
    void aLargeCorpusIsCutIntoPagesOfAThousandAsItStreams() throws IOException {
        String text = "Officials said the strike was lawful. ";
        MemorySink sink = new MemorySink();
        W3cFormat w3c = new W3cFormat();
        w3c.start(CsvW3cFixtures.context(), sink);
        for (int doc = 1; doc <= 25; doc++) {
            List<ExportAnnotation> annotations = new ArrayList<>();
            for (int k = 0; k < 100; k++) {
                annotations.add(new ExportAnnotation(doc * 1000L + k, 0, 9, "Officials", "LEGAL_ASSERTION",
                        List.of(), Map.of(), "A1", Instant.EPOCH, Instant.EPOCH));
            }
            w3c.document(new ExportDocument(doc, "t", null, null, null, null, "en", "text/plain", "a.txt",
                    "e".repeat(64), text, List.of(new ExportLayer("A1", false, "FINISHED", annotations))));
            int expectedPages = (doc * 100 - 1) / 1000;
            assertThat(sink.entries).as("pages are written as documents pass").hasSize(expectedPages);
        }
        w3c.finish();
        assertThat(sink.entries.keySet()).containsExactly("w3c/page-00001.json", "w3c/page-00002.json",
                "w3c/page-00003.json", "w3c/collection.json");
        assertAllValid(sink);
        assertThat(IntStream.rangeClosed(1, 3).map(n -> JsonSchemas.parse(sink.text(w3c.pageFile(n)))
                .get("items").size()).boxed().toList()).containsExactly(1000, 1000, 500);
        assertThat(JsonSchemas.parse(sink.text("w3c/collection.json")).get("total").asInt()).isEqualTo(2500);
    }

    @Test
    void theSchemaAcceptsTheSpecsOwnExamples() {
        assertThat(JsonSchemas.errors(SCHEMA, """
                {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://example.org/anno1",
                 "type": "Annotation", "body": "http://example.org/post1", "target": "http://example.com/page1"}
                """)).isEmpty();
        assertThat(JsonSchemas.errors(SCHEMA, """
                {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://example.org/anno5",
                 "type": "Annotation", "body": {"type": "TextualBody", "value": "<p>j'adore !</p>",
                 "format": "text/html", "language": "fr"}, "target": "http://example.org/photo1"}
                """)).isEmpty();
        assertThat(JsonSchemas.errors(SCHEMA, """
                {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://example.org/anno23",
                 "type": "Annotation", "body": "http://example.org/comment1",
                 "target": {"source": "http://example.org/ebook1",
                   "selector": {"type": "TextPositionSelector", "start": 412, "end": 795}}}
                """)).isEmpty();
    }

    /** Each breaks one MUST of the model; the schema must say so. */
    @ParameterizedTest
    @ValueSource(strings = {
            // no target
            """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:1", "type": "Annotation"}""",
            // the Web Annotation context missing
            """
            {"@context": "http://schema.org/", "id": "urn:x:1", "type": "Annotation", "target": "urn:x:t"}""",
            // a single context given as an array
            """
            {"@context": ["http://www.w3.org/ns/anno.jsonld"], "id": "urn:x:1", "type": "Annotation",
             "target": "urn:x:t"}""",
            // id that is not an IRI
            """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "42", "type": "Annotation", "target": "urn:x:t"}""",
            // type without Annotation
            """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:1", "type": "Note", "target": "urn:x:t"}""",
            // a TextualBody without value
            """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:1", "type": "Annotation",
             "body": {"type": "TextualBody", "purpose": "tagging"}, "target": "urn:x:t"}""",
            // both body and bodyValue
            """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:1", "type": "Annotation",
             "body": "urn:x:b", "bodyValue": "note", "target": "urn:x:t"}""",
            // a SpecificResource without source
            """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:1", "type": "Annotation",
             "target": {"type": "SpecificResource", "selector": {"type": "TextQuoteSelector", "exact": "a"}}}""",
            // a TextQuoteSelector without exact
            """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:1", "type": "Annotation",
             "target": {"source": "urn:x:t", "selector": {"type": "TextQuoteSelector", "prefix": "a"}}}""",
            // two exact values
            """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:1", "type": "Annotation",
             "target": {"source": "urn:x:t", "selector": {"type": "TextQuoteSelector", "exact": ["a", "b"]}}}""",
            // a negative start
            """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:1", "type": "Annotation",
             "target": {"source": "urn:x:t", "selector": {"type": "TextPositionSelector", "start": -1, "end": 2}}}""",
            // no end
            """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:1", "type": "Annotation",
             "target": {"source": "urn:x:t", "selector": {"type": "TextPositionSelector", "start": 1}}}""",
            // created not an xsd:dateTime
            """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:1", "type": "Annotation",
             "created": "24.12.2025", "target": "urn:x:t"}""",
            // a motivation that is neither the model's nor an IRI
            """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:1", "type": "Annotation",
             "motivation": "liking", "target": "urn:x:t"}""",
            // a page without items
            """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:p1", "type": "AnnotationPage"}""",
            // a collection without id
            """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "total": 0}""",
            // an annotation on a page without target
            """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:p1", "type": "AnnotationPage",
             "items": [{"id": "urn:x:1", "type": "Annotation"}]}"""
    })
    void theSchemaRefusesWhatBreaksAMust(String json) {
        assertThat(JsonSchemas.errors(SCHEMA, json)).isNotEmpty();
    }

    @Test
    void describeSaysHowToLoadInPythonAndR() {
        assertThat(new W3cFormat().describe()).contains("json.load", "jsonlite", "code points", "1000");
        assertThat(new W3cFormat().folder()).isEqualTo("w3c/");
        assertThat(PROJECT).isEqualTo(7);
    }
}
