-- Research export: bundles written in the background. The finished ZIP lives under the data directory
-- (exports/<job id>.zip) on the server that wrote it (worker).
CREATE SEQUENCE export_job_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE export_job (
    id               BIGINT         NOT NULL PRIMARY KEY,
    version          BIGINT         NOT NULL,
    project_id       BIGINT         NOT NULL REFERENCES project (id),
    created_by       BIGINT         NOT NULL REFERENCES app_user (id),
    created_at       TIMESTAMP      NOT NULL,
    started_at       TIMESTAMP,
    finished_at      TIMESTAMP,
    -- QUEUED, RUNNING, FINISHED, FAILED
    state            VARCHAR(20)    NOT NULL,
    -- what was asked for, as the API received it (JSON)
    request          TEXT           NOT NULL,
    documents_total  BIGINT         NOT NULL,
    documents_done   BIGINT         NOT NULL,
    file_size        BIGINT,
    message          VARCHAR(2000),
    worker           VARCHAR(500)   NOT NULL
);
CREATE INDEX ix_export_job_project ON export_job (project_id, id);
