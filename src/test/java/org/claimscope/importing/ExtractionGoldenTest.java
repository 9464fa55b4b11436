package org.claimscope.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.claimscope.bench.ArticleCorpus;
import org.claimscope.importing.article.ArticleMetadata;
import org.claimscope.importing.article.LanguageDetector;
import org.claimscope.importing.article.MainContentExtractor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import of saved web pages gives exactly what it gave when test-data/golden/html-extractions.tsv was written:
 * the text (its length and SHA-256), the metadata, the language and the scope of every page in test-data/articles
 * (as uploaded, and through {@link MainContentExtractor} with and without its address), of the same pages grown to
 * 30 KB as the speed measurement grows them, of benchmark pages with and without a declared language, and the
 * language detected in every extracted text and in every snippet of test-data/languages. A guard for changes that
 * are meant to make the import faster, not different.
 *
 * <p>After a change that is meant to change what the import keeps, rewrite the file with this class's main (from
 * the project directory, with the test classpath) and review the difference.
 */
class ExtractionGoldenTest {
    static final Path GOLDEN = Path.of("test-data", "golden", "html-extractions.tsv");
    private static TikaExtractor extractor;

    @BeforeAll
    static void setUp() {
        extractor = new TikaExtractor(20L * 1024 * 1024);
    }

    @AfterAll
    static void tearDown() {
        extractor.close();
    }

    @Test
    void everyPageIsImportedExactlyAsBefore() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(GOLDEN, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            expected.put(line.substring(0, tab), line.substring(tab + 1));
        }
        Map<String, String> actual = results(extractor);
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, String> entry : actual.entrySet()) {
            assertThat(entry.getValue()).as(entry.getKey()).isEqualTo(expected.get(entry.getKey()));
        }
    }

    public static void main(String[] args) throws Exception {
        TikaExtractor tika = new TikaExtractor(20L * 1024 * 1024);
        try {
            List<String> lines = new ArrayList<>();
            results(tika).forEach((key, value) -> lines.add(key + "\t" + value));
            Files.createDirectories(GOLDEN.getParent());
            Files.write(GOLDEN, lines, StandardCharsets.UTF_8);
        } finally {
            tika.close();
        }
    }

    private static Map<String, String> results(TikaExtractor tika) throws Exception {
        Map<String, String> results = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("test-data", "articles"))) {
            files = list.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            String html = Files.readString(file, StandardCharsets.UTF_8);
            upload(tika, "articles/" + name, html, results);
            extraction("articles/" + name + " extractor", MainContentExtractor.extract(html, ""), results);
            extraction("articles/" + name + " extractor with address",
                    MainContentExtractor.extract(html, "https://news.example/articles/" + name), results);
        }
        List<byte[]> grown = ExtractSpeed.pages();
        for (int i = 0; i < grown.size(); i++) {
            upload(tika, "grown/" + i, new String(grown.get(i), StandardCharsets.UTF_8), results);
        }
        ArticleCorpus corpus = ArticleCorpus.load(Path.of("."));
        for (int n = 0; n < 40; n++) {
            String page = corpus.page(n, 27000);
            upload(tika, "corpus/" + n, page, results);
            upload(tika, "corpus/" + n + " undeclared", page.replace("<html lang=\"en\">", "<html>"), results);
        }
        for (String line : Files.readAllLines(Path.of("test-data", "languages", "snippets.tsv"),
                StandardCharsets.UTF_8)) {
            if (!line.startsWith("#") && !line.isBlank()) {
                String snippet = line.substring(line.indexOf('\t') + 1);
                results.put("snippet/" + digest(snippet), LanguageDetector.detect(snippet).orElse("-"));
            }
        }
        return results;
    }

    private static void upload(TikaExtractor tika, String key, String html, Map<String, String> into)
            throws IOException {
        String value;
        try {
            ExtractedText text = tika.extract("page.html",
                    new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)), ExtractOptions.DEFAULT);
            value = String.join("|", describe(text.text()), text.mediaType(), text.title(), text.author(),
                    text.publishedAt(), text.siteName(), text.sourceUrl(), text.language(),
                    String.valueOf(text.contentScope()), "detected=" + LanguageDetector.detect(text.text())
                            .orElse("-"));
        } catch (ImportRejectedException e) {
            value = "rejected: " + e.getMessage();
        }
        into.put(key, value.replace('\t', ' ').replace('\n', ' '));
    }

    private static void extraction(String key, MainContentExtractor.Extraction extraction, Map<String, String> into) {
        ArticleMetadata m = extraction.metadata();
        into.put(key, String.join("|", describe(extraction.text()), String.valueOf(extraction.isArticle()),
                extraction.title(), m.title(), m.author(), m.publishedAt(), m.siteName(), m.canonicalUrl(),
                m.language()).replace('\t', ' ').replace('\n', ' '));
    }

    private static String describe(String text) {
        return text.length() + ":" + digest(text);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
