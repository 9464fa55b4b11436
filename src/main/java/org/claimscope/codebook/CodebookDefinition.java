package org.claimscope.codebook;

import java.util.List;
import java.util.Optional;

/**
 * The content of a codebook: what annotators may say about a statement. A codebook is data, not
 * code; entries are retired rather than removed, so that annotations made with an earlier version
 * still resolve and exports can still name them.
 *
 * @param categories one per annotation, required
 * @param subtypes   the legal issues; zero or more per annotation
 * @param attributes who made the claim and how; keyed by attribute key
 */
public record CodebookDefinition(String name, List<Category> categories, List<Subtype> subtypes,
                                 List<Attribute> attributes) {

    public CodebookDefinition {
        categories = categories == null ? List.of() : List.copyOf(categories);
        subtypes = subtypes == null ? List.of() : List.copyOf(subtypes);
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
    }

    public Optional<Category> category(String key) {
        return categories.stream().filter(c -> c.key().equals(key)).findFirst();
    }

    public Optional<Subtype> subtype(String key) {
        return subtypes.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    public Optional<Attribute> attribute(String key) {
        return attributes.stream().filter(a -> a.key().equals(key)).findFirst();
    }

    /** One kind of statement, such as a legal assertion. */
    public record Category(String key, String label, String colour, String hotkey, String description, boolean retired) {
    }

    /** A legal issue a statement is about, such as combatant status. */
    public record Subtype(String key, String label, String description, boolean retired) {
    }

    /** How an attribute's value is given. */
    public enum AttributeType {
        /** free text, such as the speaker's name */
        TEXT,
        /** exactly one of the listed values */
        ONE_OF,
        /** "true" or "false" */
        BOOLEAN
    }

    /** A property of an annotation, such as the speaker's role or the writer's hedge. */
    public record Attribute(String key, String label, AttributeType type, List<Value> values, String description) {
        public Attribute {
            values = values == null ? List.of() : List.copyOf(values);
        }

        public Optional<Value> value(String key) {
            return values.stream().filter(v -> v.key().equals(key)).findFirst();
        }
    }

    /** One allowed value of a {@link AttributeType#ONE_OF} attribute. */
    public record Value(String key, String label, boolean retired) {
    }
}
