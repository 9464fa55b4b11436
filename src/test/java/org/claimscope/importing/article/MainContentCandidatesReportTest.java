package org.claimscope.importing.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measures every article extractor Claimscope considered against the expected texts of test-data/articles/ and
 * prints the table (page × extractor token F1, mean and worst over the articles), also written to
 * target/article-extraction-report.md. Each candidate gets the whole page and the same headline; for the two
 * pages that are not articles, the expected text is the whole page, which only the chosen pipeline (last column:
 * {@link MainContentExtractor}, with its article-or-not decision) is meant to return. Checks that the extractor
 * Claimscope uses is the best measured.
 */
class MainContentCandidatesReportTest {

    @Test
    void theChosenExtractorIsTheBestMeasured() throws IOException {
        List<ArticlePages> pages = ArticlePages.all();
        List<ArticleTextExtractor> candidates = Candidates.all();
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (ArticleTextExtractor candidate : candidates) {
            double[] column = new double[pages.size()];
            for (int i = 0; i < pages.size(); i++) {
                ArticlePages page = pages.get(i);
                column[i] = TokenF1.of(candidate.extract(page.html(), page.baseUri()), page.expectedText()).f1();
            }
            scores.put(candidate.name(), column);
        }
        double[] chosen = new double[pages.size()];
        for (int i = 0; i < pages.size(); i++) {
            ArticlePages page = pages.get(i);
            chosen[i] = TokenF1.of(MainContentExtractor.extract(page.html(), page.baseUri()).text(),
                    page.expectedText()).f1();
        }
        scores.put("MainContentExtractor", chosen);

        String report = table(pages, scores);
        System.out.println(report);
        Path out = Path.of("target", "article-extraction-report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);

        double best = mean(pages, scores.get(new JsoupArticleExtractor().name()), true);
        for (ArticleTextExtractor candidate : candidates) {
            assertThat(best).as("mean F1 of %s against %s", new JsoupArticleExtractor().name(), candidate.name())
                    .isGreaterThanOrEqualTo(mean(pages, scores.get(candidate.name()), true));
        }
        assertThat(worst(pages, chosen, false)).isGreaterThanOrEqualTo(MainContentExtractorTest.MIN_F1);
    }

    private static String table(List<ArticlePages> pages, Map<String, double[]> scores) {
        StringBuilder sb = new StringBuilder();
        sb.append("| page | article |");
        scores.keySet().forEach(name -> sb.append(' ').append(name).append(" |"));
        sb.append('\n').append("| --- | --- |");
        scores.keySet().forEach(name -> sb.append(" ---: |"));
        sb.append('\n');
        for (int i = 0; i < pages.size(); i++) {
            ArticlePages page = pages.get(i);
            sb.append("| ").append(page.name()).append(" | ").append(page.isArticle() ? "yes" : "no").append(" |");
            for (double[] column : scores.values()) {
                sb.append(' ').append(format(column[i])).append(" |");
            }
            sb.append('\n');
        }
        row(sb, "mean, articles", scores, column -> mean(pages, column, true));
        row(sb, "worst article", scores, column -> worst(pages, column, true));
        row(sb, "mean, all pages", scores, column -> mean(pages, column, false));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, Map<String, double[]> scores,
                            java.util.function.ToDoubleFunction<double[]> statistic) {
        sb.append("| **").append(label).append("** | |");
        for (double[] column : scores.values()) {
            sb.append(" **").append(format(statistic.applyAsDouble(column))).append("** |");
        }
        sb.append('\n');
    }

    private static List<Double> values(List<ArticlePages> pages, double[] column, boolean articlesOnly) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            if (!articlesOnly || pages.get(i).isArticle()) {
                values.add(column[i]);
            }
        }
        return values;
    }

    private static double mean(List<ArticlePages> pages, double[] column, boolean articlesOnly) {
        return values(pages, column, articlesOnly).stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static double worst(List<ArticlePages> pages, double[] column, boolean articlesOnly) {
        return values(pages, column, articlesOnly).stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
