package org.claimscope.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.claimscope.agreement.AgreementCalculator.Unmarked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Where a coefficient is not defined, or defined only at its limits. */
class AgreementEdgeCasesTest {
    private static final AgreementCalculator CLAIMSCOPE = new AgreementCalculator();
    private static final AgreementCalculator ABSENCE_IS_MISSING = new AgreementCalculator(Unmarked.MISSING);

    static DocumentLayers document(long id, int length, List<String> annotators, Span... spans) {
        return new DocumentLayers(id, "article " + id, length, annotators, List.of(spans));
    }

    static Span span(long id, String annotator, int start, int end, String category) {
        return Span.of(id, annotator, start, end, category);
    }

    @ParameterizedTest
    @EnumSource(Measure.class)
    void oneAnnotatorIsNotAgreement(Measure measure) {
        DocumentLayers document = document(1, 100, List.of("ann"), span(1, "ann", 0, 10, "LEGAL_ASSERTION"),
                span(2, "ann", 20, 30, "EXPERT_OPINION"));

        AgreementResult result = CLAIMSCOPE.compute(List.of(document), measure, null);

        assertThat(result.value()).isNull();
        assertThat(result.reason()).isEqualTo("only one annotator has finished documents");
        assertThat(result.pairs()).isEmpty();
        assertThat(result.documents()).isZero();
        assertThat(result.perDocument()).singleElement().satisfies(d -> {
            assertThat(d.value()).isNull();
            assertThat(d.reason()).isEqualTo("only one annotator finished this document");
        });
    }

    @ParameterizedTest
    @EnumSource(Measure.class)
    void noAnnotationsIsNotAgreement(Measure measure) {
        DocumentLayers document = document(1, 100, List.of("ann", "ben"));

        AgreementResult result = CLAIMSCOPE.compute(List.of(document), measure, null);

        assertThat(result.value()).isNull();
        assertThat(result.reason()).isEqualTo("no annotations");
        assertThat(result.units()).isZero();
        assertThat(result.pairs()).singleElement().satisfies(p -> assertThat(p.reason()).isEqualTo("no annotations"));
        assertThat(result.perDocument()).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo("no annotations"));
    }

    @ParameterizedTest
    @EnumSource(Measure.class)
    void noDocumentsIsNotAgreement(Measure measure) {
        AgreementResult result = CLAIMSCOPE.compute(List.of(), measure, null);

        assertThat(result.value()).isNull();
        assertThat(result.reason()).isEqualTo("there are no documents");
        assertThat(result.confusion().labels()).containsExactly(AgreementCalculator.NONE);
        assertThat(result.confusion().total()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Measure.class)
    void identicalAnnotationsWithTwoCategoriesAgreePerfectly(Measure measure) {
        List<Span> spans = new ArrayList<>();
        for (String annotator : List.of("ann", "ben", "cem")) {
            spans.add(span(spans.size(), annotator, 0, 10, "LEGAL_ASSERTION"));
            spans.add(span(spans.size(), annotator, 20, 35, "EXPERT_OPINION"));
            spans.add(span(spans.size(), annotator, 50, 60, "LEGAL_ASSERTION"));
        }
        DocumentLayers document = new DocumentLayers(1, "a", 80, List.of("ann", "ben", "cem"), spans);

        AgreementResult result = CLAIMSCOPE.compute(List.of(document), measure, null);

        assertThat(result.value()).isCloseTo(1.0, within(1e-12));
        assertThat(result.reason()).isNull();
        assertThat(result.pairs()).hasSize(3)
                .allSatisfy(p -> assertThat(p.value()).isCloseTo(1.0, within(1e-12)));
    }

    @ParameterizedTest
    @EnumSource(value = Measure.class, names = {"COHEN_KAPPA", "FLEISS_KAPPA"})
    void identicalAnnotationsAllOfOneCategoryLeaveKappaUndefined(Measure measure) {
        DocumentLayers document = document(1, 80, List.of("ann", "ben"), span(1, "ann", 0, 10, "LEGAL_ASSERTION"),
                span(2, "ben", 0, 10, "LEGAL_ASSERTION"), span(3, "ann", 20, 30, "LEGAL_ASSERTION"),
                span(4, "ben", 20, 30, "LEGAL_ASSERTION"));

        AgreementResult result = CLAIMSCOPE.compute(List.of(document), measure, null);

        assertThat(result.value()).isNull();
        assertThat(result.reason())
                .isEqualTo("every annotation has the same category, so chance agreement is total and kappa is not defined");
        assertThat(result.perDocument()).singleElement().satisfies(d -> assertThat(d.value()).isNull());
    }

    @Test
    void identicalAnnotationsAllOfOneCategoryLeaveNominalAlphaUndefined() {
        DocumentLayers document = document(1, 80, List.of("ann", "ben"), span(1, "ann", 0, 10, "LEGAL_ASSERTION"),
                span(2, "ben", 0, 10, "LEGAL_ASSERTION"));

        AgreementResult result = CLAIMSCOPE.compute(List.of(document), Measure.KRIPPENDORFF_ALPHA_NOMINAL, null);

        assertThat(result.value()).isNull();
        assertThat(result.reason()).isEqualTo(
                "every annotation has the same category, so expected disagreement is zero and alpha is not defined");
    }

    /** Unitizing alpha measures where statements are, so one category still leaves something to agree on. */
    @Test
    void identicalAnnotationsAllOfOneCategoryStillHaveAUnitizingAlpha() {
        DocumentLayers document = document(1, 80, List.of("ann", "ben"), span(1, "ann", 0, 10, "LEGAL_ASSERTION"),
                span(2, "ben", 0, 10, "LEGAL_ASSERTION"));

        AgreementResult result = CLAIMSCOPE.compute(List.of(document), Measure.KRIPPENDORFF_ALPHA_UNITIZING, null);

        assertThat(result.value()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void disjointAnnotationsDisagreeCompletely() {
        DocumentLayers document = document(1, 100, List.of("ann", "ben"), span(1, "ann", 0, 10, "LEGAL_ASSERTION"),
                span(2, "ben", 40, 50, "LEGAL_ASSERTION"));
        List<DocumentLayers> documents = List.of(document);

        // Two units, each marked by one annotator: labels (L, none) and (none, L).
        assertThat(CLAIMSCOPE.compute(documents, Measure.COHEN_KAPPA, null).value()).isCloseTo(-1.0, within(1e-12));
        assertThat(CLAIMSCOPE.compute(documents, Measure.FLEISS_KAPPA, null).value()).isCloseTo(-1.0, within(1e-12));
        // Coincidences: 4 of (L, none); D_o = 1, D_e = 8/12, alpha = 1 - 12/8.
        assertThat(CLAIMSCOPE.compute(documents, Measure.KRIPPENDORFF_ALPHA_NOMINAL, null).value())
                .isCloseTo(-0.5, within(1e-12));
        assertThat(CLAIMSCOPE.compute(documents, Measure.KRIPPENDORFF_ALPHA_UNITIZING, null).value()).isNegative();
        assertThat(CLAIMSCOPE.compute(documents, Measure.COHEN_KAPPA, null).units()).isEqualTo(2);
    }

    @Test
    void disjointAnnotationsHaveNothingToCompareWhenAbsenceIsMissing() {
        DocumentLayers document = document(1, 100, List.of("ann", "ben"), span(1, "ann", 0, 10, "LEGAL_ASSERTION"),
                span(2, "ben", 40, 50, "EXPERT_OPINION"));
        List<DocumentLayers> documents = List.of(document);

        assertThat(ABSENCE_IS_MISSING.compute(documents, Measure.COHEN_KAPPA, null).reason())
                .isEqualTo("no statement was marked by every annotator, and kappa needs a category from each");
        assertThat(ABSENCE_IS_MISSING.compute(documents, Measure.KRIPPENDORFF_ALPHA_NOMINAL, null).reason())
                .isEqualTo("no statement was marked by two annotators");
        assertThat(ABSENCE_IS_MISSING.compute(documents, Measure.KRIPPENDORFF_ALPHA_UNITIZING, null).value())
                .as("unitizing has no notion of a missing value").isNotNull();
    }

    @Test
    void aCategoryNobodyUsedIsNotDefined() {
        DocumentLayers document = document(1, 100, List.of("ann", "ben"), span(1, "ann", 0, 10, "LEGAL_ASSERTION"),
                span(2, "ben", 0, 10, "EXPERT_OPINION"));

        for (Measure measure : Measure.values()) {
            AgreementResult result = CLAIMSCOPE.compute(List.of(document), measure, "OFFICIAL_JUSTIFICATION");
            assertThat(result.value()).as(measure.key()).isNull();
            assertThat(result.reason()).as(measure.key())
                    .isEqualTo("nobody marked a statement as OFFICIAL_JUSTIFICATION");
            assertThat(result.category()).isEqualTo("OFFICIAL_JUSTIFICATION");
        }
    }

    @Test
    void aUnitizingAnnotationBeyondTheTextIsRefused() {
        DocumentLayers document = document(7, 20, List.of("ann", "ben"), span(1, "ann", 0, 10, "LEGAL_ASSERTION"),
                span(2, "ben", 15, 25, "LEGAL_ASSERTION"));

        assertThatThrownBy(() -> CLAIMSCOPE.compute(List.of(document), Measure.KRIPPENDORFF_ALPHA_UNITIZING, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond the text of document 7");
    }

    /**
     * Random small projects, both treatments of absence, every measure, with and without a category:
     * a value is a finite number and comes without a reason; no value always has one. The coding
     * coefficients stay within [-1, 1]; unitizing alpha has no lower bound on a short text, where
     * observed disagreement can exceed twice the expected.
     */
    @Test
    void neverNaNAndAlwaysAReasonWhenUndefined() {
        Random random = new Random(11);
        String[] categories = {"LEGAL_ASSERTION", "EXPERT_OPINION", "OFFICIAL_JUSTIFICATION"};
        List<String> everyone = List.of("ann", "ben", "cem", "dora");
        for (int round = 0; round < 150; round++) {
            List<DocumentLayers> documents = new ArrayList<>();
            int documentCount = random.nextInt(4);
            for (int d = 0; d < documentCount; d++) {
                List<String> annotators = everyone.subList(0, random.nextInt(everyone.size() + 1));
                int length = 1 + random.nextInt(60);
                List<Span> spans = new ArrayList<>();
                int count = annotators.isEmpty() ? 0 : random.nextInt(6);
                for (int s = 0; s < count; s++) {
                    int start = random.nextInt(length);
                    int end = start + 1 + random.nextInt(length - start);
                    spans.add(span(s, annotators.get(random.nextInt(annotators.size())), start, end,
                            categories[random.nextInt(random.nextBoolean() ? 1 : categories.length)]));
                }
                documents.add(new DocumentLayers(d, "d" + d, length, annotators, spans));
            }
            for (AgreementCalculator calculator : List.of(CLAIMSCOPE, ABSENCE_IS_MISSING)) {
                for (Measure measure : Measure.values()) {
                    for (String category : new String[] {null, "LEGAL_ASSERTION"}) {
                        AgreementResult result = calculator.compute(documents, measure, category);
                        boolean bounded = measure.isCoding();
                        checkValue(result.value(), result.reason(), bounded);
                        result.pairs().forEach(p -> checkValue(p.value(), p.reason(), bounded));
                        result.perDocument().forEach(d -> checkValue(d.value(), d.reason(), bounded));
                    }
                }
            }
        }
    }

    private static void checkValue(Double value, String reason, boolean bounded) {
        if (value == null) {
            assertThat(reason).isNotBlank();
        } else {
            assertThat(value).isFinite().isLessThanOrEqualTo(1.0 + 1e-9);
            if (bounded) {
                assertThat(value).isGreaterThanOrEqualTo(-1.0 - 1e-9);
            }
            assertThat(reason).isNull();
        }
    }
}
