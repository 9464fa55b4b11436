package org.claimscope.export;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.claimscope.codebook.CodebookService;
import org.claimscope.document.Document;
import org.claimscope.project.Access;
import org.claimscope.project.ProjectRole;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;

/**
 * The JSON Lines export: one line per document with its metadata, its text and every annotator's
 * annotations, annotators named by their stable pseudonyms. Documents are read a page at a time
 * and each line is written as soon as it is ready, so memory stays flat however large the project.
 */
@ApplicationScoped
public class JsonlExporter {
    static final int PAGE = 100;
    static final String CURATED = "curated";
    private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());

    @PersistenceContext
    EntityManager em;

    @Inject
    ProjectService projects;

    @Inject
    CodebookService codebooks;

    public JsonlExporter() {
    }

    /** For tests outside the container. */
    public JsonlExporter(EntityManager em, ProjectService projects, CodebookService codebooks) {
        this.em = em;
        this.projects = projects;
        this.codebooks = codebooks;
    }

    /** Checks, before anything is streamed, that the caller may export the project. */
    @Transactional
    public Access checkMayExport(User caller, long projectId) {
        return projects.require(caller, projectId, ProjectRole.MANAGER);
    }

    /** Which layers an export holds. */
    public enum Layers {
        /** the adjudicated layer only */
        CURATED,
        /** every annotator's layer */
        ANNOTATORS,
        /** both */
        ALL;

        /** From the API's {@code ?layers=} value. */
        public static Layers fromKey(String key) {
            for (Layers layers : values()) {
                if (layers.name().equalsIgnoreCase(key)) {
                    return layers;
                }
            }
            throw new org.claimscope.common.InvalidInputException("layers",
                    "unknown layers " + key + "; use curated, annotators or all");
        }

        public boolean curated() {
            return this != ANNOTATORS;
        }

        public boolean annotators() {
            return this != CURATED;
        }
    }

    /** Writes every layer of the project as JSON Lines. */
    public void write(long projectId, OutputStream out) throws IOException {
        write(projectId, Layers.ALL, out);
    }

    /**
     * Writes the project as JSON Lines; the caller's right to export was checked with
     * {@link #checkMayExport}. Annotators' annotations go under {@code annotations} (with their
     * sets' states under {@code sets}), the curated layer under {@code curated}.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void write(long projectId, Layers layers, OutputStream out) throws IOException {
        Map<Long, String> pseudonyms = projects.pseudonyms(projectId);
        long codebookVersion = codebooks.of(projectId).getVersion();
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        long after = 0;
        while (true) {
            List<Document> page = em.createQuery("SELECT d FROM Document d WHERE d.projectId = :project AND d.id > :after "
                            + "ORDER BY d.id", Document.class)
                    .setParameter("project", projectId).setParameter("after", after)
                    .setMaxResults(PAGE).getResultList();
            if (page.isEmpty()) {
                break;
            }
            Map<Long, List<Object[]>> annotations = annotationsOf(page);
            Map<Long, List<Object[]>> sets = setsOf(page);
            for (Document d : page) {
                writeLine(writer, d, codebookVersion, layers, annotations.getOrDefault(d.getId(), List.of()),
                        sets.getOrDefault(d.getId(), List.of()), pseudonyms);
            }
            writer.flush();
            after = page.get(page.size() - 1).getId();
        }
        writer.flush();
    }

    private Map<Long, List<Object[]>> annotationsOf(List<Document> page) {
        List<Long> ids = page.stream().map(Document::getId).toList();
        List<Object[]> rows = em.createQuery("SELECT s.document.id, o.id, a.id, a.start, a.end, a.quote, "
                        + "a.category, a.subtypesJson, a.attributesJson, a.createdAt, a.updatedAt, s.curated "
                        + "FROM Annotation a JOIN a.set s LEFT JOIN s.owner o "
                        + "WHERE s.document.id IN :ids ORDER BY s.document.id, a.start, a.end, a.id", Object[].class)
                .setParameter("ids", ids).getResultList();
        Map<Long, List<Object[]>> byDocument = new HashMap<>();
        for (Object[] row : rows) {
            byDocument.computeIfAbsent((Long) row[0], k -> new ArrayList<>()).add(row);
        }
        return byDocument;
    }

    private Map<Long, List<Object[]>> setsOf(List<Document> page) {
        List<Long> ids = page.stream().map(Document::getId).toList();
        List<Object[]> rows = em.createQuery("SELECT s.document.id, o.id, s.state, s.updatedAt, s.curated, c.state "
                        + "FROM AnnotationSet s LEFT JOIN s.owner o LEFT JOIN Curation c ON c.set = s "
                        + "WHERE s.document.id IN :ids ORDER BY s.document.id, o.id", Object[].class)
                .setParameter("ids", ids).getResultList();
        Map<Long, List<Object[]>> byDocument = new HashMap<>();
        for (Object[] row : rows) {
            byDocument.computeIfAbsent((Long) row[0], k -> new ArrayList<>()).add(row);
        }
        return byDocument;
    }

    private static void writeLine(Writer writer, Document d, long codebookVersion, Layers layers,
                                  List<Object[]> annotations,
                                  List<Object[]> sets, Map<Long, String> pseudonyms) throws IOException {
        JsonGenerator g = GENERATORS.createGenerator(new NonClosingWriter(writer));
        g.writeStartObject()
                .write("id", d.getId())
                .write("title", d.getTitle());
        g.writeStartObject("metadata");
        writeNullable(g, "author", d.getAuthor());
        writeNullable(g, "publishedAt", d.getPublishedAt());
        writeNullable(g, "siteName", d.getSiteName());
        writeNullable(g, "sourceUrl", d.getSourceUrl());
        writeNullable(g, "language", d.getLanguage());
        writeNullable(g, "mediaType", d.getMediaType());
        writeNullable(g, "fileName", d.getFileName());
        g.writeEnd();
        g.write("textSha256", d.getTextSha256())
                .write("codebookVersion", codebookVersion)
                .write("text", d.getText());
        if (layers.annotators()) {
            g.writeStartArray("sets");
            for (Object[] set : sets) {
                if (!(Boolean) set[4]) {
                    g.writeStartObject()
                            .write("annotator", pseudonyms.getOrDefault((Long) set[1], "unknown"))
                            .write("state", set[2].toString())
                            .write("updatedAt", ((Instant) set[3]).toString())
                            .writeEnd();
                }
            }
            g.writeEnd();
            g.writeStartArray("annotations");
            for (Object[] a : annotations) {
                if (!(Boolean) a[11]) {
                    writeAnnotation(g, a, pseudonyms.getOrDefault((Long) a[1], "unknown"));
                }
            }
            g.writeEnd();
        }
        if (layers.curated()) {
            Object[] curatedSet = sets.stream().filter(set -> (Boolean) set[4]).findFirst().orElse(null);
            g.writeStartObject("curated");
            g.write("state", curatedSet == null || curatedSet[5] == null ? "NEW" : curatedSet[5].toString());
            g.writeStartArray("annotations");
            for (Object[] a : annotations) {
                if ((Boolean) a[11]) {
                    writeAnnotation(g, a, CURATED);
                }
            }
            g.writeEnd();
            g.writeEnd();
        }
        g.writeEnd();
        g.close();
        writer.write('\n');
    }

    private static void writeAnnotation(JsonGenerator g, Object[] a, String layer) {
        g.writeStartObject()
                .write("id", (Long) a[2])
                .write("annotator", layer)
                .write("start", (Integer) a[3])
                .write("end", (Integer) a[4])
                .write("quote", (String) a[5])
                .write("category", (String) a[6]);
        g.write("subtypes", Json.createReader(new java.io.StringReader((String) a[7])).readArray());
        g.write("attributes", Json.createReader(new java.io.StringReader((String) a[8])).readObject());
        g.write("createdAt", ((Instant) a[9]).toString())
                .write("updatedAt", ((Instant) a[10]).toString())
                .writeEnd();
    }

    private static void writeNullable(JsonGenerator g, String name, String value) {
        if (value == null) {
            g.writeNull(name);
        } else {
            g.write(name, value);
        }
    }

    /** Lets a generator finish one line without closing the response stream under it. */
    private static final class NonClosingWriter extends java.io.FilterWriter {
        NonClosingWriter(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
