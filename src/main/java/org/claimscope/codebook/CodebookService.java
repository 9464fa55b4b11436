package org.claimscope.codebook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.claimscope.common.NotFoundException;
import org.claimscope.common.StaleVersionException;
import org.claimscope.project.ProjectRole;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;

/** Reading a project's codebook, and changing it (managers only), one version at a time. */
@ApplicationScoped
@Transactional
public class CodebookService {
    @PersistenceContext
    EntityManager em;

    @Inject
    ProjectService projects;

    public CodebookService() {
    }

    /** For tests outside the container. */
    public CodebookService(EntityManager em, ProjectService projects) {
        this.em = em;
        this.projects = projects;
    }

    public Codebook get(User caller, long projectId) {
        projects.access(caller, projectId);
        return of(projectId);
    }

    /** The codebook of a project whose access the caller has already been checked for. */
    public Codebook of(long projectId) {
        return em.createQuery("SELECT c FROM Codebook c WHERE c.project.id = :project", Codebook.class)
                .setParameter("project", projectId).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("project " + projectId + " has no codebook"));
    }

    /**
     * Saves a changed codebook. {@code expectedVersion} is the version the manager edited; if someone
     * saved in the meantime, nothing is written and the manager is told.
     */
    public Codebook update(User caller, long projectId, long expectedVersion, CodebookDefinition definition) {
        projects.require(caller, projectId, ProjectRole.MANAGER);
        Codebook codebook = of(projectId);
        if (codebook.getVersion() != expectedVersion) {
            throw new StaleVersionException("the codebook was changed by someone else (now version "
                    + codebook.getVersion() + "); reload it and make your change again");
        }
        codebook.replace(definition);
        em.flush();
        return codebook;
    }
}
