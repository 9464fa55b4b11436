package org.claimscope.importing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.claimscope.bench.ArticleCorpus;
import org.claimscope.importing.article.LanguageDetector;
import org.claimscope.importing.article.MainContentExtractor;

/**
 * What each part of importing a saved news page costs, on the benchmark's 30 KB pages
 * ({@code ArticleCorpus.page(n, 27000)}), warm, in one thread, best of several rounds: jsoup's parse, bare Tika
 * (AutoDetectParser with a BodyContentHandler), {@link MainContentExtractor#extract(String, String)},
 * {@link LanguageDetector#detect} on the extracted text, and the whole {@link TikaExtractor#extract}.
 *
 * <p>Run its main from the project directory with the test classpath, as {@link ExtractSpeed}'s; an optional
 * argument is the number of rounds (default 10), a second one the name of the only part to time.
 */
public final class ExtractPartsSpeed {
    private static final int PAGES = 100;

    private ExtractPartsSpeed() {
    }

    private interface Work {
        int run(int i) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String only = args.length > 1 ? args[1] : null;
        ArticleCorpus corpus = ArticleCorpus.load(Path.of("."));
        List<String> html = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < PAGES; n++) {
            String page = corpus.page(n, 27000);
            html.add(page);
            bytes.add(page.getBytes(StandardCharsets.UTF_8));
            texts.add(MainContentExtractor.extract(page, "").text());
        }
        System.out.printf(Locale.ROOT, "%d pages, %.1f KB on average%n", PAGES,
                bytes.stream().mapToLong(b -> b.length).sum() / 1024.0 / PAGES);
        AutoDetectParser tika = new AutoDetectParser();
        TikaExtractor extractor = new TikaExtractor(20L * 1024 * 1024);
        String[] names = {"jsoup", "tika", "main-content", "language", "extract"};
        Work[] works = {
            i -> org.jsoup.Jsoup.parse(html.get(i)).childNodeSize(),
            i -> {
                BodyContentHandler handler = new BodyContentHandler(-1);
                tika.parse(new ByteArrayInputStream(bytes.get(i)), handler, new Metadata(), new ParseContext());
                return handler.toString().length();
            },
            i -> MainContentExtractor.extract(html.get(i), "").text().length(),
            i -> LanguageDetector.detect(texts.get(i)).orElse("").length(),
            i -> extractor.extract("page.html", new ByteArrayInputStream(bytes.get(i)), ExtractOptions.DEFAULT)
                    .text().length(),
        };
        double[] best = new double[names.length];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        long sink = 0;
        for (int round = 0; round <= rounds; round++) {
            StringBuilder line = new StringBuilder("round " + round + ":");
            for (int w = 0; w < works.length; w++) {
                if (only != null && !only.equals(names[w])) {
                    continue;
                }
                long start = System.nanoTime();
                for (int i = 0; i < PAGES; i++) {
                    sink += works[w].run(i);
                }
                double ms = (System.nanoTime() - start) / 1e6 / PAGES;
                if (round > 0) {
                    best[w] = Math.min(best[w], ms);
                }
                line.append(String.format(Locale.ROOT, " %s %.2f", names[w], ms));
            }
            System.out.println(line);
        }
        StringBuilder line = new StringBuilder("best ms/page:");
        for (int w = 0; w < works.length; w++) {
            if (only == null || only.equals(names[w])) {
                line.append(String.format(Locale.ROOT, " %s %.2f", names[w], best[w]));
            }
        }
        System.out.println(line + (sink == 42 ? " " : ""));
        extractor.close();
    }
}
