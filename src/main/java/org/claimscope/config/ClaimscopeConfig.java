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

    /** The largest archive (ZIP, tar.gz) or file one bulk import may carry, in bytes (default 2 GiB). */
    @Inject
    @ConfigProperty(name = "claimscope.import.max-upload-bytes", defaultValue = "2147483648")
    long importMaxUploadBytes;

    /** The most bytes all archives of one bulk import may unpack to (default 4 GiB). */
    @Inject
    @ConfigProperty(name = "claimscope.import.max-unpacked-bytes", defaultValue = "4294967296")
    long importMaxUnpackedBytes;

    /** The most files one bulk import may hold, archive members included. */
    @Inject
    @ConfigProperty(name = "claimscope.import.max-files", defaultValue = "20000")
    int importMaxFiles;

    /** How many import jobs run at once on this server; the others wait in line. */
    @Inject
    @ConfigProperty(name = "claimscope.import.workers", defaultValue = "1")
    int importWorkers;

    /** How long reading one file may take before it is stopped, in seconds. */
    @Inject
    @ConfigProperty(name = "claimscope.import.file-time-budget-seconds", defaultValue = "60")
    int importFileTimeBudgetSeconds;

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

    /**
     * This server, as recorded on the background jobs it runs: its host name and data directory. A job's files live
     * in that data directory, so only this server can carry the job on after a restart.
     */
    public String workerName() {
        String host = System.getenv("HOSTNAME");
        return (host == null || host.isBlank() ? "localhost" : host) + ":" + dataDir();
    }

    public long importMaxUploadBytes() {
        return importMaxUploadBytes;
    }

    public long importMaxUnpackedBytes() {
        return importMaxUnpackedBytes;
    }

    public int importMaxFiles() {
        return importMaxFiles;
    }

    public int importWorkers() {
        return Math.max(1, importWorkers);
    }

    public java.time.Duration importFileTimeBudget() {
        return java.time.Duration.ofSeconds(Math.max(1, importFileTimeBudgetSeconds));
    }
}
