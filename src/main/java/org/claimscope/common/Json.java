package org.claimscope.common;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.lang.reflect.Type;

/** The one JSON-B instance Claimscope uses for values it stores as JSON text. */
public final class Json {
    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(false));
    /** Looked up once: {@code jakarta.json.Json.createParser} looks the provider up on every call. */
    private static final jakarta.json.stream.JsonParserFactory PARSERS =
            jakarta.json.Json.createParserFactory(java.util.Map.of());

    private Json() {
    }

    public static String write(Object value) {
        return JSONB.toJson(value);
    }

    public static <T> T read(String json, Class<T> type) {
        return JSONB.fromJson(json, type);
    }

    public static <T> T read(String json, Type type) {
        return JSONB.fromJson(json, type);
    }

    /**
     * Reads a JSON array of strings, as annotations store their subtypes. A streaming parse without
     * reflection: adjudication and agreement read thousands of these per request.
     */
    public static java.util.List<String> readStrings(String json) {
        if (json == null || json.equals("[]")) {
            return java.util.List.of();
        }
        java.util.List<String> values = new java.util.ArrayList<>();
        try (jakarta.json.stream.JsonParser parser = PARSERS.createParser(new java.io.StringReader(json))) {
            while (parser.hasNext()) {
                if (parser.next() == jakarta.json.stream.JsonParser.Event.VALUE_STRING) {
                    values.add(parser.getString());
                }
            }
        }
        return java.util.List.copyOf(values);
    }

    /** Reads a flat JSON object of string values in written order, as annotations store their attributes. */
    public static java.util.Map<String, String> readStringMap(String json) {
        if (json == null || json.equals("{}")) {
            return java.util.Map.of();
        }
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        try (jakarta.json.stream.JsonParser parser = PARSERS.createParser(new java.io.StringReader(json))) {
            String key = null;
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case KEY_NAME -> key = parser.getString();
                    case VALUE_STRING, VALUE_NUMBER -> values.put(key, parser.getString());
                    case VALUE_TRUE -> values.put(key, "true");
                    case VALUE_FALSE -> values.put(key, "false");
                    default -> {
                        // the object's own braces; attribute values are never nested
                    }
                }
            }
        }
        return values;
    }
}
