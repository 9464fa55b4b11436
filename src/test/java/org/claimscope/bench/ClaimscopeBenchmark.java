package org.claimscope.bench;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The Claimscope benchmark: starts its own Payara Micro with the freshly built WAR on a free
 * loopback port, measures the figures the project publishes, prints them next to their targets,
 * and stops the server (by its process id) and Chromium whatever happens.
 *
 * <p>Run it with {@code mvn -Pbenchmark verify}. Timings are reported, never asserted: a missed
 * target does not fail the build; a step that cannot be carried out does.
 *
 * <p>System properties: {@code claimscope.bench.timeout} (seconds before the run gives up, default
 * 270), {@code claimscope.bench.keep} ({@code true} keeps the data directory and browser profile),
 * {@code claimscope.bench.last-step} (3 stops after the text import).
 */
public final class ClaimscopeBenchmark {
    static final int ARTICLES = 200;
    static final int CLIENTS = 20;
    static final int CREATIONS = 4_000;
    static final int LONG_READ_WORDS = 50_000;
    static final int LONG_READ_ANNOTATIONS = 2_000;
    /** One writer, as one annotator's editor saves: concurrent writes to one set conflict (409) and are retried. */
    static final int LONG_READ_WRITERS = 1;
    static final int PAGE_LOADS = 5;
    static final int BULK_PAGES = 1_000;
    /** Article text per page in the bulk import; the site's furniture adds about 3 KB. */
    static final int BULK_PAGE_TEXT_BYTES = 27_000;
    static final double IDLE_SECONDS = 5;

    private static final String NONE = "(no published target)";

    private final Path basedir;
    private final Path target;
    private final long timeoutSeconds;
    private final boolean keep;
    /** The last step to run (claimscope.bench.last-step): 3 stops after the import, for working on steps 1 to 3. */
    private final int lastStep = Integer.getInteger("claimscope.bench.last-step", Integer.MAX_VALUE);
    private final long startedNanos = System.nanoTime();
    private final SecureRandom random = new SecureRandom();

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private boolean failed;
    private boolean reported;
    private boolean cleanedUp;

    private volatile BenchServer server;
    private volatile EditorBrowser browser;
    private volatile Path browserProfile;

    // what one step leaves for the next
    private BenchHttp http;
    private String adminAuth;
    private long projectId;
    private final List<String> annotatorAuths = new ArrayList<>();
    private String readerLogin;
    private String readerPassword;
    private final AtomicInteger created = new AtomicInteger();

    private ClaimscopeBenchmark(Path basedir, long timeoutSeconds, boolean keep) {
        this.basedir = basedir;
        this.target = basedir.resolve("target");
        this.timeoutSeconds = timeoutSeconds;
        this.keep = keep;
    }

    public static void main(String[] args) {
        Path basedir = Path.of(System.getProperty("claimscope.basedir", "")).toAbsolutePath().normalize();
        long timeout = Long.getLong("claimscope.bench.timeout", 270);
        boolean keep = Boolean.getBoolean("claimscope.bench.keep");
        ClaimscopeBenchmark benchmark = new ClaimscopeBenchmark(basedir, timeout, keep);
        // Ctrl-C, a kill of this JVM or the watchdog: the server and Chromium are stopped all the same
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            benchmark.cleanUp();
            benchmark.report(System.out);
        }, "benchmark-cleanup"));
        benchmark.startWatchdog();
        int code;
        try {
            benchmark.run();
            code = benchmark.failed ? 1 : 0;
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            code = 1;
        } finally {
            benchmark.cleanUp();
            benchmark.report(System.out);
        }
        System.exit(code);
    }

    private void startWatchdog() {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(timeoutSeconds));
            } catch (InterruptedException e) {
                return;
            }
            progress("the run took longer than " + timeoutSeconds + " s (claimscope.bench.timeout): giving up");
            synchronized (this) {
                failed = true;
                notes.add("The run was stopped after " + timeoutSeconds + " s (claimscope.bench.timeout).");
            }
            cleanUp();
            report(System.out);
            System.exit(3);
        }, "benchmark-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    // ---- the steps ------------------------------------------------------------------------------

    private void run() {
        progress("Claimscope benchmark in " + basedir + " (gives up after " + timeoutSeconds + " s)");
        loadAtStart = loadAverage();
        boolean up = step("1", this::startToReady);
        up = up && step("2", this::idleMemory);
        up = up && step("setup", this::setUp);
        boolean imported = up && step("3", this::importArticles);
        if (lastStep < 4) {
            notes.add("Steps after " + lastStep + " were not run (claimscope.bench.last-step).");
            return;
        }
        if (imported) {
            step("4", this::concurrentAnnotations);
        }
        if (up) {
            step("5", this::editorReady);
            step("6", this::export);
            step("7", this::adjudicationReady);
            step("8", this::bulkImport);
            step("after", this::afterRun);
        }
        if (!up || !imported) {
            synchronized (this) {
                failed = true;
                notes.add("Later steps were skipped because an earlier one failed.");
            }
        }
    }

    private void startToReady() throws Exception {
        String adminPassword = password();
        this.adminPassword = adminPassword;
        progress("starting Payara Micro with target/claimscope.war (log: target/benchmark-server.log)");
        server = BenchServer.start(basedir, adminPassword);
        progress("server pid " + server.pid() + ", port " + server.port() + ", data in " + basedir.relativize(server.dataDir()));
        double seconds = server.awaitReady(Duration.ofSeconds(Math.min(240, timeoutSeconds)));
        row("1", "Start to ready (process start -> /health/ready 200)", fmt("%.1f s", seconds), NONE, "");
        progress(fmt("ready after %.1f s", seconds));
        http = new BenchHttp(server.base());
    }

    private String adminPassword;
    private String loadAtStart = "n/a";

    private void idleMemory() throws Exception {
        progress(fmt("idling %.0f s before reading VmRSS", IDLE_SECONDS));
        Thread.sleep((long) (IDLE_SECONDS * 1000));
        OptionalLong rss = server.statusKiB("VmRSS");
        if (rss.isEmpty()) {
            row("2", "Idle memory, VmRSS", "n/a (no /proc)", "< 425 MiB (INCEpTION idles at ~850 MiB)", "");
            return;
        }
        double mib = rss.getAsLong() / 1024.0;
        row("2", fmt("Idle memory, VmRSS (ready + %.0f s idle)", IDLE_SECONDS), fmt("%.0f MiB", mib),
                "< 425 MiB (INCEpTION idles at ~850 MiB)", verdict(mib < 425));
        String heap = heapInfo(server.pid());
        if (heap != null) {
            notes.add("Idle server's JVM (jcmd GC.heap_info, read after VmRSS): " + heap);
        }
    }

    private void setUp() {
        progress("setting up: tokens, project, " + CLIENTS + " annotators and one reader");
        long t0 = System.nanoTime();
        adminAuth = BenchHttp.bearer(token("admin", adminPassword));
        JsonObject project = http.post("/api/v1/projects", adminAuth, Json.createObjectBuilder()
                        .add("name", "Benchmark " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT))
                        .add("description", "Made by the Claimscope benchmark").build().toString())
                .expect(201, "creating the project").object();
        projectId = project.getJsonNumber("id").longValue();
        for (int c = 1; c <= CLIENTS; c++) {
            String login = fmt("bench-annotator-%02d", c);
            String password = password();
            addAnnotator(login, password);
            annotatorAuths.add(BenchHttp.bearer(token(login, password)));
        }
        readerLogin = "bench-reader";
        readerPassword = password();
        addAnnotator(readerLogin, readerPassword);
        notes.add(fmt("Setup (admin token, project %d, %d annotators with tokens): %.1f s.", projectId, CLIENTS + 1,
                (System.nanoTime() - t0) / 1e9));
        long[] baseline = new long[50];
        for (int i = 0; i < baseline.length; i++) {
            long t = System.nanoTime();
            http.get("/api/v1/projects/" + projectId, adminAuth).expect(200, "reading the project");
            baseline[i] = System.nanoTime() - t;
        }
        notes.add(fmt("Baseline: GET /api/v1/projects/{id} (token check, one small query), %d sequential: median %.1f ms, "
                + "p90 %.1f ms.", baseline.length, percentile(baseline, 50) / 1e6, percentile(baseline, 90) / 1e6));
    }

    private void addAnnotator(String login, String password) {
        http.post("/api/v1/users", adminAuth, Json.createObjectBuilder().add("login", login)
                        .add("displayName", login).add("password", password).build().toString())
                .expect(201, "creating user " + login);
        http.put("/api/v1/projects/" + projectId + "/members/" + login, adminAuth,
                        "{\"roles\":[\"ANNOTATOR\"]}")
                .expect(200, "making " + login + " an annotator");
    }

    private String token(String login, String password) {
        return http.post("/api/v1/me/tokens", BenchHttp.basic(login, password), "{}")
                .expect(201, "making an API token for " + login).object().getString("token");
    }

    private void importArticles() throws IOException {
        BenchTexts texts = BenchTexts.load(basedir);
        List<byte[]> articles = new ArrayList<>(ARTICLES);
        Set<String> distinct = new HashSet<>();
        long bytes = 0;
        for (int n = 1; n <= ARTICLES; n++) {
            String text = texts.article(n);
            distinct.add(text);
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            articles.add(utf8);
            bytes += utf8.length;
        }
        if (distinct.size() != ARTICLES) {
            throw new IllegalStateException("the generated articles are not all distinct");
        }
        int min = articles.stream().mapToInt(a -> a.length).min().orElse(0);
        int max = articles.stream().mapToInt(a -> a.length).max().orElse(0);
        progress(fmt("importing %d articles (%.1f KiB each on average, %.1f-%.1f KiB), one request each",
                ARTICLES, bytes / 1024.0 / ARTICLES, min / 1024.0, max / 1024.0));

        String path = "/api/v1/projects/" + projectId + "/documents";
        long[] latencies = new long[ARTICLES];
        List<String> problems = new ArrayList<>();
        OptionalLong cpu0 = server.cpuMillis();
        long t0 = System.nanoTime();
        for (int i = 0; i < ARTICLES; i++) {
            long t = System.nanoTime();
            BenchHttp.Reply reply = http.upload(path, adminAuth, fmt("article-%03d.txt", i + 1), articles.get(i));
            latencies[i] = System.nanoTime() - t;
            String status = reply.status() / 100 == 2 ? outcome(reply) : "HTTP " + reply.status();
            if (!"IMPORTED".equals(status)) {
                problems.add(fmt("article-%03d.txt: %s %s", i + 1, status, BenchHttp.abbreviate(reply.body(), 200)));
            }
        }
        double total = (System.nanoTime() - t0) / 1e9;
        OptionalLong cpu1 = server.cpuMillis();
        row("3", fmt("Import %d text articles, one request each: total", ARTICLES), fmt("%.2f s", total),
                "< 3 s (INCEpTION 40.1: 27-35 s)", verdict(total < 3));
        row("", "   per file, median", fmt("%.1f ms", percentile(latencies, 50) / 1e6), NONE, "");
        notes.add(fmt("Import: %d articles of %.1f-%.1f KiB; per file p90 %.1f ms, slowest %.1f ms (request %d), first %.1f ms.",
                ARTICLES, min / 1024.0, max / 1024.0, percentile(latencies, 90) / 1e6, max(latencies) / 1e6,
                argMax(latencies) + 1, latencies[0] / 1e6));
        if (cpu0.isPresent() && cpu1.isPresent()) {
            notes.add(fmt("Import: the server used %.1f s of CPU for the %d files (%.1f ms per file, all threads).",
                    (cpu1.getAsLong() - cpu0.getAsLong()) / 1e3, ARTICLES,
                    (cpu1.getAsLong() - cpu0.getAsLong()) / (double) ARTICLES));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(problems.size() + " of " + ARTICLES + " answers were not IMPORTED; first: "
                    + problems.get(0));
        }
    }

    private static String outcome(BenchHttp.Reply reply) {
        JsonArray outcomes = reply.array();
        if (outcomes.size() != 1) {
            return outcomes.size() + " outcomes";
        }
        return outcomes.getJsonObject(0).getString("status", "no status");
    }

    private void concurrentAnnotations() throws Exception {
        List<long[]> documents = documents();
        int perClient = CREATIONS / CLIENTS;
        progress(fmt("creating %d annotations: %d concurrent annotators, %d each, on %d documents",
                perClient * CLIENTS, CLIENTS, perClient, documents.size()));
        long[][] latencies = new long[CLIENTS][perClient];
        AtomicInteger errors = new AtomicInteger();
        ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                pool.submit(() -> {
                    Random rnd = new Random(1_000 + client);
                    String auth = annotatorAuths.get(client);
                    go.await();
                    for (int k = 0; k < perClient; k++) {
                        long[] doc = documents.get((client * 10 + k) % documents.size());
                        int length = (int) doc[1];
                        int start = rnd.nextInt(Math.max(1, length - 80));
                        int end = Math.min(length, start + 8 + rnd.nextInt(72));
                        long t = System.nanoTime();
                        BenchHttp.Reply reply = http.post("/api/v1/documents/" + doc[0] + "/annotations", auth,
                                annotationBody(start, end));
                        latencies[client][k] = System.nanoTime() - t;
                        if (reply.status() != 201) {
                            errors.incrementAndGet();
                            if (samples.size() < 3) {
                                samples.add(reply.status() + " " + BenchHttp.abbreviate(reply.body(), 200));
                            }
                        }
                    }
                    return null;
                });
            }
            long t0 = System.nanoTime();
            go.countDown();
            pool.shutdown();
            if (!pool.awaitTermination(Math.max(30, timeoutSeconds - (long) elapsedSeconds()), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the annotating clients did not finish in time");
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
            int ok = all.length - errors.get();
            created.addAndGet(ok);
            String label = fmt("%,d annotation creations, %d concurrent annotators", all.length, CLIENTS);
            row("4", label + ": median latency", fmt("%.1f ms", percentile(all, 50) / 1e6), NONE, "");
            row("", "   99th percentile latency", fmt("%.1f ms", percentile(all, 99) / 1e6), NONE, "");
            row("", "   throughput", fmt("%.0f annotations/s", ok / wall), NONE, "");
            notes.add(fmt("Annotations: %,d created in %.2f s; latency p90 %.1f ms, max %.1f ms; %d not 201.",
                    ok, wall, percentile(all, 90) / 1e6, max(all) / 1e6, errors.get()));
            if (errors.get() > 0) {
                throw new IllegalStateException(errors.get() + " of " + all.length + " creations were not answered 201; "
                        + "e.g. " + String.join(" | ", samples));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The project's documents as {id, textLength in code points}. */
    private List<long[]> documents() {
        JsonArray list = http.get("/api/v1/projects/" + projectId + "/documents", adminAuth)
                .expect(200, "listing the documents").array();
        List<long[]> documents = new ArrayList<>();
        for (JsonValue v : list) {
            JsonObject d = v.asJsonObject();
            documents.add(new long[]{d.getJsonNumber("id").longValue(), d.getInt("textLength")});
        }
        documents.sort(Comparator.comparingLong(d -> d[0]));
        if (documents.isEmpty()) {
            throw new IllegalStateException("the project has no documents");
        }
        return documents;
    }

    private static String annotationBody(int start, int end) {
        return "{\"start\":" + start + ",\"end\":" + end + ",\"category\":\"LEGAL_ASSERTION\",\"subtypes\":[\"WAR_POWERS\"],"
                + "\"attributes\":{\"speaker\":\"Officials\",\"stance\":\"ASSERTS_LAWFUL\"}}";
    }

    private void editorReady() throws Exception {
        BenchTexts texts = BenchTexts.load(basedir);
        String longRead = texts.longRead(LONG_READ_WORDS);
        byte[] utf8 = longRead.getBytes(StandardCharsets.UTF_8);
        progress(fmt("importing a %,d-word document (%.0f KiB)", BenchTexts.wordCount(longRead), utf8.length / 1024.0));
        long t0 = System.nanoTime();
        BenchHttp.Reply imported = http.upload("/api/v1/projects/" + projectId + "/documents", adminAuth,
                "long-read-50000-words.txt", utf8).expect(200, "importing the long document");
        double importSeconds = (System.nanoTime() - t0) / 1e9;
        JsonObject outcome = imported.array().getJsonObject(0);
        if (!"IMPORTED".equals(outcome.getString("status", ""))) {
            throw new IllegalStateException("the long document was not imported: " + outcome);
        }
        long documentId = outcome.getJsonNumber("documentId").longValue();
        int length = http.get("/api/v1/documents/" + documentId, adminAuth).expect(200, "reading the long document")
                .object().getInt("textLength");

        progress(fmt("creating %,d annotations on it for %s (%d writers)", LONG_READ_ANNOTATIONS, readerLogin,
                LONG_READ_WRITERS));
        String readerAuth = BenchHttp.bearer(token(readerLogin, readerPassword));
        int stride = length / LONG_READ_ANNOTATIONS;
        if (stride < 4) {
            throw new IllegalStateException("the long document is too short: " + length + " code points");
        }
        String path = "/api/v1/documents/" + documentId + "/annotations";
        long t1 = System.nanoTime();
        // the first one alone: it creates the reader's set on the document
        createWithRetry(path, readerAuth, span(0, stride), new AtomicInteger());
        AtomicInteger next = new AtomicInteger(1);
        AtomicInteger retries = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(LONG_READ_WRITERS);
        try {
            for (int w = 0; w < LONG_READ_WRITERS; w++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < LONG_READ_ANNOTATIONS; i = next.getAndIncrement()) {
                        try {
                            createWithRetry(path, readerAuth, span(i, stride), retries);
                        } catch (RuntimeException e) {
                            problems.add(e.getMessage());
                            return;
                        }
                    }
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination(Math.max(30, timeoutSeconds - (long) elapsedSeconds()), TimeUnit.SECONDS)) {
                throw new IllegalStateException("creating the long document's annotations did not finish in time");
            }
        } finally {
            pool.shutdownNow();
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("creating the long document's annotations failed: " + problems.peek());
        }
        notes.add(fmt("Long document: %,d words, %,d code points, imported in %.2f s; %,d annotations for one annotator "
                        + "created in %.1f s by %d writers (%d retries after 409 on the shared set).",
                BenchTexts.wordCount(longRead), length, importSeconds, LONG_READ_ANNOTATIONS,
                (System.nanoTime() - t1) / 1e9, LONG_READ_WRITERS, retries.get()));

        long[] docReads = new long[3];
        long[] annotationReads = new long[3];
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            http.get("/api/v1/documents/" + documentId, readerAuth).expect(200, "reading the long document");
            docReads[i] = System.nanoTime() - t;
            t = System.nanoTime();
            http.get(path, readerAuth).expect(200, "reading the long document's annotations");
            annotationReads[i] = System.nanoTime() - t;
        }
        notes.add(fmt("The editor's two big reads, from Java (median of 3): GET /api/v1/documents/{id} %.0f ms, "
                + "GET .../annotations (%,d) %.0f ms.", percentile(docReads, 50) / 1e6, LONG_READ_ANNOTATIONS,
                percentile(annotationReads, 50) / 1e6));

        progress("opening the editor in headless Chromium, " + PAGE_LOADS + " loads");
        browserProfile = Files.createTempDirectory(target, "benchmark-chromium-");
        browser = new EditorBrowser(target, browserProfile);
        browser.signIn(server.base(), readerLogin, readerPassword);
        String url = server.base() + "/annotate.xhtml?document=" + documentId;
        double[] readyAt = new double[PAGE_LOADS];
        double[] wall = new double[PAGE_LOADS];
        List<String> loads = new ArrayList<>();
        for (int i = 0; i < PAGE_LOADS; i++) {
            EditorBrowser.PageLoad load = browser.load(url, i > 0);
            if (load.annotations() != LONG_READ_ANNOTATIONS) {
                throw new IllegalStateException("the editor showed " + load.annotations() + " annotations, not "
                        + LONG_READ_ANNOTATIONS);
            }
            readyAt[i] = load.readyAt();
            wall[i] = load.wallMs();
            loads.add(fmt("load %d%s: readyAt %.0f ms, wall %.0f ms (HTML %.0f-%.0f ms, DOMContentLoaded %.0f ms; editor %s)",
                    i + 1, i == 0 ? " (cold)" : " (reload)", load.readyAt(), load.wallMs(), load.responseStart(),
                    load.responseEnd(), load.domContentLoaded(), editorTimings(load.editorTimings())));
        }
        double medianReady = median(readyAt);
        double medianWall = median(wall);
        row("5", fmt("Editor ready, %,d words + %,d annotations: readyAt (median of %d)", LONG_READ_WORDS,
                LONG_READ_ANNOTATIONS, PAGE_LOADS), fmt("%.0f ms", medianReady), "< 1 s", verdict(medianReady < 1000));
        row("", fmt("   wall time get/reload -> ready (median of %d)", PAGE_LOADS), fmt("%.0f ms", medianWall), "< 1 s",
                verdict(medianWall < 1000));
        notes.add("Editor loads (ms since navigation start):");
        loads.forEach(l -> notes.add("  " + l));
        browser.close();
        browser = null;
    }

    /**
     * Three annotators each finish 300 annotations on one long article, mostly on the same
     * statements but not always with the same span or category; then the curator's adjudication
     * page is opened in Chromium until it shows every unit.
     */
    private void adjudicationReady() throws Exception {
        final int annotators = 3;
        final int perAnnotator = 300;
        String text = BenchTexts.load(basedir).longRead(20_000);
        BenchHttp.Reply imported = http.upload("/api/v1/projects/" + projectId + "/documents", adminAuth,
                "adjudication-20000-words.txt", text.getBytes(StandardCharsets.UTF_8))
                .expect(200, "importing the document to adjudicate");
        long documentId = imported.array().getJsonObject(0).getJsonNumber("documentId").longValue();
        int length = http.get("/api/v1/documents/" + documentId, adminAuth).expect(200, "reading it").object()
                .getInt("textLength");
        int stride = length / perAnnotator;
        String path = "/api/v1/documents/" + documentId + "/annotations";
        String[] categories = {"LEGAL_ASSERTION", "EXPERT_OPINION", "OFFICIAL_JUSTIFICATION"};
        progress(fmt("adjudication: %d annotators × %d annotations on a %,d code point document", annotators,
                perAnnotator, length));
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(annotators);
        List<java.util.concurrent.Future<?>> work = new ArrayList<>();
        for (int a = 0; a < annotators; a++) {
            String auth = annotatorAuths.get(a);
            int annotator = a;
            work.add(pool.submit(() -> {
                AtomicInteger retries = new AtomicInteger();
                for (int i = 0; i < perAnnotator; i++) {
                    int shift = (i + annotator) % 7 == 0 ? 3 : 0;
                    int start = i * stride + shift;
                    int end = Math.min(i * stride + stride / 2 + shift, length);
                    String category = (i * 31 + annotator * 17) % 10 == 0 ? categories[(i + annotator) % 3]
                            : categories[i % 3];
                    createWithRetry(path, auth, "{\"start\":" + start + ",\"end\":" + end + ",\"category\":\""
                            + category + "\",\"attributes\":{\"speaker\":\"Speaker " + (i % 12) + "\"}}", retries);
                }
                http.put("/api/v1/documents/" + documentId + "/state", auth, "{\"state\":\"FINISHED\"}")
                        .expect(200, "finishing the set");
                return null;
            }));
        }
        pool.shutdown();
        for (var w : work) {
            w.get(Math.max(30, timeoutSeconds - (long) elapsedSeconds()), TimeUnit.SECONDS);
        }
        notes.add(fmt("Adjudication document: %,d code points, %d annotators × %d annotations created and finished "
                + "in %.1f s.", length, annotators, perAnnotator, (System.nanoTime() - t0) / 1e9));
        long t1 = System.nanoTime();
        int units = http.get("/api/v1/documents/" + documentId + "/curation", adminAuth).expect(200, "reading the curation")
                .object().getJsonArray("units").size();
        notes.add(fmt("GET /api/v1/documents/{id}/curation from Java: %.0f ms (%d units).", (System.nanoTime() - t1) / 1e6,
                units));

        progress("opening the adjudication page in headless Chromium, " + PAGE_LOADS + " loads");
        browserProfile = Files.createTempDirectory(target, "benchmark-chromium-");
        browser = new EditorBrowser(target, browserProfile);
        browser.signIn(server.base(), "admin", adminPassword);
        String url = server.base() + "/curate.xhtml?document=" + documentId;
        double[] readyAt = new double[PAGE_LOADS];
        for (int i = 0; i < PAGE_LOADS; i++) {
            EditorBrowser.PageLoad load = browser.load(url, i > 0, "cs-curation", "claimscopeCuration");
            if (load.annotations() != units) {
                throw new IllegalStateException("the adjudication page showed " + load.annotations() + " units, not "
                        + units);
            }
            readyAt[i] = load.readyAt();
        }
        double medianReady = median(readyAt);
        row("7", fmt("Adjudication page ready, 3 annotators × %d annotations (%d units): readyAt (median of %d)",
                perAnnotator, units, PAGE_LOADS), fmt("%.0f ms", medianReady), "< 1 s", verdict(medianReady < 1000));
        browser.close();
        browser = null;
    }

    /** Annotation {@code i} of the long document: inside its own slice of the text, no two overlapping. */
    /**
     * A ZIP of 1,000 saved news pages of about 30 KB through the bulk import, with article extraction on, while one
     * annotator keeps saving annotations; and Tika alone parsing the same pages in this JVM, for the ratio.
     */
    private void bulkImport() throws Exception {
        ArticleCorpus corpus = ArticleCorpus.load(basedir);
        byte[] zip = corpus.zip(0, BULK_PAGES, BULK_PAGE_TEXT_BYTES, 20);
        // the same pages as in the archive, for Tika alone
        List<byte[]> pages = new ArrayList<>(BULK_PAGES);
        long pageBytes = 0;
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            while (in.getNextEntry() != null) {
                byte[] page = in.readAllBytes();
                pages.add(page);
                pageBytes += page.length;
            }
        }
        progress(fmt("bulk import: a ZIP of %d pages (every 20th a wire copy of an earlier one), %.1f KiB each on"
                + " average (%.1f MiB zipped)", BULK_PAGES,
                pageBytes / 1024.0 / BULK_PAGES, zip.length / 1048576.0));
        long bulkProject = http.post("/api/v1/projects", adminAuth, "{\"name\":\"Bulk import benchmark\"}")
                .expect(201, "creating the bulk import project").object().getJsonNumber("id").longValue();

        // one annotator keeps saving while the import runs
        List<long[]> documents = documents();
        AtomicInteger saving = new AtomicInteger(1);
        List<Long> saves = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread annotator = new Thread(() -> {
            Random rnd = new Random(7);
            String auth = annotatorAuths.get(0);
            while (saving.get() == 1) {
                long[] doc = documents.get(rnd.nextInt(documents.size()));
                int start = rnd.nextInt(Math.max(1, (int) doc[1] - 80));
                long t = System.nanoTime();
                BenchHttp.Reply reply = http.post("/api/v1/documents/" + doc[0] + "/annotations", auth,
                        annotationBody(start, Math.min((int) doc[1], start + 20)));
                if (reply.status() == 201) {
                    saves.add(System.nanoTime() - t);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-annotator");

        long t0 = System.nanoTime();
        BenchHttp.Reply started = http.upload("/api/v1/projects/" + bulkProject + "/imports", adminAuth, "corpus.zip",
                zip, java.util.Map.of("extractMainContent", "true")).expect(202, "starting the bulk import");
        double upload = (System.nanoTime() - t0) / 1e9;
        annotator.start();
        long jobId = started.object().getJsonNumber("jobId").longValue();
        JsonObject job;
        while (true) {
            job = http.get("/api/v1/imports/" + jobId + "?limit=0", adminAuth).expect(200, "following the import")
                    .object();
            String state = job.getString("state");
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                break;
            }
            if (elapsedSeconds() > timeoutSeconds - 20) {
                throw new IllegalStateException("the bulk import did not finish in time: " + job);
            }
            Thread.sleep(200);
        }
        double total = (System.nanoTime() - t0) / 1e9;
        saving.set(0);
        annotator.join(5_000);
        if (!"FINISHED".equals(job.getString("state")) || job.getInt("imported") != BULK_PAGES) {
            throw new IllegalStateException("the bulk import did not import every page: " + job);
        }
        double job1 = java.time.Duration.between(java.time.Instant.parse(job.getString("startedAt")),
                java.time.Instant.parse(job.getString("finishedAt"))).toNanos() / 1e9;

        // Tika alone on the same pages: detection and HTML parsing to text, as an import without Claimscope would do
        org.apache.tika.parser.AutoDetectParser tika = new org.apache.tika.parser.AutoDetectParser();
        double tikaSeconds = 0;
        for (int round = 0; round < 2; round++) {
            long t = System.nanoTime();
            for (byte[] page : pages) {
                org.apache.tika.sax.BodyContentHandler handler = new org.apache.tika.sax.BodyContentHandler(-1);
                try (var in = org.apache.tika.io.TikaInputStream.get(page)) {
                    tika.parse(in, handler, new org.apache.tika.metadata.Metadata(),
                            new org.apache.tika.parser.ParseContext());
                }
            }
            tikaSeconds = (System.nanoTime() - t) / 1e9; // the second, warm round counts
        }
        long[] saveLatencies = saves.stream().mapToLong(Long::longValue).toArray();
        row("8", fmt("Bulk import, ZIP of %,d pages of %.0f KB: upload to finished", BULK_PAGES,
                pageBytes / 1000.0 / BULK_PAGES), fmt("%.1f s", total), "< 30 s", verdict(total < 30));
        row("", "   the job alone (server's own clock)", fmt("%.1f s (%.1f ms per page)", job1, job1 * 1000 / BULK_PAGES),
                NONE, "");
        row("", "   Tika alone, same pages, warm, one thread", fmt("%.1f s", tikaSeconds), NONE, "");
        row("", "   import / bare Tika parsing", fmt("%.2f", job1 / tikaSeconds), "<= 1.5", verdict(job1 / tikaSeconds <= 1.5));
        if (saveLatencies.length > 0) {
            row("", "   annotation saves during the import: median", fmt("%.1f ms (%d saves, p99 %.1f ms)",
                    percentile(saveLatencies, 50) / 1e6, saveLatencies.length, percentile(saveLatencies, 99) / 1e6),
                    NONE, "");
        }
        notes.add(fmt("Bulk import: upload of %.1f MiB took %.2f s; job %.1f s; %d near duplicates flagged.",
                zip.length / 1048576.0, upload, job1, job.getInt("nearDuplicates")));
    }

    private static String span(int i, int stride) {
        int start = i * stride + (i * 37) % Math.max(1, stride / 3);
        int end = Math.min(start + 12 + (i * 53) % 48, (i + 1) * stride);
        return annotationBody(start, Math.max(end, start + 1));
    }

    private void createWithRetry(String path, String auth, String body, AtomicInteger retries) {
        for (int attempt = 0; ; attempt++) {
            BenchHttp.Reply reply = http.post(path, auth, body);
            if (reply.status() == 201) {
                created.incrementAndGet();
                return;
            }
            if (reply.status() != 409 || attempt >= 20) {
                throw new IllegalStateException("creating an annotation answered " + reply.status() + ": "
                        + BenchHttp.abbreviate(reply.body(), 200));
            }
            retries.incrementAndGet();
        }
    }

    private static String editorTimings(String json) {
        if (json == null || json.isEmpty()) {
            return "timings n/a";
        }
        try (var reader = Json.createReader(new StringReader(json))) {
            JsonObject t = reader.readObject();
            StringBuilder out = new StringBuilder();
            for (Map.Entry<String, JsonValue> e : t.entrySet()) {
                if (e.getValue().getValueType() == JsonValue.ValueType.NUMBER) {
                    out.append(out.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                            .append(Math.round(Double.parseDouble(e.getValue().toString())));
                }
            }
            return out.toString();
        }
    }

    private void export() throws IOException {
        progress("exporting the project as JSON Lines");
        long t0 = System.nanoTime();
        HttpResponse<byte[]> response = http.getBytes("/api/v1/projects/" + projectId + "/export?format=jsonl", adminAuth);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the export answered " + response.statusCode() + ": "
                    + BenchHttp.abbreviate(new String(response.body(), StandardCharsets.UTF_8), 300));
        }
        long lines = 0;
        long annotations = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(response.body()),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                try (var json = Json.createReader(new StringReader(line))) {
                    annotations += json.readObject().getJsonArray("annotations").size();
                }
            }
        }
        row("6", fmt("JSON Lines export, %,d documents / %,d annotations: throughput", lines, annotations),
                fmt("%,.0f annotations/s", annotations / seconds), NONE, "");
        row("", "   total time", fmt("%.2f s", seconds), NONE, "");
        notes.add(fmt("Export: %.1f MiB in %.2f s (%.1f MiB/s).", response.body().length / 1048576.0, seconds,
                response.body().length / 1048576.0 / seconds));
        if (annotations != created.get()) {
            throw new IllegalStateException("the export holds " + annotations + " annotations, but " + created.get()
                    + " were created");
        }
    }

    private void afterRun() {
        OptionalLong rss = server.statusKiB("VmRSS");
        OptionalLong hwm = server.statusKiB("VmHWM");
        if (rss.isPresent() && hwm.isPresent()) {
            notes.add(fmt("Server memory after the run: VmRSS %.0f MiB, peak (VmHWM) %.0f MiB.", rss.getAsLong() / 1024.0,
                    hwm.getAsLong() / 1024.0));
        }
    }

    // ---- running steps, cleaning up, reporting ------------------------------------------------------

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private boolean step(String name, Step step) {
        try {
            step.run();
            return true;
        } catch (Throwable t) {
            String message = t.getMessage() == null ? t.toString() : t.getMessage();
            progress("step " + name + " FAILED: " + message);
            synchronized (this) {
                failed = true;
                rows.add(new Row(name, "step " + name + " failed", "FAILED", "", "see below"));
                notes.add("Step " + name + " failed: " + firstLines(message, 12));
            }
            if (!(t instanceof IllegalStateException)) {
                t.printStackTrace(System.out);
            }
            return false;
        }
    }

    /** Stops Chromium and the server (by pid), ends whatever else this JVM started, removes the scratch data. */
    private synchronized void cleanUp() {
        if (cleanedUp) {
            return;
        }
        cleanedUp = true;
        EditorBrowser b = browser;
        if (b != null) {
            b.close();
        }
        BenchServer s = server;
        if (s != null) {
            String stopped = s.stop();
            progress(stopped);
            notes.add(stopped + ".");
            summariseLog(s.log());
        }
        // anything still running was started by this run (chromedriver, Chromium): end it by pid
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(p -> {
            progress("ending leftover process " + p.pid() + " " + p.info().command().orElse(""));
            p.destroyForcibly();
        });
        if (!keep) {
            if (s != null) {
                deleteTree(s.dataDir());
            }
            deleteTree(browserProfile);
        }
    }

    private static final java.util.regex.Pattern ANSI = java.util.regex.Pattern.compile("\u001B\\[[0-9;]*m");
    private static final java.util.regex.Pattern RECORD = java.util.regex.Pattern.compile(
            "^\\[[^\\]]*] \\[[^\\]]*] \\[(SEVERE|WARNING)] \\[[^\\]]*] \\[([^\\]]*)]");

    /** Counts the server's SEVERE and WARNING records, by logger, for the report. */
    private void summariseLog(Path log) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            int[] totals = new int[2];
            lines.forEach(raw -> {
                java.util.regex.Matcher m = RECORD.matcher(ANSI.matcher(raw).replaceAll(""));
                if (m.find()) {
                    boolean severe = m.group(1).equals("SEVERE");
                    totals[severe ? 0 : 1]++;
                    String logger = m.group(2).replaceAll("/file:.*", "");
                    counts.merge(m.group(1) + " " + logger, 1, Integer::sum);
                }
            });
            notes.add(fmt("Server log target/benchmark-server.log: %d SEVERE, %d WARNING records.", totals[0], totals[1]));
            counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(5)
                    .forEach(e -> notes.add(fmt("  %5d x %s", e.getValue(), e.getKey())));
        } catch (IOException | RuntimeException e) {
            notes.add("Could not read the server log: " + e);
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: scratch data under target/
                }
            });
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    private synchronized void report(PrintStream out) {
        if (reported) {
            return;
        }
        reported = true;
        List<Row> table = new ArrayList<>(rows);
        int w0 = 2;
        int w1 = "measure".length();
        int w2 = "result".length();
        int w3 = "target".length();
        for (Row r : table) {
            w0 = Math.max(w0, r.number().length());
            w1 = Math.max(w1, r.measure().length());
            w2 = Math.max(w2, r.value().length());
            w3 = Math.max(w3, r.target().length());
        }
        String format = "%-" + w0 + "s  %-" + w1 + "s  %" + w2 + "s  %-" + w3 + "s  %s%n";
        int width = w0 + w1 + w2 + w3 + 8 + 7;
        String rule = "=".repeat(width);
        out.println();
        out.println(rule);
        out.printf(Locale.ROOT, "Claimscope benchmark, %s, %d CPUs, Java %s, Payara Micro + H2 (default database)%n",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        out.printf(Locale.ROOT, "Load average (1, 5, 15 min) at start %s, at end %s%s%n", loadAtStart, loadAverage(),
                busy() ? "  -- the machine was busy: figures are pessimistic" : "");
        out.println("-".repeat(width));
        out.printf(Locale.ROOT, format, "#", "measure", "result", "target", "");
        out.println("-".repeat(width));
        for (Row r : table) {
            out.printf(Locale.ROOT, format, r.number(), r.measure(), r.value(), r.target(), r.verdict());
        }
        out.println("-".repeat(width));
        out.println("Targets are reported, not asserted: a missed target does not fail the build.");
        for (String note : new ArrayList<>(notes)) {
            out.println(note);
        }
        out.printf(Locale.ROOT, "Total benchmark time %.0f s.%n", elapsedSeconds());
        out.println(rule);
        out.flush();
    }

    private synchronized void row(String number, String measure, String value, String target, String verdict) {
        rows.add(new Row(number, measure, value, target, verdict));
    }

    private record Row(String number, String measure, String value, String target, String verdict) {
    }

    /** Heap and metaspace of the server's JVM, from {@code jcmd <pid> GC.heap_info}; null when jcmd is not there. */
    private static String heapInfo(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info").redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            // G1 prints one "heap total", the serial collector one "generation total" per generation
            java.util.regex.Matcher heap = java.util.regex.Pattern.compile(
                    "(?:heap|generation)\\s+total (\\d+)K, used (\\d+)K").matcher(out);
            java.util.regex.Matcher meta = java.util.regex.Pattern.compile(
                    "Metaspace\\s+used (\\d+)K, committed (\\d+)K").matcher(out);
            long total = 0;
            long used = 0;
            boolean found = false;
            while (heap.find()) {
                total += Long.parseLong(heap.group(1));
                used += Long.parseLong(heap.group(2));
                found = true;
            }
            if (!found || !meta.find()) {
                return BenchHttp.abbreviate(out, 300);
            }
            return fmt("heap committed %.0f MiB, used %.0f MiB; metaspace used %.0f MiB, committed %.0f MiB.",
                    total / 1024.0, used / 1024.0, Long.parseLong(meta.group(1)) / 1024.0,
                    Long.parseLong(meta.group(2)) / 1024.0);
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The first three fields of /proc/loadavg. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** Whether other work competed for the CPUs during the run (5-minute load above the number of CPUs). */
    private static boolean busy() {
        try {
            return Double.parseDouble(loadAverage().split(" ")[1]) > Runtime.getRuntime().availableProcessors();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    private void progress(String message) {
        System.out.printf(Locale.ROOT, "[benchmark %5.1f s] %s%n", elapsedSeconds(), message);
        System.out.flush();
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private String password() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String firstLines(String s, int lines) {
        String[] all = s.split("\\R");
        return all.length <= lines ? s : String.join("\n", Arrays.copyOf(all, lines)) + "\n…";
    }

    /** Nearest-rank percentile. */
    static long percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static int argMax(long[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
