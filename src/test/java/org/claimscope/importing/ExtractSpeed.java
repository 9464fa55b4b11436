package org.claimscope.importing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;

/**
 * What importing a saved news page costs next to bare Tika: builds about 200 article pages of about 30 KB from the
 * pages in test-data/articles (each page's paragraphs repeated with a numbered variation until it reaches the size)
 * and prints milliseconds per file for (a) Tika's AutoDetectParser with a BodyContentHandler and (b)
 * {@link TikaExtractor#extract} with article extraction, after a warm-up round, best of seven rounds.
 *
 * <p>Run its main with the test classpath from the project directory, e.g. after {@code mvn -o -q test-compile
 * dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test}:
 * {@code java -cp "$(cat cp.txt):target/classes:target/test-classes" org.claimscope.importing.ExtractSpeed}.
 */
public final class ExtractSpeed {
    private static final int PAGES = 200;
    private static final int PAGE_BYTES = 30 * 1024;

    private ExtractSpeed() {
    }

    public static void main(String[] args) throws Exception {
        List<byte[]> pages = pages();
        long bytes = pages.stream().mapToLong(p -> p.length).sum();
        System.out.printf(Locale.ROOT, "%d pages, %.1f KB on average%n", pages.size(), bytes / 1024.0 / pages.size());

        AutoDetectParser tika = new AutoDetectParser();
        TikaExtractor extractor = new TikaExtractor(20L * 1024 * 1024);
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        for (int round = 0; round < 8; round++) {
            double bare = time(pages, page -> {
                BodyContentHandler handler = new BodyContentHandler(-1);
                tika.parse(new ByteArrayInputStream(page), handler, new Metadata(), new ParseContext());
                return handler.toString().length();
            });
            double claimscope = time(pages, page -> extractor.extract("page.html", new ByteArrayInputStream(page),
                    ExtractOptions.DEFAULT).text().length());
            if (round > 0) { // the first round warms up the JIT, Tika's registry and the language profiles
                best[0] = Math.min(best[0], bare);
                best[1] = Math.min(best[1], claimscope);
            }
            System.out.printf(Locale.ROOT, "round %d: bare Tika %.2f ms/file, TikaExtractor.extract %.2f ms/file%n",
                    round, bare, claimscope);
        }
        System.out.printf(Locale.ROOT, "best: bare Tika %.2f ms/file, TikaExtractor.extract %.2f ms/file, ratio %.2f%n",
                best[0], best[1], best[1] / best[0]);
        extractor.close();
    }

    private interface Work {
        int run(byte[] page) throws Exception;
    }

    private static double time(List<byte[]> pages, Work work) throws Exception {
        long sink = 0;
        long start = System.nanoTime();
        for (byte[] page : pages) {
            sink += work.run(page);
        }
        long nanos = System.nanoTime() - start;
        if (sink == 42) {
            System.out.print("");
        }
        return nanos / 1e6 / pages.size();
    }

    /** About 200 pages of about 30 KB: every page of test-data/articles, its paragraphs varied and repeated. */
    static List<byte[]> pages() throws IOException {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("test-data", "articles"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".html")).sorted().toList()) {
                sources.add(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        List<byte[]> pages = new ArrayList<>();
        for (int i = 0; pages.size() < PAGES; i++) {
            String source = sources.get(i % sources.size());
            pages.add(grow(source, i).getBytes(StandardCharsets.UTF_8));
        }
        return pages;
    }

    /** The page with its last paragraph repeated, numbered, until the page has about 30 KB. */
    private static String grow(String page, int variant) {
        int end = page.lastIndexOf("</p>");
        int start = end < 0 ? -1 : page.lastIndexOf("<p", end);
        if (start < 0) {
            return page;
        }
        String paragraph = page.substring(start, end + 4);
        StringBuilder grown = new StringBuilder(page.substring(0, end + 4));
        int n = 0;
        while (grown.length() + page.length() - end < PAGE_BYTES) {
            grown.append('\n').append(paragraph.replaceFirst(">", "> (" + variant + "." + n++ + ")"));
        }
        return grown.append(page.substring(end + 4)).toString();
    }
}
