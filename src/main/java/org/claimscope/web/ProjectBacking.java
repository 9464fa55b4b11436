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
import java.util.Set;
import org.claimscope.document.DocumentService;
import org.claimscope.document.DocumentSummary;
import org.claimscope.importing.ImportOutcome;
import org.claimscope.importing.ImportService;
import org.claimscope.importing.IncomingFile;
import org.claimscope.project.Access;
import org.claimscope.project.ProjectMember;
import org.claimscope.project.ProjectRole;
import org.claimscope.project.ProjectService;
import org.claimscope.security.CurrentUser;
import org.claimscope.security.UserService;
import org.primefaces.event.FileUploadEvent;

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

    private Long id;
    private Access access;
    private List<DocumentSummary> documentList;
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
        documentList = null;
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

    public List<DocumentSummary> getDocuments() {
        if (documentList == null) {
            documentList = documents.list(currentUser.get(), id);
        }
        return documentList;
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
