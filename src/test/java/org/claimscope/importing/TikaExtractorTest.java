package org.claimscope.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.wp.usermodel.HeaderFooterType;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.claimscope.importing.fixtures.FixtureGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a person uploading files sees: the text and metadata of the seed article in every supported format, and a
 * clear sentence for every file that cannot become a document. Fixtures are in {@code test-data/import/} (see its
 * README); timeouts are only hang guards.
 */
class TikaExtractorTest {
    private static final Path FIXTURES = Paths.get("test-data", "import");
    private static final Path SEEDS = Paths.get("test-data", "seeds");
    private static final long LIMIT = 20L * 1024 * 1024;
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);

    private static final String KEY_SENTENCE = "The CIA struck a remote dock in Venezuela last week";
    private static final String QUOTE = "“Two nights ago, we knocked that out. So we hit them very hard.”";
    private static final String DASHES_AND_APOSTROPHES = "“We just knocked out — I don’t know if you read or you saw —"
            + " they have a big plant, or a big facility, where the ships come from,” the president told John"
            + " Catsimatidis on his WABC radio show.";

    /** One extractor for all tests, as the application shares one. */
    private static TikaExtractor extractor;
    private static List<String> seedParagraphs;

    @BeforeAll
    static void setUp() throws IOException {
        extractor = new TikaExtractor(LIMIT);
        seedParagraphs = FixtureGenerator.paragraphs(Files.readString(SEEDS.resolve("000_46d2c2feecc23d2d.txt")));
    }

    private static ExtractedText extract(String fixture) {
        return extract(extractor, fixture, read(fixture));
    }

    private static ExtractedText extract(TikaExtractor with, String fileName, byte[] bytes) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> with.extract(fileName, new ByteArrayInputStream(bytes)));
    }

    /** Web pages without article extraction. */
    private static final ExtractOptions WHOLE_PAGE = ExtractOptions.DEFAULT.withExtractMainContent(false);

    private static ExtractedText extract(TikaExtractor with, String fileName, byte[] bytes, ExtractOptions options) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> with.extract(fileName, new ByteArrayInputStream(bytes),
                options));
    }

    private static String rejection(String fixture) {
        return rejection(extractor, fixture, read(fixture));
    }

    /** The message the person sees; it is a sentence, not a stack trace, and leaves the file name to the caller. */
    private static String rejection(TikaExtractor with, String fileName, byte[] bytes) {
        ImportRejectedException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(
                ImportRejectedException.class, () -> with.extract(fileName, new ByteArrayInputStream(bytes))));
        assertReadable(e.getMessage(), fileName);
        return e.getMessage();
    }

    private static void assertReadable(String message, String fileName) {
        assertThat(message).isNotBlank().doesNotContain("Exception").doesNotContain("\n").doesNotContain(" at org.");
        assertThat(message.length()).isLessThan(300);
        assertThat(message).doesNotContain(fileName);
        assertThat(Character.isLowerCase(message.charAt(0))).as("continues '<file>: ...': %s", message).isTrue();
    }

    private static byte[] read(String fixture) {
        try {
            return Files.readAllBytes(FIXTURES.resolve(fixture));
        } catch (IOException e) {
            throw new AssertionError("fixture missing: " + fixture, e);
        }
    }

    // ---- the seed article in every format ----

    static Stream<Arguments> seedFormats() {
        return Stream.of(
                Arguments.of("seed-000.html", "text/html", "en"),
                Arguments.of("seed-000.pdf", "application/pdf", "en"),
                Arguments.of("seed-000.docx",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "en-US"),
                Arguments.of("seed-000.odt", "application/vnd.oasis.opendocument.text", "en"),
                Arguments.of("seed-000.rtf", "application/rtf", "en")); // RTF declares none: detected
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedFormats")
    void everyFormatGivesTheArticleTextWithOneParagraphPerLine(String fixture, String mediaType, String language) {
        ExtractedText result = extract(fixture);
        String text = result.text();

        assertThat(text).contains(KEY_SENTENCE).contains(QUOTE).contains(DASHES_AND_APOSTROPHES)
                .contains("Venezuelan strongman Nicolás Maduro").contains("The land is much easier… We know the routes");
        List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
        List<String> expected = new ArrayList<>();
        expected.add(FixtureGenerator.TITLE);
        expected.addAll(seedParagraphs);
        assertThat(lines).as("every paragraph, whole, on a line of its own, in order").containsExactlyElementsOf(
                expected);
        assertThat(text).isEqualTo(TextNormalizer.normalize(text)).doesNotContain("\r").doesNotContain("\uFFFD");

        assertThat(result.mediaType()).isEqualTo(mediaType);
        assertThat(result.title()).isEqualTo(FixtureGenerator.TITLE);
        assertThat(result.author()).isEqualTo(FixtureGenerator.AUTHOR);
        assertThat(result.publishedAt()).isNotNull();
        assertThat(OffsetDateTime.parse(result.publishedAt()).toInstant()).isEqualTo(FixtureGenerator.CREATED);
        assertThat(result.language()).isEqualTo(language);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"seed-000.pdf", "seed-000.docx", "seed-000.odt", "seed-000.rtf"})
    void officeFormatsGiveExactlyTheTitleAndTheParagraphs(String fixture) {
        assertThat(extract(fixture).text()).isEqualTo(FixtureGenerator.TITLE + "\n" + String.join("\n",
                seedParagraphs));
    }

    @ParameterizedTest(name = "paragraph gap {0} lines")
    @ValueSource(floats = {0f, 0.3f})
    void pdfParagraphsWithLittleOrNoSpacingStillComeOutWhole(float gap) throws IOException {
        byte[] pdf = FixtureGenerator.pdf(seedParagraphs, gap);
        String text = extract(extractor, "tight.pdf", pdf).text();
        assertThat(text).doesNotContain("\n\n");
        for (String paragraph : seedParagraphs) {
            assertThat(text).as("no line break inside a sentence").contains(paragraph);
        }
        assertThat(text.lines().count()).as("most paragraphs on lines of their own").isGreaterThan(
                seedParagraphs.size() / 2);
    }

    @Test
    void htmlGivesPageMetadataAndNoScriptsOrStyles() {
        ExtractedText html = extract("seed-000.html");

        assertThat(html.title()).as("og:title, not the <title> with the site name").isEqualTo(FixtureGenerator.TITLE);
        assertThat(html.siteName()).isEqualTo(FixtureGenerator.SITE);
        assertThat(html.sourceUrl()).as("the canonical link, not og:url with tracking").isEqualTo(
                FixtureGenerator.URL);
        assertThat(html.publishedAt()).as("article:published_time keeps its offset").isEqualTo(
                "2025-12-30T05:15:00-05:00");
        assertThat(html.language()).isEqualTo("en");
        assertThat(html.text()).doesNotContain("should-not-appear-in-text").doesNotContain("font-family")
                .doesNotContain("Example Post").doesNotContain("&ldquo;").doesNotContain("&nbsp;");
        assertThat(html.text().lines()).as("no indentation from the HTML source").noneMatch(l -> l.startsWith(" "));
    }

    @Test
    void htmlMetadataFallsBackToJsonLdDublinCoreAndContentLanguage() {
        String page = """
                <html><head>
                <meta http-equiv="content-language" content="de_DE">
                <meta name="DC.creator" content="Erika Mustermann">
                <meta property="og:url" content="https://zeitung.example.de/artikel/42">
                <script type="application/ld+json">
                {"@context": "https://schema.org", "@graph": [
                  {"@type": "WebSite", "name": "Beispielblatt"},
                  {"@type": "NewsArticle", "headline": "Schlagzeile \\u201Emit\\u201C Anf\\u00FChrung",
                   "datePublished": "2025-11-02T08:00:00+01:00",
                   "author": [{"@type": "Person", "name": "Erika Mustermann"}, {"@type": "Person", "name": "Max Muster"}],
                   "publisher": {"@type": "Organization", "name": "Beispielblatt"}}]}
                </script></head>
                <body><p>Das Gericht hat entschieden.</p></body></html>
                """;
        ExtractedText result = extract(extractor, "artikel.html", page.getBytes(StandardCharsets.UTF_8));
        assertThat(result.title()).isEqualTo("Schlagzeile „mit“ Anführung");
        assertThat(result.author()).isEqualTo("Erika Mustermann");
        assertThat(result.publishedAt()).isEqualTo("2025-11-02T08:00:00+01:00");
        assertThat(result.siteName()).isEqualTo("Beispielblatt");
        assertThat(result.sourceUrl()).isEqualTo("https://zeitung.example.de/artikel/42");
        assertThat(result.language()).isEqualTo("de-DE");
        assertThat(result.text()).isEqualTo("Das Gericht hat entschieden.");
    }

    @Test
    void htmlTitleElementAuthorsFromJsonLdAndDateOnlyMetadata() {
        String page = """
                <!DOCTYPE html><html lang="fr"><head><meta charset="windows-1252">
                <title>  Le tribunal
                   a tranch\u00E9 </title>
                <meta property="article:author" content="https://www.facebook.com/someone">
                <meta name="date" content="2025-10-01">
                <script type="application/ld+json">{"@type": "NewsArticle",
                  "author": [{"name": "Claire Dupont"}, {"name": "Jean Martin"}]}</script>
                </head><body><h1>Le tribunal a tranch\u00E9</h1>
                <p>\u00AB\u00A0La d\u00E9cision est d\u00E9finitive\u00A0\u00BB, a d\u00E9clar\u00E9 l\u2019avocat.</p></body></html>
                """;
        byte[] bytes = page.getBytes(java.nio.charset.Charset.forName("windows-1252"));
        ExtractedText result = extract(extractor, "page.htm", bytes);
        assertThat(result.title()).isEqualTo("Le tribunal a tranché");
        assertThat(result.author()).as("a profile URL is no author").isEqualTo("Claire Dupont; Jean Martin");
        assertThat(result.publishedAt()).isEqualTo("2025-10-01");
        assertThat(result.language()).isEqualTo("fr");
        assertThat(result.siteName()).isNull();
        assertThat(result.sourceUrl()).isNull();
        // the article path separates paragraphs by a blank line, and keeps the no-break spaces
        assertThat(result.text()).isEqualTo(
                "Le tribunal a tranché\n\n«\u00A0La décision est définitive\u00A0», a déclaré l’avocat.");

        ExtractedText whole = extract(extractor, "page.htm", bytes, WHOLE_PAGE);
        assertThat(whole).isEqualTo(new ExtractedText(
                "Le tribunal a tranché\n«\u00A0La décision est définitive\u00A0», a déclaré l’avocat.", "text/html",
                "Le tribunal a tranché", "Claire Dupont; Jean Martin", "2025-10-01", null, null, "fr",
                ExtractedText.ContentScope.WHOLE_PAGE));
    }

    @Test
    void htmlLineBreaksPreformattedTextListsAndTablesKeepTheirShape() {
        String page = "<html><body><p>line one<br>line two</p>\n<pre>  keep\n    this</pre>\n"
                + "<ul>\n  <li>first</li>\n  <li>second</li>\n</ul>\n"
                + "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>\n"
                + "<div>Some   <b>bold</b>\n     text &amp; more</div></body></html>";
        // Tika's HTML path, taken without article extraction, keeps the shape
        ExtractedText result = extract(extractor, "shapes.html", page.getBytes(StandardCharsets.UTF_8), WHOLE_PAGE);
        assertThat(result.text()).isEqualTo("line one\nline two\n  keep\n    this\nfirst\nsecond\na\tb\nc\td\n"
                + "Some bold text & more");
        assertThat(result.contentScope()).isEqualTo(ExtractedText.ContentScope.WHOLE_PAGE);

        // the article path (not an article: the whole page) puts every line, item and cell in a paragraph of its
        // own, in order; it does not keep the indentation inside pre or tabs between table cells
        ExtractedText extracted = extract(extractor, "shapes.html", page.getBytes(StandardCharsets.UTF_8));
        assertThat(extracted.text().split("\n\n")).containsExactly("line one", "line two", "keep", "this", "first",
                "second", "a", "b", "c", "d", "Some bold text & more");
        assertThat(extracted.contentScope()).isEqualTo(ExtractedText.ContentScope.WHOLE_PAGE);
    }

    @Test
    void docxRunningHeadersAndFootersStayOutTablesAndLineBreaksKeepTheirShape() throws IOException {
        ByteArrayOutputStream docx = new ByteArrayOutputStream();
        try (XWPFDocument doc = new XWPFDocument()) {
            doc.createHeader(HeaderFooterType.DEFAULT).createParagraph().createRun().setText("EXAMPLE POST – PAGE");
            doc.createFooter(HeaderFooterType.DEFAULT).createParagraph().createRun().setText("© Example Post");
            doc.createParagraph().createRun().setText("The ministry’s lawyer said:");
            XWPFTable table = doc.createTable(2, 2);
            table.getRow(0).getCell(0).setText("Claim");
            table.getRow(0).getCell(1).setText("Source");
            table.getRow(1).getCell(0).setText("“The strike was lawful.”");
            table.getRow(1).getCell(1).setText("Ministry");
            XWPFParagraph poem = doc.createParagraph();
            poem.createRun().setText("First line");
            XWPFRun second = poem.createRun();
            second.addBreak();
            second.setText("second line");
            doc.write(docx);
        }
        ExtractedText result = extract(extractor, "table.docx", docx.toByteArray());
        assertThat(result.text()).isEqualTo("The ministry’s lawyer said:\nClaim\tSource\n“The strike was lawful.”\t"
                + "Ministry\nFirst line\nsecond line");
    }

    @Test
    void xhtmlIsImportedAsHtml() {
        String page = """
                <?xml version="1.0" encoding="UTF-8"?>
                <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en-GB"><head><title>Ruling</title></head>
                <body><p>The court\u2019s ruling is final.</p></body></html>
                """;
        ExtractedText result = extract(extractor, "ruling.xhtml", page.getBytes(StandardCharsets.UTF_8));
        assertThat(result.mediaType()).isEqualTo("application/xhtml+xml");
        assertThat(result.title()).isEqualTo("Ruling");
        assertThat(result.language()).isEqualTo("en-GB");
        assertThat(result.text()).isEqualTo("The court’s ruling is final.");
    }

    // ---- plain text and its encodings ----

    @Test
    void utf8TextWithoutBomIsTheFileItself() throws IOException {
        byte[] bytes = Files.readAllBytes(SEEDS.resolve("000_46d2c2feecc23d2d.txt"));
        ExtractedText result = extract(extractor, "000_46d2c2feecc23d2d.txt", bytes);
        assertThat(result.mediaType()).isEqualTo("text/plain");
        assertThat(result.text()).isEqualTo(new String(bytes, StandardCharsets.UTF_8).strip());
        assertThat(result.title()).isNull();
        assertThat(result.author()).isNull();
    }

    @Test
    void utf8TextWithBomLosesTheBomOnly() {
        ExtractedText result = extract("seed-000-bom.txt");
        assertThat(result.text()).doesNotStartWith("\uFEFF").startsWith(KEY_SENTENCE)
                .isEqualTo(String.join("\n", seedParagraphs));
    }

    @Test
    void windows1252TextDecodesCurlyQuotesAndLosesItsCarriageReturns() throws IOException {
        ExtractedText result = extract("windows-1252.txt");
        String seed002 = Files.readString(SEEDS.resolve("002_f4ff472ac4b69fad.txt")).strip();
        assertThat(result.text()).isEqualTo(seed002);
        assertThat(result.text()).contains("the Trump administration’s military actions")
                .contains("“big facility where ships come from.”").doesNotContain("\r").doesNotContain("\uFFFD")
                .doesNotContain("\u0093").doesNotContain("â€");
    }

    @Test
    void utf16TextWithBomDecodes() {
        byte[] bytes = "\uFEFF“The court’s ruling” — café\r\nNicolás".getBytes(StandardCharsets.UTF_16LE);
        ExtractedText result = extract(extractor, "notepad-unicode.txt", bytes);
        assertThat(result.text()).isEqualTo("“The court’s ruling” — café\nNicolás");
    }

    @Test
    void decomposedAccentsInTheFileAreComposed() {
        byte[] bytes = "Nicola\u0301s Maduro".getBytes(StandardCharsets.UTF_8);
        assertThat(extract(extractor, "nfd.txt", bytes).text()).isEqualTo("Nicolás Maduro");
    }

    @Test
    void aTextFileThatStartsLikeAnEmailIsStillText() {
        byte[] bytes = "From: the newsroom\nSubject: strike\n\nThe CIA struck a dock.".getBytes(
                StandardCharsets.UTF_8);
        ExtractedText result = extract(extractor, "memo.txt", bytes);
        assertThat(result.mediaType()).isEqualTo("text/plain");
        assertThat(result.text()).isEqualTo("From: the newsroom\nSubject: strike\n\nThe CIA struck a dock.");
    }

    // ---- plain UTF-8 text is decoded without Tika, to the same result ----

    static Stream<Arguments> plainUtf8Texts() throws IOException {
        byte[] seed = Files.readAllBytes(SEEDS.resolve("000_46d2c2feecc23d2d.txt"));
        String seed2 = Files.readString(SEEDS.resolve("002_f4ff472ac4b69fad.txt"));
        return Stream.of(
                Arguments.of("000_46d2c2feecc23d2d.txt", seed),
                Arguments.of("seed-000-bom.txt", read("seed-000-bom.txt")),
                Arguments.of("crlf.TXT", seed2.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)),
                Arguments.of("nfd.txt", "Nicola\u0301s Maduro".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("one-accent.txt", "The café".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("ligature.txt", "ﬁnal ruling".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("memo.txt", "From: the newsroom\nSubject: strike\n\nThe CIA struck a dock."
                        .getBytes(StandardCharsets.UTF_8)),
                Arguments.of("blank.txt", " \r\n\t\n   \n".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("private-use.txt", "\uE000\uE001\uE002 abc".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plainUtf8Texts")
    void plainUtf8TextSkipsTikaAndComesOutAsTikaWouldHaveIt(String name, byte[] bytes) throws IOException {
        assertThat(TikaExtractor.plainUtf8(name, bytes)).as("takes the plain-text path").isNotNull();
        String direct;
        try {
            direct = "OK " + extractor.extract(name, new ByteArrayInputStream(bytes));
        } catch (ImportRejectedException e) {
            direct = "REJECTED " + e.getMessage();
        }
        String viaTika;
        try {
            viaTika = "OK " + extractor.extractWithTika(name, bytes);
        } catch (ImportRejectedException e) {
            viaTika = "REJECTED " + e.getMessage();
        }
        if (!name.equals("ligature.txt")) {
            assertThat(direct).isEqualTo(viaTika);
        } else {
            // Tika's charset detection takes these few bytes for KOI8-R; decoded as the UTF-8 they are, they read right
            assertThat(direct).contains("text=ﬁnal ruling,");
        }
    }

    @Test
    void plainUtf8TextKeepsTheCharacterLimitOfTheTxtParser() {
        TikaExtractor strict = new TikaExtractor(LIMIT, 10);
        // the parser ends the text with a line break, which counts
        assertThat(extract(strict, "nine.txt", "123456789".getBytes(StandardCharsets.US_ASCII)).text())
                .isEqualTo("123456789");
        assertThat(rejection(strict, "ten.txt", "1234567890".getBytes(StandardCharsets.US_ASCII)))
                .startsWith("the text is longer than the limit of 10 characters");
        assertThat(extract(strict, "ten-lf.txt", "123456789\n".getBytes(StandardCharsets.US_ASCII)).text())
                .isEqualTo("123456789");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html><head><title>T</title></head><body><p>The CIA struck a dock.</p></body></html>",
        "{\\rtf1\\ansi The CIA struck a dock.}", "%PDF-1.7 not really", "page one\fpage two", "bell\u0007",
        "\u001B$B escape"})
    void textThatTikaMightReadDifferentlyTakesTheFullPath(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        assertThat(TikaExtractor.plainUtf8("article.txt", bytes)).isNull();
    }

    @Test
    void onlyUtf8FilesNamedTxtTakeThePlainTextPath() {
        assertThat(TikaExtractor.plainUtf8("article.html", "The CIA struck a dock.".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(TikaExtractor.plainUtf8("article", "The CIA struck a dock.".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(TikaExtractor.plainUtf8("windows-1252.txt", read("windows-1252.txt"))).isNull();
        assertThat(TikaExtractor.plainUtf8("binary-renamed.txt", read("binary-renamed.txt"))).isNull();
        assertThat(TikaExtractor.plainUtf8("utf16.txt", "\uFEFFThe CIA".getBytes(StandardCharsets.UTF_16LE))).isNull();
    }

    // ---- saved web pages whose type is plain without Tika's detection ----

    static Stream<Arguments> htmlPages() throws IOException {
        List<Arguments> pages = new ArrayList<>();
        try (Stream<Path> files = Files.list(Paths.get("test-data", "articles"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).sorted().toList()) {
                pages.add(Arguments.of(file.getFileName().toString(), Files.readAllBytes(file)));
            }
        }
        for (String fixture : List.of("seed-000.html", "xml-bomb.html", "xml-bomb.xhtml")) {
            pages.add(Arguments.of(fixture, read(fixture)));
        }
        String body = "<head><title>T</title></head><body><p>The court’s ruling.</p></body></html>";
        for (String start : List.of("<!DOCTYPE html>", "\uFEFF<!doctype HTML >", "  <!-- saved from url=(0014)about:"
                + "internet -->\n<!DOCTYPE html>", "<html>", "<html lang=\"ar\" dir=\"rtl\">", "<HTML>",
                "<html xmlns=\"http://www.w3.org/1999/xhtml\">", "<html class=\"no-js\">",
                "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/"
                + "xhtml1-strict.dtd\">\n<html>", "<?xml version=\"1.0\"?>\n<html>", "<head>", "<!-- -->")) {
            byte[] bytes = (start + body).getBytes(StandardCharsets.UTF_8);
            pages.add(Arguments.of("page.html", bytes));
            pages.add(Arguments.of("page.HTM", bytes));
            pages.add(Arguments.of("page.txt", bytes));
            pages.add(Arguments.of("page", bytes));
        }
        return pages.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("htmlPages")
    void pagesTakenForHtmlWithoutDetectionAreWhatTikaDetects(String name, byte[] bytes) throws IOException {
        if (TikaExtractor.isPlainHtmlPage(name, bytes)) {
            assertThat(extractor.detectWithTika(bytes, name)).hasToString("text/html");
        }
    }

    @Test
    void mostSavedPagesAreTakenForHtmlWithoutDetection() throws IOException {
        assertThat(htmlPages().filter(page -> page.get()[0].toString().matches("\\d\\d-.*"))
                .filter(page -> TikaExtractor.isPlainHtmlPage((String) page.get()[0], (byte[]) page.get()[1])))
                .hasSize(20);
        byte[] xhtml = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>x</body></html>".getBytes(
                StandardCharsets.UTF_8);
        assertThat(TikaExtractor.isPlainHtmlPage("page.html", xhtml)).isFalse();
        assertThat(TikaExtractor.isPlainHtmlPage("page.txt", "<!DOCTYPE html>".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(TikaExtractor.isPlainHtmlPage("page.html", "%PDF-1.7 <!DOCTYPE html>".getBytes(
                StandardCharsets.UTF_8))).isFalse();
    }

    // ---- files that cannot become documents ----

    @Test
    void emptyFileIsRejected() {
        assertThat(rejection("empty.txt")).isEqualTo("the file is empty");
    }

    @Test
    void whiteSpaceOnlyTextIsRejected() {
        String message = rejection(extractor, "blank.txt", " \r\n\t\n   \n".getBytes(StandardCharsets.UTF_8));
        assertThat(message).startsWith("no text could be extracted");
    }

    @Test
    void pdfWithOnlyAnImageIsRejectedMentioningOcr() {
        assertThat(rejection("image-only.pdf")).isEqualTo(
                "no text could be extracted; scanned PDFs need OCR, which Claimscope does not offer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"corrupt.pdf", "truncated.pdf"})
    void damagedPdfIsRejected(String fixture) {
        assertThat(rejection(fixture)).isEqualTo("the PDF is damaged and cannot be read");
    }

    @Test
    void encryptedPdfIsRejectedAsPasswordProtected() {
        assertThat(rejection("encrypted.pdf")).isEqualTo(
                "the PDF is encrypted with a password; remove the password and upload it again");
    }

    @Test
    void pdfWithOnlyAnOwnerPasswordOpensLikeInAnyReader() throws IOException {
        AccessPermission noCopying = new AccessPermission();
        noCopying.setCanExtractContent(false);
        byte[] pdf = FixtureGenerator.protectedPdf(read("seed-000.pdf"), "", noCopying);
        ExtractedText result = extract(extractor, "restricted.pdf", pdf);
        assertThat(result.text()).contains(KEY_SENTENCE).contains(QUOTE);
        assertThat(result.title()).isEqualTo(FixtureGenerator.TITLE);
    }

    @Test
    void encryptedDocxIsRejectedAsPasswordProtected() {
        assertThat(rejection("encrypted.docx")).contains("protected with a password")
                .contains("remove the password");
    }

    @Test
    void binaryFileRenamedTxtIsRejected() {
        assertThat(rejection("binary-renamed.txt")).contains("plain text").contains("binary data")
                .contains("wrong name");
    }

    @Test
    void binaryFileWithoutNulBytesRenamedTxtIsRejected() {
        byte[] bytes = FixtureGenerator.randomBytes(4096, 99L);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                bytes[i] = 1;
            }
        }
        assertThat(rejection(extractor, "noise.txt", bytes)).contains("plain text").contains("readable text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"noise.html", "noise.xhtml", "noise.pdf", "noise.docx", "noise.odt", "noise.rtf",
        "noise.bin", "noise"})
    void binaryFileUnderAnySupportedNameIsRejected(String name) {
        String message = rejection(extractor, name, read("binary-renamed.txt"));
        assertThat(message).containsAnyOf("binary data", "damaged", "could not be recognised");
    }

    @Test
    void pngIsRejectedNamingItsTypeAndTheSupportedOnes() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", png);
        String message = rejection(extractor, "scan.png", png.toByteArray());
        assertThat(message).contains("cannot be imported").contains("image/png").contains("Portable Network Graphics");
        assertSupportedTypesNamed(message);
        assertThat(rejection(extractor, "scan.txt", png.toByteArray())).as("content wins over the name")
                .contains("image/png");
    }

    @Test
    void zipIsRejectedNamingItsType() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("article.txt"));
            out.write("The CIA struck a remote dock.".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        String message = rejection(extractor, "articles.zip", zip.toByteArray());
        assertThat(message).contains("cannot be imported").contains("application/zip");
        assertSupportedTypesNamed(message);
    }

    @Test
    void spreadsheetIsRejectedNamingItsType() throws IOException {
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            workbook.createSheet("Articles").createRow(0).createCell(0).setCellValue(KEY_SENTENCE);
            workbook.write(xlsx);
        }
        String message = rejection(extractor, "articles.xlsx", xlsx.toByteArray());
        assertThat(message).contains("cannot be imported").contains("spreadsheetml");
        assertSupportedTypesNamed(message);
    }

    @Test
    void oldWordDocumentIsRejectedWithAdvice() throws IOException {
        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            fs.createDocument(new ByteArrayInputStream(new byte[4096]), "WordDocument");
            fs.writeFilesystem(doc);
        }
        String message = rejection(extractor, "article.doc", doc.toByteArray());
        assertThat(message).contains(".doc").contains("save it as .docx");
    }

    private static void assertSupportedTypesNamed(String message) {
        assertThat(message).contains("plain text").contains("HTML").contains("PDF").contains(".docx")
                .contains(".odt").contains("RTF");
    }

    // ---- hostile XML ----

    @ParameterizedTest
    @ValueSource(strings = {"xml-bomb.xhtml", "xml-bomb.html", "xml-bomb.docx", "xml-bomb.odt"})
    void billionLaughsIsNotExpanded(String fixture) {
        byte[] bytes = read(fixture);
        long started = System.nanoTime();
        Object outcome = assertTimeoutPreemptively(HANG_GUARD, () -> {
            try {
                return extractor.extract(fixture, new ByteArrayInputStream(bytes));
            } catch (ImportRejectedException e) {
                return e;
            }
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        if (outcome instanceof ExtractedText text) {
            assertThat(text.text()).doesNotContain("lollol").hasSizeLessThan(1000).contains(KEY_SENTENCE);
        } else {
            ImportRejectedException e = (ImportRejectedException) outcome;
            assertReadable(e.getMessage(), fixture);
            assertThat(e.getMessage()).contains("damaged");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xxe.docx", "xxe.odt"})
    void externalEntityDoesNotLeakEtcPasswd(String fixture) {
        assertNoLeak(fixture, read(fixture), "root:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"docx", "odt"})
    void externalEntityDoesNotLeakALocalFile(String format, @TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "SECRET-MARKER-7f3a9c");
        String entity = "<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">";
        byte[] hostile;
        if (format.equals("docx")) {
            hostile = FixtureGenerator.replaceEntry(read("seed-000.docx"), "word/document.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <!DOCTYPE w:document [ %s ]>
                    <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
                    <w:p><w:r><w:t>The CIA struck a remote dock in Venezuela last week.</w:t></w:r></w:p>
                    <w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>
                    """.formatted(entity).strip());
        } else {
            hostile = FixtureGenerator.replaceEntry(read("seed-000.odt"), "content.xml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <!DOCTYPE office:document-content [ %s ]>
                    <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
                        xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>
                    <text:p>The CIA struck a remote dock in Venezuela last week.</text:p>
                    <text:p>&xxe;</text:p></office:text></office:body></office:document-content>
                    """.formatted(entity).strip());
        }
        assertNoLeak("xxe-local." + format, hostile, "SECRET-MARKER-7f3a9c");
    }

    private static void assertNoLeak(String name, byte[] bytes, String secret) {
        Object outcome = assertTimeoutPreemptively(HANG_GUARD, () -> {
            try {
                return extractor.extract(name, new ByteArrayInputStream(bytes));
            } catch (ImportRejectedException e) {
                return e;
            }
        });
        if (outcome instanceof ExtractedText text) {
            assertThat(text.text()).doesNotContain(secret).contains(KEY_SENTENCE);
            assertThat(String.valueOf(text.title()) + text.author()).doesNotContain(secret);
        } else {
            ImportRejectedException e = (ImportRejectedException) outcome;
            assertReadable(e.getMessage(), name);
            assertThat(e.getMessage()).doesNotContain(secret).contains("damaged");
        }
    }

    // ---- limits ----

    @Test
    void fileOverTheLimitIsRejectedNamingTheLimit() {
        TikaExtractor small = new TikaExtractor(1024);
        byte[] tooBig = "a".repeat(1025).getBytes(StandardCharsets.US_ASCII);
        assertThat(rejection(small, "big.txt", tooBig)).isEqualTo("the file is larger than the limit of 1 KB");
        byte[] justFits = "a".repeat(1024).getBytes(StandardCharsets.US_ASCII);
        assertThat(extract(small, "fits.txt", justFits).text()).hasSize(1024);
    }

    @Test
    void endlessUploadIsCutOffAfterTheLimit() {
        TikaExtractor extractor20 = new TikaExtractor(LIMIT);
        EndlessStream endless = new EndlessStream();
        ImportRejectedException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(
                ImportRejectedException.class, () -> extractor20.extract("endless.txt", endless)));
        assertThat(e.getMessage()).isEqualTo("the file is larger than the limit of 20 MB");
        assertThat(endless.served).isLessThanOrEqualTo(LIMIT + 1);
    }

    @Test
    void textOverTheCharacterLimitIsRejected() {
        TikaExtractor strict = new TikaExtractor(LIMIT, 1000);
        String message = rejection(strict, "long.txt", "word ".repeat(300).getBytes(StandardCharsets.US_ASCII));
        assertThat(message).startsWith("the text is longer than the limit of 1,000 characters");
        assertThat(rejection(strict, "seed-000.pdf", read("seed-000.pdf"))).startsWith("the text is longer");
        assertThat(rejection(strict, "seed-000.docx", read("seed-000.docx"))).startsWith("the text is longer");
        assertThat(extract(strict, "short.txt", "word ".repeat(150).getBytes(StandardCharsets.US_ASCII)).text())
                .hasSize(749);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "2025-12-30T10:15:00Z | 2025-12-30T10:15:00Z",
        "2025-12-30T10:15:00.000Z | 2025-12-30T10:15:00Z",
        "2025-12-30T10:15Z | 2025-12-30T10:15:00Z",
        "2025-12-30T05:15:00-05:00 | 2025-12-30T05:15:00-05:00",
        "2025-12-30T11:15:00+0100 | 2025-12-30T11:15:00+01:00",
        "2025-12-30 11:15:00+01:00 | 2025-12-30T11:15:00+01:00",
        "2025-12-30T11:15:00+01:00[Europe/Berlin] | 2025-12-30T11:15:00+01:00",
        "Tue, 30 Dec 2025 10:15:00 GMT | 2025-12-30T10:15:00Z",
        "2025-12-30T10:15:00 | 2025-12-30",
        "2025-12-30 | 2025-12-30",
        "' 2025-12-30 ' | 2025-12-30",
        "December 30, 2025 | null",
        "yesterday | null",
        "'' | null"})
    void metadataDatesBecomeIso8601OrNothing(String raw, String expected) {
        assertThat(TikaExtractor.isoDate(raw)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "en | en", "EN | en", "en-us | en-US", "en_GB | en-GB", "pt-BR | pt-BR", "de, en | de",
        "zh-Hant-TW | zh-Hant-TW", "English | null", "und | null", "x-klingon | null", "'' | null"})
    void languagesBecomeBcp47TagsOrNothing(String raw, String expected) {
        assertThat(TikaExtractor.bcp47(raw)).isEqualTo(expected);
    }

    @Test
    void oneExtractorServesManyThreadsAtOnce() throws Exception {
        List<String> fixtures = List.of("seed-000.html", "seed-000.pdf", "seed-000.docx", "seed-000.odt",
                "seed-000.rtf", "windows-1252.txt");
        List<String> expected = new ArrayList<>();
        for (String fixture : fixtures) {
            expected.add(extract(fixture).text());
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String fixture : fixtures) {
                    byte[] bytes = read(fixture);
                    futures.add(pool.submit(() -> extractor.extract(fixture, new ByteArrayInputStream(bytes)).text()));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get(HANG_GUARD.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                        .isEqualTo(expected.get(i % fixtures.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fixturesStaySmall() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            files.forEach(file -> {
                try {
                    assertThat(Files.size(file)).as(file.toString()).isLessThan(60 * 1024);
                } catch (IOException e) {
                    fail(e.getMessage());
                }
            });
        }
    }

    /** An upload that never ends; counts what it served. */
    private static final class EndlessStream extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'a';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'a');
            served += len;
            return len;
        }
    }
}
