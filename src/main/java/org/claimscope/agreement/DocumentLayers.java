package org.claimscope.agreement;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One document's annotations as agreement needs them.
 *
 * @param documentId the document's id
 * @param title      shown beside its value
 * @param textLength length of the text in code points: the continuum of unitizing alpha
 * @param annotators the annotators whose sets count (for instance those who finished), in a stable
 *                   order; duplicates are dropped
 * @param spans      their annotations; annotations of anyone not listed are ignored
 */
public record DocumentLayers(long documentId, String title, int textLength, List<String> annotators,
                             List<Span> spans) {

    public DocumentLayers {
        if (textLength < 0) {
            throw new IllegalArgumentException("textLength must not be negative: " + textLength);
        }
        annotators = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(annotators, "annotators")));
        spans = List.copyOf(Objects.requireNonNull(spans, "spans"));
    }
}
