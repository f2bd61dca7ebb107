//! The whole screen when the database file turns out to be damaged: what
//! happened and what to do, instead of errors on every key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::ui::text::clean;
use crate::ui::view::{ViewContext, pane_block};

pub fn render(frame: &mut Frame, area: Rect, detail: Option<&str>, cx: &ViewContext) {
    frame.render_widget(Clear, area);
    let lines = vec![
        Line::from(Span::styled(
            "The database file is damaged.",
            cx.theme.title,
        )),
        Line::from(""),
        Line::from(Span::styled(
            clean(detail.unwrap_or("SQLite reports a damaged page")),
            cx.theme.base,
        )),
        Line::from(""),
        Line::from(Span::styled(
            "Nothing more will be read from or written to it. Quit with q, copy the file somewhere safe, then:",
            cx.theme.base,
        )),
        Line::from(Span::styled(
            "  fieldbook check              says what is wrong and which backup is the latest",
            cx.theme.key,
        )),
        Line::from(Span::styled(
            "  fieldbook restore BACKUP     puts that backup in its place (the damaged file is kept aside)",
            cx.theme.key,
        )),
    ];
    let block = pane_block("Damaged database".into(), true, cx.theme);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
