package org.claimscope.annotation;

import java.util.List;
import java.util.Map;

/**
 * What a person or script says an annotation should be. {@code version} is required when
 * changing an annotation: the version the caller last saw.
 */
public record AnnotationInput(Integer start, Integer end, String category, List<String> subtypes,
                              Map<String, String> attributes, Long version) {
    public AnnotationInput {
        subtypes = subtypes == null ? List.of() : subtypes;
        attributes = attributes == null ? Map.of() : attributes;
    }
}
