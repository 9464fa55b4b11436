package org.claimscope.export.format;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.claimscope.export.model.BundleSink;

/** A bundle in memory: entry path to its bytes, in the order written. Refuses a second open entry or a repeat. */
final class InMemorySink implements BundleSink {
    final Map<String, byte[]> entries = new LinkedHashMap<>();
    private String open;

    @Override
    public OutputStream open(String path) {
        if (open != null) {
            throw new IllegalStateException(path + " opened while " + open + " is open");
        }
        if (entries.containsKey(path)) {
            throw new IllegalStateException(path + " written twice");
        }
        open = path;
        return new ByteArrayOutputStream() {
            private boolean closed;

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    entries.put(path, toByteArray());
                    open = null;
                }
            }
        };
    }

    String text(String path) {
        byte[] bytes = entries.get(path);
        if (bytes == null) {
            throw new AssertionError("no entry " + path + " in " + entries.keySet());
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
