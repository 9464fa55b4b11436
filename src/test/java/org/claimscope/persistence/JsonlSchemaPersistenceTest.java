package org.claimscope.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.claimscope.annotation.AnnotationInput;
import org.claimscope.audit.AuditService;
import org.claimscope.codebook.CodebookService;
import org.claimscope.curation.CurationService;
import org.claimscope.document.DocumentService;
import org.claimscope.export.JsonlExporter;
import org.claimscope.export.JsonlExporter.Layers;
import org.claimscope.export.format.JsonSchemas;
import org.claimscope.project.ProjectService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JSON Lines export as {@link JsonlExporter} really writes it, from an H2 database, checked against
 * {@code schema/export/claimscope-jsonl.schema.json}: every layer choice, annotators' and curated annotations, and text
 * whose offsets only come out right in code points.
 */
class JsonlSchemaPersistenceTest {
    private static final JsonSchema SCHEMA = JsonSchemas.load(JsonSchemas.JSONL);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EntityManagerFactory emf;

    @AfterEach
    void close() {
        if (emf != null) {
            emf.close();
        }
    }

    private World world() {
        emf = TestDatabase.H2.migrated().entityManagerFactory();
        World w = new World(emf, ClaimscopePersistenceTest.TEXT);
        String text = ClaimscopePersistenceTest.TEXT;
        int cafe = text.codePointCount(0, text.indexOf("cafe"));
        w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(cafe, cafe + 12, "EXPERT_OPINION", List.of("EXTRAJUDICIAL_KILLING_CLAIM"),
                        Map.of("speaker", "Experts, \"many\"", "stance", "ASSERTS_UNLAWFUL"), null)));
        w.tx(em -> w.annotations(em).create(w.other, w.documentId,
                new AnnotationInput(0, 9, "LEGAL_ASSERTION", List.of(), Map.of(), null)));
        int arabic = text.codePointCount(0, text.indexOf("الضربات"));
        w.tx(em -> curation(em).add(w.curator, w.documentId, new AnnotationInput(arabic, arabic + 7,
                "EXPERT_OPINION", List.of("WAR_CRIMES_CLAIM"), Map.of("speaker", "الخبراء"), null), null));
        return w;
    }

    private static CurationService curation(EntityManager em) {
        ProjectService projects = new ProjectService(em);
        return new CurationService(em, new DocumentService(em, projects), projects, new CodebookService(em, projects),
                new AuditService(em));
    }

    private List<String> export(World w, Layers layers) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EntityManager em = emf.createEntityManager();
        try {
            new JsonlExporter(em, new ProjectService(em), new CodebookService(em, new ProjectService(em)))
                    .write(w.projectId, layers, out);
        } finally {
            em.close();
        }
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @ParameterizedTest
    @EnumSource(Layers.class)
    void everyLineTheExporterWritesFitsTheSchema(Layers layers) throws Exception {
        World w = world();
        List<String> lines = export(w, layers);
        assertThat(lines).hasSize(1);
        for (String line : lines) {
            assertThat(JsonSchemas.errors(SCHEMA, line)).as(line).isEmpty();
            JsonNode doc = MAPPER.readTree(line);
            assertThat(doc.has("annotations")).isEqualTo(layers != Layers.CURATED);
            assertThat(doc.has("curated")).isEqualTo(layers != Layers.ANNOTATORS);
            String text = doc.get("text").asText();
            List<JsonNode> annotations = new java.util.ArrayList<>();
            if (doc.has("annotations")) {
                doc.get("annotations").forEach(annotations::add);
                assertThat(doc.get("annotations")).hasSize(2);
            }
            if (doc.has("curated")) {
                doc.get("curated").get("annotations").forEach(annotations::add);
                assertThat(doc.get("curated").get("annotations")).hasSize(1);
            }
            for (JsonNode a : annotations) {
                int from = text.offsetByCodePoints(0, a.get("start").asInt());
                int to = text.offsetByCodePoints(0, a.get("end").asInt());
                assertThat(text.substring(from, to)).isEqualTo(a.get("quote").asText());
            }
        }
    }

    @Test
    void theSchemaRefusesLinesThatDoNotFollowTheExport() throws Exception {
        World w = world();
        ObjectNode line = (ObjectNode) MAPPER.readTree(export(w, Layers.ALL).get(0));
        assertThat(JsonSchemas.errors(SCHEMA, line)).isEmpty();

        ObjectNode noAuthor = line.deepCopy();
        ((ObjectNode) noAuthor.get("metadata")).remove("author");
        assertThat(JsonSchemas.errors(SCHEMA, noAuthor)).isNotEmpty();

        ObjectNode stringOffset = line.deepCopy();
        ((ObjectNode) stringOffset.get("annotations").get(0)).put("start", "3");
        assertThat(JsonSchemas.errors(SCHEMA, stringOffset)).isNotEmpty();

        ObjectNode badState = line.deepCopy();
        ((ObjectNode) badState.get("curated")).put("state", "DONE");
        assertThat(JsonSchemas.errors(SCHEMA, badState)).isNotEmpty();

        ObjectNode curatedByAnnotator = line.deepCopy();
        ((ObjectNode) curatedByAnnotator.get("curated").get("annotations").get(0)).put("annotator", "A1");
        assertThat(JsonSchemas.errors(SCHEMA, curatedByAnnotator)).isNotEmpty();

        ObjectNode extra = line.deepCopy();
        extra.put("unexpected", true);
        assertThat(JsonSchemas.errors(SCHEMA, extra)).isNotEmpty();

        ObjectNode noLayers = line.deepCopy();
        noLayers.remove(List.of("sets", "annotations", "curated"));
        assertThat(JsonSchemas.errors(SCHEMA, noLayers)).isNotEmpty();
    }
}
