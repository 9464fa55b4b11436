package org.claimscope.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.claimscope.importing.ExtractedText.ContentScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * News articles saved in the legacy encodings of their time and place decode to exactly the text the newsroom
 * wrote: as .txt files, and as web pages with and without a declared charset, with and without article extraction.
 * The texts are invented, article-length paragraphs: statistical detection needs text to judge, as real articles
 * give it.
 */
class TikaExtractorEncodingsTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final ExtractOptions WHOLE_PAGE = ExtractOptions.DEFAULT.withExtractMainContent(false);

    /** Windows-1252: curly quotes, apostrophes, the euro sign, en dashes and an ellipsis (all in 0x80-0x9F). */
    static final Article ENGLISH = new Article("en", "Marvania’s lawyers defend the €4.2 million port strike",
            List.of("Marvania’s defence ministry said on Tuesday that the strikes on the coastal depot were “a lawful"
                    + " act of self-defence” – a claim that three international lawyers contested within hours. The"
                    + " ministry put the cost of the damaged pier at €4.2 million and said the operation had been"
                    + " “proportionate, necessary and limited in time”.",
                    "Professor Ines Caldwell, who teaches the law of armed conflict in Leiden, said the government had"
                    + " not shown that an armed attack was imminent. “Self-defence is not a licence to strike first"
                    + " and explain later,” she said. “The burden of proof lies with the state that uses force.”",
                    "The union representing the dock workers – some 1,200 people – called the strikes “reckless” and"
                    + " asked the courts to review the order… The government’s lawyers are due to answer the union’s"
                    + " petition by Friday, and the court’s ruling is expected before the end of the month."));

    /** ISO-8859-1: umlauts, ß, é and guillemets (no byte in 0x80-0x9F). */
    static final Article GERMAN = new Article("de", "Gericht erklärt Streik der Hafenarbeiter für rechtmäßig",
            List.of("Das Verwaltungsgericht in Solterra hat am Montag entschieden, dass der Streik der Hafenarbeiter"
                    + " rechtmäßig ist. «Das Streikrecht gilt auch für Beschäftigte in kritischen Bereichen», sagte"
                    + " die Vorsitzende Richterin Renée Baumgärtner bei der Urteilsverkündung.",
                    "Die Regierung hatte argumentiert, der Ausstand gefährde die Versorgung mit Lebensmitteln und"
                    + " Arzneimitteln. Der Anwalt der Gewerkschaft, André Müller, sprach von einem «klaren Signal an"
                    + " alle Arbeitgeber». Das Ministerium für Wirtschaft prüft nach eigenen Angaben, ob es gegen das"
                    + " Urteil Berufung einlegt.",
                    "Die Frist dafür endet in vier Wochen. Bis dahin dürfen die Beschäftigten ihre Arbeit niederlegen,"
                    + " müssen aber einen Notdienst für die Fähren zu den Inseln sicherstellen. Größere Störungen"
                    + " erwarten die Behörden nach Angaben eines Sprechers nicht."));

    /** Shift_JIS: kanji, hiragana, katakana and Japanese quotation brackets. */
    static final Article JAPANESE = new Article("ja", "マルバニア政府、港湾施設への攻撃は「自衛権の行使」と主張",
            List.of("マルバニア政府は十四日、沿岸部の港湾施設に対する攻撃について「国際法上の自衛権の行使だ」とする声明を"
                    + "発表した。これに対し、国際法の専門家からは、差し迫った武力攻撃があったことを政府は示していないとの"
                    + "批判が相次いでいる。",
                    "東京の大学で国際法を教える山田花子教授は「自衛権は先に攻撃して後から説明するための許可証ではない」と"
                    + "述べた。港湾労働者の労働組合は、今回の攻撃で約千二百人が職を失う恐れがあるとして、政府に補償を"
                    + "求める方針だ。",
                    "政府の報道官は記者会見で、作戦は「必要かつ均衡のとれたもの」だったと繰り返したが、具体的な証拠の"
                    + "公表は拒んだ。裁判所は来月にも組合の訴えについて審理を始める見通しだ。"));

    /** KOI8-R: Russian, with ё and the straight quotes KOI8-R has (it has no guillemets). */
    static final Article RUSSIAN = new Article("ru", "Правительство Марвании назвало удары по порту самообороной",
            List.of("Правительство Марвании во вторник заявило, что удары по портовым сооружениям на побережье были"
                    + " \"законным актом самообороны\". Уже через несколько часов три эксперта по международному праву"
                    + " оспорили это утверждение.",
                    "Профессор Ирина Соколова, преподающая право вооружённых конфликтов, заявила, что правительство не"
                    + " доказало, что нападение было неизбежным. \"Самооборона не даёт права сначала наносить удар, а"
                    + " потом объяснять его причины\", - сказала она.",
                    "Профсоюз портовых рабочих назвал удары безрассудными и обратился в суд с требованием проверить"
                    + " законность приказа. Министерство обороны обещало ответить на иск профсоюза до пятницы."));

    /** A news article: its language, headline and paragraphs. */
    record Article(String language, String headline, List<String> paragraphs) {
        /** The text Claimscope keeps: headline and paragraphs, a blank line between them. */
        String text() {
            return headline + "\n\n" + String.join("\n\n", paragraphs);
        }

        /** A saved page of the article; declaration is the meta element that names the charset, or "". */
        String page(String declaration) {
            StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head>\n").append(declaration)
                    .append("\n<title>").append(headline).append(" | Northgate Wire</title>\n")
                    .append("<meta property=\"og:type\" content=\"article\">\n</head><body>\n")
                    .append("<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\n")
                    .append("<article><h1>").append(headline).append("</h1>\n");
            for (String paragraph : paragraphs) {
                html.append("<p>").append(paragraph.replace("\"", "&quot;")).append("</p>\n");
            }
            return html.append("</article>\n<footer>Northgate Wire, all rights reserved</footer>\n</body></html>\n")
                    .toString();
        }
    }

    private static TikaExtractor extractor;

    @BeforeAll
    static void setUp() {
        extractor = new TikaExtractor(20L * 1024 * 1024);
    }

    @AfterAll
    static void tearDown() {
        extractor.close();
    }

    static Stream<Arguments> legacyArticles() {
        return Stream.of(
                Arguments.of(ENGLISH, "windows-1252"),
                Arguments.of(GERMAN, "ISO-8859-1"),
                Arguments.of(JAPANESE, "Shift_JIS"),
                Arguments.of(RUSSIAN, "KOI8-R"));
    }

    /** The bytes of the text in the charset; fails if the charset cannot hold every character. */
    static byte[] encode(String text, String charset) {
        try {
            ByteBuffer buffer = Charset.forName(charset).newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new AssertionError(charset + " cannot hold the test text", e);
        }
    }

    private static ExtractedText extract(String fileName, byte[] bytes, ExtractOptions options) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> extractor.extract(fileName,
                new ByteArrayInputStream(bytes), options));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("legacyArticles")
    void textFileDecodesExactly(Article article, String charset) {
        byte[] bytes = encode(article.text().replace("\n", "\r\n"), charset);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).as("not UTF-8 by accident").contains("\uFFFD");

        ExtractedText result = extract("article.txt", bytes, ExtractOptions.DEFAULT);

        assertThat(result.text()).isEqualTo(article.text());
        assertThat(result.mediaType()).isEqualTo("text/plain");
        assertThat(result.contentScope()).isEqualTo(ContentScope.FILE);
        assertThat(result.language()).as("detected").isEqualTo(article.language());
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("legacyArticles")
    void pageWithoutDeclaredCharsetDecodesExactly(Article article, String charset) {
        byte[] bytes = encode(article.page(""), charset);

        ExtractedText result = extract("article.html", bytes, ExtractOptions.DEFAULT);

        assertThat(result.text()).isEqualTo(article.text());
        assertThat(result.contentScope()).isEqualTo(ContentScope.ARTICLE);
        assertThat(result.title()).isEqualTo(article.headline());
        assertThat(result.language()).as("detected").isEqualTo(article.language());
        assertThat(TikaExtractor.htmlCharset(bytes).name()).as("charset found by statistics").isIn(charset,
                charset.equals("ISO-8859-1") ? "windows-1252" : charset);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("legacyArticles")
    void pageWithDeclaredCharsetDecodesExactly(Article article, String charset) {
        for (String declaration : List.of("<meta charset=\"" + charset.toLowerCase() + "\">",
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=" + charset + "\">")) {
            byte[] bytes = encode(article.page(declaration), charset);

            ExtractedText result = extract("article.htm", bytes, ExtractOptions.DEFAULT);

            assertThat(result.text()).as(declaration).isEqualTo(article.text());
            assertThat(result.title()).isEqualTo(article.headline());
            assertThat(result.contentScope()).isEqualTo(ContentScope.ARTICLE);
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("legacyArticles")
    void pageReadWholeByTikaDecodesExactlyToo(Article article, String charset) {
        for (String declaration : List.of("", "<meta charset=\"" + charset + "\">")) {
            byte[] bytes = encode(article.page(declaration), charset);

            ExtractedText result = extract("article.html", bytes, WHOLE_PAGE);

            // Tika's path: one line per block, navigation and footer included
            assertThat(result.text().lines().toList()).as(declaration).containsSubsequence(article.headline(),
                    article.paragraphs().get(0), article.paragraphs().get(1), article.paragraphs().get(2));
            assertThat(result.text()).doesNotContain("\uFFFD");
            assertThat(result.contentScope()).isEqualTo(ContentScope.WHOLE_PAGE);
        }
    }

    @Test
    void pageSavedAsUtf8ThatKeptItsLegacyDeclarationIsReadAsUtf8() {
        byte[] bytes = GERMAN.page("<meta charset=\"iso-8859-1\">").getBytes(StandardCharsets.UTF_8);

        assertThat(extract("resaved.html", bytes, ExtractOptions.DEFAULT).text()).isEqualTo(GERMAN.text());
    }

    @Test
    void pageDeclaredUtf8ButSavedInWindows1252IsDetected() {
        byte[] bytes = encode(ENGLISH.page("<meta charset=\"utf-8\">"), "windows-1252");

        assertThat(extract("mislabelled.html", bytes, ExtractOptions.DEFAULT).text()).isEqualTo(ENGLISH.text());
    }

    @Test
    void utf8PageWithAByteOrderMarkAndNoDeclaration() {
        byte[] page = JAPANESE.page("").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[page.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(page, 0, bytes, 3, page.length);

        assertThat(extract("bom.html", bytes, ExtractOptions.DEFAULT).text()).isEqualTo(JAPANESE.text());
    }

    @Test
    void utf16PageWithAByteOrderMark() {
        byte[] bytes = ("\uFEFF" + RUSSIAN.page("")).getBytes(StandardCharsets.UTF_16LE);

        assertThat(extract("utf16.html", bytes, ExtractOptions.DEFAULT).text()).isEqualTo(RUSSIAN.text());
    }
}
