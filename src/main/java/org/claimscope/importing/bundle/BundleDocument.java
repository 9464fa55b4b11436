package org.claimscope.importing.bundle;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.claimscope.annotation.SetState;

/**
 * One line of a bundle's {@code jsonl/corpus.jsonl}, checked: the text matches its SHA-256, every quote matches the
 * text at its code point offsets, and every annotation keeps the bundle's codebook.
 *
 * @param line     the line's number in the file, from 1, for messages
 * @param bundleId the document's id in the exporting project, for messages
 * @param layers   the annotators' layers, by the name the bundle gives them (pseudonym or login)
 * @param curated  the curated layer, or null when the bundle has none for this document (no curation started)
 */
public record BundleDocument(int line, long bundleId, String title, String author, String publishedAt,
                             String siteName, String sourceUrl, String language, String mediaType, String fileName,
                             String textSha256, String text, List<Layer> layers, Layer curated) {
    public BundleDocument {
        layers = List.copyOf(layers);
    }

    /** One layer: an annotator's set, or the curated layer (whose state is the curation's). */
    public record Layer(String name, SetState state, Instant updatedAt, List<Item> annotations) {
        public Layer {
            annotations = List.copyOf(annotations);
        }
    }

    /** One annotation as the bundle has it; offsets are code points into the text. */
    public record Item(long bundleId, int start, int end, String quote, String category, List<String> subtypes,
                       Map<String, String> attributes, Instant createdAt, Instant updatedAt) {
    }
}
