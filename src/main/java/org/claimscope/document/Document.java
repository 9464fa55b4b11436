package org.claimscope.document;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Lob;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.claimscope.project.Project;
import org.eclipse.persistence.annotations.Cache;
import org.claimscope.security.User;

/**
 * An article in a project. Its text is fixed at import (normalised once, hashed) and never
 * changes afterwards, because every annotation anchors to it by code-point offsets. There is
 * deliberately no setter for the text. Metadata (title, author, date, outlet, URL, language) may
 * be corrected later.
 */
@Entity
@Table(name = "document")
@Cacheable
@Cache(expiry = Document.CACHE_MILLIS)
public class Document {
    /**
     * Documents stay in EclipseLink's shared cache for a minute: every annotation checks its span
     * against the text, which never changes. On a site with several servers a metadata correction
     * reaches the others within that minute.
     */
    static final int CACHE_MILLIS = 60_000;

    public static final int TITLE_MAX = 1000;

    @Id
    @SequenceGenerator(name = "document_seq", sequenceName = "document_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "document_seq")
    private Long id;

    @Version
    private long version;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "project_id")
    private Project project;

    @Column(name = "project_id", insertable = false, updatable = false)
    private Long projectId;

    @Column(nullable = false, length = TITLE_MAX)
    private String title;

    @Lob
    @Column(nullable = false, updatable = false, columnDefinition = "TEXT")
    private String text;

    @Column(name = "text_sha256", nullable = false, updatable = false, length = 64)
    private String textSha256;

    /** Length of the text in code points: the largest valid annotation end. */
    @Column(name = "text_length", nullable = false, updatable = false)
    private int textLength;

    @Column(length = 1000)
    private String author;

    @Column(name = "published_at", length = 40)
    private String publishedAt;

    @Column(name = "site_name", length = 500)
    private String siteName;

    @Column(name = "source_url", length = 2000)
    private String sourceUrl;

    @Column(length = 35)
    private String language;

    @Column(name = "media_type", nullable = false, length = 200)
    private String mediaType;

    @Column(name = "file_name", nullable = false, length = 1000)
    private String fileName;

    @Column(name = "file_size", nullable = false)
    private long fileSize;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "imported_by")
    private User importedBy;

    @Column(name = "imported_at", nullable = false)
    private Instant importedAt;

    /** The document this one closely resembles, when it was imported after it; the manager keeps or deletes it. */
    @Column(name = "near_duplicate_of")
    private Long nearDuplicateOf;

    /** With nearDuplicateOf: how much of the two texts is the same, 0 to 1. */
    @Column(name = "resemblance")
    private Double resemblance;

    protected Document() {
    }

    public Document(Project project, String text, String textSha256, String fileName, String mediaType, long fileSize,
                    User importedBy) {
        this.project = project;
        this.projectId = project.getId();
        this.text = text;
        this.textSha256 = textSha256;
        this.textLength = text.codePointCount(0, text.length());
        this.fileName = clip(fileName, 1000);
        this.mediaType = clip(mediaType, 200);
        this.fileSize = fileSize;
        this.importedBy = importedBy;
        this.importedAt = Instant.now();
        this.title = clip(fileName, TITLE_MAX);
    }

    /** Sets the descriptive metadata; blank values are kept as unknown, over-long ones are cut. */
    public void describe(String title, String author, String publishedAt, String siteName, String sourceUrl,
                         String language) {
        this.title = title == null || title.isBlank() ? this.title : clip(title.strip(), TITLE_MAX);
        this.author = clip(author, 1000);
        this.publishedAt = clip(publishedAt, 40);
        this.siteName = clip(siteName, 500);
        this.sourceUrl = clip(sourceUrl, 2000);
        this.language = clip(language, 35);
    }

    /**
     * Replaces the descriptive metadata with values a person corrected, already checked and normalised
     * ({@link DocumentMetadata}); null clears a field. The text, its hash and length stay as imported.
     */
    void correct(String title, String author, String publishedAt, String siteName, String sourceUrl, String language) {
        this.title = java.util.Objects.requireNonNull(title, "a document always has a title");
        this.author = author;
        this.publishedAt = publishedAt;
        this.siteName = siteName;
        this.sourceUrl = sourceUrl;
        this.language = language;
    }

    private static String clip(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        return stripped.length() <= max ? stripped : stripped.substring(0, max);
    }

    public Long getId() {
        return id;
    }

    /** Goes up with every change of the metadata; a change sent with an older version is refused. */
    public long getVersion() {
        return version;
    }

    public Project getProject() {
        return project;
    }

    public Long getProjectId() {
        return projectId;
    }

    public String getTitle() {
        return title;
    }

    public String getText() {
        return text;
    }

    public String getTextSha256() {
        return textSha256;
    }

    public int getTextLength() {
        return textLength;
    }

    public String getAuthor() {
        return author;
    }

    public String getPublishedAt() {
        return publishedAt;
    }

    public String getSiteName() {
        return siteName;
    }

    public String getSourceUrl() {
        return sourceUrl;
    }

    public String getLanguage() {
        return language;
    }

    public String getMediaType() {
        return mediaType;
    }

    public String getFileName() {
        return fileName;
    }

    public long getFileSize() {
        return fileSize;
    }

    public Instant getImportedAt() {
        return importedAt;
    }

    public User getImportedBy() {
        return importedBy;
    }

    /** Marks the document as a near duplicate of an earlier one, with their resemblance. */
    public void flagNearDuplicate(long original, double resemblance) {
        this.nearDuplicateOf = original;
        this.resemblance = resemblance;
    }

    /** The manager keeps the document: it is no longer shown as a near duplicate. */
    public void clearNearDuplicate() {
        this.nearDuplicateOf = null;
        this.resemblance = null;
    }

    public Long getNearDuplicateOf() {
        return nearDuplicateOf;
    }

    public Double getResemblance() {
        return resemblance;
    }
}
