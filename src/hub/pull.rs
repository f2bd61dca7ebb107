//! `sync pull --hub`: fetches the changesets this book has not seen (above
//! its highest sequence of each replica, never its own), in clock order so
//! each replica's come in sequence, and applies them batch by batch through
//! the same path as `sync import`: the same checks, merge rule, holds and
//! conflict list. A batch is one local transaction; a pull cut off keeps
//! what it applied and the next one fetches the rest.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::push::hub_cursors;
use super::{Hub, HubError, Result, schema};
use crate::ops::progress::Progress;
use crate::store::Store;
use crate::sync::bundle::{Blob, Bundle, Entry, EntryMeta, FORMAT, Header};
use crate::sync::export::holdings;
use crate::sync::{identity, import};

/// What a pull did, summed over its batches.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pulled {
    pub fetched: usize,
    pub report: import::Report,
    pub batches: usize,
}

const LACKING: &str = "FROM hub.changesets c \
     LEFT JOIN unnest($1::uuid[], $2::int8[]) AS h(replica, seq) ON h.replica = c.replica \
     WHERE c.replica <> $3 AND c.seq > coalesce(h.seq, 0)";

pub fn pull(
    store: &mut Store,
    hub: &mut Hub,
    batch: usize,
    progress: &dyn Progress,
) -> Result<Pulled> {
    let hub_replica = schema::check(hub)?;
    let me = identity::replica(store.sync_conn())?;
    let has: BTreeMap<Uuid, i64> = hub_cursors(hub)?.into_iter().collect();
    let mut pulled = Pulled::default();
    let total = count_lacking(hub, store, me)?;
    if total == 0 {
        return Ok(pulled);
    }
    progress.phase("pulling from the hub", Some(total as u64));
    loop {
        let (entries, schema) = fetch(hub, store, me, batch.max(1))?;
        if entries.is_empty() {
            break;
        }
        let n = entries.len();
        let blobs = files_for(hub, store, &entries)?;
        let bundle = Bundle {
            header: Header {
                format: FORMAT,
                schema,
                sender: hub_replica,
                desk: "the hub".into(),
                ranges: Vec::new(),
                has: has.clone(),
            },
            entries,
            blobs,
        };
        import::check(store.sync_conn(), &bundle)
            .map_err(|refusal| HubError::Bundle(refusal.to_string()))?;
        let r = import::apply_bundle(store, &bundle)?;
        add(&mut pulled.report, &r);
        pulled.fetched += n;
        pulled.batches += 1;
        progress.advance(n as u64);
        if n < batch || r.applied == 0 {
            // Nothing more, or only changesets held for predecessors the
            // hub does not have: fetching again would bring the same.
            break;
        }
    }
    progress.finish();
    Ok(pulled)
}

fn add(sum: &mut import::Report, r: &import::Report) {
    sum.applied += r.applied;
    sum.changes += r.changes;
    sum.skipped += r.skipped;
    sum.held = r.held;
    sum.conflicts += r.conflicts;
    sum.missing_rows += r.missing_rows;
}

/// This book's holdings as two arrays, for the hub's query.
fn holding_arrays(store: &Store) -> Result<(Vec<Uuid>, Vec<i64>)> {
    let has = holdings(store.sync_conn())?;
    Ok(has.into_iter().unzip())
}

fn count_lacking(hub: &mut Hub, store: &Store, me: Uuid) -> Result<i64> {
    let (replicas, seqs) = holding_arrays(store)?;
    let sql = ["SELECT count(*) ", LACKING].concat();
    let row = hub
        .client
        .query_one(&sql, &[&replicas, &seqs, &me])
        .map_err(|e| hub.error(e))?;
    Ok(row.get(0))
}

/// The next batch in clock order, and the newest schema among them.
/// The contents of the files the entries attach, from hub.files (a file
/// the hub lacks is left out: its attachment waits, held, for a later pull).
fn files_for(hub: &mut Hub, store: &Store, entries: &[Entry]) -> Result<Vec<Blob>> {
    let wanted = crate::sync::blobs::attached_files(store.sync_conn(), entries)?;
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let rows = hub
        .client
        .query(
            "SELECT sha256, data FROM hub.files WHERE sha256 = ANY($1)",
            &[&wanted],
        )
        .map_err(|e| hub.error(e))?;
    Ok(rows
        .iter()
        .map(|r| Blob {
            sha256: r.get(0),
            data: r.get(1),
        })
        .collect())
}

fn fetch(hub: &mut Hub, store: &Store, me: Uuid, batch: usize) -> Result<(Vec<Entry>, i64)> {
    let (replicas, seqs) = holding_arrays(store)?;
    let sql = [
        "SELECT c.replica, c.seq, c.clock, c.bases, c.changeset, c.schema ",
        LACKING,
        " ORDER BY c.clock, c.replica, c.seq LIMIT $4",
    ]
    .concat();
    let rows = hub
        .client
        .query(&sql, &[&replicas, &seqs, &me, &(batch as i64)])
        .map_err(|e| hub.error(e))?;
    let mut schema = 0i64;
    let entries = rows
        .iter()
        .map(|r| {
            schema = schema.max(i64::from(r.get::<_, i32>(5)));
            Entry {
                meta: EntryMeta {
                    replica: r.get(0),
                    seq: r.get(1),
                    clock: r.get(2),
                    bases: r.get(3),
                },
                changeset: r.get(4),
            }
        })
        .collect();
    Ok((entries, schema))
}
