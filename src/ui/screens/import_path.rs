//! Importing from the UI, first step: the file's path.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Outcome, Screen, TextEdit};
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::state::App;
use crate::ui::update::Cmd;
use crate::ui::view::ViewContext;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportPath {
    pub input: String,
}

impl Screen for ImportPath {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Prompt]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        super::path_keys(&mut self.input, action, "nothing imported", |path| {
            vec![Cmd::PlanImport {
                path,
                maps: Vec::new(),
            }]
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
                "Import ({} reads it; nothing is written yet)",
                cx.keymap.key_for(Action::Confirm, self.contexts())
            ),
            "File to import: .vcf, .csv (Google, Outlook) or a fieldbook .json export",
            &self.input,
            cx,
        );
    }
}
