-- Restoring a project from an export bundle writes it in many transactions (a batch of documents each). Until the
-- last one commits, the project is hidden from everyone (import_pending), and bundle_import says which server is
-- writing it and which placeholder accounts were made for it. Should that server stop in the middle, it deletes the
-- partial project and those accounts when it starts again, so that no half-restored project is ever worked on.
ALTER TABLE project ADD COLUMN import_pending BOOLEAN DEFAULT FALSE NOT NULL;
CREATE TABLE bundle_import (
    project_id       BIGINT         NOT NULL PRIMARY KEY,
    worker           VARCHAR(500)   NOT NULL,
    started_at       TIMESTAMP      NOT NULL,
    file_name        VARCHAR(1000),
    -- the placeholder accounts made for the bundle's annotators, as comma-separated user ids
    placeholder_ids  TEXT           NOT NULL
);
