-- Team workflow: project settings for assignment and curation, abandoned sets, the curated layer,
-- curators' decisions on units. Portable SQL for H2 2.x and PostgreSQL.

ALTER TABLE project ADD COLUMN document_order VARCHAR(20) DEFAULT 'STABLE' NOT NULL;
ALTER TABLE project ADD COLUMN auto_merge_unanimous BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE project ADD COLUMN anonymous_curation BOOLEAN DEFAULT FALSE NOT NULL;
-- sets untouched for longer than this go back to the pool when a manager releases them; NULL: never
ALTER TABLE project ADD COLUMN abandon_after_hours INTEGER;

-- The curated set of a document has no owner; annotators' sets keep theirs.
ALTER TABLE annotation_set ALTER COLUMN owner_id DROP NOT NULL;
ALTER TABLE annotation_set ADD COLUMN curated BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX ix_annotation_set_owner ON annotation_set (owner_id, state);

-- How many annotators hold each document (annotator sets that are not abandoned), kept up to date
-- by the application in the transaction that changes a set, so that "next document" finds a
-- document with a free place without counting sets across the whole project.
ALTER TABLE document ADD COLUMN active_sets INTEGER DEFAULT 0 NOT NULL;
UPDATE document SET active_sets = (SELECT COUNT(*) FROM annotation_set s WHERE s.document_id = document.id
    AND s.owner_id IS NOT NULL AND s.state <> 'ABANDONED');
CREATE INDEX ix_document_open ON document (project_id, active_sets, id);

-- The annotator's annotation a curated annotation was copied from (no foreign key: the annotator
-- may later delete their own annotation, the curated copy stays).
ALTER TABLE annotation ADD COLUMN source_annotation_id BIGINT;

CREATE SEQUENCE curation_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE curation (
    id           BIGINT      NOT NULL PRIMARY KEY,
    version      BIGINT      NOT NULL,
    document_id  BIGINT      NOT NULL REFERENCES document (id),
    set_id       BIGINT      NOT NULL REFERENCES annotation_set (id),
    state        VARCHAR(20) NOT NULL,
    started_by   BIGINT      NOT NULL REFERENCES app_user (id),
    started_at   TIMESTAMP   NOT NULL,
    updated_by   BIGINT      NOT NULL REFERENCES app_user (id),
    updated_at   TIMESTAMP   NOT NULL,
    CONSTRAINT uq_curation_document UNIQUE (document_id),
    CONSTRAINT uq_curation_set UNIQUE (set_id)
);

-- A curator's decision on one unit (identified by its span): rejected, and/or a note.
CREATE SEQUENCE curation_unit_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE curation_unit (
    id            BIGINT      NOT NULL PRIMARY KEY,
    version       BIGINT      NOT NULL,
    document_id   BIGINT      NOT NULL REFERENCES document (id),
    start_offset  INTEGER     NOT NULL,
    end_offset    INTEGER     NOT NULL,
    rejected      BOOLEAN     NOT NULL,
    note          TEXT,
    updated_by    BIGINT      NOT NULL REFERENCES app_user (id),
    updated_at    TIMESTAMP   NOT NULL,
    CONSTRAINT uq_curation_unit UNIQUE (document_id, start_offset, end_offset)
);
