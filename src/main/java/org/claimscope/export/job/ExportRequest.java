package org.claimscope.export.job;

import java.util.List;
import java.util.Set;
import org.claimscope.export.BundleExporter;
import org.claimscope.export.CorpusReader;
import org.claimscope.export.JsonlExporter;

/**
 * What a manager asks an export for: formats (all when none are named), layers ({@code curated}, {@code annotators}
 * or {@code all}), and optionally only some documents, categories and layer states, and whether annotators are named
 * by login instead of pseudonym.
 */
public record ExportRequest(List<String> formats, String layers, List<Long> documentIds, List<String> categories,
                            List<String> states, boolean includeLogins) {
    public ExportRequest {
        formats = BundleExporter.checkFormats(formats);
        layers = JsonlExporter.Layers.fromKey(layers == null ? "all" : layers).name().toLowerCase(java.util.Locale.ROOT);
        documentIds = documentIds == null ? List.of() : List.copyOf(documentIds);
        categories = categories == null ? List.of() : List.copyOf(categories);
        states = states == null ? List.of() : states.stream().map(s -> checkState(s)).toList();
    }

    private static String checkState(String state) {
        String s = state == null ? "" : state.strip().toUpperCase(java.util.Locale.ROOT);
        if (!Set.of("NEW", "IN_PROGRESS", "FINISHED", "ABANDONED").contains(s)) {
            throw new org.claimscope.common.InvalidInputException("states", "unknown state '" + state
                    + "'; use NEW, IN_PROGRESS, FINISHED or ABANDONED");
        }
        return s;
    }

    public CorpusReader.Selection selection() {
        return new CorpusReader.Selection(JsonlExporter.Layers.fromKey(layers), documentIds, Set.copyOf(categories),
                Set.copyOf(states), includeLogins);
    }
}
