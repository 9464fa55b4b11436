package org.claimscope.importing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.claimscope.config.ClaimscopeConfig;
import org.claimscope.document.DocumentService;
import org.claimscope.importing.ImportOutcome.Status;
import org.claimscope.project.Access;
import org.claimscope.project.ProjectRole;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;

/**
 * Turns uploaded files into documents. Each file is extracted, normalised and hashed on its own;
 * a file whose text the project already has is reported as a duplicate; a file that fails gets
 * its reason and stores nothing, and the other files go through.
 */
@ApplicationScoped
public class ImportService {
    private static final Logger LOG = Logger.getLogger(ImportService.class.getName());

    @Inject
    ClaimscopeConfig config;

    @Inject
    ProjectService projects;

    @Inject
    DocumentService documents;

    @Inject
    DocumentStore store;

    private volatile TikaExtractor extractor;

    /** The largest file one upload may carry, in bytes. */
    public long uploadMaxBytes() {
        return config.uploadMaxBytes();
    }

    /** Checks that the caller may import into the project; call before reading any upload. */
    public Access checkMayImport(User caller, long projectId) {
        return projects.require(caller, projectId, ProjectRole.MANAGER, ProjectRole.ANNOTATOR);
    }

    public List<ImportOutcome> importFiles(User caller, long projectId, List<IncomingFile> files) {
        checkMayImport(caller, projectId);
        List<ImportOutcome> outcomes = new ArrayList<>(files.size());
        for (IncomingFile file : files) {
            outcomes.add(importFile(caller, projectId, file));
        }
        return outcomes;
    }

    public ImportOutcome importFile(User caller, long projectId, IncomingFile file) {
        return importFile(caller, projectId, file, ExtractOptions.DEFAULT);
    }

    /**
     * Imports one file, read as the options say (article extraction for web pages, time budget per file); its
     * outcome's message says what was kept of a web page.
     */
    public ImportOutcome importFile(User caller, long projectId, IncomingFile file, ExtractOptions options) {
        String name = safeFileName(file.fileName());
        ExtractedText extracted;
        CountingStream counted = new CountingStream(file.content());
        try {
            extracted = extractor().extract(name, counted, options);
        } catch (ImportRejectedException e) {
            return new ImportOutcome(name, Status.FAILED, null, name + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Import of " + name + " failed", e);
            return new ImportOutcome(name, Status.FAILED, null, name + ": the file could not be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        String sha256 = sha256(extracted.text());
        try {
            long id = store.store(projectId, caller.getId(), extracted, sha256, name, counted.count);
            if (id < 0) {
                return duplicate(name, -id);
            }
            return new ImportOutcome(name, Status.IMPORTED, id, name + ": " + importedMessage(extracted, options));
        } catch (RuntimeException e) {
            // Two uploads of the same text at the same moment: the unique constraint keeps one.
            Optional<Long> raced = documents.findByHash(projectId, sha256);
            if (raced.isPresent()) {
                return duplicate(name, raced.get());
            }
            LOG.log(Level.WARNING, "Storing " + name + " failed", e);
            return new ImportOutcome(name, Status.FAILED, null, name + ": the document could not be stored");
        }
    }

    /** "imported", and for a web page what of it was kept. */
    static String importedMessage(ExtractedText extracted, ExtractOptions options) {
        return switch (extracted.contentScope()) {
            case FILE -> "imported";
            case ARTICLE -> "imported (article text; navigation, comments and other page furniture left out)";
            case WHOLE_PAGE -> options.extractMainContent() ? "imported whole: the page is not a single article"
                    : "imported whole (article extraction was off)";
        };
    }

    private static ImportOutcome duplicate(String name, long existingId) {
        return new ImportOutcome(name, Status.DUPLICATE, existingId,
                name + ": the project already has this text as document " + existingId + "; not stored again");
    }

    /**
     * Runs one small extraction, so that the first upload after start-up does not pay for loading
     * the importer. Called in the background when Claimscope starts. Plain text needs no Tika, so
     * Tika's registry and parsers are loaded only when the first file arrives that needs them; the
     * warm-up text holds no words, so the language profiles (about 25 MiB) are not loaded either.
     */
    public void warmUp() {
        try {
            extractor().extract("warm-up.txt", new java.io.ByteArrayInputStream(
                    "2025-11-22 12:00".getBytes(StandardCharsets.UTF_8)));
        } catch (ImportRejectedException | IOException e) {
            LOG.log(Level.WARNING, "Warming up the importer failed; the first import will be slower", e);
        }
    }

    /** Stops the importer's worker threads when the application ends. */
    @jakarta.annotation.PreDestroy
    void stop() {
        TikaExtractor local = extractor;
        if (local != null) {
            local.close();
        }
    }

    private TikaExtractor extractor() {
        TikaExtractor local = extractor;
        if (local == null) {
            synchronized (this) {
                if (extractor == null) {
                    extractor = new TikaExtractor(config.uploadMaxBytes());
                }
                local = extractor;
            }
        }
        return local;
    }

    /** Keeps the last path segment of what the browser sent, without control characters. */
    static String safeFileName(String raw) {
        if (raw == null || raw.isBlank()) {
            return "unnamed";
        }
        String name = raw.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        name = name.replaceAll("\\p{Cntrl}", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "unnamed";
        }
        return name.length() > 255 ? name.substring(0, 255) : name;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Counts the bytes the extractor reads: the file's size as uploaded. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
