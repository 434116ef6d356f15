-- Schema version 1: office, people, regions, applications and the batches that carry them.
-- Instants are UTC text in ISO 8601 ending in Z; dates of birth live inside the payload as
-- yyyy-MM-dd text and are never converted.

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE region (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    level  INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    parent TEXT
) WITHOUT ROWID;

CREATE INDEX region_by_parent ON region (parent, name);

CREATE TABLE user (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    created_by    INTEGER REFERENCES user (id)
);

CREATE TABLE batch (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    state      TEXT NOT NULL CHECK (state IN ('open', 'sealed', 'sent')),
    created_at TEXT NOT NULL,
    sealed_at  TEXT,
    sent_at    TEXT,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);

CREATE TABLE application (
    id                  INTEGER PRIMARY KEY,
    uuid                TEXT NOT NULL UNIQUE,
    registration_number TEXT NOT NULL UNIQUE,
    service             TEXT NOT NULL,
    catalogue_version   INTEGER NOT NULL,
    state               TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned',
                            'approved', 'sent', 'accepted', 'processing', 'completed',
                            'rejected')),
    fields              TEXT NOT NULL,
    requirements        TEXT NOT NULL,
    confirmed_warnings  TEXT NOT NULL DEFAULT '[]',
    applicant_name      TEXT NOT NULL DEFAULT '',
    applicant_nik       TEXT,
    created_by          INTEGER NOT NULL REFERENCES user (id),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    submitted_at        TEXT,
    approved_by         INTEGER REFERENCES user (id),
    approved_at         TEXT,
    content_hash        TEXT,
    batch_id            INTEGER REFERENCES batch (id),
    state_reason        TEXT,
    state_changed_at    TEXT NOT NULL
);

CREATE INDEX application_by_state ON application (state, id);
CREATE INDEX application_by_creator ON application (created_by, state);
CREATE INDEX application_by_batch ON application (batch_id);
CREATE INDEX application_by_nik ON application (applicant_nik);

-- Every change of state, with who made it and why, written in the same transaction as the change.
CREATE TABLE application_event (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application (id),
    at             TEXT NOT NULL,
    user_id        INTEGER REFERENCES user (id),
    from_state     TEXT,
    to_state       TEXT NOT NULL,
    note           TEXT
);

CREATE INDEX application_event_by_application ON application_event (application_id, id);

-- Registration numbers are counted per local day on this PC; the station code keeps PCs apart.
CREATE TABLE registration_sequence (
    day  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
