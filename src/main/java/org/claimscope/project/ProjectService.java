package org.claimscope.project;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.claimscope.codebook.Codebook;
import org.claimscope.codebook.DefaultCodebook;
import org.claimscope.common.ForbiddenException;
import org.claimscope.common.InvalidInputException;
import org.claimscope.common.NotFoundException;
import org.claimscope.security.User;

/**
 * Projects and memberships, and the one place where access to a project is decided. Every other
 * feature asks {@link #access} before it reads or writes, so an id from another project answers
 * 404 everywhere in the same way.
 */
@ApplicationScoped
@Transactional
public class ProjectService {
    @PersistenceContext
    EntityManager em;

    public ProjectService() {
    }

    /** For tests outside the container. */
    public ProjectService(EntityManager em) {
        this.em = em;
    }

    /** Creates a project with the default codebook; its creator becomes its manager. */
    public Project create(User caller, String name, String description) {
        User creator = em.find(User.class, caller.getId());
        Project project = new Project(name, description, creator);
        em.persist(project);
        em.persist(new ProjectMember(project, creator, EnumSet.of(ProjectRole.MANAGER), pseudonym(1)));
        em.persist(new Codebook(project, DefaultCodebook.definition()));
        return project;
    }

    /**
     * The projects the caller belongs to (every project, for administrators), newest first; not those still being
     * restored from a bundle.
     */
    public List<Project> visibleTo(User caller) {
        if (caller.isAdmin()) {
            return em.createQuery("SELECT p FROM Project p WHERE p.importPending = FALSE ORDER BY p.id DESC",
                    Project.class).getResultList();
        }
        return em.createQuery("SELECT m FROM ProjectMember m JOIN FETCH m.project WHERE m.user.id = :user "
                        + "AND m.project.importPending = FALSE ORDER BY m.project.id DESC", ProjectMember.class)
                .setParameter("user", caller.getId())
                .getResultStream().filter(m -> !m.getRoles().isEmpty()).map(ProjectMember::getProject).toList();
    }

    /**
     * What the caller may do in the project. A project the caller does not belong to answers as if
     * it did not exist.
     */
    public Access access(User caller, long projectId) {
        Project project = em.find(Project.class, projectId);
        if (project == null) {
            throw new NotFoundException("there is no project " + projectId);
        }
        if (project.isImportPending()) {
            throw new NotFoundException("project " + projectId + " is still being restored from a bundle; it opens"
                    + " when the import has finished");
        }
        Set<ProjectRole> roles = membership(projectId, caller.getId()).map(ProjectMember::getRoles)
                .orElse(EnumSet.noneOf(ProjectRole.class));
        if (roles.isEmpty() && !caller.isAdmin()) {
            throw new NotFoundException("there is no project " + projectId);
        }
        return new Access(project, caller, roles);
    }

    /** Like {@link #access}, and refuses unless the caller holds one of the roles. */
    public Access require(User caller, long projectId, ProjectRole... anyOf) {
        Access access = access(caller, projectId);
        for (ProjectRole role : anyOf) {
            if (access.has(role)) {
                return access;
            }
        }
        throw new ForbiddenException("this needs the role " + List.of(anyOf).stream().map(Enum::name)
                .collect(Collectors.joining(" or ")) + " in project " + projectId);
    }

    /**
     * Changes how the project hands out work and runs curation; a value left out (null) keeps its
     * current setting. For managers.
     */
    public Project updateSettings(User caller, long projectId, Integer annotatorsPerDocument, String order,
                                  Boolean autoMergeUnanimous, Boolean anonymousCuration, Integer abandonAfterHours,
                                  boolean clearAbandonAfter) {
        Project project = require(caller, projectId, ProjectRole.MANAGER).project();
        DocumentOrder documentOrder = project.getDocumentOrder();
        if (order != null) {
            try {
                documentOrder = DocumentOrder.valueOf(order.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("order", "order must be STABLE or SHUFFLED, not " + order);
            }
        }
        project.applySettings(annotatorsPerDocument == null ? project.getAnnotatorsPerDocument() : annotatorsPerDocument,
                documentOrder,
                autoMergeUnanimous == null ? project.isAutoMergeUnanimous() : autoMergeUnanimous,
                anonymousCuration == null ? project.isAnonymousCuration() : anonymousCuration,
                clearAbandonAfter ? null : abandonAfterHours == null ? project.getAbandonAfterHours() : abandonAfterHours);
        return project;
    }

    public Optional<ProjectMember> membership(long projectId, long userId) {
        return em.createQuery("SELECT m FROM ProjectMember m WHERE m.project.id = :project AND m.user.id = :user",
                        ProjectMember.class)
                .setParameter("project", projectId).setParameter("user", userId)
                .getResultStream().findFirst();
    }

    public List<ProjectMember> members(User caller, long projectId) {
        access(caller, projectId);
        return em.createQuery("SELECT m FROM ProjectMember m WHERE m.project.id = :project ORDER BY m.id",
                        ProjectMember.class)
                .setParameter("project", projectId).getResultList();
    }

    /**
     * Sets a person's roles in the project; an empty set takes their access away but keeps their
     * pseudonym. The last manager cannot be removed.
     */
    public ProjectMember setRoles(User caller, long projectId, User member, Set<ProjectRole> roles) {
        Access access = require(caller, projectId, ProjectRole.MANAGER);
        Optional<ProjectMember> existing = membership(projectId, member.getId());
        if (!roles.contains(ProjectRole.MANAGER) && existing.map(m -> m.has(ProjectRole.MANAGER)).orElse(false)
                && managerCount(projectId) == 1) {
            throw new InvalidInputException("roles", "a project needs at least one manager; appoint another first");
        }
        if (existing.isPresent()) {
            existing.get().setRoles(roles);
            return existing.get();
        }
        ProjectMember added = new ProjectMember(access.project(), em.find(User.class, member.getId()), roles,
                freePseudonym(projectId, Set.of()));
        em.persist(added);
        return added;
    }

    /**
     * Creates a project for an imported bundle, as {@link #create} does, except that the creator's pseudonym is the
     * first one the bundle does not use, so that the annotators of the bundle keep theirs, and that the project stays
     * hidden ({@link Project#isImportPending()}) until the import has written everything.
     */
    public Project createForImport(User caller, String name, String description, Set<String> bundlePseudonyms) {
        User creator = em.find(User.class, caller.getId());
        Project project = new Project(name, description, creator);
        project.importStarted();
        em.persist(project);
        int n = 1;
        while (bundlePseudonyms.contains(pseudonym(n))) {
            n++;
        }
        em.persist(new ProjectMember(project, creator, EnumSet.of(ProjectRole.MANAGER), pseudonym(n)));
        em.persist(new Codebook(project, DefaultCodebook.definition()));
        return project;
    }

    /**
     * Adds a person to a project with the given roles (added to those they hold) and, when they join now, the given
     * pseudonym if it is free, else the next free one. For imports, which decided beforehand who may do this.
     */
    public ProjectMember join(Project project, User user, Set<ProjectRole> roles, String pseudonym) {
        Optional<ProjectMember> existing = membership(project.getId(), user.getId());
        if (existing.isPresent()) {
            Set<ProjectRole> all = EnumSet.noneOf(ProjectRole.class);
            all.addAll(existing.get().getRoles());
            all.addAll(roles);
            existing.get().setRoles(all);
            return existing.get();
        }
        String chosen = pseudonym != null && !pseudonym.isBlank() && pseudonym.length() <= 20
                && !pseudonymTaken(project.getId(), pseudonym) ? pseudonym : freePseudonym(project.getId(), Set.of());
        ProjectMember added = new ProjectMember(project, em.find(User.class, user.getId()), roles, chosen);
        em.persist(added);
        em.flush();
        return added;
    }

    /**
     * The next pseudonym in the A1, A2, … series that nobody in the project holds: members who joined count, and an
     * imported project may hold pseudonyms out of order.
     */
    String freePseudonym(long projectId, Set<String> alsoTaken) {
        long count = em.createQuery("SELECT COUNT(m) FROM ProjectMember m WHERE m.project.id = :project", Long.class)
                .setParameter("project", projectId).getSingleResult();
        int n = (int) count + 1;
        while (alsoTaken.contains(pseudonym(n)) || pseudonymTaken(projectId, pseudonym(n))) {
            n++;
        }
        return pseudonym(n);
    }

    private boolean pseudonymTaken(long projectId, String pseudonym) {
        return !em.createQuery("SELECT m.id FROM ProjectMember m WHERE m.project.id = :project "
                        + "AND m.pseudonym = :pseudonym", Long.class)
                .setParameter("project", projectId).setParameter("pseudonym", pseudonym).setMaxResults(1)
                .getResultList().isEmpty();
    }

    private long managerCount(long projectId) {
        return em.createQuery("SELECT m FROM ProjectMember m WHERE m.project.id = :project", ProjectMember.class)
                .setParameter("project", projectId).getResultStream().filter(m -> m.has(ProjectRole.MANAGER)).count();
    }

    /** Stable pseudonyms per project, in order of joining: A1, A2, ... */
    static String pseudonym(int n) {
        return "A" + n;
    }

    /** The pseudonym of every member who ever joined, by user id: what exports print instead of logins. */
    public Map<Long, String> pseudonyms(long projectId) {
        return em.createQuery("SELECT m FROM ProjectMember m WHERE m.project.id = :project", ProjectMember.class)
                .setParameter("project", projectId).getResultStream()
                .collect(Collectors.toMap(m -> m.getUser().getId(), ProjectMember::getPseudonym));
    }
}
