package org.claimscope.project;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.EnumSet;
import java.util.Set;
import org.claimscope.security.User;

/**
 * A person's place in a project: their roles, and the pseudonym under which their annotations
 * leave the project in exports. The pseudonym is given once, when the person first joins, and
 * stays the same even when their roles are taken away, so that exports made at different times
 * agree. A member without roles keeps the row but has no access.
 */
@Entity
@Table(name = "project_member")
public class ProjectMember {
    @Id
    @SequenceGenerator(name = "project_member_seq", sequenceName = "project_member_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "project_member_seq")
    private Long id;

    @Version
    private long version;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "project_id")
    private Project project;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "user_id")
    private User user;

    @Convert(converter = RolesConverter.class)
    @Column(nullable = false, length = 100)
    private Set<ProjectRole> roles = EnumSet.noneOf(ProjectRole.class);

    @Column(nullable = false, length = 20)
    private String pseudonym;

    protected ProjectMember() {
    }

    public ProjectMember(Project project, User user, Set<ProjectRole> roles, String pseudonym) {
        this.project = project;
        this.user = user;
        this.pseudonym = pseudonym;
        setRoles(roles);
    }

    public Long getId() {
        return id;
    }

    public Project getProject() {
        return project;
    }

    public User getUser() {
        return user;
    }

    public Set<ProjectRole> getRoles() {
        return roles.isEmpty() ? EnumSet.noneOf(ProjectRole.class) : EnumSet.copyOf(roles);
    }

    public final void setRoles(Set<ProjectRole> roles) {
        this.roles = roles.isEmpty() ? EnumSet.noneOf(ProjectRole.class) : EnumSet.copyOf(roles);
    }

    public boolean has(ProjectRole role) {
        return roles.contains(role);
    }

    public String getPseudonym() {
        return pseudonym;
    }
}
