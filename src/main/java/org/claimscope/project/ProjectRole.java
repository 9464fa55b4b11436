package org.claimscope.project;

/** What a member may do in one project. One person may hold several roles. */
public enum ProjectRole {
    /** Sets the project up: codebook, members, documents, export. */
    MANAGER,
    /** Marks statements in documents, in an annotation set of their own. */
    ANNOTATOR,
    /** Reads every annotator's set and builds the adjudicated layer. */
    CURATOR
}
