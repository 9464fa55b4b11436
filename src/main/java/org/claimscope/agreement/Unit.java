package org.claimscope.agreement;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One statement as the annotators of a document saw it: at most one version per annotator.
 *
 * @param start    the smallest start of its versions
 * @param end      the largest end of its versions
 * @param versions annotator to that annotator's annotation, in the order of the annotator list the
 *                 unit was formed for; an annotator who did not mark the statement has no entry
 * @param status   whether everyone marked it, and identically
 * @param agreeing the facets on which all present versions agree (all of them when there is only
 *                 one version, since it cannot disagree with itself)
 */
public record Unit(int start, int end, Map<String, Span> versions, UnitStatus status, Set<Facet> agreeing) {

    public Unit {
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        agreeing = agreeing.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Facet.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(agreeing));
    }

    /** The annotator's version, or null when that annotator did not mark this statement. */
    public Span version(String annotator) {
        return versions.get(annotator);
    }

    public boolean markedBy(String annotator) {
        return versions.containsKey(annotator);
    }

    public boolean agreesOn(Facet facet) {
        return agreeing.contains(facet);
    }

    /** The categories its versions use, in annotator order. */
    public Set<String> categories() {
        Set<String> result = new LinkedHashSet<>();
        versions.values().forEach(v -> result.add(v.category()));
        return result;
    }
}
