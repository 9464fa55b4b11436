package org.claimscope.importing.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.GeneralPurposeBit;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.claimscope.importing.archive.ArchiveExpander.Limits;
import org.claimscope.importing.archive.ArchiveExpander.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a manager uploading an archive of articles gets: each file inside handed to the import with its path, and a
 * sentence for every file that is not. Hostile archives (bombs, climbing names, links, encrypted entries, damage) are
 * built here in memory; timeouts are hang guards and show that bombs stop early.
 */
class ArchiveExpanderTest {
    private static final long MIB = 1024L * 1024;
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final ArchiveExpander DEFAULT = new ArchiveExpander(Limits.defaults(20 * MIB));

    @TempDir
    Path dir;

    // ---- order, paths, skipped entries ----

    @Test
    void handsOverFilesInArchiveOrderWithTheirPathsAndSkipsFoldersAndSystemFilesSilently() throws Exception {
        byte[] zip = new Zip(true)
                .dir("news/")
                .file("news/b.html", "<p>B</p>")
                .file("news/.DS_Store", "junk")
                .file("__MACOSX/news/._b.html", "junk")
                .file("news/._b.html", "junk")
                .file("Thumbs.db", "junk")
                .file("news/Desktop.ini", "junk")
                .file("a.txt", "A")
                .file("news/deep/c.pdf", "%PDF-1.4 C")
                .bytes();

        Recorder result = expand(DEFAULT, "upload.zip", zip);

        assertThat(result.events).containsExactly("member upload.zip/news/b.html", "member upload.zip/a.txt",
                "member upload.zip/news/deep/c.pdf");
        assertThat(result.text("upload.zip/news/b.html")).isEqualTo("<p>B</p>");
        assertThat(result.text("upload.zip/news/deep/c.pdf")).isEqualTo("%PDF-1.4 C");
    }

    @Test
    void readsTarAndTarGzAndDropsDotSegmentsFromNames() throws Exception {
        byte[] tar = new Tar().dir("./").dir("./news/").file("./news/a.html", "A").file("./b.txt", "B")
                .file("news//./c.txt", "C").bytes();

        Recorder plain = expand(DEFAULT, "upload.tar", tar);
        Recorder gzipped = expand(DEFAULT, "upload.tgz", gzip(tar));

        assertThat(plain.events).containsExactly("member upload.tar/news/a.html", "member upload.tar/b.txt",
                "member upload.tar/news/c.txt");
        assertThat(gzipped.events).containsExactly("member upload.tgz/news/a.html", "member upload.tgz/b.txt",
                "member upload.tgz/news/c.txt");
        assertThat(gzipped.text("upload.tgz/news/a.html")).isEqualTo("A");
    }

    @Test
    void decodesUtf8FlaggedNamesAndFallsBackToCodePage437() throws Exception {
        Zip flagged = new Zip(true);
        flagged.out.setEncoding("UTF-8");
        flagged.out.setUseLanguageEncodingFlag(true);
        flagged.file("Bericht-über-Angriffe.html", "<p>Ü</p>");
        Zip legacy = new Zip(true);
        legacy.out.setEncoding("IBM437");
        legacy.out.setUseLanguageEncodingFlag(false);
        legacy.out.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
        legacy.file("Bericht-über-Angriffe.html", "<p>Ü</p>");
        Zip unflaggedUtf8 = new Zip(true);
        unflaggedUtf8.out.setEncoding("UTF-8");
        unflaggedUtf8.out.setUseLanguageEncodingFlag(false);
        unflaggedUtf8.file("Bericht-über-Angriffe.html", "<p>Ü</p>");

        assertThat(expand(DEFAULT, "a.zip", flagged.bytes()).events)
                .containsExactly("member a.zip/Bericht-über-Angriffe.html");
        assertThat(expand(DEFAULT, "a.zip", legacy.bytes()).events)
                .containsExactly("member a.zip/Bericht-über-Angriffe.html");
        assertThat(expand(DEFAULT, "a.zip", unflaggedUtf8.bytes()).events)
                .containsExactly("member a.zip/Bericht-über-Angriffe.html");
    }

    // ---- hostile names and entry types ----

    @Test
    void refusesNamesThatLeaveTheArchiveAndGoesOn() throws Exception {
        byte[] zip = new Zip(true)
                .file("../../etc/passwd", "x")
                .file("news/../../outside.html", "x")
                .file("/etc/passwd", "x")
                .file("C:\\Windows\\evil.html", "x") // written as C:/Windows/evil.html
                .file("\\\\server\\share\\evil.html", "x") // written as //server/share/evil.html
                .file("bell\u0007.html", "x")
                .file("nul\u0000.html", "x")
                .file("ok/a..b.html", "fine")
                .bytes();

        Recorder result = expand(DEFAULT, "evil.zip", zip);

        assertThat(result.members()).containsExactly("evil.zip/ok/a..b.html");
        assertThat(result.rejected).containsOnlyKeys("evil.zip/../../etc/passwd", "evil.zip/news/../../outside.html",
                "evil.zip//etc/passwd", "evil.zip/C:/Windows/evil.html", "evil.zip///server/share/evil.html",
                "evil.zip/bell?.html", "evil.zip/nul?.html");
        assertThat(result.rejected.get("evil.zip/../../etc/passwd"))
                .startsWith("the path leaves the archive").endsWith("; skipped");
        assertThat(result.rejected.get("evil.zip/C:/Windows/evil.html")).startsWith("the path leaves the archive");
        assertThat(result.rejected.get("evil.zip/bell?.html")).contains("control characters").endsWith("; skipped");
    }

    @Test
    void refusesAbsoluteAndClimbingNamesInTar() throws Exception {
        Tar tar = new Tar();
        for (String name : List.of("/etc/passwd", "C:\\Windows\\evil.html", "\\\\server\\share\\evil.html",
                "news\\..\\..\\up.html")) {
            tar.add(new TarArchiveEntry(name, true), "x".getBytes(StandardCharsets.UTF_8));
        }
        tar.file("../up.html", "x").file("fine.html", "fine");

        Recorder result = expand(DEFAULT, "evil.tar.gz", gzip(tar.bytes()));

        assertThat(result.events).containsExactly("rejected evil.tar.gz//etc/passwd",
                "rejected evil.tar.gz/C:\\Windows\\evil.html", "rejected evil.tar.gz/\\\\server\\share\\evil.html",
                "rejected evil.tar.gz/news\\..\\..\\up.html", "rejected evil.tar.gz/../up.html",
                "member evil.tar.gz/fine.html");
        assertThat(result.rejected.values()).allSatisfy(m -> assertThat(m).contains("leaves the archive"));
    }

    @Test
    void refusesLinksDevicesAndPipesAndGoesOn() throws Exception {
        Tar tar = new Tar();
        TarArchiveEntry symlink = new TarArchiveEntry("link.html", TarConstants.LF_SYMLINK);
        symlink.setLinkName("/etc/passwd");
        TarArchiveEntry hardlink = new TarArchiveEntry("hard.html", TarConstants.LF_LINK);
        hardlink.setLinkName("a.html");
        tar.file("a.html", "A");
        tar.add(symlink, new byte[0]);
        tar.add(hardlink, new byte[0]);
        tar.add(new TarArchiveEntry("tty", TarConstants.LF_CHR), new byte[0]);
        tar.add(new TarArchiveEntry("sda", TarConstants.LF_BLK), new byte[0]);
        tar.add(new TarArchiveEntry("pipe", TarConstants.LF_FIFO), new byte[0]);
        tar.file("b.html", "B");
        ZipArchiveEntry zipLink = new ZipArchiveEntry("link.html");
        zipLink.setUnixMode(0120777);
        Zip zip = new Zip(true).file("a.html", "A");
        zip.add(zipLink, "/etc/passwd".getBytes(StandardCharsets.UTF_8));
        zip.file("b.html", "B");

        Recorder fromTar = expand(DEFAULT, "x.tar", tar.bytes());
        Recorder fromZip = expand(DEFAULT, "x.zip", zip.bytes());

        assertThat(fromTar.events).containsExactly("member x.tar/a.html", "rejected x.tar/link.html",
                "rejected x.tar/hard.html", "rejected x.tar/tty", "rejected x.tar/sda", "rejected x.tar/pipe",
                "member x.tar/b.html");
        assertThat(fromTar.rejected.get("x.tar/link.html")).isEqualTo(
                "the entry is a symbolic link, not a file; links are not followed; skipped");
        assertThat(fromTar.rejected.get("x.tar/hard.html")).contains("hard link");
        assertThat(fromTar.rejected.get("x.tar/tty")).contains("device");
        assertThat(fromTar.rejected.get("x.tar/pipe")).contains("named pipe");
        assertThat(fromZip.events).containsExactly("member x.zip/a.html", "rejected x.zip/link.html",
                "member x.zip/b.html");
    }

    // ---- size, ratio, total ----

    @Test
    void rejectsFilesOverTheLimitMeasuredWhileReadingNotAsDeclared() throws Exception {
        Limits limits = new Limits(1000, 4L << 30, 20_000, 3, 200);
        byte[] lying = repeat("<p>lie</p>", 500); // 5000 bytes, declared as 10
        Zip zip = new Zip(true).file("exact.txt", new byte[1000]).file("big.txt", new byte[1001]);
        zip.raw("liar.html", ZipMethod.DEFLATED.getCode(), deflate(lying), 10, crc(lying), e -> { });
        zip.file("after.txt", "after");

        Recorder result = expand(new ArchiveExpander(limits), "up.zip", zip.bytes());

        assertThat(result.events).containsExactly("member up.zip/exact.txt", "rejected up.zip/big.txt",
                "rejected up.zip/liar.html", "member up.zip/after.txt");
        assertThat(result.rejected.get("up.zip/big.txt"))
                .isEqualTo("the file is larger than the limit of 1000 bytes; skipped");
        assertThat(result.rejected.get("up.zip/liar.html")).contains("larger than the limit");
        assertThat(ArchiveExpander.describeSize(20 * MIB)).isEqualTo("20 MB");
        assertThat(ArchiveExpander.describeSize(4L << 30)).isEqualTo("4 GB");
    }

    @Test
    void rejectsFilesThatCompressSuspiciouslyWell() throws Exception {
        ArchiveExpander generous = new ArchiveExpander(Limits.defaults(512 * MIB));
        Zip zip = new Zip(true).file("before.txt", "before");
        zip.raw("zeros.html", ZipMethod.DEFLATED.getCode(), deflatedZeros(256 * MIB), 256 * MIB,
                crcOfZeros(256 * MIB), e -> { });
        zip.file("after.txt", "after");
        Tar tar = new Tar().file("before.txt", "before").file("zeros.html", new byte[(int) (64 * MIB)])
                .file("after.txt", "after");
        byte[] tgz = gzip(tar.bytes());

        Recorder fromZip = assertTimeoutPreemptively(HANG_GUARD, () -> expand(generous, "bomb.zip", zip.bytes()));
        Recorder fromTgz = assertTimeoutPreemptively(HANG_GUARD, () -> expand(generous, "bomb.tgz", tgz));

        assertThat(fromZip.events).containsExactly("member bomb.zip/before.txt", "rejected bomb.zip/zeros.html",
                "member bomb.zip/after.txt");
        assertThat(fromZip.rejected.get("bomb.zip/zeros.html")).matches(
                "the file is compressed suspiciously well \\(about [0-9,]+ to 1\\) and looks like a decompression"
                        + " bomb; skipped");
        assertThat(fromTgz.events).containsExactly("member bomb.tgz/before.txt", "rejected bomb.tgz/zeros.html",
                "member bomb.tgz/after.txt");
        assertThat(fromTgz.rejected.get("bomb.tgz/zeros.html")).contains("decompression bomb");
    }

    @Test
    void stopsWithOneRejectionWhenTheArchiveUnpacksToMoreThanTheTotal() throws Exception {
        Limits limits = new Limits(20 * MIB, 10 * 1024, 20_000, 3, 200);
        Zip zip = new Zip(true);
        Tar tar = new Tar();
        for (int i = 1; i <= 5; i++) {
            zip.file("f" + i + ".bin", random(4096, i));
            tar.file("f" + i + ".bin", random(4096, i));
        }

        Recorder fromZip = expand(new ArchiveExpander(limits), "up.zip", zip.bytes());
        Recorder fromTgz = expand(new ArchiveExpander(limits), "up.tar.gz", gzip(tar.bytes()));

        assertThat(fromZip.events).containsExactly("member up.zip/f1.bin", "member up.zip/f2.bin",
                "rejected up.zip");
        assertThat(fromZip.rejected.get("up.zip"))
                .isEqualTo("the archive unpacks to more than 10 KB; the remaining files were not imported");
        assertThat(fromTgz.events).startsWith("member up.tar.gz/f1.bin").endsWith("rejected up.tar.gz");
        assertThat(fromTgz.rejected.get("up.tar.gz")).startsWith("the archive unpacks to more than 10 KB");
    }

    @Test
    void overTheTotalBeforeAnyFileIsAnArchiveException() throws Exception {
        Limits limits = new Limits(20 * MIB, 1024, 20_000, 3, 200);
        byte[] zip = new Zip(true).file("big.bin", random(4096, 1)).bytes();

        ArchiveException e = assertThrows(ArchiveException.class,
                () -> expand(new ArchiveExpander(limits), "up.zip", zip));

        assertThat(e.getMessage()).isEqualTo("the archive unpacks to more than 1 KB; the remaining files were not"
                + " imported");
    }

    @Test
    void aNestedZipBombStopsQuickly() throws Exception {
        // 42.zip in small: 16 files of 16 MiB zeros per inner zip, 8 inner zips per middle zip, 4 middle zips in the
        // upload: 8 GiB unpacked from about 2 MB. Sizes are in the local headers, as desktop tools write them.
        long size = 16 * MIB;
        byte[] deflated = deflatedZeros(size);
        long crc = crcOfZeros(size);
        Zip inner = new Zip(true);
        for (int i = 0; i < 16; i++) {
            inner.raw("zeros" + i + ".txt", ZipMethod.DEFLATED.getCode(), deflated, size, crc, e -> { });
        }
        byte[] innerBytes = inner.bytes();
        Zip middle = new Zip(true);
        for (int i = 0; i < 8; i++) {
            middle.file("inner" + i + ".zip", innerBytes);
        }
        byte[] middleBytes = middle.bytes();
        Zip outer = new Zip(true);
        for (int i = 0; i < 4; i++) {
            outer.file("middle" + i + ".zip", middleBytes);
        }
        byte[] bomb = outer.bytes();
        assertThat(bomb.length).isLessThan(64 * 1024);

        Recorder result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> expand(DEFAULT, "42.zip", bomb));

        assertThat(result.members()).isEmpty();
        assertThat(result.rejected).hasSize(4 * 8 * 16);
        assertThat(result.rejected).containsKey("42.zip/middle3.zip/inner7.zip/zeros15.txt");
        assertThat(result.rejected.values()).allSatisfy(m -> assertThat(m).contains("decompression bomb"));
    }

    @Test
    void aStreamedNestedBombIsDrainedWithinTheTotal() throws Exception {
        // inside archives written as streams, sizes follow the data: skipping a file means unpacking it, and counts
        Zip inner = new Zip(false);
        byte[] zeros = new byte[(int) (64 * MIB)];
        for (int i = 0; i < 8; i++) {
            inner.file("zeros" + i + ".txt", zeros);
        }
        byte[] bomb = new Zip(true).file("a.txt", "A").file("inner.zip", inner.bytes()).file("z.txt", "Z").bytes();
        Limits limits = new Limits(20 * MIB, 256 * MIB, 20_000, 3, 200);

        Recorder result = assertTimeoutPreemptively(HANG_GUARD,
                () -> expand(new ArchiveExpander(limits), "up.zip", bomb));

        assertThat(result.events).startsWith("member up.zip/a.txt", "rejected up.zip/inner.zip/zeros0.txt")
                .endsWith("rejected up.zip");
        assertThat(result.rejected.get("up.zip")).startsWith("the archive unpacks to more than 256 MB");
    }

    // ---- nesting ----

    @Test
    void opensArchivesInsideUpToTheDepthLimit() throws Exception {
        byte[] tgz = gzip(new Tar().file("c.html", "C").bytes());
        byte[] deepest = new Zip(false).file("e.html", "E").bytes();
        byte[] streamedZip = new Zip(false).file("d.html", "D").file("deeper.zip", deepest).bytes();
        byte[] upload = new Zip(true).file("a.html", "A").file("news/inner.tar.gz", tgz)
                .file("inner.zip", streamedZip).file("fake.zip", "not a zip").file("z.html", "Z").bytes();

        Recorder threeDeep = expand(DEFAULT, "outer.zip", upload);
        Recorder twoDeep = expand(new ArchiveExpander(new Limits(20 * MIB, 4L << 30, 20_000, 2, 200)),
                "outer.zip", upload);

        assertThat(threeDeep.events).containsExactly("member outer.zip/a.html",
                "member outer.zip/news/inner.tar.gz/c.html", "member outer.zip/inner.zip/d.html",
                "member outer.zip/inner.zip/deeper.zip/e.html", "rejected outer.zip/fake.zip",
                "member outer.zip/z.html");
        assertThat(threeDeep.text("outer.zip/inner.zip/deeper.zip/e.html")).isEqualTo("E");
        assertThat(threeDeep.rejected.get("outer.zip/fake.zip")).contains("not a ZIP or tar archive");
        assertThat(twoDeep.events).containsExactly("member outer.zip/a.html",
                "member outer.zip/news/inner.tar.gz/c.html", "member outer.zip/inner.zip/d.html",
                "rejected outer.zip/inner.zip/deeper.zip", "rejected outer.zip/fake.zip", "member outer.zip/z.html");
        assertThat(twoDeep.rejected.get("outer.zip/inner.zip/deeper.zip"))
                .startsWith("archives nested more than 2 deep are not opened");
    }

    @Test
    void aDeeplyNestedArchiveStopsAtTheDepthLimit() throws Exception {
        byte[] level = new Zip(true).file("bottom.txt", "bottom").bytes();
        for (int i = 5; i >= 2; i--) {
            Zip zip = new Zip(true);
            for (int copy = 0; copy < 8; copy++) {
                zip.file("level" + i + "-" + copy + ".zip", level);
            }
            level = zip.bytes();
        }
        byte[] upload = level;

        Recorder result = assertTimeoutPreemptively(HANG_GUARD, () -> expand(DEFAULT, "42.zip", upload));

        assertThat(result.members()).isEmpty();
        assertThat(result.rejected).hasSize(8 * 8 * 8).containsKey("42.zip/level2-7.zip/level3-7.zip/level4-7.zip");
        assertThat(result.rejected.values()).containsOnly(
                "archives nested more than 3 deep are not opened; unpack this one and upload its files");
    }

    // ---- counts ----

    @Test
    void thousandsOfTinyFilesGoThroughQuickly() throws Exception {
        Zip zip = new Zip(false);
        Tar tar = new Tar();
        for (int i = 0; i < 5000; i++) {
            zip.file("news/" + i + ".txt", "line " + i);
            tar.file("news/" + i + ".txt", "line " + i);
        }
        byte[] zipBytes = zip.bytes();
        byte[] tgz = gzip(tar.bytes());

        Recorder fromZip = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> expand(DEFAULT, "many.zip", zipBytes));

        Recorder fromTgz = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> expand(DEFAULT, "many.tgz", tgz));

        assertThat(fromZip.members()).hasSize(5000);
        assertThat(fromTgz.members()).hasSize(5000);
        assertThat(fromZip.text("many.zip/news/4999.txt")).isEqualTo("line 4999");
        assertThat(fromTgz.text("many.tgz/news/4999.txt")).isEqualTo("line 4999");
        assertThat(fromZip.rejected).isEmpty();
    }

    @Test
    void stopsAfterTheMostFilesWithOneRejection() throws Exception {
        Zip zip = new Zip(false);
        for (int i = 0; i < 5000; i++) {
            zip.file("news/" + i + ".txt", "line " + i);
            zip.file("__MACOSX/news/._" + i + ".txt", "junk");
        }
        ArchiveExpander expander = new ArchiveExpander(new Limits(20 * MIB, 4L << 30, 4000, 3, 200));

        Recorder result = expand(expander, "many.zip", zip.bytes());

        assertThat(result.members()).hasSize(4000).endsWith("many.zip/news/3999.txt");
        assertThat(result.rejected).containsExactly(Map.entry("many.zip", "the archive holds more than 4,000 files;"
                + " the files after the first 4,000 were not imported"));
    }

    @Test
    void aCentralDirectoryTooLargeToHoldIsReadFrontToBack() throws Exception {
        // 10 files allow 40 entries; a central directory of more than 1,040 is not held but read front to back,
        // which here stops at the entry limit
        Zip zip = new Zip(true).file("a.txt", "A").file("b.txt", "B");
        for (int i = 0; i < 1100; i++) {
            zip.file("__MACOSX/._" + i, "junk");
        }
        byte[] bytes = zip.bytes();
        // damage the central directory (not its end record): only a front-to-back reading still finds the files
        bytes[indexOf(bytes, new byte[] {'P', 'K', 1, 2}, 0) + 2] = 9;
        byte[] damaged = bytes;

        Recorder streamed = expand(new ArchiveExpander(new Limits(20 * MIB, 4L << 30, 10, 3, 200)), "big.zip",
                damaged);
        ArchiveException e = assertThrows(ArchiveException.class, () -> expand(DEFAULT, "big.zip", damaged));

        assertThat(streamed.events).containsExactly("member big.zip/a.txt", "member big.zip/b.txt", "rejected big.zip");
        assertThat(streamed.rejected.get("big.zip")).isEqualTo("the archive holds more than 40 entries (files,"
                + " folders and system files); the entries after the first 40 were not imported");
        assertThat(e.getMessage()).startsWith("the file is not a readable ZIP archive");
    }

    // ---- encryption and methods ----

    @Test
    void rejectsEncryptedEntriesAndUnsupportedMethodsAndGoesOn() throws Exception {
        byte[] text = "secret".getBytes(StandardCharsets.UTF_8);
        GeneralPurposeBit encrypted = new GeneralPurposeBit();
        encrypted.useEncryption(true);
        Zip zip = new Zip(true).file("a.html", "A");
        zip.raw("pkware.html", ZipMethod.STORED.getCode(), text, text.length, crc(text),
                e -> e.setGeneralPurposeBit(encrypted));
        zip.raw("aes.html", 99, text, text.length, crc(text), e -> e.setGeneralPurposeBit(encrypted));
        zip.raw("lzma.html", ZipMethod.LZMA.getCode(), text, text.length, crc(text), e -> { });
        zip.raw("xz.html", ZipMethod.XZ.getCode(), text, text.length, crc(text), e -> { });
        zip.file("b.html", "B");

        // the writer sets the flags itself; mark the two entries as encrypted the way encrypting tools do
        byte[] bytes = setFlag(setFlag(zip.bytes(), "pkware.html", 1), "aes.html", 1);

        Recorder result = expand(DEFAULT, "up.zip", bytes);

        assertThat(result.events).containsExactly("member up.zip/a.html", "rejected up.zip/pkware.html",
                "rejected up.zip/aes.html", "rejected up.zip/lzma.html", "rejected up.zip/xz.html",
                "member up.zip/b.html");
        assertThat(result.rejected.get("up.zip/pkware.html")).isEqualTo("the file is encrypted in the archive, so it"
                + " cannot be read; pack the archive again without a password and upload it again");
        assertThat(result.rejected.get("up.zip/aes.html")).startsWith("the file is encrypted in the archive");
        assertThat(result.rejected.get("up.zip/lzma.html")).isEqualTo("the file is compressed with a method"
                + " Claimscope does not unpack (LZMA); pack the archive again with ordinary ZIP compression and upload"
                + " it again");
        assertThat(result.rejected.get("up.zip/xz.html")).contains("(XZ)");
    }

    @Test
    void rejectsFilesSharingCompressedData() throws Exception {
        byte[] bytes = new Zip(true).file("a.txt", "same size").file("b.txt", "same size").file("c.txt", "C")
                .bytes();
        // point b.txt's central directory record at a.txt's local header, as overlapping zip bombs do
        int first = indexOf(bytes, new byte[] {'P', 'K', 1, 2}, 0);
        int second = indexOf(bytes, new byte[] {'P', 'K', 1, 2}, first + 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(second + 42, 0);

        Recorder result = expand(DEFAULT, "up.zip", bytes);

        assertThat(result.events).containsExactly("rejected up.zip/a.txt", "rejected up.zip/b.txt",
                "member up.zip/c.txt");
        assertThat(result.rejected.get("up.zip/b.txt")).contains("shares its compressed data");
    }

    // ---- damage and empty archives ----

    @Test
    void aDamagedOrFalseArchiveIsAnArchiveExceptionWithASentence() throws Exception {
        byte[] zip = new Zip(true).file("a.html", "A".repeat(5000)).file("b.html", "B").bytes();
        byte[] tgz = gzip(new Tar().file("a.html", random(200_000, 3)).file("b.html", "B").bytes());

        List<ArchiveException> failures = new ArrayList<>();
        failures.add(assertThrows(ArchiveException.class,
                () -> expand(DEFAULT, "cut.zip", Arrays.copyOf(zip, zip.length / 2))));
        failures.add(assertThrows(ArchiveException.class,
                () -> expand(DEFAULT, "garbage.zip", random(10_000, 4))));
        failures.add(assertThrows(ArchiveException.class,
                () -> expand(DEFAULT, "cut.tgz", Arrays.copyOf(tgz, tgz.length / 2))));
        failures.add(assertThrows(ArchiveException.class,
                () -> expand(DEFAULT, "text.tar.gz", gzip("just text".getBytes(StandardCharsets.UTF_8)))));
        failures.add(assertThrows(ArchiveException.class, () -> expand(DEFAULT, "empty.zip", new byte[0])));

        assertThat(failures.get(0).getMessage()).startsWith("the file is not a readable ZIP archive");
        assertThat(failures.get(1).getMessage()).startsWith("the file is not a ZIP or tar archive");
        assertThat(failures.get(2).getMessage())
                .isEqualTo("the archive is damaged inside “a.html”; that file and the files after it were not imported");
        assertThat(failures.get(3).getMessage()).startsWith("the file is gzip-compressed but holds no tar archive");
        assertThat(failures.get(4).getMessage()).isEqualTo("the file is empty");
        assertThat(failures).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain("Exception", "java."));
    }

    @Test
    void damageAfterSomeFilesIsOneRejectionForTheRest() throws Exception {
        byte[] tgz = gzip(new Tar().file("a.html", "A").file("b.html", random(300_000, 5)).file("c.html", "C")
                .bytes());
        byte[] cut = Arrays.copyOf(tgz, tgz.length / 2);
        byte[] damagedInside = new Zip(true).file("first.html", "1").file("inner.tgz", cut).file("last.html", "L")
                .bytes();

        Recorder result = expand(DEFAULT, "cut.tgz", cut);
        Recorder nested = expand(DEFAULT, "up.zip", damagedInside);

        assertThat(result.events).containsExactly("member cut.tgz/a.html", "rejected cut.tgz");
        assertThat(result.rejected.get("cut.tgz"))
                .isEqualTo("the archive is damaged inside “b.html”; that file and the files after it were not imported");
        assertThat(nested.events).containsExactly("member up.zip/first.html", "member up.zip/inner.tgz/a.html",
                "rejected up.zip/inner.tgz", "member up.zip/last.html");
    }

    @Test
    void tarHeadersLargerThanTheLimitStopTheWalk() throws Exception {
        // a POSIX long name is stored in a PAX header before the file; one of 2 MB is not a name but an attack
        String record = " path=" + "x".repeat(2 * 1024 * 1024) + ".html\n";
        String pax = (record.length() + 7) + record;
        Tar tar = new Tar().file("a.html", "A");
        tar.add(new TarArchiveEntry("PaxHeaders/long", TarConstants.LF_PAX_EXTENDED_HEADER_LC),
                pax.getBytes(StandardCharsets.UTF_8));
        tar.file("short.html", "X").file("b.html", "B");
        byte[] tgz = gzip(tar.bytes());

        Recorder result = assertTimeoutPreemptively(HANG_GUARD, () -> expand(DEFAULT, "long.tgz", tgz));

        assertThat(result.events).containsExactly("member long.tgz/a.html", "rejected long.tgz");
        assertThat(result.rejected.get("long.tgz"))
                .isEqualTo("the archive is damaged after “a.html”; the files after it were not imported");
    }

    @Test
    void anArchiveWithoutFilesIsAnArchiveException() throws Exception {
        byte[] empty = new Zip(true).bytes();
        byte[] onlyFolders = new Zip(true).dir("news/").file("__MACOSX/._news", "junk").file(".DS_Store", "x")
                .bytes();
        byte[] emptyTar = new Tar().bytes();

        for (byte[] archive : List.of(empty, onlyFolders, emptyTar, gzip(emptyTar))) {
            ArchiveException e = assertThrows(ArchiveException.class, () -> expand(DEFAULT, "empty.zip", archive));
            assertThat(e.getMessage()).isEqualTo("the archive holds no files");
        }
    }

    // ---- the sink and recognition ----

    @Test
    void aSinkThatThrowsStopsTheWalk() throws Exception {
        Path file = write(new Zip(true).file("a.html", "A").file("b.html", "B").bytes());
        IOException stop = new IOException("database gone");
        List<String> seen = new ArrayList<>();

        IOException thrown = assertThrows(IOException.class, () -> DEFAULT.expand("up.zip", file, new Sink() {
            @Override
            public void member(String path, byte[] content) throws IOException {
                seen.add(path);
                throw stop;
            }

            @Override
            public void rejected(String path, String message) {
                seen.add(path);
            }
        }));

        assertThat(thrown).isSameAs(stop);
        assertThat(seen).containsExactly("up.zip/a.html");
    }

    @Test
    void recognisesArchivesByNameAndFirstBytes() throws Exception {
        byte[] zip = new Zip(true).file("a.txt", "A").bytes();
        byte[] tar = new Tar().file("a.txt", "A").bytes();
        byte[] tgz = gzip(tar);
        byte[] head = Arrays.copyOf(tar, 512);

        assertThat(ArchiveExpander.isArchive("Articles.ZIP", zip)).isTrue();
        assertThat(ArchiveExpander.isArchive("a.tar", head)).isTrue();
        assertThat(ArchiveExpander.isArchive("a.tgz", tgz)).isTrue();
        assertThat(ArchiveExpander.isArchive("a.tar.gz", Arrays.copyOf(tgz, 4))).isTrue();
        assertThat(ArchiveExpander.isArchive("report.docx", zip)).isFalse();
        assertThat(ArchiveExpander.isArchive("a.zip", "PK no".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ArchiveExpander.isArchive("a.zip", new byte[0])).isFalse();
        assertThat(ArchiveExpander.isArchive("a.html", zip)).isFalse();
    }

    // ---- helpers ----

    private Recorder expand(ArchiveExpander expander, String name, byte[] archive) throws Exception {
        Recorder recorder = new Recorder();
        expander.expand(name, write(archive), recorder);
        return recorder;
    }

    private Path write(byte[] archive) throws IOException {
        return Files.write(Files.createTempFile(dir, "upload", ".bin"), archive);
    }

    /** Records the sink calls in order. */
    private static final class Recorder implements Sink {
        final List<String> events = new ArrayList<>();
        final Map<String, byte[]> content = new LinkedHashMap<>();
        final Map<String, String> rejected = new LinkedHashMap<>();

        @Override
        public void member(String path, byte[] bytes) {
            events.add("member " + path);
            content.put(path, bytes);
        }

        @Override
        public void rejected(String path, String message) {
            events.add("rejected " + path);
            rejected.put(path, message);
        }

        List<String> members() {
            return new ArrayList<>(content.keySet());
        }

        String text(String path) {
            return new String(content.get(path), StandardCharsets.UTF_8);
        }
    }

    /** A ZIP in memory; seekable: sizes in the local headers (desktop tools), otherwise after the data (streamed). */
    private static final class Zip {
        private final SeekableInMemoryByteChannel channel;
        private final ByteArrayOutputStream stream;
        final ZipArchiveOutputStream out;

        Zip(boolean seekable) {
            channel = seekable ? new SeekableInMemoryByteChannel() : null;
            stream = seekable ? null : new ByteArrayOutputStream();
            out = seekable ? new ZipArchiveOutputStream(channel) : new ZipArchiveOutputStream(stream);
        }

        Zip file(String name, String text) throws IOException {
            return file(name, text.getBytes(StandardCharsets.UTF_8));
        }

        Zip file(String name, byte[] content) throws IOException {
            return add(new ZipArchiveEntry(name), content);
        }

        Zip dir(String name) throws IOException {
            return add(new ZipArchiveEntry(name), new byte[0]);
        }

        Zip add(ZipArchiveEntry entry, byte[] content) throws IOException {
            out.putArchiveEntry(entry);
            out.write(content);
            out.closeArchiveEntry();
            return this;
        }

        /** An entry whose compressed bytes, method, declared size and CRC are given as they are. */
        Zip raw(String name, int method, byte[] data, long size, long crc, Consumer<ZipArchiveEntry> tweak)
                throws IOException {
            ZipArchiveEntry entry = new ZipArchiveEntry(name);
            entry.setMethod(method);
            entry.setSize(size);
            entry.setCompressedSize(data.length);
            entry.setCrc(crc);
            tweak.accept(entry);
            out.addRawArchiveEntry(entry, new java.io.ByteArrayInputStream(data));
            return this;
        }

        byte[] bytes() throws IOException {
            out.close();
            return channel != null ? Arrays.copyOf(channel.array(), (int) channel.size()) : stream.toByteArray();
        }
    }

    /** A tar in memory, with POSIX long names. */
    private static final class Tar {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream out = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());

        Tar() {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        }

        Tar file(String name, String text) throws IOException {
            return file(name, text.getBytes(StandardCharsets.UTF_8));
        }

        Tar file(String name, byte[] content) throws IOException {
            return add(new TarArchiveEntry(name), content);
        }

        Tar dir(String name) throws IOException {
            return add(new TarArchiveEntry(name), new byte[0]);
        }

        Tar add(TarArchiveEntry entry, byte[] content) throws IOException {
            entry.setSize(content.length);
            out.putArchiveEntry(entry);
            out.write(content);
            out.closeArchiveEntry();
            return this;
        }

        byte[] bytes() throws IOException {
            out.close();
            return bytes.toByteArray();
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GzipCompressorOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** Raw deflate of {@code size} zero bytes, without holding them. */
    private static byte[] deflatedZeros(long size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[(int) MIB];
        byte[] buffer = new byte[64 * 1024];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long left = size; left > 0; left -= zeros.length) {
            deflater.setInput(zeros, 0, (int) Math.min(zeros.length, left));
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static long crcOfZeros(long size) {
        CRC32 crc = new CRC32();
        byte[] zeros = new byte[(int) MIB];
        for (long left = size; left > 0; left -= zeros.length) {
            crc.update(zeros, 0, (int) Math.min(zeros.length, left));
        }
        return crc.getValue();
    }

    private static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] repeat(String text, int times) {
        return text.repeat(times).getBytes(StandardCharsets.UTF_8);
    }

    /** Sets a general purpose flag bit in the local and central headers of the named entry. */
    private static byte[] setFlag(byte[] zip, String name, int bit) {
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 46 < zip.length; i++) {
            int signature = buffer.getInt(i);
            int flags = signature == 0x04034b50 ? 6 : signature == 0x02014b50 ? 8 : -1;
            int nameAt = signature == 0x04034b50 ? 30 : 46;
            int length = Short.toUnsignedInt(buffer.getShort(i + (signature == 0x04034b50 ? 26 : 28)));
            if (flags > 0 && length == wanted.length
                    && Arrays.equals(zip, i + nameAt, i + nameAt + length, wanted, 0, length)) {
                buffer.putShort(i + flags, (short) (buffer.getShort(i + flags) | bit));
            }
        }
        return zip;
    }

    private static int indexOf(byte[] bytes, byte[] needle, int from) {
        outer:
        for (int i = from; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
