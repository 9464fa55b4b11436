package org.claimscope.export;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import org.claimscope.codebook.CodebookService;
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
    static final String CURATED = "curated";

    @PersistenceContext
    EntityManager em;

    @Inject
    ProjectService projects;

    @Inject
    CodebookService codebooks;

    @Inject
    CorpusReader corpusReader;

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
        org.claimscope.codebook.Codebook codebook = codebooks.of(projectId);
        org.claimscope.export.model.ExportContext context = new org.claimscope.export.model.ExportContext(projectId,
                codebook.getProject().getName(), codebook.definition(), codebook.getVersion(), Instant.now());
        org.claimscope.export.format.JsonlFormat format = new org.claimscope.export.format.JsonlFormat()
                .layers(layers.curated(), layers.annotators());
        format.start(context, path -> new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        });
        CorpusReader reader = corpusReader != null ? corpusReader : new CorpusReader(em, projects);
        reader.read(projectId, CorpusReader.Selection.of(layers), format::document);
        format.finish();
    }
}
