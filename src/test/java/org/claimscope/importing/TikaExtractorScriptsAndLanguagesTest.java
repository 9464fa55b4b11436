package org.claimscope.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.claimscope.importing.ExtractedText.ContentScope;
import org.claimscope.importing.TikaExtractorEncodingsTest.Article;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Right-to-left articles keep their logical order, character for character (no reversal, no mirrored brackets,
 * bidirectional controls kept), also where Latin names and digits sit inside the sentence; and a file that declares
 * no language gets the language of its text, while a declared language wins.
 */
class TikaExtractorScriptsAndLanguagesTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);

    /** Arabic with a Latin name, digits, a case number in brackets, a first-strong isolate and a right-to-left mark. */
    static final Article ARABIC = new Article("ar", "محكمة في سولتيرا تنظر في شرعية إضراب عمال الميناء", List.of(
            "قالت نقابة عمال الميناء يوم الثلاثاء إن قرار الحكومة بحظر الإضراب يخالف الدستور، وإنها ستطعن فيه أمام"
                    + " المحكمة العليا في العاصمة.",
            "وقال المحامي John Hale، الذي يمثل النقابة، إن المادة 14 من قانون العمل لسنة 2019 تكفل حق الإضراب لنحو"
                    + " 1,200 عامل (القضية رقم 3/2025).",
            "وأضاف أن الحكومة استندت إلى تقرير صادر عن \u2068Marvania Port Authority\u2069 في 14 نوفمبر 2025\u200F،"
                    + " لكنها لم تنشره حتى الآن."));

    /** Hebrew with a Latin name, digits, gershayim, a left-to-right isolate and a right-to-left mark. */
    static final Article HEBREW = new Article("he", "בית המשפט העליון ידון בעתירת עובדי הנמל נגד איסור השביתה", List.of(
            "ארגון עובדי הנמל הגיש ביום שלישי עתירה לבית המשפט העליון נגד החלטת הממשלה לאסור את השביתה, בטענה"
                    + " שההחלטה פוגעת בזכות היסוד לשבות.",
            "עורכת הדין Sarah Levin, המייצגת את העובדים, אמרה כי לפי סעיף 7 לחוק משנת 1957 הממשלה אינה רשאית לאסור"
                    + " שביתה של 1,200 עובדים (בג״ץ 4521/25) ללא דיון בכנסת.",
            "לדברי המשרד, הנתונים פורסמו בדוח של \u2066Ministry of Labour\u2069 ב-14 בנובמבר 2025\u200F, והם מעודכנים."));

    static final Article FRENCH = new Article("fr", "Le tribunal de Solterra juge la grève des dockers légale", List.of(
            "Le tribunal administratif de Solterra a estimé lundi que la grève des dockers était légale. « Le droit"
                    + " de grève s’applique aussi aux secteurs essentiels », a déclaré la présidente du tribunal.",
            "Le gouvernement soutenait que l’arrêt de travail menaçait l’approvisionnement en denrées alimentaires et"
                    + " en médicaments. L’avocat du syndicat a salué « un signal clair adressé à tous les employeurs ».",
            "Le ministère de l’Économie dispose de quatre semaines pour faire appel de cette décision."));

    private static TikaExtractor extractor;

    @BeforeAll
    static void setUp() {
        extractor = new TikaExtractor(20L * 1024 * 1024);
    }

    @AfterAll
    static void tearDown() {
        extractor.close();
    }

    private static ExtractedText extract(String fileName, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return assertTimeoutPreemptively(HANG_GUARD, () -> extractor.extract(fileName,
                new ByteArrayInputStream(bytes)));
    }

    static Stream<Arguments> rightToLeft() {
        return Stream.of(Arguments.of(ARABIC), Arguments.of(HEBREW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rightToLeft")
    void rightToLeftTextFileKeepsItsLogicalOrder(Article article) {
        ExtractedText result = extract("article.txt", article.text());

        assertThat(result.text()).isEqualTo(article.text());
        assertLogicalOrder(result.text(), article);
        assertThat(result.language()).as("detected").isEqualTo(article.language());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rightToLeft")
    void rightToLeftPageKeepsItsLogicalOrder(Article article) {
        String page = article.page("<meta charset=\"utf-8\">").replace("<html>",
                "<html lang=\"" + article.language() + "\" dir=\"rtl\">");

        ExtractedText result = extract("article.html", page);

        assertThat(result.text()).isEqualTo(article.text());
        assertLogicalOrder(result.text(), article);
        assertThat(result.contentScope()).isEqualTo(ContentScope.ARTICLE);
        assertThat(result.title()).isEqualTo(article.headline());
        assertThat(result.language()).as("declared").isEqualTo(article.language());

        ExtractedText whole = assertTimeoutPreemptively(HANG_GUARD, () -> extractor.extract("article.html",
                new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)),
                ExtractOptions.DEFAULT.withExtractMainContent(false)));
        assertThat(whole.text().lines()).as("Tika's path too").containsSubsequence(article.headline(),
                article.paragraphs().get(0), article.paragraphs().get(1), article.paragraphs().get(2));
    }

    /** Spelled out, in case the test text itself were ever saved reordered. */
    private static void assertLogicalOrder(String text, Article article) {
        assertThat(Character.getDirectionality(text.codePointAt(0))).as("a right-to-left letter comes first")
                .isIn(Character.DIRECTIONALITY_RIGHT_TO_LEFT, Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC);
        assertThat(text).as("the headline's first word first, not its last").startsWith(
                article.language().equals("ar") ? "محكمة " : "בית ");
        assertThat(text).as("brackets not mirrored, digits not reversed").contains(article.language().equals("ar")
                ? "(القضية رقم 3/2025)" : "(בג״ץ 4521/25)");
        assertThat(text).contains(article.language().equals("ar") ? "John Hale" : "Sarah Levin")
                .contains("1,200").contains("2025\u200F");
        assertThat(text).as("isolates kept").contains(article.language().equals("ar")
                ? "\u2068Marvania Port Authority\u2069" : "\u2066Ministry of Labour\u2069");
    }

    static Stream<Arguments> undeclaredLanguages() {
        return Stream.of(Arguments.of(TikaExtractorEncodingsTest.GERMAN), Arguments.of(FRENCH),
                Arguments.of(ARABIC), Arguments.of(HEBREW), Arguments.of(TikaExtractorEncodingsTest.JAPANESE),
                Arguments.of(TikaExtractorEncodingsTest.RUSSIAN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undeclaredLanguages")
    void aFileThatDeclaresNoLanguageGetsTheLanguageOfItsText(Article article) {
        assertThat(extract("article.txt", article.text()).language()).isEqualTo(article.language());
        assertThat(extract("article.html", article.page("")).language()).isEqualTo(article.language());
        byte[] page = article.page("").getBytes(StandardCharsets.UTF_8);
        ExtractedText whole = assertTimeoutPreemptively(HANG_GUARD, () -> extractor.extract("article.html",
                new ByteArrayInputStream(page), ExtractOptions.DEFAULT.withExtractMainContent(false)));
        assertThat(whole.language()).as("Tika's path").isEqualTo(article.language());
    }

    @Test
    void aDeclaredLanguageWins() {
        String page = TikaExtractorEncodingsTest.GERMAN.page("").replace("<html>", "<html lang=\"de-CH\">");
        assertThat(extract("artikel.html", page).language()).as("the page's own tag, region kept").isEqualTo("de-CH");

        String mislabelled = FRENCH.page("").replace("<html>", "<html lang=\"en\">");
        assertThat(extract("article.html", mislabelled).language()).as("declared, even where it is wrong")
                .isEqualTo("en");

        String contentLanguage = FRENCH.page("<meta http-equiv=\"content-language\" content=\"fr-BE\">");
        assertThat(extract("article.html", contentLanguage).language()).isEqualTo("fr-BE");
    }

    @Test
    void aTextWithoutWordsHasNoLanguage() {
        assertThat(extract("figures.txt", "2025-11-14\t1,200\t3/2025\n2025-11-15\t1,350\t4/2025").language())
                .isNull();
    }
}
