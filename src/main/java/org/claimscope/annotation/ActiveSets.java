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

    /**
     * Many new sets at once, as an import writes them: one statement per distinct number of new active sets a
     * document gets (usually one or two in all) rather than one per set. A native statement makes the persistence
     * context flush and compare every entity it holds first, so a batch of a hundred documents pays that once, not
     * a few hundred times.
     */
    public static void createdAll(EntityManager em, java.util.Collection<AnnotationSet> sets) {
        java.util.Map<Long, Integer> perDocument = new java.util.TreeMap<>();
        for (AnnotationSet set : sets) {
            if (set.isActive()) {
                perDocument.merge(set.getDocument().getId(), 1, Integer::sum);
            }
        }
        java.util.Map<Integer, java.util.List<Long>> byDelta = new java.util.TreeMap<>();
        perDocument.forEach((document, delta) -> byDelta.computeIfAbsent(delta, d -> new java.util.ArrayList<>())
                .add(document));
        byDelta.forEach((delta, documents) -> {
            for (int from = 0; from < documents.size(); from += 500) {
                // ids are numbers the database gave; written into the statement, they need no parameters
                String ids = documents.subList(from, Math.min(documents.size(), from + 500)).stream()
                        .map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
                em.createNativeQuery("UPDATE document SET active_sets = active_sets + " + delta + " WHERE id IN ("
                        + ids + ")").executeUpdate();
            }
        });
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
