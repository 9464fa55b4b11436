package org.claimscope.annotation;

import java.util.Map;
import org.claimscope.common.Json;

/** Reads an annotation's attribute map back from its JSON column, keeping the written order. */
public final class AttributesJson {
    private AttributesJson() {
    }

    public static Map<String, String> read(String json) {
        return Json.readStringMap(json);
    }
}
