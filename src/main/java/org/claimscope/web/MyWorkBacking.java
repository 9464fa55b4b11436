package org.claimscope.web;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.claimscope.assignment.AssignmentService;
import org.claimscope.assignment.AssignmentService.WorkItem;
import org.claimscope.document.DocumentSummary;
import org.claimscope.project.Access;
import org.claimscope.project.ProjectRole;
import org.claimscope.project.ProjectService;
import org.claimscope.security.CurrentUser;

/** An annotator's "my work" page: their documents with their state, and "next document". */
@Named
@ViewScoped
public class MyWorkBacking implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    ProjectService projects;

    @Inject
    AssignmentService assignments;

    @Inject
    CurrentUser currentUser;

    private Long project;
    private Access access;
    private List<WorkItem> items;

    public void load() {
        access = Pages.load(() -> {
            if (project == null) {
                throw new org.claimscope.common.NotFoundException("no project was named");
            }
            return projects.access(currentUser.get(), project);
        });
    }

    /** Takes the next document for the caller and opens it in the editor. */
    public void next() throws IOException {
        Optional<DocumentSummary>[] next = new Optional[1];
        if (!Pages.attempt(() -> next[0] = assignments.next(currentUser.get(), project))) {
            return;
        }
        if (next[0].isEmpty()) {
            Pages.info("No document is waiting for you in this project: every document has its annotators, "
                    + "or you have had them all.");
            items = null;
            return;
        }
        FacesContext faces = FacesContext.getCurrentInstance();
        faces.getExternalContext().redirect(faces.getExternalContext().getRequestContextPath()
                + "/annotate.xhtml?document=" + next[0].get().id());
    }

    public List<WorkItem> getItems() {
        if (items == null) {
            items = assignments.myWork(currentUser.get(), project);
        }
        return items;
    }

    public long count(String state) {
        return getItems().stream().filter(i -> i.state().name().equals(state)).count();
    }

    public long getOpenPlaces() {
        return assignments.openPlaces(project, access.project().getAnnotatorsPerDocument());
    }

    public boolean isAnnotator() {
        return access != null && access.has(ProjectRole.ANNOTATOR);
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
}
