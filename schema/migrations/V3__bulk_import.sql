-- Bulk import: background import jobs with a per-file report, and near-duplicate flags.

-- One upload of files and archives, imported in the background. The uploaded files wait under the
-- data directory (imports/<job id>/) until the job has finished with them.
CREATE SEQUENCE import_job_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE import_job (
    id                    BIGINT        NOT NULL PRIMARY KEY,
    version               BIGINT        NOT NULL,
    project_id            BIGINT        NOT NULL REFERENCES project (id),
    created_by            BIGINT        NOT NULL REFERENCES app_user (id),
    created_at            TIMESTAMP     NOT NULL,
    started_at            TIMESTAMP,
    finished_at           TIMESTAMP,
    -- QUEUED, RUNNING, FINISHED, CANCELLED, FAILED
    state                 VARCHAR(20)   NOT NULL,
    extract_main_content  BOOLEAN       NOT NULL,
    uploads               INTEGER       NOT NULL,
    upload_bytes          BIGINT        NOT NULL,
    files_total           INTEGER       NOT NULL,
    files_done            INTEGER       NOT NULL,
    imported              INTEGER       NOT NULL,
    duplicates            INTEGER       NOT NULL,
    near_duplicates       INTEGER       NOT NULL,
    failed                INTEGER       NOT NULL,
    message               VARCHAR(2000),
    -- the server that holds the uploaded files and runs the job (host and data directory)
    worker                VARCHAR(500)  NOT NULL
);
CREATE INDEX ix_import_job_project ON import_job (project_id, id);
CREATE INDEX ix_import_job_state ON import_job (state);

-- What became of each file of a job, in upload order (members of an archive in archive order).
-- document_id and near_duplicate_of are history: they keep the number after a document is deleted.
CREATE TABLE import_job_file (
    job_id             BIGINT          NOT NULL REFERENCES import_job (id),
    seq                INTEGER         NOT NULL,
    file_name          VARCHAR(2000)   NOT NULL,
    status             VARCHAR(20)     NOT NULL,
    document_id        BIGINT,
    near_duplicate_of  BIGINT,
    resemblance        DOUBLE PRECISION,
    message            VARCHAR(2000)   NOT NULL,
    CONSTRAINT pk_import_job_file PRIMARY KEY (job_id, seq)
);

-- A document that resembles one the project already had: the manager keeps it or deletes it.
ALTER TABLE document ADD COLUMN near_duplicate_of BIGINT;
ALTER TABLE document ADD COLUMN resemblance DOUBLE PRECISION;

-- Locality-sensitive hashing bands of each document's MinHash signature: documents sharing a band
-- key are candidates for near duplicates.
CREATE TABLE document_band (
    document_id  BIGINT    NOT NULL REFERENCES document (id),
    project_id   BIGINT    NOT NULL REFERENCES project (id),
    band_key     BIGINT    NOT NULL,
    CONSTRAINT pk_document_band PRIMARY KEY (document_id, band_key)
);
-- band_key first: the lookup is "band_key IN (the new document's keys) AND project_id = ?", which both
-- databases answer with one index probe per key
CREATE INDEX ix_document_band_key ON document_band (band_key, project_id);
