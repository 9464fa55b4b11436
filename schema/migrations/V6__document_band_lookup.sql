-- The near-duplicate band keys, rebuilt so that the lookup at every import reads one index only and
-- each new document writes fewer of them.
--
-- The lookup is "the documents of this project that share two or more of these band keys". The
-- primary key (project_id, band_key, document_id) answers it on its own, one probe per key, without
-- reading the rows (V3's index on (band_key, project_id) had to fetch every matching row for its
-- document_id), and it also serves the foreign key to project and the removal of a project's keys.
-- document_id has an index of its own for the foreign key to document and for deleting a document.
-- V3 declared the foreign keys inside CREATE TABLE, before the primary key, which made H2 add an
-- index of its own for each: four indexes written for every one of the 42 keys of a document. Now
-- three on H2 (it still adds one on project_id for the foreign key, as it does not use the primary
-- key for it) and two on PostgreSQL.
CREATE TABLE document_band_new (
    project_id   BIGINT  NOT NULL,
    band_key     BIGINT  NOT NULL,
    document_id  BIGINT  NOT NULL,
    CONSTRAINT pk_document_band_new PRIMARY KEY (project_id, band_key, document_id)
);
CREATE INDEX ix_document_band_document ON document_band_new (document_id);

INSERT INTO document_band_new (project_id, band_key, document_id)
    SELECT project_id, band_key, document_id FROM document_band;

DROP TABLE document_band;
ALTER TABLE document_band_new RENAME TO document_band;

ALTER TABLE document_band ADD CONSTRAINT fk_document_band_document
    FOREIGN KEY (document_id) REFERENCES document (id);
ALTER TABLE document_band ADD CONSTRAINT fk_document_band_project
    FOREIGN KEY (project_id) REFERENCES project (id);
ALTER TABLE document_band RENAME CONSTRAINT pk_document_band_new TO pk_document_band;
