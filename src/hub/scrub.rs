//! `fieldbook hub scrub`: head office rewrites the changesets and bundles
//! the hub stores without the rows desks have erased (`fieldbook purge`).
//!
//! The trigger erases what it can when a purge arrives (the read-table
//! row, the operations' values, conflicts, files: `sql/0002_purges_and_readers.sql`),
//! but the stored changesets are SQLite changesets and the bundles are
//! encrypted: only fieldbook reads them, with the offices' passphrase. So
//! the hub's owner runs this (nightly, say): each changeset that carries an
//! erased row, or a row belonging to one, is rewritten by the desks' own
//! rule (`sync::scrub::rewrite`, in the same place, with the hash
//! recomputed), and each bundle holding one is re-encrypted with it. One
//! transaction: a failure leaves the hub as it was. Desks tell a scrubbed
//! changeset from a fork the way they do between books (`push::differs`).

use std::collections::BTreeSet;

use postgres::Transaction;
use uuid::Uuid;

use super::{Hub, HubError, Result};
use crate::sync::bundle::Bundle;
use crate::sync::capture::content_hash;
use crate::sync::scrub::{Extra, rewrite};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scrubbed {
    /// Purges not scrubbed before this run.
    pub tombstones: usize,
    pub changesets: usize,
    pub bundles: usize,
}

/// The hub's tombstones: all of them (a rewrite weighs every erased row)
/// and those not yet scrubbed.
fn tombstones(tx: &mut Transaction) -> std::result::Result<(Extra, Extra), postgres::Error> {
    let (mut all, mut pending) = (Extra::new(), Extra::new());
    for row in tx.query(
        "SELECT tbl, row_key, scrubbed_at IS NULL FROM hub.tombstones",
        &[],
    )? {
        let key = (row.get::<_, String>(0), row.get::<_, Vec<u8>>(1));
        if row.get::<_, bool>(2) {
            pending.insert(key.clone());
        }
        all.insert(key);
    }
    Ok((all, pending))
}

/// The changesets that may carry an erased row: those with operations on
/// it, and those holding its id anywhere (a row belonging to it, or a
/// link to it), as the desks find them in their own logs.
fn candidates(
    tx: &mut Transaction,
    pending: &Extra,
) -> std::result::Result<BTreeSet<(Uuid, i64)>, postgres::Error> {
    let mut found = BTreeSet::new();
    let (tables, keys): (Vec<&str>, Vec<&[u8]>) = pending
        .iter()
        .map(|(t, k)| (t.as_str(), k.as_slice()))
        .unzip();
    for row in tx.query(
        "SELECT DISTINCT o.replica, o.seq FROM hub.operations o \
         JOIN unnest($1::text[], $2::bytea[]) AS t(tbl, row_key) \
           ON o.tbl = t.tbl AND o.row_key = t.row_key",
        &[&tables, &keys],
    )? {
        found.insert((row.get(0), row.get(1)));
    }
    let ids: Vec<&[u8]> = keys.iter().copied().filter(|k| k.len() == 16).collect();
    if !ids.is_empty() {
        for row in tx.query(
            "SELECT replica, seq FROM hub.changesets c \
             WHERE EXISTS (SELECT 1 FROM unnest($1::bytea[]) AS n(id) WHERE position(n.id IN c.changeset) > 0)",
            &[&ids],
        )? {
            found.insert((row.get(0), row.get(1)));
        }
    }
    Ok(found)
}

pub fn scrub(hub: &mut Hub, passphrase: Option<&str>) -> Result<Scrubbed> {
    super::schema::check(hub)?;
    let book = super::schema::schema_book()?;
    let name = hub.name.clone();
    let err = |e| super::connect::classify(&name, e);
    let mut tx = hub.client.transaction().map_err(err)?;
    // A push that meets an erased row while this runs re-queues its
    // tombstone (the trigger updates hub.tombstones): it waits for this
    // transaction, so what it brings is left for the next scrub, never
    // marked scrubbed unseen.
    tx.batch_execute("LOCK TABLE hub.tombstones IN SHARE ROW EXCLUSIVE MODE")
        .map_err(err)?;
    let (all, pending) = tombstones(&mut tx).map_err(err)?;
    let mut done = Scrubbed {
        tombstones: pending.len(),
        ..Scrubbed::default()
    };
    if pending.is_empty() {
        return Ok(done);
    }
    let candidates = candidates(&mut tx, &pending).map_err(err)?;
    let mut first_bundle = i64::MAX;
    for &(replica, seq) in &candidates {
        let row = tx
            .query_one(
                "SELECT changeset, bases, bundle_id FROM hub.changesets WHERE replica = $1 AND seq = $2",
                &[&replica, &seq],
            )
            .map_err(err)?;
        let (changeset, bases): (Vec<u8>, String) = (row.get(0), row.get(1));
        first_bundle = first_bundle.min(row.get(2));
        let Some((changeset, bases)) = rewrite(&book, &changeset, &bases, &all)? else {
            continue;
        };
        let hash = content_hash(&changeset, &bases);
        tx.execute(
            "UPDATE hub.changesets SET changeset = $1, bases = $2, hash = $3 WHERE replica = $4 AND seq = $5",
            &[&changeset, &bases, &hash, &replica, &seq],
        )
        .map_err(err)?;
        done.changesets += 1;
    }
    // A bundle holding a candidate may still hold its original content even
    // when the hub's copy was rewritten before (a copy sent again later).
    let bundles = Bundles {
        book: &book,
        erased: &all,
        passphrase,
        name: &name,
    };
    done.bundles = bundles.rewrite(&mut tx, &candidates, first_bundle)?;
    let (tables, keys): (Vec<&str>, Vec<&[u8]>) = pending
        .iter()
        .map(|(t, k)| (t.as_str(), k.as_slice()))
        .unzip();
    tx.execute(
        "UPDATE hub.tombstones x SET scrubbed_at = now() FROM unnest($1::text[], $2::bytea[]) AS t(tbl, row_key) \
         WHERE x.tbl = t.tbl AND x.row_key = t.row_key",
        &[&tables, &keys],
    )
    .map_err(err)?;
    tx.commit().map_err(err)?;
    Ok(done)
}

/// The stored bundles' side of a scrub.
struct Bundles<'a> {
    book: &'a rusqlite::Connection,
    erased: &'a Extra,
    passphrase: Option<&'a str>,
    name: &'a str,
}

impl Bundles<'_> {
    /// The bundles that hold any of the changes: by `hub.bundle_entries`,
    /// and for bundles pushed before it was kept (a hub of version 1),
    /// every one from the first that stored one of them on.
    fn holding(
        &self,
        tx: &mut Transaction,
        changes: &BTreeSet<(Uuid, i64)>,
        first: i64,
    ) -> Result<Vec<i64>> {
        let (replicas, seqs): (Vec<Uuid>, Vec<i64>) = changes.iter().copied().unzip();
        let rows = tx
            .query(
                "SELECT DISTINCT e.bundle_id FROM hub.bundle_entries e \
                 JOIN unnest($1::uuid[], $2::int8[]) AS t(r, s) ON e.replica = t.r AND e.seq = t.s \
                 UNION SELECT b.id FROM hub.bundles b WHERE b.id >= $3 \
                   AND NOT EXISTS (SELECT 1 FROM hub.bundle_entries e WHERE e.bundle_id = b.id) \
                 ORDER BY 1",
                &[&replicas, &seqs, &first],
            )
            .map_err(|e| super::connect::classify(self.name, e))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Re-encrypts each bundle that holds a change the tombstones rewrite;
    /// how many. A bundle the passphrase does not open stops the scrub:
    /// its copy of the erased values would stay.
    fn rewrite(
        &self,
        tx: &mut Transaction,
        changes: &BTreeSet<(Uuid, i64)>,
        first: i64,
    ) -> Result<usize> {
        let name = self.name;
        let err = |e| super::connect::classify(name, e);
        let mut changed = 0;
        for id in self.holding(tx, changes, first)? {
            let row = tx
                .query_one(
                    "SELECT bytes, encrypted FROM hub.bundles WHERE id = $1",
                    &[&id],
                )
                .map_err(err)?;
            let (bytes, encrypted): (Vec<u8>, bool) = (row.get(0), row.get(1));
            let secret = if encrypted { self.passphrase } else { None };
            let mut bundle = Bundle::read(&bytes, secret).map_err(|why| {
                HubError::Refused(
                    name.to_string(),
                    format!("hub scrub cannot open bundle {id} ({why}); give the offices' passphrase (FIELDBOOK_SYNC_PASSPHRASE or sync_passphrase). Nothing was changed"),
                )
            })?;
            let mut touched = false;
            for entry in &mut bundle.entries {
                let m = &mut entry.meta;
                if let Some((cs, bases)) =
                    rewrite(self.book, &entry.changeset, &m.bases, self.erased)?
                {
                    entry.changeset = cs;
                    m.bases = bases;
                    touched = true;
                }
            }
            if !touched {
                continue;
            }
            let bytes = match secret {
                Some(p) => bundle.to_encrypted(p),
                None => bundle.to_plain(),
            };
            tx.execute(
                "UPDATE hub.bundles SET bytes = $1 WHERE id = $2",
                &[&bytes, &id],
            )
            .map_err(err)?;
            changed += 1;
        }
        Ok(changed)
    }
}
