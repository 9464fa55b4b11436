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
import org.claimscope.importing.similarity.NearDuplicates;
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

    /**
     * Imports one file at once, for the single-file upload; an archive is refused with a pointer to the bulk import,
     * which opens archives in the background.
     */
    public ImportOutcome importFile(User caller, long projectId, IncomingFile file) {
        String name = safeFileName(file.fileName());
        java.io.BufferedInputStream in = new java.io.BufferedInputStream(file.content(), 64 * 1024);
        try {
            in.mark(512);
            byte[] head = in.readNBytes(512);
            in.reset();
            if (org.claimscope.importing.archive.ArchiveExpander.isArchive(name, head)) {
                return failed(name, "this is an archive; archives are opened by the bulk import (the project's import"
                        + " page, or POST /api/v1/projects/" + projectId + "/imports)");
            }
        } catch (IOException e) {
            return failed(name, "the file could not be read (" + e.getClass().getSimpleName() + ")");
        }
        return importContent(projectId, caller.getId(), name, in,
                new ExtractOptions(true, config.importFileTimeBudget()), OutcomeRecorder.NONE);
    }

    /**
     * Imports one file: extracts its text, stores it unless the project has the text already, flags a near duplicate,
     * and hands the outcome to the recorder in the document's own transaction (a failed file's outcome in a
     * transaction of its own). Never throws for a bad file: the outcome says what went wrong.
     *
     * @param name the name to report, already safe (see {@link #safeFileName}); for archive members the path inside
     *             the archive
     */
    public ImportOutcome importContent(long projectId, long userId, String name, InputStream content,
                                       ExtractOptions options, OutcomeRecorder recorder) {
        ExtractedText extracted;
        CountingStream counted = new CountingStream(content);
        try {
            extracted = extractor().extract(name, counted, options);
        } catch (ImportRejectedException e) {
            return store.record(failed(name, e.getMessage()), recorder);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Import of " + name + " failed", e);
            return store.record(failed(name, "the file could not be read (" + e.getClass().getSimpleName() + ")"),
                    recorder);
        }
        String sha256 = sha256(extracted.text());
        NearDuplicates.Prepared prepared = NearDuplicates.prepare(extracted.text());
        long[] bands = prepared.fingerprint().map(NearDuplicates.Fingerprint::bandKeys).orElse(NO_BANDS);
        try {
            return prefixed(store.store(projectId, userId, extracted, sha256, name, counted.count, bands, prepared,
                    importedMessage(extracted, options), recorder));
        } catch (RuntimeException e) {
            if (JobStoppedException.causedBy(e)) {
                throw e;
            }
            // Two uploads of the same text at the same moment: the unique constraint keeps one.
            Optional<Long> raced = documents.findByHash(projectId, sha256);
            if (raced.isPresent()) {
                return store.record(new ImportOutcome(name, Status.DUPLICATE, raced.get(), name
                        + ": the project already has this text as document " + raced.get() + "; not stored again"),
                        recorder);
            }
            LOG.log(Level.WARNING, "Storing " + name + " failed", e);
            return store.record(failed(name, "the document could not be stored"), recorder);
        }
    }

    private static final long[] NO_BANDS = new long[0];

    private static ImportOutcome failed(String name, String reason) {
        return new ImportOutcome(name, Status.FAILED, null, name + ": " + reason);
    }

    private static ImportOutcome prefixed(ImportOutcome outcome) {
        return new ImportOutcome(outcome.fileName(), outcome.status(), outcome.documentId(),
                outcome.fileName() + ": " + outcome.message(), outcome.nearDuplicateOf(), outcome.resemblance());
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

    /** The file's outcome alone, in a transaction of its own; also for members an archive could not hand over. */
    public ImportOutcome report(ImportOutcome outcome, OutcomeRecorder recorder) {
        return store.record(outcome, recorder);
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
    public static String safeFileName(String raw) {
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
