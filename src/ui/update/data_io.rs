//! Import (`I`: a path, then a preview to confirm) and the monthly report
//! (`R`). The files are read and written by effects; this is the state.

use super::{Cmd, say_info};
use crate::exchange::plan::Choice;
use crate::ui::action::Action;
use crate::ui::state::{App, Overlay, PlannedImport};

pub(super) fn ask_path(app: &mut App) -> Vec<Cmd> {
    app.prompt.clear();
    app.overlay = Overlay::ImportPath;
    vec![]
}

pub(super) fn on_path(app: &mut App, action: Action) -> Vec<Cmd> {
    match action {
        Action::Confirm => {
            let path = app.prompt.trim().to_string();
            if path.is_empty() {
                return vec![];
            }
            app.overlay = Overlay::None;
            app.prompt.clear();
            vec![Cmd::PlanImport { path }]
        }
        Action::Close => {
            app.overlay = Overlay::None;
            app.prompt.clear();
            say_info(app, "nothing imported")
        }
        Action::ClearInput => {
            app.prompt.clear();
            vec![]
        }
        _ => vec![],
    }
}

pub(super) fn on_planned(app: &mut App, planned: PlannedImport) -> Vec<Cmd> {
    app.import = Some(Box::new(planned));
    app.overlay = Overlay::ImportPreview { scroll: 0 };
    vec![]
}

pub(super) fn on_preview(app: &mut App, action: Action, scroll: u16) -> Vec<Cmd> {
    let lines = app.import.as_ref().map_or(0, |p| p.preview.lines().count()) as u16;
    match action {
        Action::Down => {
            app.overlay = Overlay::ImportPreview {
                scroll: (scroll + 1).min(lines.saturating_sub(1)),
            };
            vec![]
        }
        Action::Up => {
            app.overlay = Overlay::ImportPreview {
                scroll: scroll.saturating_sub(1),
            };
            vec![]
        }
        Action::Confirm | Action::Merge => {
            app.overlay = Overlay::None;
            let Some(mut planned) = app.import.take() else {
                return vec![];
            };
            if action == Action::Merge {
                planned.plan.choose_for_duplicates(Choice::Merge);
            }
            vec![Cmd::ApplyImport {
                plan: Box::new(planned.plan),
            }]
        }
        Action::Close => {
            app.overlay = Overlay::None;
            app.import = None;
            say_info(app, "nothing imported")
        }
        _ => vec![],
    }
}
