/**
 * Annotations: one set per annotator per document, spans in Unicode code points with their exact
 * quote, validated against the project's codebook and recorded in the audit trail.
 */
package org.claimscope.annotation;
