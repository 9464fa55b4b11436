package org.claimscope.export.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The export schemas in {@code schema/export/}, and a validator for them (draft 2020-12). */
public final class JsonSchemas {
    public static final Path WEB_ANNOTATION = Path.of("schema", "export", "web-annotation.schema.json");
    public static final Path JSONL = Path.of("schema", "export", "claimscope-jsonl.schema.json");
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonSchemas() {
    }

    public static JsonSchema load(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema's complaints about a JSON text, empty when it is valid. */
    public static List<String> errors(JsonSchema schema, String json) {
        try {
            return errors(schema, MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> errors(JsonSchema schema, JsonNode json) {
        return schema.validate(json).stream().map(ValidationMessage::toString).sorted().toList();
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
