package org.claimscope.export.model;

import java.io.IOException;

/**
 * One export format. The export calls {@link #start} once, {@link #document} once per document in order of id (the
 * writer must not keep documents: the corpus may hold tens of thousands), then {@link #finish} once. A writer puts
 * its files under its own folder of the bundle ({@link #folder()}) and keeps at most one file open at a time, or,
 * for single-file formats, one file open from start to finish.
 */
public interface FormatWriter {
    /** The format's key in the API: jsonl, csv, w3c, brat, conll or uima-xmi. */
    String key();

    /** The folder of the bundle that holds this format's files, e.g. {@code csv/}. */
    default String folder() {
        return key() + "/";
    }

    void start(ExportContext context, BundleSink sink) throws IOException;

    void document(ExportDocument document) throws IOException;

    void finish() throws IOException;

    /** A few sentences for the bundle's datasheet: what the files are and how to load them in Python and R. */
    String describe();
}
