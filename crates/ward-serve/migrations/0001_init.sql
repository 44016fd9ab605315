-- Scan history of `ward serve`: one row per scan, its findings in stable order.
CREATE TABLE scans (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused after a delete
    path         TEXT    NOT NULL,
    profile      TEXT    NOT NULL,
    state        TEXT    NOT NULL,  -- queued | running | done | failed | cancelled
    files_done   INTEGER NOT NULL DEFAULT 0,
    files_total  INTEGER,           -- known once the walk has finished
    findings     INTEGER NOT NULL DEFAULT 0,
    error        TEXT,
    created_ns   INTEGER NOT NULL,
    started_ns   INTEGER,
    finished_ns  INTEGER,
    elapsed_ms   INTEGER,
    report       TEXT               -- the whole ward-crypto JSON report, when done
);

CREATE TABLE findings (
    scan_id   INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,     -- position in the report: the stable order of pages
    path      TEXT    NOT NULL,
    severity  TEXT    NOT NULL,
    algorithm TEXT    NOT NULL,
    body      TEXT    NOT NULL,     -- the finding as JSON
    PRIMARY KEY (scan_id, seq)
) WITHOUT ROWID;
