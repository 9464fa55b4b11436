package org.claimscope.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.claimscope.project.Project;
import org.claimscope.project.ProjectService;
import org.claimscope.security.CurrentUser;

/**
 * The start page: the projects the person belongs to, a form to start a new one, and one to restore a project from
 * an export bundle (sent to the API by {@code bundle-import.js}).
 */
@Named
@ViewScoped
public class IndexBacking implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    ProjectService projects;

    @Inject
    CurrentUser currentUser;

    @Inject
    org.claimscope.config.ClaimscopeConfig config;

    private List<Project> visible;
    private String name;
    private String description;

    public List<Project> getProjects() {
        if (visible == null) {
            visible = projects.visibleTo(currentUser.get());
        }
        return visible;
    }

    public String create() {
        Project[] created = new Project[1];
        if (Pages.attempt(() -> created[0] = projects.create(currentUser.get(), name, description))) {
            return "/project.xhtml?faces-redirect=true&id=" + created[0].getId();
        }
        return null;
    }

    /** The largest bundle one upload may hold, for the page to refuse a larger one before sending it. */
    public long getUploadLimit() {
        return config.importMaxUploadBytes();
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }
}
