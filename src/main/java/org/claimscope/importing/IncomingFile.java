package org.claimscope.importing;

import java.io.InputStream;

/** One uploaded file as it arrives: the name the person's computer gave it, and its bytes. */
public record IncomingFile(String fileName, InputStream content) {
}
