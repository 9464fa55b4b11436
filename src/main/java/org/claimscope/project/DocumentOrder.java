package org.claimscope.project;

/** The order in which "next document" hands out a project's documents. */
public enum DocumentOrder {
    /** in order of import, the same for every annotator */
    STABLE,
    /**
     * in an order of its own for each annotator, stable for that annotator, so that the first
     * documents of a corpus are not all annotated first
     */
    SHUFFLED
}
