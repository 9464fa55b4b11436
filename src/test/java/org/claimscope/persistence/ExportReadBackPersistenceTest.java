package org.claimscope.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.uima.UIMAFramework;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.FeatureStructure;
import org.apache.uima.cas.StringArrayFS;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.impl.XmiCasDeserializer;
import org.apache.uima.util.CasCreationUtils;
import org.apache.uima.util.XMLInputSource;
import org.claimscope.agreement.AgreementService;
import org.claimscope.annotation.Annotation;
import org.claimscope.annotation.AnnotationInput;
import org.claimscope.annotation.AnnotationSet;
import org.claimscope.annotation.SetState;
import org.claimscope.assignment.AssignmentService;
import org.claimscope.audit.AuditService;
import org.claimscope.codebook.Codebook;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.codebook.CodebookService;
import org.claimscope.curation.Curation;
import org.claimscope.curation.CurationService;
import org.claimscope.document.Document;
import org.claimscope.document.DocumentService;
import org.claimscope.export.BundleExporter;
import org.claimscope.export.CorpusReader;
import org.claimscope.export.CorpusReader.Selection;
import org.claimscope.export.JsonlExporter.Layers;
import org.claimscope.export.format.JsonSchemas;
import org.claimscope.project.Project;
import org.claimscope.project.ProjectMember;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;
import org.claimscope.security.UserService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The export bundle as {@link BundleExporter} writes it from a real database (H2 and PostgreSQL), every format read
 * back by a reader of its own and compared with what the database holds (read here with JPA, not through
 * {@link CorpusReader}): JSON Lines against its JSON Schema, CSV with a CSV parser, Web Annotation against the model's
 * MUST rules, brat by parsing the {@code .ann} files against the {@code .txt}, CoNLL by its token rows and BIO tags,
 * UIMA XMI with UIMA's own deserializer. In every format the offsets cut the quote out of the text, for emoji (flags,
 * skin tones, joined sequences, astral letters), decomposed accents and right-to-left scripts. Deleted annotations do
 * not appear; an annotation whose category was retired since does, under that category.
 */
class ExportReadBackPersistenceTest {
    static final String EMOJI = "Officials said 🇺🇸 strikes were lawful 👍🏽, and the 👩🏾‍⚖️ judge agreed.\n"
            + "Experts called it murder 😡 and 𝕨𝕒𝕣 𝕔𝕣𝕚𝕞𝕖𝕤.";
    /** e followed by U+0301 COMBINING ACUTE ACCENT, never composed. */
    static final String ACCENTS = "Le ministre a de\u0301clare\u0301 que la frappe e\u0301tait le\u0301gale. "
            + "Des experts l'ont qualifie\u0301e de crime de guerre.";
    static final String ARABIC = "قال المتحدث إن الضربات كانت دفاعا عن النفس. وقال الخبراء إن الضربات غير قانونية في 2025.";
    static final String HEBREW = "הדובר אמר שהתקיפה הייתה חוקית לפי סעיף 51. מומחים אמרו שזה פשע מלחמה (war crime).";
    static final String UNTOUCHED = "A short note nobody has annotated yet.";
    static final String UNASSIGNED = "Another article, assigned to nobody.";
    static final String RETIRED = "OFFICIAL_JUSTIFICATION";

    private static final JsonSchema JSONL_SCHEMA = JsonSchemas.load(JsonSchemas.JSONL);
    private static final JsonSchema W3C_SCHEMA = JsonSchemas.load(JsonSchemas.WEB_ANNOTATION);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EntityManagerFactory emf;

    @TempDir
    Path dataDir;

    @AfterEach
    void close() {
        if (emf != null) {
            emf.close();
        }
    }

    // ---- the project in the database ------------------------------------------------------------------------------

    /** The project: {@link World}'s people and its document (the emoji text), five more documents, two annotators. */
    private static final class Corpus {
        final World w;
        final long emoji;
        final long accents;
        final long arabic;
        final long hebrew;
        final long seed;
        final long untouched;
        final long unassigned;
        long deleted;
        long deletedCurated;

        Corpus(World w) throws IOException {
            this.w = w;
            String seedText = Files.readString(Path.of("test-data", "seeds", "000_46d2c2feecc23d2d.txt"));
            emoji = w.documentId;
            accents = add(w, "Frappe légale ?", ACCENTS, "frappe.txt", "fr");
            arabic = add(w, "الضربات", ARABIC, "الضربات.html", "ar");
            hebrew = add(w, "התקיפה", HEBREW, "hebrew.txt", "he");
            seed = add(w, "CIA strikes a dock", seedText, "cia-dock.html", "en");
            untouched = add(w, "Untouched", UNTOUCHED, "untouched.txt", null);
            unassigned = add(w, "Unassigned", UNASSIGNED, "unassigned.txt", "en");

                // the emoji text: two annotators overlap and differ; otto's overlap each other too
            annotate(w.annotator, emoji, EMOJI, "🇺🇸 strikes were lawful 👍🏽", "LEGAL_ASSERTION", List.of("SELF_DEFENSE"),
                    Map.of("speaker", "Officials", "stance", "ASSERTS_LAWFUL", "speakerRole", "GOVERNMENT_EXECUTIVE"));
            annotate(w.annotator, emoji, EMOJI, "murder 😡 and 𝕨𝕒𝕣 𝕔𝕣𝕚𝕞𝕖𝕤", "EXPERT_OPINION",
                    List.of("EXTRAJUDICIAL_KILLING_CLAIM", "WAR_CRIMES_CLAIM"),
                    Map.of("speaker", "Experts", "note", "a tab\there, a line\nthere, a back\\slash"));
            annotate(w.annotator, emoji, EMOJI, "👩🏾‍⚖️ judge agreed.\nExperts", "EXPERT_OPINION", List.of(),
                    Map.of("hedge", "NONE"));
            annotate(w.other, emoji, EMOJI, "strikes were lawful", RETIRED, List.of("TARGETING_LAWFULNESS"),
                    Map.of("quoteType", "INDIRECT"));
            annotate(w.other, emoji, EMOJI, "Officials said 🇺🇸 strikes", "LEGAL_ASSERTION", List.of(), Map.of());
            annotate(w.other, emoji, EMOJI, "Officials said", "EXPERT_OPINION", List.of(), Map.of());
            finish(w.annotator, emoji);

            // decomposed accents: the same span twice, and a span that starts on a combining accent
            String claim = "de\u0301clare\u0301 que la frappe e\u0301tait le\u0301gale";
            annotate(w.annotator, accents, ACCENTS, claim, "LEGAL_ASSERTION", List.of(),
                    Map.of("stance", "ASSERTS_LAWFUL", "quoteType", "INDIRECT"));
            annotate(w.other, accents, ACCENTS, claim, "EXPERT_OPINION", List.of(), Map.of());
            annotate(w.other, accents, ACCENTS, "qualifie\u0301e de crime de guerre", "EXPERT_OPINION",
                    List.of("WAR_CRIMES_CLAIM"), Map.of("speaker", "Des experts"));
            annotate(w.other, accents, ACCENTS, "\u0301tait", "LEGAL_ASSERTION", List.of(), Map.of());
            finish(w.annotator, accents);
            finish(w.other, accents);

            // Arabic: one annotator, a finished curation with a copy, the curator's own, and one deleted
            annotate(w.annotator, arabic, ARABIC, "الضربات كانت دفاعا عن النفس", RETIRED, List.of(), Map.of());
            long experts = annotate(w.annotator, arabic, ARABIC, "الضربات غير قانونية", "EXPERT_OPINION",
                    List.of("WAR_CRIMES_CLAIM"), Map.of("speaker", "الخبراء", "stance", "ASSERTS_UNLAWFUL"));
            finish(w.annotator, arabic);
            w.tx(em -> curation(em).add(w.curator, arabic, new AnnotationInput(null, null, null, null, null, null),
                    experts));
            int[] said = span(ARABIC, "قال المتحدث إن الضربات كانت دفاعا عن النفس");
            w.tx(em -> curation(em).add(w.curator, arabic, new AnnotationInput(said[0], said[1], RETIRED,
                    List.of("SELF_DEFENSE"), Map.of("speaker", "المتحدث", "speakerRole", "GOVERNMENT_EXECUTIVE"), null),
                    null));
            int[] year = span(ARABIC, "في 2025");
            deletedCurated = w.tx(em -> curation(em).add(w.curator, arabic, new AnnotationInput(year[0], year[1],
                    "LEGAL_ASSERTION", List.of(), Map.of(), null), null)).getId();
            w.run(em -> curation(em).delete(w.curator, deletedCurated));
            w.run(em -> curation(em).setState(w.curator, arabic, SetState.FINISHED));

            // Hebrew: otto in progress; anna's set abandoned when the document was taken from her
            annotate(w.other, hebrew, HEBREW, "שהתקיפה הייתה חוקית לפי סעיף 51", "LEGAL_ASSERTION",
                    List.of("SELF_DEFENSE"), Map.of("speaker", "הדובר"));
            annotate(w.annotator, hebrew, HEBREW, "פשע מלחמה (war crime)", "EXPERT_OPINION", List.of(),
                    Map.of("speaker", "מומחים"));
            w.run(em -> assignments(em).assign(w.manager, w.projectId, List.of(hebrew), List.of("anna"), false));

            // the seed article: a deleted annotation, one that ends with its line break, a curation in progress
            deleted = annotate(w.annotator, seed, seedText, "The CIA struck a remote dock", "LEGAL_ASSERTION",
                    List.of(), Map.of());
            w.run(em -> w.annotations(em).delete(w.annotator, deleted));
            annotate(w.annotator, seed, seedText, "the first known attack inside the Latin American country",
                    "EXPERT_OPINION", List.of("SOVEREIGNTY_USE_OF_FORCE"), Map.of("hedge", "REPORTEDLY"));
            long knocked = annotate(w.other, seed, seedText, "“We just knocked out — I don’t know if you read or "
                    + "you saw — they have a big plant", RETIRED, List.of("COVERT_ACTION"), Map.of("speaker",
                    "the president", "quoteType", "DIRECT", "speakerRole", "GOVERNMENT_EXECUTIVE"));
            annotate(w.other, seed, seedText, "No one is believed to have been killed or wounded in the attack.\n",
                    "LEGAL_ASSERTION", List.of(), Map.of("note", "ends with its line break"));
            finish(w.other, seed);
            w.tx(em -> curation(em).add(w.curator, seed, new AnnotationInput(null, null, null, null, null, null),
                    knocked));

            // a document assigned to otto and not yet opened (a NEW set); one nobody has a set on
            w.run(em -> assignments(em).assign(w.manager, w.projectId, List.of(untouched), List.of("otto"), true));

            // the category is retired after it was used, in annotators' layers and the curated layer
            w.run(em -> {
                CodebookService codebooks = new CodebookService(em, new ProjectService(em));
                Codebook current = codebooks.of(w.projectId);
                CodebookDefinition d = current.definition();
                List<CodebookDefinition.Category> categories = d.categories().stream().map(c -> c.key().equals(RETIRED)
                        ? new CodebookDefinition.Category(c.key(), c.label(), c.colour(), c.hotkey(), c.description(),
                        true) : c).toList();
                codebooks.update(w.manager, w.projectId, current.getVersion(),
                        new CodebookDefinition(d.name(), categories, d.subtypes(), d.attributes()));
            });
        }

        private long annotate(User who, long documentId, String text, String quote, String category,
                              List<String> subtypes, Map<String, String> attributes) {
            int[] s = span(text, quote);
            return w.tx(em -> w.annotations(em).create(who, documentId, new AnnotationInput(s[0], s[1], category,
                    subtypes, attributes, null))).getId();
        }

        private void finish(User who, long documentId) {
            w.run(em -> w.annotations(em).setState(who, documentId, SetState.FINISHED));
        }
    }

    private static long add(World w, String title, String text, String fileName, String language) {
        return w.tx(em -> {
            Document d = new Document(em.find(Project.class, w.projectId), text,
                    BundleImportPersistenceTest.sha256(text), fileName, "text/plain", text.length(),
                    em.find(User.class, w.manager.getId()));
            d.describe(title, null, "2025-12-20", "Site " + title, null, language);
            em.persist(d);
            return d;
        }).getId();
    }

    /** The code point span of the first occurrence of {@code quote} in {@code text}. */
    static int[] span(String text, String quote) {
        int at = text.indexOf(quote);
        assertThat(at).as(quote).isNotNegative();
        int start = text.codePointCount(0, at);
        return new int[] {start, start + quote.codePointCount(0, quote.length())};
    }

    /** The text between two code point offsets. */
    static String cut(String text, int start, int end) {
        int from = text.offsetByCodePoints(0, start);
        return text.substring(from, text.offsetByCodePoints(from, end - start));
    }

    private static CurationService curation(EntityManager em) {
        ProjectService projects = new ProjectService(em);
        return new CurationService(em, new DocumentService(em, projects), projects, new CodebookService(em, projects),
                new AuditService(em));
    }

    private static AssignmentService assignments(EntityManager em) {
        return new AssignmentService(em, new ProjectService(em), new UserService(em));
    }

    // ---- what the database holds, read with JPA ------------------------------------------------------------------

    record DbDocument(long id, String title, String author, String publishedAt, String siteName, String sourceUrl,
                      String language, String fileName, String textSha256, String text) {
    }

    /** A layer: an annotator's set (named by pseudonym) or the curated layer with its curation's state. */
    record DbLayer(long documentId, String name, boolean curated, String state, Instant updatedAt) {
    }

    /**
     * One annotation as a format gives it back; a format that does not carry a field leaves it null (brat: id and
     * times; for brat the quote holds the span's fragments instead, each checked against the .txt).
     */
    record Row(long documentId, String layer, Long id, int start, int end, String quote, String category,
               List<String> subtypes, Map<String, String> attributes, Instant createdAt, Instant updatedAt) {
        Row {
            attributes = new TreeMap<>(attributes);
        }

    }

    /** What an export of a selection must hold: documents in order of id, their layers and annotations. */
    record Expected(List<DbDocument> documents, List<DbLayer> layers, List<Row> rows, CodebookDefinition codebook,
                    long codebookVersion, Selection selection) {
        DbDocument document(long id) {
            return documents.stream().filter(d -> d.id() == id).findFirst().orElseThrow();
        }

        List<DbLayer> layersOf(long documentId) {
            return layers.stream().filter(l -> l.documentId() == documentId).toList();
        }

        List<Row> rowsOf(long documentId) {
            return rows.stream().filter(r -> r.documentId() == documentId).toList();
        }

        List<Row> rowsOf(long documentId, String layer) {
            return rows.stream().filter(r -> r.documentId() == documentId && r.layer().equals(layer)).toList();
        }
    }

    /** Reads the project from the database, past the shared cache, and keeps what the selection asks for. */
    private Expected expected(long projectId, Selection selection) {
        emf.getCache().evictAll();
        EntityManager em = emf.createEntityManager();
        try {
            Codebook codebook = new CodebookService(em, new ProjectService(em)).of(projectId);
            Map<Long, String> names = new HashMap<>();
            for (ProjectMember m : em.createQuery("SELECT m FROM ProjectMember m WHERE m.project.id = :p",
                    ProjectMember.class).setParameter("p", projectId).getResultList()) {
                names.put(m.getUser().getId(), selection.includeLogins() ? m.getUser().getLogin() : m.getPseudonym());
            }
            List<DbDocument> documents = em.createQuery("SELECT d FROM Document d WHERE d.projectId = :p ORDER BY d.id",
                    Document.class).setParameter("p", projectId).getResultStream()
                    .filter(d -> selection.documentIds().isEmpty() || selection.documentIds().contains(d.getId()))
                    .map(d -> new DbDocument(d.getId(), d.getTitle(), d.getAuthor(), d.getPublishedAt(),
                            d.getSiteName(), d.getSourceUrl(), d.getLanguage(), d.getFileName(), d.getTextSha256(),
                            d.getText())).toList();
            Set<Long> documentIds = documents.stream().map(DbDocument::id).collect(Collectors.toSet());
            Map<Long, SetState> curations = new HashMap<>();
            em.createQuery("SELECT c FROM Curation c WHERE c.document.projectId = :p", Curation.class)
                    .setParameter("p", projectId).getResultStream()
                    .forEach(c -> curations.put(c.getSet().getId(), c.getState()));
            Map<Long, DbLayer> layers = new LinkedHashMap<>();
            for (AnnotationSet s : em.createQuery("SELECT s FROM AnnotationSet s WHERE s.document.projectId = :p",
                    AnnotationSet.class).setParameter("p", projectId).getResultList()) {
                long documentId = s.getDocument().getId();
                String state = (s.isCurated() ? curations.get(s.getId()) : s.getState()).name();
                boolean wanted = documentIds.contains(documentId)
                        && (s.isCurated() ? selection.layers().curated() : selection.layers().annotators())
                        && (selection.states().isEmpty() || selection.states().contains(state));
                if (wanted) {
                    layers.put(s.getId(), new DbLayer(documentId, s.isCurated() ? "curated"
                            : names.get(s.getOwner().getId()), s.isCurated(), state, s.getUpdatedAt()));
                }
            }
            List<Row> rows = new ArrayList<>();
            for (Annotation a : em.createQuery("SELECT a FROM Annotation a WHERE a.set.document.projectId = :p",
                    Annotation.class).setParameter("p", projectId).getResultList()) {
                DbLayer layer = layers.get(a.getSet().getId());
                if (layer != null && (selection.categories().isEmpty()
                        || selection.categories().contains(a.getCategory()))) {
                    rows.add(new Row(layer.documentId(), layer.name(), a.getId(), a.getStart(), a.getEnd(),
                            a.getQuote(), a.getCategory(), a.getSubtypes(), a.getAttributes(), a.getCreatedAt(),
                            a.getUpdatedAt()));
                }
            }
            List<DbLayer> orderedLayers = layers.values().stream().sorted(Comparator.comparingLong(DbLayer::documentId)
                    .thenComparing(l -> !l.curated()).thenComparing(DbLayer::name)).toList();
            return new Expected(documents, orderedLayers, rows, codebook.definition(), codebook.getVersion(),
                    selection);
        } finally {
            em.close();
        }
    }

    // ---- the bundle ------------------------------------------------------------------------------------------------

    /** A bundle's files by their path below its one top folder. */
    record Bundle(String root, Map<String, byte[]> files, long documentsReported) {
        String text(String path) {
            assertThat(files.keySet()).as("the bundle's files").contains(path);
            return new String(files.get(path), StandardCharsets.UTF_8);
        }

        /** The files in a folder whose name starts with a document's id, e.g. {@code conll/00042_report.conll}. */
        List<String> ofDocument(String folder, long documentId, String extension) {
            Pattern name = Pattern.compile(Pattern.quote(folder) + String.format("%05d", documentId)
                    + "(_[^/]*)?" + Pattern.quote(extension));
            return files.keySet().stream().filter(p -> name.matcher(p).matches()).toList();
        }

        String onlyFile(String folder, long documentId, String extension) {
            List<String> paths = ofDocument(folder, documentId, extension);
            assertThat(paths).as(folder + " " + documentId + extension).hasSize(1);
            return paths.get(0);
        }
    }

    private Bundle export(World w, long projectId, Selection selection) throws IOException {
        EntityManager em = emf.createEntityManager();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        long[] reported = {0};
        try {
            ProjectService projects = new ProjectService(em);
            new BundleExporter(new CorpusReader(em, projects), new CodebookService(em, projects),
                    new AgreementService(em, projects), dataDir)
                    .write(w.manager, em.find(Project.class, projectId), List.of(), selection, zip,
                            done -> reported[0] = done);
        } finally {
            em.close();
        }
        try (var files = Files.list(dataDir.resolve("exports"))) {
            assertThat(files).as("the spooled files are removed").isEmpty();
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        Set<String> roots = new TreeSet<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()),
                StandardCharsets.UTF_8)) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName();
                roots.add(name.substring(0, name.indexOf('/')));
                assertThat(files.put(name.substring(name.indexOf('/') + 1), in.readAllBytes())).as(name).isNull();
            }
        }
        assertThat(roots).hasSize(1);
        return new Bundle(roots.iterator().next(), files, reported[0]);
    }

    // ---- the tests -------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void everyFormatReadsBackAsTheDatabaseHoldsIt(TestDatabase database) throws Exception {
        emf = database.migrated().entityManagerFactory();
        Corpus c = new Corpus(new World(emf, EMOJI));
        Bundle bundle = export(c.w, c.w.projectId, Selection.of(Layers.ALL));
        Expected expected = expected(c.w.projectId, Selection.of(Layers.ALL));

        // the corpus is what this test means it to be
        assertThat(expected.documents()).hasSize(7);
        assertThat(expected.layers()).extracting(l -> l.documentId() + " " + l.name() + " " + l.state())
                .contains(c.emoji + " A2 FINISHED", c.emoji + " A3 IN_PROGRESS", c.arabic + " curated FINISHED",
                        c.hebrew + " A2 ABANDONED", c.seed + " curated IN_PROGRESS", c.untouched + " A3 NEW")
                .noneMatch(l -> l.startsWith(c.unassigned + " "));
        assertThat(expected.rows()).hasSize(20).noneMatch(r -> r.id() == c.deleted || r.id() == c.deletedCurated);
        assertThat(expected.rows()).filteredOn(r -> r.category().equals(RETIRED)).extracting(Row::layer)
                .containsExactlyInAnyOrder("A3", "A2", "curated", "A3", "curated");
        assertThat(expected.codebook().category(RETIRED).orElseThrow().retired()).isTrue();
        assertThat(bundle.root()).isEqualTo("claimscope-strikes");

        checkEveryFormat(bundle, expected);
        // the corpus reaches the hard cases: fragments at line breaks, escaped notes, overlaps a column cannot hold
        String emojiAnn = bundle.text(bundle.onlyFile("brat/A2/", c.emoji, ".ann"));
        assertThat(emojiAnn).containsPattern("\tEXPERT_OPINION \\d+ \\d+;\\d+ \\d+\t")
                .contains("note: a tab\\there, a line\\nthere, a back\\\\slash");
        assertThat(bundle.text(bundle.onlyFile("conll/", c.emoji, ".conll"))).contains("# overlaps: A3:");
        assertThat(bundle.text(bundle.onlyFile("conll/", c.accents, ".conll"))).contains("# overlaps: A3:");
        // the deleted annotations are nowhere, not even by id
        for (long gone : List.of(c.deleted, c.deletedCurated)) {
            assertThat(bundle.text("jsonl/corpus.jsonl")).doesNotContain("{\"id\":" + gone + ",");
            for (Map.Entry<String, byte[]> file : bundle.files().entrySet()) {
                String content = new String(file.getValue(), StandardCharsets.UTF_8);
                assertThat(content).as(file.getKey()).doesNotContain(":annotation:" + gone + "\"")
                        .doesNotContain("claimscopeId=\"" + gone + "\"");
            }
        }
        // the retired category is declared, and said to be retired, where the codebook is described
        assertThat(bundle.text("codebook.md")).contains("(`" + RETIRED + "`, retired)");
        assertThat(bundle.text("README.md")).contains("(" + RETIRED + ", retired) | 5 |");
        assertThat(bundle.text("brat/annotation.conf")).contains("# " + RETIRED + ": retired\n" + RETIRED + "\n");
        assertThat(bundle.text("README.md")).doesNotContain("not available");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aSelectionExportsExactlyTheMatchingRows(TestDatabase database) throws Exception {
        emf = database.migrated().entityManagerFactory();
        Corpus c = new Corpus(new World(emf, EMOJI));
        List<Selection> selections = List.of(
                new Selection(Layers.ALL, List.of(), Set.of(), Set.of("FINISHED"), false),
                new Selection(Layers.ANNOTATORS, List.of(c.emoji, c.arabic, c.seed),
                        Set.of("EXPERT_OPINION", RETIRED), Set.of(), false),
                new Selection(Layers.CURATED, List.of(c.arabic, c.hebrew), Set.of(), Set.of(), false),
                new Selection(Layers.ALL, List.of(c.emoji, c.hebrew, c.untouched), Set.of(),
                        Set.of("IN_PROGRESS", "ABANDONED", "NEW"), true));
        for (Selection selection : selections) {
            Expected expected = expected(c.w.projectId, selection);
            Expected all = expected(c.w.projectId, Selection.of(Layers.ALL));
            assertThat(expected.rows()).as(selection.toString()).isNotEmpty().hasSizeLessThan(all.rows().size());
            checkEveryFormat(export(c.w, c.w.projectId, selection), expected);
        }
        Expected byLogin = expected(c.w.projectId, selections.get(3));
        assertThat(byLogin.layers()).extracting(l -> l.documentId() + " " + l.name() + " " + l.state())
                .containsExactly(c.emoji + " otto IN_PROGRESS", c.hebrew + " anna ABANDONED",
                        c.hebrew + " otto IN_PROGRESS", c.untouched + " otto NEW");
        Expected finished = expected(c.w.projectId, selections.get(0));
        assertThat(finished.layers()).extracting(DbLayer::state).containsOnly("FINISHED");
        assertThat(finished.layers()).extracting(l -> l.documentId() + " " + l.name())
                .contains(c.arabic + " curated", c.emoji + " A2").doesNotContain(c.emoji + " A3");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anEmptyProjectExportsHeadersAndADatasheet(TestDatabase database) throws Exception {
        emf = database.migrated().entityManagerFactory();
        World w = new World(emf, EMOJI);
        long empty = w.tx(em -> new ProjectService(em).create(w.manager, "Nothing yet", "")).getId();
        Bundle bundle = export(w, empty, Selection.of(Layers.ALL));
        Expected expected = expected(empty, Selection.of(Layers.ALL));
        assertThat(expected.documents()).isEmpty();
        checkEveryFormat(bundle, expected);

        assertThat(bundle.root()).isEqualTo("claimscope-nothing-yet");
        assertThat(bundle.text("README.md")).contains("0 documents, 0 annotations.");
        assertThat(bundle.files().get("jsonl/corpus.jsonl")).isEmpty();
        assertThat(bundle.text("csv/annotations.csv")).isEqualTo("\uFEFFdocument_id,title,site_name,published_at,"
                + "source_url,layer,annotation_id,start,end,quote,category,subtypes,attr_speaker,attr_speakerRole,"
                + "attr_stance,attr_quoteType,attr_hedge,attr_note,context_left,context_right,created_at,updated_at\r\n");
        assertThat(bundle.text("csv/documents.csv")).isEqualTo("\uFEFFdocument_id,title,author,site_name,published_at,"
                + "source_url,language,file_name,text_sha256,text_length,layers\r\n");
        assertThat(MAPPER.readTree(bundle.text("w3c/collection.json")).get("total").asInt()).isZero();
        assertThat(bundle.files().keySet()).filteredOn(p -> p.startsWith("brat/"))
                .containsExactlyInAnyOrder("brat/annotation.conf", "brat/visual.conf");
        assertThat(bundle.files().keySet()).noneMatch(p -> p.startsWith("conll/") || p.endsWith(".xmi"));
    }

    // ---- every format, read back -----------------------------------------------------------------------------------

    private void checkEveryFormat(Bundle bundle, Expected expected) throws Exception {
        assertThat(bundle.documentsReported()).isEqualTo(expected.documents().size());
        checkDatasheet(bundle, expected);
        checkJsonLines(bundle, expected);
        checkCsv(bundle, expected);
        checkWebAnnotation(bundle, expected);
        checkBrat(bundle, expected);
        checkConll(bundle, expected);
        checkUimaXmi(bundle, expected);
    }

    private void checkDatasheet(Bundle bundle, Expected expected) throws IOException {
        String readme = bundle.text("README.md");
        int documents = expected.documents().size();
        int annotations = expected.rows().size();
        assertThat(readme).contains(documents + (documents == 1 ? " document, " : " documents, ") + annotations
                + (annotations == 1 ? " annotation." : " annotations."));
        assertThat(readme).contains("| layers | " + expected.selection().layers().name().toLowerCase() + " |")
                .contains("| formats | jsonl, csv, w3c, brat, conll, uima-xmi |")
                .contains("| annotators named by | " + (expected.selection().includeLogins() ? "their logins"
                        : "stable pseudonyms"))
                .contains("| codebook | " + expected.codebook().name() + ", version " + expected.codebookVersion());
        // every schema file the datasheet points to is in the bundle, as in schema/export/
        Matcher schemaPaths = Pattern.compile("schema/[A-Za-z0-9/._-]+\\.json").matcher(readme);
        int named = 0;
        while (schemaPaths.find()) {
            named++;
            assertThat(bundle.files().keySet()).as("the datasheet names it").contains(schemaPaths.group());
        }
        assertThat(named).isGreaterThanOrEqualTo(2);
        assertThat(bundle.files().get("schema/claimscope-jsonl.schema.json")).isEqualTo(Files.readAllBytes(JsonSchemas.JSONL));
        assertThat(bundle.files().get("schema/web-annotation.schema.json"))
                .isEqualTo(Files.readAllBytes(JsonSchemas.WEB_ANNOTATION));
        JsonNode codebook = MAPPER.readTree(bundle.text("codebook.json"));
        Map<String, Boolean> categories = new TreeMap<>();
        codebook.get("categories").forEach(c -> categories.put(c.get("key").asText(), c.get("retired").asBoolean()));
        assertThat(categories).isEqualTo(expected.codebook().categories().stream()
                .collect(Collectors.toMap(CodebookDefinition.Category::key, CodebookDefinition.Category::retired)));
    }

    /** JSON Lines: one line per document, each valid against the schema, holding the layers and annotations. */
    private void checkJsonLines(Bundle bundle, Expected expected) throws IOException {
        String corpus = bundle.text("jsonl/corpus.jsonl");
        List<String> lines = corpus.isEmpty() ? List.of() : List.of(corpus.split("\n", -1));
        if (!lines.isEmpty()) {
            assertThat(lines.get(lines.size() - 1)).as("a line break after the last line").isEmpty();
            lines = lines.subList(0, lines.size() - 1);
        }
        assertThat(lines).hasSameSizeAs(expected.documents());
        Layers layers = expected.selection().layers();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertThat(JsonSchemas.errors(JSONL_SCHEMA, line)).as(line).isEmpty();
            JsonNode doc = MAPPER.readTree(line);
            DbDocument d = expected.documents().get(i);
            assertThat(doc.get("id").asLong()).isEqualTo(d.id());
            assertThat(doc.get("title").asText()).isEqualTo(d.title());
            assertThat(doc.get("text").asText()).isEqualTo(d.text());
            assertThat(doc.get("textSha256").asText()).isEqualTo(d.textSha256());
            assertThat(doc.get("codebookVersion").asLong()).isEqualTo(expected.codebookVersion());
            JsonNode metadata = doc.get("metadata");
            assertThat(Arrays.asList(nullable(metadata.get("author")), nullable(metadata.get("publishedAt")),
                    nullable(metadata.get("siteName")), nullable(metadata.get("sourceUrl")),
                    nullable(metadata.get("language")), nullable(metadata.get("fileName"))))
                    .containsExactly(d.author(), d.publishedAt(), d.siteName(), d.sourceUrl(), d.language(),
                            d.fileName());
            assertThat(doc.has("sets")).isEqualTo(layers.annotators());
            assertThat(doc.has("annotations")).isEqualTo(layers.annotators());
            assertThat(doc.has("curated")).isEqualTo(layers.curated());
            List<DbLayer> dbLayers = expected.layersOf(d.id());
            if (layers.annotators()) {
                List<String> sets = new ArrayList<>();
                doc.get("sets").forEach(s -> sets.add(s.get("annotator").asText() + " " + s.get("state").asText()
                        + " " + Instant.parse(s.get("updatedAt").asText())));
                assertThat(sets).containsExactlyElementsOf(dbLayers.stream().filter(l -> !l.curated())
                        .map(l -> l.name() + " " + l.state() + " " + l.updatedAt()).toList());
                List<Row> annotations = jsonlRows(d, doc.get("annotations"));
                assertThat(annotations).isSortedAccordingTo(Comparator.comparingInt(Row::start)
                        .thenComparingInt(Row::end).thenComparingLong(Row::id));
                assertThat(annotations).noneMatch(r -> r.layer().equals("curated"));
                rows.addAll(annotations);
            }
            if (layers.curated()) {
                DbLayer curated = dbLayers.stream().filter(DbLayer::curated).findFirst().orElse(null);
                assertThat(doc.get("curated").get("state").asText()).isEqualTo(curated == null ? "NEW"
                        : curated.state());
                List<Row> annotations = jsonlRows(d, doc.get("curated").get("annotations"));
                assertThat(annotations).allMatch(r -> r.layer().equals("curated"));
                rows.addAll(annotations);
            }
        }
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected.rows());
    }

    private static List<Row> jsonlRows(DbDocument d, JsonNode annotations) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode a : annotations) {
            int start = a.get("start").asInt();
            int end = a.get("end").asInt();
            assertThat(cut(d.text(), start, end)).isEqualTo(a.get("quote").asText());
            List<String> subtypes = new ArrayList<>();
            a.get("subtypes").forEach(s -> subtypes.add(s.asText()));
            Map<String, String> attributes = new TreeMap<>();
            a.get("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
            rows.add(new Row(d.id(), a.get("annotator").asText(), a.get("id").asLong(), start, end,
                    a.get("quote").asText(), a.get("category").asText(), subtypes, attributes,
                    Instant.parse(a.get("createdAt").asText()), Instant.parse(a.get("updatedAt").asText())));
        }
        return rows;
    }

    private static String nullable(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    /** CSV: RFC 4180 with a byte order mark; every row against the database, every document listed. */
    private void checkCsv(Bundle bundle, Expected expected) throws IOException {
        List<String> attributeKeys = expected.codebook().attributes().stream().map(CodebookDefinition.Attribute::key)
                .toList();
        List<CSVRecord> annotations = csv(bundle, "csv/annotations.csv");
        List<Row> rows = new ArrayList<>();
        for (CSVRecord r : annotations) {
            long documentId = Long.parseLong(r.get("document_id"));
            DbDocument d = expected.document(documentId);
            assertThat(Arrays.asList(r.get("title"), r.get("site_name"), r.get("published_at"), r.get("source_url")))
                    .containsExactly(d.title(), d.siteName(), d.publishedAt(), empty(d.sourceUrl()));
            int start = Integer.parseInt(r.get("start"));
            int end = Integer.parseInt(r.get("end"));
            String text = d.text();
            assertThat(cut(text, start, end)).isEqualTo(r.get("quote"));
            int length = text.codePointCount(0, text.length());
            assertThat(r.get("context_left")).isEqualTo(cut(text, Math.max(0, start - 40), start));
            assertThat(r.get("context_right")).isEqualTo(cut(text, end, Math.min(length, end + 40)));
            Map<String, String> attributes = new TreeMap<>();
            for (String key : attributeKeys) {
                if (!r.get("attr_" + key).isEmpty()) {
                    attributes.put(key, r.get("attr_" + key));
                }
            }
            rows.add(new Row(documentId, r.get("layer"), Long.parseLong(r.get("annotation_id")), start, end,
                    r.get("quote"), r.get("category"), r.get("subtypes").isEmpty() ? List.of()
                    : List.of(r.get("subtypes").split("\\|")), attributes, Instant.parse(r.get("created_at")),
                    Instant.parse(r.get("updated_at"))));
        }
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected.rows());

        List<CSVRecord> documents = csv(bundle, "csv/documents.csv");
        assertThat(documents).hasSameSizeAs(expected.documents());
        for (int i = 0; i < documents.size(); i++) {
            CSVRecord r = documents.get(i);
            DbDocument d = expected.documents().get(i);
            assertThat(Arrays.asList(r.get("document_id"), r.get("title"), r.get("author"), r.get("site_name"),
                    r.get("published_at"), r.get("source_url"), r.get("language"), r.get("file_name"),
                    r.get("text_sha256"), r.get("text_length")))
                    .containsExactly(Long.toString(d.id()), d.title(), empty(d.author()), d.siteName(),
                            d.publishedAt(), empty(d.sourceUrl()), empty(d.language()), d.fileName(), d.textSha256(),
                            Integer.toString(d.text().codePointCount(0, d.text().length())));
            Set<String> layers = r.get("layers").isEmpty() ? Set.of() : Set.of(r.get("layers").split("\\|"));
            assertThat(layers).containsExactlyInAnyOrderElementsOf(expected.layersOf(d.id()).stream()
                    .map(l -> l.name() + "=" + l.state()).toList());
        }
    }

    private static List<CSVRecord> csv(Bundle bundle, String path) throws IOException {
        String content = bundle.text(path);
        assertThat(content).as(path + " starts with a byte order mark").startsWith("\uFEFF");
        try (CSVParser parser = CSVParser.parse(new StringReader(content.substring(1)),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return parser.getRecords();
        }
    }

    private static String empty(String value) {
        return value == null ? "" : value;
    }

    /** Web Annotation: every file valid against the model's MUST rules; selectors and bodies as in the database. */
    private void checkWebAnnotation(Bundle bundle, Expected expected) throws IOException {
        String collectionJson = bundle.text("w3c/collection.json");
        assertThat(JsonSchemas.errors(W3C_SCHEMA, collectionJson)).isEmpty();
        JsonNode collection = MAPPER.readTree(collectionJson);
        assertThat(collection.get("total").asInt()).isEqualTo(expected.rows().size());
        List<JsonNode> items = new ArrayList<>();
        String next = collection.has("first") ? collection.get("first").asText() : null;
        int pages = 0;
        while (next != null) {
            pages++;
            assertThat(next).endsWith(":page:" + pages);
            String pageJson = bundle.text(String.format("w3c/page-%05d.json", pages));
            assertThat(JsonSchemas.errors(W3C_SCHEMA, pageJson)).isEmpty();
            JsonNode page = MAPPER.readTree(pageJson);
            assertThat(page.get("id").asText()).isEqualTo(next);
            assertThat(page.get("startIndex").asInt()).isEqualTo(items.size());
            page.get("items").forEach(items::add);
            next = page.has("next") ? page.get("next").asText() : null;
        }
        assertThat(bundle.files().keySet()).filteredOn(p -> p.startsWith("w3c/page-")).hasSize(pages);
        String projectIri = "urn:claimscope:project:";
        List<Row> rows = new ArrayList<>();
        for (JsonNode a : items) {
            JsonNode source = a.get("target").get("source");
            DbDocument d = expected.document(source.get("documentId").asLong());
            assertThat(source.get("id").asText()).startsWith(projectIri).endsWith(":document:" + d.id());
            assertThat(source.get("textSha256").asText()).isEqualTo(d.textSha256());
            String layer = a.get("layer").asText();
            JsonNode creator = a.get("creator");
            if (layer.equals("curated")) {
                assertThat(creator.get("type").asText()).isEqualTo("Organization");
            } else {
                assertThat(creator.get("type").asText()).isEqualTo("Person");
                assertThat(creator.get("nickname").asText()).isEqualTo(layer);
            }
            Map<String, JsonNode> selectors = new HashMap<>();
            a.get("target").get("selector").forEach(s -> selectors.put(s.get("type").asText(), s));
            assertThat(selectors).containsOnlyKeys("TextPositionSelector", "TextQuoteSelector");
            int start = selectors.get("TextPositionSelector").get("start").asInt();
            int end = selectors.get("TextPositionSelector").get("end").asInt();
            JsonNode quote = selectors.get("TextQuoteSelector");
            String exact = quote.get("exact").asText();
            String text = d.text();
            assertThat(cut(text, start, end)).isEqualTo(exact);
            assertThat(quote.has("prefix") ? quote.get("prefix").asText() : "")
                    .isEqualTo(cut(text, Math.max(0, start - 40), start));
            assertThat(quote.has("suffix") ? quote.get("suffix").asText() : "")
                    .isEqualTo(cut(text, end, Math.min(text.codePointCount(0, text.length()), end + 40)));
            String category = null;
            List<String> subtypes = new ArrayList<>();
            Map<String, String> attributes = new TreeMap<>();
            for (JsonNode body : a.get("body")) {
                String value = body.get("value").asText();
                switch (body.get("purpose").asText()) {
                    case "classifying" -> {
                        assertThat(category).isNull();
                        category = value;
                        assertThat(body.get("label").asText())
                                .isEqualTo(expected.codebook().category(value).orElseThrow().label());
                    }
                    case "tagging" -> subtypes.add(value);
                    case "describing" -> attributes.put(value.substring(0, value.indexOf('=')),
                            value.substring(value.indexOf('=') + 1));
                    default -> throw new AssertionError("unexpected body " + body);
                }
            }
            String id = a.get("id").asText();
            assertThat(id).startsWith(projectIri).contains(":annotation:");
            rows.add(new Row(d.id(), layer, Long.parseLong(id.substring(id.lastIndexOf(':') + 1)), start, end, exact,
                    category, subtypes, attributes, Instant.parse(a.get("created").asText()),
                    Instant.parse(a.get("modified").asText())));
        }
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected.rows());
    }

    /**
     * brat: per layer folder, the .txt is the text and each .ann line reads back: text-bound spans whose fragments,
     * in code points as BratFormat and the datasheet say, are the annotation cut at line breaks; subtypes as binary
     * attributes, one-of values as valued attributes, free text as annotator notes; annotation.conf declares them.
     */
    private void checkBrat(Bundle bundle, Expected expected) {
        String conf = bundle.text("brat/annotation.conf");
        assertThat(bundle.text("README.md")).contains("Offsets count Unicode code points");
        Map<String, List<String>> sections = confSections(conf);
        assertThat(sections.get("entities")).containsExactlyInAnyOrderElementsOf(expected.codebook().categories()
                .stream().map(CodebookDefinition.Category::key).toList());
        Map<String, Set<String>> valued = new HashMap<>();
        Set<String> binary = new TreeSet<>();
        for (String line : sections.get("attributes")) {
            String[] parts = line.split("\t");
            int values = parts[1].indexOf("Value:");
            if (values < 0) {
                binary.add(parts[0]);
            } else {
                valued.put(parts[0], Set.of(parts[1].substring(values + "Value:".length()).split("\\|")));
            }
        }
        assertThat(binary).containsExactlyInAnyOrderElementsOf(expected.codebook().subtypes().stream()
                .map(CodebookDefinition.Subtype::key).toList());

        Set<String> layerFolders = new TreeSet<>();
        List<Row> rows = new ArrayList<>();
        for (DbDocument d : expected.documents()) {
            for (DbLayer layer : expected.layersOf(d.id())) {
                String folder = "brat/" + layer.name() + "/";
                layerFolders.add(layer.name());
                String txt = bundle.onlyFile(folder, d.id(), ".txt");
                assertThat(bundle.text(txt)).isEqualTo(d.text());
                String ann = bundle.text(txt.replaceAll("\\.txt$", ".ann"));
                rows.addAll(bratRows(d, layer.name(), ann, binary, valued));
            }
        }
        assertThat(bundle.files().keySet()).filteredOn(p -> p.startsWith("brat/") && p.endsWith(".ann"))
                .hasSize(expected.layers().size());
        for (String folder : layerFolders) {
            assertThat(bundle.text("brat/" + folder + "/annotation.conf")).isEqualTo(conf);
        }
        // each span is the annotation cut at line breaks (brat's .ann is line-oriented), fragment by fragment
        List<Row> cut = new ArrayList<>();
        for (Row r : expected.rows()) {
            List<int[]> fragments = fragmentsAtLineBreaks(expected.document(r.documentId()).text(), r.start(),
                    r.end());
            assertThat(fragments).as("an annotation of more than line breaks").isNotEmpty();
            cut.add(new Row(r.documentId(), r.layer(), null, fragments.get(0)[0],
                    fragments.get(fragments.size() - 1)[1], fragments(fragments), r.category(), r.subtypes(),
                    r.attributes(), null, null));
        }
        assertThat(rows).containsExactlyInAnyOrderElementsOf(cut);
    }

    private static String fragments(List<int[]> fragments) {
        return fragments.stream().map(f -> f[0] + " " + f[1]).collect(Collectors.joining(";"));
    }

    /** The sections of a brat .conf file, without comments and blank lines. */
    private static Map<String, List<String>> confSections(String conf) {
        Map<String, List<String>> sections = new HashMap<>();
        List<String> current = null;
        for (String line : conf.split("\n")) {
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new ArrayList<>());
            } else if (!line.isBlank() && !line.startsWith("#")) {
                current.add(line);
            }
        }
        return sections;
    }

    /** The annotations of one .ann file; a row's quote holds the span's fragments ("start end;start end"). */
    private static List<Row> bratRows(DbDocument d, String layer, String ann, Set<String> binary,
                                      Map<String, Set<String>> valued) {
        record Span(String category, List<int[]> fragments) {
        }
        Map<String, Span> spans = new LinkedHashMap<>();
        Map<String, List<String>> subtypes = new HashMap<>();
        Map<String, Map<String, String>> attributes = new HashMap<>();
        for (String line : ann.isEmpty() ? new String[0] : ann.split("\n")) {
            String[] fields = line.split("\t", -1);
            if (line.startsWith("T")) {
                assertThat(fields).hasSize(3);
                String category = fields[1].substring(0, fields[1].indexOf(' '));
                List<int[]> fragments = new ArrayList<>();
                List<String> texts = new ArrayList<>();
                for (String fragment : fields[1].substring(category.length() + 1).split(";")) {
                    String[] offsets = fragment.split(" ");
                    int start = Integer.parseInt(offsets[0]);
                    int end = Integer.parseInt(offsets[1]);
                    assertThat(start).isLessThan(end);
                    fragments.add(new int[] {start, end});
                    texts.add(cut(d.text(), start, end));
                }
                assertThat(fields[2]).as(line).isEqualTo(String.join(" ", texts));
                spans.put(fields[0], new Span(category, fragments));
            } else if (line.startsWith("A")) {
                String[] parts = fields[1].split(" ");
                assertThat(spans).containsKey(parts[1]);
                if (parts.length == 2) {
                    assertThat(binary).contains(parts[0]);
                    subtypes.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(parts[0]);
                } else {
                    assertThat(parts).hasSize(3);
                    assertThat(valued.get(parts[0])).contains(parts[2]);
                    attributes.computeIfAbsent(parts[1], k -> new TreeMap<>()).put(parts[0], parts[2]);
                }
            } else {
                assertThat(line).startsWith("#");
                assertThat(fields).hasSize(3);
                String[] target = fields[1].split(" ");
                assertThat(target[0]).isEqualTo("AnnotatorNotes");
                String note = unescapeNote(fields[2]);
                attributes.computeIfAbsent(target[1], k -> new TreeMap<>())
                        .put(note.substring(0, note.indexOf(": ")), note.substring(note.indexOf(": ") + 2));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Span> e : spans.entrySet()) {
            List<int[]> fragments = e.getValue().fragments();
            rows.add(new Row(d.id(), layer, null, fragments.get(0)[0], fragments.get(fragments.size() - 1)[1],
                    fragments(fragments), e.getValue().category(),
                    subtypes.getOrDefault(e.getKey(), List.of()), attributes.getOrDefault(e.getKey(), Map.of()),
                    null, null));
        }
        return rows;
    }

    /** What Python's str.splitlines treats as line breaks, which brat's .ann reading uses. */
    private static boolean isLineBreak(int cp) {
        return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x1C || cp == 0x1D || cp == 0x1E
                || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
    }

    /** The parts of a code point span between line breaks. */
    private static List<int[]> fragmentsAtLineBreaks(String text, int start, int end) {
        int[] cps = text.codePoints().toArray();
        List<int[]> fragments = new ArrayList<>();
        int from = start;
        for (int i = start; i <= end; i++) {
            if (i == end || isLineBreak(cps[i])) {
                if (i > from) {
                    fragments.add(new int[] {from, i});
                }
                from = i + 1;
            }
        }
        return fragments;
    }

    private static String unescapeNote(String escaped) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char n = escaped.charAt(++i);
            switch (n) {
                case '\\' -> b.append('\\');
                case 't' -> b.append('\t');
                case 'n' -> b.append('\n');
                case 'u' -> {
                    b.append((char) Integer.parseInt(escaped.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new AssertionError("unknown escape \\" + n + " in " + escaped);
            }
        }
        return b.toString();
    }

    /**
     * CoNLL: per document, token rows whose offsets cut the token out of the text, and per layer a BIO column. By the
     * documented rule, annotations are taken in order of start, longer first, then id; one that shares a token with
     * one taken before, or covers no token, is listed on a "# overlaps:" line instead; every other one is a B- on the
     * first token it touches and I- on the rest.
     */
    private void checkConll(Bundle bundle, Expected expected) {
        assertThat(bundle.files().keySet()).filteredOn(p -> p.startsWith("conll/"))
                .hasSameSizeAs(expected.documents());
        for (DbDocument d : expected.documents()) {
            String file = bundle.text(bundle.onlyFile("conll/", d.id(), ".conll"));
            List<String> layerNames = expected.layersOf(d.id()).stream().map(DbLayer::name).toList();
            assertThat(file).startsWith("# document = " + d.id() + "\n");
            assertThat(file).contains("\n# layers = " + String.join(" ", layerNames) + "\n");
            List<int[]> tokens = new ArrayList<>(); // start, end, sentence
            List<String[]> tags = new ArrayList<>();
            Map<String, Integer> overlapSentence = new HashMap<>();
            int sentence = 0;
            for (String line : file.split("\n")) {
                if (line.startsWith("# sentence = ")) {
                    sentence = Integer.parseInt(line.substring("# sentence = ".length()));
                } else if (line.startsWith("# overlaps: ")) {
                    for (String item : line.substring("# overlaps: ".length()).split(" ")) {
                        overlapSentence.put(item, sentence);
                    }
                } else if (!line.isEmpty() && !line.startsWith("#")) {
                    String[] cols = line.split("\t", -1);
                    assertThat(cols).hasSize(4 + layerNames.size());
                    int start = Integer.parseInt(cols[2]);
                    int end = Integer.parseInt(cols[3]);
                    assertThat(cut(d.text(), start, end)).isEqualTo(cols[1]);
                    assertThat(cols[1]).doesNotContainPattern("\\s");
                    int first = cols[1].codePointAt(0);
                    assertThat(Character.getType(first)).as("token %s starts inside a character", cols[1])
                            .isNotIn((int) Character.NON_SPACING_MARK, (int) Character.ENCLOSING_MARK);
                    assertThat(first == 0x200D || (first >= 0x1F3FB && first <= 0x1F3FF)
                            || (first >= 0xFE00 && first <= 0xFE0F)).as("token %s starts inside an emoji", cols[1])
                            .isFalse();
                    if (!tokens.isEmpty()) {
                        assertThat(start).isGreaterThanOrEqualTo(tokens.get(tokens.size() - 1)[1]);
                    }
                    tokens.add(new int[] {start, end, sentence});
                    tags.add(Arrays.copyOfRange(cols, 4, cols.length));
                }
            }
            for (int l = 0; l < layerNames.size(); l++) {
                String layer = layerNames.get(l);
                List<Row> annotations = new ArrayList<>(expected.rowsOf(d.id(), layer));
                annotations.sort(Comparator.comparingInt(Row::start)
                        .thenComparing(Comparator.comparingInt((Row r) -> r.end() - r.start()).reversed())
                        .thenComparingLong(Row::id));
                boolean[] taken = new boolean[tokens.size()];
                Set<String> runsExpected = new TreeSet<>();
                Map<String, Integer> leftOut = new HashMap<>();
                for (Row a : annotations) {
                    List<Integer> touched = new ArrayList<>();
                    for (int t = 0; t < tokens.size(); t++) {
                        if (tokens.get(t)[1] > a.start() && tokens.get(t)[0] < a.end()) {
                            touched.add(t);
                        }
                    }
                    if (touched.isEmpty() || touched.stream().anyMatch(t -> taken[t])) {
                        int at = 0;
                        while (at < tokens.size() - 1 && tokens.get(at)[1] <= a.start()) {
                            at++;
                        }
                        leftOut.put(layer + ":" + a.id() + ":" + a.category() + ":" + a.start() + "-" + a.end(),
                                tokens.isEmpty() ? 0 : tokens.get(at)[2]);
                    } else {
                        touched.forEach(t -> taken[t] = true);
                        runsExpected.add(touched.get(0) + "-" + touched.get(touched.size() - 1) + " " + a.category());
                    }
                }
                Set<String> runsRead = new TreeSet<>();
                int runStart = -1;
                String runCategory = null;
                for (int t = 0; t <= tokens.size(); t++) {
                    String tag = t < tokens.size() ? tags.get(t)[l] : "O";
                    if (runCategory != null && !tag.equals("I-" + runCategory)) {
                        runsRead.add(runStart + "-" + (t - 1) + " " + runCategory);
                        runCategory = null;
                    }
                    if (tag.startsWith("B-")) {
                        runStart = t;
                        runCategory = tag.substring(2);
                    } else {
                        assertThat(tag).as("an I- tag continues its statement").matches("O|I-" + runCategory);
                    }
                }
                assertThat(runsRead).as(d.id() + " " + layer).isEqualTo(runsExpected);
                Map<String, Integer> listed = new HashMap<>(overlapSentence);
                listed.keySet().removeIf(item -> !item.startsWith(layer + ":"));
                assertThat(listed).as(d.id() + " " + layer + " overlaps").isEqualTo(leftOut);
            }
        }
    }

    /** UIMA XMI: each file loads with UIMA's deserializer into a CAS of the bundle's type system. */
    private void checkUimaXmi(Bundle bundle, Expected expected) throws Exception {
        var typeSystem = UIMAFramework.getXMLParser().parseTypeSystemDescription(new XMLInputSource(
                new ByteArrayInputStream(bundle.files().get("uima-xmi/TypeSystem.xml")), null));
        CAS cas = CasCreationUtils.createCas(typeSystem, null, null);
        Type claim = cas.getTypeSystem().getType("webanno.custom.Claim");
        Type layerInfo = cas.getTypeSystem().getType("org.claimscope.type.LayerInfo");
        Type documentInfo = cas.getTypeSystem().getType("org.claimscope.type.DocumentInfo");
        assertThat(bundle.files().keySet()).filteredOn(p -> p.endsWith(".xmi")).hasSameSizeAs(expected.documents());
        List<Row> rows = new ArrayList<>();
        for (DbDocument d : expected.documents()) {
            cas.reset();
            XmiCasDeserializer.deserialize(new ByteArrayInputStream(bundle.files().get(bundle.onlyFile("uima-xmi/",
                    d.id(), ".xmi"))), cas);
            String text = cas.getDocumentText();
            assertThat(text).isEqualTo(d.text());
            assertThat(cas.getDocumentLanguage()).isEqualTo(d.language() == null ? "x-unspecified" : d.language());
            var infos = cas.select(documentInfo).asList();
            assertThat(infos).hasSize(1);
            assertThat(infos.get(0).getLongValue(documentInfo.getFeatureByBaseName("documentId"))).isEqualTo(d.id());
            assertThat(string(infos.get(0), "textSha256")).isEqualTo(d.textSha256());
            List<String> layers = new ArrayList<>();
            for (FeatureStructure info : cas.select(layerInfo).asList()) {
                layers.add(string(info, "name") + " " + string(info, "state") + " "
                        + info.getIntValue(layerInfo.getFeatureByBaseName("claimCount")));
            }
            assertThat(layers).containsExactlyInAnyOrderElementsOf(expected.layersOf(d.id()).stream()
                    .map(l -> l.name() + " " + l.state() + " " + expected.rowsOf(d.id(), l.name()).size()).toList());
            for (org.apache.uima.jcas.tcas.Annotation fs
                    : cas.<org.apache.uima.jcas.tcas.Annotation>select(claim).asList()) {
                // UIMA counts UTF-16 units; Claimscope's offsets are code points
                int start = text.codePointCount(0, fs.getBegin());
                int end = text.codePointCount(0, fs.getEnd());
                assertThat(fs.getCoveredText()).isEqualTo(string(fs, "quote")).isEqualTo(cut(text, start, end));
                Map<String, String> attributes = new TreeMap<>();
                for (String pair : strings(fs, "attributes")) {
                    attributes.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
                String layer = string(fs, "layer");
                assertThat(string(fs, "creator")).isEqualTo(layer);
                rows.add(new Row(d.id(), layer, fs.getLongValue(claim.getFeatureByBaseName("claimscopeId")), start,
                        end, fs.getCoveredText(), string(fs, "category"), strings(fs, "subtypes"), attributes,
                        Instant.parse(string(fs, "createdAt")), Instant.parse(string(fs, "updatedAt"))));
            }
        }
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected.rows());
    }

    private static String string(FeatureStructure fs, String feature) {
        return fs.getStringValue(fs.getType().getFeatureByBaseName(feature));
    }

    private static List<String> strings(FeatureStructure fs, String feature) {
        StringArrayFS array = (StringArrayFS) fs.getFeatureValue(fs.getType().getFeatureByBaseName(feature));
        return array == null ? List.of() : List.of(array.toArray());
    }
}
