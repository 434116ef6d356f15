-- Schema version 3: sign-in lockout, an append-only audit trail, hand-over and retention.

ALTER TABLE user ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE user ADD COLUMN locked_until TEXT;
ALTER TABLE user ADD COLUMN password_changed_at TEXT;

-- A completed application is handed over at the counter; its personal data is purged when the
-- retention period has passed, leaving the registration number, service, dates and state.
ALTER TABLE application ADD COLUMN handed_over_at TEXT;
ALTER TABLE application ADD COLUMN purged_at TEXT;

-- Who did what with which application, chained by hashes so that an edited, removed or
-- reordered entry is found. `subjects` lists salted hashes of the NIKs concerned, so that what
-- was done with one person's data can be answered without keeping the NIK itself here.
CREATE TABLE audit_entry (
    seq                 INTEGER PRIMARY KEY,
    at                  TEXT NOT NULL,
    user_id             INTEGER,
    user_name           TEXT NOT NULL,
    action              TEXT NOT NULL,
    application_uuid    TEXT,
    registration_number TEXT,
    subjects            TEXT NOT NULL DEFAULT '',
    detail              TEXT NOT NULL DEFAULT '',
    previous_hash       TEXT NOT NULL,
    hash                TEXT NOT NULL
);

CREATE INDEX audit_by_application ON audit_entry (application_uuid, seq);

CREATE TABLE audit_subject (
    seq     INTEGER NOT NULL REFERENCES audit_entry (seq),
    subject TEXT NOT NULL
);

CREATE INDEX audit_subject_by_subject ON audit_subject (subject, seq);

CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_subject_no_update BEFORE UPDATE ON audit_subject BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_subject_no_delete BEFORE DELETE ON audit_subject BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
