package org.claimscope.importing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.claimscope.document.Document;
import org.claimscope.document.DocumentService;
import org.claimscope.importing.ImportOutcome.Status;
import org.claimscope.importing.similarity.NearDuplicates;
import org.claimscope.persistence.TestDatabase;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Storing imported texts with their near-duplicate band keys, against H2 and PostgreSQL: a republished copy is
 * flagged as a near duplicate of its original with the exact resemblance, an unrelated article is not, the same text
 * is a duplicate, and the band keys of a project are looked up in that project only, most shared keys first.
 */
class DocumentStorePersistenceTest {
    private static final Path CORPUS = Path.of("test-data", "near-duplicates");
    private static final Path SEEDS = Path.of("test-data", "seeds");

    private EntityManagerFactory emf;
    private long userId;
    private int stored;

    @AfterEach
    void close() {
        if (emf != null) {
            emf.close();
        }
    }

    private long project(TestDatabase database, String name) {
        if (emf == null) {
            emf = database.migrated().entityManagerFactory();
            userId = tx(em -> {
                User u = new User("maria", "Maria", "not-a-real-hash", false);
                em.persist(u);
                return u;
            }).getId();
        }
        return tx(em -> new ProjectService(em).create(em.find(User.class, userId), name, "")).getId();
    }

    /** As the import stores a text; every other call hands the store the text already prepared, as the import does. */
    private ImportOutcome store(long projectId, String name, String text) {
        String normalized = TextNormalizer.normalize(text);
        long[] bands = NearDuplicates.fingerprint(normalized).map(NearDuplicates.Fingerprint::bandKeys)
                .orElse(new long[0]);
        NearDuplicates.Prepared prepared = stored++ % 2 == 0 ? null : NearDuplicates.prepare(normalized);
        return tx(em -> {
            DocumentStore store = new DocumentStore();
            store.em = em;
            store.documents = new DocumentService(em, new ProjectService(em));
            return store.store(projectId, userId, new ExtractedText(normalized, "text/plain", null, null, null, null,
                            null, "en"), ImportService.sha256(normalized), name, text.length(), bands, prepared, "imported",
                    OutcomeRecorder.NONE);
        });
    }

    private <T> T tx(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRepublishedCopyIsFlaggedWithItsResemblanceAndAnUnrelatedArticleIsNot(TestDatabase database)
            throws IOException {
        long project = project(database, "Strikes");
        String original = read(SEEDS.resolve("000_46d2c2feecc23d2d.txt"));
        String other = read(SEEDS.resolve("002_f4ff472ac4b69fad.txt"));
        String copy = read(CORPUS.resolve("000-republished.txt"));

        ImportOutcome first = store(project, "original.txt", original);
        ImportOutcome unrelated = store(project, "other.txt", other);
        ImportOutcome republished = store(project, "copy.txt", copy);
        ImportOutcome again = store(project, "again.txt", copy);

        assertThat(first.status()).isEqualTo(Status.IMPORTED);
        assertThat(first.nearDuplicateOf()).isNull();
        assertThat(unrelated.status()).isEqualTo(Status.IMPORTED);
        assertThat(unrelated.nearDuplicateOf()).isNull();
        assertThat(republished.status()).isEqualTo(Status.IMPORTED);
        assertThat(republished.nearDuplicateOf()).isEqualTo(first.documentId());
        NearDuplicates.Resemblance exact = NearDuplicates.compare(TextNormalizer.normalize(copy),
                TextNormalizer.normalize(original));
        assertThat(republished.resemblance()).isEqualTo(exact.shown());
        assertThat(republished.message()).contains("a near duplicate of document " + first.documentId() + " ("
                + DocumentStore.percent(exact.shown()));
        Document stored = tx(em -> em.find(Document.class, republished.documentId()));
        assertThat(stored.getNearDuplicateOf()).isEqualTo(first.documentId());
        assertThat(stored.getResemblance()).isEqualTo(exact.shown());
        assertThat(again.status()).isEqualTo(Status.DUPLICATE);
        assertThat(again.documentId()).isEqualTo(republished.documentId());
        long rows = tx(em -> ((Number) em.createNativeQuery("SELECT COUNT(*) FROM document_band WHERE document_id = ?1")
                .setParameter(1, republished.documentId()).getSingleResult()).longValue());
        long[] keys = NearDuplicates.fingerprint(TextNormalizer.normalize(copy)).orElseThrow().bandKeys();
        assertThat(rows).isEqualTo(java.util.Arrays.stream(keys).distinct().count());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void bandKeysAreLookedUpInTheProjectMostSharedFirstThenOldestFirst(TestDatabase database) {
        long project = project(database, "Strikes");
        long elsewhere = project(database, "Elsewhere");
        long[] probe = new long[NearDuplicates.BANDS];
        for (int i = 0; i < probe.length; i++) {
            probe[i] = 1_000_003L * (i + 1);
        }
        List<Long> documents = new ArrayList<>();
        // shares 2, 5, 5, 1 and 9 of the probe's keys; the last lives in another project
        int[] shared = {2, 5, 5, 1, 9};
        long[] projects = {project, project, project, project, elsewhere};
        for (int d = 0; d < shared.length; d++) {
            long[] keys = new long[NearDuplicates.BANDS];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = i < shared[d] ? probe[i] : -(d + 1) * 10_000L - i;
            }
            long projectId = projects[d];
            int n = d;
            documents.add(tx(em -> {
                Document doc = new Document(em.getReference(org.claimscope.project.Project.class, projectId),
                        "text " + n, "%064d".formatted(n), "d" + n + ".txt", "text/plain", 6,
                        em.getReference(User.class, userId));
                em.persist(doc);
                em.flush();
                DocumentBands.insert(em, doc.getId(), projectId, keys);
                return doc.getId();
            }));
        }
        // the probe's keys twice over count once each
        long[] probeTwice = java.util.stream.LongStream.concat(java.util.Arrays.stream(probe),
                java.util.Arrays.stream(probe)).toArray();

        List<DocumentBands.Candidate> found = tx(em -> DocumentBands.candidates(em, project, probeTwice, 2, 3));
        List<DocumentBands.Candidate> all = tx(em -> DocumentBands.candidates(em, project, probe, 1, 10));

        assertThat(found).containsExactly(new DocumentBands.Candidate(documents.get(1), 5),
                new DocumentBands.Candidate(documents.get(2), 5), new DocumentBands.Candidate(documents.get(0), 2));
        assertThat(all).extracting(DocumentBands.Candidate::documentId)
                .containsExactly(documents.get(1), documents.get(2), documents.get(0), documents.get(3));
        List<DocumentBands.Candidate> other = tx(em -> DocumentBands.candidates(em, elsewhere, probe, 2, 3));
        assertThat(other).containsExactly(new DocumentBands.Candidate(documents.get(4), 9));
    }
}
