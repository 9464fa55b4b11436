package org.claimscope.importing.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.claimscope.importing.ExtractOptions;
import org.claimscope.importing.ExtractedText;
import org.claimscope.importing.ExtractedText.ContentScope;
import org.claimscope.importing.TikaExtractor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The saved pages of test-data/articles/ uploaded as files: the import keeps the text a person expects (the same
 * token F1 bar as {@link MainContentExtractorTest}, and exactly the text {@link MainContentExtractor} gives), the
 * metadata of the page's .expected.json, the language the page declares or, when it declares none, the language of
 * its text, and says whether it kept the article or the whole page.
 */
class TikaExtractorArticlePagesTest {
    private static TikaExtractor extractor;

    @BeforeAll
    static void setUp() {
        extractor = new TikaExtractor(20L * 1024 * 1024);
    }

    @AfterAll
    static void tearDown() {
        extractor.close();
    }

    static List<ArticlePages> pages() {
        return ArticlePages.all();
    }

    private static ExtractedText upload(ArticlePages page, ExtractOptions options) throws Exception {
        return extractor.extract(page.name() + ".html",
                new ByteArrayInputStream(page.html().getBytes(StandardCharsets.UTF_8)), options);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void importsTheTextAndMetadataAPersonExpects(ArticlePages page) throws Exception {
        ExtractedText imported = upload(page, ExtractOptions.DEFAULT);

        TokenF1 score = TokenF1.of(imported.text(), page.expectedText());
        assertThat(score.f1()).as("token F1 of %s (precision %.3f, recall %.3f)%n%s", page.name(),
                score.precision(), score.recall(), imported.text())
                .isGreaterThanOrEqualTo(MainContentExtractorTest.MIN_F1);
        assertThat(imported.text()).as("what the article extractor gives, unchanged by the import")
                .isEqualTo(MainContentExtractor.extract(page.html(), "").text());
        assertThat(imported.contentScope()).isEqualTo(page.isArticle() ? ContentScope.ARTICLE
                : ContentScope.WHOLE_PAGE);
        assertThat(imported.mediaType()).isEqualTo("text/html");

        assertThat(imported.title()).isEqualTo(page.string("title"));
        assertThat(imported.author()).isEqualTo(page.string("author"));
        assertThat(imported.publishedAt()).isEqualTo(page.string("publishedAt"));
        assertThat(imported.siteName()).isEqualTo(page.string("siteName"));
        assertThat(imported.sourceUrl()).isEqualTo(page.string("canonicalUrl"));
        String declared = page.string("language");
        assertThat(imported.language()).as("declared, else detected").isEqualTo(
                declared != null ? declared : page.string("textLanguage"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void withoutExtractionThePageIsImportedWhole(ArticlePages page) throws Exception {
        ExtractedText whole = upload(page, ExtractOptions.DEFAULT.withExtractMainContent(false));

        assertThat(whole.contentScope()).isEqualTo(ContentScope.WHOLE_PAGE);
        TokenF1 score = TokenF1.of(whole.text(), page.expectedText());
        assertThat(score.recall()).as("everything a person keeps is in the whole page").isGreaterThanOrEqualTo(0.98);
        if (!page.isArticle()) {
            assertThat(score.f1()).as("a page that is not an article is the whole page either way")
                    .isGreaterThanOrEqualTo(MainContentExtractorTest.MIN_F1);
        }
    }
}
