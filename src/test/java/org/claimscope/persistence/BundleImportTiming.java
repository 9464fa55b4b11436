package org.claimscope.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.claimscope.codebook.DefaultCodebook;
import org.claimscope.common.Json;
import org.claimscope.importing.bundle.BundleImporter;
import org.claimscope.importing.bundle.BundleReader;
import org.claimscope.security.User;

/**
 * How long a large bundle takes to import, and how much heap it needs, run by hand rather than by the test suite:
 * {@code java -Xmx<heap> -cp target/classes:target/test-classes:<test classpath>
 * org.claimscope.persistence.BundleImportTiming [documents]}. Writes a bundle of that many documents (default
 * 10,000) of about 4,000 characters, two annotators' layers of five annotations each and a curated layer, and imports
 * it into H2 in memory.
 */
public final class BundleImportTiming {
    private BundleImportTiming() {
    }

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("bundle-timing");
        Path zip = dir.resolve("bundle.zip");
        Random random = new Random(7);
        String[] words = {"minister", "strike", "lawful", "experts", "war", "crimes", "the", "said", "🇺🇸", "café",
                "قال", "self-defence", "covert", "action", "Venezuela", "court"};
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("claimscope-timing/README.md"));
            z.write("# Timing — Claimscope export\n".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("claimscope-timing/codebook.json"));
            z.write(Json.write(DefaultCodebook.definition()).getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("claimscope-timing/jsonl/corpus.jsonl"));
            Writer w = new java.io.OutputStreamWriter(z, StandardCharsets.UTF_8);
            for (int d = 0; d < documents; d++) {
                StringBuilder text = new StringBuilder("Document ").append(d).append(". ");
                while (text.length() < 4000) {
                    text.append(words[random.nextInt(words.length)]).append(' ');
                }
                String t = text.toString();
                int length = t.codePointCount(0, t.length());
                var line = jakarta.json.Json.createObjectBuilder().add("id", d + 1).add("title", "Document " + d)
                        .add("metadata", jakarta.json.Json.createObjectBuilder().add("mediaType", "text/plain")
                                .add("fileName", "d" + d + ".txt"))
                        .add("textSha256", sha256(t)).add("codebookVersion", 1).add("text", t);
                var sets = jakarta.json.Json.createArrayBuilder();
                var annotations = jakarta.json.Json.createArrayBuilder();
                for (String annotator : new String[] {"A2", "A3"}) {
                    sets.add(jakarta.json.Json.createObjectBuilder().add("annotator", annotator).add("state",
                            "FINISHED").add("updatedAt", "2025-01-01T00:00:00Z"));
                    for (int a = 0; a < 5; a++) {
                        annotations.add(annotation(t, length, random, annotator, d * 100 + a));
                    }
                }
                var curated = jakarta.json.Json.createArrayBuilder();
                for (int a = 0; a < 3; a++) {
                    curated.add(annotation(t, length, random, "curated", d * 100 + 50 + a));
                }
                line.add("sets", sets).add("annotations", annotations).add("curated",
                        jakarta.json.Json.createObjectBuilder().add("state", "FINISHED").add("annotations", curated));
                w.write(line.build().toString());
                w.write('\n');
            }
            w.flush();
            z.closeEntry();
        }
        System.out.printf("bundle: %d documents, %.1f MB%n", documents, Files.size(zip) / 1e6);

        EntityManagerFactory emf = TestDatabase.H2.migrated().entityManagerFactory();
        User admin = tx(emf, em -> {
            User u = new User("root", "Root", "not-a-real-hash", true);
            em.persist(u);
            return u;
        });
        BundleImporter importer = new BundleImporter(new BundleImporter.Transactions() {
            @Override
            public <T> T run(Function<EntityManager, T> work) {
                return tx(emf, work);
            }
        }, (em, login, name) -> {
            User u = new User(login, name, "not-a-real-hash", false);
            u.disable();
            em.persist(u);
            return u;
        }, BundleReader.Limits.defaults(4L << 30, 20_000), "timing");
        long start = System.nanoTime();
        BundleImporter.Result result = importer.importBundle(admin, zip, "bundle.zip", null);
        long end = System.nanoTime();
        Runtime rt = Runtime.getRuntime();
        System.out.printf("imported %d documents, %d annotations in %.1f s; heap used now %.0f MB (max %.0f MB)%n",
                result.documents(), result.annotations(), (end - start) / 1e9,
                (rt.totalMemory() - rt.freeMemory()) / 1e6, rt.maxMemory() / 1e6);
        emf.close();
        Files.delete(zip);
        Files.delete(dir);
    }

    private static jakarta.json.JsonObjectBuilder annotation(String text, int length, Random random,
                                                             String annotator, long id) {
        int start = random.nextInt(length - 50);
        int end = start + 1 + random.nextInt(40);
        int from = text.offsetByCodePoints(0, start);
        String quote = text.substring(from, text.offsetByCodePoints(from, end - start));
        return jakarta.json.Json.createObjectBuilder().add("id", id).add("annotator", annotator).add("start", start)
                .add("end", end).add("quote", quote).add("category", "LEGAL_ASSERTION")
                .add("subtypes", jakarta.json.Json.createArrayBuilder()).add("attributes",
                        jakarta.json.Json.createObjectBuilder().add("speaker", "CNN"))
                .add("createdAt", "2025-01-01T00:00:00Z").add("updatedAt", "2025-01-01T00:00:00Z");
    }

    private static String sha256(String text) {
        return BundleImportPersistenceTest.sha256(text);
    }

    private static <T> T tx(EntityManagerFactory emf, Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }
}
