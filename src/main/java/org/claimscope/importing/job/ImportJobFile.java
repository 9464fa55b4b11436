package org.claimscope.importing.job;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import org.claimscope.importing.ImportOutcome;

/** One line of an import job's report: what became of one file. Written once, never changed. */
@Entity
@Table(name = "import_job_file")
@IdClass(ImportJobFile.Key.class)
public class ImportJobFile {
    public static final int NAME_MAX = 2000;

    @Id
    @Column(name = "job_id")
    private long jobId;

    /** The file's place in the upload: uploads in order, the members of an archive in archive order. */
    @Id
    @Column(name = "seq")
    private int seq;

    @Column(name = "file_name", nullable = false, length = NAME_MAX)
    private String fileName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private ImportOutcome.Status status;

    @Column(name = "document_id")
    private Long documentId;

    @Column(name = "near_duplicate_of")
    private Long nearDuplicateOf;

    @Column(name = "resemblance")
    private Double resemblance;

    @Column(nullable = false, length = ImportJob.MESSAGE_MAX)
    private String message;

    protected ImportJobFile() {
    }

    public ImportJobFile(long jobId, int seq, ImportOutcome outcome) {
        this.jobId = jobId;
        this.seq = seq;
        this.fileName = clip(outcome.fileName(), NAME_MAX);
        this.status = outcome.status();
        this.documentId = outcome.documentId();
        this.nearDuplicateOf = outcome.nearDuplicateOf();
        this.resemblance = outcome.resemblance();
        // the report has the file's name in a column of its own
        String message = outcome.message();
        if (message != null && outcome.fileName() != null && message.startsWith(outcome.fileName() + ": ")) {
            message = message.substring(outcome.fileName().length() + 2);
        }
        this.message = clip(message, ImportJob.MESSAGE_MAX);
    }

    private static String clip(String value, int max) {
        String v = value == null || value.isEmpty() ? "-" : value;
        return v.length() <= max ? v : v.substring(0, max - 1) + "…";
    }

    public ImportOutcome outcome() {
        return new ImportOutcome(fileName, status, documentId, message, nearDuplicateOf, resemblance);
    }

    public long getJobId() {
        return jobId;
    }

    public int getSeq() {
        return seq;
    }

    /** The composite key: job and place. */
    public static class Key implements Serializable {
        private long jobId;
        private int seq;

        public Key() {
        }

        public Key(long jobId, int seq) {
            this.jobId = jobId;
            this.seq = seq;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.jobId == jobId && k.seq == seq;
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, seq);
        }
    }
}
