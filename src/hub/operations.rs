//! A changeset decoded into the hub's per-field operations: one per field
//! an update sets (with the version it changed from), one per row created
//! (the whole row) or removed. Items are numbered in changeset order, so
//! (replica, seq, item) names an operation the same way on every push.

use rusqlite::Connection;
use rusqlite::types::Value;
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use crate::store::Result;
use crate::sync::apply::{Bases, parse_bases};
use crate::sync::bundle::Entry;
use crate::sync::capture::store_error;
use crate::sync::session::{Op, read_changeset};
use crate::sync::{row_key, sets, versions};

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub item: i32,
    pub tbl: String,
    pub row_key: Vec<u8>,
    /// The row's id when its key is one id (the records' tables).
    pub row_id: Option<Uuid>,
    pub kind: &'static str,
    pub col: Option<String>,
    pub value: Option<Json>,
    /// The value a `set` of a JSON array column (tags, languages) replaced:
    /// the hub merges those element by element, as the desks do.
    pub old_value: Option<Json>,
    pub base: Option<(i64, Uuid)>,
}

/// The operations of one log entry; column names from this book's schema
/// (the entry was applied here, so it has them).
pub fn decode(conn: &Connection, entry: &Entry) -> Result<Vec<Operation>> {
    let changes = read_changeset(&entry.changeset).map_err(store_error)?;
    let bases: Bases = parse_bases(&entry.meta.bases).unwrap_or_default();
    let mut out = Vec::new();
    for (i, change) in changes.iter().enumerate() {
        let cols = versions::columns(conn, &change.table)?;
        let key = change.key();
        let row_id = match key.as_slice() {
            [Value::Blob(b)] => Uuid::from_slice(b).ok(),
            _ => None,
        };
        let mut push = |kind, col: Option<String>, value, old_value, base| {
            out.push(Operation {
                item: out.len() as i32,
                tbl: change.table.clone(),
                row_key: row_key::encode(&key),
                row_id,
                kind,
                col,
                value,
                old_value,
                base,
            })
        };
        match change.op {
            Op::Insert => {
                let mut row = Map::new();
                for (c, v) in change.new.iter().enumerate() {
                    if let (Some(v), Some(name)) = (v, cols.get(c)) {
                        row.insert(name.clone(), to_json(name, v));
                    }
                }
                push("create", None, Some(Json::Object(row)), None, None);
            }
            Op::Update => {
                for (c, v) in change.new.iter().enumerate() {
                    let (Some(v), Some(name)) = (v, cols.get(c)) else {
                        continue;
                    };
                    if change.pk[c] {
                        continue;
                    }
                    let base = bases.get(&(i, c)).copied();
                    let old = sets::is_set_column(&change.table, name)
                        .then(|| change.old[c].as_ref().map(|o| to_json(name, o)))
                        .flatten();
                    push("set", Some(name.clone()), Some(to_json(name, v)), old, base);
                }
            }
            Op::Delete => push("delete", None, None, None, None),
        }
    }
    Ok(out)
}

/// A book's value as JSON for the hub: ids (16-byte blobs in `id` and
/// `*_id` columns) as uuid strings, other blobs as PostgreSQL's '\x..' hex.
pub fn to_json(column: &str, value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Integer(i) => Json::from(*i),
        Value::Real(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::Text(t) => Json::String(t.clone()),
        Value::Blob(b) if b.len() == 16 && (column == "id" || column.ends_with("_id")) => {
            Json::String(Uuid::from_slice(b).expect("16 bytes").to_string())
        }
        Value::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            Json::String(format!("\\x{hex}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_become_the_hub_columns_json() {
        let id = Uuid::now_v7();
        assert_eq!(
            to_json("organization_id", &Value::Blob(id.as_bytes().to_vec())),
            Json::String(id.to_string())
        );
        assert_eq!(
            to_json("hash", &Value::Blob(vec![1, 0xab])),
            Json::String("\\x01ab".into())
        );
        assert_eq!(to_json("minutes", &Value::Integer(45)), Json::from(45));
        assert_eq!(
            to_json("name", &Value::Text("Mbaye".into())),
            Json::from("Mbaye")
        );
        assert_eq!(to_json("deleted_at", &Value::Null), Json::Null);
    }
}
