package org.claimscope.export.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One annotation. {@code start} and {@code end} are Unicode code point offsets into the document's text (start
 * inclusive, end exclusive); {@code quote} is exactly the text between them.
 *
 * @param subtypes   codebook subtype keys, in the order given
 * @param attributes codebook attribute keys to their values (text, one value key, or "true"/"false"), in key order
 * @param creator    who made it, as the layer names people (pseudonym or login); {@code "curated"} in the curated layer
 */
public record ExportAnnotation(long id, int start, int end, String quote, String category, List<String> subtypes,
                               Map<String, String> attributes, String creator, Instant createdAt, Instant updatedAt) {
    public ExportAnnotation {
        subtypes = List.copyOf(subtypes);
        attributes = attributes.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(attributes));
    }
}
