package org.claimscope.document;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.claimscope.common.InvalidInputException;

/**
 * A correction of a document's descriptive metadata with JSON merge-patch meaning: a field that is
 * not set keeps its value, a field set to null or blank is cleared (except the title, which a
 * document always has). {@code version}, when given, is the document version the change was made
 * against; a document changed since then is not touched. The text never changes.
 */
public final class MetadataPatch {
    public static final String TITLE = "title";
    public static final String AUTHOR = "author";
    public static final String PUBLISHED_AT = "publishedAt";
    public static final String SITE_NAME = "siteName";
    public static final String SOURCE_URL = "sourceUrl";
    public static final String LANGUAGE = "language";
    /** The fields a patch may carry, in the order they are checked and reported. */
    public static final List<String> FIELDS = List.of(TITLE, AUTHOR, PUBLISHED_AT, SITE_NAME, SOURCE_URL, LANGUAGE);

    private final Map<String, String> values = new LinkedHashMap<>();
    private Long version;

    /** Sets a field; null or blank clears it. */
    public MetadataPatch set(String field, String value) {
        if (!FIELDS.contains(field)) {
            throw new InvalidInputException(field, "unknown field " + field + "; a document's metadata has "
                    + String.join(", ", FIELDS));
        }
        values.put(field, value);
        return this;
    }

    /** The document version the change was made against; null to change whatever is current. */
    public MetadataPatch version(Long version) {
        this.version = version;
        return this;
    }

    public Long version() {
        return version;
    }

    public boolean has(String field) {
        return values.containsKey(field);
    }

    public String get(String field) {
        return values.get(field);
    }

    /** The fields that are set, with their raw values (null clears). */
    public Map<String, String> values() {
        return Collections.unmodifiableMap(values);
    }
}
