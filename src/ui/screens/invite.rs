//! Inviting many to an event at once: an organization's people, everyone
//! with a tag or in a country, or a search's matches. Tab chooses which,
//! the text says whom; those already invited are left as they are, and
//! the message says how many were.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Outcome, Screen, TextEdit, prompt};
use crate::domain::{Id, InviteeRole};
use crate::ui::action::Action;
use crate::ui::event_writes::{EventWrite, InviteBy};
use crate::ui::keymap::Context;
use crate::ui::state::{App, Write};
use crate::ui::update::Cmd;
use crate::ui::view::ViewContext;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteForm {
    pub event: Id,
    pub title: String,
    pub by: InviteBy,
    pub input: String,
}

impl InviteForm {
    pub fn new(event: Id, title: String) -> InviteForm {
        InviteForm {
            event,
            title,
            by: InviteBy::default(),
            input: String::new(),
        }
    }
}

impl Screen for InviteForm {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Invite]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::NextPane => {
                self.by = self.by.next();
                Outcome::stay()
            }
            Action::ClearInput => {
                self.input.clear();
                Outcome::stay()
            }
            Action::Confirm => Outcome::Close(vec![Cmd::Write(Write::Event(EventWrite::Invite {
                event: self.event,
                by: self.by,
                text: self.input.clone(),
                role: InviteeRole::Participant,
            }))]),
            Action::Close => Outcome::close(),
            _ => Outcome::stay(),
        }
    }

    fn edit(&mut self, edit: TextEdit) -> Vec<Cmd> {
        edit.apply(&mut self.input);
        Vec::new()
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        let key = |a| cx.keymap.key_for(a, self.contexts());
        let choices: Vec<String> = InviteBy::ALL
            .iter()
            .map(|b| {
                if *b == self.by {
                    format!("[{}]", b.label())
                } else {
                    b.label().to_string()
                }
            })
            .collect();
        let hint = format!(
            "By {} ({} changes); {} invites",
            choices.join(" "),
            key(Action::NextPane),
            key(Action::Confirm)
        );
        prompt(
            frame,
            area,
            80,
            format!("Invite to {}", self.title),
            &hint,
            &self.input,
            cx,
        );
    }
}
