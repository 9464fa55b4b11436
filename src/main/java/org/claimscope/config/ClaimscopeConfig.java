package org.claimscope.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Everything a site may change, from MicroProfile Config: system properties such as
 * {@code -Dclaimscope.data.dir=...} or environment variables such as {@code CLAIMSCOPE_DATA_DIR}.
 * The database settings are read by {@link ClaimscopeDataSource}.
 */
@ApplicationScoped
public class ClaimscopeConfig {
    @Inject
    @ConfigProperty(name = "claimscope.admin.login", defaultValue = "admin")
    String adminLogin;

    @Inject
    @ConfigProperty(name = "claimscope.admin.password")
    Optional<String> adminPassword;

    @Inject
    @ConfigProperty(name = "claimscope.data.dir", defaultValue = "./data")
    String dataDir;

    /** The largest file one upload may carry, in bytes (default 20 MiB). */
    @Inject
    @ConfigProperty(name = "claimscope.upload.max-bytes", defaultValue = "20971520")
    long uploadMaxBytes;

    /** The most files one upload request may carry. */
    @Inject
    @ConfigProperty(name = "claimscope.upload.max-files", defaultValue = "1000")
    int uploadMaxFiles;

    public String adminLogin() {
        return adminLogin;
    }

    public Optional<String> adminPassword() {
        return adminPassword.filter(p -> !p.isBlank());
    }

    public Path dataDir() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    public long uploadMaxBytes() {
        return uploadMaxBytes;
    }

    public int uploadMaxFiles() {
        return uploadMaxFiles;
    }
}
