package org.claimscope.importing.job;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.claimscope.config.ClaimscopeConfig;
import org.claimscope.importing.ExtractOptions;
import org.claimscope.importing.ImportOutcome;
import org.claimscope.importing.ImportOutcome.Status;
import org.claimscope.importing.ImportService;
import org.claimscope.importing.JobStoppedException;
import org.claimscope.importing.archive.ArchiveException;
import org.claimscope.importing.archive.ArchiveExpander;

/**
 * Runs import jobs on the application server's managed executor, at most {@code claimscope.import.workers} at once
 * (one by default, so that annotators keep a core to themselves during a large import); the others wait in line in
 * the order they came. Each job imports its files one after the other and writes each file's outcome as it goes, so
 * that a job interrupted by a restart resumes after the last file it reported ({@link #resume()}).
 */
@ApplicationScoped
public class ImportJobRunner {
    private static final Logger LOG = Logger.getLogger(ImportJobRunner.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Inject
    ClaimscopeConfig config;

    @Inject
    ImportService imports;

    @Inject
    ImportJobStore store;

    private final Object lock = new Object();
    private final Deque<Long> waiting = new ArrayDeque<>();
    private int running;
    private volatile JobSpool spool;

    JobSpool spool() {
        JobSpool local = spool;
        if (local == null) {
            local = new JobSpool(config.dataDir());
            spool = local;
        }
        return local;
    }

    String worker() {
        return config.workerName();
    }

    /** Puts a job in line; it starts as soon as a worker is free. */
    public void schedule(long jobId) {
        synchronized (lock) {
            if (!waiting.contains(jobId)) {
                waiting.add(jobId);
            }
            dispatch();
        }
    }

    private void dispatch() {
        while (running < config.importWorkers() && !waiting.isEmpty()) {
            long jobId = waiting.poll();
            running++;
            try {
                executor.execute(() -> {
                    try {
                        run(jobId);
                    } finally {
                        synchronized (lock) {
                            running--;
                            dispatch();
                        }
                    }
                });
            } catch (RuntimeException rejected) {
                running--;
                waiting.addFirst(jobId);
                LOG.log(Level.WARNING, "The executor refused import job " + jobId + "; it waits for the next one", rejected);
                return;
            }
        }
    }

    /**
     * At start-up: removes half-written uploads, puts this server's unfinished jobs back in line (they go on after
     * their last reported file), and ends those whose files did not survive.
     */
    public void resume() {
        spool().removeIncoming();
        for (ImportJob job : store.unfinished(worker())) {
            if (spool().exists(job.getId())) {
                LOG.info(() -> "Resuming import job " + job.getId() + " after " + job.getFilesDone() + " files");
                schedule(job.getId());
            } else {
                store.end(job.getId(), JobState.FAILED, "the server stopped before the uploaded files were kept; "
                        + job.getFilesDone() + " files were imported; upload the others again");
            }
        }
    }

    /** Imports a job's files in order, skipping those its report already has. */
    void run(long jobId) {
        ImportJob job;
        try {
            job = store.start(jobId).orElse(null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Import job " + jobId + " could not start", e);
            return;
        }
        if (job == null) {
            spool().delete(jobId);
            return;
        }
        Walk walk = new Walk(job, store.lastSeq(jobId));
        try {
            List<JobSpool.Upload> uploads = spool().read(jobId);
            if (uploads.isEmpty()) {
                store.end(jobId, JobState.FAILED, "the uploaded files are no longer on the server; upload them again");
                return;
            }
            store.countFiles(jobId, count(uploads));
            for (JobSpool.Upload upload : uploads) {
                walk.upload(upload);
            }
            store.end(jobId, JobState.FINISHED, null);
        } catch (JobStoppedException stopped) {
            LOG.info(() -> "Import job " + jobId + " stopped after " + walk.seq + " files");
        } catch (Exception | Error e) {
            LOG.log(Level.SEVERE, "Import job " + jobId + " stopped unexpectedly", e);
            store.end(jobId, JobState.FAILED, "the import stopped unexpectedly after " + walk.seq + " files ("
                    + e.getClass().getSimpleName() + "); the files imported so far are kept; upload the others again");
        } finally {
            store.find(jobId).filter(j -> j.getState().isOver()).ifPresent(j -> spool().delete(jobId));
        }
    }

    /** How many files the uploads hold: archive members counted from the archives' directories. */
    private int count(List<JobSpool.Upload> uploads) {
        long total = 0;
        for (JobSpool.Upload upload : uploads) {
            total += archive(upload) ? Math.max(1, MemberCount.count(upload.path())) : 1;
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    private boolean archive(JobSpool.Upload upload) {
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(upload.path())) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return false;
        }
        return ArchiveExpander.isArchive(upload.name(), java.util.Arrays.copyOf(head, n));
    }

    /** One pass over a job's files, numbering them in order. */
    private final class Walk {
        final ImportJob job;
        final int alreadyDone;
        final ExtractOptions options;
        int seq;

        Walk(ImportJob job, int alreadyDone) {
            this.job = job;
            this.alreadyDone = alreadyDone;
            this.options = new ExtractOptions(job.isExtractMainContent(), config.importFileTimeBudget());
        }

        void upload(JobSpool.Upload upload) throws IOException {
            if (!archive(upload)) {
                if (next()) {
                    try (InputStream in = Files.newInputStream(upload.path())) {
                        imports.importContent(job.getProjectId(), job.getCreatedBy(), upload.name(), in, options,
                                ImportJobStore.recorder(job.getId(), seq));
                    }
                }
                return;
            }
            ArchiveExpander expander = new ArchiveExpander(new ArchiveExpander.Limits(config.uploadMaxBytes(),
                    config.importMaxUnpackedBytes(), config.importMaxFiles(), 3,
                    ArchiveExpander.Limits.defaults(config.uploadMaxBytes()).maxRatio()));
            try {
                expander.expand(upload.name(), upload.path(), new ArchiveExpander.Sink() {
                    @Override
                    public void member(String path, byte[] content) {
                        String name = path;
                        if (tooMany(name) || !next()) {
                            return;
                        }
                        imports.importContent(job.getProjectId(), job.getCreatedBy(), name,
                                new ByteArrayInputStream(content), options, ImportJobStore.recorder(job.getId(), seq));
                    }

                    @Override
                    public void rejected(String path, String message) {
                        String name = path;
                        if (tooMany(name) || !next()) {
                            return;
                        }
                        report(name, message);
                    }
                });
            } catch (ArchiveException e) {
                if (next()) {
                    report(upload.name(), e.getMessage());
                }
            }
        }

        private boolean limitReported;

        /** Beyond the job's limit of files, one line says so and the rest is left out. */
        private boolean tooMany(String name) {
            if (seq < config.importMaxFiles()) {
                return false;
            }
            if (!limitReported) {
                limitReported = true;
                if (next()) {
                    report(name, "the upload holds more than " + config.importMaxFiles() + " files; this file and the"
                            + " ones after it were not imported");
                }
            }
            return true;
        }

        /** Takes the next place; false when the report has it already (a resumed job). */
        private boolean next() {
            seq++;
            return seq > alreadyDone;
        }

        private void report(String name, String message) {
            imports.report(new ImportOutcome(name, Status.FAILED, null, name + ": " + message),
                    ImportJobStore.recorder(job.getId(), seq));
        }
    }
}
