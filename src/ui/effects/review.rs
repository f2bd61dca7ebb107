//! Reads for "Needs review" and a record's history.

use crate::domain::{Id, RecordKind};
use crate::store::Store;
use crate::sync::{history, review};
use crate::ui::popups::history::History;
use crate::ui::screens::review::ReviewItem;
use crate::ui::update::Msg;

pub(super) fn load(store: &Store, with_duplicates: bool) -> anyhow::Result<Msg> {
    let conflicts = review::list(store)?
        .into_iter()
        .map(|c| ReviewItem::Conflict(Box::new(c)));
    if !with_duplicates {
        return Ok(Msg::ReviewConflicts(conflicts.collect()));
    }
    let duplicates = crate::ops::merge::possible_duplicates(store)?;
    Ok(Msg::Review(
        conflicts
            .chain(
                duplicates
                    .into_iter()
                    .map(|d| ReviewItem::Duplicate(Box::new(d))),
            )
            .collect(),
    ))
}

pub(super) fn history(
    store: &Store,
    kind: RecordKind,
    id: Id,
    title: String,
) -> anyhow::Result<Msg> {
    let entries = history::of_record(store, kind, id)?;
    Ok(Msg::History(Box::new(History::new(title, entries))))
}
