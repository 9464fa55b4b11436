package org.claimscope.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the annotators' annotations of one document become units for the curator and for agreement. */
class UnitFormationTest {
    private static final List<String> ABC = List.of("ann", "ben", "cem");

    private static Span span(long id, String annotator, int start, int end) {
        return Span.of(id, annotator, start, end, "LEGAL_ASSERTION");
    }

    @Test
    void identicalAnnotationsOfEveryAnnotatorFormOneAgreeingUnit() {
        List<Unit> units = UnitFormation.form(ABC, List.of(span(1, "ann", 10, 20), span(2, "ben", 10, 20),
                span(3, "cem", 10, 20)));

        assertThat(units).singleElement().satisfies(u -> {
            assertThat(u.start()).isEqualTo(10);
            assertThat(u.end()).isEqualTo(20);
            assertThat(u.status()).isEqualTo(UnitStatus.AGREE);
            assertThat(u.agreeing()).containsExactlyInAnyOrder(Facet.values());
            assertThat(u.versions().keySet()).containsExactly("ann", "ben", "cem");
        });
    }

    @Test
    void overlappingAnnotationsFormOneUnitCoveringTheirUnion() {
        List<Unit> units = UnitFormation.form(ABC, List.of(span(1, "ann", 10, 20), span(2, "ben", 12, 25),
                span(3, "cem", 8, 18)));

        assertThat(units).singleElement().satisfies(u -> {
            assertThat(u.start()).isEqualTo(8);
            assertThat(u.end()).isEqualTo(25);
            assertThat(u.status()).isEqualTo(UnitStatus.DISAGREE);
            assertThat(u.agreesOn(Facet.SPAN)).isFalse();
            assertThat(u.agreesOn(Facet.CATEGORY)).isTrue();
        });
    }

    @Test
    void annotationsLinkedOnlyThroughAThirdFormOneUnit() {
        // ann and cem do not overlap; ben overlaps both.
        List<Unit> units = UnitFormation.form(ABC, List.of(span(1, "ann", 0, 10), span(2, "ben", 8, 14),
                span(3, "cem", 12, 20)));

        assertThat(units).singleElement().satisfies(u -> {
            assertThat(u.start()).isZero();
            assertThat(u.end()).isEqualTo(20);
            assertThat(u.versions()).hasSize(3);
        });
    }

    @Test
    void touchingAnnotationsDoNotOverlap() {
        List<Unit> units = UnitFormation.form(ABC, List.of(span(1, "ann", 0, 10), span(2, "ben", 10, 20)));

        assertThat(units).hasSize(2).allSatisfy(u -> assertThat(u.status()).isEqualTo(UnitStatus.PARTIAL));
        assertThat(units.get(0).versions().keySet()).containsExactly("ann");
        assertThat(units.get(1).versions().keySet()).containsExactly("ben");
    }

    @Test
    void nestedAnnotationsFormOneUnit() {
        List<Unit> units = UnitFormation.form(List.of("ann", "ben"), List.of(span(1, "ann", 0, 100),
                span(2, "ben", 40, 60)));

        assertThat(units).singleElement().satisfies(u -> {
            assertThat(u.start()).isZero();
            assertThat(u.end()).isEqualTo(100);
            assertThat(u.status()).isEqualTo(UnitStatus.DISAGREE);
        });
    }

    @Test
    void anAnnotatorsTwoAnnotationsInOneGroupPairExactSpanFirst() {
        // ann's long annotation overlaps ben's more than ann's short one does, but the short one is exact.
        Span annLong = span(1, "ann", 0, 30);
        Span annExact = span(2, "ann", 20, 28);
        Span ben = span(3, "ben", 20, 28);

        List<Unit> units = UnitFormation.form(List.of("ann", "ben"), List.of(annLong, annExact, ben));

        assertThat(units).hasSize(2);
        assertThat(units.get(0).versions()).containsExactly(Map.entry("ann", annLong));
        assertThat(units.get(0).status()).isEqualTo(UnitStatus.PARTIAL);
        assertThat(units.get(1).versions()).containsExactly(Map.entry("ann", annExact), Map.entry("ben", ben));
        assertThat(units.get(1).status()).isEqualTo(UnitStatus.AGREE);
    }

    @Test
    void anAnnotatorsTwoAnnotationsInOneGroupPairByLargestOverlapThen() {
        Span annLeft = span(1, "ann", 0, 10);
        Span annRight = span(2, "ann", 12, 20);
        Span ben = span(3, "ben", 5, 15); // 5 code points with annLeft, 3 with annRight

        List<Unit> units = UnitFormation.form(List.of("ann", "ben"), List.of(annLeft, annRight, ben));

        assertThat(units).hasSize(2);
        assertThat(units.get(0).versions()).containsExactly(Map.entry("ann", annLeft), Map.entry("ben", ben));
        assertThat(units.get(0).start()).isZero();
        assertThat(units.get(0).end()).isEqualTo(15);
        assertThat(units.get(1).versions()).containsExactly(Map.entry("ann", annRight));
        assertThat(units.get(1).status()).isEqualTo(UnitStatus.PARTIAL);
    }

    @Test
    void twoOverlappingAnnotationsOfOneAnnotatorAloneStayApart() {
        List<Unit> units = UnitFormation.form(List.of("ann", "ben"), List.of(span(1, "ann", 0, 10),
                span(2, "ann", 5, 15)));

        assertThat(units).hasSize(2).allSatisfy(u -> {
            assertThat(u.versions()).hasSize(1);
            assertThat(u.status()).isEqualTo(UnitStatus.PARTIAL);
        });
    }

    @Test
    void aDuplicatedAnnotationBecomesAUnitOfItsOwn() {
        List<Unit> units = UnitFormation.form(List.of("ann", "ben"), List.of(span(1, "ann", 0, 10),
                span(2, "ann", 0, 10), span(3, "ben", 0, 10)));

        assertThat(units).hasSize(2);
        assertThat(units).filteredOn(u -> u.status() == UnitStatus.AGREE).singleElement()
                .satisfies(u -> assertThat(u.version("ann").id()).isEqualTo(1));
        assertThat(units).filteredOn(u -> u.status() == UnitStatus.PARTIAL).singleElement()
                .satisfies(u -> assertThat(u.version("ann").id()).isEqualTo(2));
    }

    @Test
    void statusComparesCategorySubtypesAsASetAndAttributesWithoutBlanks() {
        Span ann = new Span(1, "ann", 0, 10, "EXPERT_OPINION", List.of("jus_ad_bellum", "self_defence"),
                Map.of("speaker", "Dr. Weller", "hedged", "  "));
        Span ben = new Span(2, "ben", 0, 10, "EXPERT_OPINION", List.of("self_defence", "jus_ad_bellum"),
                Map.of("speaker", "Dr. Weller"));
        assertThat(UnitFormation.form(List.of("ann", "ben"), List.of(ann, ben)))
                .singleElement().satisfies(u -> assertThat(u.status()).isEqualTo(UnitStatus.AGREE));

        Span cem = new Span(3, "cem", 0, 10, "LEGAL_ASSERTION", List.of("self_defence"),
                Map.of("speaker", "Dr. Weller", "hedged", "true"));
        assertThat(UnitFormation.form(ABC, List.of(ann, ben, cem))).singleElement().satisfies(u -> {
            assertThat(u.status()).isEqualTo(UnitStatus.DISAGREE);
            assertThat(u.agreeing()).containsExactly(Facet.SPAN);
            assertThat(u.categories()).containsExactly("EXPERT_OPINION", "LEGAL_ASSERTION");
        });
    }

    @Test
    void aUnitSomeAnnotatorsDidNotMarkIsPartialEvenWhenThePresentVersionsAgree() {
        List<Unit> units = UnitFormation.form(ABC, List.of(span(1, "ann", 0, 10), span(2, "cem", 0, 10)));

        assertThat(units).singleElement().satisfies(u -> {
            assertThat(u.status()).isEqualTo(UnitStatus.PARTIAL);
            assertThat(u.agreeing()).containsExactlyInAnyOrder(Facet.values());
            assertThat(u.markedBy("ben")).isFalse();
            assertThat(u.version("ben")).isNull();
        });
    }

    @Test
    void anAnnotatorWithoutAnnotationsMakesEveryUnitPartial() {
        List<Unit> units = UnitFormation.form(ABC, List.of(span(1, "ann", 0, 10), span(2, "ben", 0, 10),
                span(3, "ann", 20, 30), span(4, "ben", 20, 30)));

        assertThat(units).hasSize(2).allSatisfy(u -> assertThat(u.status()).isEqualTo(UnitStatus.PARTIAL));
    }

    @Test
    void oneAnnotatorsUnitsAgreeWithThemselves() {
        assertThat(UnitFormation.form(List.of("ann"), List.of(span(1, "ann", 0, 10))))
                .singleElement().satisfies(u -> assertThat(u.status()).isEqualTo(UnitStatus.AGREE));
    }

    @Test
    void annotationsOfAnnotatorsNotListedAreIgnored() {
        List<Unit> units = UnitFormation.form(List.of("ann", "ben"), List.of(span(1, "ann", 0, 10),
                span(2, "ben", 0, 10), span(3, "dora", 0, 10), span(4, "dora", 40, 50)));

        assertThat(units).singleElement().satisfies(u -> {
            assertThat(u.versions().keySet()).containsExactly("ann", "ben");
            assertThat(u.status()).isEqualTo(UnitStatus.AGREE);
        });
    }

    @Test
    void versionsFollowTheAnnotatorListAndUnitsFollowStartThenEnd() {
        List<Unit> units = UnitFormation.form(List.of("cem", "ann"), List.of(span(1, "ann", 50, 60),
                span(2, "cem", 50, 60), span(3, "ann", 5, 30), span(4, "cem", 5, 9), span(5, "ann", 40, 45)));

        assertThat(units).extracting(Unit::start, Unit::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(5, 30), org.assertj.core.groups.Tuple.tuple(40, 45),
                        org.assertj.core.groups.Tuple.tuple(50, 60));
        assertThat(units.get(2).versions().keySet()).containsExactly("cem", "ann");
    }

    @Test
    void noAnnotationsNoUnits() {
        assertThat(UnitFormation.form(ABC, List.of())).isEmpty();
        assertThat(UnitFormation.form(List.of(), List.of(span(1, "ann", 0, 1)))).isEmpty();
    }

    @Test
    void unitsAreImmutable() {
        Unit unit = UnitFormation.form(ABC, List.of(span(1, "ann", 0, 10))).get(0);
        assertThatThrownBy(() -> unit.versions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> unit.agreeing().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void spansMustBeNonEmptyAndStartAtZeroOrLater() {
        assertThatThrownBy(() -> span(1, "ann", 5, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after start");
        assertThatThrownBy(() -> span(1, "ann", 5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> span(1, "ann", -1, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThat(span(1, "ann", 3, 9).overlap(span(2, "ben", 9, 12))).isZero();
        assertThat(span(1, "ann", 3, 9).overlaps(span(2, "ben", 9, 12))).isFalse();
        assertThat(span(1, "ann", 3, 9).overlap(span(2, "ben", 5, 12))).isEqualTo(4);
    }

    /**
     * Random documents, including one annotator's overlapping and duplicated annotations: every
     * annotation lands in exactly one unit, no unit holds two of one annotator, the versions of a
     * unit are connected by overlaps, and units come ordered.
     */
    @Test
    void everyAnnotationLandsInExactlyOneUnitWithAtMostOnePerAnnotator() {
        Random random = new Random(20240601);
        for (int round = 0; round < 200; round++) {
            List<Span> spans = new ArrayList<>();
            int count = 1 + random.nextInt(60);
            for (int i = 0; i < count; i++) {
                int start = random.nextInt(400);
                spans.add(span(i, ABC.get(random.nextInt(3)), start, start + 1 + random.nextInt(40)));
            }

            List<Unit> units = UnitFormation.form(ABC, spans);

            Set<Long> seen = new HashSet<>();
            for (Unit unit : units) {
                assertThat(unit.versions()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
                for (Span version : unit.versions().values()) {
                    assertThat(seen.add(version.id())).as("annotation %d in two units", version.id()).isTrue();
                    assertThat(version.start()).isGreaterThanOrEqualTo(unit.start());
                    assertThat(version.end()).isLessThanOrEqualTo(unit.end());
                }
                assertThat(connected(new ArrayList<>(unit.versions().values()))).isTrue();
                assertThat(unit.status() == UnitStatus.PARTIAL).isEqualTo(unit.versions().size() < 3);
            }
            assertThat(seen).hasSize(spans.size());
            for (int i = 1; i < units.size(); i++) {
                Unit previous = units.get(i - 1);
                Unit next = units.get(i);
                assertThat(previous.start() < next.start()
                        || previous.start() == next.start() && previous.end() <= next.end()).isTrue();
            }
        }
    }

    private static boolean connected(List<Span> versions) {
        Set<Span> reached = new HashSet<>(List.of(versions.get(0)));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Span candidate : versions) {
                if (!reached.contains(candidate) && reached.stream().anyMatch(candidate::overlaps)) {
                    reached.add(candidate);
                    grew = true;
                }
            }
        }
        return reached.size() == versions.size();
    }
}
