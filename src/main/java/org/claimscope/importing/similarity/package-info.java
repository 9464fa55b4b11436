/**
 * Near-duplicate detection for imported articles: word-shingle sets, MinHash signatures and LSH band keys for
 * lookup by index, exact resemblance for the decision and for what the manager is shown. Pure logic; storing
 * fingerprints and band keys is the caller's business. See {@link org.claimscope.importing.similarity.NearDuplicates}.
 */
package org.claimscope.importing.similarity;
