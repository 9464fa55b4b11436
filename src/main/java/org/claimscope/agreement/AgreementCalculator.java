package org.claimscope.agreement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.dkpro.statistics.agreement.InsufficientDataException;
import org.dkpro.statistics.agreement.coding.CodingAnnotationStudy;
import org.dkpro.statistics.agreement.coding.CohenKappaAgreement;
import org.dkpro.statistics.agreement.coding.FleissKappaAgreement;
import org.dkpro.statistics.agreement.coding.KrippendorffAlphaAgreement;
import org.dkpro.statistics.agreement.distance.NominalDistanceFunction;
import org.dkpro.statistics.agreement.unitizing.IUnitizingAnnotationStudy;
import org.dkpro.statistics.agreement.unitizing.KrippendorffAlphaUnitizingAgreement;
import org.dkpro.statistics.agreement.unitizing.UnitizingAnnotationStudy;

/**
 * Computes an agreement coefficient over a project's documents. Every coefficient comes from DKPro
 * Statistics; this class decides what the raters, items and labels are. The decisions, one sentence
 * each as the agreement page shows them ({@link #EXPLANATIONS}, or {@link #explanations(Measure, String)}
 * for those that concern one measure):
 * <ul>
 * <li>Cohen's kappa, Fleiss' kappa and Krippendorff's nominal alpha compare the annotators' categories
 * on units formed as on the curation page ({@link UnitFormation}).</li>
 * <li>A statement only some annotators marked counts as a disagreement: an annotator who did not mark
 * it gets the label "(none)" there, not a missing value. ({@link Unmarked#NONE_LABEL}, the default.)</li>
 * <li>For one category the label is that category or "(other)", meaning another category or no
 * annotation, and statements nobody gave that category are left out.</li>
 * <li>Cohen's kappa is computed for every pair of annotators over the documents both finished; the
 * overall value is the mean of the pairwise values.</li>
 * <li>Fleiss' kappa needs the same number of annotators on every statement, so it uses the documents
 * with the most common number of finished annotators and leaves the others out.</li>
 * <li>Krippendorff's nominal alpha treats each annotator of the project as one rater; statements in
 * documents an annotator did not finish are missing values for that annotator.</li>
 * <li>Krippendorff's unitizing alpha compares, character by character, which stretches of each
 * document's text the annotators marked and with which category.</li>
 * <li>The project's unitizing alpha is the mean of the documents' values weighted by their length, so
 * that every character counts the same.</li>
 * <li>When one annotator's statements of the same category overlap, unitizing alpha sees their union,
 * because it cannot represent overlapping units of one category from one annotator.</li>
 * <li>For one category, unitizing alpha compares only where the annotators marked statements of that
 * category (DKPro's category-specific unitizing alpha).</li>
 * <li>No value is shown when fewer than two annotators, no annotations or no variation leave the
 * coefficient undefined; the reason is shown instead.</li>
 * </ul>
 *
 * <p>Pair values restrict the same measure to two annotators: their units are formed from their own
 * annotations alone, so a third annotator's statement cannot join two of theirs into one unit. Per
 * document values use that document's annotators. The project's unitizing value is a mean rather
 * than one continuum of all documents because DKPro's expected disagreement for unitizing grows with
 * the square of the units in a continuum (several seconds for a few hundred documents), while each
 * document alone is quick. Documents and pairs are independent, so they are computed on parallel
 * streams; everything they share is immutable or a concurrent map, and results keep their order.
 *
 * <p>{@link #compute(Measure, String, List)} applies Claimscope's rule; an instance made with
 * {@link Unmarked#MISSING} treats an unmarked statement as a missing value instead, which is how
 * published reliability data is tabulated. Instances are immutable and may be shared.
 */
public final class AgreementCalculator {

    /** The label of an annotator who did not mark a statement, and the confusion matrix's row for it. */
    public static final String NONE = "(none)";

    /** With a category filter: another category, or (by default) no annotation. */
    public static final String OTHER = "(other)";

    /** What an annotator's silence on a statement means to the coding measures. */
    public enum Unmarked {
        /**
         * The annotator gets the label {@value AgreementCalculator#NONE}: the annotator read the text
         * and found no statement there, which is a judgement that can disagree with the others'.
         */
        NONE_LABEL,
        /**
         * The annotator has a missing value, as in published reliability data where a coder simply
         * did not code a unit. Cohen's and Fleiss' kappa then keep only the statements every annotator
         * marked, since neither handles missing values; Krippendorff's nominal alpha handles them
         * itself. Unitizing alpha compares the text, where silence is simply a gap, so it is unaffected.
         */
        MISSING
    }

    static final String SENTENCE_UNITS = "Cohen's kappa, Fleiss' kappa and Krippendorff's nominal alpha compare "
            + "the annotators' categories on units formed as on the curation page.";
    static final String SENTENCE_PARTIAL = "A statement only some annotators marked counts as a disagreement: "
            + "an annotator who did not mark it gets the label \"(none)\" there, not a missing value.";
    static final String SENTENCE_MISSING = "An annotator who did not mark a statement has a missing value there; "
            + "Cohen's and Fleiss' kappa then use only the statements every annotator marked.";
    static final String SENTENCE_CATEGORY = "For one category the label is that category or \"(other)\", meaning "
            + "another category or no annotation, and statements nobody gave that category are left out.";
    static final String SENTENCE_COHEN = "Cohen's kappa is computed for every pair of annotators over the documents "
            + "both finished; the overall value is the mean of the pairwise values.";
    static final String SENTENCE_FLEISS = "Fleiss' kappa needs the same number of annotators on every statement, "
            + "so it uses the documents with the most common number of finished annotators and leaves the others out.";
    static final String SENTENCE_ALPHA = "Krippendorff's nominal alpha treats each annotator of the project as one "
            + "rater; statements in documents an annotator did not finish are missing values for that annotator.";
    static final String SENTENCE_UNITIZING = "Krippendorff's unitizing alpha compares, character by character, "
            + "which stretches of each document's text the annotators marked and with which category.";
    static final String SENTENCE_UNITIZING_PROJECT = "The project's unitizing alpha is the mean of the documents' "
            + "values weighted by their length, so that every character counts the same.";
    static final String SENTENCE_UNITIZING_OVERLAP = "When one annotator's statements of the same category overlap, "
            + "unitizing alpha sees their union, because it cannot represent overlapping units of one category "
            + "from one annotator.";
    static final String SENTENCE_UNITIZING_CATEGORY = "For one category, unitizing alpha compares only where the "
            + "annotators marked statements of that category.";
    static final String SENTENCE_UNDEFINED = "No value is shown when fewer than two annotators, no annotations or "
            + "no variation leave the coefficient undefined; the reason is shown instead.";

    /** Every decision above under Claimscope's rule, one sentence each, in the order listed. */
    public static final List<String> EXPLANATIONS = List.of(SENTENCE_UNITS, SENTENCE_PARTIAL, SENTENCE_CATEGORY,
            SENTENCE_COHEN, SENTENCE_FLEISS, SENTENCE_ALPHA, SENTENCE_UNITIZING, SENTENCE_UNITIZING_PROJECT,
            SENTENCE_UNITIZING_OVERLAP, SENTENCE_UNITIZING_CATEGORY, SENTENCE_UNDEFINED);

    private static final AgreementCalculator CLAIMSCOPE = new AgreementCalculator();

    private final Unmarked unmarked;

    /** The calculator Claimscope uses: a statement only some annotators marked is a disagreement. */
    public AgreementCalculator() {
        this(Unmarked.NONE_LABEL);
    }

    public AgreementCalculator(Unmarked unmarked) {
        this.unmarked = Objects.requireNonNull(unmarked, "unmarked");
    }

    public Unmarked unmarked() {
        return unmarked;
    }

    /** The sentences the agreement page shows under a value of this measure. */
    public List<String> explanations(Measure measure, String category) {
        category = normalise(category);
        List<String> result = new ArrayList<>();
        if (measure.isCoding()) {
            result.add(SENTENCE_UNITS);
            result.add(unmarked == Unmarked.NONE_LABEL ? SENTENCE_PARTIAL : SENTENCE_MISSING);
            if (category != null) {
                result.add(SENTENCE_CATEGORY);
            }
        }
        switch (measure) {
            case COHEN_KAPPA -> result.add(SENTENCE_COHEN);
            case FLEISS_KAPPA -> result.add(SENTENCE_FLEISS);
            case KRIPPENDORFF_ALPHA_NOMINAL -> result.add(SENTENCE_ALPHA);
            case KRIPPENDORFF_ALPHA_UNITIZING -> {
                result.add(SENTENCE_UNITIZING);
                result.add(SENTENCE_UNITIZING_PROJECT);
                result.add(SENTENCE_UNITIZING_OVERLAP);
                if (category != null) {
                    result.add(SENTENCE_UNITIZING_CATEGORY);
                }
            }
        }
        result.add(SENTENCE_UNDEFINED);
        return List.copyOf(result);
    }

    /**
     * Computes the measure over the documents with Claimscope's rule ({@link Unmarked#NONE_LABEL}).
     *
     * @param measure   which coefficient
     * @param category  restrict to this category, or null (or blank) for all categories
     * @param documents the documents, each with the annotators whose sets count
     */
    public static AgreementResult compute(Measure measure, String category, List<DocumentLayers> documents) {
        return CLAIMSCOPE.compute(documents, measure, category);
    }

    /**
     * Computes the measure over the documents with this calculator's treatment of unmarked statements.
     *
     * @param documents the documents, each with the annotators whose sets count
     * @param measure   which coefficient
     * @param category  restrict to this category, or null (or blank) for all categories
     * @throws IllegalArgumentException when an annotation runs past its document's text, which
     *                                  unitizing alpha cannot place
     */
    public AgreementResult compute(List<DocumentLayers> documents, Measure measure, String category) {
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(measure, "measure");
        return new Run(documents, measure, normalise(category)).result();
    }

    private static String normalise(String category) {
        return category == null || category.isBlank() ? null : category.strip();
    }

    /** One computation: the documents prepared once, pair units cached for reuse. */
    private final class Run {
        private final Measure measure;
        private final String category;
        private final List<Prepared> documents = new ArrayList<>();
        private final List<String> annotators;
        // Filled from parallel streams, hence concurrent maps.
        private final Map<PairKey, List<Unit>> pairUnits = new ConcurrentHashMap<>();
        private final Map<Integer, Outcome> unitizingByDocument = new ConcurrentHashMap<>();

        Run(List<DocumentLayers> layers, Measure measure, String category) {
            this.measure = measure;
            this.category = category;
            Set<String> everyone = new LinkedHashSet<>();
            for (DocumentLayers document : layers) {
                Prepared prepared = new Prepared(documents.size(), document,
                        keep(UnitFormation.form(document.annotators(), document.spans())));
                documents.add(prepared);
                everyone.addAll(document.annotators());
            }
            this.annotators = List.copyOf(everyone);
        }

        AgreementResult result() {
            List<Prepared> compared = documents.stream().filter(d -> d.annotators().size() >= 2).toList();
            List<String> notes = new ArrayList<>();
            int leftOut = documents.size() - compared.size();
            if (leftOut > 0 && !compared.isEmpty()) {
                notes.add("Left out " + count(leftOut, "document") + " with fewer than two annotators.");
            }

            List<PairValue> pairs = pairs();
            List<DocumentValue> perDocument = documents.parallelStream().map(this::documentValue).toList();

            Outcome overall;
            List<Prepared> used = compared;
            if (compared.isEmpty()) {
                overall = Outcome.undefined(projectTooFewReason(), 0);
            } else {
                switch (measure) {
                    case COHEN_KAPPA -> overall = meanOfPairs(pairs, notes, unitCount(compared));
                    case FLEISS_KAPPA -> {
                        used = fleissDocuments(compared, notes);
                        overall = fleissOverall(used, notes);
                    }
                    case KRIPPENDORFF_ALPHA_NOMINAL -> overall = alphaOverall(compared, notes);
                    default -> overall = unitizingOverall(compared, notes);
                }
            }

            ConfusionMatrix.Builder confusion = new ConfusionMatrix.Builder();
            for (Prepared document : used) {
                for (Unit unit : document.units()) {
                    confusion.add(unit, document.annotators());
                }
            }
            return new AgreementResult(measure.key(), category, overall.value(), overall.reason(), notes, annotators,
                    compared.isEmpty() ? 0 : used.size(), overall.units(), pairs, perDocument, confusion.build());
        }

        // ---- pairs -------------------------------------------------------------------------------

        private List<PairValue> pairs() {
            List<List<String>> pairs = new ArrayList<>();
            for (int i = 0; i < annotators.size(); i++) {
                for (int j = i + 1; j < annotators.size(); j++) {
                    pairs.add(List.of(annotators.get(i), annotators.get(j)));
                }
            }
            return pairs.parallelStream().map(p -> pair(p.get(0), p.get(1))).toList();
        }

        private PairValue pair(String a, String b) {
            List<Prepared> shared = documents.stream()
                    .filter(d -> d.annotators().contains(a) && d.annotators().contains(b)).toList();
            if (shared.isEmpty()) {
                return new PairValue(a, b, null, "these two annotators have not finished any document in common", 0,
                        0);
            }
            List<String> raters = List.of(a, b);
            int units = 0;
            for (Prepared document : shared) {
                units += pairUnits(document, a, b).size();
            }
            Outcome outcome;
            if (measure == Measure.KRIPPENDORFF_ALPHA_UNITIZING) {
                List<Outcome> values = shared.parallelStream()
                        .map(d -> d.annotators().size() == 2 ? unitizingOfDocument(d)
                                : unitizing(d.layers(), raters, pairUnits(d, a, b).size())).toList();
                List<Integer> weights = shared.stream().map(d -> d.layers().textLength()).toList();
                outcome = weightedMean(values, weights, units, "for any document they share", null);
            } else {
                List<Object[]> items = new ArrayList<>();
                for (Prepared document : shared) {
                    for (Unit unit : pairUnits(document, a, b)) {
                        items.add(labels(unit, raters));
                    }
                }
                outcome = coding(measure, 2, items, null);
            }
            return new PairValue(a, b, outcome.value(), outcome.reason(), units, shared.size());
        }

        private List<Unit> pairUnits(Prepared document, String a, String b) {
            if (document.annotators().size() == 2) {
                return document.units(); // the pair is the document's annotators: same annotations, same units
            }
            return pairUnits.computeIfAbsent(new PairKey(document.index(), a, b),
                    k -> keep(UnitFormation.form(List.of(a, b), document.layers().spans())));
        }

        // ---- per document ------------------------------------------------------------------------

        private DocumentValue documentValue(Prepared document) {
            DocumentLayers layers = document.layers();
            List<String> raters = document.annotators();
            Outcome outcome;
            if (raters.isEmpty()) {
                outcome = Outcome.undefined("no annotator has finished this document", 0);
            } else if (raters.size() == 1) {
                outcome = Outcome.undefined("only one annotator finished this document", 0);
            } else {
                outcome = switch (measure) {
                    case COHEN_KAPPA -> cohenOfDocument(document);
                    case FLEISS_KAPPA, KRIPPENDORFF_ALPHA_NOMINAL -> {
                        List<Object[]> items = new ArrayList<>();
                        for (Unit unit : document.units()) {
                            items.add(labels(unit, raters));
                        }
                        yield coding(measure, raters.size(), items, null);
                    }
                    case KRIPPENDORFF_ALPHA_UNITIZING -> unitizingOfDocument(document);
                };
            }
            return new DocumentValue(layers.documentId(), layers.title(), raters, document.units().size(),
                    outcome.value(), outcome.reason());
        }

        private Outcome cohenOfDocument(Prepared document) {
            List<String> raters = document.annotators();
            List<Outcome> values = new ArrayList<>();
            for (int i = 0; i < raters.size(); i++) {
                for (int j = i + 1; j < raters.size(); j++) {
                    List<String> pair = List.of(raters.get(i), raters.get(j));
                    List<Object[]> items = new ArrayList<>();
                    for (Unit unit : pairUnits(document, pair.get(0), pair.get(1))) {
                        items.add(labels(unit, pair));
                    }
                    values.add(coding(Measure.COHEN_KAPPA, 2, items, null));
                }
            }
            return mean(values, document.units().size(), "for any pair of annotators on this document");
        }

        // ---- project values ----------------------------------------------------------------------

        private Outcome meanOfPairs(List<PairValue> pairs, List<String> notes, int units) {
            List<Outcome> values = new ArrayList<>();
            for (PairValue pair : pairs) {
                if (pair.documents() > 0) {
                    values.add(new Outcome(pair.value(), pair.reason(), pair.units()));
                }
            }
            Outcome outcome = mean(values, units, "for any pair of annotators");
            long defined = values.stream().filter(o -> o.value() != null).count();
            if (outcome.value() != null) {
                notes.add("The overall value is the mean of " + count((int) defined, "pairwise value") + ".");
                if (defined < values.size()) {
                    notes.add("Left out " + count((int) (values.size() - defined), "pair")
                            + " of annotators whose kappa is not defined.");
                }
            }
            return outcome;
        }

        /** The documents with the most common annotator count; on a tie, the larger count. */
        private List<Prepared> fleissDocuments(List<Prepared> compared, List<String> notes) {
            Map<Integer, Integer> documentsPerCount = new TreeMap<>();
            for (Prepared document : compared) {
                documentsPerCount.merge(document.annotators().size(), 1, Integer::sum);
            }
            int best = 0;
            int bestDocuments = 0;
            for (Map.Entry<Integer, Integer> entry : documentsPerCount.entrySet()) {
                if (entry.getValue() >= bestDocuments) {
                    best = entry.getKey();
                    bestDocuments = entry.getValue();
                }
            }
            int raters = best;
            List<Prepared> used = compared.stream().filter(d -> d.annotators().size() == raters).toList();
            if (used.size() < compared.size()) {
                notes.add("Used the " + count(used.size(), "document") + " with " + raters + " annotators; left out "
                        + count(compared.size() - used.size(), "document")
                        + " with another number of annotators, because Fleiss' kappa needs the same number on "
                        + "every statement.");
            }
            return used;
        }

        private Outcome fleissOverall(List<Prepared> used, List<String> notes) {
            int raters = used.get(0).annotators().size();
            List<Object[]> items = new ArrayList<>();
            for (Prepared document : used) {
                for (Unit unit : document.units()) {
                    items.add(labels(unit, document.annotators()));
                }
            }
            return coding(Measure.FLEISS_KAPPA, raters, items, notes);
        }

        private Outcome alphaOverall(List<Prepared> compared, List<String> notes) {
            Map<String, Integer> raterIndex = new HashMap<>();
            for (String annotator : annotators) {
                raterIndex.put(annotator, raterIndex.size());
            }
            List<Object[]> items = new ArrayList<>();
            for (Prepared document : compared) {
                for (Unit unit : document.units()) {
                    Object[] item = new Object[annotators.size()];
                    Object[] labels = labels(unit, document.annotators());
                    for (int i = 0; i < labels.length; i++) {
                        item[raterIndex.get(document.annotators().get(i))] = labels[i];
                    }
                    items.add(item);
                }
            }
            return coding(Measure.KRIPPENDORFF_ALPHA_NOMINAL, annotators.size(), items, notes);
        }

        private Outcome unitizingOverall(List<Prepared> compared, List<String> notes) {
            List<Outcome> values = new ArrayList<>();
            List<Integer> weights = new ArrayList<>();
            for (Prepared document : compared) {
                values.add(unitizingOfDocument(document));
                weights.add(document.layers().textLength());
            }
            return weightedMean(values, weights, unitCount(compared), "for any document", notes);
        }

        private Outcome unitizingOfDocument(Prepared document) {
            return unitizingByDocument.computeIfAbsent(document.index(),
                    i -> unitizing(document.layers(), document.annotators(), document.units().size()));
        }

        // ---- building blocks ---------------------------------------------------------------------

        /** Units that concern the category filter: those in which somebody used the category. */
        private List<Unit> keep(List<Unit> units) {
            if (category == null) {
                return units;
            }
            return units.stream().filter(u -> u.categories().contains(category)).toList();
        }

        private Object[] labels(Unit unit, List<String> raters) {
            Object[] labels = new Object[raters.size()];
            for (int i = 0; i < labels.length; i++) {
                Span version = unit.version(raters.get(i));
                if (version == null) {
                    labels[i] = unmarked == Unmarked.MISSING ? null : category == null ? NONE : OTHER;
                } else if (category == null) {
                    labels[i] = version.category();
                } else {
                    labels[i] = category.equals(version.category()) ? category : OTHER;
                }
            }
            return labels;
        }

        /**
         * One coding coefficient from DKPro, after the checks that keep undefined values from
         * surfacing as 0, 1 or NaN.
         */
        private Outcome coding(Measure which, int raters, List<Object[]> items, List<String> notes) {
            if (raters < 2) {
                return Outcome.undefined("fewer than two annotators", 0);
            }
            if (items.isEmpty()) {
                return Outcome.undefined(noAnnotationsReason(), 0);
            }
            boolean kappa = which != Measure.KRIPPENDORFF_ALPHA_NOMINAL;
            List<Object[]> usable = new ArrayList<>(items.size());
            for (Object[] item : items) {
                int present = 0;
                for (Object label : item) {
                    if (label != null) {
                        present++;
                    }
                }
                // Kappa cannot take missing values; alpha ignores values that have no partner.
                if (kappa ? present == item.length : present >= 2) {
                    usable.add(item);
                }
            }
            if (usable.isEmpty()) {
                return Outcome.undefined(kappa ? "no statement was marked by every annotator, and kappa needs a "
                        + "category from each" : "no statement was marked by two annotators", 0);
            }
            if (kappa && notes != null && usable.size() < items.size()) {
                notes.add("Left out " + count(items.size() - usable.size(), "statement")
                        + " that not every annotator marked.");
            }
            Set<Object> distinct = new HashSet<>();
            for (Object[] item : usable) {
                for (Object label : item) {
                    if (label != null) {
                        distinct.add(label);
                    }
                }
            }
            if (distinct.size() < 2) {
                return Outcome.undefined(noVariationReason(which), usable.size());
            }
            CodingAnnotationStudy study = new CodingAnnotationStudy(raters);
            for (Object[] item : usable) {
                study.addItemAsArray(item);
            }
            try {
                double value = switch (which) {
                    case COHEN_KAPPA -> new CohenKappaAgreement(study).calculateAgreement();
                    case FLEISS_KAPPA -> new FleissKappaAgreement(study).calculateAgreement();
                    default -> new KrippendorffAlphaAgreement(study, new NominalDistanceFunction())
                            .calculateAgreement();
                };
                return Outcome.of(value, usable.size());
            } catch (InsufficientDataException | ArithmeticException e) {
                return Outcome.undefined(noVariationReason(which), usable.size());
            }
        }

        /** Unitizing alpha of one document for the given raters, from DKPro. */
        private Outcome unitizing(DocumentLayers document, List<String> raters, int units) {
            if (raters.size() < 2) {
                return Outcome.undefined("fewer than two annotators", 0);
            }
            Map<String, Integer> raterIndex = new HashMap<>();
            for (String rater : raters) {
                raterIndex.put(rater, raterIndex.size());
            }
            // rater -> category -> spans, so that overlapping spans of one category can be merged
            Map<Integer, Map<String, List<Span>>> byRater = new TreeMap<>();
            boolean any = false;
            boolean anyOfCategory = false;
            for (Span span : document.spans()) {
                Integer rater = raterIndex.get(span.annotator());
                if (rater == null) {
                    continue;
                }
                if (span.end() > document.textLength()) {
                    throw new IllegalArgumentException("Annotation " + span.id() + " of " + span.annotator()
                            + " ends at " + span.end() + ", beyond the text of document " + document.documentId()
                            + " (" + document.textLength() + " code points)");
                }
                any = true;
                anyOfCategory |= span.category().equals(category);
                byRater.computeIfAbsent(rater, r -> new TreeMap<>())
                        .computeIfAbsent(span.category(), c -> new ArrayList<>()).add(span);
            }
            if (!any) {
                return Outcome.undefined("no annotations", 0);
            }
            if (category != null && !anyOfCategory) {
                return Outcome.undefined(noAnnotationsReason(), 0);
            }
            UnitizingAnnotationStudy study = new UnitizingAnnotationStudy(raters.size(), 0, document.textLength());
            byRater.forEach((rater, byCategory) -> byCategory.forEach((label, spans) -> {
                for (int[] stretch : union(spans)) {
                    study.addUnit(stretch[0], stretch[1] - stretch[0], rater, label);
                }
            }));
            UnitizingAlpha alpha = new UnitizingAlpha(study);
            double expected = category == null ? alpha.expectedDisagreement() : alpha.expectedDisagreement(category);
            if (!(expected > 0)) {
                return Outcome.undefined("the annotations leave no room for chance disagreement (expected "
                        + "disagreement is zero), so alpha is not defined", units);
            }
            double value = category == null ? alpha.calculateAgreement() : alpha.calculateCategoryAgreement(category);
            return Outcome.of(value, units);
        }

        // ---- reasons -----------------------------------------------------------------------------

        private String projectTooFewReason() {
            if (documents.isEmpty()) {
                return "there are no documents";
            }
            if (annotators.isEmpty()) {
                return "no annotator has finished a document";
            }
            if (annotators.size() == 1) {
                return "only one annotator has finished documents";
            }
            return "no document has been finished by two annotators";
        }

        private String noAnnotationsReason() {
            return category == null ? "no annotations" : "nobody marked a statement as " + category;
        }

        private String noVariationReason(Measure which) {
            String consequence = which == Measure.KRIPPENDORFF_ALPHA_NOMINAL
                    ? "expected disagreement is zero and alpha is not defined"
                    : "chance agreement is total and kappa is not defined";
            if (category == null) {
                return "every annotation has the same category, so " + consequence;
            }
            return "every annotator marked every statement as " + category + ", so " + consequence;
        }
    }

    private static int unitCount(Collection<Prepared> documents) {
        int units = 0;
        for (Prepared document : documents) {
            units += document.units().size();
        }
        return units;
    }

    /** Merges overlapping spans into stretches [start, end); touching spans stay apart. */
    private static List<int[]> union(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort((x, y) -> x.start() != y.start() ? Integer.compare(x.start(), y.start())
                : Integer.compare(x.end(), y.end()));
        List<int[]> result = new ArrayList<>();
        int[] current = null;
        for (Span span : sorted) {
            if (current != null && span.start() < current[1]) {
                current[1] = Math.max(current[1], span.end());
            } else {
                current = new int[] {span.start(), span.end()};
                result.add(current);
            }
        }
        return result;
    }

    /** Unweighted mean of the defined values; undefined, with the shared reason, when none is defined. */
    private static Outcome mean(List<Outcome> values, int units, String where) {
        List<Integer> weights = new ArrayList<>();
        values.forEach(v -> weights.add(1));
        return weightedMean(values, weights, units, where, null);
    }

    private static Outcome weightedMean(List<Outcome> values, List<Integer> weights, int units, String where,
                                        List<String> notes) {
        double sum = 0;
        double weight = 0;
        int defined = 0;
        Set<String> reasons = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            Outcome outcome = values.get(i);
            if (outcome.value() != null && weights.get(i) > 0) {
                sum += outcome.value() * weights.get(i);
                weight += weights.get(i);
                defined++;
            } else if (outcome.reason() != null) {
                reasons.add(outcome.reason());
            }
        }
        if (defined == 0) {
            String reason = reasons.size() == 1 ? reasons.iterator().next() : "the coefficient is not defined " + where;
            return Outcome.undefined(reason, units);
        }
        if (notes != null) {
            notes.add("The project value is the mean of the values of " + count(defined, "document")
                    + ", weighted by their length in characters.");
            if (defined < values.size()) {
                notes.add("Left out " + count(values.size() - defined, "document") + " without a value.");
            }
        }
        return Outcome.of(sum / weight, units);
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A document with its units, formed once for every measure. */
    private record Prepared(int index, DocumentLayers layers, List<Unit> units) {
        List<String> annotators() {
            return layers.annotators();
        }
    }

    private record PairKey(int document, String a, String b) {
    }

    /** A coefficient, or why there is none; never NaN. */
    private record Outcome(Double value, String reason, int units) {
        static Outcome of(double value, int units) {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                return undefined("the coefficient is not defined for these annotations", units);
            }
            return new Outcome(value, null, units);
        }

        static Outcome undefined(String reason, int units) {
            return new Outcome(null, reason, units);
        }
    }

    /**
     * DKPro's unitizing alpha, opened up so that an expected disagreement of zero can be caught before
     * DKPro turns 0/0 into an agreement of 0, and with its expected disagreements remembered: they are
     * the costly part, and the check would otherwise compute them twice.
     */
    private static final class UnitizingAlpha extends KrippendorffAlphaUnitizingAgreement {
        private Double expected;
        private final Map<Object, Double> expectedByCategory = new HashMap<>();

        UnitizingAlpha(IUnitizingAnnotationStudy study) {
            super(study);
        }

        double expectedDisagreement() {
            return calculateExpectedDisagreement();
        }

        double expectedDisagreement(Object category) {
            return calculateExpectedCategoryDisagreement(category);
        }

        @Override
        protected double calculateExpectedDisagreement() {
            if (expected == null) {
                expected = super.calculateExpectedDisagreement();
            }
            return expected;
        }

        @Override
        protected double calculateExpectedCategoryDisagreement(Object category) {
            Double known = expectedByCategory.get(category);
            if (known == null) {
                known = super.calculateExpectedCategoryDisagreement(category);
                expectedByCategory.put(category, known);
            }
            return known;
        }
    }
}
