package org.claimscope.importing.job;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.claimscope.importing.ImportOutcome;

/**
 * One upload of files and archives that a worker imports in the background. The counters move with every file the
 * worker finishes, in the same transaction as that file's outcome, so that the progress a manager sees and the report
 * always agree, also after a restart.
 */
@Entity
@Table(name = "import_job")
public class ImportJob {
    public static final int MESSAGE_MAX = 2000;

    @Id
    @SequenceGenerator(name = "import_job_seq", sequenceName = "import_job_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "import_job_seq")
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

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private JobState state = JobState.QUEUED;

    @Column(name = "extract_main_content", nullable = false)
    private boolean extractMainContent;

    /** How many files or archives were uploaded. */
    @Column(nullable = false)
    private int uploads;

    @Column(name = "upload_bytes", nullable = false)
    private long uploadBytes;

    /** The files to import as far as known: uploads plus the members of archives once counted. */
    @Column(name = "files_total", nullable = false)
    private int filesTotal;

    @Column(name = "files_done", nullable = false)
    private int filesDone;

    @Column(nullable = false)
    private int imported;

    @Column(nullable = false)
    private int duplicates;

    @Column(name = "near_duplicates", nullable = false)
    private int nearDuplicates;

    @Column(nullable = false)
    private int failed;

    @Column(length = MESSAGE_MAX)
    private String message;

    /** The server that holds the uploaded files and runs the job. */
    @Column(nullable = false, length = 500)
    private String worker;

    protected ImportJob() {
    }

    public ImportJob(long projectId, long createdBy, boolean extractMainContent, int uploads, long uploadBytes,
                     String worker) {
        this.worker = worker.length() <= 500 ? worker : worker.substring(0, 500);
        this.projectId = projectId;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
        this.extractMainContent = extractMainContent;
        this.uploads = uploads;
        this.uploadBytes = uploadBytes;
        this.filesTotal = uploads;
    }

    void start() {
        if (startedAt == null) {
            startedAt = Instant.now();
        }
        state = JobState.RUNNING;
    }

    /** The worker has counted the files it is going to import; never below what is already done. */
    void countFiles(int total) {
        filesTotal = Math.max(total, filesDone);
    }

    void record(ImportOutcome.Status status, boolean nearDuplicate) {
        filesDone++;
        filesTotal = Math.max(filesTotal, filesDone);
        switch (status) {
            case IMPORTED -> imported++;
            case DUPLICATE -> duplicates++;
            case FAILED -> failed++;
        }
        if (nearDuplicate) {
            nearDuplicates++;
        }
    }

    void end(JobState end, String message) {
        state = end;
        finishedAt = Instant.now();
        this.message = message == null || message.length() <= MESSAGE_MAX ? message : message.substring(0, MESSAGE_MAX);
    }

    /** Done files over known files, 0 to 1; 1 once the job is over. */
    public double progress() {
        if (state.isOver()) {
            return 1.0;
        }
        return filesTotal == 0 ? 0.0 : Math.min(1.0, filesDone / (double) filesTotal);
    }

    public Long getId() {
        return id;
    }

    public long getVersion() {
        return version;
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

    public JobState getState() {
        return state;
    }

    public boolean isExtractMainContent() {
        return extractMainContent;
    }

    public int getUploads() {
        return uploads;
    }

    public long getUploadBytes() {
        return uploadBytes;
    }

    public int getFilesTotal() {
        return filesTotal;
    }

    public int getFilesDone() {
        return filesDone;
    }

    public int getImported() {
        return imported;
    }

    public int getDuplicates() {
        return duplicates;
    }

    public int getNearDuplicates() {
        return nearDuplicates;
    }

    public int getFailed() {
        return failed;
    }

    public String getWorker() {
        return worker;
    }

    public String getMessage() {
        return message;
    }
}
