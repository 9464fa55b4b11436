package org.claimscope.importing.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fast forms of the article package's text measures answer exactly as their plain definitions do, on random
 * text mixing ASCII, curly quotes, dashes, no-break spaces, accented and decomposed letters, ligatures, letters whose
 * case changes their length, numbers that are not digits, CJK, Hangul, emoji and lone surrogates.
 */
class TextMeasuresEquivalenceTest {
    private static final String[] PIECES = {"a", "B", "z", "Q", "0", "7", " ", "  ", "\t", "\n", ".", ",", "'", "-",
            "(", ")", "(c)", "(C)", "©", "al", "AL", "to", "TO", "All Rights Reserved", "all rights reserved",
            "alle Rechte vorbehalten", "tous droits réservés", "TOUS DROITS RÉSERVÉS", "todos los derechos reservados",
            "copyright", "Copyright", "COPYRIGHTED", "by", "By ", "Von ", "\u00A0", "\u202F", "\u2009", "\u2018",
            "\u2019", "\u201C", "\u201D", "\u2013", "\u2014", "\u2026", "\u00AB", "\u00BB", "é", "e\u0301", "\u0301",
            "ﬁ", "İ", "Σ", "ß", "²", "Ⅻ", "½", "٣", "\u00AD", "\u200B", "\u0085", "\u2028", "日本", "語", "ひらがな",
            "カタカナ", "한국어", "⺀", "\u3005", "😀", "\uD83D", "\uDE00", "ｆｕｌｌ", "㍻", "\uFDFA", "Ǆ", "ǅ", "x\u0308",
            "Headline of the day", "headline of THE day!", "Headline’s day", "Headline's day", "http://example.org/a?b=c",
            "https://x.y", "HTTP://EXAMPLE.ORG", "www.example.org", "jane@example.org", "a@b", "@", "://", "Москва",
            "Ελλάδα", "القاهرة", "עברית", "ǅ", "ʰ", "\u02FF", "\u0370", "\u2065", "\u2070", "ą", "ő", "ŀ", "ɏ", "ɐ"};

    private static String randomText(Random random, int maxPieces) {
        StringBuilder text = new StringBuilder();
        int n = random.nextInt(maxPieces + 1);
        for (int i = 0; i < n; i++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    private static List<String> samples() {
        Random random = new Random(20251122L);
        List<String> samples = new ArrayList<>(List.of("", " ", "Headline of the day", "headline of the day",
                "Headline of the day.", "© 2025 Harbour Daily. All rights reserved.", "By Jane Doe",
                "Tous droits réservés", "ALL RIGHTS RESERVED 2025"));
        for (int i = 0; i < 20_000; i++) {
            samples.add(randomText(random, i % 3 == 0 ? 40 : 8));
        }
        return samples;
    }

    @Test
    void languageDetectionSkipsOnlyFiltersThatWouldChangeNothing() {
        for (String s : samples()) {
            if (!LanguageDetector.mayHoldLinks(s)) {
                assertThat(LanguageDetector.LARGE_TEXT_FILTERS.get(0).filter(s)).as(s).isEqualTo(s);
            }
            if (LanguageDetector.isLatinOnly(s)) {
                assertThat(LanguageDetector.LARGE_TEXT_FILTERS.get(1).filter(s)).as(s).isEqualTo(s);
            }
        }
        // every character for which the script filter is skipped is Latin, common, inherited or unassigned
        for (char c = 0; c < 0x3000; c++) {
            if (LanguageDetector.isLatinOnly(String.valueOf(c))) {
                assertThat(Character.UnicodeScript.of(c)).as("U+%04X", (int) c).isIn(Character.UnicodeScript.LATIN,
                        Character.UnicodeScript.COMMON, Character.UnicodeScript.INHERITED,
                        Character.UnicodeScript.UNKNOWN);
            }
        }
    }

    /** The definition {@link HtmlMetadataReader#words} had as one regular expression. */
    private static String wordsByRegex(String s) {
        String folded = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replace('’', '\'').replace('‘', '\'');
        return folded.replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    @Test
    void wordsAreTheRegularExpressionsWords() {
        List<String> samples = samples();
        for (String s : samples) {
            assertThat(HtmlMetadataReader.words(s)).as(s).isEqualTo(wordsByRegex(s));
        }
        Random random = new Random(7);
        for (int i = 0; i < samples.size(); i++) {
            String text = samples.get(i);
            String other = random.nextBoolean() ? samples.get(random.nextInt(samples.size()))
                    : text.toUpperCase(Locale.ROOT) + (random.nextBoolean() ? "." : "");
            String words = wordsByRegex(other);
            assertThat(HtmlMetadataReader.hasWords(text, words)).as("%s / %s", text, other)
                    .isEqualTo(wordsByRegex(text).equals(words));
            assertThat(HtmlMetadataReader.hasWords(text, wordsByRegex(text))).as(text).isTrue();
        }
    }

    @Test
    void copyrightLinesAreThePatternsMatches() {
        Pattern copyright = Pattern.compile(
                "^(©|\\(c\\)|copyright\\b).*|.*\\b(all rights reserved|alle rechte vorbehalten|tous droits réservés"
                        + "|todos los derechos reservados)\\b.*",
                Pattern.CASE_INSENSITIVE);
        for (String s : samples()) {
            assertThat(Boilerplate.isCopyright(s)).as(s).isEqualTo(copyright.matcher(s.strip()).matches());
        }
    }

    @Test
    void wordCountsAreTheDefinitions() {
        for (String s : samples()) {
            for (int max = 0; max < 10; max++) {
                assertThat(HtmlBlocks.hasAtMostWords(s, max)).as(s).isEqualTo(HtmlBlocks.wordCount(s) <= max);
            }
            assertThat(HtmlBlocks.letterWordCount(s)).as(s).isEqualTo(letterWordCountByScript(s));
        }
    }

    /** {@link HtmlBlocks#letterWordCount} as it read before, asking every code point for its script. */
    private static int letterWordCountByScript(String text) {
        int words = 0;
        int cjk = 0;
        boolean inWord = false;
        boolean hasLetter = false;
        for (int i = 0; i <= text.length(); ) {
            int cp = i < text.length() ? text.codePointAt(i) : ' ';
            i += i < text.length() ? Character.charCount(cp) : 1;
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                    || script == Character.UnicodeScript.KATAKANA) {
                cjk++;
                continue;
            }
            boolean part = Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
            if (part) {
                inWord = true;
                hasLetter |= Character.isLetter(cp);
            } else {
                if (inWord && hasLetter) {
                    words++;
                }
                inWord = false;
                hasLetter = false;
            }
        }
        return words + cjk / 2;
    }
}
