package org.claimscope.export.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** The export jobs' rows, each change in a transaction of its own. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class ExportJobStore {
    @PersistenceContext
    EntityManager em;

    public ExportJob create(ExportJob job) {
        em.persist(job);
        em.flush();
        return job;
    }

    public Optional<ExportJob> find(long id) {
        return Optional.ofNullable(em.find(ExportJob.class, id));
    }

    public Optional<ExportJob> start(long id, long total) {
        ExportJob job = em.find(ExportJob.class, id);
        if (job == null || job.getState().isOver()) {
            return Optional.empty();
        }
        job.start(total);
        return Optional.of(job);
    }

    public void progress(long id, long done) {
        ExportJob job = em.find(ExportJob.class, id);
        if (job != null && !job.getState().isOver()) {
            job.progress(done);
        }
    }

    public void finish(long id, long size) {
        ExportJob job = em.find(ExportJob.class, id);
        if (job != null) {
            job.finish(size);
        }
    }

    public void fail(long id, String why) {
        ExportJob job = em.find(ExportJob.class, id);
        if (job != null && !job.getState().isOver()) {
            job.fail(why);
        }
    }

    public List<ExportJob> ofProject(long projectId, int limit) {
        return em.createQuery("SELECT j FROM ExportJob j WHERE j.projectId = :project ORDER BY j.id DESC",
                ExportJob.class).setParameter("project", projectId).setMaxResults(limit).getResultList();
    }

    public List<ExportJob> unfinished(String worker) {
        return em.createQuery("SELECT j FROM ExportJob j WHERE j.worker = :worker AND j.state IN :states ORDER BY j.id",
                        ExportJob.class).setParameter("worker", worker)
                .setParameter("states", List.of(ExportJob.State.QUEUED, ExportJob.State.RUNNING)).getResultList();
    }
}
