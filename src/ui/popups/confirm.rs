//! The one yes/no question every destructive action goes through.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::centered;
use crate::ui::state::App;
use crate::ui::text::clean;
use crate::ui::view::{ViewContext, pane_block};

pub fn render(frame: &mut Frame, area: Rect, app: &App, cx: &ViewContext) {
    let Some(confirm) = &app.confirm else { return };
    let popup = centered(area, 64, 7);
    frame.render_widget(Clear, popup);
    let lines = vec![
        Line::from(Span::styled(clean(&confirm.question), cx.theme.base)),
        Line::from(""),
        Line::from(vec![
            Span::styled(" y ", cx.theme.key),
            Span::raw("yes   "),
            Span::styled(" n ", cx.theme.key),
            Span::raw("no"),
        ]),
    ];
    let block = pane_block("Are you sure?".into(), true, cx.theme);
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        popup,
    );
}
