package org.claimscope.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.claimscope.config.ClaimscopeConfig;
import org.claimscope.importing.ImportService;
import org.claimscope.importing.job.ImportJobs;
import org.claimscope.project.Access;
import org.claimscope.security.CurrentUser;

/**
 * The bulk import page: the upload form, the running job's progress and report (drawn by import.js from the API),
 * and the project's earlier imports.
 */
@Named
@ViewScoped
public class ImportBacking implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    ImportService imports;

    @Inject
    ImportJobs jobs;

    @Inject
    ClaimscopeConfig config;

    @Inject
    CurrentUser currentUser;

    private Long project;
    private Long job;
    private Access access;
    private List<ImportJobs.JobView> recent;

    public void load() {
        access = Pages.load(() -> {
            if (project == null) {
                throw new org.claimscope.common.NotFoundException("no project was named");
            }
            return imports.checkMayImport(currentUser.get(), project);
        });
    }

    public List<ImportJobs.JobView> getRecent() {
        if (recent == null && access != null) {
            recent = jobs.ofProject(currentUser.get(), project, 20);
        }
        return recent;
    }

    public long getUploadLimit() {
        return config.importMaxUploadBytes();
    }

    public long getFileLimit() {
        return config.uploadMaxBytes();
    }

    public int getMaxFiles() {
        return config.importMaxFiles();
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
