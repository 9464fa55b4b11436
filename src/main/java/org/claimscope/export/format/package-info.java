/**
 * Export formats as pure writers over the export model: each takes documents one at a time and writes its files into
 * the bundle, keeping nothing but a few names between documents. {@link org.claimscope.export.format.BratFormat}
 * writes brat standoff, {@link org.claimscope.export.format.ConllFormat} CoNLL-style BIO columns; both keep
 * Claimscope's offsets, Unicode code points.
 */
package org.claimscope.export.format;
