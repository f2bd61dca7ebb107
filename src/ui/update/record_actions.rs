//! Changing records from the lists: mark a follow-up done (`x`), move a
//! project along its pipeline (`s`, with a reason), delete to the trash (`d`,
//! after a question naming what hangs on the record), undo (`u`), and the
//! trash (`T`) to restore from. The writes themselves run in `effects`.

use crate::domain::{ProjectStatus, RecordKind};
use crate::store::views::Link;
use crate::ui::keymap::key;
use crate::ui::screens::status::StatusPicker;
use crate::ui::screens::trash::Trash;

use super::super::action::Action;
use super::super::state::{App, Message, Overlay, Pane, Tab, Write};
use super::{Cmd, focused_link, reload_all};

/// The record an action applies to: the link under the cursor in the details
/// or on the dashboard, else the selected record.
pub(super) fn target(app: &App) -> Option<Link> {
    if (app.tab == Tab::Dashboard || app.focus != Pane::List)
        && let Some(link) = focused_link(app)
    {
        return Some(link);
    }
    // The highlighted row, as the person sees it: the details pane may be
    // empty for a moment while the book is read again after a change.
    if let Some(kind) = app.tab.kind()
        && let Some(row) = app.list().and_then(|l| l.selected_row())
    {
        return Some(Link { kind, id: row.id });
    }
    let detail = app.record.detail.as_ref()?;
    Some(Link {
        kind: detail.kind,
        id: detail.id,
    })
}

fn say(app: &mut App, text: &str) -> Vec<Cmd> {
    app.message = Some(Message {
        text: text.into(),
        is_error: false,
    });
    vec![]
}

pub(super) fn toggle_done(app: &mut App) -> Vec<Cmd> {
    if let Some(link) = target(app).filter(|l| l.kind == RecordKind::Deliverable) {
        return vec![Cmd::AdvanceDeliverable { id: link.id }];
    }
    let Some(link) = target(app).filter(|l| l.kind == RecordKind::FollowUp) else {
        let x = key(Action::ToggleDone);
        return say(
            app,
            &format!("{x} marks a follow-up done: select one first"),
        );
    };
    let done_now = done_now(app, link.id);
    match done_now {
        Some(done) => vec![Cmd::Write(Write::SetDone {
            id: link.id,
            done: !done,
        })],
        // A follow-up linked from elsewhere: open it first, then x.
        None => say(
            app,
            &format!(
                "open the follow-up ({}), then press {}",
                key(Action::Open),
                key(Action::ToggleDone)
            ),
        ),
    }
}

/// Whether follow-up `id` is done now, from what is on the screen: the
/// selected list row, the typed details (the follow-up itself or one listed
/// in them), or the dashboard (which lists open ones only).
fn done_now(app: &App, id: crate::domain::Id) -> Option<bool> {
    let from_list = app
        .list()
        .and_then(|l| l.selected_row())
        .filter(|r| r.id == id)
        .map(|r| r.done);
    let from_details = || app.record.detail.as_ref()?.follow_up_done(id);
    let from_dashboard = || {
        let d = app
            .dashboard
            .as_ref()
            .filter(|_| app.tab == Tab::Dashboard)?;
        d.overdue
            .iter()
            .chain(&d.due_soon)
            .any(|f| f.id == id)
            .then_some(false)
    };
    from_list.or_else(from_details).or_else(from_dashboard)
}

pub(super) fn change_status(app: &mut App) -> Vec<Cmd> {
    let Some(link) = target(app).filter(|l| l.kind == RecordKind::Project) else {
        let s = key(Action::ChangeStatus);
        return say(
            app,
            &format!("{s} changes a project's status: select a project first"),
        );
    };
    let current = app
        .record
        .detail
        .as_ref()
        .filter(|d| d.id == link.id)
        .and_then(|d| d.project_status())
        .and_then(|status| ProjectStatus::ALL.iter().position(|s| *s == status))
        .unwrap_or(0);
    app.overlay = Overlay::StatusPicker(StatusPicker {
        project: link.id,
        cursor: current,
    });
    vec![]
}

pub(super) fn delete(app: &mut App) -> Vec<Cmd> {
    match target(app) {
        Some(link) => vec![Cmd::AskDelete {
            kind: link.kind,
            id: link.id,
        }],
        _ => say(app, "nothing selected to delete"),
    }
}

pub(super) fn undo(app: &mut App) -> Vec<Cmd> {
    match app.undo.pop() {
        Some(write) => vec![Cmd::Write(write), Cmd::LoadDashboard { unless: None }],
        None => say(app, "nothing to undo"),
    }
}

pub(super) fn show_trash(app: &mut App) -> Vec<Cmd> {
    app.overlay = Overlay::Trash(Trash::default());
    vec![Cmd::LoadTrash]
}

/// A change was made: remember how to undo it, say so, and show the data
/// as it is now (the selection stays on its record where it still can).
pub(super) fn on_wrote(
    app: &mut App,
    text: String,
    undo: Option<Write>,
    from_undo: bool,
) -> Vec<Cmd> {
    let saving = app.saving_editor;
    let resolve = super::review::resolve_after_save(app, saving);
    if std::mem::take(&mut app.saving_editor) {
        super::editing::saved(app);
    }
    if let (Some(u), false) = (undo, from_undo) {
        app.undo.push(u);
    }
    let mut cmds = reload_all(app);
    cmds.extend(resolve);
    app.message = Some(Message {
        text,
        is_error: false,
    });
    cmds
}
