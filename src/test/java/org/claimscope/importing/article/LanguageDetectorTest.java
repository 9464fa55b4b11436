package org.claimscope.importing.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Language detection on the saved pages and on the one-sentence news snippets of
 * test-data/languages/snippets.tsv (six each in en, de, fr, es, ar, ru, ja, zh).
 */
class LanguageDetectorTest {
    record Snippet(String language, String text) {
        @Override
        public String toString() {
            return language + ": " + text;
        }
    }

    static List<Snippet> snippets() throws IOException {
        return Files.readAllLines(Path.of("test-data", "languages", "snippets.tsv"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t", 2))
                .map(parts -> new Snippet(parts[0], parts[1]))
                .toList();
    }

    static List<ArticlePages> pages() {
        return ArticlePages.all();
    }

    @Test
    void theSnippetsCoverTheLanguagesClaimscopeIsUsedWith() throws IOException {
        assertThat(snippets()).extracting(Snippet::language).containsOnly("en", "de", "fr", "es", "ar", "ru", "ja", "zh")
                .hasSize(48);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    void detectsTheLanguageOfOneSentence(Snippet snippet) {
        assertThat(LanguageDetector.detect(snippet.text())).contains(snippet.language());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void detectsTheLanguageOfEachPagesText(ArticlePages page) {
        String text = MainContentExtractor.extract(page.html(), page.baseUri()).text();

        assertThat(LanguageDetector.detect(text)).contains(page.string("textLanguage"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "12:45", "OK", "2025-11-14 09:42", "Marvania Solterra",
            "समाचार पत्र ने हड़ताल की वैधता पर विशेषज्ञों से बात की।"})
    void saysNothingWhenTheLanguageIsNotClear(String text) {
        assertThat(LanguageDetector.detect(text)).isEmpty();
    }

    @Test
    void nullIsNoText() {
        assertThat(LanguageDetector.detect(null)).isEmpty();
    }

    @Test
    void toldByScript() {
        assertThat(LanguageDetector.detect("노동조합은 항구에서 파업을 벌였다.")).contains("ko");
        assertThat(LanguageDetector.detect("東京で会議が開かれた。")).contains("ja");
        assertThat(LanguageDetector.detect("会议在北京举行。")).contains("zh");
    }

    @Test
    void languagesOutsideTheSnippetsToo() {
        assertThat(LanguageDetector.detect("Gli esperti sono divisi sulla legittima difesa invocata dal governo."))
                .contains("it");
        assertThat(LanguageDetector.detect("De vakbond kondigde een staking in de haven aan.")).contains("nl");
        assertThat(LanguageDetector.detect("Профспілка оголосила страйк у порту.")).contains("uk");
    }

    @Test
    void longTextsAreReadOnlyInPart() {
        String paragraph = "The Security Council will meet next week to discuss the raids on the coast. ";
        String text = paragraph.repeat(2_000);

        long start = System.nanoTime();
        assertThat(LanguageDetector.detect(text)).contains("en");
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(2_000);
    }
}
