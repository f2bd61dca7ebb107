//! Registrations and attachments from the details: `r` adds a registration
//! to the organization or project shown, `A` asks for a file to attach to
//! the record shown; Enter on one of them (a link in the details) edits the
//! registration or opens the file.

use super::Cmd;
use crate::domain::*;
use crate::ui::action::Action;
use crate::ui::editor::Editor;
use crate::ui::form::RecordForm;
use crate::ui::keymap::key;
use crate::ui::screens::attach_path::AttachPath;
use crate::ui::state::{App, Message, Overlay};

fn say(app: &mut App, text: String) -> Vec<Cmd> {
    app.message = Some(Message {
        text,
        is_error: false,
    });
    vec![]
}

pub(super) fn add_registration(app: &mut App) -> Vec<Cmd> {
    let holder = app.record.detail.as_ref().and_then(|d| match d.kind {
        RecordKind::Organization => Some((Holder::Organization(d.id), d.title.clone())),
        RecordKind::Project => Some((Holder::Project(d.id), d.title.clone())),
        _ => None,
    });
    let Some((holder, name)) = holder else {
        let r = key(Action::AddRegistration);
        return say(
            app,
            format!(
                "{r} adds a registration or approval to an organization or project: select one"
            ),
        );
    };
    let form = RecordForm::registration(
        Registration::new(holder, RegistrationKind::NgoRegistration),
        name,
        false,
    );
    super::editing::open(app, Editor::Record(Box::new(form)))
}

pub(super) fn ask_path(app: &mut App) -> Vec<Cmd> {
    let target = app.record.detail.as_ref().and_then(|d| {
        let target = match d.kind {
            RecordKind::Organization => AttachedTo::Organization(d.id),
            RecordKind::Contact => AttachedTo::Contact(d.id),
            RecordKind::Project => AttachedTo::Project(d.id),
            RecordKind::Visit => AttachedTo::Visit(d.id),
            _ => return None,
        };
        Some((target, d.title.clone()))
    });
    let Some((target, title)) = target else {
        let a = key(Action::Attach);
        return say(
            app,
            format!("{a} attaches a file to the selected contact, organization, project or visit"),
        );
    };
    app.overlay = Overlay::AttachPath(AttachPath {
        target,
        title,
        input: String::new(),
    });
    vec![]
}

/// Opening a registration edits it (it has no tab of its own); opening an
/// attachment opens the file. `None`: another kind, shown as usual.
pub(super) fn go_to(app: &mut App, kind: RecordKind, id: Id) -> Option<Vec<Cmd>> {
    match kind {
        RecordKind::Registration => {
            app.history.pop();
            Some(vec![Cmd::PrepareEdit { kind, id }])
        }
        RecordKind::Attachment => {
            app.history.pop();
            Some(vec![Cmd::OpenAttachment { id }])
        }
        _ => None,
    }
}
