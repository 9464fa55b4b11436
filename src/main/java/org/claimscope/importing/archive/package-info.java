/**
 * Uploaded ZIP and tar archives of articles, opened safely: {@link org.claimscope.importing.archive.ArchiveExpander}
 * hands each file inside to the import one at a time and says for every other file why it was not imported. Pure
 * logic over Apache Commons Compress: nothing is written to disk, no container services.
 */
package org.claimscope.importing.archive;
