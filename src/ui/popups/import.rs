//! Importing from the UI: the file's path, then what would happen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::centered;
use crate::ui::state::PlannedImport;
use crate::ui::text::truncate;
use crate::ui::view::{ViewContext, pane_block};

pub fn render_path(frame: &mut Frame, area: Rect, input: &str, cx: &ViewContext) {
    let popup = centered(area, 76, 5);
    frame.render_widget(Clear, popup);
    let room = usize::from(popup.width.saturating_sub(6));
    let lines = vec![
        Line::from(Span::styled(
            "File to import: .vcf, .csv (Google, Outlook) or a fieldbook .json export",
            cx.theme.dim,
        )),
        Line::from(vec![
            Span::styled("> ", cx.theme.key),
            Span::styled(truncate(input, room), cx.theme.title),
            Span::styled("_", cx.theme.key),
        ]),
    ];
    let block = pane_block(
        "Import (enter reads it; nothing is written yet)".into(),
        true,
        cx.theme,
    );
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

pub fn render_preview(
    frame: &mut Frame,
    area: Rect,
    planned: Option<&PlannedImport>,
    scroll: u16,
    cx: &ViewContext,
) {
    let Some(planned) = planned else { return };
    let height = area.height.saturating_sub(4).max(3);
    let popup = centered(area, area.width.saturating_sub(8).clamp(20, 110), height);
    frame.render_widget(Clear, popup);
    let room = usize::from(popup.width.saturating_sub(4));
    let mut lines: Vec<Line> = planned
        .preview
        .lines()
        .skip(usize::from(scroll))
        .map(|l| Line::from(Span::styled(truncate(l, room), cx.theme.base)))
        .collect();
    lines.push(Line::from(""));
    let question = if planned.plan.problems.is_empty() {
        "y: import, duplicates skipped   m: import, merging duplicates   n: cancel"
    } else {
        "Some records cannot be imported (listed above): y imports the rest   n: cancel"
    };
    lines.push(Line::from(Span::styled(
        truncate(question, room),
        cx.theme.key,
    )));
    let block = pane_block(
        format!("Import {}", truncate(&planned.name, room / 2)),
        true,
        cx.theme,
    );
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
