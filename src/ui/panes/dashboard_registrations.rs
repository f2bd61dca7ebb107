//! The dashboard's registrations section: papers lapsed while a project
//! that depends on them still runs (first, in the overdue colour), then
//! those expiring in the next 90 days. Shown only when there is one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::store::views::{RegistrationLine, RegistrationWatch};
use crate::ui::text::truncate;
use crate::ui::theme::Theme;
use crate::ui::view::pane_block;

/// The rows the section takes of `room` (0: nothing to show, or no room
/// for a line of it: no section).
pub fn height(w: &RegistrationWatch, room: u16) -> u16 {
    let rows = w.expired_running.len() + w.expiring.len();
    let wanted = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(8).min(room);
    if rows == 0 || wanted < 3 { 0 } else { wanted }
}

/// `2027-01-31 NGO registration OP.218/051 PLAS`
fn row(l: &RegistrationLine, lapsed: bool) -> String {
    let r = &l.registration;
    let date = r
        .expires_on
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let mut text = format!("{date} {} - {}", r.title(), l.holder);
    if lapsed
        && let Some(project) = &l.project
        && *project != l.holder
    {
        text.push_str(&format!(" (running: {project})"));
    }
    text
}

pub fn render(frame: &mut Frame, area: Rect, w: &RegistrationWatch, theme: &Theme) {
    let title = format!(
        "Registrations: {} lapsed, {} expire in 90 days",
        w.expired_running_total, w.expiring_total
    );
    let mut block = pane_block(title, false, theme);
    if !w.expired_running.is_empty() {
        block = block.border_style(theme.overdue).title_style(theme.overdue);
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    let total = usize::try_from(w.expired_running_total + w.expiring_total).unwrap_or(0);
    let mut lines: Vec<Line> = w
        .expired_running
        .iter()
        .map(|l| (l, true))
        .chain(w.expiring.iter().map(|l| (l, false)))
        .map(|(l, lapsed)| {
            let style = if lapsed { theme.overdue } else { theme.base };
            Line::from(Span::styled(truncate(&row(l, lapsed), width), style))
        })
        .collect();
    // Never cut silently: the last line counts what is not shown.
    if lines.len() > height {
        lines.truncate(height.saturating_sub(1));
        let more = format!(
            "and {} more (fieldbook registrations --expiring-within 90)",
            total - lines.len()
        );
        lines.push(Line::from(Span::styled(truncate(&more, width), theme.dim)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
