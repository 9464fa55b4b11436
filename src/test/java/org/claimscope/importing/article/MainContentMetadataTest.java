package org.claimscope.importing.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The metadata read from each saved page in test-data/articles/ is the one in its .expected.json. */
class MainContentMetadataTest {
    static List<ArticlePages> pages() {
        return ArticlePages.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void readsTheExpectedMetadata(ArticlePages page) {
        ArticleMetadata metadata = MainContentExtractor.extract(page.html(), page.baseUri()).metadata();

        assertThat(metadata).isEqualTo(new ArticleMetadata(page.string("title"), page.string("author"),
                page.string("publishedAt"), page.string("siteName"), page.string("canonicalUrl"),
                page.string("language")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void theExtractionCarriesTheMetadataTitle(ArticlePages page) {
        MainContentExtractor.Extraction extraction = MainContentExtractor.extract(page.html(), page.baseUri());

        assertThat(extraction.title()).isEqualTo(page.string("title"));
    }

    @Test
    void normalisesDatesToIsoDatesOrOffsetDateTimes() {
        assertThat(HtmlMetadataReader.isoDate("2025-11-16T18:20:31+0000")).isEqualTo("2025-11-16T18:20:31Z");
        assertThat(HtmlMetadataReader.isoDate("2025-11-25T16:45:00.000Z")).isEqualTo("2025-11-25T16:45:00Z");
        assertThat(HtmlMetadataReader.isoDate("2025-11-15T07:00:00+01:00")).isEqualTo("2025-11-15T07:00:00+01:00");
        assertThat(HtmlMetadataReader.isoDate("2025-11-18 10:00:00")).isEqualTo("2025-11-18");
        assertThat(HtmlMetadataReader.isoDate("2025-11-18")).isEqualTo("2025-11-18");
        assertThat(HtmlMetadataReader.isoDate("Tue, 18 Nov 2025 10:00:00 GMT")).isEqualTo("2025-11-18T10:00:00Z");
        assertThat(HtmlMetadataReader.isoDate("18 November 2025")).isNull();
        assertThat(HtmlMetadataReader.isoDate(" ")).isNull();
    }

    @Test
    void ignoresAuthorsThatAreAddressesOrTheSiteAndSplitsBylines() {
        ArticleMetadata metadata = HtmlMetadataReader.read(Jsoup.parse("""
                <html><head><meta name="author" content="Daily Clarion">
                <meta property="og:site_name" content="Daily Clarion">
                <meta property="article:author" content="https://www.facebook.example/clarion"></head>
                <body><p class="byline">By Jane Doe and John Roe, Staff Writers</p></body></html>""",
                "https://news.example/"));

        assertThat(metadata.author()).isEqualTo("Jane Doe; John Roe");
    }

    @Test
    void readsRelativeCanonicalAddressesAgainstThePageAddressAndLocalesAsLanguageTags() {
        ArticleMetadata metadata = HtmlMetadataReader.read(Jsoup.parse("""
                <html><head><link rel="canonical" href="/world/story-1">
                <meta property="og:locale" content="pt_BR"></head><body></body></html>""",
                "https://news.example/amp/story-1"));

        assertThat(metadata.canonicalUrl()).isEqualTo("https://news.example/world/story-1");
        assertThat(metadata.language()).isEqualTo("pt-BR");
    }

    @Test
    void malformedJsonLdIsIgnored() {
        ArticleMetadata metadata = HtmlMetadataReader.read(Jsoup.parse("""
                <html><head><title>Headline | Site</title>
                <script type="application/ld+json">{"@type": "NewsArticle", "headline": </script></head>
                <body><h1>Headline</h1></body></html>""", ""));

        assertThat(metadata.title()).isEqualTo("Headline");
        assertThat(metadata.siteName()).isEqualTo("Site");
    }
}
