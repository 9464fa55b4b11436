package org.claimscope.importing.article;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The saved news pages in test-data/articles/ with the text and metadata a person expects from each. */
record ArticlePages(String name, String html, String expectedText, JsonObject expected) {
    static final Path DIRECTORY = Path.of("test-data", "articles");

    static List<ArticlePages> all() {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".html")).sorted()
                    .map(ArticlePages::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ArticlePages load(Path html) {
        String file = html.getFileName().toString();
        String name = file.substring(0, file.length() - ".html".length());
        try {
            String page = Files.readString(html, StandardCharsets.UTF_8);
            String text = Files.readString(DIRECTORY.resolve(name + ".expected.txt"), StandardCharsets.UTF_8);
            String json = Files.readString(DIRECTORY.resolve(name + ".expected.json"), StandardCharsets.UTF_8);
            try (JsonReader reader = Json.createReader(new StringReader(json))) {
                return new ArticlePages(name, page, text.strip(), reader.readObject());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page's address: its expected canonical address, else a made-up one. */
    String baseUri() {
        String url = string("canonicalUrl");
        return url != null ? url : "https://news.example/" + name + ".html";
    }

    boolean isArticle() {
        return expected.getBoolean("isArticle");
    }

    /** A string field of the expected metadata; JSON null is null. */
    String string(String field) {
        JsonValue value = expected.get(field);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null
                : expected.getString(field);
    }

    @Override
    public String toString() {
        return name;
    }
}
