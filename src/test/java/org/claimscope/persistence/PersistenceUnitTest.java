package org.claimscope.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The persistence tests must cover every entity the application maps. */
class PersistenceUnitTest {
    @Test
    void testUnitListsEveryEntity() throws IOException {
        String unit = Files.readString(Path.of("src/test/resources/META-INF/persistence.xml"));
        List<String> entities;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            entities = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).contains("\n@Entity");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(p -> Path.of("src/main/java").relativize(p).toString().replace('/', '.').replace(".java", ""))
                    .toList();
        }
        assertThat(entities).hasSizeGreaterThanOrEqualTo(9);
        assertThat(entities).allSatisfy(e -> assertThat(unit).contains("<class>" + e + "</class>"));
    }
}
