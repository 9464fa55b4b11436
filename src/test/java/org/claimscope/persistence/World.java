package org.claimscope.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import org.claimscope.annotation.Annotation;
import org.claimscope.annotation.AnnotationService;
import org.claimscope.annotation.SetState;
import org.claimscope.audit.AuditService;
import org.claimscope.codebook.CodebookService;
import org.claimscope.document.Document;
import org.claimscope.document.DocumentService;
import org.claimscope.project.Project;
import org.claimscope.project.ProjectRole;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;
import org.claimscope.security.UserService;

/**
 * A project to test services in, without the application server: a manager (maria), two
 * annotators (anna, otto), a curator (carl), someone outside the project (olga) who manages a
 * project of her own, and one document with the given text. Each call of {@link #tx} is one
 * transaction, as a request would be.
 */
final class World {
    final EntityManagerFactory emf;
    final User manager;
    final User annotator;
    final User other;
    final User curator;
    final User outsider;
    final long projectId;
    final long documentId;
    final String sha = "0".repeat(63) + "1";

    World(EntityManagerFactory emf, String text) {
        this.emf = emf;
        manager = tx(em -> persist(em, new User("maria", "Maria", "not-a-real-hash", false)));
        annotator = tx(em -> persist(em, new User("anna", "Anna", "not-a-real-hash", false)));
        other = tx(em -> persist(em, new User("otto", "Otto", "not-a-real-hash", false)));
        curator = tx(em -> persist(em, new User("carl", "Carl", "not-a-real-hash", false)));
        outsider = tx(em -> persist(em, new User("olga", "Olga", "not-a-real-hash", false)));
        projectId = tx(em -> new ProjectService(em).create(manager, "Strikes", "CIA strike coverage")).getId();
        tx(em -> new ProjectService(em).setRoles(manager, projectId, annotator, EnumSet.of(ProjectRole.ANNOTATOR)));
        tx(em -> new ProjectService(em).setRoles(manager, projectId, other, EnumSet.of(ProjectRole.ANNOTATOR)));
        tx(em -> new ProjectService(em).setRoles(manager, projectId, curator, EnumSet.of(ProjectRole.CURATOR)));
        tx(em -> new ProjectService(em).create(outsider, "Elsewhere", ""));
        documentId = tx(em -> {
            Document d = new Document(em.find(Project.class, projectId), text, sha, "strike.txt", "text/plain",
                    text.length(), em.find(User.class, manager.getId()));
            d.describe("CIA strike", "A. Reporter", "2025-12-24", "The Hill", "https://example.org/a", "en");
            em.persist(d);
            return d;
        }).getId();
    }

    private static User persist(EntityManager em, User u) {
        em.persist(u);
        return u;
    }

    AnnotationService annotations(EntityManager em) {
        ProjectService projects = new ProjectService(em);
        return new AnnotationService(em, new DocumentService(em, projects), new CodebookService(em, projects),
                new AuditService(em), new UserService(em));
    }

    List<Annotation> list(User caller, String annotator) {
        return tx(em -> annotations(em).list(caller, documentId, annotator));
    }

    SetState state(User caller) {
        return tx(em -> annotations(em).stateOf(caller, documentId));
    }

    void run(java.util.function.Consumer<EntityManager> work) {
        tx(em -> {
            work.accept(em);
            return null;
        });
    }

    <T> T tx(Function<EntityManager, T> work) {
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
}
