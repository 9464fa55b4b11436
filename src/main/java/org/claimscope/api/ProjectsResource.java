package org.claimscope.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriBuilder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.claimscope.annotation.AnnotationService;
import org.claimscope.api.Dtos.AssignmentsDto;
import org.claimscope.api.Dtos.CountDto;
import org.claimscope.api.Dtos.SettingsDto;
import org.claimscope.agreement.AgreementCsv;
import org.claimscope.agreement.AgreementResult;
import org.claimscope.agreement.AgreementService;
import org.claimscope.assignment.AssignmentService;
import org.claimscope.assignment.DashboardService;
import org.claimscope.document.DocumentFacets;
import org.claimscope.document.DocumentPage;
import org.claimscope.document.DocumentQuery;
import org.claimscope.document.DocumentSummary;
import org.claimscope.api.Dtos.CodebookDto;
import org.claimscope.api.Dtos.DocumentListItem;
import org.claimscope.api.Dtos.MemberDto;
import org.claimscope.api.Dtos.MemberRoles;
import org.claimscope.api.Dtos.MetadataDto;
import org.claimscope.api.Dtos.NewProject;
import org.claimscope.api.Dtos.ProjectDto;
import org.claimscope.api.Dtos.ImportedProjectDto;
import org.claimscope.codebook.CodebookService;
import org.claimscope.common.InvalidInputException;
import org.claimscope.config.ClaimscopeConfig;
import org.claimscope.document.DocumentService;
import org.claimscope.export.JsonlExporter;
import org.claimscope.importing.ImportOutcome;
import org.claimscope.importing.ImportService;
import org.claimscope.importing.bundle.BundleImporter;
import org.claimscope.importing.bundle.BundleImports;
import org.claimscope.importing.IncomingFile;
import org.claimscope.project.Access;
import org.claimscope.project.Project;
import org.claimscope.project.ProjectRole;
import org.claimscope.project.ProjectService;
import org.claimscope.security.CurrentUser;
import org.claimscope.security.User;
import org.claimscope.security.UserService;

/** Projects, their members, codebook, documents and export. */
@Path("v1/projects")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProjectsResource {
    @Inject
    CurrentUser currentUser;

    @Inject
    ProjectService projects;

    @Inject
    UserService users;

    @Inject
    CodebookService codebooks;

    @Inject
    DocumentService documents;

    @Inject
    ImportService imports;

    @Inject
    org.claimscope.importing.job.ImportJobs importJobs;

    @Inject
    org.claimscope.export.job.ExportJobs exportJobs;

    @Inject
    org.claimscope.export.BundleExporter bundles;

    @Inject
    AnnotationService annotations;

    @Inject
    JsonlExporter jsonl;

    @Inject
    ClaimscopeConfig config;

    @Inject
    AssignmentService assignments;

    @Inject
    DashboardService dashboards;

    @Inject
    AgreementService agreementService;

    @Inject
    BundleImports bundleImports;

    @POST
    public Response create(NewProject body) {
        if (body == null) {
            throw new InvalidInputException("name", "send {name, description}");
        }
        Project project = projects.create(currentUser.get(), body.name(), body.description());
        return Response.created(UriBuilder.fromPath("/api/v1/projects/{id}").build(project.getId()))
                .entity(ProjectDto.of(project, EnumSet.of(ProjectRole.MANAGER))).build();
    }

    /**
     * Imports a Claimscope export bundle into a new project: a multipart part {@code file} holding the bundle (ZIP),
     * and optionally a part or query parameter {@code name} for the project (default: the bundle's project name).
     * Answers 201 with the new project, whose manager the caller is, with the number of documents and annotations
     * written, who owns each annotator's layer and the placeholder accounts made; a bad bundle answers 400 naming the line at
     * fault, and leaves no project behind. Who owns the annotators' layers: see {@link BundleImporter}.
     */
    @POST
    @Path("import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response importBundle(List<EntityPart> parts, @QueryParam("name") String nameQuery)
            throws java.io.IOException {
        if (parts == null) {
            throw new InvalidInputException("file", "send the bundle as a multipart/form-data part named 'file'");
        }
        EntityPart file = null;
        String name = nameQuery;
        for (EntityPart part : parts) {
            switch (part.getName()) {
                case "file" -> {
                    if (file != null) {
                        throw new InvalidInputException("file", "send one bundle per import");
                    }
                    file = part;
                }
                case "name" -> name = part.getContent(String.class);
                default -> throw new InvalidInputException(part.getName(), "unknown part '" + part.getName()
                        + "'; send a part named 'file' and, optionally, 'name'");
            }
        }
        if (file == null) {
            throw new InvalidInputException("file", "send the bundle as a multipart/form-data part named 'file'");
        }
        BundleImporter.Result result = bundleImports.importBundle(currentUser.get(), file.getContent(),
                file.getFileName().orElse("bundle.zip"), name);
        Project project = result.project();
        return Response.created(UriBuilder.fromPath("/api/v1/projects/{id}").build(project.getId()))
                .entity(ImportedProjectDto.of(ProjectDto.of(project, projects.access(currentUser.get(),
                        project.getId()).roles()), result)).build();
    }

    @GET
    public List<ProjectDto> list() {
        User caller = currentUser.get();
        return projects.visibleTo(caller).stream()
                .map(p -> ProjectDto.of(p, projects.access(caller, p.getId()).roles())).toList();
    }

    @GET
    @Path("{projectId}")
    public ProjectDto get(@PathParam("projectId") long projectId) {
        Access access = projects.access(currentUser.get(), projectId);
        return ProjectDto.of(access.project(), access.roles());
    }

    @GET
    @Path("{projectId}/members")
    public List<MemberDto> members(@PathParam("projectId") long projectId) {
        Access access = projects.access(currentUser.get(), projectId);
        // in a project that hides names from curators, only managers see which pseudonym is whose
        boolean hidePseudonyms = access.project().isAnonymousCuration() && !access.isManager();
        return projects.members(currentUser.get(), projectId).stream().map(MemberDto::of)
                .map(m -> hidePseudonyms ? new MemberDto(m.login(), m.displayName(), m.roles(), null) : m).toList();
    }

    @PUT
    @Path("{projectId}/members/{login}")
    public MemberDto setRoles(@PathParam("projectId") long projectId, @PathParam("login") String login,
                              MemberRoles body) {
        User caller = currentUser.get();
        projects.require(caller, projectId, ProjectRole.MANAGER);
        if (body == null || body.roles() == null) {
            throw new InvalidInputException("roles", "send {roles: [\"ANNOTATOR\", ...]}");
        }
        Set<ProjectRole> roles = EnumSet.noneOf(ProjectRole.class);
        for (String role : body.roles()) {
            try {
                roles.add(ProjectRole.valueOf(role));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new InvalidInputException("roles", "unknown role " + role + "; roles are MANAGER, ANNOTATOR, CURATOR");
            }
        }
        return MemberDto.of(projects.setRoles(caller, projectId, users.getByLogin(login), roles));
    }

    @GET
    @Path("{projectId}/codebook")
    public CodebookDto codebook(@PathParam("projectId") long projectId) {
        return CodebookDto.of(projectId, codebooks.get(currentUser.get(), projectId));
    }

    /** Replaces the codebook; {@code version} must be the version the change was made to. */
    @PUT
    @Path("{projectId}/codebook")
    public CodebookDto updateCodebook(@PathParam("projectId") long projectId, CodebookDto body) {
        if (body == null) {
            throw new InvalidInputException("version", "send the codebook with its version");
        }
        return CodebookDto.of(projectId, codebooks.update(currentUser.get(), projectId, body.version(), body.definition()));
    }

    /**
     * The project's documents without their text, in import order unless {@code sort} says otherwise;
     * optional filters, order and page (see {@link DocumentQuery}). The header {@code X-Total-Count}
     * says how many match in all.
     */
    @GET
    @Path("{projectId}/documents")
    public Response documents(@PathParam("projectId") long projectId, @QueryParam("q") String q,
                              @QueryParam("author") String author, @QueryParam("siteName") String siteName,
                              @QueryParam("language") String language, @QueryParam("publishedFrom") String publishedFrom,
                              @QueryParam("publishedTo") String publishedTo, @QueryParam("mediaType") String mediaType,
                              @QueryParam("sort") String sort, @QueryParam("dir") String dir,
                              @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        DocumentQuery query = DocumentQuery.parse(q, author, siteName, language, publishedFrom, publishedTo, mediaType,
                sort, dir, offset, limit);
        DocumentPage page = documents.search(currentUser.get(), projectId, query);
        List<DocumentListItem> items = page.items().stream().map(ProjectsResource::listItem).toList();
        return Response.ok(new GenericEntity<List<DocumentListItem>>(items) {
        }).header("X-Total-Count", page.total()).build();
    }

    /** The distinct outlets, authors, languages and media types of the project's documents, with counts. */
    @GET
    @Path("{projectId}/documents/facets")
    public DocumentFacets documentFacets(@PathParam("projectId") long projectId) {
        return documents.facets(currentUser.get(), projectId);
    }

    static DocumentListItem listItem(DocumentSummary d) {
        return new DocumentListItem(d.id(), d.projectId(), d.title(), d.textSha256(), d.textLength(),
                d.fileSize(), d.importedAt(), new MetadataDto(d.author(), d.publishedAt(), d.siteName(),
                d.sourceUrl(), d.language(), d.mediaType(), d.fileName()), d.nearDuplicateOf(), d.resemblance());
    }

    @POST
    @Path("{projectId}/documents")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public List<ImportOutcome> importDocuments(@PathParam("projectId") long projectId,
                                               @FormParam("file") List<EntityPart> parts) {
        User caller = currentUser.get();
        imports.checkMayImport(caller, projectId);
        if (parts == null || parts.isEmpty()) {
            throw new InvalidInputException("file", "send one or more files as multipart parts named 'file'");
        }
        if (parts.size() > config.uploadMaxFiles()) {
            throw new InvalidInputException("file", "at most " + config.uploadMaxFiles() + " files per request");
        }
        List<ImportOutcome> outcomes = new ArrayList<>(parts.size());
        for (EntityPart part : parts) {
            String name = part.getFileName().orElse(part.getName());
            outcomes.add(imports.importFile(caller, projectId, new IncomingFile(name, part.getContent())));
        }
        return outcomes;
    }

    /**
     * Starts a bulk import: multipart parts named {@code file} (files, ZIP or tar.gz archives) and
     * {@code extractMainContent} (true or false, default true). Answers 202 with the job to follow.
     */
    @POST
    @Path("{projectId}/imports")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response startImport(@PathParam("projectId") long projectId, List<EntityPart> parts,
                                @QueryParam("extractMainContent") String extractMainContent) throws java.io.IOException {
        return ImportsResource.start(importJobs, currentUser, projectId, parts, extractMainContent);
    }

    /** The project's latest import jobs, newest first, without their reports. */
    @GET
    @Path("{projectId}/imports")
    public List<ImportsResource.JobDto> importJobs(@PathParam("projectId") long projectId,
                                                   @QueryParam("limit") @DefaultValue("50") int limit) {
        return importJobs.ofProject(currentUser.get(), projectId, limit).stream().map(ImportsResource.JobDto::of)
                .toList();
    }

    @GET
    @Path("{projectId}/settings")
    public SettingsDto settings(@PathParam("projectId") long projectId) {
        return SettingsDto.of(projects.access(currentUser.get(), projectId).project());
    }

    /** Changes the settings a manager sends; a setting left out keeps its value. */
    @PUT
    @Path("{projectId}/settings")
    public SettingsDto updateSettings(@PathParam("projectId") long projectId, SettingsDto body) {
        if (body == null) {
            throw new InvalidInputException("annotatorsPerDocument",
                    "send {annotatorsPerDocument, order, autoMergeUnanimous, anonymousCuration, abandonAfterHours}");
        }
        Integer abandon = body.abandonAfterHours();
        return SettingsDto.of(projects.updateSettings(currentUser.get(), projectId, body.annotatorsPerDocument(),
                body.order(), body.autoMergeUnanimous(), body.anonymousCuration(),
                abandon != null && abandon == 0 ? null : abandon, abandon != null && abandon == 0));
    }

    /** The caller's next document, taken for them; 204 when none is left. */
    @GET
    @Path("{projectId}/next-document")
    public Response nextDocument(@PathParam("projectId") long projectId) {
        return assignments.next(currentUser.get(), projectId)
                .map(d -> Response.ok(listItem(d)).build())
                .orElseGet(() -> Response.noContent().build());
    }

    @PUT
    @Path("{projectId}/assignments")
    public AssignmentService.AssignmentResult assign(@PathParam("projectId") long projectId, AssignmentsDto body) {
        if (body == null) {
            throw new InvalidInputException("documentIds", "send {documentIds: [...], logins: [...], assign: true or false}");
        }
        if (body.assign() == null) {
            throw new InvalidInputException("assign", "assign is required: true to assign, false to take away");
        }
        return assignments.assign(currentUser.get(), projectId, body.documentIds(), body.logins(), body.assign());
    }

    /** Returns sets untouched for longer than the project's abandonAfterHours to the pool. */
    @POST
    @Path("{projectId}/assignments/release-abandoned")
    public CountDto releaseAbandoned(@PathParam("projectId") long projectId) {
        return new CountDto(assignments.releaseAbandoned(currentUser.get(), projectId));
    }

    /** The caller's documents in the project with the state of their set. */
    @GET
    @Path("{projectId}/my-work")
    public List<WorkItemDto> myWork(@PathParam("projectId") long projectId) {
        return assignments.myWork(currentUser.get(), projectId).stream()
                .map(w -> new WorkItemDto(listItem(w.document()), w.state().name(), w.annotations(), w.updatedAt()))
                .toList();
    }

    /** One document of the caller's work list. */
    public record WorkItemDto(DocumentListItem document, String state, long annotations, java.time.Instant updatedAt) {
    }

    @GET
    @Path("{projectId}/dashboard")
    public DashboardService.Summary dashboard(@PathParam("projectId") long projectId) {
        return dashboards.summary(currentUser.get(), projectId);
    }

    @GET
    @Path("{projectId}/dashboard/matrix")
    public DashboardService.Matrix matrix(@PathParam("projectId") long projectId,
                                          @QueryParam("offset") @DefaultValue("0") int offset,
                                          @QueryParam("limit") @DefaultValue("100") int limit) {
        return dashboards.matrix(currentUser.get(), projectId, offset, limit);
    }

    /**
     * Inter-annotator agreement over the finished sets; {@code value} is null, with a reason, when
     * the measure is not defined for the data.
     */
    @GET
    @Path("{projectId}/agreement")
    public AgreementResult agreement(@PathParam("projectId") long projectId,
                                     @QueryParam("measure") @DefaultValue("krippendorff-alpha-nominal") String measure,
                                     @QueryParam("category") String category) {
        return agreementService.agreement(currentUser.get(), projectId, measure, category);
    }

    /** One table of the agreement report as CSV: {@code pairs}, {@code documents} or {@code confusion}. */
    @GET
    @Path("{projectId}/agreement/{table}.csv")
    @Produces("text/csv")
    public Response agreementCsv(@PathParam("projectId") long projectId, @PathParam("table") String table,
                                 @QueryParam("measure") @DefaultValue("krippendorff-alpha-nominal") String measure,
                                 @QueryParam("category") String category) {
        AgreementCsv.Table chosen = AgreementCsv.Table.fromKey(table);
        AgreementResult result = agreementService.agreement(currentUser.get(), projectId, measure, category);
        StreamingOutput body = out -> AgreementCsv.write(result, chosen, out);
        String fileName = "claimscope-" + projectId + "-agreement-" + result.measure()
                + (result.category() == null ? "" : "-" + result.category().replaceAll("[^A-Za-z0-9_-]", "_"))
                + "-" + table + ".csv";
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"").build();
    }

    @GET
    @Path("{projectId}/speakers")
    public List<String> speakers(@PathParam("projectId") long projectId) {
        User caller = currentUser.get();
        return annotations.speakers(caller, projects.access(caller, projectId));
    }

    /**
     * A small export streamed at once: {@code format=jsonl} as JSON Lines, any other format as a bundle (ZIP) holding
     * that format, the codebook and the datasheet. Large corpora go through {@code POST .../exports}.
     */
    @GET
    @Path("{projectId}/export")
    @Produces({"application/x-ndjson", "application/zip", MediaType.APPLICATION_JSON})
    public Response export(@PathParam("projectId") long projectId,
                           @QueryParam("format") @DefaultValue("jsonl") String format,
                           @QueryParam("layers") @DefaultValue("all") String layers,
                           @QueryParam("includeLogins") @DefaultValue("false") boolean includeLogins) {
        JsonlExporter.Layers chosen = JsonlExporter.Layers.fromKey(layers);
        User caller = currentUser.get();
        Access access = jsonl.checkMayExport(caller, projectId);
        if ("jsonl".equals(format) && !includeLogins) {
            StreamingOutput body = out -> jsonl.write(projectId, chosen, out);
            String fileName = "claimscope-project-" + access.project().getId() + ".jsonl";
            return Response.ok(body, "application/x-ndjson; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                    .build();
        }
        if (!org.claimscope.export.BundleExporter.formats().contains(format)) {
            throw new InvalidInputException("format", "unknown format " + format + "; available: "
                    + String.join(", ", org.claimscope.export.BundleExporter.formats()));
        }
        List<String> formats = List.of(format);
        org.claimscope.export.CorpusReader.Selection selection = new org.claimscope.export.CorpusReader.Selection(
                chosen, List.of(), Set.of(), Set.of(), includeLogins);
        StreamingOutput body = out -> bundles.write(caller, access.project(), formats, selection, out, done -> { });
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"claimscope-project-" + projectId + "-"
                        + formats.get(0) + ".zip\"").build();
    }

    /** Starts a research export in the background: {@code {format or formats, layers, documentIds, categories,
     * states, includeLogins}} → 202 {@code {jobId}}. */
    @POST
    @Path("{projectId}/exports")
    public Response startExport(@PathParam("projectId") long projectId, ExportsResource.ExportBody body) {
        ExportsResource.ExportBody b = body == null ? new ExportsResource.ExportBody(null, null, null, null, null, null,
                null) : body;
        org.claimscope.export.job.ExportJob job = exportJobs.start(currentUser.get(), projectId, b.request());
        return Response.accepted(new ExportStarted(job.getId()))
                .location(UriBuilder.fromPath("/api/v1/exports/{id}").build(job.getId())).build();
    }

    /** The answer to a new export: the job to follow. */
    public record ExportStarted(long jobId) {
    }

    /** The project's latest exports, newest first. */
    @GET
    @Path("{projectId}/exports")
    public List<ExportsResource.ExportDto> exports(@PathParam("projectId") long projectId) {
        return exportJobs.ofProject(currentUser.get(), projectId).stream().map(ExportsResource.ExportDto::of).toList();
    }

}
