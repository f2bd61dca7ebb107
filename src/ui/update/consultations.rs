//! Logging a consultation (`c`, from anywhere: prefilled from the record in
//! context) and the people-to-call screen (`K`).

use super::super::screens::Overlay;
use super::super::screens::not_in_touch::NotInTouchScreen;
use super::super::state::App;
use super::{Cmd, editing};
use crate::store::views::NotInTouch;

pub(super) fn log_consultation(app: &mut App) -> Vec<Cmd> {
    vec![Cmd::PrepareConsultation {
        from: editing::context(app),
    }]
}

/// `n` on the consultations tab: a blank one (`c` is the prefilled one).
pub(super) fn new_consultation() -> Vec<Cmd> {
    vec![Cmd::PrepareConsultation { from: None }]
}

pub(super) fn show_not_in_touch(app: &mut App) -> Vec<Cmd> {
    app.overlay = Overlay::NotInTouch(NotInTouchScreen::new(app.touch_rules.clone()));
    vec![Cmd::LoadNotInTouch {
        rules: app.touch_rules.clone(),
    }]
}

pub(super) fn loaded_not_in_touch(app: &mut App, people: Vec<NotInTouch>) -> Vec<Cmd> {
    if let Overlay::NotInTouch(screen) = &mut app.overlay {
        screen.loaded(people);
    }
    vec![]
}
