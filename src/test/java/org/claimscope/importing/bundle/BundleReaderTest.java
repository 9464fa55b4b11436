package org.claimscope.importing.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.claimscope.codebook.DefaultCodebook;
import org.claimscope.common.InvalidInputException;
import org.claimscope.common.Json;
import org.claimscope.common.TooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a bundle's corpus line by line: bounds, line numbers, and texts and quotes checked by code points. */
class BundleReaderTest {
    static final String TEXT = "Officials said 🇺🇸 strikes were lawful.\r\nExperts: cafe\u0301. قال الخبراء";

    @TempDir
    Path temp;

    private static String line(long id, String text, String sha, int start, int end, String quote) {
        return "{\"id\":" + id + ",\"title\":\"T\",\"metadata\":{\"author\":null},\"textSha256\":\"" + sha
                + "\",\"text\":" + jakarta.json.Json.createValue(text) + ",\"sets\":[{\"annotator\":\"A2\","
                + "\"state\":\"FINISHED\",\"updatedAt\":\"2025-01-02T03:04:05.123456Z\"}],\"annotations\":[{\"id\":7,"
                + "\"annotator\":\"A2\",\"start\":" + start + ",\"end\":" + end + ",\"quote\":"
                + jakarta.json.Json.createValue(quote) + ",\"category\":\"LEGAL_ASSERTION\",\"subtypes\":[],"
                + "\"attributes\":{}}],\"curated\":{\"state\":\"NEW\",\"annotations\":[]}}";
    }

    private Path zip(String corpus) throws IOException {
        Path file = temp.resolve("b" + System.nanoTime() + ".zip");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("claimscope-x/codebook.json"));
            z.write(Json.write(DefaultCodebook.definition()).getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("claimscope-x/jsonl/corpus.jsonl"));
            z.write(corpus.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return file;
    }

    private static List<BundleDocument> read(Path file, BundleReader.Limits limits) throws IOException {
        List<BundleDocument> documents = new ArrayList<>();
        try (BundleReader reader = BundleReader.open(file, limits)) {
            reader.documents(documents::add);
        }
        return documents;
    }

    @Test
    void textsAndQuotesAreKeptExactlyAndCheckedByCodePoints() throws IOException {
        int start = TEXT.codePointCount(0, TEXT.indexOf("🇺🇸"));
        String quote = "🇺🇸 strikes";
        String sha = BundleReader.sha256(TEXT);
        List<BundleDocument> documents = read(zip(line(5, TEXT, sha, start, start + quote.codePointCount(0,
                quote.length()), quote) + "\r\n\n"), BundleReader.Limits.defaults(1 << 30, 10));
        assertThat(documents).hasSize(1);
        BundleDocument d = documents.get(0);
        assertThat(d.text()).isEqualTo(TEXT);
        assertThat(d.layers().get(0).annotations().get(0).quote()).isEqualTo(quote);
        assertThat(d.layers().get(0).updatedAt()).hasToString("2025-01-02T03:04:05.123456Z");
        assertThat(d.curated()).isNull();

        // the same span counted in UTF-16 units instead of code points quotes something else
        assertThatThrownBy(() -> read(zip(line(5, TEXT, sha, start, start + quote.length(), quote)),
                BundleReader.Limits.defaults(1 << 30, 10))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 1").hasMessageContaining("document 5").hasMessageContaining("annotation 7");
    }

    @Test
    void aLineTooLongOrNotUtf8OrTooManyDocumentsIsRefusedWithItsNumber() throws IOException {
        String sha = BundleReader.sha256(TEXT);
        String ok = line(1, TEXT, sha, 0, 9, "Officials");
        assertThatThrownBy(() -> read(zip(ok + "\n" + ok.replace("\"title\":\"T\"", "\"title\":\"TT\"") + "\n"),
                new BundleReader.Limits(1 << 30, 200, ok.length(), 1 << 20, 10)))
                .isInstanceOf(TooLargeException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> read(zip(ok + "\n" + ok + "\n"), new BundleReader.Limits(1 << 30, 200, 1 << 20,
                1 << 20, 1))).isInstanceOf(TooLargeException.class).hasMessageContaining("more than 1 documents");

        Path latin1 = temp.resolve("latin1.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(latin1))) {
            z.putNextEntry(new ZipEntry("jsonl/corpus.jsonl"));
            z.write("{\"text\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
            z.putNextEntry(new ZipEntry("codebook.json"));
            z.write(Json.write(DefaultCodebook.definition()).getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> read(latin1, BundleReader.Limits.defaults(1 << 30, 10)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not UTF-8");
    }

    @Test
    void linesAreNumberedFromOneWithoutTheirBreaks() throws IOException {
        BundleReader.LineReader lines = new BundleReader.LineReader(new StringReader("a\r\n\nbc\nd"), 10);
        assertThat(lines.next()).isEqualTo("a");
        assertThat(lines.next()).isEmpty();
        assertThat(lines.next()).isEqualTo("bc");
        assertThat(lines.number()).isEqualTo(3);
        assertThat(lines.next()).isEqualTo("d");
        assertThat(lines.number()).isEqualTo(4);
        assertThat(lines.next()).isNull();
    }
}
