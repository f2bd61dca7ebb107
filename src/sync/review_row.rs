//! One row of a synced table found by its `row_key`, for the review's
//! reads and writes, and the changeset that gives a field a new version
//! with the value it has (see `review`).

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params_from_iter};
use uuid::Uuid;

use super::review::ReviewError;
use super::review_words::owner_column;
use super::session::Session;
use super::{capture, tables, versions};
use crate::domain::{Id, RecordKind};

/// Reads a `row_key` back into the primary key's values (see `row_key`).
pub fn decode_key(key: &[u8]) -> Option<Vec<Value>> {
    if key.first() != Some(&0xFF) {
        return Some(vec![Value::Blob(key.to_vec())]);
    }
    let mut out = Vec::new();
    let mut at = 1;
    while at < key.len() {
        let tag = key[at];
        let len = u32::from_be_bytes(key.get(at + 1..at + 5)?.try_into().ok()?) as usize;
        let bytes = key.get(at + 5..at + 5 + len)?;
        at += 5 + len;
        out.push(match tag {
            0 => Value::Null,
            1 => Value::Integer(i64::from_be_bytes(bytes.try_into().ok()?)),
            2 => Value::Real(f64::from_be_bytes(bytes.try_into().ok()?)),
            3 => Value::Text(String::from_utf8(bytes.to_vec()).ok()?),
            4 => Value::Blob(bytes.to_vec()),
            _ => return None,
        });
    }
    Some(out)
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// One row of a synced table, found by its `row_key`.
pub(super) struct RowRef {
    pub(super) table: String,
    pub(super) cols: Vec<String>,
    /// The primary key's columns, in column order (as `row_key` holds them),
    /// with their place in the key.
    pub(super) pk: Vec<(usize, i64)>,
    pub(super) key: Vec<Value>,
}

impl RowRef {
    pub(super) fn new(
        conn: &Connection,
        table: &str,
        row_key: &[u8],
    ) -> Result<RowRef, ReviewError> {
        let damaged = || {
            ReviewError::BadValue(format!(
                "a conflict names a row of {table} that cannot be read"
            ))
        };
        let cols = versions::columns(conn, table)?;
        let mut stmt = conn.prepare_cached(
            "SELECT cid, pk FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY cid",
        )?;
        let pk = stmt
            .query_map([table], |r| Ok((r.get::<_, i64>(0)? as usize, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let key = decode_key(row_key).ok_or_else(damaged)?;
        if key.len() != pk.len() {
            return Err(damaged());
        }
        Ok(RowRef {
            table: table.to_string(),
            cols,
            pk,
            key,
        })
    }

    pub(super) fn where_key(&self, first: usize) -> String {
        self.pk
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!("{} = ?{}", quoted(&self.cols[*c]), first + i))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    pub(super) fn get(&self, conn: &Connection, col: &str) -> rusqlite::Result<Option<Value>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE {}",
            quoted(col),
            quoted(&self.table),
            self.where_key(1)
        );
        conn.prepare_cached(&sql)?
            .query_row(params_from_iter(&self.key), |r| r.get(0))
            .optional()
    }

    pub(super) fn set(&self, conn: &Connection, col: &str, value: &Value) -> rusqlite::Result<()> {
        let sql = format!(
            "UPDATE {} SET {} = ?1 WHERE {}",
            quoted(&self.table),
            quoted(col),
            self.where_key(2)
        );
        conn.prepare_cached(&sql)?
            .execute(params_from_iter(std::iter::once(value).chain(&self.key)))?;
        Ok(())
    }

    /// Whether the column may not be empty (NOT NULL).
    pub(super) fn required(&self, conn: &Connection, col: &str) -> rusqlite::Result<bool> {
        conn.prepare_cached("SELECT \"notnull\" FROM pragma_table_info(?1) WHERE name = ?2")?
            .query_row([&self.table, col], |r| r.get(0))
    }

    pub(super) fn owner(&self, conn: &Connection) -> rusqlite::Result<Option<(RecordKind, Id)>> {
        let Some((kind, col)) = owner_column(&self.table) else {
            return Ok(None);
        };
        Ok(match self.get(conn, col)? {
            Some(Value::Blob(b)) => Uuid::from_slice(&b).ok().map(|id| (kind, id)),
            _ => None,
        })
    }
}

/// The changeset of setting `col` from `old` to `value`, made by the
/// session extension on a scratch in-memory table of the row's shape.
pub(super) fn same_value_changeset(
    row: &RowRef,
    col: &str,
    old: &Value,
    value: &Value,
) -> Result<Vec<u8>, ReviewError> {
    let scratch = Connection::open_in_memory()?;
    let names: Vec<String> = (0..row.cols.len()).map(|i| format!("c{i}")).collect();
    let mut by_place = row.pk.clone();
    by_place.sort_by_key(|(_, place)| *place);
    let pk: Vec<&str> = by_place.iter().map(|(c, _)| names[*c].as_str()).collect();
    scratch.execute_batch(&format!(
        "CREATE TABLE {} ({}, PRIMARY KEY ({}))",
        quoted(&row.table),
        names.join(", "),
        pk.join(", ")
    ))?;
    let at = row
        .cols
        .iter()
        .position(|c| c == col)
        .ok_or_else(|| ReviewError::BadValue(format!("{} has no field {col}", row.table)))?;
    let mut values = vec![Value::Null; row.cols.len()];
    for ((c, _), v) in row.pk.iter().zip(&row.key) {
        values[*c] = v.clone();
    }
    values[at] = old.clone();
    let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
    scratch.execute(
        &format!(
            "INSERT INTO {} VALUES ({})",
            quoted(&row.table),
            marks.join(", ")
        ),
        params_from_iter(&values),
    )?;
    let session = Session::start(&scratch, tables::is_synced).map_err(capture::store_error)?;
    scratch.execute(
        &format!(
            "UPDATE {} SET {} = ?1 WHERE {}",
            quoted(&row.table),
            names[at],
            row.pk
                .iter()
                .enumerate()
                .map(|(i, (c, _))| format!("{} = ?{}", names[*c], i + 2))
                .collect::<Vec<_>>()
                .join(" AND ")
        ),
        params_from_iter(std::iter::once(value).chain(&row.key)),
    )?;
    Ok(session.changeset().map_err(capture::store_error)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::row_key;

    const ORG: &str = "INSERT INTO organizations (id, name, sort_key, kind, city, created_at, updated_at) \
                       VALUES (x'00000000000000000000000000000007', 'Kibera Youth', 'kibera youth', 'local_ngo', 'Nairobi', 1, 1)";

    #[test]
    fn the_scratch_changeset_is_the_one_a_real_edit_makes() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::store::migrations::migrate(&mut conn).unwrap();
        conn.execute(ORG, []).unwrap();
        let session = Session::start(&conn, tables::is_synced).unwrap();
        conn.execute("UPDATE organizations SET city = 'Kisumu'", [])
            .unwrap();
        let real = session.changeset().unwrap();
        drop(session);
        let key = row_key::encode(&[Value::Blob([0u8; 15].into_iter().chain([7]).collect())]);
        let row = RowRef::new(&conn, "organizations", &key).unwrap();
        let made = same_value_changeset(
            &row,
            "city",
            &Value::Text("Nairobi".into()),
            &Value::Text("Kisumu".into()),
        )
        .unwrap();
        assert_eq!(made, real);
    }

    #[test]
    fn composite_keys_read_back() {
        let key = vec![Value::Blob(vec![1; 16]), Value::Integer(3)];
        assert_eq!(decode_key(&row_key::encode(&key)), Some(key));
        assert_eq!(decode_key(&[0xFF, 9]), None, "cut short");
    }
}
