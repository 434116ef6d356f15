-- Schema version 6: master data pulled from the central server.

-- Every version pulled of the service catalogue, the code lists and the region table. The newest
-- of a kind is the one in use unless the program's built-in one is newer. The catalogue and the
-- code lists keep their content; the regions live in the region table, so their content is not
-- kept twice. `changes` is JSON: what the version changed against the one in use before it.
CREATE TABLE master_data (
    kind         TEXT NOT NULL CHECK (kind IN ('codelists', 'catalogue', 'regions')),
    version      INTEGER NOT NULL CHECK (version > 0),
    content      TEXT CHECK (content IS NOT NULL OR kind = 'regions'),
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    published_at TEXT NOT NULL,
    pulled_at    TEXT NOT NULL,
    changes      TEXT NOT NULL,
    PRIMARY KEY (kind, version)
) WITHOUT ROWID;
