//! The first screen of an empty book: what fieldbook is, and a key each to
//! create the first organization, contact or project, or to load demo data.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::help::Help;
use super::{Outcome, Overlay, Screen, centered};
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::state::App;
use crate::ui::view::{ViewContext, pane_block};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Welcome;

/// What the welcome screen offers, in the order it lists them.
const OFFERS: [(Action, &str); 6] = [
    (Action::ShowOrganizations, "create the first organization"),
    (Action::ShowContacts, "create the first contact"),
    (Action::ShowProjects, "create the first project"),
    (Action::LoadDemo, "load demo data to look around"),
    (Action::Close, "start with the empty book"),
    (Action::Quit, "quit"),
];

impl Screen for Welcome {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Welcome]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        match action {
            // The tab of that kind, and its new-record form.
            Action::ShowOrganizations | Action::ShowContacts | Action::ShowProjects => {
                Outcome::Run(vec![action, Action::New])
            }
            Action::LoadDemo => Outcome::Stay(vec![crate::ui::update::Cmd::LoadDemo]),
            Action::Close => Outcome::close(),
            Action::Quit => Outcome::Quit,
            Action::Help => Outcome::Open(Overlay::Help(Help::new())),
            _ => Outcome::stay(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        let popup = centered(area, 68, 17);
        frame.render_widget(Clear, popup);
        let mut lines = vec![
            Line::from(Span::styled("Welcome to fieldbook", cx.theme.title)),
            Line::from(""),
            Line::from("Your offline record book for organizations, contacts, projects,"),
            Line::from("field visits, follow-ups and notes. Everything stays in one file"),
            Line::from("on this computer; nothing goes over the network."),
            Line::from(""),
            Line::from("This book is empty. Start here:"),
        ];
        for (action, what) in OFFERS {
            let key = cx.keymap.key_for(action, self.contexts());
            lines.push(Line::from(vec![
                Span::styled(format!("  {key:<5} "), cx.theme.key),
                Span::raw(what),
            ]));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!(
                "Later: {} lists every command, {} shows every key.",
                cx.keymap.key_for(Action::Palette, &[Context::Global]),
                cx.keymap.key_for(Action::Help, &[Context::Global])
            ),
            cx.theme.dim,
        )));
        let block = pane_block("Welcome".into(), true, cx.theme);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            popup,
        );
    }
}
