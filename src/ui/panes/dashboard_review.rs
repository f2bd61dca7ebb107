//! The dashboard's "Needs review" box: shown only while changes from other
//! desks wait for a person's choice, above everything else (a conflict
//! left alone is a value someone typed and may lose).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::state::App;
use crate::ui::text::truncate;
use crate::ui::view::{ViewContext, pane_block};

/// Draws the box when something waits; the area left for the rest.
pub fn render(frame: &mut Frame, area: Rect, app: &App, cx: &ViewContext) -> Rect {
    if app.needs_review == 0 || area.height < 12 {
        return area;
    }
    let [top, rest] = Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(area);
    let key = cx.keymap.key_for(Action::ShowReview, &[Context::Global]);
    let n = app.needs_review;
    let what = if n == 1 {
        "1 field was changed on two desks at once".to_string()
    } else {
        format!("{n} fields were changed on two desks at once")
    };
    let block = pane_block(format!("Needs review: {n}"), false, cx.theme);
    let inner = block.inner(top);
    frame.render_widget(block, top);
    let text = format!("{what}: {key} shows them (keep mine, keep theirs, or edit)");
    let line = Line::from(Span::styled(
        truncate(&text, usize::from(inner.width)),
        cx.theme.overdue,
    ));
    frame.render_widget(Paragraph::new(line), inner);
    rest
}
