package org.claimscope.annotation;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import org.claimscope.common.Json;

/** Reads an annotation's attribute map back from its JSON column, keeping the written order. */
final class AttributesJson {
    private static final Type MAP_TYPE = new LinkedHashMap<String, String>() { }.getClass().getGenericSuperclass();

    private AttributesJson() {
    }

    static Map<String, String> read(String json) {
        Map<String, String> map = Json.read(json, MAP_TYPE);
        return map == null ? Map.of() : map;
    }
}
