//! How a conflict's and a history's parts read for a person: the record a
//! row belongs to, field labels, desk names, times and values.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use super::identity;

pub use super::tables::owner_column;

/// A column as a person calls it (a list table's field with its item).
pub fn field_label(table: &str, col: &str) -> String {
    let item = match table {
        "contact_phones" => "phone ",
        "contact_emails" => "e-mail ",
        "project_partners" => "partner ",
        "project_status_history" => "status change ",
        "visit_participants" | "consultation_people" => "person ",
        "event_invitees" => "guest ",
        _ => "",
    };
    let name = match col {
        "display_name" => "name".to_string(),
        "deleted_at" => "in the trash".to_string(),
        "budget_hundredths" => "budget".to_string(),
        "value" if !item.is_empty() => return item.trim_end().to_string(),
        other => other.strip_suffix("_id").unwrap_or(other).replace('_', " "),
    };
    format!("{item}{name}")
}

/// Desk names by replica, from the bundles received.
pub fn desks(conn: &Connection) -> rusqlite::Result<HashMap<Uuid, String>> {
    let mut stmt =
        conn.prepare("SELECT DISTINCT peer, desk FROM sync_peers WHERE desk IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// A replica as a person reads it.
pub fn desk_name(desks: &HashMap<Uuid, String>, me: Uuid, id: Uuid) -> String {
    if id == me {
        return "this book".into();
    }
    let short = super::import::short(id);
    match desks.get(&id) {
        Some(desk) => format!("{desk} ({short})"),
        None => short,
    }
}

/// A clock as a time (UTC, to the minute).
pub fn when(clock: i64) -> String {
    chrono::DateTime::from_timestamp_millis(identity::millis_of_clock(clock))
        .filter(|_| clock > 0)
        .map_or_else(
            || "origin".into(),
            |t| t.format("%Y-%m-%d %H:%M").to_string(),
        )
}

/// A stored value as a person reads it: a linked record by its name,
/// times as times.
pub fn shown(conn: &Connection, col: &str, v: &Value) -> String {
    match v {
        Value::Null => "(empty)".into(),
        Value::Integer(ms) if col.ends_with("_at") => chrono::DateTime::from_timestamp_millis(*ms)
            .map_or_else(
                || ms.to_string(),
                |t| t.format("%Y-%m-%d %H:%M").to_string(),
            ),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => format!("{t:?}"),
        Value::Blob(b) => match Uuid::from_slice(b) {
            Ok(id) => linked_name(conn, id).unwrap_or_else(|| id.simple().to_string()),
            Err(_) => b.iter().map(|x| format!("{x:02x}")).collect(),
        },
    }
}

fn linked_name(conn: &Connection, id: Uuid) -> Option<String> {
    let reader_sql = [
        "SELECT name FROM organizations WHERE id = ?1",
        "SELECT display_name FROM contacts WHERE id = ?1",
        "SELECT title FROM projects WHERE id = ?1",
    ];
    reader_sql.iter().find_map(|sql| {
        conn.prepare_cached(sql)
            .ok()?
            .query_row([id], |r| r.get::<_, String>(0))
            .optional()
            .ok()
            .flatten()
    })
}
