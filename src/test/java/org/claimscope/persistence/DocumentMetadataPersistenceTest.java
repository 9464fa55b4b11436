package org.claimscope.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.claimscope.audit.AuditEvent;
import org.claimscope.audit.AuditService;
import org.claimscope.common.ForbiddenException;
import org.claimscope.common.InvalidInputException;
import org.claimscope.common.NotFoundException;
import org.claimscope.common.StaleVersionException;
import org.claimscope.document.Document;
import org.claimscope.document.DocumentFacets;
import org.claimscope.document.DocumentPage;
import org.claimscope.document.DocumentQuery;
import org.claimscope.document.DocumentService;
import org.claimscope.document.DocumentSort;
import org.claimscope.document.DocumentSummary;
import org.claimscope.document.MetadataPatch;
import org.claimscope.project.Project;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Listing a project's documents with filters, orders and pages, their facets, and correcting a
 * document's metadata, against H2 and PostgreSQL. The text never changes.
 */
class DocumentMetadataPersistenceTest {
    static final String TEXT = "The minister said the strikes were lawful self-defence. Experts called them war crimes. "
            + "A spokesman said 🇺🇸 forces acted within the law.";

    private EntityManagerFactory emf;

    @AfterEach
    void close() {
        if (emf != null) {
            emf.close();
        }
    }

    /**
     * Five documents in import order: d1 is the world's ("CIA strike", A. Reporter, 2025-12-24, The Hill, en),
     * then d2..d5 below.
     */
    private static final class Corpus {
        final World w;
        final long d1;
        final long d2;
        final long d3;
        final long d4;
        final long d5;

        Corpus(World w) {
            this.w = w;
            d1 = w.documentId;
            d2 = add(w, "Dock strike: legal views", "B. Writer", "2025-12-20T23:30:00-05:00", "Reuters", "en-GB",
                    "text/plain");
            d3 = add(w, "Völkerrecht und Schläge", null, null, "the hill", "de", "text/plain");
            d4 = add(w, "100% legal_claim", "a. reporter", "2026-01-02", null, null, "text/html");
            d5 = add(w, "another view", null, "2025-12-24T08:00:00Z", "Al Jazeera", "en", "text/plain");
        }
    }

    private static long add(World w, String title, String author, String published, String site, String language,
                            String mediaType) {
        return w.tx(em -> {
            String text = title + " — " + TEXT;
            Document d = new Document(em.find(Project.class, w.projectId), text, sha256(text), title + ".txt",
                    mediaType, text.length(), em.find(User.class, w.manager.getId()));
            d.describe(title, author, published, site, null, language);
            em.persist(d);
            return d;
        }).getId();
    }

    private Corpus corpus(TestDatabase database) {
        emf = database.migrated().entityManagerFactory();
        return new Corpus(new World(emf, TEXT));
    }

    private static DocumentService documents(EntityManager em) {
        return new DocumentService(em, new ProjectService(em), new AuditService(em));
    }

    private static DocumentPage search(World w, User who, DocumentQuery query) {
        return w.tx(em -> documents(em).search(who, w.projectId, query));
    }

    private static List<Long> ids(World w, DocumentQuery query) {
        return search(w, w.manager, query).items().stream().map(DocumentSummary::id).toList();
    }

    private static DocumentQuery filter(String title, String author, String site, String language, LocalDate from,
                                        LocalDate to, String mediaType) {
        return new DocumentQuery(title, author, site, language, from, to, mediaType, null, false, 0, null);
    }

    private static DocumentQuery sorted(DocumentSort sort, boolean descending) {
        return new DocumentQuery(null, null, null, null, null, null, null, sort, descending, 0, null);
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void filtersCombineAndIgnoreCase(TestDatabase database) {
        Corpus c = corpus(database);
        World w = c.w;
        DocumentPage all = search(w, w.annotator, DocumentQuery.all());
        assertThat(all.total()).isEqualTo(5);
        assertThat(all.items()).isEqualTo(w.tx(em -> documents(em).list(w.annotator, w.projectId)));
        assertThat(all.items().stream().map(DocumentSummary::id)).containsExactly(c.d1, c.d2, c.d3, c.d4, c.d5);

        assertThat(ids(w, filter("STRIKE", null, null, null, null, null, null))).containsExactly(c.d1, c.d2);
        assertThat(ids(w, filter("schläge", null, null, null, null, null, null))).containsExactly(c.d3);
        // LIKE's wildcards in the input are taken literally
        assertThat(ids(w, filter("100%", null, null, null, null, null, null))).containsExactly(c.d4);
        assertThat(ids(w, filter("_", null, null, null, null, null, null))).containsExactly(c.d4);
        assertThat(ids(w, filter("%", null, null, null, null, null, null))).containsExactly(c.d4);
        assertThat(ids(w, filter("  ", null, null, null, null, null, null))).hasSize(5);

        assertThat(ids(w, filter(null, "A. REPORTER", null, null, null, null, null))).containsExactly(c.d1, c.d4);
        assertThat(ids(w, filter(null, null, "The Hill", null, null, null, null))).containsExactly(c.d1, c.d3);
        assertThat(ids(w, filter(null, null, null, "EN-gb", null, null, null))).containsExactly(c.d2);
        assertThat(ids(w, filter(null, null, null, "en", null, null, null))).containsExactly(c.d1, c.d5);
        assertThat(ids(w, filter(null, null, null, null, null, null, "TEXT/HTML"))).containsExactly(c.d4);
        assertThat(ids(w, filter("strike", null, "the hill", "en", null, null, null))).containsExactly(c.d1);

        // dates compare by their date part, both ends inclusive; undated documents are left out
        LocalDate christmasEve = LocalDate.of(2025, 12, 24);
        assertThat(ids(w, filter(null, null, null, null, LocalDate.of(2025, 12, 21), null, null)))
                .containsExactly(c.d1, c.d4, c.d5);
        assertThat(ids(w, filter(null, null, null, null, null, christmasEve, null))).containsExactly(c.d1, c.d2, c.d5);
        assertThat(ids(w, filter(null, null, null, null, christmasEve, christmasEve, null))).containsExactly(c.d1, c.d5);
        assertThat(ids(w, filter(null, null, null, null, LocalDate.of(2025, 12, 20), LocalDate.of(2025, 12, 20), null)))
                .containsExactly(c.d2);
        assertThat(search(w, w.manager, filter(null, null, null, null, LocalDate.of(1990, 1, 1), null, null)).total())
                .isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void sortsAreStableIgnoreCaseAndPutMissingValuesLast(TestDatabase database) {
        Corpus c = corpus(database);
        World w = c.w;
        assertThat(ids(w, sorted(DocumentSort.PUBLISHED_AT, false))).containsExactly(c.d2, c.d1, c.d5, c.d4, c.d3);
        assertThat(ids(w, sorted(DocumentSort.PUBLISHED_AT, true))).containsExactly(c.d4, c.d5, c.d1, c.d2, c.d3);
        assertThat(ids(w, sorted(DocumentSort.TITLE, false))).containsExactly(c.d4, c.d5, c.d1, c.d2, c.d3);
        assertThat(ids(w, sorted(DocumentSort.TITLE, true))).containsExactly(c.d3, c.d2, c.d1, c.d5, c.d4);
        // "The Hill" and "the hill" tie: the id decides, in the same direction
        assertThat(ids(w, sorted(DocumentSort.SITE_NAME, false))).containsExactly(c.d5, c.d2, c.d1, c.d3, c.d4);
        assertThat(ids(w, sorted(DocumentSort.SITE_NAME, true))).containsExactly(c.d3, c.d1, c.d2, c.d5, c.d4);
        assertThat(ids(w, sorted(DocumentSort.AUTHOR, false))).containsExactly(c.d1, c.d4, c.d2, c.d3, c.d5);
        assertThat(ids(w, sorted(DocumentSort.AUTHOR, true))).containsExactly(c.d2, c.d4, c.d1, c.d5, c.d3);
        assertThat(ids(w, sorted(DocumentSort.LANGUAGE, false))).containsExactly(c.d3, c.d1, c.d5, c.d2, c.d4);
        assertThat(ids(w, sorted(DocumentSort.ID, true))).containsExactly(c.d5, c.d4, c.d3, c.d2, c.d1);
        assertThat(ids(w, sorted(DocumentSort.IMPORTED_AT, false))).hasSize(5);
        // the world's document is strike.txt
        assertThat(ids(w, sorted(DocumentSort.FILE_NAME, false))).containsExactly(c.d4, c.d5, c.d2, c.d1, c.d3);
        List<Long> byLength = ids(w, sorted(DocumentSort.TEXT_LENGTH, false));
        List<Integer> lengths = byLength.stream().map(id -> w.tx(em -> em.find(Document.class, id).getTextLength()))
                .toList();
        assertThat(lengths).isSorted();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void pagesCountEveryMatch(TestDatabase database) {
        Corpus c = corpus(database);
        World w = c.w;
        DocumentPage page = search(w, w.manager,
                new DocumentQuery(null, null, null, null, null, null, null, DocumentSort.TITLE, false, 1, 2));
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.items().stream().map(DocumentSummary::id)).containsExactly(c.d5, c.d1);
        page = search(w, w.manager,
                new DocumentQuery(null, null, null, null, null, null, null, DocumentSort.TITLE, false, 4, 2));
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.items().stream().map(DocumentSummary::id)).containsExactly(c.d3);
        page = search(w, w.manager,
                new DocumentQuery("strike", null, null, null, null, null, null, DocumentSort.ID, true, 0, 1));
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.items().stream().map(DocumentSummary::id)).containsExactly(c.d2);
        long strikes = w.tx(em -> documents(em).count(w.annotator, w.projectId,
                new DocumentQuery("strike", null, null, null, null, null, null, DocumentSort.ID, true, 0, 1)));
        assertThat(strikes).isEqualTo(2);
        page = search(w, w.manager,
                new DocumentQuery(null, null, null, null, null, null, null, DocumentSort.ID, false, 10, 5));
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.items()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void facetsCountEachValueAndOutsidersSeeNothing(TestDatabase database) {
        Corpus c = corpus(database);
        World w = c.w;
        DocumentFacets facets = w.tx(em -> documents(em).facets(w.annotator, w.projectId));
        assertThat(facets.documents()).isEqualTo(5);
        assertThat(facets.siteNames()).containsExactly(new DocumentFacets.Value("Al Jazeera", 1),
                new DocumentFacets.Value("Reuters", 1), new DocumentFacets.Value("The Hill", 1),
                new DocumentFacets.Value("the hill", 1));
        assertThat(facets.languages()).containsExactly(new DocumentFacets.Value("de", 1),
                new DocumentFacets.Value("en", 2), new DocumentFacets.Value("en-GB", 1));
        assertThat(facets.authors()).containsExactly(new DocumentFacets.Value("A. Reporter", 1),
                new DocumentFacets.Value("a. reporter", 1), new DocumentFacets.Value("B. Writer", 1));
        assertThat(facets.mediaTypes()).containsExactly(new DocumentFacets.Value("text/html", 1),
                new DocumentFacets.Value("text/plain", 4));

        assertThatThrownBy(() -> w.tx(em -> documents(em).facets(w.outsider, w.projectId)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> search(w, w.outsider, DocumentQuery.all())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void badListParametersAreRefusedNamingTheParameter() {
        assertThat(DocumentQuery.parse(null, null, null, null, null, null, null, null, null, null, null))
                .isEqualTo(DocumentQuery.all());
        DocumentQuery q = DocumentQuery.parse("x", "a", "s", "en", "2025-01-01", "2025-12-31", "text/html",
                "publishedAt", "DESC", "20", "10");
        assertThat(q.sort()).isEqualTo(DocumentSort.PUBLISHED_AT);
        assertThat(q.descending()).isTrue();
        assertThat(q.publishedFrom()).isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(q.offset()).isEqualTo(20);
        assertThat(q.limit()).isEqualTo(10);
        assertRefused("sort", () -> DocumentQuery.parse(null, null, null, null, null, null, null, "bogus", null, null, null));
        assertRefused("dir", () -> DocumentQuery.parse(null, null, null, null, null, null, null, "title", "up", null, null));
        assertRefused("offset", () -> DocumentQuery.parse(null, null, null, null, null, null, null, null, null, "-1", null));
        assertRefused("offset", () -> DocumentQuery.parse(null, null, null, null, null, null, null, null, null, "x", null));
        assertRefused("limit", () -> DocumentQuery.parse(null, null, null, null, null, null, null, null, null, null, "0"));
        assertRefused("limit", () -> DocumentQuery.parse(null, null, null, null, null, null, null, null, null, null, "1001"));
        assertRefused("limit", () -> DocumentQuery.parse(null, null, null, null, null, null, null, null, null, null, "ten"));
        assertRefused("publishedFrom",
                () -> DocumentQuery.parse(null, null, null, null, "24.12.2025", null, null, null, null, null, null));
        assertRefused("publishedTo",
                () -> DocumentQuery.parse(null, null, null, null, null, "2025-13-01", null, null, null, null, null));
    }

    private static void assertRefused(String field, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidInputException.class,
                e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(field);
                });
    }

    private static Document patch(World w, User who, long documentId, MetadataPatch patch) {
        return w.tx(em -> documents(em).updateMetadata(who, documentId, patch));
    }

    private static Document read(World w, long documentId) {
        return w.tx(em -> em.find(Document.class, documentId));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void managerCorrectsMetadataAndReadsItBackWithTheTextUnchanged(TestDatabase database) {
        Corpus c = corpus(database);
        World w = c.w;
        Document before = read(w, c.d1);
        String text = before.getText();

        Document changed = patch(w, w.manager, c.d1, new MetadataPatch()
                .set("title", "  Strike on the  dock \n in La Guaira ")
                .set("author", "Cafe\u0301 Reporter")
                .set("publishedAt", "2025-12-25T10:15")
                .set("siteName", "Harbour Gazette")
                .set("sourceUrl", "https://gazette.example/2025/12/25/strike")
                .set("language", "pt_br")
                .version(before.getVersion()));
        assertThat(changed.getVersion()).isEqualTo(before.getVersion() + 1);

        // read again in a new transaction: EclipseLink's shared cache holds the new values
        Document after = read(w, c.d1);
        assertThat(after.getVersion()).isEqualTo(before.getVersion() + 1);
        assertThat(after.getTitle()).isEqualTo("Strike on the dock in La Guaira");
        assertThat(after.getAuthor()).isEqualTo("Café Reporter");
        assertThat(after.getPublishedAt()).isEqualTo("2025-12-25");
        assertThat(after.getSiteName()).isEqualTo("Harbour Gazette");
        assertThat(after.getSourceUrl()).isEqualTo("https://gazette.example/2025/12/25/strike");
        assertThat(after.getLanguage()).isEqualTo("pt-BR");
        assertThat(after.getText()).isEqualTo(text);
        assertThat(after.getTextSha256()).isEqualTo(before.getTextSha256());
        assertThat(after.getTextLength()).isEqualTo(before.getTextLength());
        // and in the database itself
        Object[] row = w.tx(em -> (Object[]) em.createNativeQuery("SELECT title, site_name, text, text_sha256, "
                + "text_length FROM document WHERE id = ?").setParameter(1, c.d1).getSingleResult());
        assertThat(row[0]).isEqualTo("Strike on the dock in La Guaira");
        assertThat(row[1]).isEqualTo("Harbour Gazette");
        assertThat(row[2]).isEqualTo(text);
        assertThat(row[3]).isEqualTo(before.getTextSha256());
        assertThat(((Number) row[4]).intValue()).isEqualTo(before.getTextLength());
        // the list shows it, and filters on it
        assertThat(ids(w, filter(null, null, "harbour gazette", null, null, null, null))).containsExactly(c.d1);

        // merge-patch: left out keeps, null or blank clears; an offset date-time keeps its offset
        patch(w, w.manager, c.d1, new MetadataPatch().set("author", null).set("siteName", "  ")
                .set("publishedAt", "2025-12-25T10:15:00+01:00"));
        after = read(w, c.d1);
        assertThat(after.getAuthor()).isNull();
        assertThat(after.getSiteName()).isNull();
        assertThat(after.getPublishedAt()).isEqualTo("2025-12-25T10:15:00+01:00");
        assertThat(after.getTitle()).isEqualTo("Strike on the dock in La Guaira");
        assertThat(after.getLanguage()).isEqualTo("pt-BR");
        assertThat(after.getVersion()).isEqualTo(before.getVersion() + 2);

        // every change is in the audit trail with the changed fields before and after
        List<AuditEvent> events = history(w, c.d1);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).getActorId()).isEqualTo(w.manager.getId());
        assertThat(events.get(0).getAction()).isEqualTo(AuditEvent.Action.UPDATE);
        assertThat(events.get(0).getProjectId()).isEqualTo(w.projectId);
        JsonObject firstBefore = json(events.get(0).getBefore());
        JsonObject firstAfter = json(events.get(0).getAfter());
        assertThat(firstBefore.getString("title")).isEqualTo("CIA strike");
        assertThat(firstBefore.getString("siteName")).isEqualTo("The Hill");
        assertThat(firstAfter.getString("title")).isEqualTo("Strike on the dock in La Guaira");
        assertThat(firstAfter.getString("language")).isEqualTo("pt-BR");
        JsonObject secondBefore = json(events.get(1).getBefore());
        JsonObject secondAfter = json(events.get(1).getAfter());
        assertThat(secondBefore.keySet()).containsExactlyInAnyOrder("author", "siteName", "publishedAt");
        assertThat(secondBefore.getString("author")).isEqualTo("Café Reporter");
        assertThat(secondAfter.keySet()).containsExactlyInAnyOrder("author", "siteName", "publishedAt");
        assertThat(secondAfter.isNull("author")).isTrue();

        // a patch that changes nothing keeps the version and records nothing
        Document same = patch(w, w.manager, c.d1, new MetadataPatch().set("language", "pt-BR"));
        assertThat(same.getVersion()).isEqualTo(before.getVersion() + 2);
        assertThat(history(w, c.d1)).hasSize(2);
    }

    private static List<AuditEvent> history(World w, long documentId) {
        return w.tx(em -> new AuditService(em).history(DocumentService.AUDIT_TYPE, documentId));
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void badValuesAStaleVersionAndOtherPeopleChangeNothing(TestDatabase database) {
        Corpus c = corpus(database);
        World w = c.w;
        Document before = read(w, c.d1);

        assertInvalid(w, c.d1, "title", null, "cannot be cleared");
        assertInvalid(w, c.d1, "title", "   ", "cannot be cleared");
        assertInvalid(w, c.d1, "title", "t".repeat(1001), "1000");
        assertInvalid(w, c.d1, "author", "a".repeat(1001), "1000");
        assertInvalid(w, c.d1, "siteName", "s".repeat(501), "500");
        assertInvalid(w, c.d1, "publishedAt", "yesterday", "ISO-8601");
        assertInvalid(w, c.d1, "publishedAt", "2025-02-30", "ISO-8601");
        assertInvalid(w, c.d1, "publishedAt", "24.12.2025", "ISO-8601");
        assertInvalid(w, c.d1, "sourceUrl", "gazette.example/strike", "absolute http or https URL");
        assertInvalid(w, c.d1, "sourceUrl", "ftp://gazette.example/strike", "absolute http or https URL");
        assertInvalid(w, c.d1, "sourceUrl", "https://gazette.example/" + "x".repeat(2000), "2000");
        assertInvalid(w, c.d1, "language", "und", "BCP 47");
        assertInvalid(w, c.d1, "language", "English!", "BCP 47");
        assertInvalid(w, c.d1, "language", "en-", "BCP 47");
        assertThatThrownBy(() -> new MetadataPatch().set("colour", "red")).isInstanceOfSatisfying(
                InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("colour"));
        // one bad field spoils the whole patch
        assertInvalid(w, c.d1, new MetadataPatch().set("author", "Someone").set("language", "xx yy"), "language");

        // a patch made against an older version changes nothing
        patch(w, w.manager, c.d1, new MetadataPatch().set("author", "First Editor").version(before.getVersion()));
        assertThatThrownBy(() -> patch(w, w.manager, c.d1, new MetadataPatch().set("author", "Second Editor")
                .version(before.getVersion())))
                .isInstanceOf(StaleVersionException.class)
                .hasMessageContaining("changed by someone else");
        assertThat(read(w, c.d1).getAuthor()).isEqualTo("First Editor");
        assertThat(read(w, c.d1).getVersion()).isEqualTo(before.getVersion() + 1);

        // annotators and curators may not; people outside the project do not learn the document exists
        assertThatThrownBy(() -> patch(w, w.annotator, c.d1, new MetadataPatch().set("author", "Anna")))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> patch(w, w.curator, c.d1, new MetadataPatch().set("author", "Carl")))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> patch(w, w.outsider, c.d1, new MetadataPatch().set("author", "Olga")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> patch(w, w.manager, 987_654_321L, new MetadataPatch().set("author", "Nobody")))
                .isInstanceOf(NotFoundException.class);
        Document after = read(w, c.d1);
        assertThat(after.getAuthor()).isEqualTo("First Editor");
        assertThat(after.getTitle()).isEqualTo(before.getTitle());
        assertThat(after.getText()).isEqualTo(before.getText());
        assertThat(after.getVersion()).isEqualTo(before.getVersion() + 1);
        assertThat(history(w, c.d1)).hasSize(1);
    }

    private static void assertInvalid(World w, long documentId, String field, String value, String messagePart) {
        assertInvalid(w, documentId, new MetadataPatch().set(field, value), field, messagePart);
    }

    private static void assertInvalid(World w, long documentId, MetadataPatch patch, String field) {
        assertInvalid(w, documentId, patch, field, field);
    }

    private static void assertInvalid(World w, long documentId, MetadataPatch patch, String field, String messagePart) {
        long version = read(w, documentId).getVersion();
        assertThatThrownBy(() -> patch(w, w.manager, documentId, patch)).isInstanceOfSatisfying(
                InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(field).contains(messagePart);
                });
        assertThat(read(w, documentId).getVersion()).isEqualTo(version);
    }
}
