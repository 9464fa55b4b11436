package org.claimscope.annotation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.claimscope.common.Json;
import org.claimscope.security.User;

/**
 * One marked statement: a span of the document's text in code points (start inclusive, end
 * exclusive), the exact quote it covers, its category, subtypes and attributes. Subtypes and
 * attributes are kept as JSON text, so that a codebook can grow new attributes without a schema
 * change and an export reads each annotation in one row; the speaker is also kept in a column of
 * its own because the editor suggests the speakers already used in a project.
 */
@Entity
@Table(name = "annotation")
public class Annotation {
    @Id
    @SequenceGenerator(name = "annotation_seq", sequenceName = "annotation_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "annotation_seq")
    private Long id;

    @Version
    private long version;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "set_id")
    private AnnotationSet set;

    @Column(name = "start_offset", nullable = false)
    private int start;

    @Column(name = "end_offset", nullable = false)
    private int end;

    @Column(nullable = false, length = 1_000_000)
    private String quote;

    @Column(nullable = false, length = 100)
    private String category;

    @Column(name = "subtypes", nullable = false, length = 4000)
    private String subtypesJson;

    @Column(name = "attributes", nullable = false, length = 1_000_000)
    private String attributesJson;

    @Column(length = 500)
    private String speaker;

    /** in the curated layer: the annotator's annotation this one was accepted from */
    @Column(name = "source_annotation_id")
    private Long sourceAnnotationId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "created_by")
    private User createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "updated_by")
    private User updatedBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Annotation() {
    }

    public Annotation(AnnotationSet set, User author) {
        this.set = set;
        this.createdBy = author;
        this.createdAt = Instant.now();
        this.updatedBy = author;
        this.updatedAt = createdAt;
    }

    /**
     * Sets what the annotation says. The caller has checked the span against the text and the
     * content against the codebook.
     */
    public void setContent(int start, int end, String quote, String category, List<String> subtypes,
                           Map<String, String> attributes, User by) {
        this.start = start;
        this.end = end;
        this.quote = quote;
        this.category = category;
        this.subtypesJson = Json.write(List.copyOf(subtypes));
        Map<String, String> kept = new LinkedHashMap<>();
        attributes.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                kept.put(k, v);
            }
        });
        this.attributesJson = Json.write(kept);
        String s = kept.get("speaker");
        this.speaker = s == null ? null : s.strip();
        this.updatedBy = by;
        this.updatedAt = Instant.now();
    }

    /**
     * Gives an annotation created from an imported bundle the times it had where it was exported; a time that is
     * not known stays as it is.
     */
    public void restoreTimes(Instant createdAt, Instant updatedAt) {
        if (createdAt != null) {
            this.createdAt = createdAt;
        }
        if (updatedAt != null) {
            this.updatedAt = updatedAt;
        }
    }

    public Long getId() {
        return id;
    }

    public long getVersion() {
        return version;
    }

    public AnnotationSet getSet() {
        return set;
    }

    public int getStart() {
        return start;
    }

    public int getEnd() {
        return end;
    }

    public String getQuote() {
        return quote;
    }

    public String getCategory() {
        return category;
    }

    public List<String> getSubtypes() {
        return Json.readStrings(subtypesJson);
    }

    public Map<String, String> getAttributes() {
        return AttributesJson.read(attributesJson);
    }

    public Long getSourceAnnotationId() {
        return sourceAnnotationId;
    }

    public void setSourceAnnotationId(Long sourceAnnotationId) {
        this.sourceAnnotationId = sourceAnnotationId;
    }

    public String getSpeaker() {
        return speaker;
    }

    public User getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public User getUpdatedBy() {
        return updatedBy;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
