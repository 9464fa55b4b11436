package org.claimscope.importing.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.claimscope.common.InvalidInputException;
import org.claimscope.common.NotFoundException;
import org.claimscope.config.ClaimscopeConfig;
import org.claimscope.importing.ImportOutcome;
import org.claimscope.importing.ImportService;
import org.claimscope.project.Access;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;

/**
 * Bulk imports: an upload of files and archives becomes an import job that a worker runs in the background
 * ({@link ImportJobRunner}); the job's progress and per-file report can be read at any time, and survive a restart.
 * A job is seen by the person who started it and by the project's managers.
 */
@ApplicationScoped
public class ImportJobs {
    private static final Logger LOG = Logger.getLogger(ImportJobs.class.getName());
    /** The most lines of a report one request returns. */
    public static final int MAX_FILES_PER_PAGE = 100_000;

    @Inject
    ClaimscopeConfig config;

    @Inject
    ImportService imports;

    @Inject
    ProjectService projects;

    @Inject
    ImportJobStore store;

    @Inject
    ImportJobRunner runner;

    /** One uploaded file or archive, read once. */
    public record Upload(String fileName, InputStream content) {
    }

    /** A job with the part of its report asked for. */
    public record JobView(ImportJob job, String createdBy, List<ImportOutcome> files) {
    }

    /**
     * Writes the uploads to the data directory and queues their import. Either the whole upload is kept and a job
     * made, or nothing is kept and the exception says why.
     */
    public ImportJob start(User caller, long projectId, List<Upload> uploads, boolean extractMainContent) {
        imports.checkMayImport(caller, projectId);
        if (uploads.isEmpty()) {
            throw new InvalidInputException("file", "send one or more files or archives as multipart parts named 'file'");
        }
        if (uploads.size() > config.uploadMaxFiles()) {
            throw new InvalidInputException("file", "at most " + config.uploadMaxFiles() + " files per upload; put more"
                    + " into a ZIP or tar.gz archive");
        }
        ImportJob job;
        try (JobSpool.Incoming incoming = runner.spool().incoming()) {
            for (Upload upload : uploads) {
                incoming.add(ImportService.safeFileName(upload.fileName()), upload.content(),
                        config.importMaxUploadBytes());
            }
            job = store.create(new ImportJob(projectId, caller.getId(), extractMainContent, incoming.uploads().size(),
                    incoming.bytes(), runner.worker()));
            try {
                incoming.place(job.getId());
            } catch (IOException | RuntimeException e) {
                store.end(job.getId(), JobState.FAILED, "the uploaded files could not be kept on the server; nothing"
                        + " was imported");
                throw e;
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Keeping an upload for import failed", e);
            throw new UncheckedIOException("the upload could not be kept on the server (" + e.getMessage() + ")", e);
        }
        runner.schedule(job.getId());
        return job;
    }

    public JobView get(User caller, long jobId, int offset, int limit, ImportOutcome.Status status) {
        ImportJob job = visible(caller, jobId);
        List<ImportOutcome> files = store.files(jobId, Math.max(0, offset), Math.min(Math.max(0, limit),
                MAX_FILES_PER_PAGE), status).stream().map(ImportJobFile::outcome).toList();
        return new JobView(job, login(job.getCreatedBy()), files);
    }

    /** The project's latest jobs, newest first; a manager sees everyone's, others their own. */
    public List<JobView> ofProject(User caller, long projectId, int limit) {
        Access access = imports.checkMayImport(caller, projectId);
        return store.ofProject(projectId, Math.min(Math.max(1, limit), 200)).stream()
                .filter(job -> access.isManager() || job.getCreatedBy() == caller.getId())
                .map(job -> new JobView(job, login(job.getCreatedBy()), List.of())).toList();
    }

    /** Stops a job; the files imported until then stay. Cancelling a job that is over changes nothing. */
    public ImportJob cancel(User caller, long jobId) {
        ImportJob job = visible(caller, jobId);
        if (job.getState().isOver()) {
            return job;
        }
        for (int attempt = 0; ; attempt++) {
            try {
                return store.end(jobId, JobState.CANCELLED, "cancelled by " + caller.getLogin()).orElseThrow();
            } catch (RuntimeException e) {
                // the worker moved the counters at the same moment: read again and retry
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private ImportJob visible(User caller, long jobId) {
        ImportJob job = store.find(jobId).orElseThrow(() -> new NotFoundException("there is no import job " + jobId));
        if (job.getCreatedBy() == caller.getId()) {
            return job;
        }
        try {
            if (projects.access(caller, job.getProjectId()).isManager()) {
                return job;
            }
        } catch (NotFoundException notMember) {
            // same answer as for a job that does not exist
        }
        throw new NotFoundException("there is no import job " + jobId);
    }

    private String login(long userId) {
        return store.login(userId);
    }
}
