package org.claimscope.agreement;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups the annotations that several annotators made on one document into units, one unit per
 * statement, so that a curator sees the versions side by side and the agreement coefficients have
 * something to compare. The rules, one sentence each as the agreement page quotes them
 * ({@link #RULES}):
 * <ol>
 * <li>Annotations of different annotators with exactly the same start and end form one unit.</li>
 * <li>Otherwise, annotations of different annotators that share at least one character form one
 * unit, also when they are linked only through a third annotation.</li>
 * <li>Annotations that only touch, one ending where the next begins, do not overlap.</li>
 * <li>A unit holds at most one annotation per annotator: when two annotations of the same
 * annotator would fall into one unit, exact matches are paired first, then the largest overlaps,
 * and the annotation left over becomes a unit of its own.</li>
 * <li>A unit runs from the earliest start to the latest end of its annotations.</li>
 * <li>A unit agrees when every annotator marked it with the same span, category, subtypes and
 * attributes, disagrees when every annotator marked it but something differs, and is partial when
 * only some annotators marked it.</li>
 * </ol>
 * Units are listed by start, then end.
 *
 * <p>Pairing works like Kruskal's algorithm on the overlap graph: candidate links between
 * overlapping annotations of different annotators are taken best first (exact span, then most
 * shared code points, then position), and a link is refused when it would put two annotations of
 * one annotator into the same unit. When no annotator has two annotations in an overlapping group,
 * every link is accepted and the group becomes one unit, which is rule 2. Candidate links come
 * from a sweep over the annotations sorted by start, so only annotations that are open at the same
 * point are ever compared: the cost grows with the number of overlaps, not with the square of the
 * document's annotations.
 */
public final class UnitFormation {

    /** The rules above, one sentence each, for the agreement and curation pages. */
    public static final List<String> RULES = List.of(
            "Annotations of different annotators with exactly the same start and end form one unit.",
            "Otherwise, annotations of different annotators that share at least one character form one unit, "
                    + "also when they are linked only through a third annotation.",
            "Annotations that only touch, one ending where the next begins, do not overlap.",
            "A unit holds at most one annotation per annotator: when two annotations of the same annotator "
                    + "would fall into one unit, exact matches are paired first, then the largest overlaps, "
                    + "and the annotation left over becomes a unit of its own.",
            "A unit runs from the earliest start to the latest end of its annotations.",
            "A unit agrees when every annotator marked it with the same span, category, subtypes and "
                    + "attributes, disagrees when every annotator marked it but something differs, and is "
                    + "partial when only some annotators marked it.");

    private static final Comparator<Span> BY_POSITION = Comparator.comparingInt(Span::start)
            .thenComparingInt(Span::end).thenComparing(Span::annotator).thenComparingLong(Span::id);

    private UnitFormation() {
    }

    /**
     * Forms the units of one document.
     *
     * @param annotators whose annotations count, in the order the versions of each unit are listed;
     *                   an annotator without annotations is still counted, so every unit is then partial
     * @param spans      the document's annotations; those of annotators not in the list are ignored
     * @return the units, ordered by start, then end
     */
    public static List<Unit> form(List<String> annotators, Collection<Span> spans) {
        Map<String, Integer> index = new HashMap<>();
        for (String annotator : annotators) {
            if (annotator != null) {
                index.putIfAbsent(annotator, index.size());
            }
        }
        Span[] sorted = spans.stream().filter(s -> index.containsKey(s.annotator())).sorted(BY_POSITION)
                .toArray(Span[]::new);
        int n = sorted.length;
        if (n == 0) {
            return List.of();
        }
        int[] who = new int[n];
        for (int i = 0; i < n; i++) {
            who[i] = index.get(sorted[i].annotator());
        }

        List<Link> links = overlapLinks(sorted, who);
        links.sort(Link.BEST_FIRST);

        int[] parent = new int[n];
        BitSet[] members = new BitSet[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            members[i] = new BitSet();
            members[i].set(who[i]);
        }
        for (Link link : links) {
            int a = root(parent, link.first);
            int b = root(parent, link.second);
            if (a == b || members[a].intersects(members[b])) {
                continue;
            }
            int keep = Math.min(a, b);
            int drop = Math.max(a, b);
            parent[drop] = keep;
            members[keep].or(members[drop]);
            members[drop] = null;
        }

        Map<Integer, Span[]> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(root(parent, i), r -> new Span[index.size()])[who[i]] = sorted[i];
        }
        List<Unit> units = new ArrayList<>(groups.size());
        for (Span[] byAnnotator : groups.values()) {
            units.add(unit(byAnnotator));
        }
        units.sort(Comparator.comparingInt(Unit::start).thenComparingInt(Unit::end)
                .thenComparingLong(u -> u.versions().values().iterator().next().id()));
        return units;
    }

    /**
     * Every pair of overlapping annotations of different annotators, found by sweeping the sorted
     * annotations while keeping only those still open at the current start.
     */
    private static List<Link> overlapLinks(Span[] sorted, int[] who) {
        List<Link> links = new ArrayList<>();
        int[] open = new int[sorted.length];
        int openCount = 0;
        for (int i = 0; i < sorted.length; i++) {
            Span current = sorted[i];
            int kept = 0;
            for (int k = 0; k < openCount; k++) {
                int j = open[k];
                if (sorted[j].end() > current.start()) {
                    open[kept++] = j;
                    if (who[j] != who[i]) {
                        links.add(new Link(j, i, sorted[j].sameSpan(current), sorted[j].overlap(current)));
                    }
                }
            }
            openCount = kept;
            open[openCount++] = i;
        }
        return links;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static Unit unit(Span[] byAnnotator) {
        Map<String, Span> versions = new LinkedHashMap<>();
        int start = Integer.MAX_VALUE;
        int end = Integer.MIN_VALUE;
        for (Span span : byAnnotator) {
            if (span != null) {
                versions.put(span.annotator(), span);
                start = Math.min(start, span.start());
                end = Math.max(end, span.end());
            }
        }
        Set<Facet> agreeing = EnumSet.allOf(Facet.class);
        Span first = versions.values().iterator().next();
        for (Span other : versions.values()) {
            if (!first.sameSpan(other)) {
                agreeing.remove(Facet.SPAN);
            }
            if (!first.sameCategory(other)) {
                agreeing.remove(Facet.CATEGORY);
            }
            if (!first.sameSubtypes(other)) {
                agreeing.remove(Facet.SUBTYPES);
            }
            if (!first.sameAttributes(other)) {
                agreeing.remove(Facet.ATTRIBUTES);
            }
        }
        UnitStatus status;
        if (versions.size() < byAnnotator.length) {
            status = UnitStatus.PARTIAL;
        } else if (agreeing.size() == Facet.values().length) {
            status = UnitStatus.AGREE;
        } else {
            status = UnitStatus.DISAGREE;
        }
        return new Unit(start, end, versions, status, agreeing);
    }

    /** A candidate link between two overlapping annotations, indices into the sorted array. */
    private record Link(int first, int second, boolean exact, int overlap) {
        /** Exact spans first, then the larger overlap, then position, so that pairing is deterministic. */
        static final Comparator<Link> BEST_FIRST = (x, y) -> {
            if (x.exact != y.exact) {
                return x.exact ? -1 : 1;
            }
            if (x.overlap != y.overlap) {
                return Integer.compare(y.overlap, x.overlap);
            }
            return x.first != y.first ? Integer.compare(x.first, y.first) : Integer.compare(x.second, y.second);
        };
    }
}
