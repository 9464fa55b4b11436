package org.claimscope.importing.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.claimscope.common.NotFoundException;
import org.claimscope.importing.ImportOutcome;
import org.claimscope.importing.JobStoppedException;
import org.claimscope.importing.OutcomeRecorder;

/** The import jobs' rows, each change in a transaction of its own. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class ImportJobStore {
    @PersistenceContext
    EntityManager em;

    public ImportJob create(ImportJob job) {
        em.persist(job);
        em.flush();
        return job;
    }

    public Optional<ImportJob> find(long jobId) {
        return Optional.ofNullable(em.find(ImportJob.class, jobId));
    }

    public ImportJob require(long jobId) {
        ImportJob job = em.find(ImportJob.class, jobId);
        if (job == null) {
            throw new NotFoundException("there is no import job " + jobId);
        }
        return job;
    }

    /** Marks a waiting or interrupted job as running; empty when it is over (cancelled meanwhile). */
    public Optional<ImportJob> start(long jobId) {
        ImportJob job = em.find(ImportJob.class, jobId);
        if (job == null || job.getState().isOver()) {
            return Optional.empty();
        }
        job.start();
        return Optional.of(job);
    }

    public String login(long userId) {
        return em.createQuery("SELECT u.login FROM User u WHERE u.id = :id", String.class).setParameter("id", userId)
                .getResultStream().findFirst().orElse("?");
    }

    /** The highest place in the report already written, or 0 when none is. */
    public int lastSeq(long jobId) {
        Integer max = em.createQuery("SELECT MAX(f.seq) FROM ImportJobFile f WHERE f.jobId = :job", Integer.class)
                .setParameter("job", jobId).getSingleResult();
        return max == null ? 0 : max;
    }

    public void countFiles(long jobId, int total) {
        ImportJob job = em.find(ImportJob.class, jobId);
        if (job != null && !job.getState().isOver()) {
            job.countFiles(total);
        }
    }

    /** Ends a job that is not over yet; a job already over keeps its end. */
    public Optional<ImportJob> end(long jobId, JobState state, String message) {
        ImportJob job = em.find(ImportJob.class, jobId);
        if (job == null) {
            return Optional.empty();
        }
        if (!job.getState().isOver()) {
            job.end(state, message);
        }
        return Optional.of(job);
    }

    public List<ImportJob> unfinished(String worker) {
        return em.createQuery("SELECT j FROM ImportJob j WHERE j.worker = :worker AND j.state IN :states ORDER BY j.id",
                        ImportJob.class)
                .setParameter("worker", worker).setParameter("states", List.of(JobState.QUEUED, JobState.RUNNING))
                .getResultList();
    }

    public List<ImportJob> ofProject(long projectId, int limit) {
        return em.createQuery("SELECT j FROM ImportJob j WHERE j.projectId = :project ORDER BY j.id DESC",
                        ImportJob.class)
                .setParameter("project", projectId).setMaxResults(limit).getResultList();
    }

    /** The report's lines from a place on, optionally of one status only. */
    public List<ImportJobFile> files(long jobId, int offset, int limit, ImportOutcome.Status status) {
        String jpql = "SELECT f FROM ImportJobFile f WHERE f.jobId = :job"
                + (status == null ? "" : " AND f.status = :status") + " ORDER BY f.seq";
        var query = em.createQuery(jpql, ImportJobFile.class).setParameter("job", jobId);
        if (status != null) {
            query.setParameter("status", status);
        }
        return query.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /**
     * The recorder that writes a file's line at the given place, and moves the job's counters, in the transaction of
     * the file's document. When the job was cancelled meanwhile, it refuses, and the file is not stored. The job's row
     * is locked from this read until the file's transaction ends, so that no other change to the job (a cancel, say)
     * can slip in between and make the counters' version check fail, taking the file's document down with it.
     */
    public static OutcomeRecorder recorder(long jobId, int seq) {
        return (em, outcome) -> {
            ImportJob job = em.find(ImportJob.class, jobId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (job == null || job.getState() != JobState.RUNNING) {
                throw new JobStoppedException("import job " + jobId + " was stopped");
            }
            job.record(outcome.status(), outcome.nearDuplicateOf() != null);
            em.persist(new ImportJobFile(jobId, seq, outcome));
        };
    }
}
