package org.claimscope.export.format;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.codebook.CodebookDefinition.Attribute;
import org.claimscope.codebook.CodebookDefinition.AttributeType;
import org.claimscope.codebook.CodebookDefinition.Category;
import org.claimscope.codebook.CodebookDefinition.Subtype;
import org.claimscope.codebook.DefaultCodebook;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportContext;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;

/**
 * A small corpus for the brat and CoNLL writers: emoji (a flag, two surrogate pairs), decomposed accents, Arabic,
 * a statement across a line break, a retired category and subtype, nested statements, and an empty layer.
 */
final class BratConllFixtures {
    static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

    /** Texts: a flag, then a statement over a line break. */
    static final String EMOJI_TEXT = "The 🇺🇸 strike was lawful, officials said.\n"
            + "Experts called it an extrajudicial killing 😠 in Venezuela.";
    /** Decomposed accents (e + U+0301), French. */
    static final String ACCENT_TEXT = "Le ministre a de\u0301clare\u0301 que la frappe e\u0301tait le\u0301gale. "
            + "Des experts l'ont conteste\u0301.";
    /** Arabic, right to left. */
    static final String ARABIC_TEXT = "قال المتحدث إن الضربة قانونية. وقال خبراء إنها غير قانونية.";

    private BratConllFixtures() {
    }

    static CodebookDefinition codebook() {
        CodebookDefinition d = DefaultCodebook.definition();
        List<Category> categories = new ArrayList<>(d.categories());
        categories.add(new Category("LEGACY_CLAIM", "Legacy claim", "#6b7280", null, "Retired in version 2.", true));
        List<Subtype> subtypes = new ArrayList<>(d.subtypes());
        subtypes.add(new Subtype("OLD_ISSUE", "Old issue", "Retired.", true));
        List<Attribute> attributes = new ArrayList<>(d.attributes());
        attributes.add(new Attribute("quotation", "Quotation", AttributeType.BOOLEAN, List.of(),
                "Whether the statement is quoted."));
        return new CodebookDefinition(d.name(), categories, subtypes, attributes);
    }

    static ExportContext context() {
        return new ExportContext(7, "Strikes", codebook(), 3, T0);
    }

    /** Code point offset of the first occurrence of {@code needle}. */
    static int at(String text, String needle) {
        int i = text.indexOf(needle);
        if (i < 0) {
            throw new IllegalArgumentException(needle);
        }
        return text.codePointCount(0, i);
    }

    static int cpLength(String s) {
        return s.codePointCount(0, s.length());
    }

    static String slice(String text, int start, int end) {
        return text.substring(text.offsetByCodePoints(0, start), text.offsetByCodePoints(0, end));
    }

    static ExportAnnotation ann(long id, String text, String quote, String category, List<String> subtypes,
                                Map<String, String> attributes, String creator) {
        int start = at(text, quote);
        return annAt(id, text, start, start + cpLength(quote), category, subtypes, attributes, creator);
    }

    static ExportAnnotation annAt(long id, String text, int start, int end, String category, List<String> subtypes,
                                  Map<String, String> attributes, String creator) {
        return new ExportAnnotation(id, start, end, slice(text, start, end), category, subtypes, attributes, creator,
                T0, T0);
    }

    static Map<String, String> attrs(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static ExportDocument doc(long id, String fileName, String language, String text, List<ExportLayer> layers) {
        return new ExportDocument(id, "Title " + id, "Author", "2025-01-01", "Site", "https://example.org/" + id,
                language, "text/html", fileName, "sha", text, layers);
    }

    /**
     * English with a flag and an angry face; curated: a statement after the flag, one across the line break with
     * every kind of attribute, one in the retired category; A1: nested and overlapping statements; A2: empty.
     */
    static ExportDocument emojiDocument() {
        String t = EMOJI_TEXT;
        ExportAnnotation afterFlag = ann(11, t, "strike was lawful", "OFFICIAL_JUSTIFICATION",
                List.of("SELF_DEFENSE"), attrs("speaker", "officials", "stance", "ASSERTS_LAWFUL"), "curated");
        ExportAnnotation acrossLine = ann(12, t, "officials said.\nExperts called it an extrajudicial killing 😠",
                "EXPERT_OPINION", List.of("EXTRAJUDICIAL_KILLING_CLAIM", "OLD_ISSUE"),
                attrs("speaker", "experts\tof law\nand war \\ others", "speakerRole", "LEGAL_EXPERT",
                        "quotation", "true", "hedge", "NONE", "note", "check 🇺🇸"), "curated");
        ExportAnnotation retired = ann(13, t, "Venezuela", "LEGACY_CLAIM", List.of(), attrs("quotation", "false"),
                "curated");
        ExportAnnotation outer = ann(21, t, "The 🇺🇸 strike was lawful", "LEGAL_ASSERTION", List.of("WAR_POWERS"),
                attrs(), "A1");
        ExportAnnotation inner = ann(22, t, "strike", "OFFICIAL_JUSTIFICATION", List.of(), attrs(), "A1");
        ExportAnnotation crossing = ann(23, t, "lawful, officials", "EXPERT_OPINION", List.of(), attrs(), "A1");
        ExportAnnotation later = ann(24, t, "extrajudicial killing", "EXPERT_OPINION", List.of(), attrs(), "A1");
        return doc(1, "Flag strike (report).html", "en", t, List.of(
                new ExportLayer("curated", true, "FINISHED", List.of(afterFlag, acrossLine, retired)),
                new ExportLayer("A1", false, "FINISHED", List.of(outer, inner, crossing, later)),
                new ExportLayer("A2", false, "NEW", List.of())));
    }

    /** French with decomposed accents; curated statements start and end inside decomposed words. */
    static ExportDocument accentDocument() {
        String t = ACCENT_TEXT;
        return doc(2, "frappe.txt", "fr", t, List.of(
                new ExportLayer("curated", true, "FINISHED", List.of(
                        ann(31, t, "de\u0301clare\u0301 que la frappe e\u0301tait le\u0301gale", "OFFICIAL_JUSTIFICATION",
                                List.of(), attrs("stance", "ASSERTS_LAWFUL"), "curated"),
                        ann(32, t, "conteste\u0301", "EXPERT_OPINION", List.of(), attrs("stance", "QUESTIONS"),
                                "curated")))));
    }

    /** Arabic; one statement per sentence, in two layers. */
    static ExportDocument arabicDocument() {
        String t = ARABIC_TEXT;
        return doc(3, "ضربة.txt", "ar", t, List.of(
                new ExportLayer("curated", true, "FINISHED", List.of(
                        ann(41, t, "الضربة قانونية", "OFFICIAL_JUSTIFICATION", List.of("SELF_DEFENSE"),
                                attrs("speaker", "المتحدث"), "curated"),
                        ann(42, t, "إنها غير قانونية", "EXPERT_OPINION", List.of(), attrs("stance", "ASSERTS_UNLAWFUL"),
                                "curated"))),
                new ExportLayer("A1", false, "IN_PROGRESS", List.of(
                        ann(43, t, "غير قانونية", "EXPERT_OPINION", List.of(), attrs(), "A1")))));
    }

    static List<ExportDocument> corpus() {
        return List.of(emojiDocument(), accentDocument(), arabicDocument());
    }
}
