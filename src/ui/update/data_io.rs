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
            vec![Cmd::PlanImport {
                path,
                maps: Vec::new(),
            }]
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
    app.overlay = Overlay::ImportPreview { cursor: 0 };
    vec![]
}

/// In the preview: move among the likely duplicates, change what happens to
/// the selected one, then import (`y`), or merge them all (`m`).
pub(super) fn on_preview(app: &mut App, action: Action, cursor: usize) -> Vec<Cmd> {
    let duplicates = app
        .import
        .as_ref()
        .map_or(0, |p| p.plan.duplicates().count());
    match action {
        Action::Down | Action::Up => {
            let cursor = match action {
                Action::Down => (cursor + 1).min(duplicates.saturating_sub(1)),
                _ => cursor.saturating_sub(1),
            };
            app.overlay = Overlay::ImportPreview { cursor };
            vec![]
        }
        Action::ToggleDone => {
            if let Some(planned) = app.import.as_mut() {
                if let Some(item) = planned
                    .plan
                    .items
                    .iter_mut()
                    // The listed ones: a possible duplicate is always imported.
                    .filter(|i| i.duplicate.as_ref().is_some_and(|d| !d.possible))
                    .nth(cursor)
                {
                    item.choice = match item.choice {
                        Choice::Skip => Choice::Merge,
                        Choice::Merge => Choice::Create,
                        Choice::Create => Choice::Skip,
                    };
                }
                planned.preview = crate::exchange::plan::preview(&planned.name, &planned.plan);
            }
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

/// The mapping screen: each column of the CSV and the field it fills.
pub(super) fn on_map(app: &mut App, action: Action, cursor: usize) -> Vec<Cmd> {
    use crate::exchange::csv_in::MAP_FIELDS;
    let columns = app.import_map.as_ref().map_or(0, |m| m.columns.len());
    match action {
        Action::Down | Action::Up => {
            let cursor = match action {
                Action::Down => (cursor + 1).min(columns.saturating_sub(1)),
                _ => cursor.saturating_sub(1),
            };
            app.overlay = Overlay::ImportMap { cursor };
            vec![]
        }
        Action::ToggleDone => {
            if let Some((_, field)) = app
                .import_map
                .as_mut()
                .and_then(|m| m.columns.get_mut(cursor))
            {
                *field = (*field + 1) % MAP_FIELDS.len();
            }
            vec![]
        }
        Action::Confirm => {
            app.overlay = Overlay::None;
            let Some(map) = app.import_map.take() else {
                return vec![];
            };
            let maps = map
                .columns
                .iter()
                .map(|(column, field)| format!("{column}={}", MAP_FIELDS[*field].0))
                .collect();
            vec![Cmd::PlanImport {
                path: map.path,
                maps,
            }]
        }
        Action::Close => {
            app.overlay = Overlay::None;
            app.import_map = None;
            say_info(app, "nothing imported")
        }
        _ => vec![],
    }
}
