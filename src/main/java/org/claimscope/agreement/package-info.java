/**
 * Inter-annotator agreement and the alignment a curator sees: the annotators' statements of one
 * document grouped into units, and chance-corrected coefficients (Cohen's and Fleiss' kappa,
 * Krippendorff's alpha for coding and for unitizing) computed by DKPro Statistics over those
 * units or over the text itself. Pure logic on plain values, so that the curation page, the
 * agreement page and their tests share one definition of what "the same statement" means.
 */
package org.claimscope.agreement;
