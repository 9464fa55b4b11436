package org.claimscope.importing.article;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Reads a page's title, author, publication time, site name, canonical address and declared language from its
 * {@code meta} tags (Open Graph, Dublin Core and the usual names), its JSON-LD (schema.org {@code NewsArticle} and
 * relatives, also inside {@code @graph} and through {@code @id} references), its microdata ({@code itemprop}), and
 * finally from the page itself: the {@code <title>} minus the site's name, bylines, {@code <time datetime>} in the
 * article.
 */
public final class HtmlMetadataReader {
    /** Found once: {@link Json#createReader} looks the provider up again with every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private HtmlMetadataReader() {
    }

    /** Never null; the fields the page does not give are null. The document is not changed. */
    public static ArticleMetadata read(Document doc) {
        return read(doc, true);
    }

    /**
     * As {@link #read(Document)}; without {@code lookInBody}, only the head, the JSON-LD and the {@code h1} count,
     * not bylines and {@code <time>} elements (whose search costs time proportional to the page's depth).
     */
    static ArticleMetadata read(Document doc, boolean lookInBody) {
        return read(doc, lookInBody, JsonLd.objects(doc));
    }

    /**
     * What a page says about itself and whether its structured data calls it an article or a listing: the same as
     * {@link #read(Document)}, {@link #declaresArticle} and {@link #declaresListing}, with the JSON-LD read once.
     */
    record Reading(ArticleMetadata metadata, boolean declaresArticle, boolean declaresListing) {
    }

    static Reading readWithDeclarations(Document doc) {
        List<JsonObject> objects = JsonLd.objects(doc);
        return new Reading(read(doc, true, objects), declaresArticle(doc, objects),
                JsonLd.describesListing(objects));
    }

    private static ArticleMetadata read(Document doc, boolean lookInBody, List<JsonObject> objects) {
        Map<String, List<String>> meta = metaTags(doc);
        JsonLd ld = JsonLd.of(objects);

        String siteName = firstNonNull(clean(first(meta, "og:site_name")), clean(ld.publisher),
                clean(first(meta, "application-name")));
        String title = title(doc, meta, ld, siteName);
        if (siteName == null) {
            siteName = siteFromTitle(doc.title(), title);
        }
        return new ArticleMetadata(title, author(doc, meta, ld, siteName, lookInBody),
                publishedAt(doc, meta, ld, lookInBody), siteName, canonicalUrl(doc, meta), language(doc, meta));
    }

    // ---- title ----

    private static final Pattern TITLE_SEPARATOR = Pattern.compile("\\s+(?:\\||-|–|—|::|·|»|•)\\s+");

    private static String title(Document doc, Map<String, List<String>> meta, JsonLd ld, String siteName) {
        String title = firstNonNull(clean(first(meta, "og:title")), clean(ld.headline),
                clean(first(meta, "twitter:title")), titleWithoutSite(doc, siteName),
                clean(first(meta, "dc.title")), clean(first(meta, "headline")), h1(doc));
        return title == null ? null : withoutSuffix(title, siteName);
    }

    private static String withoutSuffix(String title, String siteName) {
        if (siteName == null) {
            return title;
        }
        String[] parts = TITLE_SEPARATOR.split(title);
        if (parts.length > 1 && parts[parts.length - 1].equalsIgnoreCase(siteName)) {
            return clean(title.substring(0, title.length() - siteName.length()).replaceAll("\\s*\\S+\\s*$", ""));
        }
        return title;
    }

    /** The {@code <title>}'s part that is the headline: the one the page's h1 repeats, else the longest. */
    private static String titleWithoutSite(Document doc, String siteName) {
        String full = clean(doc.title());
        if (full == null) {
            return null;
        }
        String[] parts = TITLE_SEPARATOR.split(full);
        if (parts.length == 1) {
            return full;
        }
        String h1 = h1(doc);
        if (h1 != null) {
            // the h1 may itself contain a separator: try every run of parts from the start or to the end
            for (int n = parts.length - 1; n >= 1; n--) {
                String head = String.join(" ", java.util.Arrays.copyOfRange(parts, 0, n));
                String tail = String.join(" ", java.util.Arrays.copyOfRange(parts, parts.length - n, parts.length));
                if (sameWords(head, h1)) {
                    return full.substring(0, prefixLength(full, n));
                }
                if (sameWords(tail, h1)) {
                    return clean(full.substring(full.length() - suffixLength(full, n)));
                }
            }
        }
        String longest = parts[0];
        for (String part : parts) {
            if (part.length() > longest.length()) {
                longest = part;
            }
        }
        return longest;
    }

    private static int prefixLength(String full, int parts) {
        var matcher = TITLE_SEPARATOR.matcher(full);
        int end = full.length();
        for (int i = 0; i < parts && matcher.find(); i++) {
            end = matcher.start();
        }
        return end;
    }

    private static int suffixLength(String full, int parts) {
        var matcher = TITLE_SEPARATOR.matcher(full);
        List<Integer> ends = new ArrayList<>();
        while (matcher.find()) {
            ends.add(matcher.end());
        }
        return full.length() - ends.get(ends.size() - parts);
    }

    /** The site's name from a {@code <title>} such as "Headline | Site" or "Site :: Headline". */
    private static String siteFromTitle(String rawTitle, String headline) {
        String full = clean(rawTitle);
        if (full == null || headline == null) {
            return null;
        }
        String[] parts = TITLE_SEPARATOR.split(full);
        if (parts.length < 2) {
            return null;
        }
        String firstPart = parts[0];
        String lastPart = parts[parts.length - 1];
        String candidate = null;
        if (full.startsWith(headline) || sameWords(firstPart, headline)) {
            candidate = lastPart;
        } else if (full.endsWith(headline) || sameWords(lastPart, headline)) {
            candidate = firstPart;
        }
        return candidate != null && HtmlBlocks.wordCount(candidate) <= 5 && !sameWords(candidate, headline)
                ? candidate : null;
    }

    private static String h1(Document doc) {
        for (Element h1 : doc.select("h1")) {
            String text = clean(h1.text());
            if (text != null && HtmlBlocks.wordCount(text) >= 2) {
                return text;
            }
        }
        return null;
    }

    static boolean sameWords(String a, String b) {
        return a != null && b != null && words(a).equals(words(b));
    }

    /**
     * The words of s as {@link #sameWords} compares them: NFKC, lower case, curly apostrophes straight, every run
     * of characters that are neither letters nor numbers one space, none at either end.
     */
    static String words(String s) {
        if (isPlain(s)) {
            return plainWords(s);
        }
        // (curly apostrophes need no straightening: neither they nor the straight one are letters or numbers)
        String folded = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder words = new StringBuilder(folded.length());
        boolean gap = false;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (isLetterOrNumber(cp)) {
                if (gap && !words.isEmpty()) {
                    words.append(' ');
                }
                gap = false;
                words.appendCodePoint(cp);
            } else {
                gap = true;
            }
        }
        return words.toString();
    }

    /**
     * Whether s holds only ASCII and common punctuation that is no letter or number before or after NFKC and
     * composes with nothing (no-break space, curly quotes, guillemets, dashes, ellipsis): text whose words NFKC and
     * lower case cannot change beyond ASCII case.
     */
    private static boolean isPlain(String s) {
        return isPlain(s, 0);
    }

    /** Whether s from index from on {@link #isPlain is plain}. */
    private static boolean isPlain(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 && !isPlainPunctuation(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlainPunctuation(char c) {
        return c == '\u00A0' || c == '\u00AB' || c == '\u00BB' || c == '\u2013' || c == '\u2014' || c == '\u2018'
                || c == '\u2019' || c == '\u201C' || c == '\u201D' || c == '\u2026';
    }

    /**
     * Whether {@code words(text).equals(words)}; for plain text compared as it is read, up to the first
     * difference.
     */
    static boolean hasWords(String text, String words) {
        int k = 0;
        boolean gap = false;
        boolean started = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean upper = c >= 'A' && c <= 'Z';
            if (upper || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                if (gap && started) {
                    if (k >= words.length() || words.charAt(k) != ' ') {
                        return !isPlain(text, i) && words(text).equals(words);
                    }
                    k++;
                }
                gap = false;
                started = true;
                char lower = upper ? (char) (c + ('a' - 'A')) : c;
                if (k >= words.length() || words.charAt(k) != lower) {
                    return !isPlain(text, i) && words(text).equals(words);
                }
                k++;
            } else if (c >= 0x80 && !isPlainPunctuation(c)) {
                return words(text).equals(words);
            } else {
                gap = true;
            }
        }
        return k == words.length();
    }

    /** {@link #words} of a text that {@link #isPlain}: ASCII letters and digits, lower case, one space between. */
    private static String plainWords(String s) {
        StringBuilder words = new StringBuilder(s.length());
        boolean gap = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean upper = c >= 'A' && c <= 'Z';
            if (upper || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                if (gap && !words.isEmpty()) {
                    words.append(' ');
                }
                gap = false;
                words.append(upper ? (char) (c + ('a' - 'A')) : c);
            } else {
                gap = true;
            }
        }
        return words.toString();
    }

    /** The regular expression classes {@code \p{L}} and {@code \p{N}}. */
    private static boolean isLetterOrNumber(int cp) {
        int type = Character.getType(cp);
        return Character.isLetter(cp) || type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    // ---- author ----

    private static String author(Document doc, Map<String, List<String>> meta, JsonLd ld, String siteName,
                                 boolean lookInBody) {
        for (String key : List.of("author", "article:author", "dc.creator", "dcterms.creator", "byl",
                "parsely-author", "sailthru.author")) {
            List<String> names = new ArrayList<>();
            for (String value : meta.getOrDefault(key, List.of())) {
                String name = clean(value);
                if (name != null && !looksLikeUrl(name) && !name.equalsIgnoreCase(siteName)) {
                    names.add(stripByPrefix(name));
                }
            }
            if (!names.isEmpty()) {
                return join(names);
            }
        }
        if (!ld.authors.isEmpty()) {
            return join(ld.authors);
        }
        if (!lookInBody) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Element element : doc.select("[itemprop=author]")) {
            Element name = element.selectFirst("[itemprop=name]");
            String value = name != null ? (name.hasAttr("content") ? name.attr("content") : name.text())
                    : element.hasAttr("content") ? element.attr("content") : element.text();
            addNames(value, names);
        }
        if (names.isEmpty()) {
            for (Element link : doc.select("a[rel~=(?i)^author$], [class~=(?i)^(byline|author|author-name)$] a[href]")) {
                addNames(link.text(), names);
            }
        }
        if (names.isEmpty()) {
            for (Element byline : doc.select("[class~=(?i)^(byline|author|author-name|byline__name)$]")) {
                addNames(byline.text(), names);
                if (!names.isEmpty()) {
                    break;
                }
            }
        }
        if (names.isEmpty()) {
            // pages without markup: the first short line that reads "By Jane Doe"
            Element body = doc.body();
            for (HtmlBlocks.Block block : body == null ? List.<HtmlBlocks.Block>of() : HtmlBlocks.of(body)) {
                if (Boilerplate.isByline(block.text())) {
                    addNames(block.text(), names);
                    break;
                }
            }
        }
        return names.isEmpty() ? null : join(names);
    }

    private static final Pattern BY_PREFIX = Pattern.compile(
            "^(?i:by|von|par|por|di|door|av|af|przez|автор|بقلم|كتب)\\s*:?\\s+");
    private static final Pattern NAME_SEPARATOR = Pattern.compile("\\s+(?:and|und|et|y|e|og|och|&|و)\\s+|\\s*;\\s*");

    /** "By Jane Doe and John Roe, Staff Writers" → Jane Doe, John Roe. */
    private static void addNames(String raw, List<String> into) {
        String value = clean(raw);
        if (value == null || looksLikeUrl(value)) {
            return;
        }
        value = stripByPrefix(value);
        int cut = indexOfAny(value, ",", " · ", " | ", " - ", " – ", " — ", "(");
        if (cut > 0) {
            value = value.substring(0, cut).strip();
        }
        for (String name : NAME_SEPARATOR.split(value)) {
            String cleaned = clean(name);
            if (cleaned != null && HtmlBlocks.wordCount(cleaned) <= 5) {
                into.add(cleaned);
            }
        }
    }

    private static String stripByPrefix(String value) {
        return BY_PREFIX.matcher(value).replaceFirst("").strip();
    }

    private static int indexOfAny(String value, String... needles) {
        int best = -1;
        for (String needle : needles) {
            int i = value.indexOf(needle);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    private static String join(List<String> names) {
        Set<String> unique = new LinkedHashSet<>();
        for (String name : names) {
            String cleaned = clean(name);
            if (cleaned != null) {
                unique.add(cleaned);
            }
        }
        return unique.isEmpty() ? null : String.join("; ", unique);
    }

    // ---- publication time ----

    private static String publishedAt(Document doc, Map<String, List<String>> meta, JsonLd ld,
                                      boolean lookInBody) {
        for (String key : List.of("article:published_time", "og:published_time", "datepublished",
                "dcterms.created", "dcterms.issued", "dc.date.issued", "dc.date.created", "dc.date", "date",
                "pubdate", "publishdate", "publish-date", "parsely-pub-date", "sailthru.date")) {
            String value = isoDate(first(meta, key));
            if (value != null) {
                return value;
            }
        }
        String value = isoDate(ld.datePublished);
        if (value != null || !lookInBody) {
            return value;
        }
        for (Element element : doc.select("[itemprop=datePublished]")) {
            value = isoDate(element.hasAttr("content") ? element.attr("content")
                    : element.hasAttr("datetime") ? element.attr("datetime") : element.text());
            if (value != null) {
                return value;
            }
        }
        // the first <time datetime> in the article, else in the main part, else anywhere; each judged once (one
        // judged before gave no date, or it would have been returned), so that nested articles cost no more
        Set<Element> judged = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String scope : List.of("article", "main, [role=main]", "body")) {
            for (Element container : doc.select(scope)) {
                for (Element time : container.select("time[datetime]")) {
                    if (!judged.add(time) || time.closest("[class*=comment], [id*=comment]") != null) {
                        continue;
                    }
                    value = isoDate(time.attr("datetime"));
                    if (value != null) {
                        return value;
                    }
                }
            }
        }
        return null;
    }

    private static final DateTimeFormatter OFFSET_WITHOUT_COLON = DateTimeFormatter.ofPattern(
            "uuuu-MM-dd'T'HH:mm[:ss][.SSSSSSSSS][.SSSSSS][.SSS]xx");

    /**
     * ISO-8601 as the rest of Claimscope keeps it: an offset date-time with its offset ({@code Z} for UTC), a
     * date-time without zone reduced to its date, a date as it is; anything else null. The one reading of dates in
     * files that the import uses, for web pages and for the properties Tika reads from other files.
     */
    public static String isoDate(String raw) {
        String v = clean(raw);
        if (v == null) {
            return null;
        }
        if (v.length() > 10 && v.charAt(10) == ' ' && Character.isDigit(v.charAt(0))) {
            v = v.substring(0, 10) + "T" + v.substring(11).replace(" ", "");
        }
        try {
            return OffsetDateTime.parse(v).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return ZonedDateTime.parse(v).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return OffsetDateTime.parse(v, OFFSET_WITHOUT_COLON).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDateTime.parse(v).toLocalDate().toString();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDate.parse(v).toString();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toOffsetDateTime()
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ---- address and language ----

    private static String canonicalUrl(Document doc, Map<String, List<String>> meta) {
        for (Element link : doc.select("link[rel][href]")) {
            if (List.of(link.attr("rel").toLowerCase(Locale.ROOT).split("\\s+")).contains("canonical")) {
                String url = link.absUrl("href");
                url = url.isEmpty() ? link.attr("href").strip() : url;
                if (looksLikeUrl(url)) {
                    return url;
                }
            }
        }
        String og = clean(first(meta, "og:url"));
        return og != null && looksLikeUrl(og) ? og : null;
    }

    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");

    private static String language(Document doc, Map<String, List<String>> meta) {
        Element root = doc.selectFirst("html");
        String language = root == null ? null : firstNonNull(bcp47(root.attr("lang")), bcp47(root.attr("xml:lang")));
        return firstNonNull(language, bcp47(first(meta, "content-language")), bcp47(first(meta, "og:locale")),
                bcp47(first(meta, "dc.language")), bcp47(first(meta, "dcterms.language")),
                bcp47(first(meta, "language")));
    }

    /** A BCP 47 tag in canonical case ({@code en}, {@code en-GB}, {@code pt-BR}), or null; for every kind of file. */
    public static String bcp47(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        int comma = v.indexOf(',');
        if (comma >= 0) {
            v = v.substring(0, comma).strip();
        }
        v = v.replace('_', '-');
        if (!LANGUAGE_TAG.matcher(v).matches()) {
            return null;
        }
        String tag = Locale.forLanguageTag(v).toLanguageTag();
        return tag.isEmpty() || tag.equals("und") ? null : tag;
    }

    // ---- meta tags and JSON-LD ----

    /** Every {@code meta} with content, by lower-cased property, name, itemprop or http-equiv, in page order. */
    private static Map<String, List<String>> metaTags(Document doc) {
        Map<String, List<String>> meta = new LinkedHashMap<>();
        for (Element element : doc.select("meta[content]")) {
            String content = element.attr("content");
            if (content.isBlank()) {
                continue;
            }
            for (String attribute : List.of("property", "name", "itemprop", "http-equiv")) {
                String key = element.attr(attribute).strip().toLowerCase(Locale.ROOT);
                if (!key.isEmpty()) {
                    meta.computeIfAbsent(key, k -> new ArrayList<>()).add(content);
                }
            }
        }
        return meta;
    }

    private static String first(Map<String, List<String>> meta, String key) {
        List<String> values = meta.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private record JsonLd(String headline, List<String> authors, String datePublished, String publisher) {
        private static final Set<String> ARTICLE_TYPES = Set.of("Article", "NewsArticle", "ReportageNewsArticle",
                "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
                "AskPublicNewsArticle", "LiveBlogPosting", "BlogPosting", "SocialMediaPosting", "Report",
                "ScholarlyArticle", "TechArticle", "SatiricalArticle", "AdvertiserContentArticle");
        private static final JsonLd NONE = new JsonLd(null, List.of(), null, null);

        static JsonLd of(List<JsonObject> objects) {
            Map<String, JsonObject> byId = new HashMap<>();
            for (JsonObject object : objects) {
                String id = string(object.get("@id"));
                if (id != null) {
                    byId.putIfAbsent(id, object);
                }
            }
            JsonObject article = null;
            for (JsonObject object : objects) {
                if (isArticleType(object)) {
                    article = object;
                    break;
                }
            }
            if (article == null) {
                return NONE;
            }
            List<String> authors = new ArrayList<>();
            JsonValue author = article.get("author");
            if (author instanceof JsonArray array) {
                array.forEach(value -> addName(resolve(value, byId), authors));
            } else if (author != null) {
                addName(resolve(author, byId), authors);
            }
            String publisher = null;
            if (resolve(article.get("publisher"), byId) instanceof JsonObject object) {
                publisher = string(object.get("name"));
            }
            return new JsonLd(clean(string(article.get("headline"))), authors,
                    string(article.get("datePublished")), publisher);
        }

        /** Whether the page's JSON-LD describes it as an article, a blog post or a live blog. */
        static boolean describesArticle(List<JsonObject> objects) {
            return objects.stream().anyMatch(JsonLd::isArticleType);
        }

        /** Whether the page's JSON-LD describes it as a list of other pages: a section front, search results. */
        static boolean describesListing(List<JsonObject> objects) {
            return objects.stream().anyMatch(object -> types(object).stream().anyMatch(type ->
                    type.equals("CollectionPage") || type.equals("SearchResultsPage") || type.equals("ItemList")));
        }

        private static boolean isArticleType(JsonObject object) {
            return types(object).stream().anyMatch(ARTICLE_TYPES::contains);
        }

        private static List<String> types(JsonObject object) {
            JsonValue type = object.get("@type");
            List<String> types = new ArrayList<>();
            if (type instanceof JsonString s) {
                types.add(stripSchema(s.getString()));
            } else if (type instanceof JsonArray array) {
                array.forEach(value -> {
                    if (value instanceof JsonString s) {
                        types.add(stripSchema(s.getString()));
                    }
                });
            }
            return types;
        }

        private static String stripSchema(String type) {
            int slash = type.lastIndexOf('/');
            return slash >= 0 ? type.substring(slash + 1) : type;
        }

        /** The JSON-LD objects of the page, {@code @graph} members included, in page order. */
        static List<JsonObject> objects(Document doc) {
            List<JsonObject> objects = new ArrayList<>();
            for (Element script : doc.select("script[type=application/ld+json]")) {
                try (JsonReader reader = JSON.createReader(new StringReader(script.data()))) {
                    collect(reader.readValue(), objects, 0);
                } catch (RuntimeException e) {
                    // malformed JSON-LD is common; the page's other metadata still counts
                }
            }
            return objects;
        }

        private static void collect(JsonValue value, List<JsonObject> into, int depth) {
            if (depth > 3) {
                return;
            }
            if (value instanceof JsonArray array) {
                array.forEach(v -> collect(v, into, depth + 1));
            } else if (value instanceof JsonObject object) {
                into.add(object);
                if (object.get("@graph") instanceof JsonArray graph) {
                    graph.forEach(v -> collect(v, into, depth + 1));
                }
            }
        }

        /** {"@id": "..."} points at another object of the graph. */
        private static JsonValue resolve(JsonValue value, Map<String, JsonObject> byId) {
            if (value instanceof JsonObject object && object.size() == 1 && object.containsKey("@id")) {
                JsonObject target = byId.get(string(object.get("@id")));
                return target != null ? target : value;
            }
            return value;
        }

        private static void addName(JsonValue value, List<String> into) {
            String name = value instanceof JsonObject object ? string(object.get("name")) : string(value);
            name = clean(name);
            if (name != null && !looksLikeUrl(name)) {
                into.add(name);
            }
        }

        private static String string(JsonValue value) {
            return value instanceof JsonString s ? s.getString() : null;
        }
    }

    /** Whether the page's structured data calls it an article: JSON-LD, Open Graph or microdata. */
    static boolean declaresArticle(Document doc) {
        return declaresArticle(doc, JsonLd.objects(doc));
    }

    private static boolean declaresArticle(Document doc, List<JsonObject> objects) {
        Element ogType = doc.selectFirst("meta[property=og:type][content]");
        if (ogType != null && ogType.attr("content").strip().toLowerCase(Locale.ROOT).startsWith("article")) {
            return true;
        }
        for (Element element : doc.select("[itemscope][itemtype]")) {
            String type = element.attr("itemtype");
            String name = type.substring(type.lastIndexOf('/') + 1);
            if (JsonLd.ARTICLE_TYPES.contains(name)) {
                return true;
            }
        }
        return JsonLd.describesArticle(objects);
    }

    /** Whether the page's structured data calls it a list of pages (JSON-LD CollectionPage, SearchResultsPage). */
    static boolean declaresListing(Document doc) {
        return JsonLd.describesListing(JsonLd.objects(doc));
    }

    private static boolean looksLikeUrl(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return (lower.startsWith("http://") || lower.startsWith("https://")) && !lower.contains(" ");
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static final Pattern WHITE_SPACE = Pattern.compile("[\\s\\u00A0]+");

    /** One line: NFC, white space collapsed, blank becomes null. */
    static String clean(String value) {
        if (value == null) {
            return null;
        }
        String normalized = WHITE_SPACE.matcher(Normalizer.normalize(value, Normalizer.Form.NFC)).replaceAll(" ")
                .strip();
        return normalized.isEmpty() ? null : normalized;
    }
}
