package org.claimscope.document;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.claimscope.audit.AuditEvent;
import org.claimscope.audit.AuditService;
import org.claimscope.common.ForbiddenException;
import org.claimscope.common.NotFoundException;
import org.claimscope.common.StaleVersionException;
import org.claimscope.project.Access;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;

/** Reading documents, always through the project's access rules. */
@ApplicationScoped
@Transactional
public class DocumentService {
    @PersistenceContext
    EntityManager em;

    @Inject
    ProjectService projects;

    @Inject
    AuditService audit;

    public DocumentService() {
    }

    /** For tests outside the container. */
    public DocumentService(EntityManager em, ProjectService projects) {
        this(em, projects, new AuditService(em));
    }

    /** For tests outside the container. */
    public DocumentService(EntityManager em, ProjectService projects, AuditService audit) {
        this.em = em;
        this.projects = projects;
        this.audit = audit;
    }

    /** The project's documents in import order, without their text. */
    public List<DocumentSummary> list(User caller, long projectId) {
        projects.access(caller, projectId);
        return em.createQuery("SELECT NEW org.claimscope.document.DocumentSummary(d.id, d.projectId, d.title, d.author, "
                        + "d.publishedAt, d.siteName, d.sourceUrl, d.language, d.mediaType, d.fileName, d.fileSize, "
                        + "d.textLength, d.textSha256, d.importedAt, d.nearDuplicateOf, d.resemblance) FROM Document d WHERE d.projectId = :project "
                        + "ORDER BY d.id", DocumentSummary.class)
                .setParameter("project", projectId).getResultList();
    }

    /**
     * The project's documents that match the query, in its order, one page of them, with how many
     * match in all. For every member of the project. Filters are JPQL parameters; the order comes
     * from {@link DocumentSort}'s fixed expressions.
     */
    public DocumentPage search(User caller, long projectId, DocumentQuery query) {
        projects.access(caller, projectId);
        Where where = where(projectId, query);
        String direction = query.descending() ? " DESC" : " ASC";
        var select = em.createQuery("SELECT " + DocumentSummary.JPQL_FIELDS + where.clause() + " ORDER BY "
                + query.sort().expression + direction + " NULLS LAST, d.id" + direction, Object[].class);
        where.parameters().forEach(select::setParameter);
        select.setFirstResult(query.offset());
        if (query.limit() != null) {
            select.setMaxResults(query.limit());
        }
        List<DocumentSummary> items = select.getResultStream().map(row -> DocumentSummary.of(row, 0)).toList();
        long total = query.offset() == 0 && (query.limit() == null || items.size() < query.limit()) ? items.size()
                : count(where);
        return new DocumentPage(total, items);
    }

    /** How many of the project's documents match the query's filters (its order and page aside). */
    public long count(User caller, long projectId, DocumentQuery query) {
        projects.access(caller, projectId);
        return count(where(projectId, query));
    }

    private long count(Where where) {
        var count = em.createQuery("SELECT COUNT(d)" + where.clause(), Long.class);
        where.parameters().forEach(count::setParameter);
        return count.getSingleResult();
    }

    /** The FROM and WHERE of a query's filters, every value a parameter. */
    private record Where(String clause, Map<String, Object> parameters) {
    }

    private static Where where(long projectId, DocumentQuery query) {
        StringBuilder where = new StringBuilder(" FROM Document d WHERE d.projectId = :project");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("project", projectId);
        if (!DocumentQuery.blank(query.title())) {
            where.append(" AND LOWER(d.title) LIKE :title ESCAPE '!'");
            parameters.put("title", "%" + likeEscaped(lower(query.title())) + "%");
        }
        equalIgnoringCase(where, parameters, "d.author", "author", query.author());
        equalIgnoringCase(where, parameters, "d.siteName", "siteName", query.siteName());
        equalIgnoringCase(where, parameters, "d.language", "language", query.language());
        equalIgnoringCase(where, parameters, "d.mediaType", "mediaType", query.mediaType());
        // publishedAt is ISO-8601 text: its first ten characters are the date, which compares as text
        if (query.publishedFrom() != null) {
            where.append(" AND SUBSTRING(d.publishedAt, 1, 10) >= :publishedFrom");
            parameters.put("publishedFrom", query.publishedFrom().toString());
        }
        if (query.publishedTo() != null) {
            where.append(" AND SUBSTRING(d.publishedAt, 1, 10) <= :publishedTo");
            parameters.put("publishedTo", query.publishedTo().toString());
        }
        return new Where(where.toString(), parameters);
    }

    private static void equalIgnoringCase(StringBuilder where, Map<String, Object> parameters, String path,
                                          String parameter, String value) {
        if (!DocumentQuery.blank(value)) {
            where.append(" AND LOWER(").append(path).append(") = :").append(parameter);
            parameters.put(parameter, lower(value.strip()));
        }
    }

    private static String lower(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    /** The value with LIKE's wildcards and the escape character ('!') taken literally. */
    static String likeEscaped(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** The project's outlets, authors, languages and media types with their counts; for every member. */
    public DocumentFacets facets(User caller, long projectId) {
        projects.access(caller, projectId);
        long documents = em.createQuery("SELECT COUNT(d) FROM Document d WHERE d.projectId = :project", Long.class)
                .setParameter("project", projectId).getSingleResult();
        return new DocumentFacets(documents, facet(projectId, "d.siteName"), facet(projectId, "d.author"),
                facet(projectId, "d.language"), facet(projectId, "d.mediaType"));
    }

    private List<DocumentFacets.Value> facet(long projectId, String path) {
        List<DocumentFacets.Value> values = new ArrayList<>();
        em.createQuery("SELECT " + path + ", COUNT(d) FROM Document d WHERE d.projectId = :project AND " + path
                        + " IS NOT NULL GROUP BY " + path, Object[].class)
                .setParameter("project", projectId).getResultStream()
                .forEach(row -> values.add(new DocumentFacets.Value((String) row[0], ((Number) row[1]).longValue())));
        values.sort(Comparator.comparing((DocumentFacets.Value v) -> v.value().toLowerCase(Locale.ROOT))
                .thenComparing(DocumentFacets.Value::value));
        return values;
    }

    /** What the audit trail calls a correction of a document's metadata. */
    public static final String AUDIT_TYPE = "document-metadata";

    /**
     * Corrects a document's metadata (merge-patch: fields the patch does not set keep their value).
     * For the managers of its project; 404 for people outside it. Every value is checked first
     * ({@link DocumentMetadata}); a patch made against an older version changes nothing (409). The
     * changed fields are recorded before and after in the audit trail. The text never changes.
     */
    public Document updateMetadata(User caller, long documentId, MetadataPatch patch) {
        Visible visible = get(caller, documentId);
        if (!visible.access().isManager()) {
            throw new ForbiddenException("only the managers of project " + visible.document().getProjectId()
                    + " change a document's metadata");
        }
        Document document = visible.document();
        // the shared cache may hold an older copy on a site with several servers; check against the database
        em.refresh(document);
        Map<String, String> next = new LinkedHashMap<>();
        next.put(MetadataPatch.TITLE, document.getTitle());
        next.put(MetadataPatch.AUTHOR, document.getAuthor());
        next.put(MetadataPatch.PUBLISHED_AT, document.getPublishedAt());
        next.put(MetadataPatch.SITE_NAME, document.getSiteName());
        next.put(MetadataPatch.SOURCE_URL, document.getSourceUrl());
        next.put(MetadataPatch.LANGUAGE, document.getLanguage());
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        for (String field : MetadataPatch.FIELDS) {
            if (patch.has(field)) {
                String value = DocumentMetadata.normalise(field, patch.get(field));
                if (!java.util.Objects.equals(value, next.get(field))) {
                    before.put(field, next.get(field));
                    after.put(field, value);
                    next.put(field, value);
                }
            }
        }
        if (patch.version() != null && patch.version() != document.getVersion()) {
            throw new StaleVersionException("the metadata of document " + documentId + " was changed by someone else "
                    + "(now version " + document.getVersion() + ", you sent " + patch.version()
                    + "); read it again and make your change again");
        }
        if (after.isEmpty()) {
            return document;
        }
        document.correct(next.get(MetadataPatch.TITLE), next.get(MetadataPatch.AUTHOR),
                next.get(MetadataPatch.PUBLISHED_AT), next.get(MetadataPatch.SITE_NAME),
                next.get(MetadataPatch.SOURCE_URL), next.get(MetadataPatch.LANGUAGE));
        em.flush();
        audit.record(caller.getId(), AuditEvent.Action.UPDATE, AUDIT_TYPE, documentId, document.getProjectId(),
                documentId, before, after);
        return document;
    }

    /** A document and what the caller may do in its project; 404 when it is not the caller's to see. */
    public Visible get(User caller, long documentId) {
        Document document = em.find(Document.class, documentId);
        if (document == null) {
            throw new NotFoundException("there is no document " + documentId);
        }
        Access access;
        try {
            access = projects.access(caller, document.getProjectId());
        } catch (NotFoundException notMember) {
            throw new NotFoundException("there is no document " + documentId);
        }
        return new Visible(document, access);
    }

    /** The document in this project whose text has this hash, if any. */
    public Optional<Long> findByHash(long projectId, String sha256) {
        return em.createQuery("SELECT d.id FROM Document d WHERE d.projectId = :project AND d.textSha256 = :hash",
                        Long.class)
                .setParameter("project", projectId).setParameter("hash", sha256)
                .getResultStream().findFirst();
    }

    /**
     * Who has an annotation set on each document of the project, and its state; for curators and
     * managers. When the project hides names from curators, curators see pseudonyms.
     */
    public java.util.Map<Long, List<SetSummary>> setsByDocument(User caller, long projectId) {
        Access access = projects.access(caller, projectId);
        if (!access.mayReadAllSets()) {
            throw new org.claimscope.common.ForbiddenException("only curators and managers see everyone's sets");
        }
        boolean anonymous = access.project().isAnonymousCuration() && !access.isManager();
        java.util.Map<Long, String> pseudonyms = anonymous ? projects.pseudonyms(projectId) : java.util.Map.of();
        java.util.Map<Long, List<SetSummary>> byDocument = new java.util.HashMap<>();
        em.createQuery("SELECT s.document.id, s.owner.id, s.owner.login, s.state FROM "
                        + "org.claimscope.annotation.AnnotationSet s WHERE s.document.projectId = :project "
                        + "ORDER BY s.owner.login", Object[].class)
                .setParameter("project", projectId).getResultStream()
                .forEach(row -> byDocument.computeIfAbsent((Long) row[0], k -> new java.util.ArrayList<>())
                        .add(new SetSummary(anonymous ? pseudonyms.getOrDefault((Long) row[1], "?") : (String) row[2],
                                row[3].toString())));
        return byDocument;
    }

    /** One annotator's set on a document. */
    public record SetSummary(String login, String state) {
    }

    /** A document together with the caller's access to its project. */
    public record Visible(Document document, Access access) {
    }
}
