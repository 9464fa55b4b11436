package org.claimscope.importing.archive;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.commons.compress.archivers.EntryStreamOffsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.GeneralPurposeBit;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.utils.InputStreamStatistics;

/**
 * Opens an uploaded archive of articles and hands the files inside to the import one at a time, in archive order,
 * with a sentence for the manager for every file that is not handed over. Nothing is written to disk: each file is
 * read into memory, up to a limit, and handed over as bytes. Immutable and thread-safe; one instance may serve every
 * import, and each {@link #expand} call keeps its own counts.
 *
 * <h2>What is opened</h2>
 * ZIP archives, tar archives, and gzip-compressed tar archives (.tar.gz, .tgz), recognised by their first bytes
 * ({@link #isArchive} also asks for the matching file name). The uploaded ZIP is read through its central directory
 * ({@link ZipFile}), which gives reliable names and flags and lets a damaged file be skipped without losing the rest.
 * Only when the central directory is too large to hold in memory (more than 1,000 entries beyond the entry limit
 * below, or more than 256 bytes for each) is it read front to back instead, as far as the limits allow. Tar archives, and archives inside archives,
 * are read front to back as streams.
 *
 * <p>An archive inside the archive (a file named .zip, .tar, .tgz or .tar.gz whose first bytes say so) is opened in
 * turn, up to {@link Limits#maxDepth} levels counting the upload as the first, and shares the upload's budgets for
 * bytes and files. It is never handed over itself. Paths name every level: {@code "upload.zip/news/more.tgz/a.html"}.
 * ZIP names are UTF-8 when the entry says so (its language encoding flag or an Info-ZIP Unicode path field);
 * otherwise they are read as UTF-8 when they are valid UTF-8 and as code page 437, the ZIP format's old default,
 * when not. Tar names are read as UTF-8. Separators are normalised to "/", and "." and empty segments dropped (tar's
 * "./news/a.html" is "news/a.html").
 *
 * <h2>What is skipped silently</h2>
 * Folders, and the files operating systems leave in archives: anything under {@code __MACOSX/}, {@code .DS_Store},
 * AppleDouble files ({@code ._name}), {@code Thumbs.db} and {@code desktop.ini}. No sink call is made for them and
 * they do not count as files.
 *
 * <h2>What is rejected, and the walk goes on</h2>
 * {@link Sink#rejected} gets the file's path and a sentence; the next file follows.
 * <ul>
 *     <li>Names that climb out of the archive ({@code ..}), start at a root ({@code /etc/passwd}, {@code C:\…},
 *     {@code \\server\…}) or hold control characters. Nothing is written to disk, so they could do no harm here, but
 *     only tampered archives hold them and the name would mislead.</li>
 *     <li>Symbolic and hard links, devices and named pipes: they are not files of their own.</li>
 *     <li>Encrypted ZIP entries (traditional PKWARE or AES), and entries compressed with a method this class does not
 *     unpack. XZ and Zstandard are among those even though Commons Compress reads them, because the memory they need
 *     is chosen by the archive.</li>
 *     <li>ZIP entries whose compressed data overlaps another entry's, the trick of the densest zip bombs.</li>
 *     <li>A file larger than {@link Limits#maxMemberBytes}, measured while reading; declared sizes are never trusted,
 *     not even to size a buffer. What was read of it is dropped.</li>
 *     <li>A file, or an archive inside, that unpacks to more than {@link Limits#maxRatio} times the compressed bytes
 *     it took, checked once more than {@link #RATIO_CHECK_BYTES} have come out of it: a decompression bomb. Small
 *     files are exempt because a few kilobytes of repeated markup may legitimately compress that well.</li>
 *     <li>An archive inside deeper than {@link Limits#maxDepth}, a file named like an archive that is not one, and an
 *     archive inside that is damaged (the files before the damage have been handed over).</li>
 *     <li>In the uploaded ZIP, a file whose compressed data is damaged.</li>
 * </ul>
 *
 * <h2>What stops the walk</h2>
 * The upload's budgets, shared by all levels: more than {@link Limits#maxTotalBytes} unpacked (every byte that comes
 * out of a decompressor or is read from a tar, at every level, including data skipped to reach the next file, so an
 * archive inside counts with its own size and with what it unpacks to), more than {@link Limits#maxMembers} files, or
 * more than four times as many entries of any kind. The rest of the upload is not read, and one
 * {@link Sink#rejected} call with the upload's name says so. Damage in a tar archive, in a ZIP read front to back, or
 * in its gzip compression stops the walk too: the rest cannot be found. Then one rejection with the upload's name
 * says after which file it broke. When the walk stops before any sink call was made, {@link #expand} throws
 * {@link ArchiveException} with the same sentence instead.
 *
 * <h2>Memory</h2>
 * Each file is read in chunks (8 KB doubling to 1 MB) that never add up to more than maxMemberBytes plus one chunk,
 * then copied once into an array of its exact size for the sink, so a file briefly takes about twice its size; no
 * allocation is ever sized by what the archive declares. The
 * central directory of the uploaded ZIP is held while it is walked (bounded as described above); everything else is
 * a stream with buffers of a few kilobytes per open level.
 */
public final class ArchiveExpander {
    /** Files smaller than this are never judged by their compression ratio. */
    public static final long RATIO_CHECK_BYTES = 1024L * 1024;
    /** The most bytes tar headers (long names, PAX records) between two files may take. */
    static final int HEADER_LIMIT = 1024 * 1024;
    /** The largest byte array the JVM reliably allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;
    private static final int HEAD_BYTES = 512;
    private static final int FIRST_CHUNK = 8 * 1024;
    private static final int LARGEST_CHUNK = 1024 * 1024;
    private static final long CENTRAL_DIRECTORY_BYTES_PER_ENTRY = 256;
    private static final int STREAM_BUFFER = 64 * 1024;
    private static final Charset CP437 = Charset.isSupported("IBM437") ? Charset.forName("IBM437")
            : StandardCharsets.ISO_8859_1;
    /** ZIP methods unpacked: stored, shrunk, imploded, deflated, Deflate64 and bzip2. */
    private static final Set<Integer> READABLE_METHODS = Set.of(ZipMethod.STORED.getCode(),
            ZipMethod.UNSHRINKING.getCode(), ZipMethod.IMPLODING.getCode(), ZipMethod.DEFLATED.getCode(),
            ZipMethod.ENHANCED_DEFLATED.getCode(), ZipMethod.BZIP2.getCode());

    private static final String ENCRYPTED = "the file is encrypted in the archive, so it cannot be read; pack the"
            + " archive again without a password and upload it again";
    private static final String LEAVES = "the path leaves the archive (it climbs out with “..” or starts at the root"
            + " of a disk), which only a tampered archive does; skipped";
    private static final String CONTROL = "the file name holds control characters, which only a tampered archive"
            + " does; skipped";
    private static final String OVERLAPS = "the file shares its compressed data with other files in the archive, a"
            + " trick of decompression bombs; skipped";
    private static final String NOT_AN_ARCHIVE = "the file is named like an archive but is not a ZIP or tar archive;"
            + " skipped";
    private static final String NOT_TAR_IN_GZIP = "the file is gzip-compressed but holds no tar archive; Claimscope"
            + " opens ZIP, tar and .tar.gz archives";

    /**
     * What one upload may cost.
     *
     * @param maxMemberBytes the largest file handed over, in bytes (at most about 2 GiB, the largest array)
     * @param maxTotalBytes  the most bytes unpacked from the upload, all levels together (see the class comment)
     * @param maxMembers     the most files read from the upload, all levels together; archives inside and rejected
     *                       files count, folders and system files do not
     * @param maxDepth       how deep archives are opened, the upload being the first level; 1 opens no archive inside
     * @param maxRatio       the highest compression ratio accepted for a file larger than {@link #RATIO_CHECK_BYTES}
     */
    public record Limits(long maxMemberBytes, long maxTotalBytes, int maxMembers, int maxDepth, double maxRatio) {
        public Limits {
            if (maxMemberBytes < 1 || maxTotalBytes < 1 || maxMembers < 1 || maxDepth < 1) {
                throw new IllegalArgumentException("archive limits must be positive: " + maxMemberBytes + ", "
                        + maxTotalBytes + ", " + maxMembers + ", " + maxDepth);
            }
            if (!(maxRatio > 1)) {
                throw new IllegalArgumentException("maxRatio must be more than 1: " + maxRatio);
            }
            maxMemberBytes = Math.min(maxMemberBytes, MAX_ARRAY - 1);
        }

        /**
         * The import's file limit with room for a research group's archive: 4 GiB unpacked, 20,000 files, archives
         * nested 3 deep, and a ratio of 200 to 1 (text compresses about 5 to 10 to 1, zeros 1,000 to 1).
         */
        public static Limits defaults(long maxMemberBytes) {
            return new Limits(maxMemberBytes, 4L * 1024 * 1024 * 1024, 20_000, 3, 200);
        }

        long maxEntries() {
            return 4L * maxMembers;
        }
    }

    /** Receives the files of an archive, one call for each file that is not skipped silently. */
    public interface Sink {
        /**
         * A file to import.
         *
         * @param path    its path inside the archive(s), starting with the upload's name, e.g.
         *                {@code "outer.zip/news/a.html"}
         * @param content the whole file, at most {@link Limits#maxMemberBytes}; the sink may keep it
         * @throws IOException to stop the walk; {@link #expand} rethrows it
         */
        void member(String path, byte[] content) throws IOException;

        /**
         * A file, an archive inside, or the rest of the upload, that is not imported.
         *
         * @param path    its path as for {@link #member}; the upload's name alone when the rest of the upload is meant
         * @param message why, a sentence for the manager without the path, e.g. "the file is encrypted in the archive,
         *                so it cannot be read; …"
         */
        void rejected(String path, String message);
    }

    private final Limits limits;

    public ArchiveExpander(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Whether this class opens a file: its name ends with .zip, .tar, .tgz or .tar.gz (any case) and its first bytes
     * are those of a ZIP archive, a tar archive or gzip. That a gzip file holds a tar archive shows only when it is
     * expanded. Word, OpenDocument and EPUB files are ZIP archives too, and are not opened, by their names.
     *
     * @param head the file's first bytes; 512 of them recognise every kind, 4 suffice for ZIP and gzip
     */
    public static boolean isArchive(String fileName, byte[] head) {
        return fileName != null && head != null && hasArchiveName(fileName) && formatOf(head, head.length) != null;
    }

    /**
     * Walks the archive stored in {@code file} (the spooled upload), in archive order, calling the sink once for each
     * file that is not skipped silently (see the class comment). Returns normally when the walk finished or stopped
     * at a limit or at damage after the sink was called; the sink has then been told about every file.
     *
     * @param archiveName the upload's file name, the first segment of every path given to the sink
     * @throws ArchiveException the archive cannot be read as a whole, with a sentence for the manager: not a ZIP or
     *                          tar archive, damaged or incomplete before any file could be read, no files in it, or a
     *                          limit reached before any sink call
     * @throws IOException      the file cannot be opened, or the sink threw it
     */
    public void expand(String archiveName, Path file, Sink sink) throws ArchiveException, IOException {
        Objects.requireNonNull(archiveName, "archiveName");
        Objects.requireNonNull(sink, "sink");
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD_BYTES);
        }
        Format format = formatOf(head, head.length);
        if (format == null && head.length == HEAD_BYTES && isEndOfTar(head)) {
            format = Format.TAR; // an empty tar is nothing but its end blocks
        }
        if (format == null) {
            throw new ArchiveException(head.length == 0 ? "the file is empty"
                    : "the file is not a ZIP or tar archive; it may be damaged, or another kind of file with an"
                    + " archive's name");
        }
        Walk walk = new Walk(sink);
        try {
            if (format == Format.ZIP && !centralDirectoryTooLarge(file)) {
                walk.zipFile(archiveName, file);
            } else {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file), STREAM_BUFFER)) {
                    walk.stream(archiveName, format, in, 1, true);
                }
            }
        } catch (StopWalk stop) {
            walk.stopped(archiveName, stop.getMessage(), stop);
            return;
        } catch (Broken broken) {
            walk.stopped(archiveName, broken.getMessage(), broken.getCause());
            return;
        } catch (SinkFailure failure) {
            throw failure.getCause();
        }
        if (walk.files == 0) {
            throw new ArchiveException("the archive holds no files");
        }
    }

    // ---- recognising archives ----

    private enum Format {
        ZIP("ZIP archive"), TAR("tar archive"), TAR_GZ("compressed tar archive");

        final String label;

        Format(String label) {
            this.label = label;
        }
    }

    private static boolean hasArchiveName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".zip") || lower.endsWith(".tar") || lower.endsWith(".tgz") || lower.endsWith(".tar.gz");
    }

    private static Format formatOf(byte[] head, int length) {
        if (length >= 4 && head[0] == 'P' && head[1] == 'K'
                && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6 || head[2] == 7 && head[3] == 8)) {
            return Format.ZIP;
        }
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Format.TAR_GZ;
        }
        if (TarArchiveInputStream.matches(head, length)) {
            return Format.TAR;
        }
        return null;
    }

    /**
     * Whether the ZIP's central directory, going by its end record, is too large to hold: {@link ZipFile} keeps an
     * object for every entry, and a hostile upload of a few megabytes can declare millions. Such archives are read
     * front to back instead. An archive without an end record is left to {@link ZipFile} to report.
     */
    private boolean centralDirectoryTooLarge(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int tail = (int) Math.min(size, 22 + 65_535 + 20);
            ByteBuffer buffer = read(channel, size - tail, tail);
            int end = -1;
            for (int i = tail - 22; i >= 0; i--) {
                if (buffer.getInt(i) == 0x06054b50) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                return false;
            }
            long entries = Short.toUnsignedLong(buffer.getShort(end + 10));
            long directorySize = Integer.toUnsignedLong(buffer.getInt(end + 12));
            long directoryOffset = Integer.toUnsignedLong(buffer.getInt(end + 16));
            long endPosition = size - tail + end;
            boolean zip64 = entries == 0xffff || directorySize == 0xffffffffL || directoryOffset == 0xffffffffL;
            if (zip64 && end >= 20 && buffer.getInt(end - 20) == 0x07064b50) {
                long recordOffset = buffer.getLong(end - 20 + 8);
                if (recordOffset >= 0 && recordOffset <= size - 56) {
                    ByteBuffer record = read(channel, recordOffset, 56);
                    if (record.getInt(0) == 0x06064b50) {
                        entries = record.getLong(32);
                        directorySize = record.getLong(40);
                        directoryOffset = record.getLong(48);
                        endPosition = recordOffset;
                    }
                }
            }
            long region = directoryOffset >= 0 && directoryOffset <= endPosition ? endPosition - directoryOffset : 0;
            long allowedEntries = limits.maxEntries() + 1000;
            long allowedBytes = allowedEntries * CENTRAL_DIRECTORY_BYTES_PER_ENTRY;
            return entries < 0 || entries > allowedEntries || directorySize < 0 || directorySize > allowedBytes
                    || region > allowedBytes;
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer;
    }

    // ---- names ----

    /** An entry's name made safe: the normalised path, or why it is refused. */
    private record Name(String path, String problem, String shown) {
    }

    private static Name name(String raw) {
        StringBuilder shown = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c >= 0x7f && c < 0xa0) {
                if (shown == null) {
                    shown = new StringBuilder(raw);
                }
                shown.setCharAt(i, '?');
            }
        }
        if (shown != null) {
            return new Name(null, CONTROL, shown.toString());
        }
        String slashed = raw.replace('\\', '/');
        if (slashed.startsWith("/") || slashed.length() >= 2 && slashed.charAt(1) == ':'
                && (slashed.charAt(0) | 0x20) >= 'a' && (slashed.charAt(0) | 0x20) <= 'z') {
            return new Name(null, LEAVES, raw);
        }
        StringBuilder path = new StringBuilder(slashed.length());
        int start = 0;
        while (start <= slashed.length()) {
            int slash = slashed.indexOf('/', start);
            int stop = slash < 0 ? slashed.length() : slash;
            String segment = slashed.substring(start, stop);
            if (segment.equals("..")) {
                return new Name(null, LEAVES, raw);
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                if (path.length() > 0) {
                    path.append('/');
                }
                path.append(segment);
            }
            start = stop + 1;
        }
        return new Name(path.toString(), null, raw);
    }

    /** Files operating systems add to archives, skipped silently; {@code path} is normalised. */
    static boolean isSystemFile(String path) {
        if (path.equals("__MACOSX") || path.startsWith("__MACOSX/") || path.contains("/__MACOSX/")) {
            return true;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.startsWith("._") || last.equalsIgnoreCase(".DS_Store") || last.equalsIgnoreCase("Thumbs.db")
                || last.equalsIgnoreCase("desktop.ini");
    }

    /** UTF-8 when flagged; otherwise UTF-8 when the bytes are valid UTF-8, code page 437 when not. */
    private static String zipName(ZipArchiveEntry entry) {
        byte[] raw = entry.getRawName();
        if (entry.getNameSource() != ZipArchiveEntry.NameSource.NAME || raw == null) {
            return entry.getName();
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return new String(raw, CP437);
        }
    }

    // ---- messages ----

    static String describeSize(long bytes) {
        return org.claimscope.common.Sizes.describe(bytes);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private String tooLarge() {
        return "the file is larger than the limit of " + describeSize(limits.maxMemberBytes()) + "; skipped";
    }

    private static String bomb(double ratio) {
        return "the file is compressed suspiciously well (about " + count(Math.round(ratio))
                + " to 1) and looks like a decompression bomb; skipped";
    }

    private String tooDeep() {
        return "archives nested more than " + limits.maxDepth() + " deep are not opened; unpack this one and upload"
                + " its files";
    }

    private static String unsupportedMethod(int code) {
        ZipMethod method = ZipMethod.getMethodByCode(code);
        String name = method == null ? "method " + code : method.name().replace('_', ' ');
        return "the file is compressed with a method Claimscope does not unpack (" + name + "); pack the archive"
                + " again with ordinary ZIP compression and upload it again";
    }

    private static String damaged(Format format, String after, String inside) {
        if (inside != null) {
            return "the archive is damaged inside “" + inside + "”; that file and the files after it were not"
                    + " imported";
        }
        if (after != null) {
            return "the archive is damaged after “" + after + "”; the files after it were not imported";
        }
        return "the archive is damaged or incomplete, or is not really a " + format.label + ", and cannot be read";
    }

    // ---- signals: internal exceptions that carry a decision through Commons Compress's streams ----

    /** Base of the exceptions this class throws through streams; found again even when wrapped. */
    private abstract static class Signal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Signal(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** A budget of the whole upload is spent: the walk stops. */
    private static final class StopWalk extends Signal {
        private static final long serialVersionUID = 1L;

        StopWalk(String message) {
            super(message, null);
        }
    }

    /** One file (or archive inside) is over its own limit; the level that reads it rejects it. */
    private static final class MemberLimit extends Signal {
        private static final long serialVersionUID = 1L;
        final transient Object source;

        MemberLimit(Object source, String message) {
            super(message, null);
            this.source = source;
        }
    }

    /** The sink threw an IOException; {@link #expand} rethrows it. */
    private static final class SinkFailure extends Signal {
        private static final long serialVersionUID = 1L;

        SinkFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** The archive being read cannot be read further; the message, when set, is for the manager. */
    private static final class Broken extends Exception {
        private static final long serialVersionUID = 1L;

        Broken(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private interface Read<T> {
        T get() throws IOException;
    }

    /** Runs a read on archive data: signals pass, every other failure (Commons Compress throws runtime ones too) is damage. */
    private static <T> T read(Read<T> read) throws Broken {
        try {
            return read.get();
        } catch (IOException | RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof Signal signal) {
                    throw signal;
                }
            }
            throw new Broken(null, e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing was written; a failing close changes nothing
        }
    }

    // ---- the walk ----

    /** One upload's walk: the sink and the budgets all levels share. */
    private final class Walk {
        private final Sink sink;
        private long total;
        int files;
        private long entries;
        private boolean told;

        Walk(Sink sink) {
            this.sink = sink;
        }

        /** The walk ended early: one rejection for the rest, or the exception when the sink has heard nothing. */
        void stopped(String archiveName, String message, Throwable cause) throws ArchiveException {
            if (!told) {
                throw new ArchiveException(message, cause);
            }
            sink.rejected(archiveName, message);
        }

        void addTotal(long n) {
            total += n;
            if (total > limits.maxTotalBytes()) {
                throw new StopWalk("the archive unpacks to more than " + describeSize(limits.maxTotalBytes())
                        + "; the remaining files were not imported");
            }
        }

        private void member(String path, byte[] content) {
            told = true;
            try {
                sink.member(path, content);
            } catch (IOException e) {
                throw new SinkFailure(e);
            }
        }

        private void reject(String path, String message) {
            told = true;
            sink.rejected(path, message);
        }

        /**
         * Counts an entry and decides on its name: the full path of a file to read, or null when it is skipped
         * silently or was rejected for its name.
         */
        private String admit(String prefix, String rawName, boolean directory) {
            entries++;
            if (entries > limits.maxEntries()) {
                throw new StopWalk("the archive holds more than " + count(limits.maxEntries()) + " entries (files,"
                        + " folders and system files); the entries after the first " + count(limits.maxEntries())
                        + " were not imported");
            }
            if (directory) {
                return null;
            }
            Name name = name(rawName);
            if (name.path != null && (name.path.isEmpty() || isSystemFile(name.path))) {
                return null;
            }
            files++;
            if (files > limits.maxMembers()) {
                throw new StopWalk("the archive holds more than " + count(limits.maxMembers()) + " files; the files"
                        + " after the first " + count(limits.maxMembers()) + " were not imported");
            }
            if (name.problem != null) {
                reject(prefix + "/" + name.shown, name.problem);
                return null;
            }
            return prefix + "/" + name.path;
        }

        /**
         * Reads one file and hands it over, or opens it when it is an archive. Throws Broken (without message) when
         * its data cannot be read; the caller knows what that means for the archive around it.
         *
         * @param compressed the compressed bytes taken so far by this file, or null when unknown (no ratio check)
         * @param counts     whether the bytes read count towards the total (false where the level below counts them)
         */
        private void take(String path, InputStream data, LongSupplier compressed, boolean counts, int depth)
                throws Broken {
            MemberInput in = new MemberInput(data, compressed, counts);
            try {
                if (hasArchiveName(path)) {
                    BufferedInputStream buffered = new BufferedInputStream(in, 8 * 1024);
                    byte[] head = read(() -> {
                        buffered.mark(HEAD_BYTES);
                        byte[] bytes = buffered.readNBytes(HEAD_BYTES);
                        buffered.reset();
                        return bytes;
                    });
                    Format format = formatOf(head, head.length);
                    if (format == null) {
                        reject(path, NOT_AN_ARCHIVE);
                    } else if (depth + 1 > limits.maxDepth()) {
                        reject(path, tooDeep());
                    } else {
                        in.maxBytes = Long.MAX_VALUE;
                        try {
                            stream(path, format, buffered, depth + 1, false);
                        } catch (Broken broken) {
                            reject(path, broken.getMessage());
                        }
                    }
                    return;
                }
                byte[] content = read(() -> readAll(in));
                member(path, content);
            } catch (MemberLimit limit) {
                if (limit.source != in) {
                    throw limit;
                }
                reject(path, limit.getMessage());
            }
        }

        // ---- the uploaded ZIP, through its central directory ----

        void zipFile(String archiveName, Path file) throws ArchiveException {
            ZipFile zip;
            try {
                zip = ZipFile.builder().setPath(file).setCharset(StandardCharsets.UTF_8).setUseUnicodeExtraFields(true)
                        .get();
            } catch (IOException | RuntimeException e) {
                throw new ArchiveException("the file is not a readable ZIP archive: it is damaged, incompletely"
                        + " uploaded, split into parts, or its list of files is encrypted", e);
            }
            try {
                Set<ZipArchiveEntry> overlapping = overlapping(zip);
                for (Enumeration<ZipArchiveEntry> all = zip.getEntries(); all.hasMoreElements(); ) {
                    ZipArchiveEntry entry = all.nextElement();
                    String rawName = zipName(entry);
                    String path = admit(archiveName, rawName, entry.isDirectory() || rawName.endsWith("\\"));
                    if (path == null) {
                        continue;
                    }
                    String problem = zipProblem(entry, zip.canReadEntryData(entry));
                    if (problem == null && overlapping.contains(entry)) {
                        problem = OVERLAPS;
                    }
                    if (problem != null) {
                        reject(path, problem);
                        continue;
                    }
                    InputStream data = null;
                    try {
                        InputStream opened = read(() -> zip.getInputStream(entry));
                        data = opened;
                        LongSupplier compressed = opened instanceof InputStreamStatistics statistics
                                ? statistics::getCompressedCount
                                : entry.getCompressedSize() > 0 ? entry::getCompressedSize : null;
                        take(path, opened, compressed, true, 1);
                    } catch (Broken broken) {
                        reject(path, "the file is damaged in the archive and cannot be unpacked; skipped");
                    } finally {
                        if (data != null) {
                            closeQuietly(data);
                        }
                    }
                }
            } finally {
                closeQuietly(zip);
            }
        }

        /** Entries whose compressed data overlaps another entry's (as in Fifield's "better zip bomb"). */
        private Set<ZipArchiveEntry> overlapping(ZipFile zip) {
            List<ZipArchiveEntry> located = new ArrayList<>();
            for (Enumeration<ZipArchiveEntry> all = zip.getEntries(); all.hasMoreElements(); ) {
                ZipArchiveEntry entry = all.nextElement();
                if (entry.getLocalHeaderOffset() >= 0 && entry.getDataOffset() != EntryStreamOffsets.OFFSET_UNKNOWN
                        && entry.getCompressedSize() >= 0) {
                    located.add(entry);
                }
            }
            located.sort(Comparator.comparingLong(ZipArchiveEntry::getLocalHeaderOffset));
            Set<ZipArchiveEntry> overlapping = new HashSet<>();
            long reach = -1;
            ZipArchiveEntry reacher = null;
            for (ZipArchiveEntry entry : located) {
                if (entry.getLocalHeaderOffset() < reach) {
                    overlapping.add(entry);
                    overlapping.add(reacher);
                }
                long end = entry.getDataOffset() + entry.getCompressedSize();
                if (end > reach) {
                    reach = end;
                    reacher = entry;
                }
            }
            return overlapping;
        }

        private String zipProblem(ZipArchiveEntry entry, boolean readable) {
            if (entry.isUnixSymlink()) {
                return "the entry is a symbolic link, not a file; links are not followed; skipped";
            }
            GeneralPurposeBit flags = entry.getGeneralPurposeBit();
            if (flags.usesEncryption() || flags.usesStrongEncryption()) {
                return ENCRYPTED;
            }
            if (!READABLE_METHODS.contains(entry.getMethod())) {
                return unsupportedMethod(entry.getMethod());
            }
            if (!readable) {
                if (entry.getMethod() == ZipMethod.STORED.getCode() && flags.usesDataDescriptor()) {
                    return "the file is stored in a way that can only be read from a ZIP archive of its own, not"
                            + " from one inside another archive; unpack the inner archive and upload its files";
                }
                return unsupportedMethod(entry.getMethod());
            }
            return null;
        }

        // ---- archives read front to back ----

        /**
         * Walks an archive from a stream: tar, tar.gz, or ZIP (inside another archive, or an upload whose central
         * directory is too large). Throws Broken, with a sentence, when the archive cannot be read further.
         *
         * @param countRaw whether the bytes of a plain tar count towards the total (the upload's; an archive inside
         *                 was counted by the level that read it)
         */
        void stream(String prefix, Format format, InputStream raw, int depth, boolean countRaw) throws Broken {
            switch (format) {
                case ZIP -> zipStream(prefix, raw, depth);
                case TAR -> tarStream(prefix, format, new ArchiveInput(raw, countRaw), null, depth);
                case TAR_GZ -> {
                    GzipCompressorInputStream gzip;
                    ArchiveInput counted;
                    byte[] head;
                    try {
                        gzip = read(() -> GzipCompressorInputStream.builder().setInputStream(raw)
                                .setDecompressConcatenated(true).get());
                        counted = new ArchiveInput(gzip, true);
                        head = read(() -> {
                            counted.mark(HEAD_BYTES);
                            byte[] bytes = counted.readNBytes(HEAD_BYTES);
                            counted.reset();
                            return bytes;
                        });
                    } catch (Broken broken) {
                        throw new Broken(damaged(format, null, null), broken.getCause());
                    }
                    if (!TarArchiveInputStream.matches(head, head.length) && !isEndOfTar(head)) {
                        throw new Broken(NOT_TAR_IN_GZIP, null);
                    }
                    tarStream(prefix, format, counted, gzip, depth);
                }
                default -> throw new IllegalStateException(format.name());
            }
        }

        private void zipStream(String prefix, InputStream raw, int depth) throws Broken {
            ZipArchiveInputStream zip = new ZipArchiveInputStream(raw, StandardCharsets.UTF_8.name(), true, false,
                    false);
            String last = null;
            while (true) {
                ZipArchiveEntry entry;
                try {
                    entry = read(zip::getNextEntry);
                } catch (Broken broken) {
                    throw new Broken(damaged(Format.ZIP, last, null), broken.getCause());
                }
                if (entry == null) {
                    return;
                }
                String rawName = zipName(entry);
                last = rawName;
                String path = admit(prefix, rawName, entry.isDirectory() || rawName.endsWith("\\"));
                boolean readable = zip.canReadEntryData(entry);
                String problem = path == null ? null : zipProblem(entry, readable);
                if (problem != null) {
                    reject(path, problem);
                } else if (path != null) {
                    try {
                        take(path, nonClosing(zip), zip::getCompressedCount, true, depth);
                    } catch (Broken broken) {
                        throw new Broken(damaged(Format.ZIP, null, rawName), broken.getCause());
                    }
                }
                // Commons Compress skips the rest of an entry with known sizes as raw bytes (counted by the level
                // below); one whose size follows its data would be inflated unseen, so drain it here and count it.
                if (readable && entry.getGeneralPurposeBit().usesDataDescriptor()) {
                    try {
                        read(() -> drain(zip));
                    } catch (Broken broken) {
                        throw new Broken(damaged(Format.ZIP, null, rawName), broken.getCause());
                    }
                }
            }
        }

        private Void drain(InputStream in) throws IOException {
            byte[] scratch = new byte[16 * 1024];
            int n;
            while ((n = in.read(scratch)) > 0) {
                addTotal(n);
            }
            return null;
        }

        private void tarStream(String prefix, Format format, ArchiveInput counted, GzipCompressorInputStream gzip,
                               int depth) throws Broken {
            TarArchiveInputStream tar = new TarArchiveInputStream(counted, StandardCharsets.UTF_8.name());
            String last = null;
            while (true) {
                TarArchiveEntry entry;
                try {
                    counted.headerAllowance = HEADER_LIMIT;
                    entry = read(tar::getNextEntry);
                    counted.headerAllowance = -1;
                } catch (Broken broken) {
                    throw new Broken(damaged(format, last, null), broken.getCause());
                }
                if (entry == null) {
                    return;
                }
                String rawName = entry.getName();
                last = rawName;
                String path = admit(prefix, rawName, entry.isDirectory());
                if (path != null) {
                    String problem = tarProblem(entry);
                    if (problem != null) {
                        reject(path, problem);
                    } else {
                        long start = gzip == null ? 0 : gzip.getCompressedCount();
                        LongSupplier compressed = gzip == null ? null : () -> gzip.getCompressedCount() - start;
                        try {
                            take(path, nonClosing(tar), compressed, false, depth);
                        } catch (Broken broken) {
                            throw new Broken(damaged(format, null, rawName), broken.getCause());
                        }
                    }
                }
                try {
                    read(() -> {
                        while (tar.skip(Long.MAX_VALUE) > 0) {
                            // the rest of the entry, counted by the ArchiveInput below
                        }
                        return null;
                    });
                } catch (Broken broken) {
                    throw new Broken(damaged(format, null, rawName), broken.getCause());
                }
            }
        }

        private String tarProblem(TarArchiveEntry entry) {
            if (entry.isSymbolicLink()) {
                return "the entry is a symbolic link, not a file; links are not followed; skipped";
            }
            if (entry.isLink()) {
                return "the entry is a hard link to another file in the archive, not a file of its own; skipped";
            }
            if (entry.isCharacterDevice() || entry.isBlockDevice()) {
                return "the entry is a device, not a file; skipped";
            }
            if (entry.isFIFO()) {
                return "the entry is a named pipe, not a file; skipped";
            }
            if (!entry.isFile()) {
                return "the entry is not an ordinary file; skipped";
            }
            return null;
        }

        // ---- streams ----

        /** Reads one file, counting and checking its bytes; throws MemberLimit (with itself as source) or StopWalk. */
        private final class MemberInput extends InputStream {
            private final InputStream in;
            private final LongSupplier compressed;
            private final boolean counts;
            long maxBytes = limits.maxMemberBytes();
            private long read;

            MemberInput(InputStream in, LongSupplier compressed, boolean counts) {
                this.in = in;
                this.compressed = compressed;
                this.counts = counts;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    read += n;
                    if (counts) {
                        addTotal(n);
                    }
                    if (read > maxBytes) {
                        throw new MemberLimit(this, tooLarge());
                    }
                    if (read > RATIO_CHECK_BYTES && compressed != null) {
                        long taken = compressed.getAsLong();
                        if (taken > 0 && read > taken * limits.maxRatio()) {
                            throw new MemberLimit(this, bomb(read / (double) taken));
                        }
                    }
                }
                return n;
            }

            @Override
            public void close() {
                // the level that opened the data closes it
            }
        }

        /**
         * An archive's own bytes (a plain tar, or what gzip unpacks): counts them, skipped ones included, towards the
         * total, and limits how much tar headers between two files may take.
         */
        private final class ArchiveInput extends BufferedInputStream {
            private final boolean counts;
            /** Bytes headers may still take; -1 outside headers. */
            long headerAllowance = -1;

            ArchiveInput(InputStream in, boolean counts) {
                super(in, STREAM_BUFFER);
                this.counts = counts;
            }

            private void took(long n) throws IOException {
                if (n <= 0) {
                    return;
                }
                if (counts) {
                    addTotal(n);
                }
                if (headerAllowance >= 0) {
                    headerAllowance -= n;
                    if (headerAllowance < 0) {
                        throw new IOException("tar headers larger than " + HEADER_LIMIT + " bytes");
                    }
                }
            }

            @Override
            public synchronized int read() throws IOException {
                int c = super.read();
                if (c >= 0) {
                    took(1);
                }
                return c;
            }

            @Override
            public synchronized int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                took(n);
                return n;
            }

            @Override
            public synchronized long skip(long n) throws IOException {
                long skipped = super.skip(n);
                took(skipped);
                return skipped;
            }

            @Override
            public synchronized void reset() throws IOException {
                long before = pos;
                super.reset();
                // re-read bytes are not unpacked twice
                total -= before - pos;
            }
        }
    }

    private static boolean isEndOfTar(byte[] head) {
        for (byte b : head) {
            if (b != 0) {
                return false;
            }
        }
        return head.length > 0;
    }

    /** The entry's data without closing the archive stream. */
    private static InputStream nonClosing(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // the archive stream stays open for the next entry
            }
        };
    }

    /** All of a file, in chunks that never exceed its limit by more than one chunk, then one exact copy. */
    private static byte[] readAll(InputStream in) throws IOException {
        List<byte[]> full = new ArrayList<>();
        byte[] chunk = new byte[FIRST_CHUNK];
        int filled = 0;
        long size = 0;
        while (true) {
            if (filled == chunk.length) {
                full.add(chunk);
                chunk = new byte[Math.min(LARGEST_CHUNK, chunk.length * 2)];
                filled = 0;
            }
            int n = in.read(chunk, filled, chunk.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
            size += n;
        }
        byte[] content = new byte[(int) size];
        int at = 0;
        for (byte[] part : full) {
            System.arraycopy(part, 0, content, at, part.length);
            at += part.length;
        }
        System.arraycopy(chunk, 0, content, at, filled);
        return content;
    }
}
