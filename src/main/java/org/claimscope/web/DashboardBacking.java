package org.claimscope.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.claimscope.assignment.AssignmentService;
import org.claimscope.assignment.DashboardService;
import org.claimscope.assignment.DashboardService.Matrix;
import org.claimscope.assignment.DashboardService.Row;
import org.claimscope.assignment.DashboardService.Summary;
import org.claimscope.project.Access;
import org.claimscope.project.ProjectMember;
import org.claimscope.project.ProjectService;
import org.claimscope.security.CurrentUser;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The manager's dashboard: progress, counts per category, the documents × annotators matrix one
 * page at a time (a lazy table, so 10,000 documents cost one page of rows), bulk assignment, the
 * project's settings and the release of abandoned sets.
 */
@Named
@ViewScoped
public class DashboardBacking implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    ProjectService projects;

    @Inject
    DashboardService dashboards;

    @Inject
    AssignmentService assignments;

    @Inject
    CurrentUser currentUser;

    private Long project;
    private Access access;
    private Summary summary;
    private List<String> matrixAnnotators = List.of();
    private final MatrixModel matrix = new MatrixModel();
    private List<Row> selected = new ArrayList<>();
    private List<String> chosenAnnotators = new ArrayList<>();
    private int annotatorsPerDocument;
    private String order;
    private boolean autoMergeUnanimous;
    private boolean anonymousCuration;
    private Integer abandonAfterHours;

    public void load() {
        access = Pages.load(() -> {
            if (project == null) {
                throw new org.claimscope.common.NotFoundException("no project was named");
            }
            Access a = projects.access(currentUser.get(), project);
            if (!a.mayReadAllSets()) {
                throw new org.claimscope.common.ForbiddenException("the dashboard is for managers and curators");
            }
            return a;
        });
        if (access != null) {
            var p = access.project();
            annotatorsPerDocument = p.getAnnotatorsPerDocument();
            order = p.getDocumentOrder().name();
            autoMergeUnanimous = p.isAutoMergeUnanimous();
            anonymousCuration = p.isAnonymousCuration();
            abandonAfterHours = p.getAbandonAfterHours();
            matrixAnnotators = dashboards.matrix(currentUser.get(), project, 0, 1).annotators();
        }
    }

    /** The lazy matrix: asks the service for one page of documents at a time. */
    public final class MatrixModel extends LazyDataModel<Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) dashboards.matrix(currentUser.get(), project, 0, 1).total();
        }

        @Override
        public List<Row> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            Matrix page = dashboards.matrix(currentUser.get(), project, first, Math.min(pageSize, DashboardService.MAX_PAGE_SIZE));
            matrixAnnotators = page.annotators();
            setRowCount((int) page.total());
            return page.rows();
        }

        @Override
        public String getRowKey(Row row) {
            return String.valueOf(row.documentId());
        }

        @Override
        public Row getRowData(String rowKey) {
            long id = Long.parseLong(rowKey);
            return getWrappedData() == null ? null : ((List<Row>) getWrappedData()).stream()
                    .filter(r -> r.documentId() == id).findFirst().orElse(null);
        }
    }

    public void assign() {
        bulk(true);
    }

    public void unassign() {
        bulk(false);
    }

    private void bulk(boolean assign) {
        if (selected == null || selected.isEmpty()) {
            Pages.error("Tick one or more documents in the matrix first.");
            return;
        }
        if (chosenAnnotators == null || chosenAnnotators.isEmpty()) {
            Pages.error("Choose one or more annotators first.");
            return;
        }
        List<Long> ids = selected.stream().map(Row::documentId).toList();
        AssignmentService.AssignmentResult[] result = new AssignmentService.AssignmentResult[1];
        if (Pages.attempt(() -> result[0] = assignments.assign(currentUser.get(), project, ids, chosenAnnotators, assign))) {
            Pages.info((assign ? "Assigned: " : "Taken away: ") + result[0].changed() + " (document, annotator) pairs; "
                    + result[0].unchanged() + " were already so."
                    + (result[0].skipped().isEmpty() ? "" : " Left alone: " + result[0].skipped().size()
                    + " finished sets (reopen them first)."));
            summary = null;
            selected = new ArrayList<>();
        }
    }

    /** Reopens the chosen annotators' finished sets on the ticked documents. */
    public void reopen() {
        if (selected == null || selected.isEmpty() || chosenAnnotators == null || chosenAnnotators.isEmpty()) {
            Pages.error("Tick one or more documents in the matrix and choose annotators first.");
            return;
        }
        int reopened = 0;
        for (Row row : selected) {
            for (String login : chosenAnnotators) {
                if (row.states().get(login) == org.claimscope.annotation.SetState.FINISHED
                        && Pages.attempt(() -> assignments.reopen(currentUser.get(), row.documentId(), login))) {
                    reopened++;
                }
            }
        }
        Pages.info(reopened + " finished sets reopened.");
        summary = null;
        selected = new ArrayList<>();
    }

    public void releaseAbandoned() {
        int[] released = new int[1];
        if (Pages.attempt(() -> released[0] = assignments.releaseAbandoned(currentUser.get(), project))) {
            Pages.info(released[0] + " abandoned sets returned to the pool; their annotations are kept.");
            summary = null;
        }
    }

    public void saveSettings() {
        if (Pages.attempt(() -> projects.updateSettings(currentUser.get(), project, annotatorsPerDocument, order,
                autoMergeUnanimous, anonymousCuration, abandonAfterHours, abandonAfterHours == null))) {
            Pages.info("Settings saved.");
            access = projects.access(currentUser.get(), project);
            summary = null;
        }
    }

    public Summary getSummary() {
        if (summary == null) {
            summary = dashboards.summary(currentUser.get(), project);
        }
        return summary;
    }

    public List<ProjectMember> getAnnotatorMembers() {
        return assignments.annotators(currentUser.get(), project);
    }

    public boolean isManager() {
        return access != null && access.isManager();
    }

    public MatrixModel getMatrix() {
        return matrix;
    }

    public List<String> getMatrixAnnotators() {
        return matrixAnnotators;
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

    public List<Row> getSelected() {
        return selected;
    }

    public void setSelected(List<Row> selected) {
        this.selected = selected;
    }

    public List<String> getChosenAnnotators() {
        return chosenAnnotators;
    }

    public void setChosenAnnotators(List<String> chosenAnnotators) {
        this.chosenAnnotators = chosenAnnotators;
    }

    public int getAnnotatorsPerDocument() {
        return annotatorsPerDocument;
    }

    public void setAnnotatorsPerDocument(int annotatorsPerDocument) {
        this.annotatorsPerDocument = annotatorsPerDocument;
    }

    public String getOrder() {
        return order;
    }

    public void setOrder(String order) {
        this.order = order;
    }

    public boolean isAutoMergeUnanimous() {
        return autoMergeUnanimous;
    }

    public void setAutoMergeUnanimous(boolean autoMergeUnanimous) {
        this.autoMergeUnanimous = autoMergeUnanimous;
    }

    public boolean isAnonymousCuration() {
        return anonymousCuration;
    }

    public void setAnonymousCuration(boolean anonymousCuration) {
        this.anonymousCuration = anonymousCuration;
    }

    public Integer getAbandonAfterHours() {
        return abandonAfterHours;
    }

    public void setAbandonAfterHours(Integer abandonAfterHours) {
        this.abandonAfterHours = abandonAfterHours;
    }
}
