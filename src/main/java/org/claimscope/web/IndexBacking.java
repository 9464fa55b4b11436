package org.claimscope.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.claimscope.project.Project;
import org.claimscope.project.ProjectService;
import org.claimscope.security.CurrentUser;

/** The start page: the projects the person belongs to, and a form to start a new one. */
@Named
@ViewScoped
public class IndexBacking implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    ProjectService projects;

    @Inject
    CurrentUser currentUser;

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
