package org.claimscope.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Offsets are code points. Unit formation and agreement only see integers, so what matters is that
 * spans taken from a text with emoji and combining accents line up when every annotator's offsets
 * count code points, as Claimscope stores them.
 */
class AgreementUnicodeTest {
    // 🇺🇳 is two code points in four UTF-16 units, 👍🏽 likewise; "Mu\u0308ller" spells ü with a combining diaeresis.
    private static final String TEXT = "UN 🇺🇳: »The strike was unlawful« 👍🏽 said Prof. Mu\u0308ller, "
            + "and the ministry called it »self-defence«.";

    /** [start, end) of the first occurrence of {@code phrase}, in code points. */
    private static int[] codePoints(String phrase) {
        int from = TEXT.indexOf(phrase);
        int start = TEXT.codePointCount(0, from);
        return new int[] {start, start + phrase.codePointCount(0, phrase.length())};
    }

    private static String quote(int start, int end) {
        int from = TEXT.offsetByCodePoints(0, start);
        return TEXT.substring(from, TEXT.offsetByCodePoints(from, end - start));
    }

    private static Span span(long id, String annotator, String phrase, String category) {
        int[] at = codePoints(phrase);
        return Span.of(id, annotator, at[0], at[1], category);
    }

    @Test
    void spansTakenInCodePointsLineUpAcrossEmojiAndCombiningMarks() {
        String claim = "The strike was unlawful";
        String speaker = "Prof. Mu\u0308ller";
        String justification = "self-defence";
        assertThat(TEXT.indexOf(claim)).as("UTF-16 index").isNotEqualTo(codePoints(claim)[0]);

        List<Span> spans = List.of(
                span(1, "ann", claim, "LEGAL_ASSERTION"), span(2, "ben", claim, "LEGAL_ASSERTION"),
                span(3, "ann", speaker, "EXPERT_OPINION"), span(4, "ben", speaker, "EXPERT_OPINION"),
                span(5, "ann", justification, "OFFICIAL_JUSTIFICATION"),
                span(6, "ben", justification, "LEGAL_ASSERTION"));
        List<Unit> units = UnitFormation.form(List.of("ann", "ben"), spans);

        assertThat(units).extracting(u -> quote(u.start(), u.end())).containsExactly(claim, speaker, justification);
        assertThat(units).extracting(Unit::status)
                .containsExactly(UnitStatus.AGREE, UnitStatus.AGREE, UnitStatus.DISAGREE);
        // The combining diaeresis is a code point of its own: the speaker's name is 13 long, not 12.
        assertThat(units.get(1).end() - units.get(1).start()).isEqualTo(13);

        int length = TEXT.codePointCount(0, TEXT.length());
        DocumentLayers document = new DocumentLayers(1, "UN statement", length, List.of("ann", "ben"), spans);
        AgreementResult alpha = AgreementCalculator.compute(Measure.KRIPPENDORFF_ALPHA_UNITIZING, "EXPERT_OPINION",
                List.of(document));
        assertThat(alpha.value()).isCloseTo(1.0, within(1e-12));
        assertThat(AgreementCalculator.compute(Measure.COHEN_KAPPA, null, List.of(document)).units()).isEqualTo(3);
    }

    @Test
    void anAnnotatorWhoseOffsetsCountedUtf16UnitsWouldNotLineUp() {
        String claim = "The strike was unlawful";
        int[] at = codePoints(claim);
        int utf16 = TEXT.indexOf(claim);
        List<Span> spans = List.of(Span.of(1, "ann", at[0], at[1], "LEGAL_ASSERTION"),
                Span.of(2, "ben", utf16, utf16 + claim.length(), "LEGAL_ASSERTION"));

        Unit unit = UnitFormation.form(List.of("ann", "ben"), spans).get(0);

        assertThat(unit.status()).isEqualTo(UnitStatus.DISAGREE);
        assertThat(unit.agreesOn(Facet.SPAN)).isFalse();
        assertThat(utf16 - at[0]).isEqualTo(2); // the flag's two surrogate pairs
    }
}
