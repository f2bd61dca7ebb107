//! Forgetting an erased record's name words (`fieldbook purge`): its docs
//! go with `unindex`, but the typo vocabulary keeps the words of every
//! name ever indexed (harmless for search, not for erasure). A word goes
//! once no indexed name holds it any more.

use rusqlite::{Connection, params};

use super::search_fold;
use super::typos::{keys, name_words};
use crate::store::error::Result;

/// Drops from the typo vocabulary the words of `names` that no indexed
/// name still contains. Call after the record was unindexed.
pub(crate) fn forget_name_words(conn: &Connection, names: &[String]) -> Result<()> {
    for name in names {
        for word in name_words(&search_fold(name)).collect::<Vec<_>>() {
            let phrase = format!("\"{}\"", word.replace('"', "\"\""));
            let still: i64 = conn
                .prepare_cached("SELECT count(*) FROM search_names WHERE search_names MATCH ?1")?
                .query_row([phrase], |r| r.get(0))?;
            if still > 0 {
                continue;
            }
            let mut stmt =
                conn.prepare_cached("DELETE FROM search_typos WHERE key = ?1 AND word = ?2")?;
            for key in keys(&word) {
                stmt.execute(params![key, word])?;
            }
        }
    }
    Ok(())
}
