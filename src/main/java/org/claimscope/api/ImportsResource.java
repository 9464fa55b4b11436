package org.claimscope.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.claimscope.common.InvalidInputException;
import org.claimscope.importing.ImportOutcome;
import org.claimscope.importing.job.ImportJob;
import org.claimscope.importing.job.ImportJobs;
import org.claimscope.security.CurrentUser;

/**
 * Bulk import jobs: {@code POST /api/v1/projects/{projectId}/imports} (in {@link ProjectsResource}) starts one;
 * here they are read, their report downloaded as CSV, and cancelled.
 */
@Path("v1/imports")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ImportsResource {
    @Inject
    CurrentUser currentUser;

    @Inject
    ImportJobs jobs;

    /** One line of a job's report. */
    public record FileDto(String fileName, String status, Long documentId, Long nearDuplicateOf, Double resemblance,
                          String message) {
        static FileDto of(ImportOutcome o) {
            return new FileDto(o.fileName(), o.status().name(), o.documentId(), o.nearDuplicateOf(), o.resemblance(),
                    o.message());
        }
    }

    /** A job: where it is, its counts and (when asked for) its report. */
    public record JobDto(Long jobId, Long projectId, String state, double progress, int filesTotal, int filesDone,
                         int imported, int duplicates, int nearDuplicates, int failed, boolean extractMainContent,
                         int uploads, long uploadBytes, String createdBy, Instant createdAt, Instant startedAt,
                         Instant finishedAt, String message, List<FileDto> files) {
        static JobDto of(ImportJobs.JobView view) {
            ImportJob j = view.job();
            return new JobDto(j.getId(), j.getProjectId(), j.getState().name(), j.progress(), j.getFilesTotal(),
                    j.getFilesDone(), j.getImported(), j.getDuplicates(), j.getNearDuplicates(), j.getFailed(),
                    j.isExtractMainContent(), j.getUploads(), j.getUploadBytes(), view.createdBy(), j.getCreatedAt(),
                    j.getStartedAt(), j.getFinishedAt(), j.getMessage(),
                    view.files().stream().map(FileDto::of).toList());
        }
    }

    /** A job with its report; {@code offset}, {@code limit} and {@code status} page and filter the report. */
    @GET
    @Path("{jobId}")
    public JobDto job(@PathParam("jobId") long jobId, @QueryParam("offset") @DefaultValue("0") int offset,
                      @QueryParam("limit") @DefaultValue("100000") int limit, @QueryParam("status") String status) {
        if (offset < 0) {
            throw new InvalidInputException("offset", "offset must be 0 or more");
        }
        if (limit < 0 || limit > ImportJobs.MAX_FILES_PER_PAGE) {
            throw new InvalidInputException("limit", "limit must be between 0 and " + ImportJobs.MAX_FILES_PER_PAGE);
        }
        return JobDto.of(jobs.get(currentUser.get(), jobId, offset, limit, status(status)));
    }

    /** The report as CSV: one line per file, in upload order. */
    @GET
    @Path("{jobId}/report.csv")
    @Produces("text/csv")
    public Response report(@PathParam("jobId") long jobId) {
        ImportJobs.JobView view = jobs.get(currentUser.get(), jobId, 0, ImportJobs.MAX_FILES_PER_PAGE, null);
        StreamingOutput body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                    .setHeader("fileName", "status", "documentId", "nearDuplicateOf", "resemblance", "message").get())) {
                for (ImportOutcome o : view.files()) {
                    csv.printRecord(o.fileName(), o.status().name(), o.documentId(), o.nearDuplicateOf(),
                            o.resemblance() == null ? null : String.format(Locale.ROOT, "%.3f", o.resemblance()),
                            o.message());
                }
            } catch (IOException e) {
                throw e;
            }
        };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"claimscope-import-" + jobId + ".csv\"").build();
    }

    /** Stops the job; the files imported until then stay. */
    @POST
    @Path("{jobId}/cancel")
    public JobDto cancel(@PathParam("jobId") long jobId) {
        jobs.cancel(currentUser.get(), jobId);
        return JobDto.of(jobs.get(currentUser.get(), jobId, 0, 0, null));
    }

    static ImportOutcome.Status status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ImportOutcome.Status.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("status", "unknown status " + value + "; one of IMPORTED, DUPLICATE, FAILED");
        }
    }

    /** Reads the multipart body of a new import: parts named {@code file}, and {@code extractMainContent}. */
    static Response start(ImportJobs jobs, CurrentUser currentUser, long projectId, List<EntityPart> parts,
                          String extractQuery) throws IOException {
        if (parts == null) {
            throw new InvalidInputException("file", "send the files as multipart/form-data parts named 'file'");
        }
        List<ImportJobs.Upload> uploads = new ArrayList<>();
        String extract = extractQuery;
        for (EntityPart part : parts) {
            switch (part.getName()) {
                case "file" -> uploads.add(new ImportJobs.Upload(part.getFileName().orElse("unnamed"),
                        part.getContent()));
                case "extractMainContent" -> extract = part.getContent(String.class);
                default -> throw new InvalidInputException(part.getName(), "unknown part '" + part.getName()
                        + "'; send parts named 'file' and, optionally, 'extractMainContent'");
            }
        }
        ImportJob job = jobs.start(currentUser.get(), projectId, uploads, flag(extract));
        return Response.accepted(new JobStarted(job.getId()))
                .location(UriBuilder.fromPath("/api/v1/imports/{id}").build(job.getId())).build();
    }

    /** The answer to a new import: the job to follow. */
    public record JobStarted(long jobId) {
    }

    private static boolean flag(String value) {
        if (value == null || value.isBlank()) {
            return true;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException("extractMainContent", "extractMainContent must be true or false,"
                    + " not '" + value.strip() + "'");
        };
    }
}
