package org.claimscope.export;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.claimscope.common.Json;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.claimscope.project.ProjectService;

/**
 * Reads a project's documents for an export a page at a time, in order of id, and hands each one over with the
 * layers the export asks for; nothing but the current page is held, so memory stays flat however large the corpus.
 */
@ApplicationScoped
public class CorpusReader {
    /** Documents read at once. */
    static final int PAGE = 100;

    @PersistenceContext
    EntityManager em;

    @Inject
    ProjectService projects;

    public CorpusReader() {
    }

    /** For tests and benchmarks outside the container. */
    public CorpusReader(EntityManager em, ProjectService projects) {
        this.em = em;
        this.projects = projects;
    }

    /** What an export takes from the project. */
    public record Selection(JsonlExporter.Layers layers, List<Long> documentIds, Set<String> categories,
                            Set<String> states, boolean includeLogins) {
        public Selection {
            documentIds = documentIds == null ? List.of() : List.copyOf(documentIds);
            categories = categories == null ? Set.of() : Set.copyOf(categories);
            states = states == null ? Set.of() : Set.copyOf(states);
        }

        /** Every document, every category and state, the given layers, annotators as pseudonyms. */
        public static Selection of(JsonlExporter.Layers layers) {
            return new Selection(layers, List.of(), Set.of(), Set.of(), false);
        }
    }

    /** Receives the documents one by one. */
    @FunctionalInterface
    public interface Visitor {
        void document(ExportDocument document) throws IOException;
    }

    /** How many documents the selection holds; for progress. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(long projectId, Selection selection) {
        if (!selection.documentIds().isEmpty()) {
            return em.createQuery("SELECT COUNT(d) FROM Document d WHERE d.projectId = :project AND d.id IN :ids",
                    Long.class).setParameter("project", projectId).setParameter("ids", selection.documentIds())
                    .getSingleResult();
        }
        return em.createQuery("SELECT COUNT(d) FROM Document d WHERE d.projectId = :project", Long.class)
                .setParameter("project", projectId).getSingleResult();
    }

    /**
     * Reads the selected documents in order of id. A layer is given when its state is among the selected states (all
     * when none are selected); its annotations are those of the selected categories (all when none are selected).
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void read(long projectId, Selection selection, Visitor visitor) throws IOException {
        Map<Long, String> names = selection.includeLogins() ? logins(projectId) : projects.pseudonyms(projectId);
        long after = 0;
        while (true) {
            // columns, not entities: nothing to build, track or cache but what the export writes
            var query = em.createQuery("SELECT d.id, d.title, d.author, d.publishedAt, d.siteName, d.sourceUrl, "
                            + "d.language, d.mediaType, d.fileName, d.textSha256, d.text FROM Document d "
                            + "WHERE d.projectId = :project AND d.id > :after"
                            + (selection.documentIds().isEmpty() ? "" : " AND d.id IN :ids") + " ORDER BY d.id",
                    Object[].class).setParameter("project", projectId).setParameter("after", after);
            if (!selection.documentIds().isEmpty()) {
                query.setParameter("ids", selection.documentIds());
            }
            List<Object[]> page = query.setMaxResults(PAGE).getResultList();
            if (page.isEmpty()) {
                return;
            }
            List<Long> ids = page.stream().map(row -> (Long) row[0]).toList();
            Map<Long, List<Object[]>> sets = setsOf(ids);
            List<Long> setIds = new ArrayList<>();
            sets.values().forEach(rows -> rows.forEach(row -> setIds.add((Long) row[0])));
            Map<Long, List<Object[]>> annotations = setIds.isEmpty() ? Map.of() : annotationsOf(setIds);
            for (Object[] d : page) {
                visitor.document(document(d, sets.getOrDefault((Long) d[0], List.of()), annotations, selection,
                        names));
            }
            after = ids.get(ids.size() - 1);
            em.clear();
        }
    }

    private static ExportDocument document(Object[] d, List<Object[]> sets, Map<Long, List<Object[]>> annotations,
                                           Selection selection, Map<Long, String> names) {
        // set id -> layer being built, in the order the sets were read (curated first, then annotators by name)
        Map<Long, LayerBuilder> layers = new LinkedHashMap<>();
        for (Object[] set : sets) {
            boolean curated = (Boolean) set[3];
            if (curated ? !selection.layers().curated() : !selection.layers().annotators()) {
                continue;
            }
            String state = curated ? (set[4] == null ? "NEW" : set[4].toString()) : set[2].toString();
            if (!selection.states().isEmpty() && !selection.states().contains(state)) {
                continue;
            }
            String name = curated ? ExportLayer.CURATED : names.getOrDefault((Long) set[1], "unknown");
            layers.put((Long) set[0], new LayerBuilder(name, curated, state, (Instant) set[5]));
        }
        for (Map.Entry<Long, LayerBuilder> entry : layers.entrySet()) {
            LayerBuilder layer = entry.getValue();
            for (Object[] a : annotations.getOrDefault(entry.getKey(), List.of())) {
                String category = (String) a[5];
                if (!selection.categories().isEmpty() && !selection.categories().contains(category)) {
                    continue;
                }
                layer.annotations.add(new ExportAnnotation((Long) a[1], (Integer) a[2], (Integer) a[3],
                        (String) a[4], category, Json.readStrings((String) a[6]), Json.readStringMap((String) a[7]),
                        layer.name, (Instant) a[8], (Instant) a[9]));
            }
            layer.annotations.sort(BY_SPAN);
        }
        List<ExportLayer> built = new ArrayList<>();
        layers.values().stream().sorted((x, y) -> x.curated != y.curated ? (x.curated ? -1 : 1)
                : x.name.compareTo(y.name)).forEach(l -> built.add(new ExportLayer(l.name, l.curated, l.state,
                l.annotations, l.updatedAt)));
        return new ExportDocument((Long) d[0], (String) d[1], (String) d[2], (String) d[3], (String) d[4],
                (String) d[5], (String) d[6], (String) d[7], (String) d[8], (String) d[9], (String) d[10], built);
    }

    private static final java.util.Comparator<ExportAnnotation> BY_SPAN = java.util.Comparator
            .comparingInt(ExportAnnotation::start).thenComparingInt(ExportAnnotation::end)
            .thenComparingLong(ExportAnnotation::id);

    private static final class LayerBuilder {
        final String name;
        final boolean curated;
        final String state;
        final Instant updatedAt;
        final List<ExportAnnotation> annotations = new ArrayList<>();

        LayerBuilder(String name, boolean curated, String state, Instant updatedAt) {
            this.name = name;
            this.curated = curated;
            this.state = state;
            this.updatedAt = updatedAt;
        }
    }

    /** set id, owner id, set state, curated, curation state, set updated */
    private Map<Long, List<Object[]>> setsOf(List<Long> ids) {
        Map<Long, List<Object[]>> byDocument = new HashMap<>();
        em.createQuery("SELECT s.document.id, s.id, o.id, s.state, s.curated, c.state, s.updatedAt FROM AnnotationSet s "
                        + "LEFT JOIN s.owner o LEFT JOIN Curation c ON c.set = s WHERE s.document.id IN :ids "
                        + "ORDER BY s.document.id, s.id", Object[].class)
                .setParameter("ids", ids).getResultStream()
                .forEach(row -> byDocument.computeIfAbsent((Long) row[0], k -> new ArrayList<>())
                        .add(new Object[] {row[1], row[2], row[3], row[4], row[5], row[6]}));
        return byDocument;
    }

    /**
     * Per set id: set id, annotation id, start, end, quote, category, subtypes JSON, attributes JSON, created, updated.
     * Plain SQL by set, through the index on annotation.set_id and without sorting in the database: a million
     * annotations go through here; each layer is put in order of its spans afterwards.
     */
    private Map<Long, List<Object[]>> annotationsOf(List<Long> setIds) {
        Map<Long, List<Object[]>> bySet = new HashMap<>();
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < setIds.size(); i++) {
            in.append(i == 0 ? "?" : ", ?").append(i + 1);
        }
        var query = em.createNativeQuery("SELECT a.set_id, a.id, a.start_offset, a.end_offset, a.quote, a.category, "
                + "a.subtypes, a.attributes, a.created_at, a.updated_at FROM annotation a WHERE a.set_id IN (" + in + ")");
        for (int i = 0; i < setIds.size(); i++) {
            query.setParameter(i + 1, setIds.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        for (Object[] row : rows) {
            long setId = ((Number) row[0]).longValue();
            bySet.computeIfAbsent(setId, k -> new ArrayList<>()).add(new Object[] {setId,
                    ((Number) row[1]).longValue(), ((Number) row[2]).intValue(), ((Number) row[3]).intValue(),
                    row[4], row[5], row[6], row[7], instant(row[8]), instant(row[9])});
        }
        return bySet;
    }

    /** A TIMESTAMP column as {@link org.claimscope.common.InstantConverter} reads it. */
    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.LocalDateTime t) {
            return java.sql.Timestamp.valueOf(t).toInstant();
        }
        if (value instanceof java.time.OffsetDateTime t) {
            return t.toInstant();
        }
        return (Instant) value;
    }

    private Map<Long, String> logins(long projectId) {
        Map<Long, String> logins = new HashMap<>();
        em.createQuery("SELECT m.user.id, m.user.login FROM ProjectMember m WHERE m.project.id = :project",
                        Object[].class).setParameter("project", projectId).getResultStream()
                .forEach(row -> logins.put((Long) row[0], (String) row[1]));
        // people who annotated and have since left the project
        em.createQuery("SELECT DISTINCT o.id, o.login FROM AnnotationSet s JOIN s.owner o "
                        + "WHERE s.document.projectId = :project", Object[].class)
                .setParameter("project", projectId).getResultStream()
                .forEach(row -> logins.putIfAbsent((Long) row[0], (String) row[1]));
        return logins;
    }
}
