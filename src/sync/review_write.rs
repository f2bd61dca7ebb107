//! Writing a person's choice: a typed value checked, a different value
//! written as an ordinary edit, the same value logged as a new version.

use rusqlite::Connection;
use rusqlite::types::Value;

use super::capture;
use super::review::now_millis;
use super::review::{Conflict, ReviewError};
use super::review_row::{RowRef, same_value_changeset};
use crate::domain::text::{fold, phone_digits};
use crate::domain::{Id, ProjectStatus, RecordKind};
use crate::store::{StoreError, Tx};

/// A typed value, stored as the field's two values are (a number where
/// both are numbers); empty: no value, where the field may have none.
pub(super) fn typed_value(
    text: &str,
    conflict: &Conflict,
    required: bool,
) -> Result<Value, ReviewError> {
    let text = text.trim();
    if text.is_empty() && required {
        return Err(ReviewError::BadValue(format!(
            "{} cannot be empty",
            conflict.field
        )));
    }
    if text.is_empty() {
        return Ok(Value::Null);
    }
    let numbers = [&conflict.kept.value, &conflict.lost.value]
        .iter()
        .all(|v| matches!(v, Value::Integer(_) | Value::Null));
    let blobs = [&conflict.kept.value, &conflict.lost.value]
        .iter()
        .any(|v| matches!(v, Value::Blob(_)));
    if blobs {
        return Err(ReviewError::BadValue(format!(
            "{} links to another record: choose mine or theirs, or edit the record",
            conflict.field
        )));
    }
    if numbers {
        return text.parse().map(Value::Integer).map_err(|_| {
            ReviewError::BadValue(format!(
                "{} takes a whole number, not {text:?}",
                conflict.field
            ))
        });
    }
    Ok(Value::Text(text.to_string()))
}

/// Writes a value into a field as an ordinary edit: derived columns
/// follow, `updated_at` moves, the record is checked by the domain's rules
/// and reindexed.
pub(super) fn write_value(
    tx: &Tx<'_>,
    row: &RowRef,
    col: &str,
    value: &Value,
) -> Result<(), ReviewError> {
    let conn = tx.sync_conn();
    let owner = row.owner(conn)?;
    if (row.table.as_str(), col) == ("projects", "status") {
        let (Some((_, id)), Value::Text(text)) = (owner, value) else {
            return Err(ReviewError::BadValue("a project's status is a word".into()));
        };
        let to = ProjectStatus::parse(text).map_err(ReviewError::BadValue)?;
        tx.set_project_status(id, to, Some("conflict review"))?;
        return Ok(());
    }
    row.set(conn, col, value)?;
    let text = match value {
        Value::Text(t) => t.trim().to_string(),
        _ => String::new(),
    };
    match (row.table.as_str(), col) {
        ("organizations", "name") | ("contacts", "display_name") | ("projects", "title") => {
            row.set(conn, "sort_key", &Value::Text(fold(&text)))?;
        }
        ("contact_phones", "value") => {
            row.set(conn, "digits", &Value::Text(phone_digits(&text)))?;
        }
        _ => {}
    }
    if row.cols.iter().any(|c| c == "updated_at") {
        row.set(conn, "updated_at", &Value::Integer(now_millis()))?;
    }
    if let Some((kind, id)) = owner {
        check_record(tx, kind, id)?;
        tx.reindex_synced(kind, id);
    }
    Ok(())
}

/// The domain's rules on the record as written (a typed value may break
/// them): refused with the field named, and the transaction rolls back.
fn check_record(tx: &Tx<'_>, kind: RecordKind, id: Id) -> Result<(), ReviewError> {
    let r = tx.reader();
    let checked = match kind {
        RecordKind::Organization => r.organization(id)?.map(|o| o.validate()),
        RecordKind::Contact => r.contact(id)?.map(|c| c.validate()),
        RecordKind::Project => r.project(id)?.map(|p| p.validate()),
        RecordKind::Visit => r.visit(id)?.map(|v| v.validate()),
        RecordKind::FollowUp => r.follow_up(id)?.map(|f| f.validate()),
        RecordKind::Note => r.note(id)?.map(|n| n.validate()),
        _ => None,
    };
    match checked {
        Some(Err(errors)) => Err(StoreError::Invalid { kind, errors }.into()),
        _ => Ok(()),
    }
}

/// Logs a new version of a field that keeps its value (see the module's
/// comment): a changeset from SQLite's session extension setting the
/// field from `old` to `value`, on a scratch copy of the row's key.
pub(super) fn log_same_value(
    conn: &Connection,
    row: &RowRef,
    col: &str,
    old: &Value,
    value: &Value,
) -> Result<(), ReviewError> {
    let bytes = same_value_changeset(row, col, old, value)?;
    capture::log_local(conn, &bytes)?;
    Ok(())
}
