package org.claimscope.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.claimscope.common.StaleVersionException;
import org.claimscope.document.Document;
import org.claimscope.document.DocumentFacets;
import org.claimscope.document.DocumentPage;
import org.claimscope.document.DocumentQuery;
import org.claimscope.document.DocumentService;
import org.claimscope.document.DocumentSort;
import org.claimscope.document.DocumentSummary;
import org.claimscope.document.MetadataPatch;
import org.claimscope.importing.ImportOutcome;
import org.claimscope.importing.ImportService;
import org.claimscope.importing.IncomingFile;
import org.claimscope.project.Access;
import org.claimscope.project.ProjectMember;
import org.claimscope.project.ProjectRole;
import org.claimscope.project.ProjectService;
import org.claimscope.security.CurrentUser;
import org.claimscope.security.UserService;
import org.primefaces.PrimeFaces;
import org.primefaces.component.datatable.DataTable;
import org.primefaces.event.FileUploadEvent;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/** A project's page: its documents, the upload, its members and the export. */
@Named
@ViewScoped
public class ProjectBacking implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    ProjectService projects;

    @Inject
    DocumentService documents;

    @Inject
    ImportService imports;

    @Inject
    UserService users;

    @Inject
    CurrentUser currentUser;

    @Inject
    org.claimscope.document.NearDuplicateDecisions nearDuplicates;

    private Long id;
    private Access access;
    private DocumentsModel documentModel;
    private DocumentFacets facets;
    private String filterSiteName;
    private String filterLanguage;
    private java.time.LocalDate filterFrom;
    private java.time.LocalDate filterTo;
    private final MetadataForm edit = new MetadataForm();
    private List<ProjectMember> memberList;
    private java.util.Map<Long, List<DocumentService.SetSummary>> sets;
    private final List<ImportOutcome> outcomes = new ArrayList<>();
    private String memberLogin;
    private List<String> memberRoles = new ArrayList<>(List.of(ProjectRole.ANNOTATOR.name()));

    /** Runs before the page renders: a project the person may not see answers 404. */
    public void load() {
        if (id == null) {
            Pages.load(() -> {
                throw new org.claimscope.common.NotFoundException("no project was named");
            });
            return;
        }
        access = Pages.load(() -> projects.access(currentUser.get(), id));
    }

    public void upload(FileUploadEvent event) throws IOException {
        try (InputStream in = event.getFile().getInputStream()) {
            ImportOutcome outcome = imports.importFile(currentUser.get(), id,
                    new IncomingFile(event.getFile().getFileName(), in));
            synchronized (outcomes) {
                outcomes.add(0, outcome);
            }
        }
        facets = null;
        sets = null;
    }

    public void saveMember() {
        Set<ProjectRole> roles = EnumSet.noneOf(ProjectRole.class);
        memberRoles.forEach(r -> roles.add(ProjectRole.valueOf(r)));
        if (Pages.attempt(() -> projects.setRoles(currentUser.get(), id, users.getByLogin(memberLogin == null ? ""
                : memberLogin.strip()), roles))) {
            Pages.info("Roles of " + memberLogin + " saved.");
            memberLogin = null;
            memberList = null;
        }
    }

    /** Curators and managers see who annotated each document and open their sets read-only. */
    public boolean isMayReadAllSets() {
        return access != null && access.mayReadAllSets();
    }

    public List<DocumentService.SetSummary> setsOf(long documentId) {
        if (sets == null) {
            sets = isMayReadAllSets() ? documents.setsByDocument(currentUser.get(), id) : java.util.Map.of();
        }
        return sets.getOrDefault(documentId, List.of());
    }

    public boolean isAnnotator() {
        return access != null && access.has(ProjectRole.ANNOTATOR);
    }

    public boolean isCurator() {
        return access != null && (access.has(ProjectRole.CURATOR) || access.isManager());
    }

    public boolean isManager() {
        return access != null && access.isManager();
    }

    public boolean isMayImport() {
        return access != null && (access.has(ProjectRole.MANAGER) || access.has(ProjectRole.ANNOTATOR));
    }

    public Access getAccess() {
        return access;
    }

    public org.claimscope.project.Project getProject() {
        return access == null ? null : access.project();
    }

    /** The documents table: filtered, sorted and paged by the database, a page at a time. */
    public LazyDataModel<DocumentSummary> getDocuments() {
        if (documentModel == null) {
            documentModel = new DocumentsModel();
        }
        return documentModel;
    }

    /** The table's rows, loaded a page at a time through {@link DocumentService#search}. */
    private final class DocumentsModel extends LazyDataModel<DocumentSummary> {
        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) documents.count(currentUser.get(), id, query(filterBy, Map.of(), 0, null));
        }

        @Override
        public List<DocumentSummary> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                                          Map<String, FilterMeta> filterBy) {
            DocumentPage page = documents.search(currentUser.get(), id, query(filterBy, sortBy, first,
                    Math.max(1, Math.min(pageSize, DocumentQuery.MAX_LIMIT))));
            setRowCount((int) page.total());
            return page.items();
        }

        @Override
        public String getRowKey(DocumentSummary document) {
            return String.valueOf(document.id());
        }

        @Override
        public DocumentSummary getRowData(String rowKey) {
            List<DocumentSummary> shown = getWrappedData();
            return shown == null ? null
                    : shown.stream().filter(d -> String.valueOf(d.id()).equals(rowKey)).findFirst().orElse(null);
        }
    }

    /** The filters above the table and the title column's filter, the table's sort, and the page. */
    private DocumentQuery query(Map<String, FilterMeta> filterBy, Map<String, SortMeta> sortBy, int first,
                                Integer pageSize) {
        FilterMeta titleFilter = filterBy == null ? null : filterBy.get("title");
        Object title = titleFilter == null ? null : titleFilter.getFilterValue();
        DocumentSort sort = DocumentSort.ID;
        boolean descending = false;
        if (sortBy != null) {
            for (SortMeta meta : sortBy.values()) {
                DocumentSort chosen = DocumentSort.byKey(meta.getField());
                if (chosen != null && meta.getOrder() != null && meta.getOrder() != SortOrder.UNSORTED) {
                    sort = chosen;
                    descending = meta.getOrder() == SortOrder.DESCENDING;
                    break;
                }
            }
        }
        return new DocumentQuery(title == null ? null : title.toString(), null, filterSiteName, filterLanguage,
                filterFrom, filterTo, null, sort, descending, Math.max(0, first), pageSize);
    }

    /** Outlets and languages for the filters, with how many documents have each. */
    public DocumentFacets getFacets() {
        if (facets == null) {
            facets = documents.facets(currentUser.get(), id);
        }
        return facets;
    }

    /** A filter above the table changed: show the first page of what matches. */
    public void applyFilters() {
        DataTable table = (DataTable) jakarta.faces.context.FacesContext.getCurrentInstance().getViewRoot()
                .findComponent("documentsForm:documents");
        if (table != null) {
            table.setFirst(0);
        }
    }

    /** The manager keeps a document flagged as a near duplicate: the flag goes. */
    public void keepNearDuplicate(long documentId) {
        if (Pages.attempt(() -> nearDuplicates.keep(currentUser.get(), documentId))) {
            Pages.info("Document " + documentId + " is kept; it is no longer marked as a near duplicate.");
        }
    }

    /** The manager deletes a near duplicate nobody has worked on. */
    public void deleteDocument(long documentId) {
        if (Pages.attempt(() -> nearDuplicates.delete(currentUser.get(), documentId))) {
            Pages.info("Document " + documentId + " was deleted.");
            facets = null;
        }
    }

    public void clearFilters() {
        filterSiteName = null;
        filterLanguage = null;
        filterFrom = null;
        filterTo = null;
        DataTable table = (DataTable) jakarta.faces.context.FacesContext.getCurrentInstance().getViewRoot()
                .findComponent("documentsForm:documents");
        if (table != null) {
            table.reset();
        }
    }

    /** Opens the metadata dialog on a document's current values. */
    public void editMetadata(long documentId) {
        Document document = documents.get(currentUser.get(), documentId).document();
        edit.load(document);
    }

    /**
     * Saves the dialog through the same checks as the API. A refusal shows its message in the dialog
     * and keeps what the manager typed; when someone else saved in the meantime, the dialog also shows
     * the values now saved, and saving again replaces them.
     */
    public void saveMetadata() {
        MetadataPatch patch = new MetadataPatch()
                .set(MetadataPatch.TITLE, edit.title).set(MetadataPatch.AUTHOR, edit.author)
                .set(MetadataPatch.PUBLISHED_AT, edit.publishedAt).set(MetadataPatch.SITE_NAME, edit.siteName)
                .set(MetadataPatch.SOURCE_URL, edit.sourceUrl).set(MetadataPatch.LANGUAGE, edit.language)
                .version(edit.version);
        Document saved;
        try {
            saved = documents.updateMetadata(currentUser.get(), edit.id, patch);
        } catch (RuntimeException e) {
            if (!isStale(e)) {
                Pages.attempt(() -> {
                    throw e;
                });
                return;
            }
            Document now = documents.get(currentUser.get(), edit.id).document();
            edit.saved = DocumentSummary.of(now);
            edit.version = now.getVersion();
            Pages.error("Someone else changed this document's metadata while you were editing it. Your entries are "
                    + "kept; the values saved now are shown above them. Save again to replace those with yours.");
            return;
        }
        edit.load(saved);
        facets = null;
        Pages.info("Metadata of \u201c" + saved.getTitle() + "\u201d saved.");
        PrimeFaces.current().ajax().addCallbackParam("saved", true);
        PrimeFaces.current().ajax().update("documentsForm:documentMessages");
    }

    private static boolean isStale(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StaleVersionException || t instanceof jakarta.persistence.OptimisticLockException) {
                return true;
            }
        }
        return false;
    }

    public MetadataForm getEdit() {
        return edit;
    }

    /** What the metadata dialog shows and the manager types. */
    public static final class MetadataForm implements Serializable {
        private static final long serialVersionUID = 1L;
        private Long id;
        private long version;
        private String title;
        private String author;
        private String publishedAt;
        private String siteName;
        private String sourceUrl;
        private String language;
        /** The values someone else saved while the dialog was open; null when there is no such conflict. */
        private DocumentSummary saved;

        void load(Document d) {
            id = d.getId();
            version = d.getVersion();
            title = d.getTitle();
            author = d.getAuthor();
            publishedAt = d.getPublishedAt();
            siteName = d.getSiteName();
            sourceUrl = d.getSourceUrl();
            language = d.getLanguage();
            saved = null;
        }

        public Long getId() {
            return id;
        }

        public String getTitle() {
            return title;
        }

        public void setTitle(String title) {
            this.title = title;
        }

        public String getAuthor() {
            return author;
        }

        public void setAuthor(String author) {
            this.author = author;
        }

        public String getPublishedAt() {
            return publishedAt;
        }

        public void setPublishedAt(String publishedAt) {
            this.publishedAt = publishedAt;
        }

        public String getSiteName() {
            return siteName;
        }

        public void setSiteName(String siteName) {
            this.siteName = siteName;
        }

        public String getSourceUrl() {
            return sourceUrl;
        }

        public void setSourceUrl(String sourceUrl) {
            this.sourceUrl = sourceUrl;
        }

        public String getLanguage() {
            return language;
        }

        public void setLanguage(String language) {
            this.language = language;
        }

        public DocumentSummary getSaved() {
            return saved;
        }

        /** The values someone else saved, each with its label; "none" for an empty one. */
        public String getSavedSummary() {
            if (saved == null) {
                return null;
            }
            return "title " + or(saved.title()) + " · author " + or(saved.author()) + " · published "
                    + or(saved.publishedAt()) + " · outlet " + or(saved.siteName()) + " · URL " + or(saved.sourceUrl())
                    + " · language " + or(saved.language());
        }

        private static String or(String value) {
            return value == null ? "none" : "\u201c" + value + "\u201d";
        }
    }

    public String getFilterSiteName() {
        return filterSiteName;
    }

    public void setFilterSiteName(String filterSiteName) {
        this.filterSiteName = filterSiteName;
    }

    public String getFilterLanguage() {
        return filterLanguage;
    }

    public void setFilterLanguage(String filterLanguage) {
        this.filterLanguage = filterLanguage;
    }

    public java.time.LocalDate getFilterFrom() {
        return filterFrom;
    }

    public void setFilterFrom(java.time.LocalDate filterFrom) {
        this.filterFrom = filterFrom;
    }

    public java.time.LocalDate getFilterTo() {
        return filterTo;
    }

    public void setFilterTo(java.time.LocalDate filterTo) {
        this.filterTo = filterTo;
    }

    public List<ProjectMember> getMembers() {
        if (memberList == null) {
            memberList = projects.members(currentUser.get(), id);
        }
        return memberList;
    }

    public List<ImportOutcome> getOutcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    public ProjectRole[] getAllRoles() {
        return ProjectRole.values();
    }

    public Long getId() {
        return id;
    }

    public void setId(Long id) {
        this.id = id;
    }

    public String getMemberLogin() {
        return memberLogin;
    }

    public void setMemberLogin(String memberLogin) {
        this.memberLogin = memberLogin;
    }

    public List<String> getMemberRoles() {
        return memberRoles;
    }

    public void setMemberRoles(List<String> memberRoles) {
        this.memberRoles = memberRoles;
    }

    public long getUploadLimit() {
        return imports.uploadMaxBytes();
    }
}
