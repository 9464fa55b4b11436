package org.claimscope.export.model;

import java.util.List;

/**
 * One layer of a document: the curated (adjudicated) layer, or one annotator's.
 *
 * @param name        {@code "curated"} for the curated layer; otherwise the annotator's stable pseudonym in the
 *                    project (A1, A2, …), or their login when the manager chose to include logins
 * @param curated     whether this is the curated layer
 * @param state       NEW, IN_PROGRESS, FINISHED or ABANDONED (for the curated layer: the curation's state)
 * @param annotations in order of start, end and id; may be empty
 * @param updatedAt   when the layer's set last changed, or null when not known
 */
public record ExportLayer(String name, boolean curated, String state, List<ExportAnnotation> annotations,
                          java.time.Instant updatedAt) {
    public static final String CURATED = "curated";

    public ExportLayer {
        annotations = List.copyOf(annotations);
    }

    public ExportLayer(String name, boolean curated, String state, List<ExportAnnotation> annotations) {
        this(name, curated, state, annotations, null);
    }
}
