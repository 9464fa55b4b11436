package org.claimscope.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.claimscope.common.InvalidInputException;
import org.claimscope.common.Json;
import org.claimscope.export.job.ExportJob;
import org.claimscope.export.job.ExportJobs;
import org.claimscope.export.job.ExportRequest;
import org.claimscope.security.CurrentUser;

/**
 * Research exports written in the background: {@code POST /api/v1/projects/{projectId}/exports} (in
 * {@link ProjectsResource}) starts one; here it is followed and downloaded.
 */
@Path("v1/exports")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ExportsResource {
    @Inject
    CurrentUser currentUser;

    @Inject
    ExportJobs jobs;

    /** The body of a new export: {@code format} or {@code formats}, and what to take. */
    public record ExportBody(String format, List<String> formats, String layers, List<Long> documentIds,
                             List<String> categories, List<String> states, Boolean includeLogins) {
        ExportRequest request() {
            if (format != null && formats != null && !formats.isEmpty()) {
                throw new InvalidInputException("format", "send either format or formats, not both");
            }
            return new ExportRequest(format != null ? List.of(format) : formats, layers, documentIds, categories,
                    states, includeLogins != null && includeLogins);
        }
    }

    /** An export: where it is and, once finished, where to download it. */
    public record ExportDto(Long jobId, Long projectId, String state, double progress, long documentsTotal,
                            long documentsDone, String message, ExportRequest request, Instant createdAt,
                            Instant startedAt, Instant finishedAt, Long fileSize, String file) {
        static ExportDto of(ExportJob j) {
            return new ExportDto(j.getId(), j.getProjectId(), j.getState().name(), j.progress(), j.getDocumentsTotal(),
                    j.getDocumentsDone(), j.getMessage(), Json.read(j.getRequest(), ExportRequest.class),
                    j.getCreatedAt(), j.getStartedAt(), j.getFinishedAt(), j.getFileSize(),
                    j.getState() == ExportJob.State.FINISHED ? "/api/v1/exports/" + j.getId() + "/file" : null);
        }
    }

    @GET
    @Path("{jobId}")
    public ExportDto export(@PathParam("jobId") long jobId) {
        return ExportDto.of(jobs.get(currentUser.get(), jobId));
    }

    /** The finished bundle, a ZIP. */
    @GET
    @Path("{jobId}/file")
    @Produces("application/zip")
    public Response file(@PathParam("jobId") long jobId) {
        java.nio.file.Path file = jobs.file(currentUser.get(), jobId);
        return Response.ok(file.toFile(), "application/zip")
                .header("Content-Disposition", "attachment; filename=\"claimscope-export-" + jobId + ".zip\"").build();
    }
}
