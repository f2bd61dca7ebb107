//! The help screen, generated from the keymap: it cannot disagree with the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::centered;
use crate::ui::keymap::Context;
use crate::ui::text::fit;
use crate::ui::view::{ViewContext, pane_block};

const ORDER: [Context; 4] = [
    Context::Global,
    Context::FollowUps,
    Context::Welcome,
    Context::Help,
];

pub fn render(frame: &mut Frame, area: Rect, scroll: u16, cx: &ViewContext) {
    let popup = centered(area, 72, area.height.saturating_sub(2));
    frame.render_widget(Clear, popup);
    let block = pane_block("Help: keys (esc closes, j/k scroll)".into(), true, cx.theme);
    let mut lines = Vec::new();
    for ctx in ORDER {
        lines.push(Line::from(Span::styled(ctx.label(), cx.theme.heading)));
        for b in cx.keymap.bindings.iter().filter(|b| b.context == ctx) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.to_string()).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {} ", fit(&keys.join(", "), 22)), cx.theme.key),
                Span::styled(b.description, cx.theme.base),
            ]));
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(
        "Keys can be changed in config.toml; see the README.",
        cx.theme.dim,
    )));
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
}
