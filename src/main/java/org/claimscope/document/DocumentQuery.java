package org.claimscope.document;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.claimscope.common.InvalidInputException;

/**
 * Which of a project's documents to list, in which order, and which page of them. Every filter is
 * optional (null or blank: no filter) and they combine with AND.
 *
 * @param title         a case-insensitive substring of the title
 * @param author        the author, ignoring case
 * @param siteName      the outlet, ignoring case
 * @param language      the language tag, ignoring case
 * @param publishedFrom the earliest publication date (inclusive), compared with the date part of publishedAt
 * @param publishedTo   the latest publication date (inclusive); with either date, undated documents are left out
 * @param mediaType     the media type, ignoring case
 * @param sort          the order; null: import order
 * @param descending    reverse the order (undated or unknown values still come last)
 * @param offset        how many documents to skip
 * @param limit         the most documents to return; null: all
 */
public record DocumentQuery(String title, String author, String siteName, String language, LocalDate publishedFrom,
                            LocalDate publishedTo, String mediaType, DocumentSort sort, boolean descending, int offset,
                            Integer limit) {
    /** The most documents one request may ask for. */
    public static final int MAX_LIMIT = 1000;

    public DocumentQuery {
        if (offset < 0) {
            throw new InvalidInputException("offset", "offset must be 0 or more, not " + offset);
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new InvalidInputException("limit", "limit must be from 1 to " + MAX_LIMIT + ", not " + limit);
        }
        sort = sort == null ? DocumentSort.ID : sort;
    }

    /** Every document in import order. */
    public static DocumentQuery all() {
        return new DocumentQuery(null, null, null, null, null, null, null, DocumentSort.ID, false, 0, null);
    }

    /** A query from request parameters as a script sends them; a bad value is refused naming the parameter. */
    public static DocumentQuery parse(String q, String author, String siteName, String language, String publishedFrom,
                                      String publishedTo, String mediaType, String sort, String dir, String offset,
                                      String limit) {
        DocumentSort order = DocumentSort.ID;
        if (!blank(sort)) {
            order = DocumentSort.byKey(sort.strip());
            if (order == null) {
                throw new InvalidInputException("sort", "sort must be one of " + DocumentSort.keys() + ", not " + sort);
            }
        }
        boolean descending = false;
        if (!blank(dir)) {
            String d = dir.strip().toLowerCase(Locale.ROOT);
            if (!d.equals("asc") && !d.equals("desc")) {
                throw new InvalidInputException("dir", "dir must be asc or desc, not " + dir);
            }
            descending = d.equals("desc");
        }
        LocalDate from = date("publishedFrom", publishedFrom);
        LocalDate to = date("publishedTo", publishedTo);
        return new DocumentQuery(q, author, siteName, language, from, to, mediaType, order, descending,
                blank(offset) ? 0 : number("offset", offset), blank(limit) ? null : number("limit", limit));
    }

    private static LocalDate date(String parameter, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value.strip());
            if (date.getYear() >= 1 && date.getYear() <= 9999) {
                return date;
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw new InvalidInputException(parameter, parameter + " must be an ISO date such as 2025-12-24, not " + value);
    }

    private static int number(String parameter, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(parameter, parameter + " must be a whole number, not " + value);
        }
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
