//! The first screen of an empty book.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::centered;
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::view::{ViewContext, pane_block};

pub fn render(frame: &mut Frame, area: Rect, cx: &ViewContext) {
    let popup = centered(area, 68, 16);
    frame.render_widget(Clear, popup);
    let key_for = |action: Action| {
        cx.keymap
            .bindings
            .iter()
            .find(|b| b.action == action && matches!(b.context, Context::Welcome | Context::Global))
            .and_then(|b| b.keys.first())
            .map(|k| k.to_string())
            .unwrap_or_else(|| "?".into())
    };
    let lines = vec![
        Line::from(Span::styled("Welcome to fieldbook", cx.theme.title)),
        Line::from(""),
        Line::from("Your offline record book for organizations, contacts, projects,"),
        Line::from("field visits, follow-ups and notes. Everything stays in one file"),
        Line::from("on this computer; nothing goes over the network."),
        Line::from(""),
        Line::from("This book is empty. To add your first records from the shell:"),
        Line::from(Span::styled(
            "  fieldbook add org --name \"PLAS\" --kind donor_ngo",
            cx.theme.key,
        )),
        Line::from(Span::styled(
            "  fieldbook add contact --name \"Wanjiru Kamau\" --org \"PLAS\"",
            cx.theme.key,
        )),
        Line::from(""),
        Line::from(vec![
            Span::styled(format!("  {} ", key_for(Action::LoadDemo)), cx.theme.key),
            Span::raw("load demo data to look around"),
        ]),
        Line::from(vec![
            Span::styled(format!("  {} ", key_for(Action::Close)), cx.theme.key),
            Span::raw("start with the empty book"),
        ]),
        Line::from(vec![
            Span::styled(format!("  {} ", key_for(Action::Quit)), cx.theme.key),
            Span::raw("quit"),
        ]),
    ];
    let block = pane_block("Welcome".into(), true, cx.theme);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}
