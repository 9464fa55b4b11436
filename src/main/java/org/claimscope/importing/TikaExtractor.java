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
import java.io.InterruptedIOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.detect.EncodingDetector;
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
import org.apache.tika.parser.html.HtmlEncodingDetector;
import org.apache.tika.parser.html.JSoupParser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.microsoft.ooxml.OOXMLParser;
import org.apache.tika.parser.microsoft.rtf.RTFParser;
import org.apache.tika.parser.odf.OpenDocumentParser;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.parser.txt.CharsetDetector;
import org.apache.tika.parser.txt.CharsetMatch;
import org.apache.tika.parser.txt.TXTParser;
import org.apache.tika.parser.txt.UniversalEncodingDetector;
import org.apache.tika.sax.BodyContentHandler;
import org.claimscope.importing.ExtractedText.ContentScope;
import org.claimscope.importing.article.ArticleMetadata;
import org.claimscope.importing.article.HtmlMetadataReader;
import org.claimscope.importing.article.LanguageDetector;
import org.claimscope.importing.article.MainContentExtractor;
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
 *
 * <p>A saved web page, with {@link ExtractOptions#extractMainContent()}, does not go through Tika's HTML parser: its
 * bytes are decoded once (see {@link #decodeHtml}), parsed once by jsoup, and {@link MainContentExtractor} keeps
 * the article, or the whole visible text when the page is not one article, and reads the page's metadata.
 * When the file declares no language, it is detected in the text ({@link LanguageDetector}).
 *
 * <p><b>Time budget.</b> Once a file has been received, reading it may take {@link ExtractOptions#timeBudget()}. The
 * work runs on a small pool of daemon threads owned by this extractor while the caller waits at most the remaining
 * budget. It is stopped two ways: cooperatively, since the text collector, the HTML reader feeding jsoup and the
 * steps of the article analysis check the deadline and give up once it has passed; and by a watchdog, the caller,
 * which stops waiting at the deadline, interrupts the worker and reports the file as too slow, so that a parser
 * stuck without producing output cannot hold the import (the caller gives the worker {@link #STOP_GRACE} to stop at
 * its next check; only a parse still running after that counts as abandoned). The trade-off: Java cannot kill a
 * thread, so an abandoned parser keeps its thread and a processor until it reaches the next check, reacts to the
 * interrupt, or ends. At most {@link #DEFAULT_MAX_ABANDONED} such abandoned parses are tolerated: while that many
 * are still running, further files are refused with a sentence saying so (only files already being read when the cap
 * was reached can take the count above it), and at most {@link #MAX_PARSES} files are read at once.
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
    /** Files read at once by one extractor, abandoned ones included; more are refused until one ends. */
    static final int MAX_PARSES = 32;
    /** Abandoned parses (stopped by the watchdog, still running) at which new files are refused. */
    static final int DEFAULT_MAX_ABANDONED = 2;
    /**
     * How long the watchdog, having interrupted a parse at its deadline, waits for it to stop at its next check
     * before it counts the parse as abandoned; most stop within milliseconds.
     */
    static final Duration STOP_GRACE = Duration.ofMillis(500);
    /** Language detection reads no more of the text than this. */
    static final int LANGUAGE_SAMPLE_CHARS = 20_000;

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
    private final int maxAbandoned;
    /** Parses the watchdog gave up on that are still running. */
    private final AtomicInteger abandoned = new AtomicInteger();
    /** Where files are read; threads are made when needed and end after 30 s without work. */
    private final ThreadPoolExecutor workers;
    /** For tests: given the file name by the worker before it reads the file, to stand for a parser that hangs. */
    volatile java.util.function.Consumer<String> beforeReading;
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
        this(maxFileBytes, maxChars, DEFAULT_MAX_ABANDONED);
    }

    /** For tests: also sets how many abandoned parses refuse new files. */
    TikaExtractor(long maxFileBytes, int maxChars, int maxAbandoned) {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
        }
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
        }
        if (maxAbandoned < 1) {
            throw new IllegalArgumentException("maxAbandoned must be positive: " + maxAbandoned);
        }
        this.maxFileBytes = Math.min(maxFileBytes, MAX_ARRAY - 1);
        this.maxChars = maxChars;
        this.maxAbandoned = maxAbandoned;
        AtomicInteger threads = new AtomicInteger();
        ClassLoader loader = TikaExtractor.class.getClassLoader();
        this.workers = new ThreadPoolExecutor(0, MAX_PARSES, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "claimscope-import-" + threads.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(loader); // Tika's service loading, whoever submitted the first file
            return thread;
        });
    }

    /** Stops the worker threads (interrupting running parses); the extractor accepts no file afterwards. */
    public void close() {
        workers.shutdownNow();
    }

    /** Parses the watchdog gave up on that have not ended yet. */
    int abandonedParses() {
        return abandoned.get();
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
     * As {@link #extract(String, InputStream, ExtractOptions)} with {@link ExtractOptions#DEFAULT}: article
     * extraction for web pages, a minute per file.
     */
    public ExtractedText extract(String fileName, InputStream in) throws ImportRejectedException, IOException {
        return extract(fileName, in, ExtractOptions.DEFAULT);
    }

    /**
     * Reads at most maxFileBytes + 1 bytes of the stream (the caller closes it), detects the type, extracts text and
     * metadata and returns them normalised. Plain UTF-8 text named .txt is decoded directly (see
     * {@link #plainUtf8}); a web page with article extraction is decoded and parsed once (see the class comment);
     * every other file goes through Tika. Everything after the upload has been read counts against the time
     * budget.
     *
     * @throws ImportRejectedException the file cannot become a document, or reading it took longer than the budget;
     *                                 the message says why, for a person
     * @throws IOException             reading the stream failed, or the calling thread was interrupted
     */
    public ExtractedText extract(String fileName, InputStream in, ExtractOptions options)
            throws ImportRejectedException, IOException {
        Objects.requireNonNull(options, "options");
        byte[] bytes = readBounded(in);
        if (bytes.length == 0) {
            throw new ImportRejectedException("the file is empty");
        }
        Deadline deadline = new Deadline(options.timeBudget());
        if (abandoned.get() >= maxAbandoned) {
            throw new ImportRejectedException("earlier files that took too long to read are still being stopped;"
                    + " nothing was stored, upload this file again in a few minutes");
        }
        Job job = new Job(fileName, bytes, options, deadline);
        Future<ExtractedText> future;
        try {
            future = workers.submit(job);
        } catch (RejectedExecutionException e) {
            throw new ImportRejectedException("the server is reading too many files at once; nothing was stored,"
                    + " upload this file again in a moment");
        }
        try {
            return future.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            if (!job.awaitEnd(STOP_GRACE)) {
                job.abandon();
            }
            LOG.log(Level.INFO, "Stopped reading a file after the limit of {0}", describeDuration(deadline.budget));
            throw new ImportRejectedException(tooSlow(deadline.budget));
        } catch (InterruptedException e) {
            job.abandon();
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the file was being read");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ImportRejectedException rejected) {
                throw new ImportRejectedException(rejected.getMessage(), rejected);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    /**
     * One file being read by a worker. Its state says whether the watchdog abandoned it while it ran, so that the
     * count of abandoned parses goes down when it ends: NEW, RUNNING, DONE, or ABANDONED.
     */
    private final class Job implements java.util.concurrent.Callable<ExtractedText> {
        private static final int NEW = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int ABANDONED = 3;

        private final AtomicInteger state = new AtomicInteger(NEW);
        private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        private final String fileName;
        private final byte[] bytes;
        private final ExtractOptions options;
        private final Deadline deadline;

        Job(String fileName, byte[] bytes, ExtractOptions options, Deadline deadline) {
            this.fileName = fileName;
            this.bytes = bytes;
            this.options = options;
            this.deadline = deadline;
        }

        @Override
        public ExtractedText call() throws Exception {
            if (!state.compareAndSet(NEW, RUNNING)) {
                return null; // abandoned before it started
            }
            try {
                java.util.function.Consumer<String> hook = beforeReading;
                if (hook != null) {
                    hook.accept(fileName);
                }
                return extractBytes(fileName, bytes, options, deadline);
            } catch (Deadline.Exceeded e) {
                throw new ImportRejectedException(tooSlow(deadline.budget), e);
            } finally {
                if (!state.compareAndSet(RUNNING, DONE)) {
                    abandoned.decrementAndGet();
                }
                ended.countDown();
            }
        }

        /** Whether the job has ended (or will never start) within the grace period. */
        boolean awaitEnd(Duration grace) {
            if (state.compareAndSet(NEW, ABANDONED)) {
                return true;
            }
            try {
                return ended.await(grace.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** The watchdog gives up on this file; counts it while it still runs. */
        void abandon() {
            if (state.compareAndSet(RUNNING, ABANDONED)) {
                abandoned.incrementAndGet();
            } else {
                state.compareAndSet(NEW, ABANDONED);
            }
        }
    }

    /** The moment a file's time budget runs out. */
    static final class Deadline {
        final Duration budget;
        private final long end;

        Deadline(Duration budget) {
            this.budget = budget;
            long nanos;
            try {
                nanos = budget.toNanos();
            } catch (ArithmeticException tooLong) {
                nanos = Long.MAX_VALUE / 4;
            }
            this.end = System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
        }

        /** No limit worth speaking of; for callers outside the import. */
        static Deadline none() {
            return new Deadline(Duration.ofDays(365));
        }

        long remainingNanos() {
            return Math.max(0, end - System.nanoTime());
        }

        /** Whether the budget has run out, or the watchdog has interrupted the worker. */
        boolean passed() {
            return end - System.nanoTime() <= 0 || Thread.currentThread().isInterrupted();
        }

        void check() {
            if (passed()) {
                throw new Exceeded();
            }
        }

        /** Thrown where the deadline is checked; becomes the per-file message. */
        static final class Exceeded extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Exceeded() {
                super("the time budget for reading the file ran out", null, false, false);
            }
        }
    }

    static String tooSlow(Duration budget) {
        return "reading the file took longer than the limit of " + describeDuration(budget)
                + "; it was stopped and nothing was stored";
    }

    /** 60 s, 1.5 s, 50 ms, 2 min. */
    static String describeDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return Math.max(1, millis) + " ms";
        }
        if (millis >= 120_000 && millis % 60_000 == 0) {
            return millis / 60_000 + " min";
        }
        return trimZero(String.format(Locale.ROOT, "%.1f", millis / 1000.0)) + " s";
    }

    /** The whole work on a file that has been read, on a worker thread. */
    private ExtractedText extractBytes(String fileName, byte[] bytes, ExtractOptions options, Deadline deadline)
            throws ImportRejectedException, IOException {
        String plain = plainUtf8(fileName, bytes);
        deadline.check();
        if (plain != null) {
            return plainText(plain, deadline);
        }
        return extractWithTika(fileName, bytes, options, deadline);
    }

    /** Detection by Tika, then the parser for the type; also for tests that compare it with the plain-text path. */
    ExtractedText extractWithTika(String fileName, byte[] bytes) throws ImportRejectedException, IOException {
        return extractWithTika(fileName, bytes, ExtractOptions.DEFAULT, Deadline.none());
    }

    private ExtractedText extractWithTika(String fileName, byte[] bytes, ExtractOptions options, Deadline deadline)
            throws ImportRejectedException, IOException {
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
        deadline.check();
        if (kind == Kind.HTML && options.extractMainContent()) {
            return htmlPage(type, bytes, deadline);
        }

        Metadata metadata = new Metadata();
        if (fileName != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        metadata.set(Metadata.CONTENT_TYPE, type.toString());
        String raw = parse(kind, bytes, metadata, deadline);

        if ((kind == Kind.TEXT || kind == Kind.HTML) && notReadable(raw)) {
            throw new ImportRejectedException("the file is supposed to be " + (kind == Kind.TEXT ? "plain text" : "HTML")
                    + " but does not decode to readable text; it is probably another kind of file with a wrong name");
        }
        String text = TextNormalizer.normalize(raw);
        if (text.isEmpty()) {
            throw new ImportRejectedException(noText(kind));
        }
        deadline.check();
        return describe(kind, type, text, metadata, bytes);
    }

    // ---- web pages: one decode, one jsoup parse, the article or the whole page ----

    /**
     * A web page through {@link MainContentExtractor}: the article, or the whole visible text when the page is not
     * one article; metadata from the page (where the article package's reader finds none, from the reader Tika's
     * path uses, on the same parsed page); the language the page declares, else the one detected in the text.
     */
    private ExtractedText htmlPage(MediaType type, byte[] bytes, Deadline deadline) throws ImportRejectedException {
        String html = decodeHtml(bytes);
        deadline.check();
        Document doc = org.jsoup.parser.Parser.htmlParser().parseInput(new DeadlineReader(html, deadline), "");
        deadline.check();
        MainContentExtractor.Extraction extraction = MainContentExtractor.extract(doc, deadline::check);
        deadline.check();
        String text = TextNormalizer.normalize(extraction.text());
        if (text.length() > maxChars) {
            throw new ImportRejectedException(tooLong());
        }
        if (notReadable(text)) {
            throw new ImportRejectedException("the file is supposed to be HTML but does not decode to readable text;"
                    + " it is probably another kind of file with a wrong name");
        }
        if (text.isEmpty()) {
            throw new ImportRejectedException(noText(Kind.HTML));
        }
        ArticleMetadata page = extraction.metadata();
        // The extraction removed page furniture from the body; the head, where metadata lives, is as it was.
        boolean complete = page.title() != null && page.author() != null && page.publishedAt() != null
                && page.siteName() != null && page.canonicalUrl() != null && page.language() != null;
        HtmlMeta fallback = complete ? new HtmlMeta(null, null, null, null, null, null) : htmlMeta(doc);
        String language = firstNonNull(page.language(), fallback.language);
        if (language == null) {
            deadline.check();
            language = detectLanguage(text);
        }
        return new ExtractedText(text, type.toString(), firstNonNull(page.title(), fallback.title),
                firstNonNull(page.author(), fallback.author), firstNonNull(page.publishedAt(), fallback.publishedAt),
                firstNonNull(page.siteName(), fallback.siteName), firstNonNull(page.canonicalUrl(), fallback.sourceUrl),
                language, extraction.isArticle() ? ContentScope.ARTICLE : ContentScope.WHOLE_PAGE);
    }

    /** Feeds a decoded page to jsoup, checking the deadline with every chunk jsoup asks for. */
    private static final class DeadlineReader extends Reader {
        private final String text;
        private final Deadline deadline;
        private int position;

        DeadlineReader(String text, Deadline deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            deadline.check();
            if (position >= text.length()) {
                return -1;
            }
            int n = Math.min(length, text.length() - position);
            text.getChars(position, position + n, buffer, offset);
            position += n;
            return n;
        }

        @Override
        public void close() {
            // nothing to release
        }
    }

    /**
     * The page's characters, decoded once, in the charset that the first of these gives:
     * <ol>
     *   <li>a byte order mark (UTF-8, UTF-16);</li>
     *   <li>the charset the page declares ({@code <meta charset>}, {@code <meta http-equiv="Content-Type">}, read by
     *       Tika's {@link HtmlEncodingDetector}), with two exceptions: bytes that are well-formed UTF-8 holding
     *       multi-byte sequences are UTF-8 whatever a legacy declaration says (a page re-saved as UTF-8 that kept
     *       its old meta element; legacy text with accents is practically never also well-formed UTF-8), and a
     *       page declared UTF-8 whose bytes hold no UTF-8 sequence at all but bytes that cannot be UTF-8 is
     *       detected instead;</li>
     *   <li>UTF-8 when the bytes are well-formed UTF-8 (pure ASCII included);</li>
     *   <li>statistical detection: juniversalchardet (Tika's {@link UniversalEncodingDetector}), then ICU4J's
     *       candidates (Tika's {@link CharsetDetector}, markup filtered out), best first; the first whose
     *       decoding reads as text wins;</li>
     *   <li>windows-1252, which browsers assume for a page that says nothing.</li>
     * </ol>
     * Malformed bytes become U+FFFD, as in a browser.
     */
    static String decodeHtml(byte[] bytes) {
        Charset charset = pageCharset(bytes);
        int bom = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : startsWith(bytes, 0xFE, 0xFF)
                || startsWith(bytes, 0xFF, 0xFE) ? 2 : 0;
        return new String(bytes, bom, bytes.length - bom, charset);
    }

    /** The charset of a web page: its byte order mark's, else {@link #htmlCharset}. */
    static Charset pageCharset(byte[] bytes) {
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            return StandardCharsets.UTF_8;
        }
        if (startsWith(bytes, 0xFE, 0xFF)) {
            return StandardCharsets.UTF_16BE;
        }
        if (startsWith(bytes, 0xFF, 0xFE)) {
            return StandardCharsets.UTF_16LE;
        }
        return htmlCharset(bytes);
    }

    /**
     * The charset {@link #decodeHtml} decodes a page without byte order mark in. As in browsers (WHATWG Encoding),
     * ISO-8859-1 and US-ASCII mean windows-1252, ISO-8859-9 windows-1254, and TIS-620 or ISO-8859-11
     * windows-874: pages that say Latin-1 use the curly quotes and dashes of windows-1252, which Latin-1 would make
     * control characters.
     */
    static Charset htmlCharset(byte[] bytes) {
        return asBrowsersRead(detectHtmlCharset(bytes));
    }

    private static Charset asBrowsersRead(Charset charset) {
        String replacement = switch (charset.name()) {
            case "ISO-8859-1", "US-ASCII" -> "windows-1252";
            case "ISO-8859-9" -> "windows-1254";
            case "TIS-620", "x-iso-8859-11" -> "x-windows-874";
            default -> null;
        };
        return replacement != null && Charset.isSupported(replacement) ? Charset.forName(replacement) : charset;
    }

    private static Charset detectHtmlCharset(byte[] bytes) {
        Utf8Scan utf8 = Utf8Scan.of(bytes);
        Charset declared = declaredCharset(bytes);
        if (declared != null) {
            boolean declaredUtf8 = declared.equals(StandardCharsets.UTF_8);
            if (!declaredUtf8 && utf8.wellFormed() && utf8.multiByte() > 0) {
                return StandardCharsets.UTF_8;
            }
            if (!declaredUtf8 || utf8.multiByte() > 0 || utf8.wellFormed()) {
                return declared;
            }
        } else if (utf8.wellFormed()) {
            return StandardCharsets.UTF_8;
        }
        return statisticalCharset(bytes);
    }

    /** How a byte array reads as UTF-8: well-formed multi-byte sequences, and bytes that belong to none. */
    record Utf8Scan(int multiByte, int malformed) {
        boolean wellFormed() {
            return malformed == 0;
        }

        static Utf8Scan of(byte[] bytes) {
            int multiByte = 0;
            int malformed = 0;
            int n = bytes.length;
            int i = 0;
            while (i < n) {
                int b = bytes[i] & 0xFF;
                if (b < 0x80) {
                    i++;
                    continue;
                }
                int length = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
                int cp = length == 0 ? -1 : b & (0xFF >> (length + 1));
                for (int k = 1; k < length && cp >= 0; k++) {
                    int c = i + k < n ? bytes[i + k] & 0xFF : 0;
                    cp = (c & 0xC0) == 0x80 ? (cp << 6) | (c & 0x3F) : -1;
                }
                int min = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    malformed++;
                    i++;
                } else {
                    multiByte++;
                    i += length;
                }
            }
            return new Utf8Scan(multiByte, malformed);
        }
    }

    /**
     * The charset the page's meta elements declare, when Java knows it; a UTF-16 or UTF-32 declaration counts as
     * none (a page whose meta element reads as ASCII is not in UTF-16).
     */
    private static Charset declaredCharset(byte[] bytes) {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            Charset declared = new HtmlEncodingDetector().detect(in, new Metadata());
            if (declared == null || declared.name().startsWith("UTF-16") || declared.name().startsWith("UTF-32")) {
                return null;
            }
            return declared;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Charset statisticalCharset(byte[] bytes) {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            Charset universal = new UniversalEncodingDetector().detect(in, new Metadata());
            if (universal != null && !notReadable(new String(bytes, universal))) {
                return universal;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "juniversalchardet could not guess a charset", e);
        }
        try {
            CharsetDetector icu = new CharsetDetector();
            icu.enableInputFilter(true);
            icu.setText(bytes);
            CharsetMatch[] matches = icu.detectAll();
            for (int i = 0; i < Math.min(matches.length, 5); i++) {
                String name = matches[i].getName();
                if (Charset.isSupported(name)) {
                    Charset candidate = Charset.forName(name);
                    if (!notReadable(new String(bytes, candidate))) {
                        return candidate;
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "ICU4J could not guess a charset", e);
        }
        return Charset.forName("windows-1252");
    }

    /**
     * The language of a text that declares none, when {@link LanguageDetector} is sure of it; reads at most
     * {@value #LANGUAGE_SAMPLE_CHARS} characters.
     */
    static String detectLanguage(String text) {
        try {
            String sample = text.length() > LANGUAGE_SAMPLE_CHARS ? text.substring(0, LANGUAGE_SAMPLE_CHARS) : text;
            return LanguageDetector.detect(sample).orElse(null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Language detection failed; the document is imported without a language", e);
            return null;
        }
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
    private ExtractedText plainText(String decoded, Deadline deadline) throws ImportRejectedException {
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
        deadline.check();
        return new ExtractedText(text, MediaType.TEXT_PLAIN.toString(), null, null, null, null, null,
                detectLanguage(text), ContentScope.FILE);
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
        return org.claimscope.common.Sizes.describe(bytes);
    }

    private static String trimZero(String number) {
        return number.endsWith(".0") ? number.substring(0, number.length() - 2) : number;
    }

    private MediaType detect(byte[] bytes, String fileName) throws IOException {
        if (isPlainHtmlPage(fileName, bytes)) {
            return MediaType.TEXT_HTML;
        }
        return detectWithTika(bytes, fileName);
    }

    private static final Pattern HTML_START = Pattern.compile(
            "(?:\\s|<!--(?:[^-]|-(?!->))*-->)*<(?:!doctype\\s+html\\s*>|html(?:\\s+(?:lang|dir)=\"[^\"<>]*\")*\\s*>)",
            Pattern.CASE_INSENSITIVE);

    /**
     * A saved web page whose type is plain without Tika's detection, which costs about as much as the rest of
     * reading a 30 KB page: a file named .html or .htm (a byte order mark allowed) that starts, after white space
     * and comments, with the HTML5 doctype {@code <!DOCTYPE html>} or with an {@code <html>} tag that has at most a
     * lang and a dir attribute (no XML namespace, no XHTML doctype). Tika's detection gives such a file text/html
     * too, from its name and its first bytes; a test checks that on every page Claimscope has.
     */
    static boolean isPlainHtmlPage(String fileName, byte[] bytes) {
        if (!hasExtension(fileName, ".html") && !hasExtension(fileName, ".htm")) {
            return false;
        }
        int start = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        int length = Math.min(bytes.length - start, 1024);
        String head = new String(bytes, start, length, StandardCharsets.ISO_8859_1);
        return HTML_START.matcher(head).lookingAt();
    }

    /** Tika's detection, from content and name. */
    MediaType detectWithTika(byte[] bytes, String fileName) throws IOException {
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
            if (cp >= 0x20 && cp < 0x7F) {
                continue; // printable ASCII, the common case
            }
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

    private String parse(Kind kind, byte[] bytes, Metadata metadata, Deadline deadline)
            throws ImportRejectedException {
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

        if (kind == Kind.HTML) {
            // the same charset as the article path, rather than the guess of Tika's HTML parser
            Charset charset = pageCharset(bytes);
            context.set(EncodingDetector.class, (stream, ignored) -> charset);
        }
        TextCollector collector = new TextCollector(kind, maxChars, deadline);
        try (TikaInputStream stream = TikaInputStream.get(bytes, metadata)) {
            tika().parsers().get(kind).parse(stream, new BodyContentHandler(collector), metadata, context);
        } catch (EncryptedDocumentException e) {
            throw new ImportRejectedException(passwordProtected(kind), e);
        } catch (Exception | StackOverflowError e) {
            if (deadline.passed()) {
                throw new ImportRejectedException(tooSlow(deadline.budget), e);
            }
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
        deadline.check();
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
        private final Deadline deadline;
        private int paragraphDepth;
        private int preDepth;
        boolean limitReached;

        TextCollector(Kind kind, int limit, Deadline deadline) {
            this.kind = kind;
            this.limit = limit;
            this.deadline = deadline;
        }

        /** Stops the parser once the file's time budget has run out. */
        private void checkDeadline() throws SAXException {
            if (deadline.passed()) {
                throw new SAXException("the time budget for reading the file ran out");
            }
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            checkDeadline();
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
            checkDeadline();
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
        if (language == null) {
            language = detectLanguage(text);
        }
        return new ExtractedText(text, type.toString(), title, author, publishedAt, siteName, sourceUrl, language,
                kind == Kind.HTML ? ContentScope.WHOLE_PAGE : ContentScope.FILE);
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
        return htmlMeta(doc);
    }

    private static HtmlMeta htmlMeta(Document doc) {
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

    /**
     * ISO-8601: an offset date-time kept with its offset ({@code 2025-12-24T10:15:00Z},
     * {@code 2025-12-24T05:15:00-05:00}); a date-time without zone reduced to its date; a date as it is; anything
     * else null.
     */
    static String isoDate(String value) {
        String v = clean(value);
        return v == null ? null : HtmlMetadataReader.isoDate(v);
    }

    /** A BCP 47 tag in canonical case ({@code en}, {@code en-US}, {@code pt-BR}), or null. */
    static String bcp47(String value) {
        return HtmlMetadataReader.bcp47(value);
    }
}
