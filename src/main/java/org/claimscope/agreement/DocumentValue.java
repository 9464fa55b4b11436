package org.claimscope.agreement;

import java.util.List;

/**
 * The measure on one document with its own annotators.
 *
 * @param value  null when undefined
 * @param reason why it is undefined, else null
 */
public record DocumentValue(long documentId, String title, List<String> annotators, int units, Double value,
                            String reason) {

    public DocumentValue {
        annotators = List.copyOf(annotators);
    }
}
