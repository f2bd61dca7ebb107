//! The list pane: only the visible rows are drawn (and only a window around
//! them was fetched), in columns measured in terminal cells.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::state::{App, Pane, Tab};
use crate::ui::text::fit;
use crate::ui::theme::Theme;
use crate::ui::view::{is_focused, pane_block};

/// How wide a column is: a fixed number of cells, or a share of the width.
#[derive(Clone, Copy)]
enum Col {
    Cells(usize),
    Percent(usize),
}

/// The first two columns of each tab; the third takes what is left.
fn columns(tab: Tab) -> [Col; 2] {
    use Col::*;
    match tab {
        Tab::Contacts => [Percent(45), Percent(25)],
        Tab::Organizations => [Percent(50), Percent(28)],
        Tab::Projects => [Cells(12), Cells(12)],
        Tab::Visits => [Cells(10), Percent(35)],
        Tab::FollowUps => [Cells(10), Percent(55)],
        Tab::Dashboard => [Percent(100), Cells(0)],
    }
}

fn cells(col: Col, total: usize) -> usize {
    match col {
        Col::Cells(n) => n.min(total),
        Col::Percent(p) => total * p / 100,
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(list) = app.list() else { return };
    let title = if list.loaded {
        let filter = if app.tab == Tab::FollowUps {
            format!(" {}", app.filter.label())
        } else {
            String::new()
        };
        let narrowed = app
            .active_filter()
            .map(|f| {
                format!(
                    " /{}{}",
                    crate::ui::text::clean(&f.input),
                    if f.editing { "_" } else { "" }
                )
            })
            .unwrap_or_default();
        format!(
            "{}{filter}{narrowed} ({})",
            app.tab.title(),
            list.keys.len()
        )
    } else {
        format!("{} (loading)", app.tab.title())
    };
    let block = pane_block(title, is_focused(app, Pane::List), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if list.loaded && list.keys.is_empty() {
        let hint = match app.tab {
            Tab::FollowUps => "No follow-ups here. Press o to change the filter.",
            _ => "Nothing here yet.",
        };
        frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim)), inner);
        return;
    }
    let total = usize::from(inner.width);
    // One space between columns; the last column takes what is left.
    let [c0, c1] = columns(app.tab);
    let w0 = cells(c0, total);
    let w1 = cells(c1, total.saturating_sub(w0 + 1));
    let w2 = total.saturating_sub(w0 + w1 + 2);
    let mut lines = Vec::with_capacity(usize::from(inner.height));
    for index in list.offset..(list.offset + usize::from(inner.height)).min(list.keys.len()) {
        let Some(row) = list.row_at(index) else {
            lines.push(Line::from(Span::styled("...", theme.dim)));
            continue;
        };
        let text = format!(
            "{} {} {}",
            fit(&row.columns[0], w0),
            fit(&row.columns[1], w1),
            fit(&row.columns[2], w2)
        );
        let mut style = if row.overdue {
            theme.overdue
        } else if row.done {
            theme.done
        } else {
            theme.base
        };
        if index == list.selected {
            style = style.patch(theme.selected);
        }
        lines.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
