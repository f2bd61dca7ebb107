//! The dashboard: overdue follow-ups first and impossible to miss, then what
//! is due this week, the latest visits, projects by status and a chart of
//! visits per month.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph};

use crate::store::views::Dashboard;
use crate::ui::state::App;
use crate::ui::text::{fit, truncate};
use crate::ui::theme::Theme;
use crate::ui::view::pane_block;

/// Bars in ASCII: the block elements (`▂▄█`) are ambiguous-width and break
/// the chart in Japanese-locale terminals.
const ASCII_BARS: symbols::bar::Set = symbols::bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "#",
    five_eighths: "#",
    half: "=",
    three_eighths: "=",
    one_quarter: "_",
    one_eighth: "_",
    empty: " ",
};

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
    let [overdue, soon] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(left);
    let [visits, status, chart] = Layout::vertical([
        Constraint::Percentage(40),
        Constraint::Length(12),
        Constraint::Min(6),
    ])
    .areas(right);
    let mut cursor = 0usize;
    render_follow_ups(frame, overdue, app, d, true, &mut cursor, theme);
    render_follow_ups(frame, soon, app, d, false, &mut cursor, theme);
    render_visits(frame, visits, app, d, &mut cursor, theme);
    render_status(frame, status, d, theme);
    render_chart(frame, chart, d, theme);
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
    let (items, title) = if overdue {
        let more = if d.overdue_total > d.overdue.len() as i64 {
            format!(", first {}", d.overdue.len())
        } else {
            String::new()
        };
        (
            &d.overdue,
            format!("OVERDUE follow-ups: {}{more}", d.overdue_total),
        )
    } else {
        (
            &d.due_soon,
            format!("Due in the next 7 days: {}", d.due_soon.len()),
        )
    };
    let mut block = pane_block(title, false, theme);
    if overdue && !items.is_empty() {
        block = block.border_style(theme.overdue).title_style(theme.overdue);
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let text_cells = width.saturating_sub(11 + 18);
    let mut lines = Vec::new();
    for f in items {
        let due = f
            .due
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let mut style = if overdue { theme.overdue } else { theme.base };
        if *cursor == app.dashboard_cursor {
            style = style.patch(theme.selected);
        }
        *cursor += 1;
        let line = format!(
            "{} {} {}",
            fit(&due, 10),
            fit(&f.text, text_cells),
            truncate(&f.owner, 17)
        );
        lines.push(Line::from(Span::styled(truncate(&line, width), style)));
    }
    if lines.is_empty() {
        let text = if overdue {
            "Nothing overdue."
        } else {
            "Nothing due this week."
        };
        lines.push(Line::from(Span::styled(text, theme.dim)));
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

fn render_chart(frame: &mut Frame, area: Rect, d: &Dashboard, theme: &Theme) {
    let block = pane_block("Visits per month".into(), false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Twelve bars with one cell between them; two cells at least, so the
    // month numbers under them stay readable.
    let bar_width = ((inner.width + 1) / 12).saturating_sub(1).clamp(2, 5);
    let bars: Vec<Bar> = d
        .visits_per_month
        .iter()
        .map(|(month, n)| {
            Bar::default()
                .value(*n as u64)
                .label(Line::from(month.format("%m").to_string()))
                .style(theme.bar)
                .value_style(theme.key.patch(theme.selected))
        })
        .collect();
    let chart = BarChart::default()
        .bar_set(ASCII_BARS)
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(1)
        .bar_style(theme.bar)
        .label_style(theme.dim);
    frame.render_widget(chart, inner);
}
