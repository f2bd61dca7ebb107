//! Attaching a file from the UI: the file's path (the import prompt's
//! pattern). The file is read and stored by the effects, not here.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Outcome, Screen, TextEdit};
use crate::domain::AttachedTo;
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::state::App;
use crate::ui::update::Cmd;
use crate::ui::view::ViewContext;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachPath {
    pub target: AttachedTo,
    /// The record's name, for the prompt's title.
    pub title: String,
    pub input: String,
}

impl Screen for AttachPath {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Prompt]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        let target = self.target;
        super::path_keys(&mut self.input, action, "nothing attached", |path| {
            vec![Cmd::Attach { target, path }]
        })
    }

    fn edit(&mut self, edit: TextEdit) -> Vec<Cmd> {
        edit.apply(&mut self.input);
        Vec::new()
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        super::prompt(
            frame,
            area,
            76,
            format!(
                "Attach a file to {} ({} stores it in the book)",
                self.title,
                cx.keymap.key_for(Action::Confirm, self.contexts())
            ),
            "File to attach: a photo, a scanned letter, a PDF (up to 25 MiB)",
            &self.input,
            cx,
        );
    }
}
