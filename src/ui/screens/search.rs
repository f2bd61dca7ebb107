//! The global search: its query, its results and what Enter opens. The
//! results are kept in the order they are drawn (grouped by kind, in
//! `popups::search::KIND_ORDER`), so the cursor is an index into both. The
//! box and its rows are drawn by `popups::search`.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Outcome, Screen, TextEdit, step};
use crate::domain::RecordKind;
use crate::store::search::SearchHit;
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::popups::search::KIND_ORDER;
use crate::ui::state::App;
use crate::ui::update::Cmd;
use crate::ui::view::ViewContext;

/// What is typed, and the results of the latest query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchState {
    pub input: String,
    /// Bumped on every edit; results of an older query are dropped.
    pub generation: u64,
    /// The generation `hits` answer (behind `generation` while a query runs).
    pub answered: u64,
    pub hits: Vec<SearchHit>,
    pub cursor: usize,
    /// Who-is-who of the contacts among the hits, drawn beside their names.
    pub who: crate::store::who::WhoIsWho,
}

impl SearchState {
    /// Results arrive; those of a query that has since been edited are dropped.
    pub fn results(&mut self, generation: u64, mut hits: Vec<SearchHit>) {
        if generation != self.generation {
            return;
        }
        // Grouped by kind as drawn, best first within each group (a stable sort).
        hits.sort_by_key(|h| group_of(h.kind));
        // A record the person moved to stays highlighted when the answer to
        // their last keystroke still holds it: a Down pressed on the previous
        // answer, just before this one arrived, still opens what they chose.
        let moved_to = (self.cursor > 0)
            .then(|| self.hits.get(self.cursor).map(|h| (h.kind, h.id)))
            .flatten();
        self.cursor = moved_to
            .and_then(|k| hits.iter().position(|h| (h.kind, h.id) == k))
            .unwrap_or(0);
        self.hits = hits;
        self.answered = generation;
    }
}

/// Where a kind's group comes in the popup. Every kind has one: a kind
/// missing from the order would be sorted apart from where it is drawn.
fn group_of(kind: RecordKind) -> usize {
    KIND_ORDER
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(KIND_ORDER.len())
}

impl Screen for SearchState {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Search]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::Close => Outcome::close(),
            Action::Quit => Outcome::Quit,
            Action::ClearInput => Outcome::Stay(self.edit_query(String::clear)),
            Action::Down | Action::Up => {
                self.cursor = step(self.cursor, action, self.hits.len());
                Outcome::stay()
            }
            // The highlighted result (a note: the note itself, in its editor).
            Action::Open => match self.hits.get(self.cursor) {
                Some(hit) => Outcome::Show(hit.kind, hit.id),
                None => Outcome::stay(),
            },
            _ => Outcome::stay(),
        }
    }

    fn edit(&mut self, edit: TextEdit) -> Vec<Cmd> {
        self.edit_query(|input| edit.apply(input))
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        crate::ui::popups::search::render(frame, area, self, cx);
    }
}

impl SearchState {
    /// Edits the query and asks for its results (none for an empty query).
    fn edit_query(&mut self, edit: impl FnOnce(&mut String)) -> Vec<Cmd> {
        edit(&mut self.input);
        self.generation += 1;
        if self.input.trim().is_empty() {
            self.hits.clear();
            self.answered = self.generation;
            return vec![];
        }
        vec![Cmd::Search {
            generation: self.generation,
            query: self.input.clone(),
        }]
    }
}
