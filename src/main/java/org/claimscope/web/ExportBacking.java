package org.claimscope.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.claimscope.codebook.CodebookService;
import org.claimscope.common.Json;
import org.claimscope.export.BundleExporter;
import org.claimscope.export.JsonlExporter;
import org.claimscope.export.job.ExportJob;
import org.claimscope.export.job.ExportJobs;
import org.claimscope.export.job.ExportRequest;
import org.claimscope.project.Access;
import org.claimscope.security.CurrentUser;
import org.claimscope.security.UserService;

/**
 * The research export page: the form (formats, layers, filters, logins or pseudonyms), the running export's progress
 * and download link (drawn by export.js from the API), and the project's earlier exports. Managers only.
 */
@Named
@ViewScoped
public class ExportBacking implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A one-line explanation of each format, in the order {@link BundleExporter#formats()} lists them. */
    private static final Map<String, String[]> FORMAT_TEXT = Map.of(
            "jsonl", new String[] {"JSON Lines",
                "one line per document with its metadata, text, every layer and its annotations; Claimscope imports it back."},
            "csv", new String[] {"CSV",
                "one row per annotation and one per document, with context either side: for spreadsheets, pandas and R."},
            "w3c", new String[] {"W3C Web Annotation",
                "JSON-LD annotation pages following the W3C Web Annotation Data Model."},
            "brat", new String[] {"brat standoff",
                "a .txt and an .ann file per document, one folder per layer, for the brat annotation tool."},
            "conll", new String[] {"CoNLL",
                "one tab-separated file per document with a BIO tag column per layer, for sequence-labelling tools."},
            "uima-xmi", new String[] {"UIMA CAS XMI",
                "one XMI file per document with the type system, for INCEpTION, WebAnno and DKPro."});

    /** A format the page offers. */
    public record FormatOption(String key, String label, String description) implements Serializable {
    }

    /** A category of the project's codebook, to export only some. */
    public record CategoryOption(String key, String label, boolean retired) implements Serializable {
    }

    /** A layer state, to export only the layers in some states. */
    public record StateOption(String key, String label) implements Serializable {
    }

    /** A row of the earlier exports. */
    public record ExportRow(long id, Instant createdAt, String createdBy, String formats, String layers,
                            String filters, String state, String message, String size, boolean downloadable)
            implements Serializable {
    }

    private static final List<StateOption> STATES = List.of(new StateOption("NEW", "New"),
            new StateOption("IN_PROGRESS", "In progress"), new StateOption("FINISHED", "Finished"),
            new StateOption("ABANDONED", "Abandoned"));

    @Inject
    ExportJobs jobs;

    @Inject
    JsonlExporter exporter;

    @Inject
    CodebookService codebooks;

    @Inject
    UserService users;

    @Inject
    CurrentUser currentUser;

    private Long project;
    private Long job;
    private Access access;
    private List<CategoryOption> categories;
    private List<ExportRow> recent;

    public void load() {
        access = Pages.load(() -> {
            if (project == null) {
                throw new org.claimscope.common.NotFoundException("no project was named");
            }
            // the same check as the API's: only the project's managers export
            return exporter.checkMayExport(currentUser.get(), project);
        });
    }

    public List<FormatOption> getFormats() {
        return BundleExporter.formats().stream().map(key -> {
            String[] text = FORMAT_TEXT.getOrDefault(key, new String[] {key, ""});
            return new FormatOption(key, text[0], text[1]);
        }).toList();
    }

    public List<CategoryOption> getCategories() {
        if (categories == null && access != null) {
            categories = codebooks.of(project).definition().categories().stream()
                    .map(c -> new CategoryOption(c.key(), c.label() == null || c.label().isBlank() ? c.key() : c.label(),
                            c.retired()))
                    .toList();
        }
        return categories;
    }

    public List<StateOption> getStates() {
        return STATES;
    }

    public List<ExportRow> getRecent() {
        if (recent == null && access != null) {
            Map<Long, String> logins = new HashMap<>();
            recent = jobs.ofProject(currentUser.get(), project).stream().limit(20)
                    .map(j -> row(j, logins.computeIfAbsent(j.getCreatedBy(), users::loginOf))).toList();
        }
        return recent;
    }

    private static ExportRow row(ExportJob j, String by) {
        String formats = "";
        String layers = "";
        String filters = "";
        try {
            ExportRequest request = Json.read(j.getRequest(), ExportRequest.class);
            formats = String.join(", ", request.formats());
            layers = switch (request.layers()) {
                case "curated" -> "curated";
                case "annotators" -> "annotators";
                default -> "curated and annotators";
            };
            StringBuilder f = new StringBuilder();
            if (!request.categories().isEmpty()) {
                f.append("categories ").append(String.join(", ", request.categories()));
            }
            if (!request.states().isEmpty()) {
                f.append(f.isEmpty() ? "" : "; ").append("states ").append(String.join(", ", request.states()));
            }
            if (!request.documentIds().isEmpty()) {
                f.append(f.isEmpty() ? "" : "; ").append(request.documentIds().size()).append(" documents");
            }
            if (request.includeLogins()) {
                f.append(f.isEmpty() ? "" : "; ").append("logins");
            }
            filters = f.toString();
        } catch (RuntimeException unreadable) {
            formats = "?";
        }
        boolean finished = j.getState() == ExportJob.State.FINISHED;
        return new ExportRow(j.getId(), j.getCreatedAt(), by, formats, layers, filters, j.getState().name(),
                j.getMessage(), finished && j.getFileSize() != null ? size(j.getFileSize()) : "", finished);
    }

    /** A file size for people: 512 bytes, 12.3 KB, 4.5 MB, 1.2 GB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    public Access getAccess() {
        return access;
    }

    public Long getProject() {
        return project;
    }

    public void setProject(Long project) {
        this.project = project;
    }

    public Long getJob() {
        return job;
    }

    public void setJob(Long job) {
        this.job = job;
    }
}
