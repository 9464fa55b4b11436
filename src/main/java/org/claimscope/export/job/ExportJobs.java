package org.claimscope.export.job;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.claimscope.common.Json;
import org.claimscope.common.NotFoundException;
import org.claimscope.config.ClaimscopeConfig;
import org.claimscope.export.BundleExporter;
import org.claimscope.export.CorpusReader;
import org.claimscope.export.JsonlExporter;
import org.claimscope.project.Access;
import org.claimscope.security.User;
import org.claimscope.security.UserService;

/**
 * Research exports in the background: a manager asks for a bundle, a worker on the server's managed executor writes
 * it to the data directory ({@code exports/<job id>.zip}, first as {@code .part}), one export at a time, and the
 * manager follows its progress and downloads it. An export interrupted by a restart is written again from the start.
 */
@ApplicationScoped
public class ExportJobs {
    private static final Logger LOG = Logger.getLogger(ExportJobs.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Inject
    ClaimscopeConfig config;

    @Inject
    ExportJobStore store;

    @Inject
    JsonlExporter exporter;

    @Inject
    CorpusReader reader;

    @Inject
    BundleExporter bundles;

    @Inject
    UserService users;

    private final Object lock = new Object();
    private final Deque<Long> waiting = new ArrayDeque<>();
    private boolean running;

    public ExportJob start(User caller, long projectId, ExportRequest request) {
        exporter.checkMayExport(caller, projectId);
        ExportJob job = store.create(new ExportJob(projectId, caller.getId(), Json.write(request), worker()));
        schedule(job.getId());
        return job;
    }

    /** A job of a project the caller manages; 404 otherwise. */
    public ExportJob get(User caller, long jobId) {
        ExportJob job = store.find(jobId).orElseThrow(() -> new NotFoundException("there is no export " + jobId));
        try {
            exporter.checkMayExport(caller, job.getProjectId());
        } catch (RuntimeException notManager) {
            throw new NotFoundException("there is no export " + jobId);
        }
        return job;
    }

    public List<ExportJob> ofProject(User caller, long projectId) {
        exporter.checkMayExport(caller, projectId);
        return store.ofProject(projectId, 50);
    }

    /** The finished bundle; 404 when the job is not finished or its file is not on this server. */
    public Path file(User caller, long jobId) {
        ExportJob job = get(caller, jobId);
        Path file = path(jobId);
        if (job.getState() != ExportJob.State.FINISHED || !Files.isRegularFile(file)) {
            throw new NotFoundException("export " + jobId + " has no file to download"
                    + (job.getState().isOver() ? "" : " yet: it is " + job.getState().name().toLowerCase()));
        }
        return file;
    }

    Path path(long jobId) {
        return config.dataDir().resolve("exports").resolve(jobId + ".zip");
    }

    String worker() {
        return config.workerName();
    }

    /** At start-up: writes again the exports this server had not finished. */
    public void resume() {
        for (ExportJob job : store.unfinished(worker())) {
            schedule(job.getId());
        }
    }

    private void schedule(long jobId) {
        synchronized (lock) {
            waiting.add(jobId);
            dispatch();
        }
    }

    private void dispatch() {
        if (running || waiting.isEmpty()) {
            return;
        }
        long jobId = waiting.poll();
        running = true;
        executor.execute(() -> {
            try {
                run(jobId);
            } finally {
                synchronized (lock) {
                    running = false;
                    dispatch();
                }
            }
        });
    }

    void run(long jobId) {
        ExportJob job = store.find(jobId).orElse(null);
        if (job == null || job.getState().isOver()) {
            return;
        }
        Path file = path(jobId);
        Path part = file.resolveSibling(jobId + ".zip.part");
        try {
            ExportRequest request = Json.read(job.getRequest(), ExportRequest.class);
            CorpusReader.Selection selection = request.selection();
            User creator = users.find(job.getCreatedBy());
            Access access = exporter.checkMayExport(creator, job.getProjectId());
            long total = reader.count(job.getProjectId(), selection);
            store.start(jobId, total);
            Files.createDirectories(part.getParent());
            long[] lastReport = {System.nanoTime()};
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
                bundles.write(creator, access.project(), request.formats(), selection, out, done -> {
                    if (System.nanoTime() - lastReport[0] > 300_000_000L) {
                        lastReport[0] = System.nanoTime();
                        store.progress(jobId, done);
                    }
                });
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            store.finish(jobId, Files.size(file));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Export " + jobId + " failed", e);
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // left for the next export to overwrite
            }
            store.fail(jobId, "the export could not be written (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }
}
