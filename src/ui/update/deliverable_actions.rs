//! Deliverables from the screens: `S` on a project proposes its reporting
//! schedule (the confirm popup asks before anything is written); `x` on a
//! deliverable moves it on (see `record_actions::toggle_done`).

use crate::domain::{Deliverable, DeliverableKind, Id, RecordKind};
use crate::store::views::DetailBody;
use crate::ui::action::Action;
use crate::ui::editor::Editor;
use crate::ui::form::RecordForm;
use crate::ui::form::deliverable::DeliverableLinks;
use crate::ui::keymap::key;
use crate::ui::state::{App, Message};

use super::Cmd;
use super::record_actions::target;

fn say(app: &mut App, text: String) -> Vec<Cmd> {
    app.message = Some(Message {
        text,
        is_error: false,
    });
    vec![]
}

pub(super) fn propose_schedule(app: &mut App) -> Vec<Cmd> {
    match target(app).filter(|l| l.kind == RecordKind::Project) {
        Some(link) => vec![Cmd::ProposeSchedule { project: link.id }],
        None => {
            let s = key(Action::ProposeSchedule);
            say(
                app,
                format!("{s} proposes a project's reporting schedule: select a project first"),
            )
        }
    }
}

/// `n` on the Deliverables tab: a new deliverable's form, for the project
/// of the deliverable selected (if any); the message says that a whole
/// schedule is proposed from a project instead.
pub(super) fn new_deliverable(app: &mut App) -> Vec<Cmd> {
    let project = match app.record.detail.as_ref().map(|d| &d.body) {
        Some(DetailBody::Deliverable(d)) => {
            let p = &d.project;
            Some((p.link.id, p.name.clone().unwrap_or_default()))
        }
        _ => None,
    };
    let today = app.today;
    let d = Deliverable::new(Id::default(), DeliverableKind::Other, today);
    let links = DeliverableLinks {
        project,
        ..Default::default()
    };
    let cmds = super::editing::open(
        app,
        Editor::Record(Box::new(RecordForm::deliverable(d, links, false))),
    );
    let s = key(Action::ProposeSchedule);
    say(
        app,
        format!("one deliverable; a project's whole reporting schedule: {s} on the project"),
    );
    cmds
}
