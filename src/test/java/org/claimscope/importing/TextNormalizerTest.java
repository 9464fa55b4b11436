package org.claimscope.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextNormalizerTest {

    private static String n(String raw) {
        return TextNormalizer.normalize(raw);
    }

    @Test
    void windowsAndOldMacLineEndingsBecomeLineFeeds() {
        assertThat(n("one\r\ntwo\rthree\nfour")).isEqualTo("one\ntwo\nthree\nfour");
        assertThat(n("a\r\r\nb")).isEqualTo("a\n\nb");
    }

    @Test
    void formFeedVerticalTabAndNextLineBreakTheLine() {
        assertThat(n("end of page one.\fStart of page two.")).isEqualTo("end of page one.\nStart of page two.");
        assertThat(n("a\u000Bb\u0085c")).isEqualTo("a\nb\nc");
    }

    @Test
    void byteOrderMarkIsRemoved() {
        assertThat(n("\uFEFFThe CIA struck")).isEqualTo("The CIA struck");
        assertThat(n("first file\n\uFEFFsecond file")).isEqualTo("first file\nsecond file");
    }

    @Test
    void decomposedAccentsAreComposed() {
        String decomposed = "Nicola\u0301s Maduro, cafe\u0301, A\u030Angstro\u0308m";
        String result = n(decomposed);
        assertThat(result).isEqualTo("Nicolás Maduro, café, Ångström");
        assertThat(result).contains("\u00E9").doesNotContain("\u0301");
        assertThat(result.codePointCount(0, result.length())).isEqualTo(decomposed.codePointCount(0,
                decomposed.length()) - 4);
    }

    @Test
    void controlCharactersAreRemovedButTabsAndLineFeedsStay() {
        assertThat(n("a\u0000b\u0007c\u001Bd\u007Fe\u0080f\u009Fg")).isEqualTo("abcdefg");
        assertThat(n("name\tvalue\nnext")).isEqualTo("name\tvalue\nnext");
    }

    @Test
    void removingAControlCharacterLetsTheAccentCompose() {
        assertThat(n("e\u0000\u0301")).isEqualTo("\u00E9");
    }

    @Test
    void replacementCharacterStaysAndLoneSurrogatesBecomeOne() {
        assertThat(n("bad \uFFFD byte")).isEqualTo("bad \uFFFD byte");
        assertThat(n("x\uD800y\uDC00z")).isEqualTo("x\uFFFDy\uFFFDz");
    }

    @Test
    void emojiAreUntouched() {
        String emoji = "Family 👨‍👩‍👧 flag 🇻🇪 thumbs 👍🏽 heart ❤️ keycap 1️⃣ and 🫠";
        assertThat(n(emoji)).isEqualTo(emoji);
    }

    @Test
    void rightToLeftTextAndDirectionMarksAreUntouched() {
        String arabic = "قال المتحدث باسم الوزارة إن الضربة كانت \u200Fقانونية\u200F تمامًا.";
        String hebrew = "היועץ המשפטי אמר: \u201Cהפעולה חוקית\u201D.";
        String mixed = "The court (בית המשפט) ruled \u202Bמוחלט\u202C on 12 May.";
        assertThat(n(arabic)).isEqualTo(arabic);
        assertThat(n(hebrew)).isEqualTo(hebrew);
        assertThat(n(mixed)).isEqualTo(mixed);
        assertThat(n(arabic + "\n" + hebrew)).isEqualTo(arabic + "\n" + hebrew);
    }

    @Test
    void curlyQuotesDashesAndNoBreakSpacesInsideALineStay() {
        String line = "“We just knocked out — I don’t know,” he said\u00A0— 10\u00A0km\u202Faway…";
        assertThat(n(line)).isEqualTo(line);
    }

    @Test
    void trailingWhiteSpaceIsTrimmedLeadingIndentationStays() {
        assertThat(n("first line  \t\n  indented line\u00A0\u3000\nlast ")).isEqualTo(
                "first line\n  indented line\nlast");
    }

    @Test
    void runsOfBlankLinesCollapseToOne() {
        assertThat(n("para one\n\n\n\npara two")).isEqualTo("para one\n\npara two");
        assertThat(n("para one\n   \n\t\n\u00A0\npara two")).isEqualTo("para one\n\npara two");
        assertThat(n("para one\npara two")).isEqualTo("para one\npara two");
    }

    @Test
    void blankLinesAtStartAndEndAreRemoved() {
        assertThat(n("\n\n  \r\nThe text.\n\n\n")).isEqualTo("The text.");
        assertThat(n("  indented first line\n")).isEqualTo("  indented first line");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\n", " \t\r\n\u00A0\n\uFEFF", "\u0000\u0001"})
    void whiteSpaceOnlyBecomesEmpty(String raw) {
        assertThat(n(raw)).isEmpty();
    }

    @Test
    void nullIsEmpty() {
        assertThat(n(null)).isEmpty();
    }

    @Test
    void isIdempotentOnTrickyInputs() {
        List<String> inputs = List.of(
                "e\u0000\u0301",
                "\n\uFEFF\nx",
                "\uFEFF\uFEFF\nabc",
                "a \r\n\r\n\r\nb \u00A0",
                "x\u0301\n\n\n\u0301y",
                "\u2000end\u2000",
                "Cafe\u0301\r\n\r\n\r\n  Nicola\u0301s \u0085 next",
                "\uD800\u0301",
                "a\u000C\u000C\u000Cb");
        for (String input : inputs) {
            String once = n(input);
            assertThat(n(once)).as("normalize twice: %s", input).isEqualTo(once);
        }
    }

    @Test
    void isIdempotentOnRandomMixturesOfAwkwardCharacters() {
        String[] pieces = {"a", "e", "\u0301", "\u0308", " ", "\t", "\n", "\r", "\r\n", "\u00A0", "\u2000", "\uFEFF",
            "\u0000", "\u0085", "\u000C", "\u009F", "\uFFFD", "\uD83D", "\uDE00", "😀", "👍🏽", "ש", "ب", "\u200F",
            "\u3000", "가", "\u1100", "\u1161", "\u11A8", "—", "“", "’"};
        Random random = new Random(20251230L);
        for (int round = 0; round < 5000; round++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String once = n(sb.toString());
            assertThat(n(once)).as("normalize twice: %s", sb.toString().codePoints()
                    .mapToObj(cp -> String.format("U+%04X", cp)).toList()).isEqualTo(once);
            assertThat(once).doesNotContain("\r").doesNotStartWith("\n").doesNotEndWith("\n")
                    .doesNotContain("\n\n\n").doesNotContain("\uFEFF");
        }
    }

    @Test
    void realArticleTextPassesUnchangedExceptForItsTrailingBlankLines() {
        String article = "The CIA struck a remote dock in Venezuela last week.\n"
                + "“We just knocked out — I don’t know if you read or you saw — they have a big plant,” "
                + "the president told John Catsimatidis.\n"
                + "Trump has been attempting to ramp up pressure on Venezuelan strongman Nicolás Maduro.\n\n\n";
        assertThat(n(article)).isEqualTo(article.stripTrailing());
    }
}
