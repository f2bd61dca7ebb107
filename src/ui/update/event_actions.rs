//! The event keys: `i` opens the invite screen and `A` the attendance
//! checklist for the event selected (in the Events tab, or linked from the
//! details or the dashboard).

use crate::domain::RecordKind;
use crate::store::views::EventDetail;
use crate::ui::keymap::key;
use crate::ui::screens::attendance::AttendanceList;
use crate::ui::screens::invite::InviteForm;

use super::super::action::Action;
use super::super::state::{App, Message, Overlay};
use super::Cmd;

/// The event the keys apply to, with its title as shown.
fn selected_event(app: &App) -> Option<(crate::domain::Id, String)> {
    let link = super::record_actions::target(app).filter(|l| l.kind == RecordKind::Event)?;
    let title = match &app.record.detail {
        Some(d) if d.id == link.id => d.title.clone(),
        _ => String::new(),
    };
    Some((link.id, title))
}

fn say(app: &mut App, text: String) -> Vec<Cmd> {
    app.message = Some(Message {
        text,
        is_error: false,
    });
    vec![]
}

pub(super) fn invite(app: &mut App) -> Vec<Cmd> {
    let Some((id, title)) = selected_event(app) else {
        let i = key(Action::Invite);
        return say(
            app,
            format!("{i} invites people to an event: select one first"),
        );
    };
    app.overlay = Overlay::Invite(InviteForm::new(id, title));
    vec![]
}

pub(super) fn attendance(app: &mut App) -> Vec<Cmd> {
    let Some((id, title)) = selected_event(app) else {
        let a = key(Action::Attendance);
        return say(
            app,
            format!("{a} marks who came to an event: select one first"),
        );
    };
    app.overlay = Overlay::Attendance(AttendanceList::new(id, title));
    vec![Cmd::LoadEventGuests { event: id }]
}

/// The guest list read: into the checklist, if it is still open.
pub(super) fn on_guests(app: &mut App, detail: &EventDetail) -> Vec<Cmd> {
    if let Overlay::Attendance(list) = &mut app.overlay {
        list.loaded(detail);
    }
    vec![]
}
