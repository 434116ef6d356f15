-- Schema version 5: scans of the documents a requirement asks for.

-- One row per distinct content: the file scans/<first two hex>/<sha256>.scan holds it encrypted
-- under the PC's scan key, so the same scan attached twice is stored once.
CREATE TABLE scan (
    sha256    TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size      INTEGER NOT NULL CHECK (size > 0),
    mime      TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'application/pdf')),
    stored_at TEXT NOT NULL
) WITHOUT ROWID;

-- Which scan was handed in for which requirement of an application, under the name the file had.
CREATE TABLE application_scan (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application (id),
    requirement    TEXT NOT NULL,
    sha256         TEXT NOT NULL REFERENCES scan (sha256),
    original_name  TEXT NOT NULL,
    attached_at    TEXT NOT NULL,
    attached_by    INTEGER NOT NULL REFERENCES user (id),
    UNIQUE (application_id, requirement, sha256)
);

CREATE INDEX application_scan_by_scan ON application_scan (sha256);
