package org.claimscope.agreement;

/** The parts of an annotation on which the versions in a unit can agree or differ. */
public enum Facet {
    /** start and end */
    SPAN,
    CATEGORY,
    /** compared as a set */
    SUBTYPES,
    /** blank values count as absent */
    ATTRIBUTES
}
