package org.claimscope.importing.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The text Claimscope keeps of each saved page in test-data/articles/ is what a person would keep: token F1 of at
 * least 0.9 against the page's expected text, articles recognised as articles, section fronts and search results
 * imported whole.
 */
class MainContentExtractorTest {
    static final double MIN_F1 = 0.9;

    static List<ArticlePages> pages() {
        return ArticlePages.all();
    }

    @Test
    void theSetHoldsArticlesAndNonArticlesInSeveralLanguages() {
        List<ArticlePages> pages = pages();
        assertThat(pages).hasSizeGreaterThanOrEqualTo(12);
        assertThat(pages).filteredOn(page -> !page.isArticle()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(pages).extracting(page -> page.string("textLanguage")).contains("en", "de", "fr", "es", "ar");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void keepsWhatAPersonWouldKeep(ArticlePages page) {
        MainContentExtractor.Extraction extraction = MainContentExtractor.extract(page.html(), page.baseUri());

        TokenF1 score = TokenF1.of(extraction.text(), page.expectedText());
        assertThat(score.f1()).as("token F1 of %s (precision %.3f, recall %.3f)%n%s", page.name(),
                score.precision(), score.recall(), extraction.text()).isGreaterThanOrEqualTo(MIN_F1);
        assertThat(extraction.isArticle()).as("is %s an article", page.name()).isEqualTo(page.isArticle());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void articlesStartWithTheHeadlineAndSeparateParagraphsByOneBlankLine(ArticlePages page) {
        String text = MainContentExtractor.extract(page.html(), page.baseUri()).text();

        assertThat(text).isNotBlank().doesNotContain("\n\n\n").doesNotContain("\r").doesNotContain("  ");
        assertThat(text).isEqualTo(text.strip());
        for (String paragraph : text.split("\n\n")) {
            assertThat(paragraph).as("one line per paragraph").doesNotContain("\n").isEqualTo(paragraph.strip());
        }
        if (page.isArticle()) {
            String expectedHeadline = page.expectedText().lines().findFirst().orElseThrow();
            assertThat(text.lines().findFirst().orElseThrow()).isEqualTo(expectedHeadline);
        }
    }

    @Test
    void dropsPageFurnitureThatLooksLikeText() {
        String html = """
                <html><head><meta property="og:type" content="article"></head><body>
                <div class="cookie-notice"><p>We use cookies to improve your experience on our website and to show you
                personalised advertising, which you can switch off at any time in the settings.</p></div>
                <article><h1>Court weighs legality of port strike ban</h1>
                <p>The state's ban on a planned strike at the port violates the constitutional right to strike, lawyers
                for the union told the court on Tuesday.</p>
                <p>Lawyers for the state argued that the emergency powers law allows the governor to suspend industrial
                action that threatens essential supplies.</p>
                <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share by e-mail</a></div>
                <p><a href="/other">Read more: Union leaders meet the governor for talks on Friday evening</a></p>
                </article>
                <section id="comments"><p>This is an outrage, the right to strike is protected by the constitution and
                the governor knows it perfectly well.</p></section>
                </body></html>""";

        MainContentExtractor.Extraction extraction = MainContentExtractor.extract(html, "https://news.example/a");

        assertThat(extraction.text()).isEqualTo("""
                Court weighs legality of port strike ban

                The state's ban on a planned strike at the port violates the constitutional right to strike, lawyers \
                for the union told the court on Tuesday.

                Lawyers for the state argued that the emergency powers law allows the governor to suspend industrial \
                action that threatens essential supplies.""");
        assertThat(extraction.isArticle()).isTrue();
    }

    @Test
    void aPageWithoutTextGivesAnEmptyTextAndIsNoArticle() {
        for (String html : new String[] {"", "<html><head><title>x</title></head><body></body></html>",
                "<html><body><script>var a = 1;</script><img src=a.png></body></html>"}) {
            MainContentExtractor.Extraction extraction = MainContentExtractor.extract(html, null);
            assertThat(extraction.text()).isEmpty();
            assertThat(extraction.isArticle()).isFalse();
            assertThat(extraction.metadata()).isNotNull();
        }
    }

    @Test
    void aShortPageWithoutStructuredDataIsImportedWhole() {
        String html = "<html><body><nav><a href=/>Home</a></nav><p>Opening hours: Monday to Friday.</p></body></html>";

        MainContentExtractor.Extraction extraction = MainContentExtractor.extract(html, "");

        assertThat(extraction.isArticle()).isFalse();
        assertThat(extraction.text()).isEqualTo("Home\n\nOpening hours: Monday to Friday.");
    }

    @Test
    void keepsRepeatedParagraphs() {
        String paragraph = "<p>The union and the port operator will meet again on Monday to discuss the strike.</p>";
        String html = "<html><head><meta property='og:type' content='article'></head><body><article>"
                + "<h1>Talks go on</h1>" + paragraph + "<p>* * *</p>" + paragraph + "</article></body></html>";

        assertThat(MainContentExtractor.extract(html, "").text().split("\n\n")).containsExactly("Talks go on",
                "The union and the port operator will meet again on Monday to discuss the strike.", "* * *",
                "The union and the port operator will meet again on Monday to discuss the strike.");
    }

    @Test
    void aPageNestedDeeperThanBrowsersAllowIsImportedWholeAndQuickly() {
        int depth = 20_000;
        String html = "<html><head><title>Deep</title></head><body>"
                + "<div><p>A line of text that repeats on every level of this page.</p>".repeat(depth)
                + "</div>".repeat(depth) + "</body></html>";

        long start = System.nanoTime();
        MainContentExtractor.Extraction extraction = MainContentExtractor.extract(html, "");

        assertThat(extraction.isArticle()).isFalse();
        assertThat(extraction.text().split("\n\n")).hasSize(depth);
        assertThat(extraction.title()).isEqualTo("Deep");
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(10_000);
    }
}
