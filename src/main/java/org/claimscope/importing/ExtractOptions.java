package org.claimscope.importing;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link TikaExtractor} reads one file.
 *
 * @param extractMainContent for a saved web page: keep only the article (headline, paragraphs, sub-headings, quotes,
 *                           lists), without navigation, comments, related links and advertisements, when the page is
 *                           one article; when false, or when the page is not an article, its whole visible text is
 *                           kept. Other kinds of file are always kept whole.
 * @param timeBudget         how long reading one file may take once it has been received; a file that takes longer
 *                           is stopped and nothing of it is stored. Positive.
 */
public record ExtractOptions(boolean extractMainContent, Duration timeBudget) {
    /** Article extraction on, one minute per file. */
    public static final ExtractOptions DEFAULT = new ExtractOptions(true, Duration.ofSeconds(60));

    public ExtractOptions {
        Objects.requireNonNull(timeBudget, "timeBudget");
        if (timeBudget.isZero() || timeBudget.isNegative()) {
            throw new IllegalArgumentException("timeBudget must be positive: " + timeBudget);
        }
    }

    public ExtractOptions withExtractMainContent(boolean extract) {
        return new ExtractOptions(extract, timeBudget);
    }

    public ExtractOptions withTimeBudget(Duration budget) {
        return new ExtractOptions(extractMainContent, budget);
    }
}
