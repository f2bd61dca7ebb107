//! Drafts: what an editor holds, kept until it is saved or discarded.

use rusqlite::params;

use crate::store::error::Result;
use crate::store::rows::millis;

use super::Tx;

impl Tx<'_> {
    /// Keeps what an editor holds, replacing the slot's previous draft.
    pub fn save_draft(&self, slot: &str, payload: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO drafts (slot, payload, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (slot) DO UPDATE SET payload = excluded.payload,
                 updated_at = excluded.updated_at",
            )?
            .execute(params![slot, payload, millis(self.now)])?;
        Ok(())
    }

    pub fn discard_draft(&self, slot: &str) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM drafts WHERE slot = ?1")?
            .execute([slot])?;
        Ok(())
    }
}
