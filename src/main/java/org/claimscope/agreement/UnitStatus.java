package org.claimscope.agreement;

/** How the annotators' versions of one unit relate. */
public enum UnitStatus {
    /** Every annotator marked it with the same span, category, subtypes and attributes. */
    AGREE,
    /** Every annotator marked it, but their versions differ in at least one facet. */
    DISAGREE,
    /** Only some of the annotators marked it. */
    PARTIAL
}
