package org.claimscope.codebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.claimscope.codebook.CodebookDefinition.Attribute;
import org.claimscope.codebook.CodebookDefinition.Category;
import org.claimscope.codebook.CodebookDefinition.Value;
import org.claimscope.codebook.CodebookValidator.AnnotationContent;
import org.claimscope.common.InvalidInputException;
import org.junit.jupiter.api.Test;

/** What a codebook must be, and what an annotation may say against it. */
class CodebookValidatorTest {
    private final CodebookDefinition defaults = DefaultCodebook.definition();

    @Test
    void defaultCodebookIsTheOneInTheGuidelines() {
        assertThatCode(() -> CodebookValidator.validate(defaults)).doesNotThrowAnyException();
        assertThat(defaults.categories()).extracting(Category::key, Category::hotkey).containsExactly(
                org.assertj.core.groups.Tuple.tuple("LEGAL_ASSERTION", "1"),
                org.assertj.core.groups.Tuple.tuple("EXPERT_OPINION", "2"),
                org.assertj.core.groups.Tuple.tuple("OFFICIAL_JUSTIFICATION", "3"));
        assertThat(defaults.subtypes()).hasSize(11);
        assertThat(defaults.attribute("speakerRole").orElseThrow().values()).extracting(Value::key)
                .contains("GOVERNMENT_EXECUTIVE", "LEGAL_EXPERT", "ANONYMOUS_OFFICIAL");
        assertThat(defaults.attribute("speakerRole").orElseThrow().value("NGO").orElseThrow().label()).isEqualTo("Ngo");
        assertThat(defaults.attribute("quoteType").orElseThrow().values()).extracting(Value::key)
                .containsExactly("DIRECT", "INDIRECT", "MIXED", "LABEL_ONLY");
    }

    @Test
    void duplicateKeysHotkeysAndBadColoursAreRefusedByField() {
        List<Category> twice = new ArrayList<>(defaults.categories());
        twice.add(new Category("LEGAL_ASSERTION", "Again", "#000000", null, "", false));
        assertField(with(twice), "categories[3].key");

        List<Category> sameHotkey = new ArrayList<>(defaults.categories());
        sameHotkey.add(new Category("NEW_ONE", "New", "#000000", "1", "", false));
        assertField(with(sameHotkey), "categories[3].hotkey");

        List<Category> badColour = new ArrayList<>(defaults.categories());
        badColour.set(0, new Category("LEGAL_ASSERTION", "Legal", "blue", "1", "", false));
        assertField(with(badColour), "categories[0].colour");

        List<Category> lowerKey = new ArrayList<>(defaults.categories());
        lowerKey.add(new Category("war crimes", "x", "#000000", null, "", false));
        assertField(with(lowerKey), "categories[3].key");

        List<Category> allRetired = defaults.categories().stream()
                .map(c -> new Category(c.key(), c.label(), c.colour(), c.hotkey(), c.description(), true)).toList();
        assertField(with(allRetired), "categories");
    }

    @Test
    void retiredCategoryKeepsItsHotkeyFreeAndAnnotationsThatUseItKeepIt() {
        List<Category> retired = new ArrayList<>(defaults.categories());
        retired.set(1, new Category("EXPERT_OPINION", "Expert opinion", "#059669", "2", "", true));
        retired.add(new Category("NGO_REPORT", "NGO report", "#7c3aed", "2", "", false));
        CodebookDefinition changed = with(retired);
        assertThatCode(() -> CodebookValidator.validate(changed)).doesNotThrowAnyException();

        assertThatThrownBy(() -> CodebookValidator.validateAnnotation(changed, "EXPERT_OPINION", List.of(), Map.of(), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("retired");
        AnnotationContent before = new AnnotationContent("EXPERT_OPINION", List.of(), Map.of());
        assertThatCode(() -> CodebookValidator.validateAnnotation(changed, "EXPERT_OPINION", List.of(),
                Map.of("note", "kept"), before)).doesNotThrowAnyException();
    }

    @Test
    void annotationContentIsCheckedAgainstTheCodebook() {
        assertThatCode(() -> CodebookValidator.validateAnnotation(defaults, "EXPERT_OPINION",
                List.of("WAR_CRIMES_CLAIM"), Map.of("speaker", "law-of-war experts", "speakerRole", "LEGAL_EXPERT",
                        "stance", "ASSERTS_UNLAWFUL", "quoteType", "LABEL_ONLY", "hedge", "NONE"), null))
                .doesNotThrowAnyException();
        assertAnnotationField("OPINION", List.of(), Map.of(), "category");
        assertAnnotationField(null, List.of(), Map.of(), "category");
        assertAnnotationField("EXPERT_OPINION", List.of("WAR"), Map.of(), "subtypes");
        assertAnnotationField("EXPERT_OPINION", List.of(), Map.of("mood", "angry"), "attributes.mood");
        assertAnnotationField("EXPERT_OPINION", List.of(), Map.of("hedge", "SORT_OF"), "attributes.hedge");
        assertAnnotationField("EXPERT_OPINION", List.of(), Map.of("speaker", "x".repeat(501)), "attributes.speaker");
    }

    @Test
    void attributeKeysAreCamelCaseAndOneOfNeedsValues() {
        List<Attribute> attributes = new ArrayList<>(defaults.attributes());
        attributes.add(new Attribute("Speaker_Age", "Age", CodebookDefinition.AttributeType.TEXT, List.of(), ""));
        assertField(new CodebookDefinition(defaults.name(), defaults.categories(), defaults.subtypes(), attributes),
                "attributes[6].key");
        List<Attribute> empty = new ArrayList<>(defaults.attributes());
        empty.add(new Attribute("forum", "Forum", CodebookDefinition.AttributeType.ONE_OF, List.of(), ""));
        assertField(new CodebookDefinition(defaults.name(), defaults.categories(), defaults.subtypes(), empty),
                "attributes[6].values");
    }

    private CodebookDefinition with(List<Category> categories) {
        return new CodebookDefinition(defaults.name(), categories, defaults.subtypes(), defaults.attributes());
    }

    private static void assertField(CodebookDefinition codebook, String field) {
        assertThatThrownBy(() -> CodebookValidator.validate(codebook)).isInstanceOf(InvalidInputException.class)
                .extracting("field").isEqualTo(field);
    }

    private void assertAnnotationField(String category, List<String> subtypes, Map<String, String> attributes,
                                       String field) {
        assertThatThrownBy(() -> CodebookValidator.validateAnnotation(defaults, category, subtypes, attributes, null))
                .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo(field);
    }
}
