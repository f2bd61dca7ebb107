//! "Needs review" (`N`, from anywhere; the dashboard says how many wait),
//! an edit from it whose save resolves the conflict, and a record's
//! history (`H`).

use super::super::screens::Overlay;
use super::super::screens::review::{NeedsReview, ReviewItem};
use super::super::state::{App, Message, Write};
use super::{Cmd, editing};
use crate::sync::review::{Choice, ConflictKey};

pub(super) fn show_review(app: &mut App) -> Vec<Cmd> {
    app.overlay = Overlay::NeedsReview(NeedsReview::default());
    vec![Cmd::LoadReview]
}

pub(super) fn loaded_review(app: &mut App, items: Vec<ReviewItem>) -> Vec<Cmd> {
    // The dashboard's box counts conflicts (cheap to count at start);
    // records entered twice are found when the list is opened.
    app.needs_review = items
        .iter()
        .filter(|i| matches!(i, ReviewItem::Conflict(_)))
        .count();
    if let Overlay::NeedsReview(screen) = &mut app.overlay {
        screen.loaded(items);
    }
    vec![]
}

/// The record's form, opened from "Needs review": its save resolves `key`.
pub(super) fn edit_to_resolve(app: &mut App, payload: &str, key: ConflictKey) -> Vec<Cmd> {
    let Some(editor) = super::super::editor::Editor::from_draft(payload) else {
        return vec![];
    };
    let cmds = editing::open(app, editor);
    app.resolving = Some(key);
    cmds
}

/// After a write: the editor opened from "Needs review" was saved, so its
/// conflict is resolved with the value the field now holds.
pub(super) fn resolve_after_save(app: &mut App, saving_editor: bool) -> Option<Cmd> {
    let key = app.resolving.take().filter(|_| saving_editor)?;
    Some(Cmd::Write(Write::Resolve {
        key,
        choice: Choice::AsItIs,
    }))
}

pub(super) fn show_history(app: &mut App) -> Vec<Cmd> {
    match app.record.detail.as_ref() {
        Some(d) => vec![Cmd::LoadHistory {
            kind: d.kind,
            id: d.id,
            title: format!("{} {:?}", d.kind.label(), d.title),
        }],
        None => {
            let key = crate::ui::keymap::key(crate::ui::action::Action::ShowHistory);
            app.message = Some(Message {
                text: format!("{key} shows the history of the selected record: select one"),
                is_error: false,
            });
            vec![]
        }
    }
}
