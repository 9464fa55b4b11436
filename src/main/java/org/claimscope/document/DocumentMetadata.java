package org.claimscope.document;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.IllformedLocaleException;
import java.util.Locale;
import org.claimscope.common.InvalidInputException;

/**
 * The rules for metadata a person types in: each value is checked and brought into the form import
 * stores (one line, Unicode NFC; dates as ISO-8601; language as a canonical BCP 47 tag). Every
 * refusal names the field and says what is accepted.
 */
public final class DocumentMetadata {
    public static final int AUTHOR_MAX = 1000;
    public static final int PUBLISHED_AT_MAX = 40;
    public static final int SITE_NAME_MAX = 500;
    public static final int SOURCE_URL_MAX = 2000;
    public static final int LANGUAGE_MAX = 35;

    private DocumentMetadata() {
    }

    /** The value as stored, or null when it clears the field; InvalidInputException when it breaks a rule. */
    public static String normalise(String field, String raw) {
        String value = oneLine(raw);
        if (value == null) {
            if (MetadataPatch.TITLE.equals(field)) {
                throw new InvalidInputException(field, "title cannot be cleared: every document has a title");
            }
            return null;
        }
        return switch (field) {
            case MetadataPatch.TITLE -> limit(field, value, Document.TITLE_MAX);
            case MetadataPatch.AUTHOR -> limit(field, value, AUTHOR_MAX);
            case MetadataPatch.SITE_NAME -> limit(field, value, SITE_NAME_MAX);
            case MetadataPatch.PUBLISHED_AT -> limit(field, isoDate(value), PUBLISHED_AT_MAX);
            case MetadataPatch.SOURCE_URL -> limit(field, url(value), SOURCE_URL_MAX);
            case MetadataPatch.LANGUAGE -> limit(field, language(value), LANGUAGE_MAX);
            default -> throw new InvalidInputException(field, "unknown field " + field + "; a document's metadata has "
                    + String.join(", ", MetadataPatch.FIELDS));
        };
    }

    /** NFC, control characters removed, runs of white space as one space, stripped; blank becomes null. */
    static String oneLine(String raw) {
        if (raw == null) {
            return null;
        }
        String value = Normalizer.normalize(raw, Normalizer.Form.NFC)
                .replaceAll("[\\p{Cc}&&[^\\s]]", "")
                .replaceAll("\\s+", " ").strip();
        return value.isEmpty() ? null : value;
    }

    private static String limit(String field, String value, int max) {
        if (value.length() > max) {
            throw new InvalidInputException(field, field + " may be at most " + max + " characters long; this one has "
                    + value.length());
        }
        return value;
    }

    /**
     * An ISO-8601 date ({@code 2025-12-24}), local date-time ({@code 2025-12-24T10:15}, kept as its date, as import
     * does) or date-time with offset or zone ({@code 2025-12-24T10:15:00Z}, {@code 2025-12-24T05:15:00-05:00}, kept
     * with its offset).
     */
    static String isoDate(String value) {
        String v = value;
        if (v.length() > 10 && v.charAt(10) == ' ' && Character.isDigit(v.charAt(0))) {
            v = v.substring(0, 10) + "T" + v.substring(11).replace(" ", "");
        }
        String result = null;
        int year = 0;
        try {
            OffsetDateTime t = OffsetDateTime.parse(v);
            year = t.getYear();
            result = t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            // next form
        }
        if (result == null) {
            try {
                OffsetDateTime t = ZonedDateTime.parse(v).toOffsetDateTime();
                year = t.getYear();
                result = t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                // next form
            }
        }
        if (result == null) {
            try {
                LocalDate d = LocalDateTime.parse(v).toLocalDate();
                year = d.getYear();
                result = d.toString();
            } catch (DateTimeParseException e) {
                // next form
            }
        }
        if (result == null) {
            try {
                LocalDate d = LocalDate.parse(v);
                year = d.getYear();
                result = d.toString();
            } catch (DateTimeParseException e) {
                // refused below
            }
        }
        if (result == null || year < 1 || year > 9999) {
            throw new InvalidInputException(MetadataPatch.PUBLISHED_AT, "publishedAt must be an ISO-8601 date "
                    + "(2025-12-24), local date-time (2025-12-24T10:15) or date-time with offset (2025-12-24T10:15:00Z, "
                    + "2025-12-24T05:15:00-05:00) with a year from 1 to 9999, not \"" + shorten(value) + "\"");
        }
        return result;
    }

    /** An absolute http or https URL with a host. */
    static String url(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isEmpty()) {
                return value;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw new InvalidInputException(MetadataPatch.SOURCE_URL, "sourceUrl must be an absolute http or https URL "
                + "such as https://example.org/news/article, not \"" + shorten(value) + "\"");
    }

    /** A well-formed BCP 47 tag with a language, in canonical form ({@code en}, {@code en-GB}, {@code pt-BR}). */
    static String language(String value) {
        String v = value.replace('_', '-');
        try {
            Locale locale = new Locale.Builder().setLanguageTag(v).build(); // refuses tags that are not well-formed
            String tag = Locale.forLanguageTag(v).toLanguageTag();
            if (!locale.getLanguage().isEmpty() && !locale.getLanguage().equals("und") && !tag.startsWith("und")) {
                return tag;
            }
        } catch (IllformedLocaleException e) {
            // refused below
        }
        throw new InvalidInputException(MetadataPatch.LANGUAGE, "language must be a BCP 47 language tag such as en, "
                + "de-CH or pt-BR, not \"" + shorten(value) + "\"");
    }

    private static String shorten(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }
}
