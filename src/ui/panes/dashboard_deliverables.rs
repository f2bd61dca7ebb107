//! The dashboard's deliverables, beside the overdue follow-ups: overdue
//! ones first (in the overdue colour, oldest first), then the deadlines of
//! the next 30 days. Enter opens one; `x` moves it on.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::store::views::{DEADLINE_DAYS, Dashboard, DeliverableLine};
use crate::ui::state::App;
use crate::ui::text::{fit, truncate, width as text_width};
use crate::ui::theme::Theme;
use crate::ui::view::pane_block;

/// Rows the section asks for in a column `available` rows high: what it
/// lists (or one line saying there is nothing) and its border, at most a
/// third of the column.
pub fn height(d: &Dashboard, available: u16) -> u16 {
    let s = &d.deliverables;
    let total = usize::try_from(s.overdue_total + s.upcoming_total)
        .unwrap_or(usize::MAX)
        .max(1);
    u16::try_from(total + 2)
        .unwrap_or(u16::MAX)
        .clamp(3, (available / 3).max(3))
}

/// One row: due date, the project, what is due, and its status when it
/// was returned for revision.
fn row(line: &DeliverableLine, width: usize, project_cells: usize) -> String {
    let returned = if line.status == crate::domain::DeliverableStatus::Returned {
        " (returned)"
    } else {
        ""
    };
    let text = format!(
        "{} {} {}{returned}",
        line.due.format("%Y-%m-%d"),
        fit(&line.project, project_cells),
        line.title
    );
    truncate(&text, width)
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    d: &Dashboard,
    cursor: &mut usize,
    theme: &Theme,
) {
    let s = &d.deliverables;
    let title = format!(
        "Deliverables: {} OVERDUE, {} due in {DEADLINE_DAYS} days",
        s.overdue_total, s.upcoming_total
    );
    let mut block = pane_block(title, false, theme);
    if s.overdue_total > 0 {
        block = block.border_style(theme.overdue).title_style(theme.overdue);
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let first = *cursor;
    let items: Vec<&DeliverableLine> = s.overdue.iter().chain(&s.upcoming).collect();
    *cursor += items.len();
    if items.is_empty() {
        let text = format!("Nothing overdue, nothing due in {DEADLINE_DAYS} days.");
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim)), inner);
        return;
    }
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    let total = usize::try_from(s.overdue_total + s.upcoming_total)
        .unwrap_or(usize::MAX)
        .max(items.len());
    // Never cut silently: the last line counts what is not shown.
    let rows = if total > height {
        height.saturating_sub(1)
    } else {
        height
    };
    let in_section = app
        .dashboard_cursor
        .checked_sub(first)
        .filter(|c| *c < items.len());
    let start = in_section.map_or(0, |c| (c + 1).saturating_sub(rows));
    let project_cells = items
        .iter()
        .map(|l| text_width(&l.project))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let mut lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(i, l)| {
            let mut style = if l.overdue { theme.overdue } else { theme.base };
            if first + i == app.dashboard_cursor {
                style = style.patch(theme.selected);
            }
            Line::from(Span::styled(row(l, width, project_cells), style))
        })
        .collect();
    let shown = lines.len();
    if shown < total && height > 0 {
        let text = format!("and {} more (of {total})", total - shown);
        lines.push(Line::from(Span::styled(truncate(&text, width), theme.dim)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
