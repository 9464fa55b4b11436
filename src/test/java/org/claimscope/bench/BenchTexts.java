package org.claimscope.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Article texts made from the sample articles in {@code test-data/seeds/}: news prose of realistic
 * size, each text distinct so that no import is refused as a duplicate.
 */
final class BenchTexts {
    private static final String[] DESKS = {"Washington", "Caracas", "Bogotá", "Miami", "New York", "Brussels",
            "Geneva", "The Hague", "Mexico City", "London"};

    private final List<String> seeds;
    private final List<String> sentences;

    private BenchTexts(List<String> seeds) {
        this.seeds = seeds;
        List<String> all = new ArrayList<>();
        for (String seed : seeds) {
            for (String paragraph : paragraphs(seed)) {
                for (String sentence : paragraph.split("(?<=[.!?”\"])\\s+")) {
                    if (sentence.split("\\s+").length >= 4) {
                        all.add(sentence.strip());
                    }
                }
            }
        }
        this.sentences = all;
    }

    static BenchTexts load(Path basedir) throws IOException {
        Path dir = basedir.resolve("test-data/seeds");
        List<String> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                seeds.add(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalStateException("no sample articles (*.txt) in " + dir);
        }
        return new BenchTexts(seeds);
    }

    private static List<String> paragraphs(String text) {
        return Stream.of(text.split("\\R")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    /**
     * Article {@code n} (1-based): one sample article with a numbered dateline paragraph of its own in
     * front and one paragraph taken from elsewhere in the samples, so every text is distinct.
     */
    String article(int n) {
        List<String> paragraphs = paragraphs(seeds.get(n % seeds.size()));
        StringBuilder text = new StringBuilder(6_500);
        text.append(String.format("%s, dispatch %03d. This is article %d of the Claimscope benchmark corpus, filed from "
                        + "the %s desk on day %d of the series; it repeats earlier reporting with a new introduction.",
                DESKS[n % DESKS.length].toUpperCase(), n, n, DESKS[(n / DESKS.length) % DESKS.length], 1 + n % 31));
        text.append("\n\n");
        int insertAt = 1 + n % Math.max(1, paragraphs.size() - 1);
        for (int i = 0; i < paragraphs.size(); i++) {
            if (i == insertAt) {
                text.append(sentences.get((n * 7) % sentences.size())).append("\n\n");
            }
            text.append(paragraphs.get(i)).append("\n\n");
        }
        return text.toString().strip() + "\n";
    }

    /**
     * A long read of exactly {@code words} words: the samples' sentences in varying order, five to
     * eight to a paragraph, with a numbered heading every twenty paragraphs.
     */
    String longRead(int words) {
        StringBuilder text = new StringBuilder(words * 7);
        int count = 0;
        int paragraph = 0;
        int next = 0;
        outer:
        while (true) {
            if (paragraph % 20 == 0) {
                String heading = "Part " + (paragraph / 20 + 1) + ": the legal case for and against the strikes";
                int headingWords = heading.split("\\s+").length;
                if (count + headingWords > words) {
                    break;
                }
                text.append(heading).append("\n\n");
                count += headingWords;
            }
            int length = 5 + paragraph % 4;
            for (int s = 0; s < length; s++) {
                // a stride coprime with the number of sentences walks through all of them in a shuffled order
                next = (next + stride()) % sentences.size();
                String[] sentenceWords = sentences.get(next).split("\\s+");
                if (count + sentenceWords.length >= words) {
                    int keep = words - count;
                    if (keep == 0) {
                        break outer;
                    }
                    if (s > 0) {
                        text.append(' ');
                    }
                    String tail = String.join(" ", java.util.Arrays.copyOf(sentenceWords, keep));
                    text.append(tail.endsWith(".") ? tail : tail + ".");
                    count += keep;
                    break outer;
                }
                if (s > 0) {
                    text.append(' ');
                }
                text.append(sentences.get(next));
                count += sentenceWords.length;
            }
            text.append("\n\n");
            paragraph++;
        }
        return text.toString().strip() + "\n";
    }

    /** A step coprime with the number of sentences, so that stepping visits every sentence. */
    private int stride() {
        int stride = 17;
        while (gcd(stride, sentences.size()) != 1) {
            stride++;
        }
        return stride;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    static int wordCount(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }
}
