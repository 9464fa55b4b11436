package org.claimscope.document;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The orders a project's documents can be listed in. Text columns sort without regard to case, so
 * H2 and PostgreSQL agree; documents without the value come last in both directions, and the id
 * breaks ties, so paging is stable.
 */
public enum DocumentSort {
    ID("id", "d.id"),
    TITLE("title", "LOWER(d.title)"),
    AUTHOR("author", "LOWER(d.author)"),
    PUBLISHED_AT("publishedAt", "d.publishedAt"),
    SITE_NAME("siteName", "LOWER(d.siteName)"),
    LANGUAGE("language", "LOWER(d.language)"),
    FILE_NAME("fileName", "LOWER(d.fileName)"),
    IMPORTED_AT("importedAt", "d.importedAt"),
    TEXT_LENGTH("textLength", "d.textLength");

    private final String key;
    /** The JPQL expression over {@code Document d}; fixed here, never built from input. */
    final String expression;

    DocumentSort(String key, String expression) {
        this.key = key;
        this.expression = expression;
    }

    /** The name the API and the page use: {@code publishedAt}, {@code siteName}, ... */
    public String key() {
        return key;
    }

    /** The sort with this key, or null. */
    public static DocumentSort byKey(String key) {
        for (DocumentSort sort : values()) {
            if (sort.key.equals(key)) {
                return sort;
            }
        }
        return null;
    }

    /** The keys, for messages. */
    public static String keys() {
        return Arrays.stream(values()).map(DocumentSort::key).collect(Collectors.joining(", "));
    }
}
