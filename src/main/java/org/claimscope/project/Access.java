package org.claimscope.project;

import java.util.Set;
import org.claimscope.security.User;

/**
 * What one person may do in one project. Administrators act as managers and curators in every
 * project; annotating needs the annotator role in that project.
 */
public record Access(Project project, User user, Set<ProjectRole> roles) {

    public boolean has(ProjectRole role) {
        return roles.contains(role) || (user.isAdmin() && role != ProjectRole.ANNOTATOR);
    }

    public boolean isManager() {
        return has(ProjectRole.MANAGER);
    }

    /** Curators and managers may read every annotator's set. */
    public boolean mayReadAllSets() {
        return has(ProjectRole.CURATOR) || has(ProjectRole.MANAGER);
    }
}
