//! Writes a list of changes back as a changeset, in SQLite's own binary
//! format (the one `sqlite3session_changeset` produces and
//! `sqlite3changeset_start` reads): to rewrite a logged changeset without
//! some of its rows (a purge, see `tombstones`), and to log a change made
//! without a session (the tombstones a purge writes).
//!
//! The format: for each run of changes of one table, a header `'T'`, the
//! column count (varint), one byte per column (its place in the primary
//! key, 0: not in it), the table name and a NUL; then each change: its operation
//! (INSERT 18, UPDATE 23, DELETE 9), an "indirect" flag, and its records:
//! the new row (insert), the old row (delete), or the old then the new
//! values (update; columns it did not change are "undefined", type 0).

use rusqlite::types::Value;

use super::session::{Change, Op};

/// The changeset holding `changes`, in their order.
pub fn write(changes: &[Change]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut table: Option<(&str, &[bool])> = None;
    for change in changes {
        if table != Some((change.table.as_str(), change.pk.as_slice())) {
            out.push(b'T');
            put_varint(&mut out, change.pk.len() as u64);
            // SQLite writes each key column's place in the key (1, 2...);
            // the key columns of our tables are declared in column order.
            let mut place = 0u8;
            out.extend(change.pk.iter().map(|p| {
                place += u8::from(*p);
                if *p { place } else { 0 }
            }));
            out.extend(change.table.as_bytes());
            out.push(0);
            table = Some((change.table.as_str(), change.pk.as_slice()));
        }
        let (op, records): (u8, Vec<&[Option<Value>]>) = match change.op {
            Op::Insert => (18, vec![&change.new]),
            Op::Delete => (9, vec![&change.old]),
            Op::Update => (23, vec![&change.old, &change.new]),
        };
        out.push(op);
        out.push(0);
        for record in records {
            for value in record {
                put_value(&mut out, value.as_ref());
            }
        }
    }
    out
}

fn put_value(out: &mut Vec<u8>, value: Option<&Value>) {
    match value {
        None => out.push(0),
        Some(Value::Integer(i)) => {
            out.push(1);
            out.extend(i.to_be_bytes());
        }
        Some(Value::Real(f)) => {
            out.push(2);
            out.extend(f.to_bits().to_be_bytes());
        }
        Some(Value::Text(t)) => {
            out.push(3);
            put_varint(out, t.len() as u64);
            out.extend(t.as_bytes());
        }
        Some(Value::Blob(b)) => {
            out.push(4);
            put_varint(out, b.len() as u64);
            out.extend(b);
        }
        Some(Value::Null) => out.push(5),
    }
}

/// SQLite's varint: big-endian groups of seven bits, the high bit set on
/// all but the last (lengths here never need the nine-byte form).
fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    let mut groups = vec![(v & 0x7f) as u8];
    v >>= 7;
    while v > 0 {
        groups.push((v & 0x7f) as u8 | 0x80);
        v >>= 7;
    }
    out.extend(groups.iter().rev());
}

#[cfg(test)]
mod tests {
    use super::super::session::{Session, read_changeset};
    use super::*;

    #[test]
    fn a_session_changeset_is_written_back_byte_for_byte() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE a (id BLOB PRIMARY KEY, name TEXT, n INTEGER, f REAL, b BLOB);
             CREATE TABLE l (a BLOB, pos INTEGER, v TEXT, PRIMARY KEY (a, pos));
             INSERT INTO a VALUES (x'01', 'old', 1, 1.5, NULL);",
        )
        .unwrap();
        let session = Session::start(&conn, |_| true).unwrap();
        let long = "é".repeat(300);
        conn.execute_batch(&format!(
            "INSERT INTO a VALUES (x'02', '{long}', -7, 2.25, x'00ff');
             UPDATE a SET name = 'new', n = NULL WHERE id = x'01';
             INSERT INTO l VALUES (x'02', 1, 'x'), (x'02', 2, NULL);
             DELETE FROM a WHERE id = x'01';"
        ))
        .unwrap();
        let bytes = session.changeset().unwrap();
        let changes = read_changeset(&bytes).unwrap();
        assert_eq!(write(&changes), bytes);
        assert_eq!(read_changeset(&write(&changes[1..])).unwrap(), changes[1..]);
    }

    #[test]
    fn varints_match_sqlites() {
        let enc = |v| {
            let mut o = Vec::new();
            put_varint(&mut o, v);
            o
        };
        assert_eq!(enc(0), [0]);
        assert_eq!(enc(127), [0x7f]);
        assert_eq!(enc(128), [0x81, 0x00]);
        assert_eq!(enc(600), [0x84, 0x58]);
    }
}
