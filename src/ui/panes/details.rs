//! The details pane: every field of the selected record and its links,
//! wrapped to the pane; the link under the cursor is what Enter opens. When
//! the text is longer than the pane, it scrolls (`details_scroll`) and the
//! bottom border says where the view is and that there is more.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::detail_lines::{Look, layout, title};
use crate::ui::state::{App, Pane};
use crate::ui::text::truncate;
use crate::ui::theme::Theme;
use crate::ui::view::{is_focused, pane_block};

/// Where the details pane is on a terminal of `size`: the same split as
/// `view::render_record_tab` draws (list left; details above the timeline).
pub fn area_for(size: (u16, u16)) -> Rect {
    let screen = Rect::new(0, 0, size.0, size.1);
    let [_, body, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(screen);
    let [_, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
    let [top, _] =
        Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(right);
    top
}

/// The cells inside the pane's border: (width, height).
pub fn inner_size(size: (u16, u16)) -> (usize, usize) {
    let area = area_for(size);
    (
        usize::from(area.width.saturating_sub(2)),
        usize::from(area.height.saturating_sub(2)),
    )
}

fn style(look: Look, theme: &Theme) -> Style {
    match look {
        Look::Plain => theme.base,
        Look::Dim => theme.dim,
        Look::Link => theme.link,
        Look::Overdue => theme.overdue,
        Look::Heading => theme.heading,
        Look::Title => theme.title,
        Look::Error => theme.error,
    }
}

/// "lines 5-14 of 40, more below" (ASCII, so it is the same width in every
/// locale).
fn position(scroll: usize, shown: usize, total: usize) -> String {
    let more = if scroll + shown < total {
        "more below"
    } else {
        "end"
    };
    format!(
        " lines {}-{} of {total}, {more} ",
        scroll + 1,
        scroll + shown
    )
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let focused = is_focused(app, Pane::Details);
    let Some(detail) = &app.record.detail else {
        let block = pane_block("Details".into(), focused, theme);
        frame.render_widget(Paragraph::new("").block(block), area);
        return;
    };
    let mut block = pane_block(
        truncate(&title(detail), usize::from(area.width.saturating_sub(6))),
        focused,
        theme,
    );
    let inner = block.inner(area);
    let lines = layout(detail, usize::from(inner.width));
    let height = usize::from(inner.height);
    let scroll = app
        .record
        .details_scroll
        .min(lines.len().saturating_sub(height));
    if lines.len() > height && height > 0 {
        let text = position(scroll, height, lines.len());
        block = block.title_bottom(Line::from(Span::styled(
            truncate(&text, usize::from(inner.width)),
            theme.dim,
        )));
    }
    frame.render_widget(block, area);
    let visible: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(height)
        .map(|line| {
            let mut look = style(line.look, theme);
            if focused && line.link == Some(app.record.link_cursor) {
                look = look.patch(theme.selected);
            }
            Line::from(vec![
                Span::styled(line.prefix, theme.dim),
                Span::styled(line.text, look),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
