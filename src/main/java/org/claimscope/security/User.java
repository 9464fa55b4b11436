package org.claimscope.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.claimscope.common.InvalidInputException;

/**
 * A person who signs in to Claimscope. Administrators create accounts; everything else a person
 * may do follows from their memberships in projects.
 */
@Entity
@Table(name = "app_user")
public class User {
    public static final int LOGIN_MAX = 100;
    public static final int DISPLAY_NAME_MAX = 200;
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0," + (LOGIN_MAX - 1) + "}");

    @Id
    @SequenceGenerator(name = "app_user_seq", sequenceName = "app_user_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "app_user_seq")
    private Long id;

    @Version
    private long version;

    @Column(nullable = false, length = LOGIN_MAX)
    private String login;

    @Column(name = "display_name", nullable = false, length = DISPLAY_NAME_MAX)
    private String displayName;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    private boolean admin;

    private boolean enabled;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected User() {
    }

    public User(String login, String displayName, String passwordHash, boolean admin) {
        this.login = checkLogin(login);
        this.displayName = checkDisplayName(displayName == null || displayName.isBlank() ? login : displayName);
        this.passwordHash = Objects.requireNonNull(passwordHash);
        this.admin = admin;
        this.enabled = true;
        this.createdAt = Instant.now();
    }

    /** Logins are what people type and what scripts name in URLs: letters, digits and . _ @ - only. */
    public static String checkLogin(String login) {
        if (login == null || login.isBlank()) {
            throw new InvalidInputException("login", "login is required");
        }
        if (!LOGIN.matcher(login).matches()) {
            throw new InvalidInputException("login",
                    "login may hold letters, digits and . _ @ - only, start with a letter or digit, and have at most "
                            + LOGIN_MAX + " characters");
        }
        return login;
    }

    private static String checkDisplayName(String name) {
        String trimmed = name.strip();
        if (trimmed.length() > DISPLAY_NAME_MAX) {
            throw new InvalidInputException("displayName", "displayName has more than " + DISPLAY_NAME_MAX + " characters");
        }
        return trimmed;
    }

    public Long getId() {
        return id;
    }

    public String getLogin() {
        return login;
    }

    public String getDisplayName() {
        return displayName;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public boolean isAdmin() {
        return admin;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void changePassword(String newHash) {
        this.passwordHash = Objects.requireNonNull(newHash);
    }

    public void rename(String displayName) {
        this.displayName = checkDisplayName(displayName);
    }

    public void disable() {
        this.enabled = false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof User other && login.equals(other.login);
    }

    @Override
    public int hashCode() {
        return login.hashCode();
    }
}
