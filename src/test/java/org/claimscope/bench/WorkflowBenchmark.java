package org.claimscope.bench;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.claimscope.agreement.AgreementResult;
import org.claimscope.agreement.AgreementService;
import org.claimscope.agreement.Measure;
import org.claimscope.assignment.AssignmentService;
import org.claimscope.audit.AuditService;
import org.claimscope.codebook.CodebookService;
import org.claimscope.config.SchemaMigrations;
import org.claimscope.curation.CurationService;
import org.claimscope.document.DocumentService;
import org.claimscope.project.ProjectRole;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;
import org.claimscope.security.UserService;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The team workflow's speed targets, measured on Claimscope's own services and queries over an H2
 * database in file mode (as a default installation runs), without the HTTP layer: agreement for
 * 1,000 documents × 3 annotators × 20 annotations (target under 2 s), "next document" in a project
 * of 10,000 documents (target under 50 ms) and building the adjudication view of a document with
 * 3 annotators × 300 annotations. The corpus is written with JDBC batches so that setting it up
 * takes seconds; the timed calls are the ones the API and the pages make.
 *
 * <p>Run with {@code mvn -Pbenchmark verify} (it runs after the server benchmark), or alone:
 * {@code mvn -o test-compile exec:exec@workflow-benchmark -Pbenchmark}.
 */
public final class WorkflowBenchmark {
    private static final String[] CATEGORIES = {"LEGAL_ASSERTION", "EXPERT_OPINION", "OFFICIAL_JUSTIFICATION"};
    private static final int AGREEMENT_DOCUMENTS = 1_000;
    private static final int ANNOTATIONS_PER_SET = 20;
    private static final int POOL_DOCUMENTS = 10_000;
    private static final int CURATION_ANNOTATIONS = 300;

    private final EntityManagerFactory emf;
    private final JdbcDataSource ds;
    private final List<String> lines = new ArrayList<>();
    private final Random random = new Random(42);
    /** Whether the export run found its corpus written by an earlier run. */
    private boolean reuse;
    private long nextId = 10_000_000L;

    private WorkflowBenchmark(Path dir) throws Exception {
        Files.createDirectories(dir);
        String url = "jdbc:h2:file:" + dir.resolve("workflow").toAbsolutePath() + ";DB_CLOSE_DELAY=-1";
        ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        SchemaMigrations.apply(ds);
        emf = Persistence.createEntityManagerFactory("claimscope-test", Map.of(
                "jakarta.persistence.jdbc.url", url, "jakarta.persistence.jdbc.user", "sa",
                "jakarta.persistence.jdbc.password", "", "jakarta.persistence.jdbc.driver", "org.h2.Driver"));
    }

    public static void main(String[] args) throws Exception {
        // -Dclaimscope.bench.exportDb=DIR keeps the export run's database in DIR and, when DIR already holds one,
        // skips writing the corpus again (for repeated measurements)
        String keptDatabase = System.getProperty("claimscope.bench.exportDb", "");
        boolean keep = !keptDatabase.isBlank();
        Path dir = keep ? Path.of(keptDatabase).toAbsolutePath()
                : Path.of(System.getProperty("java.io.tmpdir"), "claimscope-workflow-bench-" + System.nanoTime());
        boolean reuse = keep && Files.exists(dir.resolve("workflow.mv.db"));
        WorkflowBenchmark bench = new WorkflowBenchmark(dir);
        bench.reuse = reuse;
        boolean met;
        try {
            met = args.length > 0 && args[0].equals("export") ? bench.exportRun() : bench.run();
        } finally {
            bench.emf.close();
            try (Connection c = bench.ds.getConnection()) {
                c.createStatement().execute("SHUTDOWN");
            }
            if (!keep) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        System.out.println();
        System.out.println("Claimscope team workflow benchmark (services and queries on H2 in file mode)");
        bench.lines.forEach(System.out::println);
        // like the server benchmark, a missed target is reported, not turned into a failed build
        System.out.println(met ? "Every target met." : "Some targets were missed (see above).");
        System.exit(0);
    }

    private boolean run() throws Exception {
        User manager = tx(em -> persist(em, new User("bench-manager", "Manager", "not-a-hash", false)));
        List<User> annotators = new ArrayList<>();
        for (String login : List.of("ann-1", "ann-2", "ann-3", "ann-4")) {
            annotators.add(tx(em -> persist(em, new User(login, login, "not-a-hash", false))));
        }
        long agreementProject = project(manager, annotators, "Agreement");
        long t0 = System.nanoTime();
        List<Long> documents = documents(agreementProject, manager, AGREEMENT_DOCUMENTS, 6_000);
        for (long documentId : documents) {
            for (User a : annotators.subList(0, 3)) {
                finishedSet(documentId, a, ANNOTATIONS_PER_SET, 6_000);
            }
        }
        flush();
        lines.add(fmt("set-up: %d documents × 3 annotators × %d annotations written in %.1f s", AGREEMENT_DOCUMENTS,
                ANNOTATIONS_PER_SET, (System.nanoTime() - t0) / 1e9));

        boolean met = true;
        long loadStart = System.nanoTime();
        var layers = tx(em -> new AgreementService(em, new ProjectService(em))
                .layers(new ProjectService(em).access(manager, agreementProject)));
        lines.add(fmt("agreement data read from the database in %.2f s (%d documents)",
                (System.nanoTime() - loadStart) / 1e9, layers.size()));
        for (Measure measure : Measure.values()) {
            double[] compute = new double[3];
            for (int i = 0; i < compute.length; i++) {
                long start = System.nanoTime();
                org.claimscope.agreement.AgreementCalculator.compute(measure, null, layers);
                compute[i] = (System.nanoTime() - start) / 1e9;
            }
            lines.add(fmt("  %-30s computation alone: first %.2f s, then %.2f s", measure.key(), compute[0],
                    median(Arrays.copyOfRange(compute, 1, compute.length))));
        }
        for (Measure measure : Measure.values()) {
            double[] seconds = new double[4];
            AgreementResult result = null;
            for (int i = 0; i < seconds.length; i++) {
                long start = System.nanoTime();
                result = tx(em -> new AgreementService(em, new ProjectService(em))
                        .agreement(manager, agreementProject, measure.key(), null));
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            double warm = median(Arrays.copyOfRange(seconds, 1, seconds.length));
            met &= seconds[0] < 2.0;
            lines.add(fmt("agreement %-30s first %.2f s, then median %.2f s (target < 2 s: %s); value %s over %d units",
                    measure.key(), seconds[0], warm, seconds[0] < 2.0 ? "met" : "MISSED",
                    result.value() == null ? "undefined" : fmt("%.3f", result.value()), result.units()));
        }

        long poolProject = project(manager, annotators, "Pool");
        List<Long> pool = documents(poolProject, manager, POOL_DOCUMENTS, 400);
        // the first 9,000 documents already have their two annotators, so the search goes deep
        for (long documentId : pool.subList(0, 9_000)) {
            set(documentId, annotators.get(0), "IN_PROGRESS");
            set(documentId, annotators.get(1), "IN_PROGRESS");
        }
        flush();
        User newcomer = annotators.get(3);
        for (String order : List.of("STABLE", "SHUFFLED")) {
            run(em -> new ProjectService(em).updateSettings(manager, poolProject, 2, order, null, null, null, false));
            long[] micros = new long[30];
            for (int i = 0; i < micros.length; i++) {
                long start = System.nanoTime();
                long id = tx(em -> new AssignmentService(em, new ProjectService(em), new UserService(em))
                        .next(newcomer, poolProject)).orElseThrow().id();
                micros[i] = (System.nanoTime() - start) / 1_000;
                // the annotator starts the document, so the next call searches the pool again
                try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(
                        "UPDATE annotation_set SET state = 'IN_PROGRESS' WHERE document_id = ? AND owner_id = ?")) {
                    s.setLong(1, id);
                    s.setLong(2, newcomer.getId());
                    s.executeUpdate();
                }
            }
            long[] warm = Arrays.copyOfRange(micros, 5, micros.length);
            Arrays.sort(warm);
            double median = warm[warm.length / 2] / 1000.0;
            double worst = warm[warm.length - 1] / 1000.0;
            met &= median < 50;
            lines.add(fmt("next document, %s order, %d documents: first %.1f ms, median %.1f ms, slowest %.1f ms "
                    + "(target < 50 ms: %s)", order.toLowerCase(Locale.ROOT), POOL_DOCUMENTS, micros[0] / 1000.0,
                    median, worst, median < 50 ? "met" : "MISSED"));
        }

        double[] dashboard = new double[5];
        for (int i = 0; i < dashboard.length; i++) {
            long start = System.nanoTime();
            tx(em -> new org.claimscope.assignment.DashboardService(em, new ProjectService(em)).summary(manager, poolProject));
            tx(em -> new org.claimscope.assignment.DashboardService(em, new ProjectService(em))
                    .matrix(manager, poolProject, 5_000, 50));
            dashboard[i] = (System.nanoTime() - start) / 1e6;
        }
        lines.add(fmt("dashboard, %d documents: summary and one page of the matrix, first %.0f ms, then median %.0f ms",
                POOL_DOCUMENTS, dashboard[0], median(Arrays.copyOfRange(dashboard, 1, dashboard.length))));

        long curationProject = project(manager, annotators, "Curation");
        long document = documents(curationProject, manager, 1, 60_000).get(0);
        for (User a : annotators.subList(0, 3)) {
            finishedSet(document, a, CURATION_ANNOTATIONS, 60_000);
        }
        flush();
        double[] ms = new double[6];
        int units = 0;
        for (int i = 0; i < ms.length; i++) {
            long start = System.nanoTime();
            units = tx(em -> curation(em).view(manager, document)).units().size();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        lines.add(fmt("adjudication view, 3 annotators × %d annotations (%d units): first %.0f ms, then median %.0f ms "
                + "(server side of the page; Chromium's part is in the server benchmark)", CURATION_ANNOTATIONS, units,
                ms[0], median(Arrays.copyOfRange(ms, 1, ms.length))));
        return met;
    }

    private static CurationService curation(EntityManager em) {
        ProjectService projects = new ProjectService(em);
        return new CurationService(em, new DocumentService(em, projects), projects, new CodebookService(em, projects),
                new AuditService(em));
    }

    static final int EXPORT_DOCUMENTS = 10_000;
    static final int EXPORT_ANNOTATIONS_PER_SET = 50;

    /**
     * The export's targets: a project of 10,000 documents × 2 annotators × 50 annotations (1,000,000 annotations)
     * exported to JSON Lines and to CSV, in this JVM started at -Xmx512m (as the server), at no less than 100,000
     * annotations per second, with the peak heap printed; the other formats timed the same way, without a target;
     * and 200 small documents to JSON Lines in under 0.5 s.
     */
    private boolean exportRun() throws Exception {
        if (reuse) {
            return exportRun(tx(em -> em.createQuery("SELECT p.id FROM Project p WHERE p.name = 'Small'", Long.class)
                    .getSingleResult()), tx(em -> em.createQuery("SELECT p.id FROM Project p WHERE p.name = 'Large'",
                    Long.class).getSingleResult()));
        }
        User manager = tx(em -> persist(em, new User("bench-manager", "Manager", "not-a-hash", false)));
        List<User> annotators = new ArrayList<>();
        for (String login : List.of("ann-1", "ann-2")) {
            annotators.add(tx(em -> persist(em, new User(login, login, "not-a-hash", false))));
        }
        long small = project(manager, annotators, "Small");
        for (long documentId : documents(small, manager, 200, 3_000)) {
            for (User a : annotators) {
                finishedSet(documentId, a, 15, 3_000);
            }
        }
        flush();
        long big = project(manager, annotators, "Large");
        long t0 = System.nanoTime();
        List<Long> documents = documents(big, manager, EXPORT_DOCUMENTS, 4_000);
        int n = 0;
        for (long documentId : documents) {
            for (User a : annotators) {
                finishedSet(documentId, a, EXPORT_ANNOTATIONS_PER_SET, 4_000);
            }
            if (++n % 500 == 0) {
                flush();
            }
        }
        flush();
        long annotations = (long) EXPORT_DOCUMENTS * annotators.size() * EXPORT_ANNOTATIONS_PER_SET;
        lines.add(fmt("set-up: %,d documents × %d annotators × %d annotations (%,d) written in %.1f s",
                EXPORT_DOCUMENTS, annotators.size(), EXPORT_ANNOTATIONS_PER_SET, annotations,
                (System.nanoTime() - t0) / 1e9));
        return exportRun(small, big);
    }

    /**
     * The export's measurements over the small and the large project. -Dclaimscope.bench.formats=jsonl,csv times
     * only the formats listed (all when not given).
     */
    private boolean exportRun(long small, long big) {
        long annotations = (long) EXPORT_DOCUMENTS * 2 * EXPORT_ANNOTATIONS_PER_SET;
        boolean met = true;

        // 200 small documents, JSON Lines, as GET .../export?format=jsonl writes them
        double[] smallRuns = new double[5];
        for (int i = 0; i < smallRuns.length; i++) {
            CountingStream out = new CountingStream();
            long t = System.nanoTime();
            run(em -> jsonl(em, small, out));
            smallRuns[i] = (System.nanoTime() - t) / 1e9;
        }
        double smallMedian = median(smallRuns);
        met &= smallMedian < 0.5;
        lines.add(fmt("JSON Lines, 200 documents × 2 annotators × 15 annotations: first %.3f s, median %.3f s"
                + " (target < 0.5 s: %s)", smallRuns[0], smallMedian, smallMedian < 0.5 ? "met" : "MISSED"));

        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        String only = System.getProperty("claimscope.bench.formats", "");
        for (String format : List.of("jsonl", "csv", "w3c", "brat", "conll", "uima-xmi")) {
            if (!only.isBlank() && !List.of(only.split(",")).contains(format)) {
                continue;
            }
            System.gc();
            for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            CountingStream out = new CountingStream();
            long cpu = processCpuNanos();
            long t = System.nanoTime();
            if (format.equals("jsonl")) {
                run(em -> jsonl(em, big, out));
            } else {
                run(em -> bundleFormat(em, big, format, out));
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
            long peak = 0;
            for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            double rate = annotations / seconds;
            boolean targeted = format.equals("jsonl") || format.equals("csv");
            met &= !targeted || rate >= 100_000;
            lines.add(fmt("%s, %,d annotations: %.1f s, %,.0f annotations/s%s, %.0f MiB written, peak heap %.0f MiB of"
                            + " %.0f MiB; %.1f s of CPU, load average %.2f", format, annotations, seconds, rate,
                    targeted ? " (target >= 100,000/s: " + (rate >= 100_000 ? "met" : "MISSED") + ")" : "",
                    out.count / 1048576.0, peak / 1048576.0, memory.getHeapMemoryUsage().getMax() / 1048576.0,
                    cpuSeconds, java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage()));
        }
        lines.forEach(System.out::println);
        System.out.println(met ? "Every export target met." : "Some export targets were missed.");
        return met;
    }

    private static void jsonl(EntityManager em, long projectId, java.io.OutputStream out) {
        ProjectService projects = new ProjectService(em);
        try {
            new org.claimscope.export.JsonlExporter(em, projects, new org.claimscope.codebook.CodebookService(em,
                    projects)).write(projectId, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One format as the bundle writes it, every file into the same counting stream. */
    private static void bundleFormat(EntityManager em, long projectId, String format, java.io.OutputStream out) {
        ProjectService projects = new ProjectService(em);
        var codebook = new org.claimscope.codebook.CodebookService(em, projects).of(projectId);
        var context = new org.claimscope.export.model.ExportContext(projectId, "Large", codebook.definition(),
                codebook.getVersion(), Instant.now());
        var writer = org.claimscope.export.BundleExporter.writer(format, org.claimscope.export.CorpusReader.Selection
                .of(org.claimscope.export.JsonlExporter.Layers.ALL));
        try {
            writer.start(context, path -> new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws java.io.IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() {
                    // the bundle goes on
                }
            });
            new org.claimscope.export.CorpusReader(em, projects).read(projectId, org.claimscope.export.CorpusReader
                    .Selection.of(org.claimscope.export.JsonlExporter.Layers.ALL), writer::document);
            writer.finish();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * CPU time this JVM has used, every thread and the garbage collector included; on a shared machine it says more
     * than the elapsed time alone.
     */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    /** Counts what an export writes, and keeps none of it. */
    private static final class CountingStream extends java.io.OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    private long project(User manager, List<User> annotators, String name) {
        long id = tx(em -> new ProjectService(em).create(manager, name, "benchmark")).getId();
        for (User a : annotators) {
            run(em -> new ProjectService(em).setRoles(manager, id, a, java.util.EnumSet.of(ProjectRole.ANNOTATOR)));
        }
        return id;
    }

    private PreparedStatement documentInsert;
    private PreparedStatement setInsert;
    private PreparedStatement annotationInsert;
    private Connection connection;

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = ds.getConnection();
            connection.setAutoCommit(false);
            documentInsert = connection.prepareStatement("INSERT INTO document (id, version, project_id, title, text, "
                    + "text_sha256, text_length, media_type, file_name, file_size, imported_by, imported_at) "
                    + "VALUES (?, 1, ?, ?, ?, ?, ?, 'text/plain', ?, ?, ?, ?)");
            setInsert = connection.prepareStatement("INSERT INTO annotation_set (id, version, document_id, owner_id, "
                    + "state, updated_at, curated) VALUES (?, 1, ?, ?, ?, ?, FALSE)");
            annotationInsert = connection.prepareStatement("INSERT INTO annotation (id, version, set_id, start_offset, "
                    + "end_offset, quote, category, subtypes, attributes, created_by, created_at, updated_by, updated_at) "
                    + "VALUES (?, 1, ?, ?, ?, ?, ?, '[]', '{}', ?, ?, ?, ?)");
        }
        return connection;
    }

    private List<Long> documents(long projectId, User by, int count, int length) throws SQLException {
        connection();
        String text = "x".repeat(length);
        List<Long> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long id = nextId++;
            documentInsert.setLong(1, id);
            documentInsert.setLong(2, projectId);
            documentInsert.setString(3, "Document " + i);
            documentInsert.setString(4, text);
            documentInsert.setString(5, String.format("%064x", id));
            documentInsert.setInt(6, length);
            documentInsert.setString(7, "document-" + i + ".txt");
            documentInsert.setLong(8, length);
            documentInsert.setLong(9, by.getId());
            documentInsert.setTimestamp(10, Timestamp.from(Instant.now()));
            documentInsert.addBatch();
            ids.add(id);
            if (i % 500 == 499) {
                documentInsert.executeBatch();
            }
        }
        documentInsert.executeBatch();
        connection.commit();
        return ids;
    }

    private long set(long documentId, User owner, String state) throws SQLException {
        connection();
        long id = nextId++;
        setInsert.setLong(1, id);
        setInsert.setLong(2, documentId);
        setInsert.setLong(3, owner.getId());
        setInsert.setString(4, state);
        setInsert.setTimestamp(5, Timestamp.from(Instant.now()));
        setInsert.addBatch();
        return id;
    }

    /**
     * A finished set whose annotations follow a shared skeleton of statements, so that annotators
     * mostly agree: each annotator keeps a statement's span and category with some probability.
     */
    private void finishedSet(long documentId, User owner, int annotations, int textLength) throws SQLException {
        long setId = set(documentId, owner, "FINISHED");
        setInsert.executeBatch();
        int stride = textLength / annotations;
        Timestamp now = Timestamp.from(Instant.now());
        for (int i = 0; i < annotations; i++) {
            int start = i * stride + (random.nextInt(10) < 8 ? 0 : random.nextInt(5));
            int end = Math.min(textLength, start + stride / 2 + (random.nextInt(10) < 8 ? 0 : random.nextInt(5)));
            String category = random.nextInt(10) < 8 ? CATEGORIES[i % 3] : CATEGORIES[random.nextInt(3)];
            annotationInsert.setLong(1, nextId++);
            annotationInsert.setLong(2, setId);
            annotationInsert.setInt(3, start);
            annotationInsert.setInt(4, end);
            annotationInsert.setString(5, "x".repeat(end - start));
            annotationInsert.setString(6, category);
            annotationInsert.setLong(7, owner.getId());
            annotationInsert.setTimestamp(8, now);
            annotationInsert.setLong(9, owner.getId());
            annotationInsert.setTimestamp(10, now);
            annotationInsert.addBatch();
        }
        annotationInsert.executeBatch();
    }

    private void flush() throws SQLException {
        setInsert.executeBatch();
        annotationInsert.executeBatch();
        // what the application keeps in step as sets change (ActiveSets), set once for the batch
        connection.createStatement().executeUpdate("UPDATE document SET active_sets = (SELECT COUNT(*) FROM "
                + "annotation_set s WHERE s.document_id = document.id AND s.owner_id IS NOT NULL "
                + "AND s.state <> 'ABANDONED')");
        connection.commit();
    }

    private static User persist(EntityManager em, User u) {
        em.persist(u);
        return u;
    }

    private void run(java.util.function.Consumer<EntityManager> work) {
        tx(em -> {
            work.accept(em);
            return null;
        });
    }

    private <T> T tx(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
