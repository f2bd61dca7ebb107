//! Deliverables from the screens: `S` on a project proposes its reporting
//! schedule (the confirm popup asks before anything is written); `x` on a
//! deliverable moves it on (see `record_actions::toggle_done`).

use crate::domain::RecordKind;
use crate::ui::action::Action;
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

/// Deliverables are added by a project's schedule or the command line.
pub(super) fn how_to_add(app: &mut App) -> Vec<Cmd> {
    let s = key(Action::ProposeSchedule);
    say(
        app,
        format!("on a project, {s} proposes its reports; one at a time: fieldbook add deliverable"),
    )
}
