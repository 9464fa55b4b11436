-- Claimscope core schema: people, projects, codebooks, documents, annotations, audit trail.
-- Portable SQL that H2 2.x and PostgreSQL both accept. Identifiers come from sequences
-- (allocation size 50, matching the entities' @SequenceGenerator; EclipseLink takes each value
-- as the last id of a block of 50, so sequences start at 50), never identity columns.

CREATE SEQUENCE app_user_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE app_user (
    id            BIGINT       NOT NULL PRIMARY KEY,
    version       BIGINT       NOT NULL,
    login         VARCHAR(100) NOT NULL,
    display_name  VARCHAR(200) NOT NULL,
    password_hash VARCHAR(400) NOT NULL,
    admin         BOOLEAN      NOT NULL,
    enabled       BOOLEAN      NOT NULL,
    created_at    TIMESTAMP    NOT NULL,
    CONSTRAINT uq_app_user_login UNIQUE (login)
);

CREATE SEQUENCE api_token_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE api_token (
    id          BIGINT       NOT NULL PRIMARY KEY,
    version     BIGINT       NOT NULL,
    user_id     BIGINT       NOT NULL REFERENCES app_user (id),
    token_hash  CHAR(64)     NOT NULL,
    label       VARCHAR(200),
    created_at  TIMESTAMP    NOT NULL,
    revoked     BOOLEAN      NOT NULL,
    CONSTRAINT uq_api_token_hash UNIQUE (token_hash)
);

CREATE SEQUENCE project_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE project (
    id                      BIGINT        NOT NULL PRIMARY KEY,
    version                 BIGINT        NOT NULL,
    name                    VARCHAR(200)  NOT NULL,
    description             VARCHAR(4000),
    guidelines              TEXT,
    annotators_per_document INTEGER       NOT NULL,
    created_by              BIGINT        NOT NULL REFERENCES app_user (id),
    created_at              TIMESTAMP     NOT NULL
);

CREATE SEQUENCE project_member_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE project_member (
    id          BIGINT       NOT NULL PRIMARY KEY,
    version     BIGINT       NOT NULL,
    project_id  BIGINT       NOT NULL REFERENCES project (id),
    user_id     BIGINT       NOT NULL REFERENCES app_user (id),
    roles       VARCHAR(100) NOT NULL,
    pseudonym   VARCHAR(20)  NOT NULL,
    CONSTRAINT uq_project_member UNIQUE (project_id, user_id),
    CONSTRAINT uq_project_member_pseudonym UNIQUE (project_id, pseudonym)
);

CREATE SEQUENCE codebook_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE codebook (
    id          BIGINT       NOT NULL PRIMARY KEY,
    version     BIGINT       NOT NULL,
    project_id  BIGINT       NOT NULL REFERENCES project (id),
    name        VARCHAR(200) NOT NULL,
    definition  TEXT         NOT NULL,
    updated_at  TIMESTAMP    NOT NULL,
    CONSTRAINT uq_codebook_project UNIQUE (project_id)
);

CREATE SEQUENCE document_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE document (
    id            BIGINT         NOT NULL PRIMARY KEY,
    version       BIGINT         NOT NULL,
    project_id    BIGINT         NOT NULL REFERENCES project (id),
    title         VARCHAR(1000)  NOT NULL,
    text          TEXT           NOT NULL,
    text_sha256   CHAR(64)       NOT NULL,
    text_length   INTEGER        NOT NULL,
    author        VARCHAR(1000),
    published_at  VARCHAR(40),
    site_name     VARCHAR(500),
    source_url    VARCHAR(2000),
    language      VARCHAR(35),
    media_type    VARCHAR(200)   NOT NULL,
    file_name     VARCHAR(1000)  NOT NULL,
    file_size     BIGINT         NOT NULL,
    imported_by   BIGINT         NOT NULL REFERENCES app_user (id),
    imported_at   TIMESTAMP      NOT NULL,
    CONSTRAINT uq_document_text UNIQUE (project_id, text_sha256)
);
CREATE INDEX ix_document_project ON document (project_id, id);

CREATE SEQUENCE annotation_set_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE annotation_set (
    id           BIGINT      NOT NULL PRIMARY KEY,
    version      BIGINT      NOT NULL,
    document_id  BIGINT      NOT NULL REFERENCES document (id),
    owner_id     BIGINT      NOT NULL REFERENCES app_user (id),
    state        VARCHAR(20) NOT NULL,
    updated_at   TIMESTAMP   NOT NULL,
    CONSTRAINT uq_annotation_set UNIQUE (document_id, owner_id)
);

CREATE SEQUENCE annotation_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE annotation (
    id            BIGINT           NOT NULL PRIMARY KEY,
    version       BIGINT           NOT NULL,
    set_id        BIGINT           NOT NULL REFERENCES annotation_set (id),
    start_offset  INTEGER          NOT NULL,
    end_offset    INTEGER          NOT NULL,
    quote         VARCHAR(1000000) NOT NULL,
    category      VARCHAR(100)     NOT NULL,
    subtypes      VARCHAR(4000)    NOT NULL,
    attributes    VARCHAR(1000000) NOT NULL,
    speaker       VARCHAR(500),
    created_by    BIGINT           NOT NULL REFERENCES app_user (id),
    created_at    TIMESTAMP        NOT NULL,
    updated_by    BIGINT           NOT NULL REFERENCES app_user (id),
    updated_at    TIMESTAMP        NOT NULL,
    CONSTRAINT ck_annotation_span CHECK (start_offset >= 0 AND start_offset < end_offset)
);
CREATE INDEX ix_annotation_set ON annotation (set_id, start_offset);
CREATE INDEX ix_annotation_speaker ON annotation (speaker);

CREATE SEQUENCE audit_event_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE audit_event (
    id           BIGINT      NOT NULL PRIMARY KEY,
    occurred_at  TIMESTAMP   NOT NULL,
    actor_id     BIGINT      NOT NULL REFERENCES app_user (id),
    action       VARCHAR(20) NOT NULL,
    entity_type  VARCHAR(40) NOT NULL,
    entity_id    BIGINT      NOT NULL,
    project_id   BIGINT,
    document_id  BIGINT,
    before_state TEXT,
    after_state  TEXT
);
CREATE INDEX ix_audit_entity ON audit_event (entity_type, entity_id);
CREATE INDEX ix_audit_project ON audit_event (project_id, occurred_at);
