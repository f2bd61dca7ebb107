//! The global search popup: its query, its results and what Enter opens.
//! The results are kept in the order they are drawn (grouped by kind, in
//! `popups::search::KIND_ORDER`), so the cursor is an index into both.

use crate::domain::RecordKind;
use crate::store::search::SearchHit;
use crate::ui::action::Action;
use crate::ui::popups::search::KIND_ORDER;
use crate::ui::state::{App, Overlay, Place, SearchState};

use super::{Cmd, go_to, step};

/// Results arrive; those of a query that has since been edited are dropped.
pub(super) fn on_results(app: &mut App, generation: u64, mut hits: Vec<SearchHit>) -> Vec<Cmd> {
    if generation != app.search.generation {
        return vec![];
    }
    // Grouped by kind as drawn, best first within each group (a stable sort).
    hits.sort_by_key(|h| group_of(h.kind));
    app.search.hits = hits;
    app.search.answered = generation;
    app.search.cursor = 0;
    vec![]
}

/// Where a kind's group comes in the popup. Every kind has one: a kind
/// missing from the order would be sorted apart from where it is drawn.
fn group_of(kind: RecordKind) -> usize {
    KIND_ORDER
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(KIND_ORDER.len())
}

/// Edits the query and asks for its results (none for an empty query).
pub(super) fn edit_query(app: &mut App, edit: impl FnOnce(&mut String)) -> Vec<Cmd> {
    let search = &mut app.search;
    edit(&mut search.input);
    search.generation += 1;
    if search.input.trim().is_empty() {
        search.hits.clear();
        search.answered = search.generation;
        return vec![];
    }
    vec![Cmd::Search {
        generation: search.generation,
        query: search.input.clone(),
    }]
}

pub(super) fn on_action(app: &mut App, action: Action) -> Vec<Cmd> {
    match action {
        Action::Close => {
            app.overlay = Overlay::None;
            app.search = SearchState::default();
            vec![]
        }
        Action::Quit => {
            app.quit = true;
            vec![]
        }
        Action::ClearInput => edit_query(app, String::clear),
        Action::Down | Action::Up => {
            let n = app.search.hits.len();
            let delta = if action == Action::Down { 1 } else { -1 };
            app.search.cursor = step(app.search.cursor, delta, n);
            vec![]
        }
        Action::Open => open_highlighted(app),
        _ => vec![],
    }
}

/// Opens the highlighted result (a note: the note itself, in its editor).
fn open_highlighted(app: &mut App) -> Vec<Cmd> {
    let Some(hit) = app.search.hits.get(app.search.cursor).cloned() else {
        return vec![];
    };
    app.overlay = Overlay::None;
    let here = Place {
        tab: app.tab,
        id: app.record.detail.as_ref().map(|d| d.id),
    };
    app.history.push(here);
    if hit.kind == RecordKind::Note {
        return vec![Cmd::OpenNote { id: hit.id }];
    }
    go_to(app, hit.kind, hit.id)
}
