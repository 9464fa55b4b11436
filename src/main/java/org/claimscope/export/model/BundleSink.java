package org.claimscope.export.model;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a format writer puts its files: entries of the export bundle (a ZIP), one open at a time. The stream returned
 * by {@link #open} is written and closed before the next one is opened; closing it ends the entry, never the bundle.
 */
public interface BundleSink {
    /**
     * Starts a file of the bundle.
     *
     * @param path a relative path with '/' separators, e.g. {@code brat/00042_report.ann}
     */
    OutputStream open(String path) throws IOException;
}
