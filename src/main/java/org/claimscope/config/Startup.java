package org.claimscope.config;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Logger;
import javax.sql.DataSource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import org.claimscope.importing.ImportService;
import org.claimscope.security.UserService;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs once when Claimscope starts: brings the schema up to date, then makes sure there is an
 * administrator. The first administrator's password comes from configuration
 * ({@code CLAIMSCOPE_ADMIN_PASSWORD}); when none is configured, one is generated and printed once
 * to the log, so that no default password ever works on a real server.
 */
@Singleton
@jakarta.ejb.Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Startup {
    private static final Logger LOG = Logger.getLogger(Startup.class.getName());

    @Resource(lookup = ClaimscopeDataSource.JNDI_NAME)
    DataSource dataSource;

    @Inject
    ClaimscopeConfig config;

    @Inject
    UserService users;

    @Inject
    ImportService imports;

    @Resource
    ManagedExecutorService executor;

    @Inject
    org.claimscope.importing.job.ImportJobRunner importJobs;

    @Inject
    org.claimscope.export.job.ExportJobs exportJobs;

    @Inject
    org.claimscope.importing.bundle.BundleImports bundleImports;

    @PostConstruct
    void start() {
        try {
            Files.createDirectories(config.dataDir());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the data directory " + config.dataDir(), e);
        }
        MigrateResult result = SchemaMigrations.apply(dataSource);
        LOG.info(() -> "Claimscope schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                + " migrations applied now); data directory " + config.dataDir());
        if (!users.anyAdministrator()) {
            String login = config.adminLogin();
            String password = config.adminPassword().orElseGet(Startup::generatePassword);
            users.createAccount(login, "Administrator", password, true);
            if (config.adminPassword().isPresent()) {
                LOG.info(() -> "Created the first administrator '" + login + "' with the configured password");
            } else {
                LOG.warning("Created the first administrator '" + login + "' with the generated password: " + password
                        + "  (shown only this once; set CLAIMSCOPE_ADMIN_PASSWORD to choose one)");
            }
        }
        bundleImports.recover();
        importJobs.resume();
        exportJobs.resume();
        executor.submit(() -> {
            imports.warmUp();
            // start-up leaves a heap full of garbage from deployment; one collection once everything is
            // loaded lets an idle server hand that memory back instead of holding it until the next one
            System.gc();
        });
    }

    private static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
