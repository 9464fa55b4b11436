package org.claimscope.importing.bundle;

import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.claimscope.annotation.ActiveSets;
import org.claimscope.annotation.Annotation;
import org.claimscope.annotation.AnnotationSet;
import org.claimscope.annotation.SetState;
import org.claimscope.audit.AuditEvent;
import org.claimscope.audit.AuditService;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.codebook.CodebookService;
import org.claimscope.common.InvalidInputException;
import org.claimscope.curation.Curation;
import org.claimscope.document.Document;
import org.claimscope.importing.similarity.NearDuplicates;
import org.claimscope.project.Project;
import org.claimscope.project.ProjectRole;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;
import org.claimscope.security.UserService;

/**
 * Imports a Claimscope export bundle into a new project: the bundle's codebook, every document with exactly its text
 * (no extraction, no normalisation; the text must match its {@code textSha256}) and metadata, every annotator's layer
 * as an annotation set with its state, and the curated layer as the document's curated set and curation with its
 * state. The caller becomes the new project's manager, as when creating a project.
 *
 * <h2>All or nothing</h2>
 * The bundle is read twice, as a stream, line by line. The first pass checks everything a bundle can get wrong (JSON,
 * hashes, spans and quotes by code points, the codebook, states, repeated texts) and who the annotators are, and
 * writes nothing: a bad bundle is refused with the line, document and annotation at fault, and no project exists.
 * The second pass writes: the project, its codebook and members in one transaction, then the documents in
 * transactions of {@link #BATCH} documents each, so that a bundle of tens of thousands of documents neither holds
 * one huge transaction nor keeps its entities in memory. Until the last transaction, the project is hidden from
 * everyone ({@link Project#isImportPending()}), and a {@code bundle_import} row names the server writing it and the
 * placeholder accounts made for it. Should anything fail during the second pass (the database, say), the project and
 * everything in it, and those accounts, are deleted again before the error is reported; should the server stop in
 * the middle, it deletes them when it starts again ({@link #recover}). Either way no partial project is left.
 *
 * <h2>Who owns the annotators' layers</h2>
 * A bundle names each annotator by a stable pseudonym (A1, A2, …), or by login when the exporting manager included
 * logins (its datasheet says which). A layer named by a login that has an account on this server belongs to that
 * account, which joins the new project as ANNOTATOR. Pseudonyms name nobody here, and neither does a login without an
 * account: such an annotator needs an account of their own, because every annotator's set belongs to one account
 * (blind annotation, agreement and curation all count sets by owner). Only administrators create accounts, so:
 * <ul>
 *     <li>when an administrator imports, each unknown annotator gets a <em>disabled placeholder account</em>, login
 *     {@code <name>@<new project id>} (e.g. {@code A2@57}), a random password nobody knows, display name saying
 *     where it comes from; it joins the project as ANNOTATOR. Disabled accounts cannot sign in; an administrator may
 *     later rename or enable them;</li>
 *     <li>when anyone else imports, the import is refused (400) with the unknown names, before anything is written,
 *     suggesting an export with logins (for annotators who have accounts here) or an import by an administrator.</li>
 * </ul>
 * Members keep the bundle's pseudonyms where the bundle uses pseudonyms (the importer takes the first one the bundle
 * does not use), so that an export of the imported project names the layers as the bundle did.
 *
 * <p>Annotations keep their span, quote, category, subtypes, attributes and times; they are created by the layer's
 * owner (the importer, in the curated layer). Documents keep title and metadata; their file size, which bundles do
 * not carry, becomes the size of the text in UTF-8. Ids are new. The import leaves one audit event.
 */
public final class BundleImporter {
    private static final Logger LOG = Logger.getLogger(BundleImporter.class.getName());
    /** Documents written per transaction. */
    public static final int BATCH = 100;
    public static final String AUDIT_TYPE = "project-import";
    public static final String DEFAULT_NAME = "Imported project";

    /** Runs work in a transaction of its own, committed when it returns, rolled back when it throws. */
    public interface Transactions {
        <T> T run(Function<EntityManager, T> work);
    }

    /** Makes a disabled placeholder account, in the transaction of {@code em}. */
    @FunctionalInterface
    public interface Accounts {
        User placeholder(EntityManager em, String login, String displayName);
    }

    /**
     * What an import made.
     *
     * @param owners       the bundle's annotator names to the logins that own their layers here
     * @param placeholders the logins of the placeholder accounts made
     */
    public record Result(Project project, int documents, int annotations, Map<String, String> owners,
                         List<String> placeholders) {
    }

    private final Transactions tx;
    private final Accounts accounts;
    private final BundleReader.Limits limits;
    private final String worker;

    /**
     * @param worker the name of this server (see {@code ClaimscopeConfig.workerName()}): after a restart, a server
     *               removes the unfinished imports it was writing, and only those
     */
    public BundleImporter(Transactions tx, Accounts accounts, BundleReader.Limits limits, String worker) {
        this.tx = tx;
        this.accounts = accounts;
        this.limits = limits;
        this.worker = worker;
    }

    /**
     * Imports the bundle in {@code file}.
     *
     * @param fileName the name it was uploaded with, for the project's description and the audit trail
     * @param name     the new project's name; blank: the bundle's project name, or {@value #DEFAULT_NAME}
     */
    public Result importBundle(User caller, Path file, String fileName, String name) throws IOException {
        try (BundleReader bundle = BundleReader.open(file, limits)) {
            CodebookDefinition codebook = bundle.codebook();
            Scan scan = new Scan();
            bundle.documents(scan::add);
            boolean logins = bundle.namesAreLogins();
            String projectName = name != null && !name.isBlank() ? name.strip()
                    : bundle.projectName() != null ? bundle.projectName() : DEFAULT_NAME;

            Map<String, Long> known = new HashMap<>();
            if (logins) {
                tx.run(em -> {
                    UserService users = new UserService(em);
                    scan.names.forEach(n -> users.findByLogin(n).ifPresent(u -> known.put(n, u.getId())));
                    return null;
                });
            }
            List<String> unknown = scan.names.stream().filter(n -> !known.containsKey(n)).toList();
            if (!unknown.isEmpty() && !caller.isAdmin()) {
                throw new InvalidInputException("file", "the bundle's annotators " + String.join(", ", unknown)
                        + (logins ? " have no account on this server" : " are named by pseudonyms, which name nobody"
                        + " on this server") + "; every annotator's layer needs an account. Export the bundle with"
                        + " includeLogins, for annotators who have accounts here, or ask an administrator to import"
                        + " it: an administrator's import makes a disabled placeholder account for each unknown"
                        + " annotator. Nothing was imported.");
            }

            Created created = tx.run(em -> create(em, caller, projectName, fileName, codebook, logins, scan.names,
                    known));
            long projectId = created.project.getId();
            try {
                List<BundleDocument> batch = new ArrayList<>(BATCH);
                int[] written = {0, 0};
                bundle.documents(document -> {
                    batch.add(document);
                    if (batch.size() == BATCH) {
                        written[1] += write(caller, projectId, created.owners, batch);
                        written[0] += batch.size();
                        batch.clear();
                    }
                });
                if (!batch.isEmpty()) {
                    written[1] += write(caller, projectId, created.owners, batch);
                    written[0] += batch.size();
                }
                Map<String, String> owners = new LinkedHashMap<>(created.logins);
                Project project = tx.run(em -> {
                    Project finished = em.find(Project.class, projectId);
                    finished.importFinished();
                    em.createNativeQuery("DELETE FROM bundle_import WHERE project_id = ?1").setParameter(1, projectId)
                            .executeUpdate();
                    return finished;
                });
                tx.run(em -> new AuditService(em).record(caller.getId(), AuditEvent.Action.CREATE, AUDIT_TYPE,
                        projectId, projectId, null, null, Map.of("bundle", fileName == null ? "" : fileName,
                                "documents", written[0], "annotations", written[1], "owners", owners,
                                "placeholders", created.placeholders)));
                return new Result(project, written[0], written[1], owners, created.placeholders);
            } catch (IOException | RuntimeException | Error e) {
                try {
                    purge(projectId, created.placeholderIds);
                } catch (RuntimeException purgeFailed) {
                    LOG.log(Level.SEVERE, "Removing the partly imported project " + projectId + " failed; a manager"
                            + " should delete it", purgeFailed);
                    e.addSuppressed(purgeFailed);
                }
                throw e;
            }
        }
    }

    /** What the first pass learns: the annotators' names in order of appearance, and that no text repeats. */
    private static final class Scan {
        final Set<String> names = new LinkedHashSet<>();
        final Map<String, Integer> lineOfText = new HashMap<>();

        void add(BundleDocument d) {
            d.layers().forEach(l -> names.add(l.name()));
            Integer earlier = lineOfText.putIfAbsent(d.textSha256(), d.line());
            if (earlier != null) {
                throw new InvalidInputException("file", "line " + d.line() + " of " + BundleReader.CORPUS
                        + " (document " + d.bundleId() + ") has the same text as line " + earlier
                        + "; a project holds each text once");
            }
        }
    }

    private record Created(Project project, Map<String, Long> owners, Map<String, String> logins,
                           List<String> placeholders, List<Long> placeholderIds) {
    }

    private Created create(EntityManager em, User caller, String name, String fileName, CodebookDefinition codebook,
                           boolean logins, Set<String> names, Map<String, Long> known) {
        ProjectService projects = new ProjectService(em);
        Project project = projects.createForImport(caller, name, "Imported from the Claimscope export bundle "
                + (fileName == null || fileName.isBlank() ? "" : fileName.strip() + " ") + "on "
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC), logins ? Set.of() : names);
        em.flush();
        new CodebookService(em, projects).of(project.getId()).replace(codebook);
        Map<String, Long> owners = new LinkedHashMap<>();
        Map<String, String> ownerLogins = new LinkedHashMap<>();
        List<String> placeholders = new ArrayList<>();
        List<Long> placeholderIds = new ArrayList<>();
        UserService users = new UserService(em);
        for (String n : names) {
            User user;
            if (known.containsKey(n)) {
                user = em.find(User.class, known.get(n));
            } else {
                String login = placeholderLogin(n, project.getId(), users);
                user = accounts.placeholder(em, login, n + " (annotator of an imported bundle, project "
                        + project.getId() + ")");
                placeholders.add(login);
                placeholderIds.add(user.getId());
            }
            projects.join(project, user, EnumSet.of(ProjectRole.ANNOTATOR), logins ? null : n);
            owners.put(n, user.getId());
            ownerLogins.put(n, user.getLogin());
        }
        em.flush();
        em.createNativeQuery("INSERT INTO bundle_import (project_id, worker, started_at, file_name, placeholder_ids)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5)").setParameter(1, project.getId()).setParameter(2, worker)
                .setParameter(3, java.sql.Timestamp.from(java.time.Instant.now()))
                .setParameter(4, fileName == null ? null : fileName.length() > 1000 ? fileName.substring(0, 1000)
                        : fileName)
                .setParameter(5, placeholderIds.stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(",")))
                .executeUpdate();
        return new Created(project, owners, ownerLogins, placeholders, placeholderIds);
    }

    /** {@code <name>@<project id>}, made fit for a login, with a number added while it is taken. */
    static String placeholderLogin(String name, long projectId, UserService users) {
        String base = name.replaceAll("[^A-Za-z0-9._@-]+", "-").replaceAll("^[^A-Za-z0-9]+", "");
        String suffix = "@" + projectId;
        int room = User.LOGIN_MAX - suffix.length() - 4;
        base = base.isEmpty() ? "annotator" : base.length() > room ? base.substring(0, room) : base;
        String login = base + suffix;
        for (int n = 2; users.findByLogin(login).isPresent(); n++) {
            login = base + suffix + "-" + n;
        }
        return login;
    }

    /** Writes one batch of documents in one transaction; returns the number of annotations written. */
    private int write(User caller, long projectId, Map<String, Long> owners, List<BundleDocument> batch) {
        return tx.run(em -> {
            Project project = em.getReference(Project.class, projectId);
            User importer = em.getReference(User.class, caller.getId());
            List<AnnotationSet> sets = new ArrayList<>();
            Map<Document, long[]> bands = new LinkedHashMap<>();
            int annotations = 0;
            for (BundleDocument d : batch) {
                String fileName = d.fileName() == null || d.fileName().isBlank()
                        ? "document-" + (d.bundleId() < 0 ? d.line() : d.bundleId()) + ".txt" : d.fileName();
                Document document = new Document(project, d.text(), d.textSha256(), fileName,
                        d.mediaType() == null || d.mediaType().isBlank() ? "text/plain" : d.mediaType(),
                        d.text().getBytes(StandardCharsets.UTF_8).length, importer);
                document.describe(d.title(), d.author(), d.publishedAt(), d.siteName(), d.sourceUrl(),
                        d.language());
                em.persist(document);
                NearDuplicates.fingerprint(d.text()).map(NearDuplicates.Fingerprint::bandKeys)
                        .ifPresent(keys -> bands.put(document, keys));
                for (BundleDocument.Layer layer : d.layers()) {
                    User owner = em.getReference(User.class, owners.get(layer.name()));
                    AnnotationSet set = new AnnotationSet(document, owner);
                    set.restore(layer.state(), layer.updatedAt());
                    em.persist(set);
                    sets.add(set);
                    annotations += annotate(em, set, layer, owner);
                }
                if (d.curated() != null) {
                    AnnotationSet set = AnnotationSet.curated(document);
                    em.persist(set);
                    Curation curation = new Curation(document, set, importer);
                    curation.changeState(d.curated().state() == SetState.NEW ? SetState.IN_PROGRESS
                            : d.curated().state(), importer);
                    em.persist(curation);
                    annotations += annotate(em, set, d.curated(), importer);
                }
            }
            em.flush();
            ActiveSets.createdAll(em, sets);
            Map<Long, long[]> bandsById = new LinkedHashMap<>();
            bands.forEach((document, keys) -> bandsById.put(document.getId(), keys));
            org.claimscope.importing.DocumentBands.insertAll(em, projectId, bandsById);
            return annotations;
        });
    }

    private static int annotate(EntityManager em, AnnotationSet set, BundleDocument.Layer layer, User author) {
        for (BundleDocument.Item item : layer.annotations()) {
            Annotation a = new Annotation(set, author);
            a.setContent(item.start(), item.end(), item.quote(), item.category(), item.subtypes(), item.attributes(),
                    author);
            a.restoreTimes(item.createdAt(), item.updatedAt());
            em.persist(a);
        }
        return layer.annotations().size();
    }

    /**
     * Deletes the projects this server was restoring from bundles when it stopped, everything written into them, and
     * the placeholder accounts made for them. Runs at start, before anyone can sign in.
     *
     * @return the ids of the projects removed
     */
    public List<Long> recover() {
        List<Object[]> unfinished = tx.run(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT project_id, placeholder_ids, file_name FROM bundle_import"
                    + " WHERE worker = ?1 ORDER BY project_id").setParameter(1, worker).getResultList();
            return rows;
        });
        List<Long> removed = new ArrayList<>();
        for (Object[] row : unfinished) {
            long projectId = ((Number) row[0]).longValue();
            List<Long> placeholders = row[1] == null || row[1].toString().isBlank() ? List.of()
                    : java.util.Arrays.stream(row[1].toString().split(",")).map(Long::valueOf).toList();
            purge(projectId, placeholders);
            LOG.warning(() -> "Removed project " + projectId + ", which was being restored from the bundle "
                    + (row[2] == null ? "" : "'" + row[2] + "' ") + "when the server stopped; import the bundle again");
            removed.add(projectId);
        }
        return removed;
    }

    /** Deletes a partly imported project, everything in it, and the placeholder accounts made for it. */
    void purge(long projectId, List<Long> placeholderIds) {
        tx.run(em -> {
            String documents = "(SELECT d.id FROM document d WHERE d.project_id = ?1)";
            for (String sql : List.of(
                    "DELETE FROM bundle_import WHERE project_id = ?1",
                    "DELETE FROM export_job WHERE project_id = ?1",
                    "DELETE FROM import_job_file WHERE job_id IN (SELECT j.id FROM import_job j WHERE j.project_id = ?1)",
                    "DELETE FROM import_job WHERE project_id = ?1",
                    "DELETE FROM annotation WHERE set_id IN (SELECT s.id FROM annotation_set s WHERE s.document_id IN "
                            + documents + ")",
                    "DELETE FROM curation_unit WHERE document_id IN " + documents,
                    "DELETE FROM curation WHERE document_id IN " + documents,
                    "DELETE FROM annotation_set WHERE document_id IN " + documents,
                    "DELETE FROM document_band WHERE project_id = ?1",
                    "DELETE FROM document WHERE project_id = ?1",
                    "DELETE FROM audit_event WHERE project_id = ?1",
                    "DELETE FROM codebook WHERE project_id = ?1",
                    "DELETE FROM project_member WHERE project_id = ?1",
                    "DELETE FROM project WHERE id = ?1")) {
                em.createNativeQuery(sql).setParameter(1, projectId).executeUpdate();
            }
            for (Long id : placeholderIds) {
                em.createNativeQuery("DELETE FROM app_user WHERE id = ?1").setParameter(1, id).executeUpdate();
            }
            return null;
        });
        var cache = tx.run(em -> em.getEntityManagerFactory().getCache());
        cache.evict(Project.class, projectId);
        cache.evict(Document.class);
        placeholderIds.forEach(id -> cache.evict(User.class, id));
    }
}
