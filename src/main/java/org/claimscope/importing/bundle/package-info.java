/**
 * Importing a Claimscope export bundle into a new project: the round trip of {@code BundleExporter}. The bundle's
 * {@code jsonl/corpus.jsonl} is read line by line as a stream, checked whole before anything is written, and then
 * written in batches; see {@link org.claimscope.importing.bundle.BundleImporter}.
 */
package org.claimscope.importing.bundle;
