package org.claimscope.codebook;

import java.util.Arrays;
import java.util.List;
import org.claimscope.codebook.CodebookDefinition.Attribute;
import org.claimscope.codebook.CodebookDefinition.AttributeType;
import org.claimscope.codebook.CodebookDefinition.Category;
import org.claimscope.codebook.CodebookDefinition.Subtype;
import org.claimscope.codebook.CodebookDefinition.Value;

/**
 * "Legal and policy claims", the codebook every new project starts with: three kinds of statement,
 * the legal issue they concern, and who made the claim and how (after the source / cue / content
 * model of attribution corpora and the claim / stance model of argument mining).
 */
public final class DefaultCodebook {
    public static final String NAME = "Legal and policy claims";

    private DefaultCodebook() {
    }

    public static CodebookDefinition definition() {
        return new CodebookDefinition(NAME,
                List.of(
                        new Category("LEGAL_ASSERTION", "Legal assertion", "#2563eb", "1",
                                "A statement that a legal rule, status or characterisation does or does not apply.", false),
                        new Category("EXPERT_OPINION", "Expert opinion", "#059669", "2",
                                "A legal or factual evaluation by someone who is not a party to the conduct: scholars, "
                                        + "law-of-war experts, UN bodies, NGOs, courts.", false),
                        new Category("OFFICIAL_JUSTIFICATION", "Official justification", "#d97706", "3",
                                "A reason that the acting government or its officials give for their own conduct. "
                                        + "When the speaker is the actor and gives a reason for the act, use this category "
                                        + "even when the reason is phrased as a legal assertion.", false)),
                List.of(
                        subtype("ARMED_CONFLICT_NOTICE", "Armed conflict notice",
                                "Whether an armed conflict exists (international or non-international), notices of it to a legislature."),
                        subtype("COMBATANT_STATUS", "Combatant status",
                                "Who counts as a combatant, \"unlawful combatants\", \"narcoterrorists\"."),
                        subtype("WAR_CRIMES_CLAIM", "War crimes claim", "Conduct called a war crime or a grave breach."),
                        subtype("EXTRAJUDICIAL_KILLING_CLAIM", "Extrajudicial killing claim",
                                "Killings called extrajudicial, murder, or unlawful killing."),
                        subtype("SELF_DEFENSE", "Self-defence", "Self-defence, imminence, necessity."),
                        subtype("WAR_POWERS", "War powers",
                                "Authority to use force: legislative authorisation, declarations of war, executive power."),
                        subtype("TERRORISM_DESIGNATION", "Terrorism designation",
                                "Designations as terrorist organisations, \"weapon of mass destruction\" declarations."),
                        subtype("TARGETING_LAWFULNESS", "Targeting lawfulness",
                                "Distinction, proportionality, precautions, who or what may be targeted."),
                        subtype("SOVEREIGNTY_USE_OF_FORCE", "Sovereignty and use of force",
                                "Force on another state's territory, strikes on land, blockades, seizures."),
                        subtype("COVERT_ACTION", "Covert action", "Authorisation and oversight of covert operations."),
                        subtype("OTHER", "Other", "None of the above (say which in the note).")),
                List.of(
                        new Attribute("speaker", "Speaker", AttributeType.TEXT, List.of(),
                                "Who made the claim, as the article attributes it (\"officials\", \"experts\"); do not guess a name."),
                        oneOf("speakerRole", "Speaker role", "What the speaker is.",
                                "GOVERNMENT_EXECUTIVE", "MILITARY", "LEGISLATOR", "JUDICIARY", "INTERNATIONAL_BODY", "NGO",
                                "LEGAL_EXPERT", "JOURNALIST", "FOREIGN_GOVERNMENT", "ANONYMOUS_OFFICIAL", "OTHER"),
                        oneOf("stance", "Stance", "The speaker's view of the conduct's legality.",
                                "ASSERTS_LAWFUL", "ASSERTS_UNLAWFUL", "QUESTIONS", "NEUTRAL"),
                        oneOf("quoteType", "Quote type", "How the article renders the claim.",
                                "DIRECT", "INDIRECT", "MIXED", "LABEL_ONLY"),
                        oneOf("hedge", "Hedge", "The writer's distance from the claim (\"allegedly\", \"reportedly\").",
                                "NONE", "ALLEGEDLY", "REPORTEDLY", "CLAIMED", "OTHER"),
                        new Attribute("note", "Note", AttributeType.TEXT, List.of(),
                                "Anything the annotator wants a reviewer to read.")));
    }

    private static Subtype subtype(String key, String label, String description) {
        return new Subtype(key, label, description, false);
    }

    private static Attribute oneOf(String key, String label, String description, String... values) {
        return new Attribute(key, label, AttributeType.ONE_OF,
                Arrays.stream(values).map(v -> new Value(v, labelOf(v), false)).toList(), description);
    }

    /** GOVERNMENT_EXECUTIVE becomes "Government executive". */
    static String labelOf(String key) {
        String words = key.replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
