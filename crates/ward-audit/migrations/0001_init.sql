-- 0001: the event log and the prune checkpoint. Never edit once landed; add 0002_… instead.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    time_ns     INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    raw         TEXT    NOT NULL,
    commands    TEXT    NOT NULL, -- JSON array of normalised simple commands
    decision    TEXT    NOT NULL,
    rules       TEXT    NOT NULL, -- JSON array of matched rule ids
    reason      TEXT    NOT NULL,
    cwd         TEXT    NOT NULL,
    pid         INTEGER NOT NULL,
    ppid        INTEGER NOT NULL,
    uid         INTEGER NOT NULL,
    session     TEXT    NOT NULL,
    decided_by  TEXT    NOT NULL,
    extra       TEXT    NOT NULL, -- free-form JSON ('' when none)
    prev_hash   BLOB    NOT NULL,
    hash        BLOB    NOT NULL
);
CREATE INDEX events_time ON events (time_ns);

-- At most one row: where the chain starts after `ward audit prune`.
CREATE TABLE checkpoint (
    one        INTEGER PRIMARY KEY CHECK (one = 1),
    last_id    INTEGER NOT NULL,
    last_hash  BLOB    NOT NULL,
    pruned     INTEGER NOT NULL,
    time_ns    INTEGER NOT NULL
);
