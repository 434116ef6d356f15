-- Schema version 2: a record of each sync run, so the operator can see when the office last
-- reached the central server and why a run failed.

CREATE TABLE sync_run (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    outcome     TEXT CHECK (outcome IN ('ok', 'failed')),
    sent        INTEGER NOT NULL DEFAULT 0,
    accepted    INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    statuses    INTEGER NOT NULL DEFAULT 0,
    message     TEXT
);
