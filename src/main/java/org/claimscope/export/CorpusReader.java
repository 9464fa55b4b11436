package org.claimscope.export;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.claimscope.common.Json;
import org.claimscope.config.ClaimscopeDataSource;
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
    /** Documents read at once, at most. */
    static final int PAGE = 100;
    /** Code points of text past which a page takes no further document. */
    static final long PAGE_TEXT = 4_000_000;

    @PersistenceContext
    EntityManager em;

    @Inject
    ProjectService projects;

    /** The connection pool the corpus is read from in the container; null outside it (see {@link #lease()}). */
    @Resource(lookup = ClaimscopeDataSource.JNDI_NAME)
    DataSource dataSource;

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
        try (Lease lease = lease(); Pages pages = new Pages(lease.connection(), projectId, selection, names);
             ReadAhead ahead = new ReadAhead(pages)) {
            for (List<ExportDocument> page = ahead.next(); !page.isEmpty(); page = ahead.next()) {
                for (ExportDocument document : page) {
                    visitor.document(document);
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("The corpus of project " + projectId + " could not be read", e);
        }
    }

    /** A connection for one read, and what gives it back afterwards. */
    private record Lease(Connection connection, Release release) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            release.run();
        }
    }

    @FunctionalInterface
    private interface Release {
        void run() throws SQLException;
    }

    /**
     * The corpus is read over plain JDBC: a million annotations pass through here, and the persistence provider's
     * per-row records, conversions and query machinery would cost more than the database itself. In the container the
     * read runs outside a transaction, on a connection of its own from the pool; outside it (tests, benchmarks) on the
     * entity manager's connection, within the caller's transaction, or within one begun here and rolled back
     * afterwards (nothing is written).
     */
    private Lease lease() throws SQLException {
        if (dataSource != null) {
            Connection connection = dataSource.getConnection();
            return new Lease(connection, connection::close);
        }
        EntityTransaction transaction = em.getTransaction();
        boolean begun = !transaction.isActive();
        if (begun) {
            transaction.begin();
        }
        Release release = () -> {
            if (begun && transaction.isActive()) {
                transaction.rollback();
            }
        };
        Connection connection = em.unwrap(Connection.class);
        if (connection == null) {
            release.run();
            throw new IllegalStateException("the entity manager gives no connection to read the corpus over");
        }
        return new Lease(connection, release);
    }

    /**
     * The selected documents a page at a time, each page with its layers and annotations, in four queries: the page's
     * document ids (with their texts' lengths), the documents' columns, their sets, and the annotations of those sets.
     * SQL that H2 and PostgreSQL both take.
     */
    private static final class Pages implements AutoCloseable {
        private final Connection connection;
        private final long projectId;
        private final Selection selection;
        private final Map<Long, String> names;
        private final Values values = new Values();
        private final Object[] categories;
        /** The chosen documents' ids in order, or null when every document is exported. */
        private final long[] chosen;
        /**
         * The ids and text lengths of every document's next page: ordered as the index on (project_id, id) is, so H2
         * reads only the page.
         */
        private final PreparedStatement documents;
        private int nextChosen;
        private long after;

        Pages(Connection connection, long projectId, Selection selection, Map<Long, String> names)
                throws SQLException {
            this.connection = connection;
            this.projectId = projectId;
            this.selection = selection;
            this.names = names;
            this.categories = selection.categories().toArray();
            this.chosen = selection.documentIds().isEmpty() ? null
                    : selection.documentIds().stream().mapToLong(Long::longValue).sorted().distinct().toArray();
            this.documents = chosen != null ? null : connection.prepareStatement("SELECT id, text_length FROM "
                    + "document WHERE project_id = ? AND id > ? ORDER BY project_id, id FETCH FIRST " + PAGE
                    + " ROWS ONLY");
        }

        @Override
        public void close() throws SQLException {
            if (documents != null) {
                documents.close();
            }
        }

        /** The next page of documents, in order of id; empty after the last. */
        List<ExportDocument> next() throws SQLException {
            List<Object[]> rows = documentRows();
            if (rows.isEmpty()) {
                return List.of();
            }
            // document id -> its layers being built, in the order the sets were read (by set id)
            Map<Long, List<LayerBuilder>> layersOf = new HashMap<>();
            // set id -> the layer it gives, for the sets whose layers are exported
            Map<Long, LayerBuilder> bySet = new HashMap<>();
            sets(rows, layersOf, bySet);
            if (!bySet.isEmpty()) {
                annotations(rows, bySet);
            }
            List<ExportDocument> page = new ArrayList<>(rows.size());
            for (Object[] d : rows) {
                List<ExportLayer> layers = new ArrayList<>();
                for (LayerBuilder layer : layersOf.getOrDefault((Long) d[0], List.of())) {
                    layer.annotations.sort(BY_SPAN);
                    layers.add(new ExportLayer(layer.name, layer.curated, layer.state, layer.annotations,
                            layer.updatedAt));
                }
                // the curated layer first, then the annotators' by name
                layers.sort(BY_LAYER);
                page.add(new ExportDocument((Long) d[0], (String) d[1], (String) d[2], (String) d[3], (String) d[4],
                        (String) d[5], (String) d[6], (String) d[7], (String) d[8], (String) d[9], (String) d[10],
                        layers));
            }
            return page;
        }

        /**
         * The next page's document columns, in order of id: up to {@link #PAGE} documents, fewer when their texts
         * together pass {@link #PAGE_TEXT} code points (one document at least), so that a page of long texts is no
         * burden either.
         */
        private List<Object[]> documentRows() throws SQLException {
            long[] ids = nextIds();
            if (ids.length == 0) {
                return List.of();
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT id, title, author, published_at, "
                    + "site_name, source_url, language, media_type, file_name, text_sha256, text FROM document "
                    + "WHERE id IN (" + marks(ids.length) + ") ORDER BY id")) {
                for (int i = 0; i < ids.length; i++) {
                    query.setLong(i + 1, ids[i]);
                }
                List<Object[]> rows = new ArrayList<>(ids.length);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        Object[] row = new Object[11];
                        row[0] = rs.getLong(1);
                        for (int i = 1; i < row.length; i++) {
                            row[i] = rs.getString(i + 1);
                        }
                        rows.add(row);
                    }
                }
                return rows;
            }
        }

        /**
         * The next page's document ids: every document's after the last one read, or the next of the chosen ids (those
         * of another project or deleted are passed over).
         */
        private long[] nextIds() throws SQLException {
            if (chosen == null) {
                documents.setLong(1, projectId);
                documents.setLong(2, after);
                long[] ids = cut(documents);
                if (ids.length > 0) {
                    after = ids[ids.length - 1];
                }
                return ids;
            }
            while (nextChosen < chosen.length) {
                int n = Math.min(PAGE, chosen.length - nextChosen);
                try (PreparedStatement some = connection.prepareStatement("SELECT id, text_length FROM document "
                        + "WHERE project_id = ? AND id IN (" + marks(n) + ") ORDER BY id")) {
                    some.setLong(1, projectId);
                    for (int i = 0; i < n; i++) {
                        some.setLong(i + 2, chosen[nextChosen + i]);
                    }
                    long[] ids = cut(some);
                    // on after the last id taken, or after the whole slice when none of it is in the project
                    nextChosen = ids.length == 0 ? nextChosen + n
                            : java.util.Arrays.binarySearch(chosen, ids[ids.length - 1]) + 1;
                    if (ids.length > 0) {
                        return ids;
                    }
                }
            }
            return new long[0];
        }

        /** The ids a query of (id, text length) gives, up to where the texts pass {@link #PAGE_TEXT}. */
        private static long[] cut(PreparedStatement query) throws SQLException {
            long[] ids = new long[PAGE];
            int n = 0;
            long text = 0;
            try (ResultSet rs = query.executeQuery()) {
                while (n < PAGE && (n == 0 || text < PAGE_TEXT) && rs.next()) {
                    ids[n++] = rs.getLong(1);
                    text += rs.getInt(2);
                }
            }
            return java.util.Arrays.copyOf(ids, n);
        }

        /** The page's sets that the selection exports: their layers, without annotations yet. */
        private void sets(List<Object[]> documentRows, Map<Long, List<LayerBuilder>> layersOf,
                          Map<Long, LayerBuilder> bySet) throws SQLException {
            try (PreparedStatement sets = connection.prepareStatement("SELECT s.document_id, s.id, s.owner_id, "
                    + "s.state, s.curated, c.state, s.updated_at FROM annotation_set s "
                    + "LEFT JOIN curation c ON c.set_id = s.id WHERE s.document_id IN (" + marks(documentRows.size())
                    + ") ORDER BY s.document_id, s.id")) {
                for (int i = 0; i < documentRows.size(); i++) {
                    sets.setLong(i + 1, (Long) documentRows.get(i)[0]);
                }
                try (ResultSet rs = sets.executeQuery()) {
                    while (rs.next()) {
                        boolean curated = rs.getBoolean(5);
                        if (curated ? !selection.layers().curated() : !selection.layers().annotators()) {
                            continue;
                        }
                        long owner = rs.getLong(3);
                        Long ownerId = rs.wasNull() ? null : owner;
                        String curationState = rs.getString(6);
                        String state = curated ? (curationState == null ? "NEW" : curationState) : rs.getString(4);
                        if (!selection.states().isEmpty() && !selection.states().contains(state)) {
                            continue;
                        }
                        String name = curated ? ExportLayer.CURATED : names.getOrDefault(ownerId, "unknown");
                        LayerBuilder layer = new LayerBuilder(name, curated, state, instant(rs.getTimestamp(7)));
                        layersOf.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(layer);
                        bySet.put(rs.getLong(2), layer);
                    }
                }
            }
        }

        /**
         * The annotations of the page's documents (of the selected categories), each put in its set's layer; those of
         * sets whose layers are not exported are passed over. Through the indexes on annotation_set.document_id and
         * annotation.set_id, and without sorting in the database: each layer is put in order of its spans afterwards,
         * which costs little as the index gives a set's rows nearly in that order.
         */
        private void annotations(List<Object[]> documentRows, Map<Long, LayerBuilder> bySet) throws SQLException {
            JsonlExporter.Layers layers = selection.layers();
            try (PreparedStatement annotations = connection.prepareStatement("SELECT a.set_id, a.id, a.start_offset, "
                    + "a.end_offset, a.quote, a.category, a.subtypes, a.attributes, a.created_at, a.updated_at "
                    + "FROM (SELECT id FROM annotation_set WHERE document_id IN (" + marks(documentRows.size()) + ")"
                    + (layers.curated() == layers.annotators() ? "" : " AND curated = " + layers.curated())
                    + ") s JOIN annotation a ON a.set_id = s.id"
                    + (categories.length == 0 ? "" : " WHERE a.category IN (" + marks(categories.length) + ")"))) {
                int p = 0;
                for (Object[] d : documentRows) {
                    annotations.setLong(++p, (Long) d[0]);
                }
                for (Object category : categories) {
                    annotations.setString(++p, (String) category);
                }
                annotations.setFetchSize(1000);
                try (ResultSet rs = annotations.executeQuery()) {
                    long lastSet = Long.MIN_VALUE; // no set yet: ids are never negative
                    LayerBuilder layer = null;
                    while (rs.next()) {
                        long setId = rs.getLong(1);
                        if (setId != lastSet) {
                            layer = bySet.get(setId);
                            lastSet = setId;
                        }
                        if (layer == null) {
                            continue;
                        }
                        layer.annotations.add(new ExportAnnotation(rs.getLong(2), rs.getInt(3), rs.getInt(4),
                                rs.getString(5), rs.getString(6), values.subtypes(rs.getString(7)),
                                values.attributes(rs.getString(8)), layer.name, instant(rs.getTimestamp(9)),
                                instant(rs.getTimestamp(10))));
                    }
                }
            }
        }
    }

    /**
     * Reads the next page on a thread of its own while the visitor writes the current one: reading (the database, and
     * building the page) and writing take about as long, and a server has more than one core. Pages are handed over
     * one at a time, so at most two are held: the one being written and the one read ahead. Only this thread uses the
     * connection until {@link #close()} has waited for it to end; it is never interrupted, as an interrupt would close
     * the file channel an embedded H2 database reads through.
     */
    private static final class ReadAhead implements AutoCloseable {
        private final SynchronousQueue<Object> handOver = new SynchronousQueue<>();
        private final Thread thread;
        private volatile boolean stopped;

        ReadAhead(Pages pages) {
            thread = new Thread(() -> {
                Object next;
                do {
                    try {
                        next = pages.next();
                    } catch (SQLException | RuntimeException | Error e) {
                        next = e;
                    }
                } while (handOver(next) && next instanceof List<?> page && !page.isEmpty());
            }, "claimscope-export-reader");
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits for the visitor to take a page (or what went wrong); false when the read was given up. */
        private boolean handOver(Object next) {
            try {
                while (!handOver.offer(next, 100, TimeUnit.MILLISECONDS)) {
                    if (stopped) {
                        return false;
                    }
                }
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        }

        /** The next page of documents, in order of id; empty after the last. */
        List<ExportDocument> next() throws SQLException, InterruptedIOException {
            Object next;
            try {
                next = handOver.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the corpus");
            }
            if (next instanceof SQLException e) {
                throw e;
            }
            if (next instanceof RuntimeException e) {
                throw e;
            }
            if (next instanceof Error e) {
                throw e;
            }
            @SuppressWarnings("unchecked")
            List<ExportDocument> page = (List<ExportDocument>) next;
            return page;
        }

        /** Stops reading ahead and waits until the thread has ended (at most the page it is reading). */
        @Override
        public void close() {
            stopped = true;
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** "?, ?, ?" for an IN list of n values. */
    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /**
     * Subtypes and attributes as read from their JSON columns, each distinct text read once: annotations repeat a few
     * combinations over and over. Forgets everything past a few thousand texts, so memory stays bounded.
     */
    private static final class Values {
        private static final int LIMIT = 4096;
        private final Map<String, List<String>> subtypes = new HashMap<>();
        private final Map<String, Map<String, String>> attributes = new HashMap<>();

        List<String> subtypes(String json) {
            if (json == null || json.equals("[]")) {
                return List.of();
            }
            List<String> read = subtypes.get(json);
            if (read == null) {
                if (subtypes.size() >= LIMIT) {
                    subtypes.clear();
                }
                read = Json.readStrings(json);
                subtypes.put(json, read);
            }
            return read;
        }

        Map<String, String> attributes(String json) {
            if (json == null || json.equals("{}")) {
                return Map.of();
            }
            Map<String, String> read = attributes.get(json);
            if (read == null) {
                if (attributes.size() >= LIMIT) {
                    attributes.clear();
                }
                read = Json.readStringMap(json);
                attributes.put(json, read);
            }
            return read;
        }
    }

    private static final Comparator<ExportAnnotation> BY_SPAN = Comparator.comparingInt(ExportAnnotation::start)
            .thenComparingInt(ExportAnnotation::end).thenComparingLong(ExportAnnotation::id);

    private static final Comparator<ExportLayer> BY_LAYER = (x, y) -> x.curated() != y.curated()
            ? (x.curated() ? -1 : 1) : x.name().compareTo(y.name());

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

    /** A TIMESTAMP column as {@link org.claimscope.common.InstantConverter} reads it. */
    private static Instant instant(Timestamp value) {
        return value == null ? null : value.toInstant();
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
