package org.claimscope.importing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.claimscope.document.Document;
import org.claimscope.document.DocumentService;
import org.claimscope.importing.ImportOutcome.Status;
import org.claimscope.importing.similarity.NearDuplicates;
import org.claimscope.project.Project;
import org.claimscope.security.User;

/**
 * Writes one imported document in a transaction of its own, so that a failure stores nothing of
 * that file and leaves the other files of the same upload alone. The document's near-duplicate
 * check, its band keys and the line of the report go into the same transaction.
 */
@ApplicationScoped
public class DocumentStore {
    /** How many candidates sharing band keys are compared word for word with a new document. */
    static final int CANDIDATES = 3;
    /**
     * Band keys a candidate must share. Two texts that are half the same share on average 5 of the 42 band keys, and
     * at least two in 97.5% of cases; two articles that merely quote the same people (about 15% the same) share two
     * in fewer than 1% of cases, so the exact comparison runs on real candidates only.
     */
    static final int MIN_SHARED_BANDS = 2;

    @PersistenceContext
    EntityManager em;

    @Inject
    DocumentService documents;

    /**
     * Stores the document unless the project already has its text, flags it when it closely resembles a document the
     * project had, and hands the outcome to the recorder before committing.
     *
     * @param bandKeys        the text's near-duplicate band keys ({@link NearDuplicates}); empty for texts too short to
     *                        judge
     * @param importedMessage what the report says of a new document ("imported", "imported whole: …")
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public ImportOutcome store(long projectId, long userId, ExtractedText extracted, String sha256, String fileName,
                               long fileSize, long[] bandKeys, String importedMessage, OutcomeRecorder recorder) {
        Optional<Long> existing = documents.findByHash(projectId, sha256);
        if (existing.isPresent()) {
            ImportOutcome duplicate = new ImportOutcome(fileName, Status.DUPLICATE, existing.get(),
                    "the project already has this text as document " + existing.get() + "; not stored again");
            recorder.record(em, duplicate);
            return duplicate;
        }
        Match match = closest(projectId, extracted.text(), bandKeys);
        Document document = new Document(em.getReference(Project.class, projectId), extracted.text(), sha256, fileName,
                extracted.mediaType(), fileSize, em.getReference(User.class, userId));
        document.describe(extracted.title(), extracted.author(), extracted.publishedAt(), extracted.siteName(),
                extracted.sourceUrl(), extracted.language());
        if (match != null) {
            document.flagNearDuplicate(match.documentId(), match.resemblance());
        }
        em.persist(document);
        em.flush();
        long id = document.getId();
        long[] keys = java.util.Arrays.stream(bandKeys).distinct().toArray();
        if (keys.length > 0) {
            // one statement for all of the document's bands
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < keys.length; i++) {
                values.append(i == 0 ? "" : ", ").append("(?1, ?2, ?").append(i + 3).append(')');
            }
            var insert = em.createNativeQuery("INSERT INTO document_band (document_id, project_id, band_key) VALUES "
                    + values).setParameter(1, id).setParameter(2, projectId);
            for (int i = 0; i < keys.length; i++) {
                insert.setParameter(i + 3, keys[i]);
            }
            insert.executeUpdate();
        }
        StringBuilder message = new StringBuilder(importedMessage).append("; document ").append(id);
        if (match != null) {
            message.append("; a near duplicate of document ").append(match.documentId()).append(" (")
                    .append(percent(match.resemblance())).append(match.containedCopy()
                            ? " of the shorter text appears in the other)" : " the same)")
                    .append(", kept for the manager to decide");
        }
        ImportOutcome outcome = new ImportOutcome(fileName, Status.IMPORTED, id, message.toString(),
                match == null ? null : match.documentId(), match == null ? null : match.resemblance());
        recorder.record(em, outcome);
        return outcome;
    }

    /** Records the outcome of a file that stores no document, in a transaction of its own. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public ImportOutcome record(ImportOutcome outcome, OutcomeRecorder recorder) {
        recorder.record(em, outcome);
        return outcome;
    }

    static String percent(double resemblance) {
        return String.format(Locale.ROOT, "%d%%", (int) Math.floor(resemblance * 100));
    }

    private record Match(long documentId, double resemblance, boolean containedCopy) {
    }

    /** The project's document most like this text, if any is a near duplicate. */
    private Match closest(long projectId, String text, long[] bandKeys) {
        if (bandKeys.length == 0) {
            return null;
        }
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < bandKeys.length; i++) {
            in.append(i == 0 ? "?" : ", ?").append(i + 2);
        }
        var query = em.createNativeQuery("SELECT document_id, COUNT(*) AS shared FROM document_band WHERE band_key IN ("
                + in + ") AND project_id = ?1 GROUP BY document_id HAVING COUNT(*) >= " + MIN_SHARED_BANDS
                + " ORDER BY shared DESC, document_id");
        query.setParameter(1, projectId);
        for (int i = 0; i < bandKeys.length; i++) {
            query.setParameter(i + 2, bandKeys[i]);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.setMaxResults(CANDIDATES).getResultList();
        Match best = null;
        NearDuplicates.Prepared prepared = rows.isEmpty() ? null : NearDuplicates.prepare(text);
        for (Object[] row : rows) {
            long candidate = ((Number) row[0]).longValue();
            Document other = em.find(Document.class, candidate);
            if (other == null) {
                continue;
            }
            NearDuplicates.Resemblance resemblance = prepared.compare(other.getText());
            if (resemblance.nearDuplicate()) {
                // candidates come most shared band keys first: the first near duplicate is as a rule the closest
                best = new Match(candidate, resemblance.shown(), resemblance.containedCopy());
                break;
            }
        }
        return best;
    }
}
