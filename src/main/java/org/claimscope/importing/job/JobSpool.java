package org.claimscope.importing.job;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.claimscope.common.TooLargeException;

/**
 * Where the files of an import job wait until the job has imported them: {@code <data>/imports/<job id>/}, one file
 * per upload ({@code 00001}, {@code 00002}, …) and {@code manifest.tsv} with each upload's name and size. An upload is
 * written to {@code imports/incoming-<random>/} first and moved into place only once complete, so a job never sees a
 * half-written upload.
 */
final class JobSpool {
    private static final String MANIFEST = "manifest.tsv";

    /** One uploaded file or archive as spooled. */
    record Upload(int index, String name, Path path, long size) {
    }

    private final Path root;

    JobSpool(Path dataDir) {
        this.root = dataDir.resolve("imports");
    }

    Path dir(long jobId) {
        return root.resolve(Long.toString(jobId));
    }

    /** An upload being written; close() removes it unless it was moved into a job's place. */
    final class Incoming implements AutoCloseable {
        private final Path dir;
        private final List<Upload> uploads = new ArrayList<>();
        private long bytes;
        private boolean placed;

        Incoming() throws IOException {
            Files.createDirectories(root);
            this.dir = Files.createDirectory(root.resolve("incoming-" + UUID.randomUUID()));
        }

        /** Copies one upload, refusing it as soon as it passes the limit. */
        void add(String name, InputStream content, long maxBytes) throws IOException {
            int index = uploads.size() + 1;
            Path file = dir.resolve(String.format("%05d", index));
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(file)) {
                int n;
                while ((n = content.read(buffer)) >= 0) {
                    size += n;
                    if (size > maxBytes) {
                        throw new TooLargeException("file", name + " is larger than the limit of "
                                + org.claimscope.common.Sizes.describe(maxBytes) + " for one upload; nothing was imported");
                    }
                    out.write(buffer, 0, n);
                }
            }
            uploads.add(new Upload(index, name, file, size));
            bytes += size;
        }

        List<Upload> uploads() {
            return uploads;
        }

        long bytes() {
            return bytes;
        }

        /** Writes the manifest and moves the upload to the job's place. */
        void place(long jobId) throws IOException {
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(MANIFEST), StandardCharsets.UTF_8)) {
                for (Upload upload : uploads) {
                    out.write(upload.path().getFileName() + "\t" + upload.size() + "\t" + upload.name() + "\n");
                }
            }
            try {
                Files.move(dir, dir(jobId), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(dir, dir(jobId));
            }
            placed = true;
        }

        @Override
        public void close() {
            if (!placed) {
                delete(dir);
            }
        }
    }

    Incoming incoming() throws IOException {
        return new Incoming();
    }

    /** The job's uploads in order; empty when the job's files are not on this server. */
    List<Upload> read(long jobId) throws IOException {
        Path dir = dir(jobId);
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return List.of();
        }
        List<Upload> uploads = new ArrayList<>();
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\t", 3);
            uploads.add(new Upload(uploads.size() + 1, parts[2], dir.resolve(parts[0]), Long.parseLong(parts[1])));
        }
        return uploads;
    }

    boolean exists(long jobId) {
        return Files.isRegularFile(dir(jobId).resolve(MANIFEST));
    }

    void delete(long jobId) {
        delete(dir(jobId));
    }

    /** Removes uploads that were being written when the server stopped. */
    void removeIncoming() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "incoming-*")) {
            for (Path entry : entries) {
                delete(entry);
            }
        } catch (IOException e) {
            // left for the next start
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a file still open elsewhere; removed at the next start
                }
            });
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
