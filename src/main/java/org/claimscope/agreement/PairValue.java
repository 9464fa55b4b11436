package org.claimscope.agreement;

/**
 * The measure restricted to two annotators, over the documents both have.
 *
 * @param a         the annotator listed first in the project
 * @param b         the other
 * @param value     null when undefined
 * @param reason    why it is undefined, else null
 * @param units     the units formed from the two annotators' annotations alone
 * @param documents the documents both annotators have
 */
public record PairValue(String a, String b, Double value, String reason, int units, int documents) {
}
