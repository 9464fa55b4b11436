package org.claimscope.importing.job;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * How many files an archive holds, for an import job's progress bar: a ZIP's central directory, or a pass over a
 * tar's headers. Members of nested archives count as one until the job opens them. An archive that cannot be read
 * counts as one file (the job reports it).
 */
final class MemberCount {
    private MemberCount() {
    }

    static int count(Path archive) {
        try {
            if (isZip(archive)) {
                try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
                    int n = 0;
                    for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                        if (!entry.isDirectory()) {
                            n++;
                        }
                    }
                    return n;
                }
            }
            try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
                 InputStream raw = gzip(file);
                 TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
                int n = 0;
                ArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    if (!entry.isDirectory()) {
                        n++;
                    }
                }
                return n;
            }
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    private static boolean isZip(Path archive) throws IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == 'P' && head[1] == 'K';
        }
    }

    private static InputStream gzip(InputStream file) throws IOException {
        file.mark(2);
        int b1 = file.read();
        int b2 = file.read();
        file.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GzipCompressorInputStream(file, true) : file;
    }
}
