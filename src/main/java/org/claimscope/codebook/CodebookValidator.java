package org.claimscope.codebook;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.claimscope.codebook.CodebookDefinition.Attribute;
import org.claimscope.codebook.CodebookDefinition.AttributeType;
import org.claimscope.codebook.CodebookDefinition.Category;
import org.claimscope.codebook.CodebookDefinition.Subtype;
import org.claimscope.codebook.CodebookDefinition.Value;
import org.claimscope.common.InvalidInputException;

/**
 * The rules a codebook must keep, and the rules an annotation must keep against its project's
 * codebook. Every violation names the field at fault.
 */
public final class CodebookValidator {
    /** Category, subtype and value keys: what exports and scripts carry, so upper snake case. */
    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    /** Attribute keys become JSON field names, so lower camel case. */
    private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");
    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern HOTKEY = Pattern.compile("[0-9a-z]");
    public static final int LABEL_MAX = 200;
    public static final int TEXT_VALUE_MAX = 10_000;
    public static final int SPEAKER_MAX = 500;
    public static final int SUBTYPES_MAX = 50;

    private CodebookValidator() {
    }

    /** Checks a whole codebook before it is saved. */
    public static void validate(CodebookDefinition codebook) {
        if (codebook.name() == null || codebook.name().isBlank()) {
            throw new InvalidInputException("name", "the codebook needs a name");
        }
        Set<String> keys = new HashSet<>();
        Set<String> hotkeys = new HashSet<>();
        int active = 0;
        for (int i = 0; i < codebook.categories().size(); i++) {
            Category c = codebook.categories().get(i);
            String field = "categories[" + i + "]";
            checkKey(field + ".key", c.key(), keys);
            checkLabel(field + ".label", c.label());
            if (c.colour() == null || !COLOUR.matcher(c.colour()).matches()) {
                throw new InvalidInputException(field + ".colour", "colour must be written as #rrggbb, e.g. #2563eb");
            }
            if (c.hotkey() != null && !c.hotkey().isEmpty()) {
                if (!HOTKEY.matcher(c.hotkey()).matches()) {
                    throw new InvalidInputException(field + ".hotkey", "a hotkey is one digit or lower-case letter");
                }
                if (!c.retired() && !hotkeys.add(c.hotkey())) {
                    throw new InvalidInputException(field + ".hotkey", "hotkey " + c.hotkey() + " is used by another category");
                }
            }
            if (!c.retired()) {
                active++;
            }
        }
        if (active == 0) {
            throw new InvalidInputException("categories", "the codebook needs at least one category that is not retired");
        }
        Set<String> subtypeKeys = new HashSet<>();
        for (int i = 0; i < codebook.subtypes().size(); i++) {
            Subtype s = codebook.subtypes().get(i);
            checkKey("subtypes[" + i + "].key", s.key(), subtypeKeys);
            checkLabel("subtypes[" + i + "].label", s.label());
        }
        Set<String> attributeKeys = new HashSet<>();
        for (int i = 0; i < codebook.attributes().size(); i++) {
            Attribute a = codebook.attributes().get(i);
            String field = "attributes[" + i + "]";
            if (a.key() == null || !ATTRIBUTE_KEY.matcher(a.key()).matches()) {
                throw new InvalidInputException(field + ".key", "attribute keys are lower camel case, e.g. speakerRole");
            }
            if (!attributeKeys.add(a.key())) {
                throw new InvalidInputException(field + ".key", "attribute " + a.key() + " is defined twice");
            }
            checkLabel(field + ".label", a.label());
            if (a.type() == null) {
                throw new InvalidInputException(field + ".type", "type must be TEXT, ONE_OF or BOOLEAN");
            }
            if (a.type() == AttributeType.ONE_OF) {
                Set<String> valueKeys = new HashSet<>();
                for (int j = 0; j < a.values().size(); j++) {
                    Value v = a.values().get(j);
                    checkKey(field + ".values[" + j + "].key", v.key(), valueKeys);
                    checkLabel(field + ".values[" + j + "].label", v.label());
                }
                if (a.values().isEmpty()) {
                    throw new InvalidInputException(field + ".values", "a ONE_OF attribute needs at least one value");
                }
            }
        }
    }

    private static void checkKey(String field, String key, Set<String> seen) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new InvalidInputException(field, "keys are upper case letters, digits and underscores, e.g. WAR_POWERS");
        }
        if (!seen.add(key)) {
            throw new InvalidInputException(field, key + " is used twice");
        }
    }

    private static void checkLabel(String field, String label) {
        if (label == null || label.isBlank()) {
            throw new InvalidInputException(field, "a label is required");
        }
        if (label.length() > LABEL_MAX) {
            throw new InvalidInputException(field, "a label has at most " + LABEL_MAX + " characters");
        }
    }

    /**
     * Checks what an annotator says about a statement. Retired entries may not be chosen anew, but
     * an annotation that already carries one may keep it.
     *
     * @param previous the annotation's content before this change, or null for a new annotation
     */
    public static void validateAnnotation(CodebookDefinition codebook, String category, Collection<String> subtypes,
                                          Map<String, String> attributes, AnnotationContent previous) {
        if (category == null || category.isBlank()) {
            throw new InvalidInputException("category", "category is required");
        }
        Category c = codebook.category(category).orElseThrow(() -> new InvalidInputException("category",
                "unknown category " + category + "; the codebook has " + activeCategoryKeys(codebook)));
        if (c.retired() && (previous == null || !category.equals(previous.category()))) {
            throw new InvalidInputException("category", "category " + category + " is retired and cannot be chosen anew");
        }
        if (subtypes.size() > SUBTYPES_MAX) {
            throw new InvalidInputException("subtypes", "at most " + SUBTYPES_MAX + " subtypes");
        }
        for (String key : subtypes) {
            Subtype s = codebook.subtype(key).orElseThrow(() -> new InvalidInputException("subtypes",
                    "unknown subtype " + key));
            if (s.retired() && (previous == null || !previous.subtypes().contains(key))) {
                throw new InvalidInputException("subtypes", "subtype " + key + " is retired and cannot be chosen anew");
            }
        }
        for (Map.Entry<String, String> entry : attributes.entrySet()) {
            String field = "attributes." + entry.getKey();
            Attribute a = codebook.attribute(entry.getKey()).orElseThrow(() -> new InvalidInputException(field,
                    "unknown attribute " + entry.getKey()));
            String value = entry.getValue();
            if (value == null || value.isBlank()) {
                continue; // blank means "not given", and is not stored
            }
            switch (a.type()) {
                case TEXT -> {
                    int max = "speaker".equals(a.key()) ? SPEAKER_MAX : TEXT_VALUE_MAX;
                    if (value.length() > max) {
                        throw new InvalidInputException(field, a.key() + " has more than " + max + " characters");
                    }
                }
                case BOOLEAN -> {
                    if (!"true".equals(value) && !"false".equals(value)) {
                        throw new InvalidInputException(field, a.key() + " must be true or false");
                    }
                }
                case ONE_OF -> {
                    Value v = a.value(value).orElseThrow(() -> new InvalidInputException(field,
                            "unknown value " + value + " for " + a.key() + "; allowed: "
                                    + a.values().stream().filter(x -> !x.retired()).map(Value::key).toList()));
                    boolean kept = previous != null && value.equals(previous.attributes().get(a.key()));
                    if (v.retired() && !kept) {
                        throw new InvalidInputException(field, "value " + value + " of " + a.key() + " is retired");
                    }
                }
            }
        }
    }

    private static List<String> activeCategoryKeys(CodebookDefinition codebook) {
        return codebook.categories().stream().filter(c -> !c.retired()).map(Category::key).toList();
    }

    /** What an annotation said before a change: the facts that decide whether retired entries may stay. */
    public record AnnotationContent(String category, Collection<String> subtypes, Map<String, String> attributes) {
    }
}
