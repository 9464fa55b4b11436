package org.claimscope.annotation;

import java.util.List;
import java.util.Map;

/** An annotation's content at one moment, as the audit trail records it. */
public record AnnotationSnapshot(long version, long setId, int start, int end, String quote, String category,
                                 List<String> subtypes, Map<String, String> attributes) {
    public static AnnotationSnapshot of(Annotation a) {
        return new AnnotationSnapshot(a.getVersion(), a.getSet().getId(), a.getStart(), a.getEnd(), a.getQuote(),
                a.getCategory(), a.getSubtypes(), a.getAttributes());
    }
}
