//! What `sync status` and `sync conflicts` show.

use std::collections::HashMap;

use rusqlite::Connection;
use rusqlite::types::Value;
use uuid::Uuid;

use super::{export, identity};
use crate::store::Result;
use crate::store::migrations::latest_version;

/// Desk names by replica, from the bundles received.
fn desks(conn: &Connection) -> Result<HashMap<Uuid, String>> {
    let mut stmt =
        conn.prepare("SELECT DISTINCT peer, desk FROM sync_peers WHERE desk IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn name(desks: &HashMap<Uuid, String>, me: Uuid, id: Uuid) -> String {
    if id == me {
        return "this book".into();
    }
    match desks.get(&id) {
        Some(desk) => format!("{desk} ({})", super::import::short(id)),
        None => super::import::short(id),
    }
}

pub fn status(conn: &Connection) -> Result<String> {
    let me = identity::replica(conn)?;
    let desks = desks(conn)?;
    let has = export::holdings(conn)?;
    let mine = has.get(&me).copied().unwrap_or(0);
    let mut out = format!("this book: replica {me}\nchanges made here: {mine}\n");
    let others: Vec<_> = has.iter().filter(|(r, _)| **r != me).collect();
    if others.is_empty() {
        out.push_str("received: nothing yet\n");
    } else {
        out.push_str("received:\n");
        for (replica, seq) in others {
            out.push_str(&format!(
                "  {}: up to change {seq}\n",
                name(&desks, me, *replica)
            ));
        }
    }
    let mut stmt = conn
        .prepare("SELECT replica, min(seq), max(seq), count(*) FROM sync_held GROUP BY replica")?;
    let held = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, Uuid>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (replica, first, last, n) in held {
        let waits = has.get(&replica).copied().unwrap_or(0) + 1;
        // Held with its predecessor here: it attaches a file not yet come.
        let why = if waits == first {
            format!("change {first} attaches a file whose contents have not come yet")
        } else {
            format!("waiting for change {waits}")
        };
        out.push_str(&format!(
            "held: {n} changes {first}-{last} of {}, {why}\n",
            name(&desks, me, replica)
        ));
    }
    let mut stmt = conn.prepare(
        "SELECT peer, max(schema), max(CASE WHEN replica = ?1 THEN seq END) FROM sync_peers GROUP BY peer",
    )?;
    let peers = stmt
        .query_map([me], |r| {
            Ok((
                r.get::<_, Uuid>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (peer, schema, seen) in peers {
        let unsent = mine - seen.unwrap_or(0);
        out.push_str(&format!(
            "{}: has not yet received {unsent} of this book's changes\n",
            name(&desks, me, peer)
        ));
        if let Some(schema) = schema.filter(|s| *s < latest_version()) {
            out.push_str(&format!(
                "  runs an older fieldbook (schema {schema}, this one {}): it must upgrade\n",
                latest_version()
            ));
        }
    }
    Ok(out)
}

/// One unresolved conflict, as a line.
pub fn conflicts(conn: &Connection) -> Result<Vec<String>> {
    let me = identity::replica(conn)?;
    let desks = desks(conn)?;
    let mut stmt = conn.prepare(
        "SELECT tbl, row_key, col, kept_value, kept_replica, kept_clock, lost_value, lost_replica, lost_clock, kind \
         FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY found_at, tbl, row_key, col",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Vec<u8>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Value>(3)?,
            r.get::<_, Uuid>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, Value>(6)?,
            r.get::<_, Uuid>(7)?,
            r.get::<_, i64>(8)?,
            r.get::<_, Option<String>>(9)?,
        ))
    })?;
    let mut lines = Vec::new();
    for row in rows {
        let (tbl, key, col, kept, kept_by, kept_at, lost, lost_by, lost_at, kind) = row?;
        let record =
            Uuid::from_slice(&key).map_or_else(|_| hex(&key), |id| id.simple().to_string());
        if kind.as_deref() == Some(super::trash_race::KIND) {
            lines.push(format!(
                "{tbl} {record}: edited on {} ({}) while trashed on {} ({}); kept in the trash with the edit",
                name(&desks, me, lost_by),
                when(lost_at),
                name(&desks, me, kept_by),
                when(kept_at),
            ));
            continue;
        }
        lines.push(format!(
            "{tbl} {record} {col}: kept {} ({}, {}); lost {} ({}, {})",
            shown(&kept),
            name(&desks, me, kept_by),
            when(kept_at),
            shown(&lost),
            name(&desks, me, lost_by),
            when(lost_at),
        ));
    }
    Ok(lines)
}

fn when(clock: i64) -> String {
    chrono::DateTime::from_timestamp_millis(identity::millis_of_clock(clock)).map_or_else(
        || "origin".into(),
        |t| t.format("%Y-%m-%d %H:%M").to_string(),
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn shown(v: &Value) -> String {
    match v {
        Value::Null => "(empty)".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => format!("{t:?}"),
        Value::Blob(b) => Uuid::from_slice(b).map_or_else(|_| hex(b), |id| id.simple().to_string()),
    }
}
