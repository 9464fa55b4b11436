package org.claimscope.importing.bundle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.claimscope.common.Sizes;
import org.claimscope.common.TooLargeException;
import org.claimscope.config.ClaimscopeConfig;
import org.claimscope.security.Tokens;
import org.claimscope.security.User;
import org.claimscope.security.UserService;

/**
 * {@code POST /api/v1/projects/import}: keeps the uploaded bundle in the data directory while it is read (a ZIP is
 * read from its directory at the end, and the import reads it twice), runs {@link BundleImporter} with a transaction
 * per step, and removes the file afterwards. Runs outside any transaction of its own, so that each batch commits.
 */
@ApplicationScoped
public class BundleImports {
    @Inject
    ClaimscopeConfig config;

    @Inject
    UserService users;

    @Inject
    BundleSteps steps;

    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public BundleImporter.Result importBundle(User caller, InputStream content, String fileName, String name) {
        Path spool = null;
        try {
            Path dir = Files.createDirectories(config.dataDir().resolve("bundle-imports"));
            spool = dir.resolve("bundle-" + UUID.randomUUID() + ".zip");
            long max = config.importMaxUploadBytes();
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(spool)) {
                for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                    size += n;
                    if (size > max) {
                        throw new TooLargeException("file", "the bundle is larger than the limit of "
                                + Sizes.describe(max) + " for one upload; nothing was imported");
                    }
                    out.write(buffer, 0, n);
                }
            }
            return importer().importBundle(caller, spool, fileName, name);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundle could not be read (" + e.getMessage() + ")", e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // the data directory's imports folder holds nothing else of value
                }
            }
        }
    }

    /**
     * Deletes what this server was restoring from bundles when it last stopped (see {@link BundleImporter#recover}),
     * and the uploads it was reading then.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void recover() {
        importer().recover();
        Path dir = config.dataDir().resolve("bundle-imports");
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clear " + dir, e);
            }
        }
    }

    private BundleImporter importer() {
        return new BundleImporter(steps::run, this::placeholder,
                BundleReader.Limits.defaults(config.importMaxUnpackedBytes(), config.importMaxFiles()),
                config.workerName());
    }

    /** A disabled account with a password nobody knows, made through {@link UserService} in the step's transaction. */
    private User placeholder(EntityManager em, String login, String displayName) {
        User user = users.createAccount(login, displayName, Tokens.newToken(), false);
        user.disable();
        return user;
    }
}
