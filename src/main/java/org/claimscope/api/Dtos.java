package org.claimscope.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.claimscope.annotation.Annotation;
import org.claimscope.codebook.Codebook;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.document.Document;
import org.claimscope.project.Project;
import org.claimscope.project.ProjectMember;
import org.claimscope.project.ProjectRole;
import org.claimscope.security.User;

/** The records the API reads and writes; entities never go on the wire. */
public final class Dtos {
    private Dtos() {
    }

    public record NewUser(String login, String displayName, String password) {
    }

    public record UserDto(Long id, String login, String displayName) {
        static UserDto of(User u) {
            return new UserDto(u.getId(), u.getLogin(), u.getDisplayName());
        }
    }

    public record NewToken(String label) {
    }

    public record TokenDto(String token) {
    }

    public record NewProject(String name, String description) {
    }

    public record ProjectDto(Long id, String name, String description, Set<ProjectRole> roles, int annotatorsPerDocument,
                             Instant createdAt) {
        static ProjectDto of(Project p, Set<ProjectRole> roles) {
            return new ProjectDto(p.getId(), p.getName(), p.getDescription(), roles, p.getAnnotatorsPerDocument(),
                    p.getCreatedAt());
        }
    }

    /**
     * The answer to a bundle import: the new project, as {@link ProjectDto} gives it, and what was made in it.
     *
     * @param owners       the bundle's annotator names to the logins that own their layers here
     * @param placeholders the logins of the disabled placeholder accounts made for annotators unknown here
     */
    public record ImportedProjectDto(Long id, String name, String description, Set<ProjectRole> roles,
                                     int annotatorsPerDocument, Instant createdAt, int documents, int annotations,
                                     java.util.Map<String, String> owners, List<String> placeholders) {
        static ImportedProjectDto of(ProjectDto p, org.claimscope.importing.bundle.BundleImporter.Result result) {
            return new ImportedProjectDto(p.id(), p.name(), p.description(), p.roles(), p.annotatorsPerDocument(),
                    p.createdAt(), result.documents(), result.annotations(), result.owners(), result.placeholders());
        }
    }

    public record MemberRoles(List<String> roles) {
    }

    public record MemberDto(String login, String displayName, Set<ProjectRole> roles, String pseudonym) {
        static MemberDto of(ProjectMember m) {
            return new MemberDto(m.getUser().getLogin(), m.getUser().getDisplayName(), m.getRoles(), m.getPseudonym());
        }
    }

    public record CodebookDto(Long projectId, long version, String name, List<CodebookDefinition.Category> categories,
                              List<CodebookDefinition.Subtype> subtypes, List<CodebookDefinition.Attribute> attributes) {
        static CodebookDto of(long projectId, Codebook c) {
            CodebookDefinition d = c.definition();
            return new CodebookDto(projectId, c.getVersion(), d.name(), d.categories(), d.subtypes(), d.attributes());
        }

        CodebookDefinition definition() {
            return new CodebookDefinition(name, categories, subtypes, attributes);
        }
    }

    public record MetadataDto(String author, String publishedAt, String siteName, String sourceUrl, String language,
                              String mediaType, String fileName) {
        static MetadataDto of(Document d) {
            return new MetadataDto(d.getAuthor(), d.getPublishedAt(), d.getSiteName(), d.getSourceUrl(), d.getLanguage(),
                    d.getMediaType(), d.getFileName());
        }
    }

    /** A document with its text; {@code version} is what a metadata correction sends back. */
    public record DocumentDto(Long id, Long projectId, String title, String text, String textSha256, int textLength,
                              MetadataDto metadata, String state, Long version) {
    }

    /** A document's metadata and version, as {@code PATCH /documents/{id}/metadata} answers. */
    public record DocumentMetadataDto(Long id, Long projectId, long version, String title, MetadataDto metadata) {
        static DocumentMetadataDto of(Document d) {
            return new DocumentMetadataDto(d.getId(), d.getProjectId(), d.getVersion(), d.getTitle(), MetadataDto.of(d));
        }
    }

    /**
     * A document in a list; {@code nearDuplicateOf} and {@code resemblance} are set while it is flagged as a near
     * duplicate of an earlier document that a manager has not yet kept or deleted.
     */
    public record DocumentListItem(Long id, Long projectId, String title, String textSha256, int textLength,
                                   long fileSize, Instant importedAt, MetadataDto metadata, Long nearDuplicateOf,
                                   Double resemblance) {
    }

    /** An annotation; in the curated layer, {@code sourceAnnotationId} is the annotator's annotation it was accepted from. */
    public record AnnotationDto(Long id, long version, int start, int end, String quote, String category,
                                List<String> subtypes, Map<String, String> attributes, String annotator,
                                Instant createdAt, Instant updatedAt, Long sourceAnnotationId) {
        static AnnotationDto of(Annotation a, String annotator) {
            return new AnnotationDto(a.getId(), a.getVersion(), a.getStart(), a.getEnd(), a.getQuote(), a.getCategory(),
                    a.getSubtypes(), a.getAttributes(), annotator, a.getCreatedAt(), a.getUpdatedAt(),
                    a.getSourceAnnotationId());
        }
    }

    public record StateDto(String state) {
    }

    /** One entry of an annotation's audit trail. */
    public record AuditEntryDto(Instant at, String action, String by, jakarta.json.JsonValue before,
                                jakarta.json.JsonValue after) {
    }

    /** How a project hands out work and runs curation; {@code abandonAfterHours} 0 means never. */
    public record SettingsDto(Integer annotatorsPerDocument, String order, Boolean autoMergeUnanimous,
                              Boolean anonymousCuration, Integer abandonAfterHours) {
        static SettingsDto of(Project p) {
            return new SettingsDto(p.getAnnotatorsPerDocument(), p.getDocumentOrder().name(), p.isAutoMergeUnanimous(),
                    p.isAnonymousCuration(), p.getAbandonAfterHours() == null ? 0 : p.getAbandonAfterHours());
        }
    }

    public record AssignmentsDto(List<Long> documentIds, List<String> logins, Boolean assign) {
    }

    public record CountDto(int count) {
    }

    /** What a curator sends to add to the curated layer; {@code sourceAnnotationId} accepts an annotator's version. */
    public record CuratedInput(Integer start, Integer end, String category, List<String> subtypes,
                               Map<String, String> attributes, Long version, Long sourceAnnotationId) {
        org.claimscope.annotation.AnnotationInput annotation() {
            return new org.claimscope.annotation.AnnotationInput(start, end, category, subtypes, attributes, version);
        }
    }

    /** A curator's decision on the unit at {@code start}..{@code end}. */
    public record UnitDecisionDto(Integer start, Integer end, Boolean rejected, String note) {
    }
}
