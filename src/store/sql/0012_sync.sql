-- Offline exchange between books (issue 17; src/sync/).

-- This book's identity and clock: one row. `replica` is a UUIDv7, new for
-- every copy fieldbook makes itself; `clock` is a hybrid logical clock,
-- milliseconds * 65536 + counter, never going backwards; `next_seq` numbers
-- this replica's changesets.
CREATE TABLE sync_self (
    only     INTEGER PRIMARY KEY CHECK (only = 1),
    replica  BLOB NOT NULL CHECK (length(replica) = 16),
    clock    INTEGER NOT NULL,
    next_seq INTEGER NOT NULL
) STRICT;

-- Every changeset this book knows: its own (replica = sync_self.replica)
-- and those received from others, kept to forward them. `bases` holds, for
-- each updated field, the version it changed from (JSON); `hash` tells a
-- forked book (same replica and sequence, other content).
CREATE TABLE sync_log (
    replica   BLOB NOT NULL CHECK (length(replica) = 16),
    seq       INTEGER NOT NULL CHECK (seq > 0),
    clock     INTEGER NOT NULL,
    changeset BLOB NOT NULL,
    bases     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(bases)),
    hash      BLOB NOT NULL,
    received_at INTEGER,           -- NULL: made here
    PRIMARY KEY (replica, seq)
) STRICT, WITHOUT ROWID;

-- Changesets received before their predecessors (an earlier sequence of
-- the same replica): applied when those arrive.
CREATE TABLE sync_held (
    replica   BLOB NOT NULL CHECK (length(replica) = 16),
    seq       INTEGER NOT NULL CHECK (seq > 0),
    clock     INTEGER NOT NULL,
    changeset BLOB NOT NULL,
    bases     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(bases)),
    hash      BLOB NOT NULL,
    PRIMARY KEY (replica, seq)
) STRICT, WITHOUT ROWID;

-- What each other book said it has (from its bundles' headers): per
-- replica, the highest sequence it holds. For `sync export --for`.
CREATE TABLE sync_peers (
    peer     BLOB NOT NULL CHECK (length(peer) = 16),
    replica  BLOB NOT NULL CHECK (length(replica) = 16),
    seq      INTEGER NOT NULL,
    desk     TEXT,
    schema   INTEGER,
    PRIMARY KEY (peer, replica)
) STRICT, WITHOUT ROWID;

-- The version of each field changed since it was created: the (clock,
-- replica) of its last write and the version that write changed from.
-- No row: the field is as its row was created.
CREATE TABLE field_versions (
    tbl          TEXT NOT NULL,
    row_key      BLOB NOT NULL,
    col          TEXT NOT NULL,
    clock        INTEGER NOT NULL,
    replica      BLOB NOT NULL,
    base_clock   INTEGER,
    base_replica BLOB,
    PRIMARY KEY (tbl, row_key, col)
) STRICT, WITHOUT ROWID;

-- Same-field races: the value kept and the one that lost, with their
-- authors and clocks. `resolved_at` set once someone chose.
CREATE TABLE sync_conflicts (
    tbl           TEXT NOT NULL,
    row_key       BLOB NOT NULL,
    col           TEXT NOT NULL,
    kept_clock    INTEGER NOT NULL,
    kept_replica  BLOB NOT NULL,
    kept_value    ANY,
    lost_clock    INTEGER NOT NULL,
    lost_replica  BLOB NOT NULL,
    lost_value    ANY,
    found_at      INTEGER NOT NULL,
    resolved_at   INTEGER,
    PRIMARY KEY (tbl, row_key, col, lost_clock, lost_replica)
) STRICT, WITHOUT ROWID;
