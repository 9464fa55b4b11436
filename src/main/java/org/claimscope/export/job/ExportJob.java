package org.claimscope.export.job;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A research export written in the background: what was asked for, how far it is, and the finished bundle's size. */
@Entity
@Table(name = "export_job")
public class ExportJob {
    /** QUEUED, RUNNING, FINISHED or FAILED. */
    public enum State {
        QUEUED, RUNNING, FINISHED, FAILED;

        public boolean isOver() {
            return this == FINISHED || this == FAILED;
        }
    }

    @Id
    @SequenceGenerator(name = "export_job_seq", sequenceName = "export_job_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "export_job_seq")
    private Long id;

    @Version
    private long version;

    @Column(name = "project_id", nullable = false)
    private long projectId;

    @Column(name = "created_by", nullable = false)
    private long createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(nullable = false, length = 20)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private State state = State.QUEUED;

    @Column(nullable = false, columnDefinition = "TEXT")
    private String request;

    @Column(name = "documents_total", nullable = false)
    private long documentsTotal;

    @Column(name = "documents_done", nullable = false)
    private long documentsDone;

    @Column(name = "file_size")
    private Long fileSize;

    @Column(length = 2000)
    private String message;

    @Column(nullable = false, length = 500)
    private String worker;

    protected ExportJob() {
    }

    public ExportJob(long projectId, long createdBy, String request, String worker) {
        this.projectId = projectId;
        this.createdBy = createdBy;
        this.request = request;
        this.worker = worker.length() <= 500 ? worker : worker.substring(0, 500);
        this.createdAt = Instant.now();
    }

    void start(long total) {
        state = State.RUNNING;
        startedAt = Instant.now();
        documentsTotal = total;
        documentsDone = 0;
    }

    void progress(long done) {
        documentsDone = done;
    }

    void finish(long size) {
        state = State.FINISHED;
        finishedAt = Instant.now();
        fileSize = size;
        documentsDone = documentsTotal;
    }

    void fail(String why) {
        state = State.FAILED;
        finishedAt = Instant.now();
        message = why == null || why.length() <= 2000 ? why : why.substring(0, 2000);
    }

    public double progress() {
        if (state == State.FINISHED) {
            return 1.0;
        }
        return documentsTotal == 0 ? 0.0 : Math.min(1.0, documentsDone / (double) documentsTotal);
    }

    public Long getId() {
        return id;
    }

    public long getProjectId() {
        return projectId;
    }

    public long getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public State getState() {
        return state;
    }

    public String getRequest() {
        return request;
    }

    public long getDocumentsTotal() {
        return documentsTotal;
    }

    public long getDocumentsDone() {
        return documentsDone;
    }

    public Long getFileSize() {
        return fileSize;
    }

    public String getMessage() {
        return message;
    }

    public String getWorker() {
        return worker;
    }
}
