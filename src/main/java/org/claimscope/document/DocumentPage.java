package org.claimscope.document;

import java.util.List;

/** One page of a project's documents and how many match the filters in all. */
public record DocumentPage(long total, List<DocumentSummary> items) {
}
