package org.claimscope.importing.bundle;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.claimscope.annotation.CodePointText;
import org.claimscope.annotation.SetState;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.codebook.CodebookValidator;
import org.claimscope.common.InvalidInputException;
import org.claimscope.common.TooLargeException;

/**
 * Reads an export bundle (a ZIP written by {@code BundleExporter}) from a file: its codebook, its datasheet and, as a
 * stream, one document per line of {@code jsonl/corpus.jsonl}. Only the current line is held in memory. Every problem
 * is an {@link InvalidInputException} on the field {@code file} whose message names the line (and the document and
 * annotation) at fault.
 *
 * <p>What is read is bounded, whatever the ZIP declares: all entries together (in each pass over the corpus) unpack
 * to at most {@link Limits#maxUnpackedBytes} and to at most {@link Limits#maxRatio} times the size of the ZIP (a zip bomb stops
 * there), a line holds at most {@link Limits#maxLineChars} characters, the codebook and the datasheet at most
 * {@link Limits#maxSmallFileBytes} bytes, and the corpus at most {@link Limits#maxDocuments} documents.
 */
public final class BundleReader implements Closeable {
    static final String CORPUS = "jsonl/corpus.jsonl";
    static final String CODEBOOK = "codebook.json";
    static final String README = "README.md";
    /** Unpacked bytes allowed whatever the ratio, so that a tiny bundle is never refused as a bomb. */
    static final long RATIO_FLOOR = 1L << 20;

    /**
     * How much a bundle may unpack to.
     *
     * @param maxUnpackedBytes  all entries read, together
     * @param maxRatio          unpacked bytes per byte of the ZIP (beyond the first MiB)
     * @param maxLineChars      characters in one line of the corpus (one document with its annotations)
     * @param maxSmallFileBytes bytes of {@code codebook.json} and of {@code README.md}
     * @param maxDocuments      lines (documents) in the corpus
     */
    public record Limits(long maxUnpackedBytes, double maxRatio, int maxLineChars, int maxSmallFileBytes,
                         int maxDocuments) {
        /** 4 GiB unpacked at most 200 times the ZIP, 64 Mi characters a line, 4 MiB codebook, the given documents. */
        public static Limits defaults(long maxUnpackedBytes, int maxDocuments) {
            return new Limits(maxUnpackedBytes, 200, 64 << 20, 4 << 20, maxDocuments);
        }
    }

    /** Receives the documents one by one. */
    @FunctionalInterface
    public interface Visitor {
        void document(BundleDocument document);
    }

    private final ZipFile zip;
    private final Limits limits;
    private final long budget;
    private final String root;
    private final ZipEntry corpus;
    private long unpacked;
    private CodebookDefinition codebook;
    private String readme;

    private BundleReader(ZipFile zip, Limits limits, long zipSize) {
        this.zip = zip;
        this.limits = limits;
        this.budget = Math.min(limits.maxUnpackedBytes(), Math.max(RATIO_FLOOR, (long) (limits.maxRatio() * zipSize)));
        ZipEntry found = null;
        String prefix = null;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName();
            if (!entry.isDirectory() && (name.equals(CORPUS) || name.endsWith("/" + CORPUS)
                    && name.indexOf('/') == name.length() - CORPUS.length() - 1)) {
                if (found != null) {
                    throw invalid("the bundle holds more than one " + CORPUS + " (" + found.getName() + ", " + name
                            + "); import one bundle at a time");
                }
                found = entry;
                prefix = name.substring(0, name.length() - CORPUS.length());
            }
        }
        if (found == null) {
            throw invalid("the ZIP holds no " + CORPUS + ": a Claimscope export bundle has it under its top folder"
                    + " (export with the format jsonl)");
        }
        this.corpus = found;
        this.root = prefix;
    }

    /** Opens a bundle; a file that is not a ZIP, or a ZIP without {@code jsonl/corpus.jsonl}, is refused. */
    public static BundleReader open(Path file, Limits limits) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            throw invalid("the file is not a ZIP archive (" + e.getMessage() + "); send the bundle a Claimscope"
                    + " export made (claimscope-<project>.zip)");
        }
        try {
            return new BundleReader(zip, limits, Files.size(file));
        } catch (RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    /** The bundle's codebook ({@code codebook.json}), checked as any codebook a manager saves. */
    public CodebookDefinition codebook() throws IOException {
        if (codebook == null) {
            String json = small(CODEBOOK, true);
            CodebookDefinition parsed;
            try {
                parsed = org.claimscope.common.Json.read(json, CodebookDefinition.class);
            } catch (RuntimeException e) {
                throw invalid(CODEBOOK + " is not a codebook in JSON (" + rootMessage(e) + ")");
            }
            if (parsed == null) {
                throw invalid(CODEBOOK + " is empty");
            }
            try {
                CodebookValidator.validate(parsed);
            } catch (InvalidInputException e) {
                throw invalid(CODEBOOK + " is not a valid codebook: " + e.field() + ": " + e.getMessage());
            }
            codebook = parsed;
        }
        return codebook;
    }

    /** The datasheet ({@code README.md}), or an empty text when the bundle has none. */
    public String readme() throws IOException {
        if (readme == null) {
            String text = small(README, false);
            readme = text == null ? "" : text;
        }
        return readme;
    }

    /** The project's name from the datasheet's first heading ({@code # Name — Claimscope export}), if any. */
    public String projectName() throws IOException {
        for (String line : readme().split("\n", 50)) {
            if (line.startsWith("# ")) {
                String name = line.substring(2).strip();
                int suffix = name.lastIndexOf(" — Claimscope export");
                if (suffix >= 0) {
                    name = name.substring(0, suffix).strip();
                }
                return name.isEmpty() ? null : name;
            }
        }
        return null;
    }

    /**
     * Whether the layers are named by logins: true only when the datasheet says the manager included them. Without
     * a datasheet, and by default, the names are pseudonyms (A1, A2, …), which name nobody on another server.
     */
    public boolean namesAreLogins() throws IOException {
        for (String line : readme().split("\n")) {
            if (line.startsWith("| annotators named by |")) {
                return line.contains("their logins");
            }
        }
        return false;
    }

    /** Reads the corpus from its first line, checking each document, and hands them over in order. */
    public void documents(Visitor visitor) throws IOException {
        CodebookDefinition definition = codebook();
        readme();
        unpacked = 0; // each pass over the corpus has the whole budget: an import reads it twice
        try (Reader reader = new InputStreamReader(bounded(zip.getInputStream(corpus)), StandardCharsets.UTF_8
                .newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT))) {
            LineReader lines = new LineReader(reader, limits.maxLineChars());
            int documents = 0;
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.isBlank()) {
                    continue;
                }
                if (++documents > limits.maxDocuments()) {
                    throw new TooLargeException("file", CORPUS + " holds more than " + limits.maxDocuments()
                            + " documents, the most one import takes");
                }
                visitor.document(parse(lines.number(), line, definition));
            }
            if (documents == 0) {
                throw invalid(CORPUS + " holds no documents");
            }
        } catch (CharacterCodingException e) {
            throw invalid(CORPUS + " is not UTF-8 text");
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    // ---------------------------------------------------------------------------------------------------------

    static BundleDocument parse(int number, String line, CodebookDefinition codebook) {
        JsonObject o;
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            o = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw invalid("line " + number + " of " + CORPUS + " is not a JSON object: " + rootMessage(e));
        }
        Where where = new Where(number);
        long id = number(o, "id", where, false, -1).longValue();
        where.document = id;
        String text = string(o, "text", where, true);
        String sha = string(o, "textSha256", where, true);
        String actual = sha256(text);
        if (!actual.equalsIgnoreCase(sha)) {
            throw invalid(where + ": the SHA-256 of the text is " + actual + ", not the textSha256 " + sha
                    + " the bundle gives; the text was changed after export");
        }
        JsonObject metadata = object(o, "metadata", where);
        String title = string(o, "title", where, false);
        CodePointText cp = new CodePointText(text);

        List<BundleDocument.Layer> layers = new ArrayList<>();
        JsonArray sets = array(o, "sets", where);
        Map<String, SetState> states = new LinkedHashMap<>();
        Map<String, Instant> updated = new LinkedHashMap<>();
        for (int i = 0; i < sets.size(); i++) {
            JsonObject set = element(sets, i, "sets", where);
            String name = string(set, "annotator", where, true).strip();
            if (name.isEmpty() || name.length() > 100 || name.equals("curated")) {
                throw invalid(where + ": sets[" + i + "] names no usable annotator ('" + name + "')");
            }
            if (states.containsKey(name)) {
                throw invalid(where + ": annotator " + name + " has two sets on this document");
            }
            states.put(name, state(string(set, "state", where, true), where, false));
            updated.put(name, instant(set, "updatedAt", where));
        }
        Map<String, List<BundleDocument.Item>> items = new LinkedHashMap<>();
        states.keySet().forEach(name -> items.put(name, new ArrayList<>()));
        JsonArray annotations = array(o, "annotations", where);
        for (int i = 0; i < annotations.size(); i++) {
            JsonObject a = element(annotations, i, "annotations", where);
            String annotator = string(a, "annotator", where, true).strip();
            BundleDocument.Item item = item(a, where, cp, codebook);
            List<BundleDocument.Item> layer = items.get(annotator);
            if (layer == null) {
                throw invalid(where + ", annotation " + item.bundleId() + ": annotator " + annotator
                        + " has no entry under sets");
            }
            layer.add(item);
        }
        for (String name : states.keySet()) {
            layers.add(new BundleDocument.Layer(name, states.get(name), updated.get(name), items.get(name)));
        }

        BundleDocument.Layer curated = null;
        JsonValue curatedValue = o.get("curated");
        if (curatedValue != null && curatedValue.getValueType() != JsonValue.ValueType.NULL) {
            if (curatedValue.getValueType() != JsonValue.ValueType.OBJECT) {
                throw invalid(where + ": curated is not an object");
            }
            JsonObject c = curatedValue.asJsonObject();
            SetState state = state(string(c, "state", where, true), where, true);
            List<BundleDocument.Item> curatedItems = new ArrayList<>();
            JsonArray list = array(c, "annotations", where);
            for (int i = 0; i < list.size(); i++) {
                curatedItems.add(item(element(list, i, "curated.annotations", where), where, cp, codebook));
            }
            if (state != SetState.NEW || !curatedItems.isEmpty()) {
                curated = new BundleDocument.Layer("curated", state, null, curatedItems);
            }
        }
        return new BundleDocument(number, id, title, string(metadata, "author", where, false),
                string(metadata, "publishedAt", where, false), string(metadata, "siteName", where, false),
                string(metadata, "sourceUrl", where, false), string(metadata, "language", where, false),
                string(metadata, "mediaType", where, false), string(metadata, "fileName", where, false), actual, text,
                layers, curated);
    }

    private static BundleDocument.Item item(JsonObject a, Where where, CodePointText text,
                                            CodebookDefinition codebook) {
        long id = number(a, "id", where, false, -1).longValue();
        String at = where + ", annotation " + (id < 0 ? "(no id)" : id);
        int start = number(a, "start", where, true, 0).intValue();
        int end = number(a, "end", where, true, 0).intValue();
        String quote = string(a, "quote", where, true);
        String category = string(a, "category", where, true);
        String actual;
        try {
            actual = text.quote(start, end);
        } catch (InvalidInputException e) {
            throw invalid(at + ": the span " + start + "–" + end + " does not fit the text: " + e.getMessage());
        }
        if (!actual.equals(quote)) {
            throw invalid(at + ": the quote does not match the text at code points " + start + "–" + end
                    + " (the text there reads \"" + clip(actual) + "\", the bundle quotes \"" + clip(quote) + "\")");
        }
        List<String> subtypes = new ArrayList<>();
        JsonArray s = array(a, "subtypes", where);
        for (int i = 0; i < s.size(); i++) {
            if (s.get(i).getValueType() != JsonValue.ValueType.STRING) {
                throw invalid(at + ": subtypes[" + i + "] is not a string");
            }
            subtypes.add(((JsonString) s.get(i)).getString());
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonValue attrs = a.get("attributes");
        if (attrs != null && attrs.getValueType() != JsonValue.ValueType.NULL) {
            if (attrs.getValueType() != JsonValue.ValueType.OBJECT) {
                throw invalid(at + ": attributes is not an object");
            }
            for (Map.Entry<String, JsonValue> e : attrs.asJsonObject().entrySet()) {
                JsonValue v = e.getValue();
                switch (v.getValueType()) {
                    case STRING -> attributes.put(e.getKey(), ((JsonString) v).getString());
                    case TRUE -> attributes.put(e.getKey(), "true");
                    case FALSE -> attributes.put(e.getKey(), "false");
                    case NULL -> { }
                    default -> throw invalid(at + ": attribute " + e.getKey() + " is not a string");
                }
            }
        }
        try {
            // what the bundle holds was chosen under the codebook it came with: retired entries may stay
            CodebookValidator.validateAnnotation(codebook, category, subtypes, attributes,
                    new CodebookValidator.AnnotationContent(category, subtypes, attributes));
        } catch (InvalidInputException e) {
            throw invalid(at + ": " + e.getMessage() + " (" + CODEBOOK + ")");
        }
        if (subtypes.stream().distinct().count() != subtypes.size()) {
            throw invalid(at + ": a subtype is given twice");
        }
        return new BundleDocument.Item(id, start, end, quote, category, subtypes, attributes,
                instant(a, "createdAt", where), instant(a, "updatedAt", where));
    }

    /** The line and the document being read, for messages. */
    private static final class Where {
        final int line;
        long document = -1;

        Where(int line) {
            this.line = line;
        }

        @Override
        public String toString() {
            return "line " + line + " of " + CORPUS + (document < 0 ? "" : " (document " + document + ")");
        }
    }

    private static SetState state(String value, Where where, boolean curated) {
        try {
            SetState state = SetState.valueOf(value.strip().toUpperCase(Locale.ROOT));
            if (curated && state == SetState.ABANDONED) {
                throw new IllegalArgumentException();
            }
            return state;
        } catch (IllegalArgumentException e) {
            throw invalid(where + ": unknown " + (curated ? "curation " : "set ") + "state " + value + "; one of NEW,"
                    + " IN_PROGRESS, FINISHED" + (curated ? "" : ", ABANDONED"));
        }
    }

    private static Instant instant(JsonObject o, String key, Where where) {
        String value = string(o, key, where, false);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(where + ": " + key + " is not a time such as 2025-01-31T12:00:00Z: " + value);
        }
    }

    private static String string(JsonObject o, String key, Where where, boolean required) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                throw invalid(where + ": " + key + " is missing");
            }
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            throw invalid(where + ": " + key + " is not a string");
        }
        return ((JsonString) v).getString();
    }

    private static Number number(JsonObject o, String key, Where where, boolean required, long fallback) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                throw invalid(where + ": " + key + " is missing");
            }
            return fallback;
        }
        if (v.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) v).isIntegral()) {
            throw invalid(where + ": " + key + " is not a whole number");
        }
        try {
            return ((JsonNumber) v).longValueExact();
        } catch (ArithmeticException e) {
            throw invalid(where + ": " + key + " is out of range");
        }
    }

    private static JsonObject object(JsonObject o, String key, Where where) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid(where + ": " + key + " is not an object");
        }
        return v.asJsonObject();
    }

    private static JsonArray array(JsonObject o, String key, Where where) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw invalid(where + ": " + key + " is not an array");
        }
        return v.asJsonArray();
    }

    private static JsonObject element(JsonArray array, int i, String name, Where where) {
        if (array.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid(where + ": " + name + "[" + i + "] is not an object");
        }
        return array.getJsonObject(i);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, s.offsetByCodePoints(0, Math.min(57, s.codePointCount(0,
                s.length())))) + "…";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static InvalidInputException invalid(String message) {
        return new InvalidInputException("file", message);
    }

    /** A small entry (codebook, datasheet) as text; null when absent and not required. */
    private String small(String name, boolean required) throws IOException {
        ZipEntry entry = zip.getEntry(root + name);
        if (entry == null || entry.isDirectory()) {
            if (required) {
                throw invalid("the bundle holds no " + root + name + " next to " + CORPUS);
            }
            return null;
        }
        try (InputStream in = bounded(zip.getInputStream(entry))) {
            byte[] bytes = in.readNBytes(limits.maxSmallFileBytes() + 1);
            if (bytes.length > limits.maxSmallFileBytes()) {
                throw new TooLargeException("file", name + " is larger than " + limits.maxSmallFileBytes()
                        + " bytes");
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw invalid(name + " is not UTF-8 text");
            }
        } catch (ZipException e) {
            throw invalid("the bundle is damaged: " + name + " cannot be unpacked (" + e.getMessage() + ")");
        }
    }

    /** Counts what every entry unpacks to against the bundle's budget, as it is read. */
    private InputStream bounded(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n;
                try {
                    n = super.read(buffer, off, len);
                } catch (ZipException e) {
                    throw invalid("the bundle is damaged and cannot be unpacked (" + e.getMessage() + ")");
                }
                if (n > 0) {
                    count(n);
                }
                return n;
            }
        };
    }

    private void count(long n) {
        unpacked += n;
        if (unpacked > budget) {
            throw new TooLargeException("file", "the bundle unpacks to more than " + budget + " bytes ("
                    + (budget == limits.maxUnpackedBytes() ? "the most one import takes"
                    : limits.maxRatio() + " times its compressed size, which only a zip bomb does")
                    + "); nothing was imported");
        }
    }

    /** Lines of at most a given length, numbered from 1; the line break is not part of the line. */
    static final class LineReader {
        private final Reader in;
        private final int max;
        private final char[] buffer = new char[1 << 16];
        private int pos;
        private int len;
        private int number;

        LineReader(Reader in, int max) {
            this.in = in;
            this.max = max;
        }

        int number() {
            return number;
        }

        String next() throws IOException {
            StringBuilder line = null;
            while (true) {
                if (pos == len) {
                    len = in.read(buffer, 0, buffer.length);
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        if (line == null) {
                            return null;
                        }
                        number++;
                        return strip(line);
                    }
                }
                if (line == null) {
                    line = new StringBuilder();
                }
                int start = pos;
                while (pos < len && buffer[pos] != '\n') {
                    pos++;
                }
                if (line.length() + (pos - start) > max) {
                    throw new TooLargeException("file", "line " + (number + 1) + " of " + CORPUS + " is longer than "
                            + max + " characters, the most one document may take");
                }
                line.append(buffer, start, pos - start);
                if (pos < len) {
                    pos++; // the line break
                    number++;
                    return strip(line);
                }
            }
        }

        private static String strip(StringBuilder line) {
            int n = line.length();
            return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
        }
    }
}
