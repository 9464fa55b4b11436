package org.claimscope.importing;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.claimscope.importing.similarity.NearDuplicates;

/**
 * The near-duplicate band keys of a project's documents (table {@code document_band}, see {@link NearDuplicates}):
 * written once per document, and looked up at every import for the documents a new text may be a near duplicate of.
 *
 * <p>Both statements take the keys as one array parameter, so that each is one short statement whatever the number of
 * keys, and the lookup joins the keys with the table's primary key (project_id, band_key, document_id), one probe per
 * key that reads the index alone. The same SQL runs on H2 and PostgreSQL.
 */
public final class DocumentBands {
    private DocumentBands() {
    }

    /** A document sharing band keys with a new text, and how many. */
    public record Candidate(long documentId, int sharedKeys) {
    }

    /** Writes the document's band keys (duplicates among them once). */
    public static void insert(EntityManager em, long documentId, long projectId, long[] bandKeys) {
        insertAll(em, projectId, Map.of(documentId, bandKeys));
    }

    /**
     * Writes the band keys of many documents of one project (each document's duplicates once) in one statement, as
     * a bundle import does for a batch of documents: a native statement makes the persistence context flush and
     * compare every entity it holds first, so a batch pays that once rather than once per document.
     */
    public static void insertAll(EntityManager em, long projectId, Map<Long, long[]> bandKeysByDocument) {
        List<Long> documents = new ArrayList<>();
        List<Long> keys = new ArrayList<>();
        bandKeysByDocument.forEach((documentId, bandKeys) -> {
            for (Long key : distinct(bandKeys)) {
                documents.add(documentId);
                keys.add(key);
            }
        });
        if (keys.isEmpty()) {
            return;
        }
        em.createNativeQuery("INSERT INTO document_band (project_id, band_key, document_id)"
                        + " SELECT CAST(?1 AS BIGINT), k.band_key, k.document_id"
                        + " FROM UNNEST(?2, ?3) AS k(document_id, band_key)")
                .setParameter(1, projectId).setParameter(2, documents.toArray(Long[]::new))
                .setParameter(3, keys.toArray(Long[]::new))
                .executeUpdate();
    }

    /**
     * The project's documents that share at least {@code minShared} of the band keys, most shared keys first, then
     * oldest first; at most {@code max} of them.
     */
    public static List<Candidate> candidates(EntityManager em, long projectId, long[] bandKeys, int minShared,
                                             int max) {
        Long[] keys = distinct(bandKeys);
        if (keys.length == 0) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT b.document_id, COUNT(*) AS shared"
                        + " FROM UNNEST(?1) AS k(band_key)"
                        + " JOIN document_band b ON b.project_id = ?2 AND b.band_key = k.band_key"
                        + " GROUP BY b.document_id HAVING COUNT(*) >= " + minShared
                        + " ORDER BY shared DESC, b.document_id")
                .setParameter(1, keys).setParameter(2, projectId).setMaxResults(max).getResultList();
        List<Candidate> candidates = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            candidates.add(new Candidate(((Number) row[0]).longValue(), ((Number) row[1]).intValue()));
        }
        return candidates;
    }

    /** The keys once each, as the JDBC drivers take an array of BIGINT. */
    private static Long[] distinct(long[] bandKeys) {
        return Arrays.stream(bandKeys).distinct().boxed().toArray(Long[]::new);
    }
}
