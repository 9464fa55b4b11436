package org.claimscope.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One Payara Micro process serving the freshly built WAR, started exactly as {@code mvn -Prun}
 * starts it but on a free loopback port, with a fresh data directory under {@code target/}. It is
 * stopped by its own process id and never by name.
 */
final class BenchServer {
    private final Process process;
    private final long startedNanos;
    private final int port;
    private final Path log;
    private final Path dataDir;
    private boolean stopped;
    private String stopSummary;

    private BenchServer(Process process, long startedNanos, int port, Path log, Path dataDir) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.port = port;
        this.log = log;
        this.dataDir = dataDir;
    }

    static BenchServer start(Path basedir, String adminPassword) throws IOException {
        Path target = basedir.resolve("target");
        for (String required : List.of("payara-micro.jar", "claimscope.war")) {
            if (!Files.isRegularFile(target.resolve(required))) {
                throw new IllegalStateException("target/" + required + " is missing: build first (mvn -Pbenchmark verify does)");
            }
        }
        Path dataDir = Files.createTempDirectory(target, "benchmark-data-");
        Path log = target.resolve("benchmark-server.log");
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the same JVM options as `mvn -Prun package` (pom.xml property claimscope.jvm.options)
        String options = System.getProperty("claimscope.jvm.options", "").strip();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(List.of(
                "-jar", "target/payara-micro.jar",
                "--clustermode", "tcpip:127.0.0.1:6900",
                "--interfaces", "127.0.0.1",
                "--hzconfigfile", "src/main/payara/hazelcast.xml",
                "--port", Integer.toString(port),
                "--prebootcommandfile", "src/main/payara/pre-boot-commands.txt",
                "--contextroot", "/",
                "--deploy", "target/claimscope.war"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(basedir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("CLAIMSCOPE_DATA_DIR", dataDir.toString());
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        builder.environment().put("CLAIMSCOPE_ADMIN_PASSWORD", adminPassword);
        long started = System.nanoTime();
        Process process = builder.start();
        return new BenchServer(process, started, port, log, dataDir);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Polls {@code GET /health/ready} until it answers 200; returns the seconds since the process started. */
    double awaitReady(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = startedNanos + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with code " + process.exitValue()
                        + " before it was ready; see " + log + "\n" + tail(40));
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return (System.nanoTime() - startedNanos) / 1e9;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server was not ready within " + timeout.toSeconds() + " s (last answer: "
                + last + "); see " + log + "\n" + tail(40));
    }

    /** A field of /proc/&lt;pid&gt;/status in KiB, e.g. VmRSS or VmHWM; empty where there is no /proc. */
    OptionalLong statusKiB(String field) {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith(field + ":")) {
                    String value = line.substring(field.length() + 1).trim();
                    return OptionalLong.of(Long.parseLong(value.split("\\s+")[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return OptionalLong.empty();
    }

    /**
     * The CPU time the server process has used so far (user and system, all threads), in milliseconds, from
     * /proc/&lt;pid&gt;/stat; empty where there is no /proc. On a busy machine it says what the server itself spent
     * where wall times also count the waits for a CPU.
     */
    OptionalLong cpuMillis() {
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String line = Files.readString(stat, StandardCharsets.US_ASCII);
            // the fields after the command name, which is in parentheses and may hold spaces
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            return OptionalLong.of(ticks * 1000 / CLOCK_TICKS);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** USER_HZ: 100 on every Linux that Java runs on. */
    private static final long CLOCK_TICKS = 100;

    /** The last lines of the server's log, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    /**
     * Stops the server by its process id: SIGTERM first so Payara shuts down cleanly, SIGKILL when it
     * has not gone after 20 s. Also ends any process the server itself started. Safe to call twice.
     */
    synchronized String stop() {
        if (stopped) {
            return stopSummary;
        }
        stopped = true;
        long pid = process.pid();
        List<ProcessHandle> children = process.descendants().toList();
        long t0 = System.nanoTime();
        process.destroy();
        boolean exited;
        try {
            exited = process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        if (!exited) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        stopSummary = String.format("server pid %d %s in %.1f s", pid,
                exited ? "stopped (SIGTERM)" : process.isAlive() ? "could NOT be stopped" : "killed (SIGKILL)", seconds);
        return stopSummary;
    }
}
