package org.claimscope.agreement;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One annotation of one annotator in one document, as unit formation and agreement see it.
 * Offsets are Unicode code points, start inclusive, end exclusive.
 *
 * <p>Attributes with a blank value are dropped on construction: an annotator who left "hedged"
 * empty has said no more than one whose annotation has no such attribute, and the two must not
 * count as a disagreement. Subtypes keep their order for display but compare as a set, because the
 * order in which an annotator ticked them carries no meaning.
 *
 * @param id         the annotation's id, used only to keep results deterministic
 * @param annotator  who made it
 * @param start      first code point, inclusive
 * @param end        code point after the last, exclusive
 * @param category   the category key, such as {@code LEGAL_ASSERTION}
 * @param subtypes   zero or more subtype keys
 * @param attributes attribute key to value, blank values removed
 */
public record Span(long id, String annotator, int start, int end, String category, List<String> subtypes,
                   Map<String, String> attributes) {

    public Span {
        Objects.requireNonNull(annotator, "annotator");
        Objects.requireNonNull(category, "category");
        if (start < 0) {
            throw new IllegalArgumentException("start must not be negative: " + start);
        }
        if (end <= start) {
            throw new IllegalArgumentException("end must be after start: [" + start + ", " + end + ")");
        }
        subtypes = subtypes == null ? List.of() : List.copyOf(subtypes);
        TreeMap<String, String> kept = new TreeMap<>();
        if (attributes != null) {
            attributes.forEach((key, value) -> {
                if (key != null && value != null && !value.isBlank()) {
                    kept.put(key, value);
                }
            });
        }
        attributes = Collections.unmodifiableMap(kept);
    }

    /** A span with a category only, as the coding examples and most tests need. */
    public static Span of(long id, String annotator, int start, int end, String category) {
        return new Span(id, annotator, start, end, category, List.of(), Map.of());
    }

    public int length() {
        return end - start;
    }

    /** Code points both spans cover; zero when they merely touch (one ends where the other starts). */
    public int overlap(Span other) {
        return Math.max(0, Math.min(end, other.end) - Math.max(start, other.start));
    }

    public boolean overlaps(Span other) {
        return start < other.end && other.start < end;
    }

    public boolean sameSpan(Span other) {
        return start == other.start && end == other.end;
    }

    public boolean sameCategory(Span other) {
        return category.equals(other.category);
    }

    public boolean sameSubtypes(Span other) {
        return subtypes.equals(other.subtypes) || new HashSet<>(subtypes).equals(new HashSet<>(other.subtypes));
    }

    public boolean sameAttributes(Span other) {
        return attributes.equals(other.attributes);
    }

    /** Same span, category, subtypes and attributes: what a curator would accept as one answer. */
    public boolean sameContent(Span other) {
        return sameSpan(other) && sameCategory(other) && sameSubtypes(other) && sameAttributes(other);
    }
}
