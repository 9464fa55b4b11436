package org.claimscope.annotation;

import jakarta.persistence.EntityManager;

/**
 * Keeps {@code document.active_sets}, the number of annotators holding a document, in step with
 * the sets. Every change that creates, removes, abandons or resumes an annotator's set goes
 * through here, in the same transaction, as one atomic SQL increment (no read-modify-write, so
 * two annotators taking places at once cannot lose a count). The column is not mapped on
 * {@code Document}, whose cached text and metadata never change.
 */
public final class ActiveSets {
    private ActiveSets() {
    }

    /** A set was created for an annotator. */
    public static void created(EntityManager em, AnnotationSet set) {
        if (set.isActive()) {
            adjust(em, set.getDocument().getId(), 1);
        }
    }

    /** A set is about to be removed. */
    public static void removed(EntityManager em, AnnotationSet set) {
        if (set.isActive()) {
            adjust(em, set.getDocument().getId(), -1);
        }
    }

    /** A set's state changed from one that counted (or not) to its current one. */
    public static void changed(EntityManager em, AnnotationSet set, boolean wasActive) {
        if (wasActive != set.isActive()) {
            adjust(em, set.getDocument().getId(), set.isActive() ? 1 : -1);
        }
    }

    private static void adjust(EntityManager em, long documentId, int delta) {
        em.createNativeQuery("UPDATE document SET active_sets = active_sets + ? WHERE id = ?")
                .setParameter(1, delta).setParameter(2, documentId).executeUpdate();
    }
}
