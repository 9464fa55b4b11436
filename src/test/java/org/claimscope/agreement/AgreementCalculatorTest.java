package org.claimscope.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.claimscope.agreement.AgreementEdgeCasesTest.document;
import static org.claimscope.agreement.AgreementEdgeCasesTest.span;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.claimscope.agreement.AgreementCalculator.Unmarked;
import org.dkpro.statistics.agreement.coding.CodingAnnotationStudy;
import org.dkpro.statistics.agreement.coding.CohenKappaAgreement;
import org.dkpro.statistics.agreement.coding.KrippendorffAlphaAgreement;
import org.dkpro.statistics.agreement.distance.NominalDistanceFunction;
import org.junit.jupiter.api.Test;

/**
 * How a project's documents, annotators and categories become raters, items and labels. Expected
 * values come from DKPro on a table built by hand, so these tests check the mapping, not the maths.
 */
class AgreementCalculatorTest {
    private static final AgreementCalculator CLAIMSCOPE = new AgreementCalculator();
    private static final String L = "LEGAL_ASSERTION";
    private static final String E = "EXPERT_OPINION";
    private static final String O = "OFFICIAL_JUSTIFICATION";
    private static final String NONE = AgreementCalculator.NONE;
    private static final String OTHER = AgreementCalculator.OTHER;

    private static double cohen(Object[]... items) {
        CodingAnnotationStudy study = new CodingAnnotationStudy(2);
        for (Object[] item : items) {
            study.addItemAsArray(item);
        }
        return new CohenKappaAgreement(study).calculateAgreement();
    }

    /** ann and ben on five statements: three with categories that differ in places, one only ben marked. */
    private static DocumentLayers twoAnnotators() {
        return document(1, 200, List.of("ann", "ben"),
                span(1, "ann", 0, 10, L), span(2, "ben", 0, 10, L),
                span(3, "ann", 20, 30, L), span(4, "ben", 22, 30, E),
                span(5, "ann", 40, 50, E), span(6, "ben", 40, 50, E),
                span(7, "ann", 60, 70, O), span(8, "ben", 60, 70, L),
                span(9, "ben", 80, 90, L));
    }

    @Test
    void aStatementOnlySomeAnnotatorsMarkedIsADisagreementWithTheLabelNone() {
        AgreementResult result = CLAIMSCOPE.compute(List.of(twoAnnotators()), Measure.COHEN_KAPPA, null);

        double expected = cohen(new Object[] {L, L}, new Object[] {L, E}, new Object[] {E, E}, new Object[] {O, L},
                new Object[] {NONE, L});
        assertThat(result.value()).isCloseTo(expected, within(1e-12));
        assertThat(result.units()).isEqualTo(5);
        assertThat(result.confusion().count(L, NONE)).isEqualTo(1);
    }

    @Test
    void withAbsenceAsMissingKappaUsesOnlyStatementsEveryoneMarkedAndSaysSo() {
        AgreementResult result = new AgreementCalculator(Unmarked.MISSING)
                .compute(List.of(twoAnnotators()), Measure.COHEN_KAPPA, null);

        double expected = cohen(new Object[] {L, L}, new Object[] {L, E}, new Object[] {E, E}, new Object[] {O, L});
        assertThat(result.value()).isCloseTo(expected, within(1e-12));
        assertThat(result.pairs()).singleElement()
                .satisfies(p -> assertThat(p.value()).isCloseTo(expected, within(1e-12)));
    }

    @Test
    void oneCategoryIsThatCategoryAgainstOtherOnTheStatementsWhereSomebodyUsedIt() {
        AgreementResult result = CLAIMSCOPE.compute(List.of(twoAnnotators()), Measure.COHEN_KAPPA, L);

        // The statement both called EXPERT_OPINION is left out; the one only ben marked stays.
        double expected = cohen(new Object[] {L, L}, new Object[] {L, OTHER}, new Object[] {OTHER, L},
                new Object[] {OTHER, L});
        assertThat(result.value()).isCloseTo(expected, within(1e-12));
        assertThat(result.units()).isEqualTo(4);
        assertThat(result.category()).isEqualTo(L);
        // The confusion matrix keeps the real categories of those statements.
        assertThat(result.confusion().count(L, O)).isEqualTo(1);
        assertThat(result.confusion().count(E, E)).isZero();
        assertThat(CLAIMSCOPE.compute(List.of(twoAnnotators()), Measure.COHEN_KAPPA, "  ").category()).isNull();
    }

    @Test
    void overallCohenIsTheMeanOfThePairwiseValues() {
        DocumentLayers document = document(1, 200, List.of("ann", "ben", "cem"),
                span(1, "ann", 0, 10, L), span(2, "ben", 0, 10, L), span(3, "cem", 0, 10, E),
                span(4, "ann", 20, 30, E), span(5, "ben", 20, 30, E), span(6, "cem", 20, 30, E),
                span(7, "ann", 40, 50, L), span(8, "ben", 40, 50, E), span(9, "cem", 40, 50, L),
                span(10, "ann", 60, 70, O), span(11, "cem", 60, 70, O));

        AgreementResult result = CLAIMSCOPE.compute(List.of(document), Measure.COHEN_KAPPA, null);

        assertThat(result.pairs()).extracting(PairValue::a, PairValue::b).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ann", "ben"), org.assertj.core.groups.Tuple.tuple("ann", "cem"),
                org.assertj.core.groups.Tuple.tuple("ben", "cem"));
        double mean = result.pairs().stream().mapToDouble(PairValue::value).average().orElseThrow();
        assertThat(result.value()).isCloseTo(mean, within(1e-12));
        assertThat(result.pairs().get(0).value()).isCloseTo(cohen(new Object[] {L, L}, new Object[] {E, E},
                new Object[] {L, E}, new Object[] {O, NONE}), within(1e-12));
        assertThat(result.notes()).contains("The overall value is the mean of 3 pairwise values.");
        assertThat(result.perDocument()).singleElement()
                .satisfies(d -> assertThat(d.value()).isCloseTo(mean, within(1e-12)));
    }

    @Test
    void pairUnitsAreFormedFromThePairsOwnAnnotations() {
        // ben's statement joins ann's and cem's into one unit, but ann and cem alone do not overlap.
        DocumentLayers document = document(1, 100, List.of("ann", "ben", "cem"),
                span(1, "ann", 0, 10, L), span(2, "ben", 8, 14, L), span(3, "cem", 12, 20, L));

        AgreementResult result = CLAIMSCOPE.compute(List.of(document), Measure.COHEN_KAPPA, null);

        assertThat(result.units()).isEqualTo(1);
        assertThat(result.pairs()).filteredOn(p -> p.a().equals("ann") && p.b().equals("cem")).singleElement()
                .satisfies(p -> {
                    assertThat(p.units()).isEqualTo(2);
                    assertThat(p.value()).isCloseTo(-1.0, within(1e-12));
                });
    }

    @Test
    void annotatorsWithoutACommonDocumentHaveNoPairValue() {
        DocumentLayers first = document(1, 100, List.of("ann", "ben"), span(1, "ann", 0, 10, L),
                span(2, "ben", 0, 10, E), span(3, "ann", 20, 30, E), span(4, "ben", 20, 30, E));
        DocumentLayers second = document(2, 100, List.of("ben", "cem"), span(5, "ben", 0, 10, L),
                span(6, "cem", 0, 10, L), span(7, "ben", 20, 30, E), span(8, "cem", 20, 30, L));

        AgreementResult result = CLAIMSCOPE.compute(List.of(first, second), Measure.COHEN_KAPPA, null);

        assertThat(result.annotators()).containsExactly("ann", "ben", "cem");
        assertThat(result.pairs()).filteredOn(p -> p.a().equals("ann") && p.b().equals("cem")).singleElement()
                .satisfies(p -> {
                    assertThat(p.value()).isNull();
                    assertThat(p.reason()).isEqualTo("these two annotators have not finished any document in common");
                    assertThat(p.documents()).isZero();
                });
        assertThat(result.notes()).contains("The overall value is the mean of 2 pairwise values.");
    }

    @Test
    void fleissUsesTheDocumentsWithTheMostCommonAnnotatorCount() {
        List<String> three = List.of("ann", "ben", "cem");
        DocumentLayers a = threeAnnotatorDocument(1, L, L, E, E, E, E);
        DocumentLayers b = threeAnnotatorDocument(2, L, E, L, E, E, E);
        DocumentLayers pair = document(3, 100, List.of("ann", "ben"), span(1, "ann", 0, 10, L),
                span(2, "ben", 0, 10, E));

        AgreementResult all = CLAIMSCOPE.compute(List.of(a, pair, b), Measure.FLEISS_KAPPA, null);
        AgreementResult onlyThree = CLAIMSCOPE.compute(List.of(a, b), Measure.FLEISS_KAPPA, null);

        assertThat(all.value()).isCloseTo(onlyThree.value(), within(1e-12));
        assertThat(all.documents()).isEqualTo(2);
        assertThat(all.units()).isEqualTo(4);
        assertThat(all.notes()).anySatisfy(note -> assertThat(note)
                .startsWith("Used the 2 documents with 3 annotators; left out 1 document with another number"));
        assertThat(onlyThree.notes()).isEmpty();
        assertThat(all.perDocument()).hasSize(3).allSatisfy(d -> assertThat(d.value()).isNotNull());
        assertThat(three).isEqualTo(a.annotators());
    }

    @Test
    void fleissPrefersTheLargerCountOnATie() {
        DocumentLayers three = threeAnnotatorDocument(1, L, L, E, E, E, L);
        DocumentLayers two = document(2, 100, List.of("ann", "ben"), span(1, "ann", 0, 10, L),
                span(2, "ben", 0, 10, E), span(3, "ann", 20, 30, E), span(4, "ben", 20, 30, E));

        AgreementResult result = CLAIMSCOPE.compute(List.of(two, three), Measure.FLEISS_KAPPA, null);

        assertThat(result.documents()).isEqualTo(1);
        assertThat(result.value()).isCloseTo(CLAIMSCOPE.compute(List.of(three), Measure.FLEISS_KAPPA, null).value(),
                within(1e-12));
    }

    /** Two statements; the first gets categories first..third, the second fourth..sixth. */
    private static DocumentLayers threeAnnotatorDocument(long id, String... categories) {
        List<String> annotators = List.of("ann", "ben", "cem");
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int start = i < 3 ? 0 : 20;
            spans.add(span(id * 100 + i, annotators.get(i % 3), start, start + 10, categories[i]));
        }
        return new DocumentLayers(id, "article " + id, 100, annotators, spans);
    }

    @Test
    void nominalAlphaTreatsEachAnnotatorAsOneRaterAcrossTheProject() {
        DocumentLayers first = document(1, 100, List.of("ann", "ben"), span(1, "ann", 0, 10, L),
                span(2, "ben", 0, 10, L), span(3, "ann", 20, 30, E), span(4, "ben", 20, 30, L));
        DocumentLayers second = document(2, 100, List.of("ben", "cem"), span(5, "ben", 0, 10, E),
                span(6, "cem", 0, 10, E), span(7, "cem", 20, 30, O));

        AgreementResult result = CLAIMSCOPE.compute(List.of(first, second), Measure.KRIPPENDORFF_ALPHA_NOMINAL, null);

        CodingAnnotationStudy study = new CodingAnnotationStudy(3);
        study.addItem(L, L, null);
        study.addItem(E, L, null);
        study.addItem(null, E, E);
        study.addItem(null, NONE, O);
        double expected = new KrippendorffAlphaAgreement(study, new NominalDistanceFunction()).calculateAgreement();
        assertThat(result.value()).isCloseTo(expected, within(1e-12));
        assertThat(result.units()).isEqualTo(4);
        assertThat(result.documents()).isEqualTo(2);
        assertThat(result.pairs()).hasSize(3);
    }

    @Test
    void documentsWithFewerThanTwoAnnotatorsAreListedButLeftOut() {
        DocumentLayers both = twoAnnotators();
        DocumentLayers alone = document(2, 100, List.of("ann"), span(20, "ann", 0, 10, L));
        DocumentLayers nobody = document(3, 100, List.of());

        AgreementResult result = CLAIMSCOPE.compute(List.of(both, alone, nobody), Measure.KRIPPENDORFF_ALPHA_NOMINAL,
                null);

        assertThat(result.value()).isCloseTo(
                CLAIMSCOPE.compute(List.of(both), Measure.KRIPPENDORFF_ALPHA_NOMINAL, null).value(), within(1e-12));
        assertThat(result.notes()).contains("Left out 2 documents with fewer than two annotators.");
        assertThat(result.perDocument()).extracting(DocumentValue::documentId).containsExactly(1L, 2L, 3L);
        assertThat(result.perDocument().get(1).reason()).isEqualTo("only one annotator finished this document");
        assertThat(result.perDocument().get(2).reason()).isEqualTo("no annotator has finished this document");
        assertThat(result.perDocument().get(0).units()).isEqualTo(5);
    }

    @Test
    void theProjectsUnitizingAlphaIsTheLengthWeightedMeanOfTheDocuments() {
        DocumentLayers shortOne = document(1, 100, List.of("ann", "ben"), span(1, "ann", 10, 30, L),
                span(2, "ben", 12, 30, L), span(3, "ann", 50, 60, E), span(4, "ben", 50, 60, E));
        DocumentLayers longOne = document(2, 300, List.of("ann", "ben"), span(5, "ann", 10, 30, L),
                span(6, "ben", 40, 60, L), span(7, "ann", 100, 160, E), span(8, "ben", 100, 150, E));

        AgreementResult result = CLAIMSCOPE.compute(List.of(shortOne, longOne), Measure.KRIPPENDORFF_ALPHA_UNITIZING,
                null);

        double first = result.perDocument().get(0).value();
        double second = result.perDocument().get(1).value();
        assertThat(first).isNotEqualTo(second);
        assertThat(result.value()).isCloseTo((first * 100 + second * 300) / 400, within(1e-12));
        assertThat(result.pairs()).singleElement()
                .satisfies(p -> assertThat(p.value()).isCloseTo(result.value(), within(1e-12)));
        assertThat(result.notes())
                .contains("The project value is the mean of the values of 2 documents, weighted by their length in characters.");
    }

    @Test
    void unitizingSeesTheUnionOfOneAnnotatorsOverlappingStatementsOfOneCategory() {
        DocumentLayers overlapping = document(1, 100, List.of("ann", "ben"), span(1, "ann", 10, 30, L),
                span(2, "ann", 20, 40, L), span(3, "ann", 30, 35, E), span(4, "ben", 12, 40, L),
                span(5, "ben", 60, 70, E));
        DocumentLayers merged = document(1, 100, List.of("ann", "ben"), span(1, "ann", 10, 40, L),
                span(3, "ann", 30, 35, E), span(4, "ben", 12, 40, L), span(5, "ben", 60, 70, E));

        double withOverlap = CLAIMSCOPE.compute(List.of(overlapping), Measure.KRIPPENDORFF_ALPHA_UNITIZING, null)
                .value();
        double withUnion = CLAIMSCOPE.compute(List.of(merged), Measure.KRIPPENDORFF_ALPHA_UNITIZING, null).value();

        assertThat(withOverlap).isCloseTo(withUnion, within(1e-12));
    }

    @Test
    void theConfusionMatrixCountsEveryPairOfVersionsOnAUnitOnce() {
        DocumentLayers document = document(1, 100, List.of("ann", "ben", "cem"), span(1, "ann", 0, 10, L),
                span(2, "ben", 0, 10, E), span(3, "ann", 20, 30, L), span(4, "ben", 20, 30, L),
                span(5, "cem", 20, 30, L), span(6, "cem", 40, 50, O));

        ConfusionMatrix confusion = CLAIMSCOPE.compute(List.of(document), Measure.FLEISS_KAPPA, null).confusion();

        assertThat(confusion.labels()).containsExactly(E, L, O, NONE);
        assertThat(confusion.count(L, E)).isEqualTo(1);
        assertThat(confusion.count(E, L)).isEqualTo(1);
        assertThat(confusion.count(L, NONE)).isEqualTo(1);
        assertThat(confusion.count(E, NONE)).isEqualTo(1);
        assertThat(confusion.count(L, L)).isEqualTo(3);
        assertThat(confusion.count(O, NONE)).isEqualTo(2);
        assertThat(confusion.count(NONE, NONE)).isZero();
        assertThat(confusion.total()).isEqualTo(8); // 3 + 3 + 2: the pair that both left out the third is not counted
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertThat(confusion.counts().get(i).get(j)).isEqualTo(confusion.counts().get(j).get(i));
            }
        }
    }

    @Test
    void measuresAreFoundByTheirKeys() {
        for (Measure measure : Measure.values()) {
            assertThat(Measure.fromKey(measure.key())).isSameAs(measure);
            assertThat(Measure.fromKey(" " + measure.key().toUpperCase() + " ")).isSameAs(measure);
            assertThat(measure.label()).isNotBlank();
        }
        assertThat(Measure.COHEN_KAPPA.key()).isEqualTo("cohen-kappa");
        assertThat(Measure.FLEISS_KAPPA.key()).isEqualTo("fleiss-kappa");
        assertThat(Measure.KRIPPENDORFF_ALPHA_NOMINAL.key()).isEqualTo("krippendorff-alpha-nominal");
        assertThat(Measure.KRIPPENDORFF_ALPHA_UNITIZING.key()).isEqualTo("krippendorff-alpha-unitizing");
        assertThatThrownBy(() -> Measure.fromKey("scott-pi")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cohen-kappa, fleiss-kappa");
        assertThatThrownBy(() -> Measure.fromKey(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyExplanationIsOneSentence() {
        List<String> sentences = new ArrayList<>(UnitFormation.RULES);
        sentences.addAll(AgreementCalculator.EXPLANATIONS);
        AgreementCalculator missing = new AgreementCalculator(Unmarked.MISSING);
        for (Measure measure : Measure.values()) {
            sentences.addAll(CLAIMSCOPE.explanations(measure, L));
            sentences.addAll(missing.explanations(measure, null));
        }
        assertThat(sentences).allSatisfy(sentence -> {
            assertThat(sentence).endsWith(".").doesNotContain("\n").doesNotContain(". ");
            assertThat(Character.isUpperCase(sentence.charAt(0))).isTrue();
        });
        assertThat(new HashSet<>(CLAIMSCOPE.explanations(Measure.COHEN_KAPPA, null)))
                .contains(AgreementCalculator.SENTENCE_PARTIAL).doesNotContain(AgreementCalculator.SENTENCE_MISSING);
        assertThat(AgreementCalculator.EXPLANATIONS).containsAll(CLAIMSCOPE.explanations(Measure.COHEN_KAPPA, L));
    }

    @Test
    void inputsAreCopiedAndNormalised() {
        Span span = new Span(1, "ann", 0, 5, L, null, Map.of("speaker", "", "role", "minister"));
        assertThat(span.attributes()).containsExactly(Map.entry("role", "minister"));
        assertThat(span.subtypes()).isEmpty();
        DocumentLayers layers = new DocumentLayers(1, "t", 10, List.of("ann", "ben", "ann"), List.of(span));
        assertThat(layers.annotators()).containsExactly("ann", "ben");
        assertThatThrownBy(() -> new DocumentLayers(1, "t", -1, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
