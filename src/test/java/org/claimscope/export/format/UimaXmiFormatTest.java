package org.claimscope.export.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.uima.UIMAFramework;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.FeatureStructure;
import org.apache.uima.cas.StringArrayFS;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.impl.XmiCasDeserializer;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.jcas.cas.TOP;
import org.apache.uima.jcas.tcas.Annotation;
import org.apache.uima.resource.metadata.TypeSystemDescription;
import org.apache.uima.util.CasCreationUtils;
import org.apache.uima.util.XMLInputSource;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.codebook.CodebookDefinition.Attribute;
import org.claimscope.codebook.CodebookDefinition.AttributeType;
import org.claimscope.codebook.CodebookDefinition.Category;
import org.claimscope.codebook.CodebookDefinition.Subtype;
import org.claimscope.codebook.CodebookDefinition.Value;
import org.claimscope.export.model.BundleSink;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportContext;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.junit.jupiter.api.Test;

class UimaXmiFormatTest {

    /** An export bundle in memory: entry path to bytes, in the order written; one entry open at a time. */
    static final class MemorySink implements BundleSink {
        final Map<String, byte[]> entries = new LinkedHashMap<>();
        private boolean open;

        @Override
        public OutputStream open(String path) {
            assertThat(open).as("one entry open at a time").isFalse();
            assertThat(entries).as("entry written twice").doesNotContainKey(path);
            open = true;
            return new ByteArrayOutputStream() {
                private boolean closed;

                @Override
                public void close() {
                    assertThat(closed).as("entry " + path + " closed twice").isFalse();
                    closed = true;
                    open = false;
                    entries.put(path, toByteArray());
                }
            };
        }
    }

    /** A small corpus with the texts that tell code points from UTF-16 code units. */
    static final class Fixture {
        static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");
        static final Instant T1 = Instant.parse("2026-03-02T08:00:00Z");

        static CodebookDefinition codebook() {
            return new CodebookDefinition("Legal and policy claims",
                    List.of(new Category("LEGAL_ASSERTION", "Legal assertion", "#2563eb", "1", "A legal claim.", false),
                            new Category("EXPERT_OPINION", "Expert opinion", "#059669", "2", "An expert's view.", false),
                            new Category("OLD_CLAIM", "Old claim", "#999999", null, "No longer used.", true)),
                    List.of(new Subtype("SELF_DEFENSE", "Self-defence", "Imminence.", false),
                            new Subtype("WAR_POWERS", "War powers", "Authorisation.", false)),
                    List.of(new Attribute("speaker", "Speaker", AttributeType.TEXT, List.of(), "Who."),
                            new Attribute("stance", "Stance", AttributeType.ONE_OF,
                                    List.of(new Value("ASSERTS_LAWFUL", "Asserts lawful", false),
                                            new Value("QUESTIONS", "Questions", false)), "View."),
                            new Attribute("hedged", "Hedged", AttributeType.BOOLEAN, List.of(), "Hedge.")));
        }

        static ExportContext context() {
            return new ExportContext(7, "Strikes 2026", codebook(), 3, Instant.parse("2026-04-01T12:00:00Z"));
        }

        static ExportAnnotation annotation(long id, String text, String quote, int occurrence, String category,
                                           List<String> subtypes, Map<String, String> attributes, String creator) {
            int index = -1;
            for (int i = 0; i <= occurrence; i++) {
                index = text.indexOf(quote, index + 1);
            }
            assertThat(index).as("quote in fixture text").isNotNegative();
            int start = text.codePointCount(0, index);
            int end = start + quote.codePointCount(0, quote.length());
            return new ExportAnnotation(id, start, end, quote, category, subtypes, attributes, creator, T0, T1);
        }

        // emoji: a flag (two regional indicators, four UTF-16 units) and a thumbs-up with a skin tone modifier
        static final String EMOJI_TEXT = "🇺🇸 Officials said the strike was lawful 👍🏽. "
                + "Experts 🇺🇸 disagreed: \"it is a war crime\".";
        // decomposed accents (e + U+0301) and composed ones, in one text
        static final String ACCENT_TEXT = "Le ministre de\u0301clara que la fra\u0302pe e\u0301tait le\u0301gitime. "
                + "Un expert a jugé l'opération illégale.";
        // Arabic, right to left, with an emoji and Latin in it
        static final String ARABIC_TEXT = "قال المسؤولون إن الضربة كانت قانونية 👍🏽. وقال الخبراء: «هذه جريمة حرب» (Reuters).";

        static ExportDocument emojiDocument() {
            String t = EMOJI_TEXT;
            ExportLayer curated = new ExportLayer(ExportLayer.CURATED, true, "FINISHED", List.of(
                    annotation(11, t, "🇺🇸 Officials said the strike was lawful 👍🏽", 0, "LEGAL_ASSERTION",
                            List.of("SELF_DEFENSE", "WAR_POWERS"),
                            Map.of("stance", "ASSERTS_LAWFUL", "speaker", "officials = US", "hedged", "false"),
                            "curated"),
                    annotation(12, t, "🇺🇸 disagreed: \"it is a war crime\"", 0, "EXPERT_OPINION", List.of(),
                            Map.of(), "curated")));
            ExportLayer a1 = new ExportLayer("A1", false, "FINISHED", List.of(
                    annotation(21, t, "👍🏽", 0, "OLD_CLAIM", List.of("WAR_POWERS"), Map.of("stance", "QUESTIONS"), "A1")));
            ExportLayer a2 = new ExportLayer("A2", false, "NEW", List.of());
            return new ExportDocument(42, "Strike called lawful", "A. Writer", "2026-02-28", "Example News",
                    "https://news.example/strike", "en", "text/html", "cia strike report.html",
                    "ab".repeat(32), t, List.of(curated, a1, a2));
        }

        static ExportDocument accentDocument() {
            String t = ACCENT_TEXT;
            ExportLayer curated = new ExportLayer(ExportLayer.CURATED, true, "IN_PROGRESS", List.of(
                    annotation(31, t, "de\u0301clara que la fra\u0302pe e\u0301tait le\u0301gitime", 0,
                            "LEGAL_ASSERTION", List.of("SELF_DEFENSE"), Map.of("speaker", "le ministre"), "curated"),
                    annotation(32, t, "l'opération illégale", 0, "EXPERT_OPINION", List.of(),
                            Map.of("hedged", "true"), "curated")));
            return new ExportDocument(43, "Frappe légitime", null, null, null, null, "fr", "text/plain",
                    "frappe.txt", "cd".repeat(32), t, List.of(curated));
        }

        static ExportDocument arabicDocument() {
            String t = ARABIC_TEXT;
            ExportLayer a1 = new ExportLayer("A1", false, "IN_PROGRESS", List.of(
                    annotation(41, t, "الضربة كانت قانونية 👍🏽", 0, "LEGAL_ASSERTION", List.of(), Map.of(), "A1"),
                    annotation(42, t, "«هذه جريمة حرب»", 0, "EXPERT_OPINION", List.of("WAR_POWERS"),
                            Map.of("speaker", "الخبراء"), "A1")));
            return new ExportDocument(44, "ضربة", null, null, "الجزيرة", null, "ar", "text/html", "ضربة.html",
                    "ef".repeat(32), t, List.of(a1));
        }

        static List<ExportDocument> documents() {
            return List.of(emojiDocument(), accentDocument(), arabicDocument());
        }
    }

    private static MemorySink export(List<ExportDocument> documents) throws IOException {
        MemorySink sink = new MemorySink();
        UimaXmiFormat format = new UimaXmiFormat();
        format.start(Fixture.context(), sink);
        for (ExportDocument document : documents) {
            format.document(document);
        }
        format.finish();
        return sink;
    }

    private static CAS load(MemorySink sink, String path) throws Exception {
        TypeSystemDescription typeSystem = UIMAFramework.getXMLParser().parseTypeSystemDescription(
                new XMLInputSource(new ByteArrayInputStream(sink.entries.get("uima-xmi/TypeSystem.xml")), null));
        CAS cas = CasCreationUtils.createCas(typeSystem, null, null);
        assertThat(sink.entries).containsKey(path);
        XmiCasDeserializer.deserialize(new ByteArrayInputStream(sink.entries.get(path)), cas);
        return cas;
    }

    private static String string(FeatureStructure fs, String feature) {
        return fs.getStringValue(fs.getType().getFeatureByBaseName(feature));
    }

    private static List<String> strings(FeatureStructure fs, String feature) {
        StringArrayFS array = (StringArrayFS) fs.getFeatureValue(fs.getType().getFeatureByBaseName(feature));
        return array == null ? List.of() : Arrays.asList(array.toArray());
    }

    @Test
    void everyAnnotationAndTheDocumentInfoReadBackWithUimasOwnDeserializer() throws Exception {
        MemorySink sink = export(Fixture.documents());

        for (ExportDocument document : Fixture.documents()) {
            CAS cas = load(sink, "uima-xmi/" + document.safeName() + ".xmi");
            assertThat(cas.getDocumentText()).isEqualTo(document.text());
            assertThat(cas.getDocumentLanguage()).isEqualTo(document.language());

            assertThat(cas.select(CAS.TYPE_NAME_DOCUMENT_ANNOTATION).count()).isEqualTo(1);
            AnnotationFS meta = cas.getDocumentAnnotation();
            assertThat(meta.getType().getName()).isEqualTo(UimaXmiFormat.DOCUMENT_META_DATA_TYPE);
            assertThat(string(meta, "documentTitle")).isEqualTo(document.title());
            assertThat(string(meta, "documentId")).isEqualTo(document.safeName());
            assertThat(meta.getEnd()).isEqualTo(document.text().length());

            Type infoType = cas.getTypeSystem().getType(UimaXmiFormat.DOCUMENT_INFO_TYPE);
            List<TOP> infos = cas.select(infoType).asList();
            assertThat(infos).hasSize(1);
            FeatureStructure info = infos.get(0);
            assertThat(info.getLongValue(infoType.getFeatureByBaseName("documentId"))).isEqualTo(document.id());
            assertThat(string(info, "title")).isEqualTo(document.title());
            assertThat(string(info, "author")).isEqualTo(document.author());
            assertThat(string(info, "siteName")).isEqualTo(document.siteName());
            assertThat(string(info, "publishedAt")).isEqualTo(document.publishedAt());
            assertThat(string(info, "sourceUrl")).isEqualTo(document.sourceUrl());
            assertThat(string(info, "fileName")).isEqualTo(document.fileName());
            assertThat(string(info, "textSha256")).isEqualTo(document.textSha256());
            assertThat(string(info, "projectName")).isEqualTo("Strikes 2026");
            assertThat(info.getLongValue(infoType.getFeatureByBaseName("codebookVersion"))).isEqualTo(3);

            Type layerType = cas.getTypeSystem().getType(UimaXmiFormat.LAYER_INFO_TYPE);
            List<String> layers = new ArrayList<>();
            for (FeatureStructure layer : cas.select(layerType)) {
                layers.add(string(layer, "name") + " " + string(layer, "state") + " "
                        + layer.getBooleanValue(layerType.getFeatureByBaseName("curated")) + " "
                        + layer.getIntValue(layerType.getFeatureByBaseName("claimCount")));
            }
            assertThat(layers).containsExactlyInAnyOrderElementsOf(document.layers().stream()
                    .map(l -> l.name() + " " + l.state() + " " + l.curated() + " " + l.annotations().size())
                    .toList());

            Type claimType = cas.getTypeSystem().getType(UimaXmiFormat.CLAIM_TYPE);
            Feature idFeature = claimType.getFeatureByBaseName("claimscopeId");
            Map<Long, AnnotationFS> claims = new TreeMap<>();
            for (AnnotationFS claim : cas.<Annotation>select(claimType)) {
                claims.put(claim.getLongValue(idFeature), claim);
            }
            List<ExportAnnotation> expected = document.layers().stream().flatMap(l -> l.annotations().stream())
                    .toList();
            assertThat(claims).hasSize(expected.size());
            for (ExportLayer layer : document.layers()) {
                for (ExportAnnotation annotation : layer.annotations()) {
                    AnnotationFS claim = claims.get(annotation.id());
                    assertThat(claim).as("claim %d", annotation.id()).isNotNull();
                    // UIMA offsets are UTF-16 indices: the covered text is exactly the quote
                    assertThat(cas.getDocumentText().substring(claim.getBegin(), claim.getEnd()))
                            .isEqualTo(annotation.quote());
                    assertThat(claim.getCoveredText()).isEqualTo(annotation.quote());
                    assertThat(document.text().codePointCount(0, claim.getBegin())).isEqualTo(annotation.start());
                    assertThat(document.text().codePointCount(0, claim.getEnd())).isEqualTo(annotation.end());
                    assertThat(string(claim, "quote")).isEqualTo(annotation.quote());
                    assertThat(string(claim, "category")).isEqualTo(annotation.category());
                    assertThat(strings(claim, "subtypes")).isEqualTo(annotation.subtypes());
                    Map<String, String> attributes = new TreeMap<>();
                    for (String pair : strings(claim, "attributes")) {
                        int eq = pair.indexOf('=');
                        attributes.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                    assertThat(attributes).isEqualTo(annotation.attributes());
                    assertThat(string(claim, "layer")).isEqualTo(layer.name());
                    assertThat(string(claim, "creator")).isEqualTo(annotation.creator());
                    assertThat(string(claim, "createdAt")).isEqualTo("2026-03-01T10:15:30Z");
                    assertThat(string(claim, "updatedAt")).isEqualTo("2026-03-02T08:00:00Z");
                }
            }
        }
    }

    @Test
    void theEmojiDocumentHasUtf16OffsetsThatDifferFromCodePoints() throws Exception {
        MemorySink sink = export(List.of(Fixture.emojiDocument()));
        CAS cas = load(sink, "uima-xmi/00042_cia_strike_report.xmi");
        Type claimType = cas.getTypeSystem().getType(UimaXmiFormat.CLAIM_TYPE);
        AnnotationFS thumbs = cas.<Annotation>select(claimType)
                .filter(c -> c.getLongValue(claimType.getFeatureByBaseName("claimscopeId")) == 21).findFirst().orElseThrow();
        ExportAnnotation model = Fixture.emojiDocument().layers().get(1).annotations().get(0);
        assertThat(thumbs.getBegin()).isGreaterThan(model.start());
        assertThat(thumbs.getEnd() - thumbs.getBegin()).isEqualTo(4); // 👍🏽 is two code points, four UTF-16 units
        assertThat(model.end() - model.start()).isEqualTo(2);
        assertThat(UimaXmiFormat.utf16Offset(Fixture.EMOJI_TEXT, 1)).isEqualTo(2);
    }

    @Test
    void anEmptyLayerIsDeclaredButHoldsNoClaims() throws Exception {
        MemorySink sink = export(List.of(Fixture.emojiDocument()));
        CAS cas = load(sink, "uima-xmi/00042_cia_strike_report.xmi");
        Type claimType = cas.getTypeSystem().getType(UimaXmiFormat.CLAIM_TYPE);
        assertThat(cas.<Annotation>select(claimType).filter(c -> "A2".equals(string(c, "layer"))).count())
                .isZero();
        Type layerType = cas.getTypeSystem().getType(UimaXmiFormat.LAYER_INFO_TYPE);
        assertThat(cas.select(layerType).filter(l -> "A2".equals(string(l, "name"))).count()).isEqualTo(1);
    }

    @Test
    void aRetiredCategoryIsWrittenAndNamedInTheTagSet() throws Exception {
        MemorySink sink = export(List.of(Fixture.emojiDocument()));
        CAS cas = load(sink, "uima-xmi/00042_cia_strike_report.xmi");
        Type claimType = cas.getTypeSystem().getType(UimaXmiFormat.CLAIM_TYPE);
        assertThat(cas.<Annotation>select(claimType).map(c -> string(c, "category")).toList())
                .contains("OLD_CLAIM");
        JsonObject project = project(sink);
        JsonObject categories = tagSet(project, UimaXmiFormat.CATEGORY_TAG_SET);
        assertThat(categories.getJsonArray("tags").stream().map(JsonValue::asJsonObject)
                .filter(t -> t.getString("tag_name").equals("OLD_CLAIM")).findFirst().orElseThrow()
                .getString("tag_description")).startsWith("(retired)");
    }

    @Test
    void anEmptyCorpusHasTheTypeSystemAndTheProjectOnly() throws Exception {
        MemorySink sink = export(List.of());
        assertThat(sink.entries.keySet()).containsExactly("uima-xmi/TypeSystem.xml",
                "uima-xmi/inception-project/exportedproject.json", "uima-xmi/inception-project.zip");
        assertThat(new String(sink.entries.get("uima-xmi/TypeSystem.xml"), StandardCharsets.UTF_8))
                .contains("webanno.custom.Claim");
    }

    @Test
    void theInceptionProjectDeclaresTheClaimLayerWithEveryCodebookCategory() throws Exception {
        MemorySink sink = export(Fixture.documents());
        JsonObject project = project(sink);
        assertThat(project.getString("name")).isEqualTo("Strikes 2026");
        assertThat(project.getString("slug")).isEqualTo("strikes-2026");
        assertThat(project.getString("mode")).isEqualTo("ANNOTATION");

        JsonObject categories = tagSet(project, UimaXmiFormat.CATEGORY_TAG_SET);
        assertThat(categories.getJsonArray("tags").stream()
                .map(t -> t.asJsonObject().getString("tag_name")).toList())
                .containsExactlyElementsOf(Fixture.codebook().categories().stream().map(Category::key).toList());
        assertThat(categories.getBoolean("create_tag")).isFalse();
        assertThat(tagSet(project, UimaXmiFormat.ATTRIBUTE_TAG_SET).getJsonArray("tags").stream()
                .map(t -> t.asJsonObject().getString("tag_name")).toList())
                .containsExactly("stance=ASSERTS_LAWFUL", "stance=QUESTIONS", "hedged=true", "hedged=false");

        JsonObject layer = project.getJsonArray("layers").get(0).asJsonObject();
        assertThat(layer.getString("name")).isEqualTo(UimaXmiFormat.CLAIM_TYPE);
        assertThat(layer.getString("type")).isEqualTo("span");
        assertThat(layer.getString("anchoring_mode")).isEqualTo("CHARACTERS");
        Map<String, JsonObject> features = new LinkedHashMap<>();
        layer.getJsonArray("features").forEach(f -> features.put(f.asJsonObject().getString("name"), f.asJsonObject()));
        assertThat(features).containsOnlyKeys("category", "subtypes", "attributes", "layer", "creator");
        assertThat(features.get("category").getJsonObject("tag_set").getString("name"))
                .isEqualTo(UimaXmiFormat.CATEGORY_TAG_SET);
        assertThat(features.get("subtypes").getString("type")).isEqualTo("uima.cas.StringArray");
        assertThat(features.get("subtypes").getString("multi_value_mode")).isEqualTo("ARRAY");

        // the ZIP holds the same definition at its root, where INCEpTION looks for it
        try (var zip = new java.util.zip.ZipInputStream(new ByteArrayInputStream(
                sink.entries.get("uima-xmi/inception-project.zip")))) {
            assertThat(zip.getNextEntry().getName()).isEqualTo("exportedproject.json");
            assertThat(zip.readAllBytes()).isEqualTo(sink.entries.get("uima-xmi/inception-project/exportedproject.json"));
            assertThat(zip.getNextEntry()).isNull();
        }

        // every feature the layer declares exists in the XMI type system with the same range
        TypeSystemDescription typeSystem = UIMAFramework.getXMLParser().parseTypeSystemDescription(
                new XMLInputSource(new ByteArrayInputStream(sink.entries.get("uima-xmi/TypeSystem.xml")), null));
        var claim = typeSystem.getType(UimaXmiFormat.CLAIM_TYPE);
        for (JsonObject feature : features.values()) {
            assertThat(Arrays.stream(claim.getFeatures())
                    .filter(f -> f.getName().equals(feature.getString("name")))
                    .map(f -> f.getRangeTypeName()).toList()).containsExactly(feature.getString("type"));
        }
    }

    @Test
    void controlCharactersXml10CannotCarryAreWrittenAsXml11() throws Exception {
        String text = "A\u0001B said it was lawful.";
        ExportLayer layer = new ExportLayer(ExportLayer.CURATED, true, "FINISHED", List.of(Fixture.annotation(1,
                text, "it was lawful", 0, "LEGAL_ASSERTION", List.of(), Map.of(), "curated")));
        ExportDocument document = new ExportDocument(5, "t", null, null, null, null, "en", "text/plain", "c.txt",
                "00".repeat(32), text, List.of(layer));
        MemorySink sink = export(List.of(document));
        assertThat(new String(sink.entries.get("uima-xmi/00005_c.xmi"), StandardCharsets.UTF_8))
                .startsWith("<?xml version=\"1.1\"");
        CAS cas = load(sink, "uima-xmi/00005_c.xmi");
        assertThat(cas.getDocumentText()).isEqualTo(text);
    }

    @Test
    void anAnnotationOutsideTheTextIsRefused() throws Exception {
        ExportLayer layer = new ExportLayer(ExportLayer.CURATED, true, "FINISHED", List.of(new ExportAnnotation(1, 2,
                99, "x", "LEGAL_ASSERTION", List.of(), Map.of(), "curated", null, null)));
        UimaXmiFormat format = new UimaXmiFormat();
        format.start(Fixture.context(), new MemorySink());
        assertThatThrownBy(() -> format.document(new ExportDocument(6, "t", null, null, null, null, null, null,
                "d.txt", null, "short", List.of(layer)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("annotation 1");
    }

    @Test
    void theTypeSystemResourceParsesAndDescribeExplainsTheOffsets() {
        assertThat(UimaXmiFormat.typeSystem().getType(UimaXmiFormat.CLAIM_TYPE)).isNotNull();
        assertThat(new UimaXmiFormat().key()).isEqualTo("uima-xmi");
        assertThat(new UimaXmiFormat().folder()).isEqualTo("uima-xmi/");
        assertThat(new UimaXmiFormat().describe()).contains("UTF-16", "load_cas_from_xmi", "INCEpTION",
                "exportedproject.json");
    }

    private static JsonObject project(MemorySink sink) {
        return Json.createReader(new ByteArrayInputStream(
                sink.entries.get("uima-xmi/inception-project/exportedproject.json"))).readObject();
    }

    private static JsonObject tagSet(JsonObject project, String name) {
        return project.getJsonArray("tag_sets").stream().map(JsonValue::asJsonObject)
                .filter(t -> ((JsonString) t.get("name")).getString().equals(name)).findFirst().orElseThrow();
    }
}
