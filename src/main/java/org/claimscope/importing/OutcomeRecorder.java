package org.claimscope.importing;

import jakarta.persistence.EntityManager;

/**
 * Writes what became of a file in the same transaction as the file's document, so that a report never names a
 * document that was not stored, and a stored document is never missing from its report (an import job's report is
 * one such recorder).
 */
@FunctionalInterface
public interface OutcomeRecorder {
    /** Does nothing: the outcome goes back to the caller only. */
    OutcomeRecorder NONE = (em, outcome) -> { };

    /**
     * Records the outcome; throwing rolls back the document too.
     *
     * @param em      the entity manager of the transaction that stores the document
     * @param outcome what became of the file
     */
    void record(EntityManager em, ImportOutcome outcome);
}
