//! A list narrowed with `/` shows its matches in the list's own order
//! (names, dates), not in relevance order: a filter is a filter.

use crate::domain::RecordKind;
use crate::store::error::Result;

/// Each list's order, as `store::views::list_keys` sorts it (follow-ups:
/// open ones by due date, then done ones, newest first).
fn ordered_sql(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Contact => {
            "SELECT rowid FROM contacts WHERE rowid IN (SELECT value FROM json_each(?1))
             ORDER BY sort_key, rowid"
        }
        RecordKind::Organization => {
            "SELECT rowid FROM organizations WHERE rowid IN (SELECT value FROM json_each(?1))
             ORDER BY sort_key, rowid"
        }
        RecordKind::Project => {
            "SELECT rowid FROM projects WHERE rowid IN (SELECT value FROM json_each(?1))
             ORDER BY status_rank, sort_key, rowid"
        }
        RecordKind::Visit => {
            "SELECT rowid FROM visits WHERE rowid IN (SELECT value FROM json_each(?1))
             ORDER BY date DESC, created_at DESC"
        }
        RecordKind::FollowUp => {
            "SELECT rowid FROM follow_ups WHERE rowid IN (SELECT value FROM json_each(?1))
             ORDER BY done_at IS NOT NULL,
                      CASE WHEN done_at IS NULL THEN due_date IS NULL END,
                      CASE WHEN done_at IS NULL THEN due_date END,
                      done_at DESC, rowid"
        }
        RecordKind::Note => {
            "SELECT rowid FROM notes WHERE rowid IN (SELECT value FROM json_each(?1))
             ORDER BY created_at DESC"
        }
        RecordKind::Event => {
            "SELECT rowid FROM events WHERE rowid IN (SELECT value FROM json_each(?1))
             ORDER BY start_date DESC, created_at DESC"
        }
        RecordKind::Deliverable => {
            "SELECT rowid FROM deliverables WHERE rowid IN (SELECT value FROM json_each(?1))
             ORDER BY due_date, kind, rowid"
        }

        RecordKind::Registration => {
            "SELECT rowid FROM registrations WHERE rowid IN (SELECT value FROM json_each(?1))
             ORDER BY expires_on IS NULL, expires_on, rowid"
        }
        RecordKind::Attachment => {
            "SELECT rowid FROM attachments WHERE rowid IN (SELECT value FROM json_each(?1))
             ORDER BY created_at DESC"
        }
        RecordKind::Consultation => {
            "SELECT rowid FROM consultations WHERE rowid IN (SELECT value FROM json_each(?1))
             ORDER BY date DESC, created_at DESC"
        }
    }
}

impl crate::store::read::Reader<'_> {
    /// The list keys of the (at most `limit` best) records of `kind` that
    /// match `query`, in the order the list shows them; a typo-corrected
    /// match is not a match here (a filter narrows, it does not guess).
    pub fn filter_keys(&self, query: &str, kind: RecordKind, limit: usize) -> Result<Vec<i64>> {
        let mut keys = Vec::new();
        for id in self.exact_ids(query, kind, limit)? {
            keys.extend(self.list_key_of(kind, id)?);
        }
        let keys = serde_json::to_string(&keys).unwrap_or_else(|_| "[]".into());
        Ok(self
            .conn()
            .prepare_cached(ordered_sql(kind))?
            .query_map([keys], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }
}
