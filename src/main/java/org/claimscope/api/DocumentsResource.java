package org.claimscope.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import org.claimscope.annotation.Annotation;
import org.claimscope.annotation.AnnotationInput;
import org.claimscope.annotation.AnnotationService;
import org.claimscope.annotation.SetState;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import org.claimscope.api.Dtos.AnnotationDto;
import org.claimscope.api.Dtos.AuditEntryDto;
import org.claimscope.audit.AuditEvent;
import org.claimscope.audit.AuditService;
import org.claimscope.common.NotFoundException;
import org.claimscope.project.ProjectRole;
import org.claimscope.security.UserService;
import org.claimscope.api.Dtos.DocumentDto;
import org.claimscope.api.Dtos.DocumentMetadataDto;
import org.claimscope.api.Dtos.MetadataDto;
import org.claimscope.api.Dtos.StateDto;
import org.claimscope.common.InvalidInputException;
import org.claimscope.document.Document;
import org.claimscope.document.DocumentService;
import org.claimscope.document.MetadataPatch;
import org.claimscope.project.ProjectService;
import org.claimscope.security.CurrentUser;
import org.claimscope.security.User;

/** A document, the caller's annotations on it, and single annotations. */
@Path("v1")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DocumentsResource {
    @Inject
    CurrentUser currentUser;

    @Inject
    DocumentService documents;

    @Inject
    AnnotationService annotations;

    @Inject
    ProjectService projects;

    @Inject
    AuditService audit;

    @Inject
    UserService users;

    @Inject
    org.claimscope.assignment.AssignmentService assignments;

    @Inject
    org.claimscope.document.NearDuplicateDecisions nearDuplicates;

    @GET
    @Path("documents/{documentId}")
    public DocumentDto document(@PathParam("documentId") long documentId, @QueryParam("annotator") String annotator) {
        User caller = currentUser.get();
        Document d = documents.get(caller, documentId).document();
        return new DocumentDto(d.getId(), d.getProjectId(), d.getTitle(), d.getText(), d.getTextSha256(),
                d.getTextLength(), MetadataDto.of(d), annotations.stateOf(caller, documentId, annotator).name(),
                d.getVersion());
    }

    /** A document's metadata and version, without its text. */
    @GET
    @Path("documents/{documentId}/metadata")
    public DocumentMetadataDto metadata(@PathParam("documentId") long documentId) {
        return DocumentMetadataDto.of(documents.get(currentUser.get(), documentId).document());
    }

    /**
     * Corrects a document's metadata, for the project's managers. JSON merge-patch: a field left out
     * keeps its value, null or "" clears it (not the title). With {@code version}, a document changed
     * since that version answers 409 and nothing changes. The text never changes.
     */
    @PATCH
    @Path("documents/{documentId}/metadata")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    public DocumentMetadataDto updateMetadata(@PathParam("documentId") long documentId, String body) {
        return DocumentMetadataDto.of(documents.updateMetadata(currentUser.get(), documentId, metadataPatch(body)));
    }

    /** The patch a request body describes; a body that is not such a JSON object is refused naming the field. */
    static MetadataPatch metadataPatch(String body) {
        String expected = "send a JSON object with any of " + String.join(", ", MetadataPatch.FIELDS)
                + " and optionally version";
        if (body == null || body.isBlank()) {
            throw new InvalidInputException(null, expected);
        }
        JsonValue parsed;
        try (var reader = Json.createReader(new StringReader(body))) {
            parsed = reader.readValue();
        } catch (jakarta.json.JsonException e) {
            throw new InvalidInputException(null, "the request body is not valid JSON; " + expected);
        }
        if (!(parsed instanceof jakarta.json.JsonObject object)) {
            throw new InvalidInputException(null, expected);
        }
        List<String> unknown = object.keySet().stream()
                .filter(k -> !MetadataPatch.FIELDS.contains(k) && !k.equals("version")).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInputException(unknown.get(0), (unknown.size() == 1 ? "unknown field " : "unknown fields ")
                    + String.join(", ", unknown) + "; " + expected);
        }
        MetadataPatch patch = new MetadataPatch();
        for (var entry : object.entrySet()) {
            String field = entry.getKey();
            JsonValue value = entry.getValue();
            if (field.equals("version")) {
                if (value instanceof jakarta.json.JsonNumber number && number.isIntegral()) {
                    patch.version(number.longValue());
                } else if (value.getValueType() != JsonValue.ValueType.NULL) {
                    throw new InvalidInputException("version", "version must be a whole number: the version you read");
                }
            } else if (value instanceof jakarta.json.JsonString string) {
                patch.set(field, string.getString());
            } else if (value.getValueType() == JsonValue.ValueType.NULL) {
                patch.set(field, null);
            } else {
                throw new InvalidInputException(field, field + " must be a string, or null to clear it");
            }
        }
        return patch;
    }

    /**
     * Deletes a document nobody has worked on (a near duplicate the manager does not want, say); 409 when it has
     * annotations or curation decisions.
     */
    @DELETE
    @Path("documents/{documentId}")
    public Response deleteDocument(@PathParam("documentId") long documentId) {
        nearDuplicates.delete(currentUser.get(), documentId);
        return Response.noContent().build();
    }

    /** Keeps a document flagged as a near duplicate: the flag goes, the document stays. */
    @DELETE
    @Path("documents/{documentId}/near-duplicate")
    public Response keepNearDuplicate(@PathParam("documentId") long documentId) {
        nearDuplicates.keep(currentUser.get(), documentId);
        return Response.noContent().build();
    }

    @GET
    @Path("annotations/{annotationId}")
    public AnnotationDto annotation(@PathParam("annotationId") long annotationId) {
        Annotation a = annotations.get(currentUser.get(), annotationId);
        return AnnotationDto.of(a, annotations.ownerLogin(a));
    }

    @GET
    @Path("documents/{documentId}/annotations")
    public List<AnnotationDto> annotations(@PathParam("documentId") long documentId,
                                           @QueryParam("annotator") String annotator) {
        User caller = currentUser.get();
        List<Annotation> list = annotations.list(caller, documentId, annotator);
        String owner = annotator == null || annotator.isBlank() ? caller.getLogin() : annotator;
        return list.stream().map(a -> AnnotationDto.of(a, owner)).toList();
    }

    @POST
    @Path("documents/{documentId}/annotations")
    public Response create(@PathParam("documentId") long documentId, AnnotationInput body) {
        User caller = currentUser.get();
        Annotation created = annotations.create(caller, documentId, requireBody(body));
        return Response.created(UriBuilder.fromPath("/api/v1/annotations/{id}").build(created.getId()))
                .entity(AnnotationDto.of(created, caller.getLogin())).build();
    }

    /**
     * The audit trail of one annotation, deleted ones included: who created, changed or deleted it,
     * when, and its content before and after. For the project's managers.
     */
    @GET
    @Path("annotations/{annotationId}/history")
    public List<AuditEntryDto> history(@PathParam("annotationId") long annotationId) {
        User caller = currentUser.get();
        List<AuditEvent> events = audit.history(AnnotationService.AUDIT_TYPE, annotationId);
        if (events.isEmpty()) {
            throw new NotFoundException("there is no annotation " + annotationId);
        }
        try {
            projects.require(caller, events.get(0).getProjectId(), ProjectRole.MANAGER);
        } catch (NotFoundException notVisible) {
            throw new NotFoundException("there is no annotation " + annotationId);
        }
        Map<Long, String> logins = new HashMap<>();
        return events.stream().map(e -> new AuditEntryDto(e.getOccurredAt(), e.getAction().name(),
                logins.computeIfAbsent(e.getActorId(), id -> users.loginOf(id)),
                parse(e.getBefore()), parse(e.getAfter()))).toList();
    }

    private static JsonValue parse(String json) {
        return json == null ? JsonValue.NULL : Json.createReader(new StringReader(json)).readValue();
    }

    @PUT
    @Path("annotations/{annotationId}")
    public AnnotationDto update(@PathParam("annotationId") long annotationId, AnnotationInput body) {
        User caller = currentUser.get();
        return AnnotationDto.of(annotations.update(caller, annotationId, requireBody(body)), caller.getLogin());
    }

    @DELETE
    @Path("annotations/{annotationId}")
    public Response delete(@PathParam("annotationId") long annotationId) {
        annotations.delete(currentUser.get(), annotationId);
        return Response.noContent().build();
    }

    @PUT
    @Path("documents/{documentId}/state")
    public StateDto state(@PathParam("documentId") long documentId, @QueryParam("annotator") String annotator,
                          StateDto body) {
        if (body == null || body.state() == null) {
            throw new InvalidInputException("state", "send {state: IN_PROGRESS or FINISHED}");
        }
        SetState state;
        try {
            state = SetState.valueOf(body.state());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("state", "state must be IN_PROGRESS or FINISHED");
        }
        User caller = currentUser.get();
        if (annotator != null && !annotator.isBlank() && !annotator.equals(caller.getLogin())) {
            if (state != SetState.IN_PROGRESS) {
                throw new InvalidInputException("state", "a manager can only reopen (IN_PROGRESS) another annotator's set");
            }
            return new StateDto(assignments.reopen(caller, documentId, annotator).name());
        }
        return new StateDto(annotations.setState(caller, documentId, state).name());
    }

    private static AnnotationInput requireBody(AnnotationInput body) {
        if (body == null) {
            throw new InvalidInputException("start", "send {start, end, category, subtypes, attributes}");
        }
        return body;
    }

}
