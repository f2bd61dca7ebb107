//! The list pane: only the visible rows are drawn (and only a window around
//! them was fetched), in columns measured in terminal cells and sized to
//! what the loaded rows hold.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::ui::action::Action;
use crate::ui::keymap::Keymap;
use crate::ui::state::{App, ListState, Pane, Tab};
use crate::ui::text::{fit, width};
use crate::ui::view::{ViewContext, contexts, is_focused, pane_block};

/// How a column of a tab gives way when the pane is narrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The cells below which the column is not cut further (a column that
    /// is never cut, like a reference code or a date, has `whole`).
    pub min: usize,
    /// Never cut: it shows whole or not at all.
    pub whole: bool,
    /// 0 is kept longest; higher numbers give way (shrink, then hide) first.
    pub rank: u8,
}

const fn cut_to(min: usize, rank: u8) -> Column {
    Column {
        min,
        whole: false,
        rank,
    }
}

const fn whole(rank: u8) -> Column {
    Column {
        min: 0,
        whole: true,
        rank,
    }
}

/// The three columns of each tab, in the store's order. The name comes
/// first; a native name (family and given name in Japanese, say) is never
/// cut; reference codes and dates are never cut, so `JPP-KE-2026-01` and
/// `-02` are told apart. At 80 columns the name, the native name and one
/// more column stay before anything else (a project's status gives way:
/// the details beside the list show it).
pub fn columns(tab: Tab) -> [Column; 3] {
    match tab {
        // name, native name, organization
        Tab::Contacts => [cut_to(18, 0), whole(1), cut_to(6, 2)],
        // name, kind, place
        Tab::Organizations => [cut_to(20, 0), cut_to(6, 2), cut_to(8, 1)],
        // status, reference, title
        Tab::Projects => [whole(2), whole(0), cut_to(12, 1)],
        // date, place, project
        Tab::Visits => [whole(0), cut_to(12, 1), cut_to(8, 2)],
        // due, what, who
        Tab::FollowUps => [whole(0), cut_to(16, 1), cut_to(6, 2)],
        // date, title, attended/invited
        Tab::Events => [whole(0), cut_to(16, 1), whole(2)],
        // due, what, project (the details beside the list name it in full)
        Tab::Deliverables => [whole(0), cut_to(16, 1), cut_to(8, 2)],
        Tab::Dashboard => [cut_to(1, 0), cut_to(0, 1), cut_to(0, 2)],
        // date, topic, organization: question
        Tab::Consultations => [whole(0), cut_to(10, 2), cut_to(16, 1)],
    }
}

/// Cells for each column, given the widest text each holds (`wants`) and
/// the pane's inner width; 0 hides a column. One cell between shown
/// columns. Columns take what they hold and no more; when the row is too
/// wide, the lowest-ranked columns are cut down to their minimum, then
/// hidden, until it fits; a column hidden gives its cells back to those
/// cut, best-ranked first.
pub fn column_widths(specs: [Column; 3], wants: [usize; 3], total: usize) -> [usize; 3] {
    let mut widths = wants;
    let used = |w: &[usize; 3]| {
        let shown = w.iter().filter(|c| **c > 0).count();
        w.iter().sum::<usize>() + shown.saturating_sub(1)
    };
    let mut by_rank = [0, 1, 2];
    by_rank.sort_by_key(|i| specs[*i].rank);
    // Shrink, least important first, down to each column's minimum.
    for &i in by_rank.iter().rev() {
        let over = used(&widths).saturating_sub(total);
        let floor = if specs[i].whole {
            widths[i]
        } else {
            specs[i].min.min(widths[i])
        };
        widths[i] -= over.min(widths[i] - floor);
    }
    // Hide, least important first (never the first-ranked one).
    for &i in by_rank.iter().skip(1).rev() {
        if used(&widths) <= total {
            break;
        }
        widths[i] = 0;
    }
    // What hiding freed goes back to the columns that were cut.
    for &i in &by_rank {
        if widths[i] == 0 {
            continue;
        }
        let spare = total.saturating_sub(used(&widths));
        widths[i] += spare.min(wants[i].saturating_sub(widths[i]));
    }
    // The first-ranked column alone may still be too wide: cut it.
    let over = used(&widths).saturating_sub(total);
    let first = by_rank[0];
    widths[first] -= over.min(widths[first]);
    widths
}

/// The widest text of each column among the rows loaded.
fn widest(list: &ListState) -> [usize; 3] {
    let mut out = [0; 3];
    for row in &list.rows {
        for (w, text) in out.iter_mut().zip(&row.columns) {
            *w = (*w).max(width(text));
        }
    }
    out
}

/// The key bound to `action` in the app's current contexts, as drawn.
pub(crate) fn key_for(keymap: &Keymap, action: Action, app: &App) -> Option<String> {
    contexts(app).iter().find_map(|ctx| {
        keymap
            .bindings
            .iter()
            .find(|b| b.context == *ctx && b.action == action)
            .and_then(|b| b.keys.first())
            .map(|k| k.to_string())
    })
}

/// What an empty list says: how to add a record (with the key bound to it
/// now), or how to see other follow-ups, or that a filter matches nothing.
fn empty_hint(app: &App, keymap: &Keymap) -> String {
    if app.active_filter().is_some() {
        return "Nothing matches the filter.".into();
    }
    let kind = app.tab.kind().map_or("records", |k| k.plural());
    let new = key_for(keymap, Action::New, app).map(|k| format!("Press {k} to add one."));
    let mut parts = Vec::new();
    if app.tab == Tab::FollowUps {
        parts.push(format!("No {} follow-ups here.", app.filter.label()));
        if let Some(k) = key_for(keymap, Action::CycleFilter, app) {
            parts.push(format!("Press {k} to change the filter."));
        }
    } else {
        parts.push(format!("No {kind} yet."));
    }
    parts.extend(new);
    parts.join(" ")
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, cx: &ViewContext) {
    let theme = cx.theme;
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
        let hint = empty_hint(app, cx.keymap);
        frame.render_widget(
            Paragraph::new(Span::styled(hint, theme.dim)).wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let total = usize::from(inner.width);
    let widths = column_widths(columns(app.tab), widest(list), total);
    let mut lines = Vec::with_capacity(usize::from(inner.height));
    for index in list.offset..(list.offset + usize::from(inner.height)).min(list.keys.len()) {
        let Some(row) = list.row_at(index) else {
            lines.push(Line::from(Span::styled("...", theme.dim)));
            continue;
        };
        let cells: Vec<String> = row
            .columns
            .iter()
            .zip(widths)
            .filter(|(_, w)| *w > 0)
            .map(|(text, w)| fit(text, w))
            .collect();
        // Padded to the pane's width, so the selection bar spans the row.
        let text = fit(&cells.join(" "), total);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_take_what_they_hold_and_codes_are_never_cut() {
        // Wide enough: each column its widest text, nothing more.
        assert_eq!(
            column_widths(columns(Tab::Contacts), [15, 9, 20], 80),
            [15, 9, 20]
        );
        // No native names loaded: that column takes no room at all.
        assert_eq!(
            column_widths(columns(Tab::Contacts), [15, 0, 30], 80),
            [15, 0, 30]
        );
        // An 80-column terminal (34 cells): name and native name whole, the
        // organization gets the rest.
        assert_eq!(
            column_widths(columns(Tab::Contacts), [15, 9, 27], 34),
            [15, 9, 8]
        );
        // A long name is cut, never the native name; the organization
        // gives way first, and what it frees goes back to the name.
        assert_eq!(
            column_widths(columns(Tab::Contacts), [30, 11, 27], 34),
            [22, 11, 0]
        );
        // Projects at 34 cells: the reference whole, the title next, the
        // status (shown beside the list) gives way.
        assert_eq!(
            column_widths(columns(Tab::Projects), [12, 14, 40], 34),
            [0, 14, 19]
        );
        // At 52 cells (120 columns) all three show, the title cut.
        assert_eq!(
            column_widths(columns(Tab::Projects), [12, 14, 40], 52),
            [12, 14, 24]
        );
        // Narrower than anything: the reference alone, cut only then.
        assert_eq!(
            column_widths(columns(Tab::Projects), [12, 14, 40], 10),
            [0, 10, 0]
        );
    }

    #[test]
    fn rows_never_exceed_the_pane() {
        for tab in [
            Tab::Contacts,
            Tab::Organizations,
            Tab::Projects,
            Tab::Visits,
            Tab::FollowUps,
        ] {
            for total in 0..90 {
                for wants in [[0, 0, 0], [10, 14, 40], [40, 40, 40], [3, 0, 1]] {
                    let w = column_widths(columns(tab), wants, total);
                    let shown = w.iter().filter(|c| **c > 0).count();
                    let used = w.iter().sum::<usize>() + shown.saturating_sub(1);
                    assert!(used <= total, "{tab:?} {wants:?} {total}: {w:?}");
                    for i in 0..3 {
                        assert!(w[i] <= wants[i], "{tab:?} {wants:?} {total}: {w:?}");
                    }
                }
            }
        }
    }
}
