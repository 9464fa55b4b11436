package org.claimscope.annotation;

/** How far an annotator has got with one document. */
public enum SetState {
    /** nothing annotated yet */
    NEW,
    /** the annotator has started */
    IN_PROGRESS,
    /** the annotator says the document is done; reopening goes back to IN_PROGRESS */
    FINISHED,
    /**
     * the annotator left it untouched for longer than the project allows and a manager returned the
     * document to the pool; the annotations stay, and touching the set again resumes it
     */
    ABANDONED
}
