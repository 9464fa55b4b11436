package org.claimscope.export.model;

import java.time.Instant;
import org.claimscope.codebook.CodebookDefinition;

/**
 * What a format writer knows about the export as a whole before the first document.
 *
 * @param projectId       the project
 * @param projectName     its name
 * @param codebook        the project's codebook (retired entries included, so older annotations still resolve)
 * @param codebookVersion the codebook's version
 * @param exportedAt      when the export started
 */
public record ExportContext(long projectId, String projectName, CodebookDefinition codebook, long codebookVersion,
                            Instant exportedAt) {
}
