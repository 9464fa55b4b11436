package org.claimscope.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.claimscope.annotation.Annotation;
import org.claimscope.annotation.AnnotationService;
import org.claimscope.annotation.SetState;
import org.claimscope.api.Dtos.AnnotationDto;
import org.claimscope.api.Dtos.CountDto;
import org.claimscope.api.Dtos.CuratedInput;
import org.claimscope.api.Dtos.StateDto;
import org.claimscope.api.Dtos.UnitDecisionDto;
import org.claimscope.common.InvalidInputException;
import org.claimscope.curation.CurationService;
import org.claimscope.curation.CurationService.CurationView;
import org.claimscope.curation.CurationService.UnitView;
import org.claimscope.security.CurrentUser;
import org.claimscope.security.User;

/** Adjudication: the units of a document, the curated layer and the curation's state. */
@Path("v1")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CurationResource {
    @Inject
    CurrentUser currentUser;

    @Inject
    CurationService curation;

    /** One unit as the API shows it: versions keyed by annotator (login, or pseudonym when curation is anonymous). */
    public record UnitDto(int start, int end, String status, List<String> agreeOn, String resolution, boolean rejected,
                          String note, Map<String, AnnotationDto> versions) {
    }

    public record LayerDto(String annotator, String state, int annotations) {
    }

    public record CurationDto(long documentId, String state, Long version, boolean anonymous, List<LayerDto> annotators,
                              List<UnitDto> units, List<AnnotationDto> curated) {
    }

    static CurationDto of(CurationView view) {
        List<UnitDto> units = view.units().stream().map(CurationResource::unit).toList();
        return new CurationDto(view.document().getId(), view.state().name(), view.curationVersion(), view.anonymous(),
                view.layers().stream().map(l -> new LayerDto(l.annotator(), l.state().name(), l.annotations())).toList(),
                units, view.curated().stream().map(a -> AnnotationDto.of(a, AnnotationService.CURATED_LAYER)).toList());
    }

    private static UnitDto unit(UnitView u) {
        Map<String, AnnotationDto> versions = new LinkedHashMap<>();
        u.versions().forEach((annotator, a) -> versions.put(annotator, a == null ? null : AnnotationDto.of(a, annotator)));
        return new UnitDto(u.unit().start(), u.unit().end(), u.unit().status().name(),
                u.unit().agreeing().stream().map(f -> f.name().toLowerCase(java.util.Locale.ROOT)).toList(),
                u.resolution().name(), u.rejected(), u.note(), versions);
    }

    @GET
    @Path("documents/{documentId}/curation")
    public CurationDto get(@PathParam("documentId") long documentId) {
        return of(curation.view(currentUser.get(), documentId));
    }

    /** Adds to the curated layer; with {@code sourceAnnotationId} it accepts that annotator's version. */
    @POST
    @Path("documents/{documentId}/curation/annotations")
    public Response add(@PathParam("documentId") long documentId, CuratedInput body) {
        if (body == null) {
            throw new InvalidInputException("start", "send {start, end, category, subtypes, attributes} "
                    + "or {sourceAnnotationId}");
        }
        Annotation created = curation.add(currentUser.get(), documentId, body.annotation(), body.sourceAnnotationId());
        return Response.created(UriBuilder.fromPath("/api/v1/curation/annotations/{id}").build(created.getId()))
                .entity(AnnotationDto.of(created, AnnotationService.CURATED_LAYER)).build();
    }

    @GET
    @Path("curation/annotations/{annotationId}")
    public AnnotationDto getCurated(@PathParam("annotationId") long annotationId) {
        return AnnotationDto.of(curation.get(currentUser.get(), annotationId), AnnotationService.CURATED_LAYER);
    }

    @PUT
    @Path("curation/annotations/{annotationId}")
    public AnnotationDto update(@PathParam("annotationId") long annotationId, CuratedInput body) {
        if (body == null) {
            throw new InvalidInputException("start", "send {start, end, category, subtypes, attributes, version}");
        }
        return AnnotationDto.of(curation.update(currentUser.get(), annotationId, body.annotation()),
                AnnotationService.CURATED_LAYER);
    }

    @DELETE
    @Path("curation/annotations/{annotationId}")
    public Response delete(@PathParam("annotationId") long annotationId) {
        curation.delete(currentUser.get(), annotationId);
        return Response.noContent().build();
    }

    /** Copies every unanimous unit into the curated layer; answers how many were copied. */
    @POST
    @Path("documents/{documentId}/curation/merge-unanimous")
    public CountDto mergeUnanimous(@PathParam("documentId") long documentId) {
        return new CountDto(curation.mergeUnanimous(currentUser.get(), documentId));
    }

    /** Rejects a unit or takes the rejection back, and keeps a note on it. */
    @PUT
    @Path("documents/{documentId}/curation/units")
    public UnitDecisionDto decide(@PathParam("documentId") long documentId, UnitDecisionDto body) {
        if (body == null || body.start() == null || body.end() == null) {
            throw new InvalidInputException(body == null || body.start() == null ? "start" : "end",
                    "send {start, end, rejected, note} for the unit");
        }
        User caller = currentUser.get();
        var unit = curation.decide(caller, documentId, body.start(), body.end(), Boolean.TRUE.equals(body.rejected()),
                body.note());
        return new UnitDecisionDto(unit.getStart(), unit.getEnd(), unit.isRejected(), unit.getNote());
    }

    @PUT
    @Path("documents/{documentId}/curation/state")
    public StateDto state(@PathParam("documentId") long documentId, StateDto body) {
        if (body == null || body.state() == null) {
            throw new InvalidInputException("state", "send {state: IN_PROGRESS or FINISHED}");
        }
        SetState state;
        try {
            state = SetState.valueOf(body.state());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("state", "state must be IN_PROGRESS or FINISHED");
        }
        return new StateDto(curation.setState(currentUser.get(), documentId, state).name());
    }
}
