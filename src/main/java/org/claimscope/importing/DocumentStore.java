package org.claimscope.importing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
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
     * @param prepared        the text prepared for comparison ({@link NearDuplicates#prepare}), the one the band keys
     *                        were computed from, so that its shingles are not computed again; null to prepare it here
     * @param importedMessage what the report says of a new document ("imported", "imported whole: …")
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public ImportOutcome store(long projectId, long userId, ExtractedText extracted, String sha256, String fileName,
                               long fileSize, long[] bandKeys, NearDuplicates.Prepared prepared,
                               String importedMessage, OutcomeRecorder recorder) {
        Optional<Long> existing = documents.findByHash(projectId, sha256);
        if (existing.isPresent()) {
            ImportOutcome duplicate = new ImportOutcome(fileName, Status.DUPLICATE, existing.get(),
                    "the project already has this text as document " + existing.get() + "; not stored again");
            recorder.record(em, duplicate);
            return duplicate;
        }
        Match match = closest(projectId, extracted.text(), bandKeys, prepared);
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
        DocumentBands.insert(em, id, projectId, bandKeys);
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
        return (int) Math.floor(resemblance * 100) + "%";
    }

    private record Match(long documentId, double resemblance, boolean containedCopy) {
    }

    /** The project's document most like this text, if any is a near duplicate. */
    private Match closest(long projectId, String text, long[] bandKeys, NearDuplicates.Prepared prepared) {
        if (bandKeys.length == 0) {
            return null;
        }
        List<DocumentBands.Candidate> candidates = DocumentBands.candidates(em, projectId, bandKeys, MIN_SHARED_BANDS,
                CANDIDATES);
        if (candidates.isEmpty()) {
            return null;
        }
        NearDuplicates.Prepared mine = prepared != null ? prepared : NearDuplicates.prepare(text);
        Match best = null;
        for (DocumentBands.Candidate c : candidates) {
            long candidate = c.documentId();
            Document other = em.find(Document.class, candidate);
            if (other == null) {
                continue;
            }
            NearDuplicates.Resemblance resemblance = mine.compare(other.getText());
            if (resemblance.nearDuplicate()) {
                // candidates come most shared band keys first: the first near duplicate is as a rule the closest
                best = new Match(candidate, resemblance.shown(), resemblance.containedCopy());
                break;
            }
        }
        return best;
    }
}
