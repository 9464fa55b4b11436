package org.claimscope.importing.similarity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The near-duplicate test corpus: the two seed articles, the article pages' expected texts and the republished copies
 * in {@code test-data/near-duplicates/} (see its README), by short name.
 */
final class Corpus {
    /** Each copy and the original it was made from. */
    static final List<String[]> COPIES = List.of(
            new String[] {"000-republished", "seed-000"},
            new String[] {"000-cut-down", "seed-000"},
            new String[] {"002-republished", "seed-002"},
            new String[] {"002-excerpt", "seed-002"},
            new String[] {"01-wire-republished", "article-01"},
            new String[] {"09-arabic-republished", "article-09"},
            new String[] {"zh-republished", "zh-original"});

    private Corpus() {
    }

    static Map<String, String> texts() {
        Path root = projectDir().resolve("test-data");
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("seed-000", read(root.resolve("seeds/000_46d2c2feecc23d2d.txt")));
        texts.put("seed-002", read(root.resolve("seeds/002_f4ff472ac4b69fad.txt")));
        for (Path p : list(root.resolve("articles"), ".expected.txt")) {
            texts.put("article-" + p.getFileName().toString().substring(0, 2), read(p));
        }
        for (Path p : list(root.resolve("near-duplicates"), ".txt")) {
            texts.put(p.getFileName().toString().replace(".txt", ""), read(p));
        }
        return texts;
    }

    /** The original a text was made from, or the text itself. */
    static String original(String name) {
        return COPIES.stream().filter(c -> c[0].equals(name)).map(c -> c[1]).findFirst().orElse(name);
    }

    /** Whether two texts are the same story (one a copy of the other, or both copies of one original). */
    static boolean sameStory(String a, String b) {
        return original(a).equals(original(b));
    }

    static Path projectDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("test-data/near-duplicates"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("test-data/near-duplicates not found above the working directory");
        }
        return dir;
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
