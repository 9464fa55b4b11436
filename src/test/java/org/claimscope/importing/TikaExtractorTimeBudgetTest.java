package org.claimscope.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.claimscope.importing.ExtractedText.ContentScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A file whose reading would take longer than the time budget is stopped with a sentence saying so, stores nothing,
 * and leaves the importer able to read the next file: with the budget checked while text arrives (large but
 * legitimate files and a tiny budget), and with the watchdog when a parser hangs without producing anything.
 */
class TikaExtractorTimeBudgetTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);
    private static final long LIMIT = 20L * 1024 * 1024;

    private static byte[] largePage;
    private static byte[] article;

    private TikaExtractor extractor;

    @BeforeAll
    static void pages() throws IOException {
        article = Files.readAllBytes(Path.of("test-data", "articles", "01-wire-service.html"));
        StringBuilder page = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>The full record of the port strike hearings</title>"
                + "<meta property=\"og:type\" content=\"article\"></head><body><article>"
                + "<h1>The full record of the port strike hearings</h1>\n");
        for (int i = 0; page.length() < 6_000_000; i++) {
            page.append("<p>Hearing ").append(i).append(": counsel for the union told the court that the ban on the")
                    .append(" strike at the port of Solterra violates the constitutional right to strike, and the")
                    .append(" state’s lawyers answered that the emergency powers law allows the governor to suspend")
                    .append(" industrial action that threatens essential supplies.</p>\n");
        }
        largePage = page.append("</article></body></html>").toString().getBytes(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void newExtractor() {
        extractor = new TikaExtractor(LIMIT, TikaExtractor.DEFAULT_MAX_CHARS, 1);
    }

    @AfterEach
    void closeExtractor() {
        extractor.close();
    }

    private String rejection(String fileName, byte[] bytes, ExtractOptions options) {
        ImportRejectedException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(
                ImportRejectedException.class, () -> extractor.extract(fileName, new ByteArrayInputStream(bytes),
                        options)));
        assertThat(e.getMessage()).doesNotContain(fileName).doesNotContain("Exception").hasSizeLessThan(300);
        assertThat(Character.isLowerCase(e.getMessage().charAt(0))).isTrue();
        return e.getMessage();
    }

    private ExtractedText extract(String fileName, byte[] bytes, ExtractOptions options) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> extractor.extract(fileName,
                new ByteArrayInputStream(bytes), options));
    }

    /**
     * The stopped parse winds down (within seconds, on a busy machine too), no abandoned parse is left behind, and
     * the next file imports.
     */
    private void assertHealthy() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (extractor.abandonedParses() > 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(extractor.abandonedParses()).isZero();
        ExtractedText next = extract("01-wire-service.html", article, ExtractOptions.DEFAULT);
        assertThat(next.contentScope()).isEqualTo(ContentScope.ARTICLE);
        assertThat(next.text()).startsWith("Marvania defends coastal strikes");
    }

    @Test
    void aLargePageWithinTheDefaultBudgetImports() {
        ExtractedText result = extract("hearings.html", largePage, ExtractOptions.DEFAULT);
        assertThat(result.contentScope()).isEqualTo(ContentScope.ARTICLE);
        assertThat(result.text()).startsWith("The full record of the port strike hearings\n\nHearing 0: counsel");
    }

    @Test
    void aLargePageOverTheBudgetIsStoppedAndTheNextFileImports() throws InterruptedException {
        String message = rejection("hearings.html", largePage, ExtractOptions.DEFAULT.withTimeBudget(
                Duration.ofMillis(5)));

        assertThat(message).isEqualTo("reading the file took longer than the limit of 5 ms; it was stopped and"
                + " nothing was stored");
        assertHealthy();
    }

    @Test
    void aLargePageReadWholeByTikaOverTheBudgetIsStopped() throws InterruptedException {
        ExtractOptions options = new ExtractOptions(false, Duration.ofMillis(20));

        assertThat(rejection("hearings.html", largePage, options)).isEqualTo("reading the file took longer than"
                + " the limit of 20 ms; it was stopped and nothing was stored");
        assertHealthy();
    }

    @Test
    void aLargeLegacyTextFileOverTheBudgetIsStopped() throws InterruptedException {
        byte[] text = new String(largePage, StandardCharsets.UTF_8).replaceAll("<[^>]+>", "")
                .getBytes(Charset.forName("windows-1252"));

        assertThat(rejection("hearings.txt", text, ExtractOptions.DEFAULT.withTimeBudget(Duration.ofMillis(20))))
                .startsWith("reading the file took longer than the limit of 20 ms;");
        assertHealthy();
    }

    @Test
    void aLargeUtf8TextFileOverTheBudgetIsStopped() throws InterruptedException {
        byte[] text = new String(largePage, StandardCharsets.UTF_8).replaceAll("<[^>]+>", "")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(rejection("hearings.txt", text, ExtractOptions.DEFAULT.withTimeBudget(Duration.ofMillis(1))))
                .startsWith("reading the file took longer than the limit of 1 ms;");
        assertHealthy();
    }

    @Test
    void aParserThatHangsIsAbandonedAndFurtherFilesWaitUntilItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        extractor.beforeReading = name -> {
            if (name.equals("stuck.html")) {
                awaitUninterruptibly(release); // a parser that ignores interrupts and produces nothing
            }
        };
        ExtractOptions options = ExtractOptions.DEFAULT.withTimeBudget(Duration.ofMillis(200));
        try {
            long started = System.nanoTime();
            String message = rejection("stuck.html", article, options);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(message).isEqualTo("reading the file took longer than the limit of 200 ms; it was stopped and"
                    + " nothing was stored");
            assertThat(millis).as("the watchdog answers at the deadline").isBetween(150L, 5_000L);
            assertThat(extractor.abandonedParses()).isEqualTo(1);

            assertThat(rejection("next.html", article, options)).isEqualTo("earlier files that took too long to read"
                    + " are still being stopped; nothing was stored, upload this file again in a few minutes");
        } finally {
            release.countDown();
        }
        assertHealthy();
    }

    @Test
    void filesBeyondTheNumberReadAtOnceAreRefusedUntilOneEnds() throws Exception {
        CountDownLatch entered = new CountDownLatch(TikaExtractor.MAX_PARSES);
        CountDownLatch release = new CountDownLatch(1);
        extractor.beforeReading = name -> {
            if (name.startsWith("held-")) {
                entered.countDown();
                awaitUninterruptibly(release);
            }
        };
        ExecutorService callers = Executors.newFixedThreadPool(TikaExtractor.MAX_PARSES);
        try {
            List<Future<ExtractedText>> held = new ArrayList<>();
            for (int i = 0; i < TikaExtractor.MAX_PARSES; i++) {
                String name = "held-" + i + ".html";
                held.add(callers.submit(() -> extractor.extract(name, new ByteArrayInputStream(article))));
            }
            assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();

            assertThat(rejection("one-more.html", article, ExtractOptions.DEFAULT)).isEqualTo("the server is reading"
                    + " too many files at once; nothing was stored, upload this file again in a moment");

            release.countDown();
            for (Future<ExtractedText> future : held) {
                assertThat(future.get(20, TimeUnit.SECONDS).contentScope()).isEqualTo(ContentScope.ARTICLE);
            }
        } finally {
            release.countDown();
            callers.shutdownNow();
        }
        assertHealthy();
    }

    @Test
    void budgetsAreNamedAsAPersonReadsThem() {
        assertThat(TikaExtractor.describeDuration(Duration.ofSeconds(60))).isEqualTo("60 s");
        assertThat(TikaExtractor.describeDuration(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(TikaExtractor.describeDuration(Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(TikaExtractor.describeDuration(Duration.ofMillis(50))).isEqualTo("50 ms");
        assertThat(TikaExtractor.describeDuration(Duration.ofNanos(10))).isEqualTo("1 ms");
    }

    @Test
    void theReportSaysWhatWasKeptOfAPage() {
        ExtractedText article = new ExtractedText("t", "text/html", null, null, null, null, null, null,
                ContentScope.ARTICLE);
        ExtractedText page = new ExtractedText("t", "text/html", null, null, null, null, null, null,
                ContentScope.WHOLE_PAGE);
        ExtractedText pdf = new ExtractedText("t", "application/pdf", null, null, null, null, null, null);

        assertThat(ImportService.importedMessage(article, ExtractOptions.DEFAULT)).isEqualTo(
                "imported (article text; navigation, comments and other page furniture left out)");
        assertThat(ImportService.importedMessage(page, ExtractOptions.DEFAULT)).isEqualTo(
                "imported whole: the page is not a single article");
        assertThat(ImportService.importedMessage(page, ExtractOptions.DEFAULT.withExtractMainContent(false)))
                .isEqualTo("imported whole (article extraction was off)");
        assertThat(pdf.contentScope()).isEqualTo(ContentScope.FILE);
        assertThat(ImportService.importedMessage(pdf, ExtractOptions.DEFAULT)).isEqualTo("imported");
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
