package org.claimscope.export.model;

import java.util.List;

/**
 * One document as every export format sees it: its metadata, its text (fixed since import; offsets are Unicode code
 * points into it) and the layers chosen for the export, each with its annotations in order of start, end and id.
 *
 * @param fileName the name the document was uploaded with; {@link #safeName()} gives one fit for a file in a bundle
 */
public record ExportDocument(long id, String title, String author, String publishedAt, String siteName,
                             String sourceUrl, String language, String mediaType, String fileName, String textSha256,
                             String text, List<ExportLayer> layers) {
    public ExportDocument {
        layers = List.copyOf(layers);
    }

    /**
     * A file name for the document in a bundle: its id, then its uploaded name without the extension when that name
     * is safe (letters, digits, '.', '-' and '_' only after replacing others with '_', at most 80 characters), e.g.
     * {@code 00042_cia-strike-report}. Unique within a project because of the id.
     */
    public String safeName() {
        String base = fileName == null ? "" : fileName;
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        base = base.substring(slash + 1);
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        base = java.text.Normalizer.normalize(base, java.text.Normalizer.Form.NFKD).replaceAll("\\p{M}+", "")
                .replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("_+", "_").replaceAll("^[._]+|[._]+$", "");
        if (base.length() > 80) {
            base = base.substring(0, 80);
        }
        String number = String.format("%05d", id);
        return base.isEmpty() ? number : number + "_" + base;
    }
}
