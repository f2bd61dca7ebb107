//! `sync push --hub`: sends this book's log entries (its own and those it
//! forwards) that the hub lacks, in clock order, in batches of one
//! transaction each. Each batch stores the bundle as sent (encrypted), its
//! changesets and their operations with ON CONFLICT DO NOTHING, so a
//! repeated push inserts nothing and a push cut off mid-way resumes: the
//! next one asks the hub again what it lacks.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use postgres::GenericClient;
use rusqlite::{Connection, params};
use serde_json::Value as Json;
use uuid::Uuid;

use super::operations::{Operation, decode};
use super::{Hub, HubError, Result, schema};
use crate::ops::progress::Progress;
use crate::store::Store;
use crate::store::migrations::latest_version;
use crate::sync::bundle::{Bundle, Entry, EntryMeta, FORMAT, Header, Range};
use crate::sync::capture::content_hash;
use crate::sync::export::holdings;
use crate::sync::identity;

/// Log entries per batch (one hub transaction each).
pub const BATCH: usize = 500;

/// How a push is run.
pub struct PushOptions<'a> {
    /// The offices' sync passphrase: the bundle is stored encrypted with it.
    pub passphrase: Option<&'a str>,
    pub batch: usize,
    /// Test only: a pause before each batch commits, so a test can kill
    /// the client mid-push (FIELDBOOK_HUB_TEST_PAUSE_MS).
    pub pause: Duration,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pushed {
    /// Entries the hub lacked when asked.
    pub sent: usize,
    /// Entries it stored (fewer when another desk sent some meanwhile).
    pub inserted: usize,
    pub operations: usize,
    pub batches: usize,
}

pub fn push(
    store: &Store,
    hub: &mut Hub,
    opts: &PushOptions,
    progress: &dyn Progress,
) -> Result<Pushed> {
    schema::check(hub)?;
    let conn = store.sync_conn();
    let cursors = hub_cursors(hub)?;
    refuse_fork(conn, hub, &cursors)?;
    let lacking = lacking(conn, &cursors)?;
    let mut pushed = Pushed {
        sent: lacking.len(),
        ..Pushed::default()
    };
    if lacking.is_empty() {
        return Ok(pushed);
    }
    let me = identity::replica(conn)?;
    let desk = desk_name(store);
    let has = holdings(conn)?;
    progress.phase("pushing to the hub", Some(lacking.len() as u64));
    for keys in lacking.chunks(opts.batch.max(1)) {
        let entries = load(conn, keys)?;
        let bundle = bundle_of(me, &desk, &has, entries);
        let (inserted, ops) = send_batch(conn, hub, &bundle, opts)?;
        pushed.inserted += inserted;
        pushed.operations += ops;
        pushed.batches += 1;
        progress.advance(keys.len() as u64);
    }
    progress.finish();
    Ok(pushed)
}

fn desk_name(store: &Store) -> String {
    store
        .path()
        .file_name()
        .map_or_else(|| "book".into(), |n| n.to_string_lossy().into_owned())
}

/// The highest sequence the hub holds of each replica.
pub fn hub_cursors(hub: &mut Hub) -> Result<HashMap<Uuid, i64>> {
    let rows = hub
        .client
        .query("SELECT replica, seq FROM hub.cursors", &[])
        .map_err(|e| hub.error(e))?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// A copy of a book made with cp and never given its own identity writes
/// changes under the same replica and sequence numbers as the original:
/// for each replica, the last change both hold must be the same one.
fn refuse_fork(conn: &Connection, hub: &mut Hub, cursors: &HashMap<Uuid, i64>) -> Result<()> {
    let mut keys = (Vec::new(), Vec::new(), Vec::new());
    let mut stmt = conn.prepare("SELECT hash FROM sync_log WHERE replica = ?1 AND seq = ?2")?;
    for (replica, mine) in holdings(conn)? {
        let Some(theirs) = cursors.get(&replica) else {
            continue;
        };
        let seq = mine.min(*theirs);
        let hash: Vec<u8> = stmt.query_row(params![replica, seq], |r| r.get(0))?;
        keys.0.push(replica);
        keys.1.push(seq);
        keys.2.push(hash);
    }
    let differ = hub
        .client
        .query(
            "SELECT c.replica, c.seq FROM hub.changesets c \
             JOIN unnest($1::uuid[], $2::int8[], $3::bytea[]) AS t(r, s, h) \
               ON c.replica = t.r AND c.seq = t.s WHERE c.hash <> t.h",
            &[&keys.0, &keys.1, &keys.2],
        )
        .map_err(|e| hub.error(e))?;
    let name = hub.name.clone();
    for row in differ {
        let (replica, seq) = (row.get(0), row.get(1));
        if differs(conn, &mut hub.client, &name, replica, seq)? {
            return Err(HubError::Forked(
                name,
                crate::sync::import::short(replica),
                seq,
            ));
        }
    }
    Ok(())
}

/// Whether the hub's copy of (replica, seq) is another change than this
/// book's once both are rid of what either side has erased: a purge
/// rewrites changes already sent, and `hub scrub` rewrites the hub's (see
/// `sync::scrub`). Only a difference that survives that is a fork.
fn differs(
    conn: &Connection,
    hub: &mut impl GenericClient,
    name: &str,
    replica: Uuid,
    seq: i64,
) -> Result<bool> {
    let err = |e| super::connect::classify(name, e);
    let theirs = hub
        .query_one(
            "SELECT changeset, bases FROM hub.changesets WHERE replica = $1 AND seq = $2",
            &[&replica, &seq],
        )
        .map_err(err)?;
    let (ours, our_bases): (Vec<u8>, String) = conn.query_row(
        "SELECT changeset, bases FROM sync_log WHERE replica = ?1 AND seq = ?2",
        params![replica, seq],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut erased = crate::sync::scrub::Extra::new();
    for row in hub
        .query("SELECT tbl, row_key FROM hub.tombstones", &[])
        .map_err(err)?
    {
        erased.insert((row.get(0), row.get(1)));
    }
    let (cs, bases): (Vec<u8>, String) = (theirs.get(0), theirs.get(1));
    Ok(!crate::sync::scrub::same_once_scrubbed(
        conn,
        &erased,
        (&ours, &our_bases),
        (&cs, &bases),
    )?)
}

/// (replica, seq) of the entries above the hub's cursors, in clock order.
fn lacking(conn: &Connection, cursors: &HashMap<Uuid, i64>) -> Result<Vec<(Uuid, i64)>> {
    let mut keys = Vec::new();
    let mut stmt =
        conn.prepare("SELECT clock, seq FROM sync_log WHERE replica = ?1 AND seq > ?2")?;
    for replica in holdings(conn)?.keys() {
        let above = cursors.get(replica).copied().unwrap_or(0);
        let rows = stmt.query_map(params![replica, above], |r| {
            Ok((r.get::<_, i64>(0)?, *replica, r.get::<_, i64>(1)?))
        })?;
        for row in rows {
            keys.push(row?);
        }
    }
    keys.sort();
    Ok(keys.into_iter().map(|(_, r, s)| (r, s)).collect())
}

fn load(conn: &Connection, keys: &[(Uuid, i64)]) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT clock, bases, changeset FROM sync_log WHERE replica = ?1 AND seq = ?2",
    )?;
    keys.iter()
        .map(|(replica, seq)| {
            Ok(stmt.query_row(params![replica, seq], |r| {
                Ok(Entry {
                    meta: EntryMeta {
                        replica: *replica,
                        seq: *seq,
                        clock: r.get(0)?,
                        bases: r.get(1)?,
                    },
                    changeset: r.get(2)?,
                })
            })?)
        })
        .collect()
}

fn bundle_of(me: Uuid, desk: &str, has: &BTreeMap<Uuid, i64>, entries: Vec<Entry>) -> Bundle {
    Bundle {
        header: Header {
            format: FORMAT,
            schema: latest_version(),
            sender: me,
            desk: desk.to_string(),
            ranges: Range::of(&entries),
            has: has.clone(),
        },
        entries,
        // The files go to hub.files (see send_batch), not in the audit copy.
        blobs: Vec::new(),
    }
}

/// One batch in one hub transaction: the bundle, the changesets the hub
/// lacks, their operations. Returns (changesets stored, operations).
fn send_batch(
    conn: &Connection,
    hub: &mut Hub,
    bundle: &Bundle,
    opts: &PushOptions,
) -> Result<(usize, usize)> {
    let bytes = match opts.passphrase {
        Some(p) => bundle.to_encrypted(p),
        None => bundle.to_plain(),
    };
    let schema = latest_version() as i32;
    let name = hub.name.clone();
    let err = |e| super::connect::classify(&name, e);
    let mut tx = hub.client.transaction().map_err(err)?;
    let h = &bundle.header;
    let bundle_id: i64 = tx
        .query_one(
            "INSERT INTO hub.bundles (sender, desk, schema, encrypted, entries, bytes) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                &h.sender,
                &h.desk,
                &schema,
                &opts.passphrase.is_some(),
                &(bundle.entries.len() as i32),
                &bytes,
            ],
        )
        .map_err(err)?
        .get(0);
    let es = &bundle.entries;
    let replicas: Vec<Uuid> = es.iter().map(|e| e.meta.replica).collect();
    let seqs: Vec<i64> = es.iter().map(|e| e.meta.seq).collect();
    let clocks: Vec<i64> = es.iter().map(|e| e.meta.clock).collect();
    let bases: Vec<&str> = es.iter().map(|e| e.meta.bases.as_str()).collect();
    let changesets: Vec<&[u8]> = es.iter().map(|e| e.changeset.as_slice()).collect();
    let hashes: Vec<Vec<u8>> = es
        .iter()
        .map(|e| content_hash(&e.changeset, &e.meta.bases))
        .collect();
    let stored = tx
        .query(
            "INSERT INTO hub.changesets (replica, seq, clock, schema, bases, changeset, hash, bundle_id) \
             SELECT r, s, c, $4, b, cs, h, $8 \
             FROM unnest($1::uuid[], $2::int8[], $3::int8[], $5::text[], $6::bytea[], $7::bytea[]) \
                  AS t(r, s, c, b, cs, h) \
             ON CONFLICT (replica, seq) DO NOTHING RETURNING replica, seq",
            &[&replicas, &seqs, &clocks, &schema, &bases, &changesets, &hashes, &bundle_id],
        )
        .map_err(err)?;
    let stored: std::collections::HashSet<(Uuid, i64)> =
        stored.iter().map(|r| (r.get(0), r.get(1))).collect();
    if stored.len() < es.len() {
        // Some were there already (another desk sent them meanwhile): the
        // same content, or a copy of a book that was never given its own
        // identity (a fork), which must not pass silently.
        let held = tx
            .query(
                "SELECT c.replica, c.seq, c.hash FROM hub.changesets c \
                 JOIN unnest($1::uuid[], $2::int8[], $3::bytea[]) AS t(r, s, h) \
                   ON c.replica = t.r AND c.seq = t.s WHERE c.hash <> t.h",
                &[&replicas, &seqs, &hashes],
            )
            .map_err(err)?;
        for row in held {
            let (replica, seq): (Uuid, i64) = (row.get(0), row.get(1));
            if differs(conn, &mut tx, &name, replica, seq)? {
                return Err(HubError::Forked(
                    name.clone(),
                    crate::sync::import::short(replica),
                    seq,
                ));
            }
        }
    }
    // The files these changesets attach, once each at the hub.
    let files = crate::sync::blobs::needed(conn, es)?;
    if !files.is_empty() {
        let shas: Vec<&[u8]> = files.iter().map(|f| f.sha256.as_slice()).collect();
        let data: Vec<&[u8]> = files.iter().map(|f| f.data.as_slice()).collect();
        tx.execute(
            "INSERT INTO hub.files (sha256, data) SELECT * FROM unnest($1::bytea[], $2::bytea[]) \
             ON CONFLICT (sha256) DO NOTHING",
            &[&shas, &data],
        )
        .map_err(err)?;
    }
    let mut ops = Columns::default();
    for e in es
        .iter()
        .filter(|e| stored.contains(&(e.meta.replica, e.meta.seq)))
    {
        for op in decode(conn, e)? {
            ops.add(&e.meta, op);
        }
    }
    let count = ops.replica.len();
    if count > 0 {
        tx.execute(
            "INSERT INTO hub.operations (replica, seq, item, clock, tbl, row_key, row_id, kind, \
                                         col, value, base_clock, base_replica, old_value) \
             SELECT * FROM unnest($1::uuid[], $2::int8[], $3::int4[], $4::int8[], $5::text[], \
                                  $6::bytea[], $7::uuid[], $8::text[], $9::text[], $10::jsonb[], \
                                  $11::int8[], $12::uuid[], $13::jsonb[]) \
             ON CONFLICT (replica, seq, item) DO NOTHING",
            &[
                &ops.replica,
                &ops.seq,
                &ops.item,
                &ops.clock,
                &ops.tbl,
                &ops.row_key,
                &ops.row_id,
                &ops.kind,
                &ops.col,
                &ops.value,
                &ops.base_clock,
                &ops.base_replica,
                &ops.old_value,
            ],
        )
        .map_err(err)?;
    }
    // Every entry of the bundle, stored here or already: `hub scrub` finds
    // each bundle that holds a change it rewrites.
    tx.execute(
        "INSERT INTO hub.bundle_entries (bundle_id, replica, seq) \
         SELECT $1, r, s FROM unnest($2::uuid[], $3::int8[]) AS t(r, s)",
        &[&bundle_id, &replicas, &seqs],
    )
    .map_err(err)?;
    if !opts.pause.is_zero() {
        std::thread::sleep(opts.pause);
    }
    tx.commit().map_err(err)?;
    Ok((stored.len(), count))
}

/// Operations as one array per column, for one INSERT ... unnest.
#[derive(Default)]
struct Columns {
    replica: Vec<Uuid>,
    seq: Vec<i64>,
    item: Vec<i32>,
    clock: Vec<i64>,
    tbl: Vec<String>,
    row_key: Vec<Vec<u8>>,
    row_id: Vec<Option<Uuid>>,
    kind: Vec<&'static str>,
    col: Vec<Option<String>>,
    value: Vec<Option<Json>>,
    base_clock: Vec<Option<i64>>,
    base_replica: Vec<Option<Uuid>>,
    old_value: Vec<Option<Json>>,
}

impl Columns {
    fn add(&mut self, meta: &EntryMeta, op: Operation) {
        self.replica.push(meta.replica);
        self.seq.push(meta.seq);
        self.item.push(op.item);
        self.clock.push(meta.clock);
        self.tbl.push(op.tbl);
        self.row_key.push(op.row_key);
        self.row_id.push(op.row_id);
        self.kind.push(op.kind);
        self.col.push(op.col);
        self.value.push(op.value);
        self.base_clock.push(op.base.map(|b| b.0));
        self.base_replica.push(op.base.map(|b| b.1));
        self.old_value.push(op.old_value);
    }
}
