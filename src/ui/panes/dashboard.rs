//! The dashboard: overdue follow-ups first and impossible to miss, then what
//! is due this week, the latest visits, projects by status and a chart of
//! visits per month.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::store::views::{Dashboard, FollowUpLine};
use crate::ui::state::App;
use crate::ui::text::{fit, truncate, width as text_width};
use crate::ui::theme::Theme;
use crate::ui::view::pane_block;

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(d) = &app.dashboard else {
        frame.render_widget(Paragraph::new(Span::styled(" loading...", theme.dim)), area);
        return;
    };
    // One line at the foot about backups on another disk, when there is
    // something to say.
    let area = match &app.backup_notice {
        Some(notice) if area.height > 3 => {
            let [rest, foot] =
                Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
            let style = if notice.is_error {
                theme.error
            } else {
                theme.dim
            };
            let text = truncate(&format!(" {}", notice.text), usize::from(foot.width));
            frame.render_widget(Paragraph::new(Span::styled(text, style)), foot);
            rest
        }
        _ => area,
    };
    // The chart needs 36 cells for its twelve months.
    let split = if area.width < 100 { 50 } else { 55 };
    let [left, right] = Layout::horizontal([
        Constraint::Percentage(split),
        Constraint::Percentage(100 - split),
    ])
    .areas(area);
    // What is due this week takes the lines it needs (up to half); the
    // overdue list takes the rest.
    let soon_lines = usize::try_from(d.due_soon_total)
        .unwrap_or(usize::MAX)
        .max(1);
    let soon_height = u16::try_from(soon_lines + 2)
        .unwrap_or(u16::MAX)
        .clamp(3, (left.height / 2).max(3));
    let deliverables_height = super::dashboard_deliverables::height(d, left.height);
    let [overdue, deliverables, soon] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(deliverables_height),
        Constraint::Length(soon_height),
    ])
    .areas(left);
    // On a short screen the statuses go in two columns, so the chart keeps
    // room to show its scale.
    let tall = area.height >= 30;
    // Registrations take what the latest visits can spare (three of theirs stay).
    let spare = right.height.saturating_sub(if tall { 24 } else { 15 } + 5);
    let [visits, registrations, status, chart] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(super::dashboard_registrations::height(
            &d.registrations,
            spare,
        )),
        Constraint::Length(if tall { 12 } else { 7 }),
        Constraint::Length(if tall { 12 } else { 8 }),
    ])
    .areas(right);
    let mut cursor = 0usize;
    render_follow_ups(frame, overdue, app, d, true, &mut cursor, theme);
    super::dashboard_deliverables::render(frame, deliverables, app, d, &mut cursor, theme);
    render_follow_ups(frame, soon, app, d, false, &mut cursor, theme);
    render_visits(frame, visits, app, d, &mut cursor, theme);
    if registrations.height > 0 {
        super::dashboard_registrations::render(frame, registrations, &d.registrations, theme);
    }
    render_status(frame, status, d, theme);
    render_chart(frame, chart, d, theme);
}

/// Which rows of a section to show so that the cursor (if it is in the
/// section) stays in view: the start of the window.
fn window_start(cursor_in_section: Option<usize>, rows: usize) -> usize {
    cursor_in_section.map_or(0, |c| (c + 1).saturating_sub(rows))
}

/// What a follow-up belongs to: its project, else the contact it is about.
fn belongs_to(f: &FollowUpLine) -> String {
    match (&f.project, &f.contact) {
        (Some(project), _) => project.clone(),
        (None, Some(contact)) => format!("about {contact}"),
        (None, None) => String::new(),
    }
}

/// One follow-up row: due date, what, what it belongs to, and (when there is
/// room) who must act.
fn follow_up_row(f: &FollowUpLine, width: usize, belongs_cells: usize) -> String {
    let due = f
        .due
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let owner_cells = if width >= 70 { 17 } else { 0 };
    let text_cells = width.saturating_sub(11 + belongs_cells + 1 + owner_cells + 1);
    let mut row = format!(
        "{} {} {}",
        fit(&due, 10),
        fit(&f.text, text_cells),
        fit(&belongs_to(f), belongs_cells)
    );
    if owner_cells > 0 {
        row.push(' ');
        row.push_str(&truncate(f.owner.as_deref().unwrap_or("me"), owner_cells));
    }
    truncate(&row, width)
}

fn render_follow_ups(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    d: &Dashboard,
    overdue: bool,
    cursor: &mut usize,
    theme: &Theme,
) {
    let (items, total, title) = if overdue {
        (
            &d.overdue,
            d.overdue_total,
            format!("OVERDUE follow-ups: {}, newest first", d.overdue_total),
        )
    } else {
        (
            &d.due_soon,
            d.due_soon_total,
            format!("Due in the next 7 days: {}", d.due_soon_total),
        )
    };
    let mut block = pane_block(title, false, theme);
    if overdue && !items.is_empty() {
        block = block.border_style(theme.overdue).title_style(theme.overdue);
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let first = *cursor;
    *cursor += items.len();
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    if items.is_empty() {
        let text = if overdue {
            "Nothing overdue."
        } else {
            "Nothing due this week."
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim)), inner);
        return;
    }
    // Never cut silently: when not every row fits, the last line counts
    // the ones not shown.
    let total = usize::try_from(total)
        .unwrap_or(usize::MAX)
        .max(items.len());
    let rows = if total > height {
        height.saturating_sub(1)
    } else {
        height
    };
    let in_section = app
        .dashboard_cursor
        .checked_sub(first)
        .filter(|c| *c < items.len());
    let start = window_start(in_section, rows);
    // The project column as wide as its longest entry (reference codes are
    // never cut where it can be helped), at most two fifths of the row.
    let belongs_cells = items
        .iter()
        .skip(start)
        .take(rows)
        .map(|f| text_width(&belongs_to(f)))
        .max()
        .unwrap_or(0)
        .min(width * 2 / 5);
    let mut lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(i, f)| {
            let mut style = if overdue { theme.overdue } else { theme.base };
            if first + i == app.dashboard_cursor {
                style = style.patch(theme.selected);
            }
            Line::from(Span::styled(follow_up_row(f, width, belongs_cells), style))
        })
        .collect();
    let shown = lines.len();
    if shown < total && height > 0 {
        let text = format!("and {} more (of {total})", total - shown);
        lines.push(Line::from(Span::styled(truncate(&text, width), theme.dim)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_visits(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    d: &Dashboard,
    cursor: &mut usize,
    theme: &Theme,
) {
    let block = pane_block("Latest visits".into(), false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = d
        .latest_visits
        .iter()
        .map(|v| {
            let mut style = theme.base;
            if *cursor == app.dashboard_cursor {
                style = style.patch(theme.selected);
            }
            *cursor += 1;
            let place_cells = width.saturating_sub(11) / 2;
            let text = format!(
                "{} {} {}",
                v.date.format("%Y-%m-%d"),
                fit(&v.place, place_cells),
                v.project
            );
            Line::from(Span::styled(truncate(&text, width), style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_status(frame: &mut Frame, area: Rect, d: &Dashboard, theme: &Theme) {
    let block = pane_block("Projects by status".into(), false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let max = d
        .projects_by_status
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1);
    let statuses = &d.projects_by_status;
    if usize::from(inner.height) < statuses.len() {
        // Two columns of "label count", no bars.
        let half = usize::from(inner.width) / 2;
        let rows = statuses.len().div_ceil(2);
        let cell = |i: usize| {
            statuses.get(i).map_or(String::new(), |(status, n)| {
                let label = fit(status.label(), half.saturating_sub(7));
                fit(&format!("{label}{n:>6}"), half)
            })
        };
        let lines: Vec<Line> = (0..rows)
            .map(|row| Line::from(Span::styled(cell(row) + &cell(row + rows), theme.base)))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let bar_cells = usize::from(inner.width).saturating_sub(14 + 7);
    let lines: Vec<Line> = d
        .projects_by_status
        .iter()
        .map(|(status, n)| {
            let filled = (*n as usize * bar_cells)
                .div_ceil(max as usize)
                .min(bar_cells);
            Line::from(vec![
                Span::styled(fit(status.label(), 13), theme.base),
                Span::styled(format!("{n:>6} "), theme.key),
                Span::styled("#".repeat(filled), theme.bar),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A count in at most `cells` cells: 1234 becomes "1k" where it must.
fn count_label(n: i64, cells: usize) -> String {
    let plain = n.to_string();
    if plain.len() <= cells {
        return plain;
    }
    let thousands = format!("{}k", n / 1000);
    if thousands.len() <= cells {
        thousands
    } else {
        "+".repeat(cells.min(1))
    }
}

/// Rows of bar for `n` out of `max` in `rows` rows: at least one for any
/// visit, so a month with visits never looks empty.
fn bar_height(n: i64, max: i64, rows: usize) -> usize {
    if n <= 0 || max <= 0 {
        return 0;
    }
    let scaled = (n as u64).saturating_mul(rows as u64).div_ceil(max as u64);
    usize::try_from(scaled).unwrap_or(rows).clamp(1, rows)
}

/// Twelve months as bars one cell wide (ASCII, never the ambiguous-width
/// block elements), scaled to the busiest month, each with its count
/// written plainly under it and the month number below.
fn render_chart(frame: &mut Frame, area: Rect, d: &Dashboard, theme: &Theme) {
    let max = d
        .visits_per_month
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0);
    let block = pane_block(format!("Visits per month (busiest: {max})"), false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let slot = (usize::from(inner.width) / 12).clamp(3, 6);
    let cells = slot - 1;
    let bar_rows = usize::from(inner.height).saturating_sub(2);
    let months = &d.visits_per_month;
    let column = |text: &str| format!("{text:>cells$} ");
    let mut lines: Vec<Line> = (0..bar_rows)
        .map(|row| {
            let level = bar_rows - row;
            let text: String = months
                .iter()
                .map(|(_, n)| {
                    let mark = if bar_height(*n, max, bar_rows) >= level {
                        "#"
                    } else {
                        ""
                    };
                    column(mark)
                })
                .collect();
            Line::from(Span::styled(text, theme.bar))
        })
        .collect();
    let counts: String = months
        .iter()
        .map(|(_, n)| column(&count_label(*n, cells)))
        .collect();
    lines.push(Line::from(Span::styled(counts, theme.key)));
    let names: String = months
        .iter()
        .map(|(m, _)| column(&m.format("%m").to_string()))
        .collect();
    lines.push(Line::from(Span::styled(names, theme.dim)));
    frame.render_widget(Paragraph::new(lines), inner);
}
