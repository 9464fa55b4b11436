package org.claimscope.importing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.html.JSoupParser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.microsoft.ooxml.OOXMLParser;
import org.apache.tika.parser.microsoft.rtf.RTFParser;
import org.apache.tika.parser.odf.OpenDocumentParser;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.parser.txt.TXTParser;
import org.apache.tika.sax.BodyContentHandler;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Turns one uploaded file into normalised text and metadata. The only class in Claimscope that imports
 * {@code org.apache.tika}. Thread-safe; one instance is shared by the application.
 *
 * <p>The file is read into memory up to the size limit (never more than limit + 1 bytes), its type detected by Tika
 * from content and name, and only plain text, HTML/XHTML, PDF, DOCX, ODT and RTF are parsed, each by its own Tika
 * parser (no other parser is reachable, and embedded documents are never parsed). Every other outcome is an
 * {@link ImportRejectedException} with a sentence for the person who uploaded the file.
 */
public class TikaExtractor {
    private static final Logger LOG = Logger.getLogger(TikaExtractor.class.getName());

    /** The longest text accepted, in UTF-16 chars. */
    static final int DEFAULT_MAX_CHARS = 20_000_000;
    /** The largest byte array the JVM reliably allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;
    /** HTML metadata sits in the head; jsoup reads no more than this much of a page for it. */
    private static final int HTML_METADATA_BYTES = 2 * 1024 * 1024;
    static final String SUPPORTED = "plain text (.txt), HTML, PDF, Word (.docx), OpenDocument text (.odt) and RTF";

    private enum Kind {
        TEXT("text file"), HTML("HTML file"), PDF("PDF"), DOCX("Word document"), ODT("OpenDocument text"),
        RTF("RTF document");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private static final Map<MediaType, Kind> ACCEPTED = Map.of(
            MediaType.TEXT_PLAIN, Kind.TEXT,
            MediaType.TEXT_HTML, Kind.HTML,
            MediaType.application("xhtml+xml"), Kind.HTML,
            MediaType.application("pdf"), Kind.PDF,
            MediaType.application("vnd.openxmlformats-officedocument.wordprocessingml.document"), Kind.DOCX,
            MediaType.application("vnd.oasis.opendocument.text"), Kind.ODT,
            MediaType.application("rtf"), Kind.RTF);

    private static final MediaType OOXML_PROTECTED = MediaType.application("x-tika-ooxml-protected");
    private static final MediaType MS_WORD = MediaType.application("msword");

    private static final EmbeddedDocumentExtractor SKIP_EMBEDDED = new EmbeddedDocumentExtractor() {
        @Override
        public boolean shouldParseEmbedded(Metadata metadata) {
            return false;
        }

        @Override
        public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml) {
            // attachments, images and embedded objects are not part of the article
        }
    };

    private final long maxFileBytes;
    private final int maxChars;
    /** Tika's type registry, detector and parsers; loaded by the first file that needs them, see {@link #tika()}. */
    private volatile Tika tika;

    /** What Tika contributes: the type registry, the detector and one parser per accepted kind. */
    private record Tika(MimeTypes mimeTypes, MediaTypeRegistry registry, Detector detector, Map<Kind, Parser> parsers) {
        static Tika load() {
            MimeTypes mimeTypes = MimeTypes.getDefaultMimeTypes();
            Map<Kind, Parser> map = new java.util.EnumMap<>(Kind.class);
            map.put(Kind.TEXT, new TXTParser());
            map.put(Kind.HTML, new JSoupParser());
            map.put(Kind.PDF, new PDFParser());
            map.put(Kind.DOCX, new OOXMLParser());
            map.put(Kind.ODT, new OpenDocumentParser());
            map.put(Kind.RTF, new RTFParser());
            return new Tika(mimeTypes, mimeTypes.getMediaTypeRegistry(), new DefaultDetector(mimeTypes), map);
        }
    }

    public TikaExtractor(long maxFileBytes) {
        this(maxFileBytes, DEFAULT_MAX_CHARS);
    }

    /** For tests: also sets the longest text accepted. */
    TikaExtractor(long maxFileBytes, int maxChars) {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
        }
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
        }
        this.maxFileBytes = Math.min(maxFileBytes, MAX_ARRAY - 1);
        this.maxChars = maxChars;
    }

    /**
     * Tika's machinery, loaded once, when the first file arrives that the plain-text path does not take (or by
     * {@link #loadTika()}): its type registry, detectors and parsers take megabytes of heap and class metadata that
     * a server importing only plain text never needs.
     */
    private Tika tika() {
        Tika local = tika;
        if (local == null) {
            synchronized (this) {
                if (tika == null) {
                    tika = Tika.load();
                }
                local = tika;
            }
        }
        return local;
    }

    /** Loads Tika's registry, detector and parsers now rather than with the first file that needs them. */
    public void loadTika() {
        tika();
    }

    /**
     * Reads at most maxFileBytes + 1 bytes of the stream (the caller closes it), detects the type, extracts text and
     * metadata and returns them normalised. Plain UTF-8 text named .txt is decoded directly (see
     * {@link #plainUtf8}); every other file goes through Tika.
     *
     * @throws ImportRejectedException the file cannot become a document; the message says why, for a person
     * @throws IOException             reading the stream failed
     */
    public ExtractedText extract(String fileName, InputStream in) throws ImportRejectedException, IOException {
        byte[] bytes = readBounded(in);
        if (bytes.length == 0) {
            throw new ImportRejectedException("the file is empty");
        }
        String plain = plainUtf8(fileName, bytes);
        if (plain != null) {
            return plainText(plain);
        }
        return extractWithTika(fileName, bytes);
    }

    /** Detection by Tika, then the parser for the type; also for tests that compare it with the plain-text path. */
    ExtractedText extractWithTika(String fileName, byte[] bytes) throws ImportRejectedException, IOException {
        MediaType type = detect(bytes, fileName);
        Kind kind = ACCEPTED.get(type);
        if (kind == null) {
            throw new ImportRejectedException(unsupported(type));
        }
        if ((kind == Kind.TEXT || kind == Kind.HTML) && looksBinary(bytes)) {
            throw new ImportRejectedException("the file is supposed to be " + (kind == Kind.TEXT ? "plain text" : "HTML")
                    + " but holds binary data; it is probably another kind of file with a wrong name");
        }
        if (kind == Kind.RTF && !startsWithRtfHeader(bytes)) {
            throw new ImportRejectedException(damaged(kind));
        }

        Metadata metadata = new Metadata();
        if (fileName != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        metadata.set(Metadata.CONTENT_TYPE, type.toString());
        String raw = parse(kind, bytes, metadata);

        if ((kind == Kind.TEXT || kind == Kind.HTML) && notReadable(raw)) {
            throw new ImportRejectedException("the file is supposed to be " + (kind == Kind.TEXT ? "plain text" : "HTML")
                    + " but does not decode to readable text; it is probably another kind of file with a wrong name");
        }
        String text = TextNormalizer.normalize(raw);
        if (text.isEmpty()) {
            throw new ImportRejectedException(noText(kind));
        }
        return describe(kind, type, text, metadata, bytes);
    }

    // ---- plain UTF-8 text, the common case, without Tika ----

    /** How far Tika's type detection and its HTML charset detection look for markup in a text file. */
    private static final int MARKUP_WINDOW = 8192;
    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    /**
     * The text of a file that Tika would detect as plain text and decode as UTF-8, decoded directly; null when the
     * file must take the full path (detection, then a parser). That is a file named .txt that is well-formed UTF-8
     * (a BOM allowed) and holds:
     * <ul>
     *   <li>no control character but tab, LF and CR (no NUL: binary data; no ESC: ISO-2022; no form feed or DEL,
     *       which Tika's XHTML output replaces or which charset detection may weigh), and neither U+FFFE nor
     *       U+FFFF;</li>
     *   <li>nothing Tika's type detection reads as a document format Claimscope parses: no '&lt;' in the first
     *       8 KiB (HTML, XHTML, XML, and a charset declared in a meta element), no '{' or '%' as the first
     *       character (RTF, PostScript) and no "%PDF-" in the first KiB.</li>
     * </ul>
     * Such a file reaches the TXT parser as text/plain, and for UTF-8 bytes its charset detection answers UTF-8
     * (for pure ASCII every candidate decodes the same), so the result is the same text; only the detection and
     * parsing costs are saved. One thing differs: a file of this kind whose first bytes Tika's magic would take for
     * some other text-based format that is not plain text (an ASCII 3D model, a playlist) is imported as the text
     * it is instead of being refused as that format.
     */
    static String plainUtf8(String fileName, byte[] bytes) {
        if (!hasExtension(fileName, ".txt")) {
            return null;
        }
        int start = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        if (start < bytes.length && (bytes[start] == '{' || bytes[start] == '%')) {
            return null;
        }
        int window = Math.min(bytes.length, MARKUP_WINDOW);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i];
            if ((b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F || (b == '<' && i < window)) {
                return null;
            }
        }
        int pdfWindow = Math.min(bytes.length, 1024);
        for (int i = 0; i + PDF_MAGIC.length <= pdfWindow; i++) {
            if (bytes[i] == '%' && Arrays.equals(bytes, i, i + PDF_MAGIC.length, PDF_MAGIC, 0, PDF_MAGIC.length)) {
                return null;
            }
        }
        String text;
        try {
            // Tika's reader drops a leading BOM too
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
        if (text.indexOf('\uFFFE') >= 0 || text.indexOf('\uFFFF') >= 0) {
            return null;
        }
        return text;
    }

    /** What the full path makes of plain text: the same limit, readability check, normalisation and metadata. */
    private ExtractedText plainText(String decoded) throws ImportRejectedException {
        // the TXT parser's text ends its paragraph with a line break, which counts towards the limit
        String raw = decoded.isEmpty() || decoded.endsWith("\n") ? decoded : decoded + "\n";
        if (raw.length() > maxChars) {
            throw new ImportRejectedException(tooLong());
        }
        if (notReadable(raw)) {
            throw new ImportRejectedException("the file is supposed to be plain text but does not decode to readable"
                    + " text; it is probably another kind of file with a wrong name");
        }
        String text = TextNormalizer.normalize(raw);
        if (text.isEmpty()) {
            throw new ImportRejectedException(noText(Kind.TEXT));
        }
        return new ExtractedText(text, MediaType.TEXT_PLAIN.toString(), null, null, null, null, null, null);
    }

    // ---- reading and detecting ----

    private byte[] readBounded(InputStream in) throws IOException, ImportRejectedException {
        long cap = maxFileBytes + 1;
        byte[] buffer = new byte[(int) Math.min(cap, 64 * 1024)];
        int count = 0;
        while (true) {
            if (count == buffer.length) {
                if (count >= cap) {
                    break;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(cap, (long) buffer.length * 2));
            }
            int n = in.read(buffer, count, buffer.length - count);
            if (n < 0) {
                break;
            }
            count += n;
        }
        if (count > maxFileBytes) {
            throw new ImportRejectedException("the file is larger than the limit of " + describeSize(maxFileBytes));
        }
        return count == buffer.length ? buffer : Arrays.copyOf(buffer, count);
    }

    static String describeSize(long bytes) {
        long mib = 1024L * 1024;
        if (bytes >= mib) {
            return trimZero(String.format(Locale.ROOT, "%.1f", bytes / (double) mib)) + " MB";
        }
        if (bytes >= 1024) {
            return trimZero(String.format(Locale.ROOT, "%.1f", bytes / 1024.0)) + " KB";
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }

    private static String trimZero(String number) {
        return number.endsWith(".0") ? number.substring(0, number.length() - 2) : number;
    }

    private MediaType detect(byte[] bytes, String fileName) throws IOException {
        Metadata metadata = new Metadata();
        if (fileName != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        MediaType detected;
        try (TikaInputStream stream = TikaInputStream.get(bytes)) {
            detected = tika().detector().detect(stream, metadata);
        }
        MediaTypeRegistry registry = tika().registry();
        MediaType type = registry.normalize(detected == null ? MediaType.OCTET_STREAM : detected).getBaseType();
        // A file named .txt whose first bytes happen to look like some text format (an e-mail header, a script)
        // is still the plain text its owner says it is.
        if (!ACCEPTED.containsKey(type) && hasExtension(fileName, ".txt")
                && registry.isSpecializationOf(type, MediaType.TEXT_PLAIN)) {
            return MediaType.TEXT_PLAIN;
        }
        return type;
    }

    private static boolean hasExtension(String fileName, String extension) {
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(extension);
    }

    private String unsupported(MediaType type) {
        if (type.equals(OOXML_PROTECTED)) {
            return "the Office document is protected with a password; remove the password and upload it again";
        }
        if (type.equals(MS_WORD)) {
            return "old Word documents (.doc, Word 97-2003) cannot be imported; save it as .docx or PDF and upload it"
                    + " again";
        }
        if (type.equals(MediaType.OCTET_STREAM)) {
            return "the type of the file could not be recognised; Claimscope imports " + SUPPORTED + " files";
        }
        String description = "";
        try {
            MimeType mimeType = tika().mimeTypes().forName(type.toString());
            description = mimeType.getDescription();
        } catch (MimeTypeException e) {
            // no description then
        }
        String what = description == null || description.isBlank() ? type.toString()
                : description.strip() + " (" + type + ")";
        return "files of this type cannot be imported: " + what + "; Claimscope imports " + SUPPORTED + " files";
    }

    /** NUL bytes never occur in text, except in UTF-16 or UTF-32, which announce themselves with a BOM. */
    private static boolean looksBinary(byte[] bytes) {
        if (startsWith(bytes, 0xFF, 0xFE) || startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0, 0, 0xFE, 0xFF)) {
            return false;
        }
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithRtfHeader(byte[] bytes) {
        int i = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        byte[] header = "{\\rtf".getBytes(StandardCharsets.US_ASCII);
        return bytes.length - i >= header.length && Arrays.equals(bytes, i, i + header.length, header, 0, header.length);
    }

    /**
     * Decoded text of which more than 2% are control characters, unassigned, private-use or lone surrogate code
     * points, or U+FFFD, is not text: that is what binary data looks like through any character set (Tika's charset
     * detection tends to call random bytes UTF-16, which turns them into a spread of unassigned and private-use
     * characters).
     */
    private static boolean notReadable(String text) {
        int bad = 0;
        int total = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            total++;
            int type = Character.getType(cp);
            if (cp == '\uFFFD' || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE
                    || (type == Character.CONTROL && cp != '\n' && cp != '\r' && cp != '\t' && cp != '\f')) {
                bad++;
            }
        }
        return bad > 0 && (long) bad * 50 > total;
    }

    // ---- parsing ----

    private String parse(Kind kind, byte[] bytes, Metadata metadata) throws ImportRejectedException {
        ParseContext context = new ParseContext();
        context.set(EmbeddedDocumentExtractor.class, SKIP_EMBEDDED);
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        pdf.setExtractInlineImages(false);
        pdf.setExtractAnnotationText(false);
        pdf.setExtractAcroFormContent(false);
        pdf.setExtractBookmarksText(false);
        pdf.setExtractActions(false);
        pdf.setSuppressDuplicateOverlappingText(true);
        context.set(PDFParserConfig.class, pdf);
        OfficeParserConfig office = new OfficeParserConfig();
        office.setIncludeHeadersAndFooters(false);
        office.setIncludeDeletedContent(false);
        office.setIncludeMoveFromContent(false);
        office.setExtractMacros(false);
        // Streaming instead of XmlBeans' DOM: a 75 KB DOCX of 400,000 short paragraphs took ~1.2 GB and 19 s
        // through the DOM, ~400 MB and a few seconds this way; its XML parser caps entity expansion and ignores
        // external entities.
        office.setUseSAXDocxExtractor(true);
        context.set(OfficeParserConfig.class, office);

        TextCollector collector = new TextCollector(kind, maxChars);
        try (TikaInputStream stream = TikaInputStream.get(bytes, metadata)) {
            tika().parsers().get(kind).parse(stream, new BodyContentHandler(collector), metadata, context);
        } catch (EncryptedDocumentException e) {
            throw new ImportRejectedException(passwordProtected(kind), e);
        } catch (Exception | StackOverflowError e) {
            if (collector.limitReached) {
                throw new ImportRejectedException(tooLong(), e);
            }
            if (hasCause(e, EncryptedDocumentException.class)) {
                throw new ImportRejectedException(passwordProtected(kind), e);
            }
            LOG.log(Level.INFO, "Rejected a {0} as damaged: {1}", new Object[] {kind.label, e.toString()});
            LOG.log(Level.FINE, "Tika could not parse a " + kind.label, e);
            throw new ImportRejectedException(damaged(kind), e);
        }
        if (collector.limitReached) {
            throw new ImportRejectedException(tooLong());
        }
        if (kind == Kind.PDF && "0".equals(metadata.get("xmpTPg:NPages"))) {
            throw new ImportRejectedException(damaged(kind));
        }
        return collector.text();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String passwordProtected(Kind kind) {
        String what = kind == Kind.PDF ? "the PDF is encrypted with a password" : "the " + kind.label
                + " is protected with a password";
        return what + "; remove the password and upload it again";
    }

    private static String damaged(Kind kind) {
        return "the " + kind.label + " is damaged and cannot be read";
    }

    private String tooLong() {
        return String.format(Locale.ROOT, "the text is longer than the limit of %,d characters; split the file and"
                + " upload the parts", maxChars);
    }

    private static String noText(Kind kind) {
        return switch (kind) {
            case PDF -> "no text could be extracted; scanned PDFs need OCR, which Claimscope does not offer";
            case TEXT -> "no text could be extracted; the file holds only blank space";
            default -> "no text could be extracted; the " + kind.label + " holds no text (pictures of text need"
                    + " OCR, which Claimscope does not offer)";
        };
    }

    /**
     * Collects the text of the XHTML events Tika produces, up to a limit, so that every paragraph, heading, list
     * item and table row becomes a line of its own in every format:
     * <ul>
     *   <li>the start and end of a block element, and the line breaks Tika adds between blocks, end the current line
     *       (once, however many there are); table cells end with a tab;</li>
     *   <li>in HTML, white space inside the text (the source's indentation and line wrapping) collapses to one space
     *       as a browser shows it, except inside {@code pre};</li>
     *   <li>in PDF, whose lines are broken where the page ended them, the lines of one paragraph are joined with a
     *       space (none after a hyphen); a line that ends a sentence and is clearly shorter than the paragraph's
     *       longest line stays a line of its own, since it most likely ends a paragraph that PDFBox's layout
     *       analysis did not separate;</li>
     *   <li>in the other formats, line breaks inside the text stay as they are.</li>
     * </ul>
     */
    static final class TextCollector extends DefaultHandler {
        private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
                "ol", "dl", "dt", "dd", "tr", "table", "thead", "tbody", "tfoot", "caption", "blockquote", "pre",
                "address", "hr", "br", "form", "fieldset", "legend", "center", "title", "section", "article",
                "header", "footer", "aside", "nav", "main", "figure", "figcaption", "details", "summary");
        /** A PDF line ending a sentence and shorter than this share of the paragraph's longest line ends it. */
        private static final double SHORT_LINE = 0.8;

        private final StringBuilder text = new StringBuilder();
        /** PDF only: the lines of the paragraph being read, separated by LF. */
        private final StringBuilder paragraph = new StringBuilder();
        private final Kind kind;
        private final int limit;
        private int paragraphDepth;
        private int preDepth;
        boolean limitReached;

        TextCollector(Kind kind, int limit) {
            this.kind = kind;
            this.limit = limit;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            String name = name(localName, qName);
            if (BLOCKS.contains(name)) {
                endLine();
            }
            if (name.equals("p")) {
                paragraphDepth++;
            } else if (name.equals("pre")) {
                preDepth++;
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            String name = name(localName, qName);
            if (BLOCKS.contains(name)) {
                endLine();
            } else if ((name.equals("td") || name.equals("th")) && !endsWithWhitespace()) {
                flushParagraph();
                addToText('\t');
            }
            if (name.equals("p") && paragraphDepth > 0) {
                paragraphDepth--;
            } else if (name.equals("pre") && preDepth > 0) {
                preDepth--;
            }
        }

        private static String name(String localName, String qName) {
            String name = localName == null || localName.isEmpty() ? qName : localName;
            return name == null ? "" : name.toLowerCase(Locale.ROOT);
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            append(ch, start, length, false);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            append(ch, start, length, true);
        }

        private void append(char[] ch, int start, int length, boolean structural) throws SAXException {
            if (limitReached) {
                throw new SAXException("text limit reached");
            }
            boolean pdfParagraph = kind == Kind.PDF && paragraphDepth > 0;
            boolean collapse = kind == Kind.HTML && preDepth == 0;
            for (int i = start; i < start + length; i++) {
                char c = ch[i];
                boolean newline = c == '\n' || c == '\r';
                if (pdfParagraph) {
                    checkLimit();
                    paragraph.append(newline ? '\n' : c);
                } else if (structural) {
                    // Tika's layout: LF after blocks, tabs to indent table cells (which end with a tab here)
                    if (newline) {
                        endLine();
                    }
                } else if (collapse && (newline || c == ' ' || c == '\t' || c == '\f')) {
                    if (!endsWithWhitespace()) {
                        addToText(' ');
                    }
                } else {
                    addToText(c);
                }
            }
        }

        private boolean endsWithWhitespace() {
            if (text.isEmpty()) {
                return true;
            }
            char last = text.charAt(text.length() - 1);
            return last == ' ' || last == '\n' || last == '\t';
        }

        private void endLine() throws SAXException {
            flushParagraph();
            if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                addToText('\n');
            }
        }

        /** Joins the lines of a PDF paragraph, see the class comment. */
        private void flushParagraph() {
            if (paragraph.isEmpty()) {
                return;
            }
            List<String> lines = new ArrayList<>();
            int longest = 0;
            for (String line : paragraph.toString().split("\n")) {
                String stripped = line.strip();
                if (!stripped.isEmpty()) {
                    lines.add(stripped);
                    longest = Math.max(longest, stripped.length());
                }
            }
            paragraph.setLength(0);
            String previous = null;
            for (String line : lines) {
                if (previous != null) {
                    if (endsSentence(previous) && previous.length() < SHORT_LINE * longest) {
                        text.append('\n');
                    } else if (!endsWithWordHyphen(previous)) {
                        text.append(' ');
                    }
                }
                text.append(line);
                previous = line;
            }
        }

        private static boolean endsSentence(String line) {
            int i = line.length() - 1;
            while (i > 0 && "\"')]\u2019\u201D\u00BB\u203A".indexOf(line.charAt(i)) >= 0) {
                i--;
            }
            return ".!?:\u2026".indexOf(line.charAt(i)) >= 0;
        }

        private static boolean endsWithWordHyphen(String line) {
            int n = line.length();
            return n >= 2 && (line.charAt(n - 1) == '-' || line.charAt(n - 1) == '\u2010')
                    && Character.isLetter(line.charAt(n - 2));
        }

        private void addToText(char c) throws SAXException {
            checkLimit();
            text.append(c);
        }

        /** Joining PDF lines puts at most one char where an LF was counted, so the limit holds for the result. */
        private void checkLimit() throws SAXException {
            if (text.length() + paragraph.length() >= limit) {
                limitReached = true;
                throw new SAXException("text limit reached");
            }
        }

        String text() {
            flushParagraph();
            return text.toString();
        }
    }

    // ---- metadata ----

    private ExtractedText describe(Kind kind, MediaType type, String text, Metadata metadata, byte[] bytes) {
        String title = clean(metadata.get(TikaCoreProperties.TITLE));
        String author = joinAuthors(List.of(metadata.getValues(TikaCoreProperties.CREATOR)));
        String publishedAt = isoDate(metadata.get(TikaCoreProperties.CREATED));
        String language = bcp47(metadata.get(TikaCoreProperties.LANGUAGE));
        String siteName = null;
        String sourceUrl = null;
        if (kind == Kind.HTML) {
            HtmlMeta html = htmlMeta(bytes, metadata.get(Metadata.CONTENT_ENCODING));
            title = firstNonNull(html.title, title);
            author = firstNonNull(html.author, author);
            publishedAt = firstNonNull(html.publishedAt, publishedAt);
            language = firstNonNull(html.language, language);
            siteName = html.siteName;
            sourceUrl = html.sourceUrl;
        }
        if (kind == Kind.TEXT) {
            title = null; // TXTParser reports none; nothing to trust
        }
        return new ExtractedText(text, type.toString(), title, author, publishedAt, siteName, sourceUrl, language);
    }

    private record HtmlMeta(String title, String author, String publishedAt, String siteName, String sourceUrl,
                            String language) {
    }

    private static HtmlMeta htmlMeta(byte[] bytes, String charset) {
        Document doc;
        try {
            doc = parseHtml(bytes, charset);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "jsoup could not read the HTML metadata", e);
            return new HtmlMeta(null, null, null, null, null, null);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (Element element : doc.select("meta[content]")) {
            String content = element.attr("content");
            if (content.isBlank()) {
                continue;
            }
            for (String attribute : List.of("property", "name", "itemprop", "http-equiv")) {
                String key = element.attr(attribute).strip().toLowerCase(Locale.ROOT);
                if (!key.isEmpty()) {
                    meta.putIfAbsent(key, content);
                }
            }
        }
        JsonLd ld = jsonLd(doc);

        String title = firstNonNull(clean(meta.get("og:title")), clean(meta.get("twitter:title")),
                clean(doc.title()), clean(meta.get("dc.title")), clean(meta.get("dcterms.title")), ld.headline);

        List<String> authors = new ArrayList<>();
        for (String key : List.of("author", "article:author", "dc.creator", "dcterms.creator", "byl",
                "parsely-author", "sailthru.author")) {
            String value = clean(meta.get(key));
            if (value != null && !looksLikeUrl(value)) {
                authors.add(value);
                break;
            }
        }
        String author = firstNonNull(joinAuthors(authors), joinAuthors(ld.authors));

        String publishedAt = null;
        for (String key : List.of("article:published_time", "og:published_time", "dcterms.created",
                "dcterms.issued", "dc.date.issued", "dc.date.created", "datepublished", "dc.date", "date", "pubdate",
                "publishdate", "publish-date", "parsely-pub-date", "sailthru.date")) {
            publishedAt = isoDate(meta.get(key));
            if (publishedAt != null) {
                break;
            }
        }
        publishedAt = firstNonNull(publishedAt, isoDate(ld.datePublished));

        String siteName = firstNonNull(clean(meta.get("og:site_name")), clean(ld.publisher),
                clean(meta.get("application-name")));

        String sourceUrl = null;
        for (Element link : doc.select("link[rel][href]")) {
            if (Arrays.asList(link.attr("rel").toLowerCase(Locale.ROOT).split("\\s+")).contains("canonical")
                    && looksLikeUrl(link.attr("href").strip())) {
                sourceUrl = link.attr("href").strip();
                break;
            }
        }
        if (sourceUrl == null) {
            String og = meta.get("og:url");
            sourceUrl = og != null && looksLikeUrl(og.strip()) ? og.strip() : null;
        }

        Element root = doc.selectFirst("html");
        String language = null;
        if (root != null) {
            language = firstNonNull(bcp47(root.attr("lang")), bcp47(root.attr("xml:lang")));
        }
        language = firstNonNull(language, bcp47(meta.get("content-language")), bcp47(meta.get("dc.language")),
                bcp47(meta.get("dcterms.language")), bcp47(meta.get("language")), bcp47(meta.get("og:locale")));
        return new HtmlMeta(title, author, publishedAt, siteName, sourceUrl, language);
    }

    private static Document parseHtml(byte[] bytes, String charset) throws IOException {
        int length = Math.min(bytes.length, HTML_METADATA_BYTES);
        String name = charset;
        if (name != null) {
            try {
                java.nio.charset.Charset.forName(name);
            } catch (RuntimeException e) {
                name = null;
            }
        }
        return Jsoup.parse(new ByteArrayInputStream(bytes, 0, length), name, "");
    }

    private record JsonLd(String headline, List<String> authors, String datePublished, String publisher) {
    }

    /** The first schema.org article-like object of the page's JSON-LD, when there is one. */
    private static JsonLd jsonLd(Document doc) {
        List<JsonObject> candidates = new ArrayList<>();
        for (Element script : doc.select("script[type=application/ld+json]")) {
            try (JsonReader reader = Json.createReader(new StringReader(script.data()))) {
                collectObjects(reader.readValue(), candidates, 0);
            } catch (RuntimeException e) {
                // malformed JSON-LD is common; ignore it
            }
        }
        JsonObject best = null;
        for (JsonObject object : candidates) {
            String type = object.containsKey("@type") ? object.get("@type").toString() : "";
            boolean article = type.contains("Article") || type.contains("Posting");
            boolean described = object.containsKey("headline") || object.containsKey("datePublished")
                    || object.containsKey("author");
            if (article) {
                best = object;
                break;
            }
            if (described && best == null) {
                best = object;
            }
        }
        if (best == null) {
            return new JsonLd(null, List.of(), null, null);
        }
        List<String> authors = new ArrayList<>();
        JsonValue author = best.get("author");
        if (author instanceof JsonArray array) {
            array.forEach(value -> addName(value, authors));
        } else if (author != null) {
            addName(author, authors);
        }
        String publisher = null;
        if (best.get("publisher") instanceof JsonObject object) {
            publisher = string(object.get("name"));
        }
        return new JsonLd(clean(string(best.get("headline"))), authors, string(best.get("datePublished")), publisher);
    }

    private static void collectObjects(JsonValue value, List<JsonObject> into, int depth) {
        if (depth > 3) {
            return;
        }
        if (value instanceof JsonArray array) {
            array.forEach(v -> collectObjects(v, into, depth + 1));
        } else if (value instanceof JsonObject object) {
            into.add(object);
            if (object.get("@graph") instanceof JsonArray graph) {
                graph.forEach(v -> collectObjects(v, into, depth + 1));
            }
        }
    }

    private static void addName(JsonValue value, List<String> into) {
        String name = value instanceof JsonObject object ? string(object.get("name")) : string(value);
        name = clean(name);
        if (name != null && !looksLikeUrl(name)) {
            into.add(name);
        }
    }

    private static String string(JsonValue value) {
        return value instanceof JsonString s ? s.getString() : null;
    }

    private static boolean looksLikeUrl(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return (lower.startsWith("http://") || lower.startsWith("https://")) && !lower.contains(" ");
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** One line of metadata: controls removed, NFC, white space collapsed; blank becomes null. */
    static String clean(String value) {
        if (value == null) {
            return null;
        }
        String normalized = TextNormalizer.normalize(value).replaceAll("\\s+", " ").strip();
        return normalized.isEmpty() ? null : normalized;
    }

    private static String joinAuthors(List<String> values) {
        Set<String> authors = new LinkedHashSet<>();
        for (String value : values) {
            String cleaned = clean(value);
            if (cleaned != null) {
                authors.add(cleaned);
            }
        }
        return authors.isEmpty() ? null : String.join("; ", authors);
    }

    private static final DateTimeFormatter OFFSET_WITHOUT_COLON = DateTimeFormatter.ofPattern(
            "uuuu-MM-dd'T'HH:mm[:ss][.SSSSSSSSS][.SSSSSS][.SSS]xx");

    /**
     * ISO-8601: an offset date-time kept with its offset ({@code 2025-12-24T10:15:00Z},
     * {@code 2025-12-24T05:15:00-05:00}); a date-time without zone reduced to its date; a date as it is; anything
     * else null.
     */
    static String isoDate(String value) {
        String v = clean(value);
        if (v == null) {
            return null;
        }
        if (v.length() > 10 && v.charAt(10) == ' ' && Character.isDigit(v.charAt(0))) {
            v = v.substring(0, 10) + "T" + v.substring(11).replace(" ", "");
        }
        try {
            return OffsetDateTime.parse(v).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return ZonedDateTime.parse(v).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return OffsetDateTime.parse(v, OFFSET_WITHOUT_COLON).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDateTime.parse(v).toLocalDate().toString();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDate.parse(v).toString();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toOffsetDateTime()
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");

    /** A BCP 47 tag in canonical case ({@code en}, {@code en-US}, {@code pt-BR}), or null. */
    static String bcp47(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        int comma = v.indexOf(',');
        if (comma >= 0) {
            v = v.substring(0, comma).strip();
        }
        v = v.replace('_', '-');
        if (!LANGUAGE_TAG.matcher(v).matches()) {
            return null;
        }
        String tag = Locale.forLanguageTag(v).toLanguageTag();
        return tag.isEmpty() || tag.equals("und") ? null : tag;
    }
}
