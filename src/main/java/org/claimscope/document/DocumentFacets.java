package org.claimscope.document;

import java.util.List;

/**
 * The distinct outlets, authors, languages and media types of a project's documents with how many
 * documents have each, alphabetically; for filter choices. {@code documents} counts them all.
 */
public record DocumentFacets(long documents, List<Value> siteNames, List<Value> authors, List<Value> languages,
                             List<Value> mediaTypes) {
    /** One value and how many documents have it. */
    public record Value(String value, long count) {
    }
}
