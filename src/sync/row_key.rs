//! A row's primary key as one BLOB, to name it in the sync tables: the id
//! itself for the tables keyed by one id, else each value tagged and
//! length-prefixed (the list and link tables' composite keys).

use rusqlite::types::Value;

pub fn encode(key: &[Value]) -> Vec<u8> {
    if let [Value::Blob(id)] = key {
        return id.clone();
    }
    let mut out = vec![0xFF];
    for value in key {
        let (tag, bytes): (u8, Vec<u8>) = match value {
            Value::Null => (0, Vec::new()),
            Value::Integer(i) => (1, i.to_be_bytes().to_vec()),
            Value::Real(f) => (2, f.to_be_bytes().to_vec()),
            Value::Text(t) => (3, t.as_bytes().to_vec()),
            Value::Blob(b) => (4, b.clone()),
        };
        out.push(tag);
        out.extend((bytes.len() as u32).to_be_bytes());
        out.extend(bytes);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_id_is_itself_and_composites_differ() {
        let id = vec![7u8; 16];
        assert_eq!(encode(&[Value::Blob(id.clone())]), id);
        let a = encode(&[Value::Blob(id.clone()), Value::Integer(1)]);
        let b = encode(&[Value::Blob(id.clone()), Value::Integer(2)]);
        assert_ne!(a, b);
        assert_ne!(
            encode(&[Value::Text("ab".into()), Value::Text("c".into())]),
            encode(&[Value::Text("a".into()), Value::Text("bc".into())])
        );
    }
}
