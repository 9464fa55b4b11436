package org.claimscope.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.claimscope.agreement.AgreementCalculator.Unmarked;
import org.dkpro.statistics.agreement.coding.CodingAnnotationStudy;
import org.dkpro.statistics.agreement.coding.KrippendorffAlphaAgreement;
import org.dkpro.statistics.agreement.distance.NominalDistanceFunction;
import org.junit.jupiter.api.Test;

/**
 * The published worked examples, end to end: annotations in, coefficient out, to the decimals the
 * sources print. Coding tables become synthetic documents (see {@link AgreementFixtures}).
 */
class AgreementPublishedExamplesTest {

    private static final AgreementCalculator CLAIMSCOPE = new AgreementCalculator();
    private static final AgreementCalculator ABSENCE_IS_MISSING = new AgreementCalculator(Unmarked.MISSING);

    @Test
    void krippendorff2011NominalAlphaIs0743WhenAnUncodedUnitIsAMissingValue() {
        DocumentLayers document = AgreementFixtures.codingDocument(1,
                AgreementFixtures.krippendorff2011Observers(), AgreementFixtures.krippendorff2011());

        AgreementResult result = ABSENCE_IS_MISSING.compute(List.of(document), Measure.KRIPPENDORFF_ALPHA_NOMINAL,
                null);

        assertThat(result.value()).isCloseTo(0.743, within(0.0005));
        assertThat(result.reason()).isNull();
        assertThat(result.annotators()).containsExactly("A", "B", "C", "D");
        // Unit 12 has a single value, which pairs with nothing; the other eleven are compared.
        assertThat(result.units()).isEqualTo(11);
        assertThat(result.perDocument()).singleElement().satisfies(d -> {
            assertThat(d.value()).isCloseTo(0.743, within(0.0005));
            assertThat(d.units()).isEqualTo(12);
        });
    }

    @Test
    void krippendorff2011UnderClaimscopesRuleAnUncodedUnitIsTheLabelNone() {
        String[][] table = AgreementFixtures.krippendorff2011();
        DocumentLayers document = AgreementFixtures.codingDocument(1,
                AgreementFixtures.krippendorff2011Observers(), table);

        AgreementResult result = CLAIMSCOPE.compute(List.of(document), Measure.KRIPPENDORFF_ALPHA_NOMINAL, null);

        // The same table with "(none)" written into every gap, given to DKPro directly.
        CodingAnnotationStudy study = new CodingAnnotationStudy(4);
        for (String[] unit : AgreementFixtures.copy(table)) {
            for (int r = 0; r < unit.length; r++) {
                unit[r] = unit[r] == null ? AgreementCalculator.NONE : unit[r];
            }
            study.addItemAsArray(unit);
        }
        double expected = new KrippendorffAlphaAgreement(study, new NominalDistanceFunction()).calculateAgreement();
        assertThat(result.value()).isCloseTo(expected, within(1e-12));
        assertThat(result.value()).isLessThan(0.743);
        assertThat(result.units()).isEqualTo(12);
        // The static entry point is Claimscope's rule.
        assertThat(AgreementCalculator.compute(Measure.KRIPPENDORFF_ALPHA_NOMINAL, null, List.of(document)).value())
                .isEqualTo(result.value());
    }

    @Test
    void fleiss1971KappaIs0430() {
        List<String> raters = List.of("r1", "r2", "r3", "r4", "r5", "r6");
        DocumentLayers document = AgreementFixtures.codingDocument(1, raters, AgreementFixtures.fleiss1971());

        AgreementResult result = CLAIMSCOPE.compute(List.of(document), Measure.FLEISS_KAPPA, null);

        assertThat(result.value()).isCloseTo(0.430, within(0.0005));
        assertThat(result.units()).isEqualTo(30);
        assertThat(result.documents()).isEqualTo(1);
        assertThat(result.notes()).isEmpty();
        assertThat(result.pairs()).hasSize(15);
        // Complete data: treating absence as missing changes nothing.
        assertThat(ABSENCE_IS_MISSING.compute(List.of(document), Measure.FLEISS_KAPPA, null).value())
                .isEqualTo(result.value());
    }

    @Test
    void cohen1960KappaIs0492() {
        DocumentLayers document = AgreementFixtures.codingDocument(1, List.of("judge A", "judge B"),
                AgreementFixtures.cohen1960());

        AgreementResult result = CLAIMSCOPE.compute(List.of(document), Measure.COHEN_KAPPA, null);

        assertThat(result.value()).isCloseTo(0.492, within(0.0005));
        assertThat(result.units()).isEqualTo(200);
        assertThat(result.pairs()).singleElement().satisfies(pair -> {
            assertThat(pair.a()).isEqualTo("judge A");
            assertThat(pair.b()).isEqualTo("judge B");
            assertThat(pair.value()).isCloseTo(0.492, within(0.0005));
            assertThat(pair.units()).isEqualTo(200);
            assertThat(pair.documents()).isEqualTo(1);
        });
        assertThat(result.perDocument()).singleElement()
                .satisfies(d -> assertThat(d.value()).isCloseTo(0.492, within(0.0005)));
        // Cohen's own table is the confusion matrix; the matrix is symmetric, so 1 against 2 adds 14 and 10.
        assertThat(result.confusion().count("1", "1")).isEqualTo(88);
        assertThat(result.confusion().count("1", "2")).isEqualTo(24);
        assertThat(result.confusion().count("2", "1")).isEqualTo(24);
        assertThat(result.confusion().count("3", "3")).isEqualTo(12);
        assertThat(result.confusion().total()).isEqualTo(200);
        assertThat(result.confusion().labels()).containsExactly("1", "2", "3", AgreementCalculator.NONE);
    }

    @Test
    void krippendorff2004UnitizingAlphaIs0859() {
        DocumentLayers document = AgreementFixtures.krippendorff2004Unitizing();

        AgreementResult all = CLAIMSCOPE.compute(List.of(document), Measure.KRIPPENDORFF_ALPHA_UNITIZING, null);
        AgreementResult c = CLAIMSCOPE.compute(List.of(document), Measure.KRIPPENDORFF_ALPHA_UNITIZING, "c");
        AgreementResult k = CLAIMSCOPE.compute(List.of(document), Measure.KRIPPENDORFF_ALPHA_UNITIZING, "k");

        assertThat(all.value()).isCloseTo(0.8591, within(0.0005));
        assertThat(c.value()).isCloseTo(0.7286, within(0.00005));
        assertThat(k.value()).isCloseTo(1.0, within(0.00005));
        assertThat(all.pairs()).singleElement()
                .satisfies(pair -> assertThat(pair.value()).isCloseTo(0.8591, within(0.0005)));
        // One document: the length-weighted mean over documents is that document's value.
        assertThat(all.perDocument()).singleElement()
                .satisfies(d -> assertThat(d.value()).isEqualTo(all.value()));
    }
}
