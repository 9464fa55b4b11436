package org.claimscope.export.format;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.transform.OutputKeys;
import org.apache.uima.UIMAFramework;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.FeatureStructure;
import org.apache.uima.cas.StringArrayFS;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.TypeSystem;
import org.apache.uima.cas.impl.XmiCasSerializer;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.resource.metadata.TypeSystemDescription;
import org.apache.uima.util.CasCreationUtils;
import org.apache.uima.util.InvalidXMLException;
import org.apache.uima.util.XMLInputSource;
import org.apache.uima.util.XMLSerializer;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.export.model.BundleSink;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportContext;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.claimscope.export.model.FormatWriter;
import org.xml.sax.SAXException;

/**
 * The corpus as UIMA CAS XMI, written with UIMA's own {@link XmiCasSerializer}: one {@code uima-xmi/<safeName>.xmi}
 * per document holding the document text as the sofa, the document language, and every exported layer's claims as
 * {@code webanno.custom.Claim} annotations (the layer is a feature); {@code uima-xmi/TypeSystem.xml}, Claimscope's
 * type system ({@link #TYPE_SYSTEM_RESOURCE}); and {@code uima-xmi/inception-project/exportedproject.json}, a project
 * definition INCEpTION can import (also zipped as {@code uima-xmi/inception-project.zip}, ready for import) (the custom span layer {@code webanno.custom.Claim} and tag sets made from the
 * codebook).
 * <p>
 * Offsets: UIMA's {@code begin} and {@code end} are UTF-16 code unit indices into the sofa string (Java string
 * indices), not the Unicode code points Claimscope counts; this writer converts them with
 * {@link String#offsetByCodePoints}, so {@code getCoveredText()} is exactly the quote.
 * <p>
 * The Claim type is named the way INCEpTION names custom span layers, so that INCEpTION shows the annotations of an
 * imported XMI file in a project that declares the layer. Codebook attributes differ between projects, so they are
 * one generic string array of {@code key=value} (INCEpTION shows it as a multi-value string feature) rather than one
 * feature per attribute; the type system is therefore the same for every project.
 * <p>
 * A writer is used for one export: {@link #start}, {@link #document} per document, {@link #finish}. It keeps one CAS
 * and reuses it for every document; it keeps no documents.
 */
public final class UimaXmiFormat implements FormatWriter {
    public static final String KEY = "uima-xmi";
    /** Claimscope's type system on the class path; also written as {@code uima-xmi/TypeSystem.xml}. */
    public static final String TYPE_SYSTEM_RESOURCE = "/org/claimscope/export/ClaimscopeTypeSystem.xml";
    public static final String TYPE_SYSTEM_FILE = "TypeSystem.xml";
    public static final String INCEPTION_PROJECT_FILE = "inception-project/exportedproject.json";
    /** The same project definition as a ZIP that INCEpTION imports as it is (Import project). */
    public static final String INCEPTION_PROJECT_ZIP = "inception-project.zip";

    public static final String CLAIM_TYPE = "webanno.custom.Claim";
    public static final String DOCUMENT_INFO_TYPE = "org.claimscope.type.DocumentInfo";
    public static final String LAYER_INFO_TYPE = "org.claimscope.type.LayerInfo";
    public static final String DOCUMENT_META_DATA_TYPE = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData";

    /** The tag set names of the INCEpTION project definition. */
    public static final String CATEGORY_TAG_SET = "Claimscope categories";
    public static final String SUBTYPE_TAG_SET = "Claimscope subtypes";
    public static final String ATTRIBUTE_TAG_SET = "Claimscope attributes";

    private BundleSink sink;
    private ExportContext context;
    private CAS cas;
    private Types types;
    private int documents;

    @Override
    public String key() {
        return KEY;
    }

    /**
     * Claimscope's type system, parsed with UIMA's own XML parser from {@link #TYPE_SYSTEM_RESOURCE}.
     */
    public static TypeSystemDescription typeSystem() {
        return parseTypeSystem(typeSystemBytes());
    }

    private static byte[] typeSystemBytes() {
        try (InputStream in = UimaXmiFormat.class.getResourceAsStream(TYPE_SYSTEM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + TYPE_SYSTEM_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TypeSystemDescription parseTypeSystem(byte[] xml) {
        try {
            return UIMAFramework.getXMLParser().parseTypeSystemDescription(
                    new XMLInputSource(new ByteArrayInputStream(xml), null));
        } catch (InvalidXMLException e) {
            throw new IllegalStateException("Claimscope's UIMA type system does not parse", e);
        }
    }

    /**
     * The UTF-16 index (Java string index, UIMA offset) of a Unicode code point offset into {@code text}.
     *
     * @throws IndexOutOfBoundsException if the text has fewer code points
     */
    public static int utf16Offset(String text, int codePointOffset) {
        return text.offsetByCodePoints(0, codePointOffset);
    }

    @Override
    public void start(ExportContext context, BundleSink sink) throws IOException {
        this.context = context;
        this.sink = sink;
        this.documents = 0;
        byte[] typeSystemXml = typeSystemBytes();
        try {
            cas = CasCreationUtils.createCas(parseTypeSystem(typeSystemXml), null, null);
        } catch (ResourceInitializationException e) {
            throw new IllegalStateException("cannot create a UIMA CAS with Claimscope's type system", e);
        }
        types = new Types(cas.getTypeSystem());
        try (OutputStream out = sink.open(folder() + TYPE_SYSTEM_FILE)) {
            out.write(typeSystemXml);
        }
        java.io.ByteArrayOutputStream project = new java.io.ByteArrayOutputStream();
        writeInceptionProject(project);
        try (OutputStream out = sink.open(folder() + INCEPTION_PROJECT_FILE)) {
            project.writeTo(out);
        }
        try (OutputStream out = sink.open(folder() + INCEPTION_PROJECT_ZIP)) {
            java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out);
            zip.putNextEntry(new java.util.zip.ZipEntry("exportedproject.json"));
            project.writeTo(zip);
            zip.closeEntry();
            zip.finish(); // closing the entry's stream is the caller's; closing zip too would close it twice
        }
    }

    @Override
    public void document(ExportDocument document) throws IOException {
        if (cas == null) {
            throw new IllegalStateException("start() first");
        }
        cas.reset();
        String text = document.text() == null ? "" : document.text();
        cas.setDocumentText(text);

        // DKPro Core's DocumentMetaData as the document annotation (DKPro's DocumentMetaData.create does the same)
        AnnotationFS meta = cas.createAnnotation(types.documentMetaData, 0, text.length());
        String language = document.language() == null || document.language().isBlank()
                ? "x-unspecified" : document.language();
        meta.setStringValue(types.documentLanguage, language);
        setString(meta, "documentTitle", document.title());
        setString(meta, "documentId", document.safeName());
        setString(meta, "documentUri", document.sourceUrl());
        setString(meta, "collectionId", context.projectName());
        meta.setBooleanValue(types.documentMetaData.getFeatureByBaseName("isLastSegment"), false);
        // UIMA may already have made a plain DocumentAnnotation: there must be one document annotation only
        for (FeatureStructure existing : cas.select(CAS.TYPE_NAME_DOCUMENT_ANNOTATION).asList()) {
            cas.removeFsFromIndexes(existing);
        }
        cas.addFsToIndexes(meta);

        FeatureStructure info = cas.createFS(types.documentInfo);
        info.setLongValue(types.documentInfo.getFeatureByBaseName("documentId"), document.id());
        setString(info, "title", document.title());
        setString(info, "author", document.author());
        setString(info, "siteName", document.siteName());
        setString(info, "publishedAt", document.publishedAt());
        setString(info, "sourceUrl", document.sourceUrl());
        setString(info, "fileName", document.fileName());
        setString(info, "mediaType", document.mediaType());
        setString(info, "textSha256", document.textSha256());
        info.setLongValue(types.documentInfo.getFeatureByBaseName("projectId"), context.projectId());
        setString(info, "projectName", context.projectName());
        info.setLongValue(types.documentInfo.getFeatureByBaseName("codebookVersion"), context.codebookVersion());
        setString(info, "exportedAt", instant(context.exportedAt()));
        cas.addFsToIndexes(info);

        for (ExportLayer layer : document.layers()) {
            FeatureStructure layerInfo = cas.createFS(types.layerInfo);
            setString(layerInfo, "name", layer.name());
            layerInfo.setBooleanValue(types.layerInfo.getFeatureByBaseName("curated"), layer.curated());
            setString(layerInfo, "state", layer.state());
            layerInfo.setIntValue(types.layerInfo.getFeatureByBaseName("claimCount"), layer.annotations().size());
            cas.addFsToIndexes(layerInfo);
            for (ExportAnnotation annotation : layer.annotations()) {
                addClaim(text, layer, annotation);
            }
        }

        String path = folder() + document.safeName() + ".xmi";
        try (OutputStream out = sink.open(path)) {
            serialize(out, needsXml11(text));
        } catch (SAXException e) {
            throw new IOException("cannot write " + path + ": " + e.getMessage(), e);
        }
        documents++;
    }

    private void addClaim(String text, ExportLayer layer, ExportAnnotation annotation) {
        int begin;
        int end;
        try {
            begin = text.offsetByCodePoints(0, annotation.start());
            end = text.offsetByCodePoints(begin, annotation.end() - annotation.start());
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("annotation " + annotation.id() + " [" + annotation.start() + ", "
                    + annotation.end() + ") lies outside the text of its document", e);
        }
        AnnotationFS claim = cas.createAnnotation(types.claim, begin, end);
        setString(claim, "category", annotation.category());
        claim.setFeatureValue(types.claim.getFeatureByBaseName("subtypes"), stringArray(annotation.subtypes()));
        claim.setFeatureValue(types.claim.getFeatureByBaseName("attributes"), stringArray(
                annotation.attributes().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        setString(claim, "layer", layer.name());
        claim.setLongValue(types.claim.getFeatureByBaseName("claimscopeId"), annotation.id());
        setString(claim, "quote", annotation.quote());
        setString(claim, "creator", annotation.creator());
        setString(claim, "createdAt", instant(annotation.createdAt()));
        setString(claim, "updatedAt", instant(annotation.updatedAt()));
        cas.addFsToIndexes(claim);
    }

    private StringArrayFS stringArray(List<String> values) {
        StringArrayFS array = cas.createStringArrayFS(values.size());
        for (int i = 0; i < values.size(); i++) {
            array.set(i, values.get(i));
        }
        return array;
    }

    private static void setString(FeatureStructure fs, String feature, String value) {
        fs.setStringValue(fs.getType().getFeatureByBaseName(feature), value);
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private void serialize(OutputStream out, boolean xml11) throws SAXException {
        XMLSerializer xml = new XMLSerializer(out, false);
        if (xml11) {
            xml.setOutputProperty(OutputKeys.VERSION, "1.1");
        }
        new XmiCasSerializer(cas.getTypeSystem()).serialize(cas, xml.getContentHandler());
    }

    /**
     * Whether the text holds characters XML 1.0 cannot carry (control characters other than tab, line feed and
     * carriage return); such a document is written as XML 1.1, which can.
     */
    static boolean needsXml11(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void finish() {
        cas = null;
        types = null;
    }

    /** How many documents were written since {@link #start}. */
    public int documentCount() {
        return documents;
    }

    // ---- INCEpTION project definition ----------------------------------------------------------------------------

    private void writeInceptionProject(OutputStream out) throws IOException {
        CodebookDefinition codebook = context.codebook();
        JsonGenerator json = Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createGenerator(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        json.writeStartObject()
                .write("name", context.projectName() == null ? "Claimscope export" : context.projectName())
                .write("slug", slug(context.projectName()))
                .write("description", "Claims exported from Claimscope (project " + context.projectId()
                        + ", codebook \"" + codebook.name() + "\" version " + context.codebookVersion()
                        + ", exported " + context.exportedAt() + "). Import the documents from the uima-xmi folder "
                        + "as UIMA CAS XMI.")
                .write("mode", "ANNOTATION")
                .write("version", 1)
                .write("script_direction", "LTR")
                .write("disableExport", false)
                .write("anonymous_curation", false);
        json.writeStartArray("source_documents").writeEnd();
        json.writeStartArray("annotation_documents").writeEnd();
        json.writeStartArray("project_permissions").writeEnd();

        json.writeStartArray("tag_sets");
        writeTagSet(json, CATEGORY_TAG_SET, "Codebook categories (retired ones included).", false,
                codebook.categories().stream().map(c -> new String[] {c.key(), tagDescription(c.label(),
                        c.description(), c.retired())}).toList());
        writeTagSet(json, SUBTYPE_TAG_SET, "Codebook subtypes (retired ones included).", false,
                codebook.subtypes().stream().map(s -> new String[] {s.key(), tagDescription(s.label(),
                        s.description(), s.retired())}).toList());
        writeTagSet(json, ATTRIBUTE_TAG_SET, "Codebook attribute values as key=value; free text attributes "
                        + "(such as the speaker) take new values.", true,
                codebook.attributes().stream().flatMap(a -> switch (a.type()) {
                    case ONE_OF -> a.values().stream().map(v -> new String[] {a.key() + "=" + v.key(),
                            tagDescription(a.label() + ": " + v.label(), null, v.retired())});
                    case BOOLEAN -> java.util.stream.Stream.of(
                            new String[] {a.key() + "=true", a.label() + ": yes"},
                            new String[] {a.key() + "=false", a.label() + ": no"});
                    case TEXT -> java.util.stream.Stream.<String[]>empty();
                }).toList());
        json.writeEnd();

        json.writeStartArray("layers");
        json.writeStartObject()
                .write("name", CLAIM_TYPE)
                .write("uiName", "Claim")
                .write("type", "span")
                .write("description", "Claims from Claimscope. Each XMI file holds every exported layer of its "
                        + "document; the feature 'layer' tells them apart (curated, or an annotator's pseudonym).")
                .write("enabled", true)
                .write("built_in", false)
                .write("readonly", false)
                .writeNull("attach_type")
                .writeNull("attach_feature")
                .write("allow_stacking", true)
                .write("cross_sentence", true)
                .write("show_hover", true)
                .write("anchoring_mode", "CHARACTERS")
                .write("overlap_mode", "ANY_OVERLAP")
                .write("validation_mode", "ALWAYS")
                .write("lock_to_token_offset", false)
                .write("multiple_tokens", true)
                .write("linked_list_behavior", false)
                .writeNull("on_click_javascript_action")
                .writeNull("traits");
        json.writeStartArray("features");
        writeFeature(json, "category", "Category", "uima.cas.String", "NONE", CATEGORY_TAG_SET, true, 0);
        writeFeature(json, "subtypes", "Subtypes", "uima.cas.StringArray", "ARRAY", SUBTYPE_TAG_SET, true, 1);
        writeFeature(json, "attributes", "Attributes", "uima.cas.StringArray", "ARRAY", ATTRIBUTE_TAG_SET, false, 2);
        writeFeature(json, "layer", "Claimscope layer", "uima.cas.String", "NONE", null, true, 3);
        writeFeature(json, "creator", "Creator", "uima.cas.String", "NONE", null, false, 4);
        json.writeEnd();
        json.writeEnd();
        json.writeEnd();

        json.writeEnd();
        json.close(); // out is a buffer of this writer's own
    }

    private static String tagDescription(String label, String description, boolean retired) {
        String text = description == null || description.isBlank() ? label : label + ": " + description;
        return retired ? "(retired) " + text : text;
    }

    private static void writeTagSet(JsonGenerator json, String name, String description, boolean createTag,
                                    List<String[]> tags) {
        json.writeStartObject()
                .write("name", name)
                .write("description", description)
                .writeNull("language");
        json.writeStartArray("tags");
        for (String[] tag : tags) {
            json.writeStartObject().write("tag_name", tag[0]).write("tag_description", tag[1]).writeEnd();
        }
        json.writeEnd();
        json.write("create_tag", createTag).writeEnd();
    }

    private static void writeFeature(JsonGenerator json, String name, String uiName, String type, String multiValue,
                                     String tagSet, boolean visible, int rank) {
        json.writeStartObject()
                .write("name", name)
                .write("uiName", uiName)
                .write("type", type);
        if (tagSet == null) {
            json.writeNull("tag_set");
        } else {
            json.writeStartObject("tag_set").write("name", tagSet).writeEnd();
        }
        json.write("enabled", true)
                .write("visible", visible)
                .write("include_in_hover", true)
                .write("required", false)
                .write("remember", false)
                .write("hideUnconstraintFeature", false)
                .writeNull("description")
                .write("multi_value_mode", multiValue)
                .write("link_mode", "NONE")
                .writeNull("link_type_name")
                .writeNull("link_type_role_feature_name")
                .writeNull("link_type_target_feature_name")
                .writeNull("traits")
                .write("curatable", true)
                .write("rank", rank)
                .writeEnd();
    }

    /** A project slug as INCEpTION accepts one: lower-case letters, digits, '-' and '_', starting with a letter. */
    static String slug(String name) {
        String slug = (name == null ? "" : name).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_-]+", "-").replaceAll("-+", "-").replaceAll("^[^a-z]+|-+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        return slug.length() < 3 ? "claimscope-export" : slug;
    }

    @Override
    public String describe() {
        return """
                uima-xmi/: one UIMA CAS XMI file per document, <id>_<name>.xmi, written with Apache UIMA's own \
                XmiCasSerializer, with the document text as the sofa and the document language set; every exported \
                layer's claims are annotations of type webanno.custom.Claim (features category, subtypes, attributes \
                as "key=value" strings, layer = "curated" or the annotator's pseudonym, claimscopeId, quote, creator, \
                createdAt, updatedAt); org.claimscope.type.DocumentInfo holds the document's metadata and \
                org.claimscope.type.LayerInfo one entry per exported layer (also an empty one); DKPro Core's \
                DocumentMetaData carries title and id. The type system is uima-xmi/TypeSystem.xml. Offsets: UIMA's \
                begin and end are UTF-16 code unit indices (Java string indices) into the text, not the Unicode code \
                points of the other formats; the covered text is exactly the quote. Documents whose text holds \
                control characters XML 1.0 cannot carry are written as XML 1.1.
                INCEpTION: import uima-xmi/inception-project.zip as a project (it holds \
                inception-project/exportedproject.json, also given unzipped); it declares the span layer webanno.custom.Claim (category with the \
                codebook's categories as tag set, subtypes, attributes, layer, creator). Then import the .xmi files \
                into that project as "UIMA CAS XMI (XML 1.0)". Or create a project yourself with a span layer named \
                Claim (character anchoring, any overlap) and those features before importing the files. All layers \
                of a document appear together; the feature 'layer' tells them apart.

                Python (`pip install dkpro-cassis`, which converts the offsets to code points itself):

                ```python
                import glob
                from cassis import load_typesystem, load_cas_from_xmi
                ts = load_typesystem(open("uima-xmi/TypeSystem.xml", "rb"))
                for p in sorted(glob.glob("uima-xmi/*.xmi")):
                    cas = load_cas_from_xmi(open(p, "rb"), typesystem=ts)
                    claims = [(c.get_covered_text(), c.category, c.layer) for c in cas.select("webanno.custom.Claim")]
                ```

                In R, read the jsonl or csv folder instead.""";
    }

    /** The types and features the writer sets, looked up once per CAS. */
    private static final class Types {
        final Type claim;
        final Type documentInfo;
        final Type layerInfo;
        final Type documentMetaData;
        final org.apache.uima.cas.Feature documentLanguage;

        Types(TypeSystem typeSystem) {
            claim = typeSystem.getType(CLAIM_TYPE);
            documentInfo = typeSystem.getType(DOCUMENT_INFO_TYPE);
            layerInfo = typeSystem.getType(LAYER_INFO_TYPE);
            documentMetaData = typeSystem.getType(DOCUMENT_META_DATA_TYPE);
            documentLanguage = typeSystem.getFeatureByFullName(CAS.FEATURE_FULL_NAME_LANGUAGE);
        }
    }
}
