//! Duplicates and merging them, shared by the command line (`fieldbook
//! duplicates`, `fieldbook merge`) and the terminal UI (Needs review).

use crate::domain::{Id, RecordKind};
use crate::store::duplicates::Duplicate;
use crate::store::merge::MergeDone;
use crate::store::{Store, StoreError};

/// Every pair of live organizations or contacts that look like one:
/// (kind, a, b, reason), the older first.
pub fn possible_duplicates(store: &Store) -> Result<Vec<Duplicate>, StoreError> {
    store.read().possible_duplicates()
}

#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("only organizations and contacts are merged, not {0}s")]
    Kind(&'static str),
    #[error("a record cannot be merged into itself")]
    Same,
    #[error("no live {kind} has the id {id} (it may be in the trash)")]
    NotLive { kind: &'static str, id: Id },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a merge did, for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeReport {
    pub kind: RecordKind,
    pub keep: Id,
    pub keep_title: String,
    pub gone: Id,
    pub gone_title: String,
    pub done: MergeDone,
}

impl MergeReport {
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "merged {} '{}' ({}) into '{}' ({})",
            self.kind.label(),
            self.gone_title,
            self.gone,
            self.keep_title,
            self.keep
        )];
        for (link, n) in &self.done.moved {
            out.push(format!("  moved {n} × {link}"));
        }
        if !self.done.filled.is_empty() {
            out.push(format!("  filled: {}", self.done.filled.join(", ")));
        }
        for (what, n) in &self.done.added {
            out.push(format!("  added {n} {what}"));
        }
        if let Some(uid) = &self.done.uid_alias {
            out.push(format!("  answers to vCard UID {uid} as well"));
        }
        out.push(format!(
            "  '{}' is in the trash and redirects to '{}'",
            self.gone_title, self.keep_title
        ));
        out
    }
}

fn title(store: &Store, kind: RecordKind, id: Id) -> Result<Option<String>, StoreError> {
    let r = store.read();
    Ok(match kind {
        RecordKind::Organization => r
            .organization(id)?
            .filter(|o| o.meta.deleted_at.is_none())
            .map(|o| o.name),
        _ => r
            .contact(id)?
            .filter(|c| c.meta.deleted_at.is_none())
            .map(|c| c.display_name),
    })
}

/// Merges `gone` into `keep` in one transaction (captured and synced as
/// ordinary edits): see `store::merge`.
pub fn merge(
    store: &mut Store,
    kind: RecordKind,
    keep: Id,
    gone: Id,
) -> Result<MergeReport, MergeError> {
    if !matches!(kind, RecordKind::Organization | RecordKind::Contact) {
        return Err(MergeError::Kind(kind.label()));
    }
    if keep == gone {
        return Err(MergeError::Same);
    }
    let live = |id| -> Result<String, MergeError> {
        title(store, kind, id)?.ok_or(MergeError::NotLive {
            kind: kind.label(),
            id,
        })
    };
    let (keep_title, gone_title) = (live(keep)?, live(gone)?);
    let done = store.write(|tx| tx.merge_into(kind, keep, gone))?;
    Ok(MergeReport {
        kind,
        keep,
        keep_title,
        gone,
        gone_title,
        done,
    })
}
