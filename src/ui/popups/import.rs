//! Importing from the UI: the file's path, then what would happen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::centered;
use crate::exchange::csv_in::MAP_FIELDS;
use crate::ui::state::{ImportMap, PlannedImport};
use crate::ui::text::truncate;
use crate::ui::view::{ViewContext, pane_block};

pub fn render_path(frame: &mut Frame, area: Rect, input: &str, cx: &ViewContext) {
    super::prompt(
        frame,
        area,
        76,
        "Import (enter reads it; nothing is written yet)".into(),
        "File to import: .vcf, .csv (Google, Outlook) or a fieldbook .json export",
        input,
        cx,
    );
}

pub fn render_preview(
    frame: &mut Frame,
    area: Rect,
    planned: Option<&PlannedImport>,
    cursor: usize,
    cx: &ViewContext,
) {
    let Some(planned) = planned else { return };
    let height = area.height.saturating_sub(4).max(3);
    let popup = centered(area, area.width.saturating_sub(8).clamp(20, 110), height);
    frame.render_widget(Clear, popup);
    let room = usize::from(popup.width.saturating_sub(4));
    // Duplicate lines are the indented "    place: 'name' = ..." ones after
    // the "likely duplicates" heading; the cursor picks one of them.
    let lines: Vec<&str> = planned.preview.lines().collect();
    let first_duplicate = lines
        .iter()
        .position(|l| l.trim_start().starts_with("likely duplicates"))
        .map(|i| i + 1);
    let selected = first_duplicate.map(|i| i + cursor);
    let visible = usize::from(popup.height.saturating_sub(4)).max(1);
    let skip = selected.map_or(0, |s| s.saturating_sub(visible.saturating_sub(1)));
    let mut shown: Vec<Line> = lines
        .iter()
        .enumerate()
        .skip(skip)
        .map(|(i, l)| {
            let style = if Some(i) == selected {
                cx.theme.selected
            } else {
                cx.theme.base
            };
            Line::from(Span::styled(truncate(l, room), style))
        })
        .collect();
    shown.truncate(visible);
    shown.push(Line::from(""));
    let question = if planned.plan.problems.is_empty() {
        "y: import as shown   space: skip / merge / create the selected duplicate   m: merge all   n: cancel"
    } else {
        "Some records cannot be imported (listed above): y imports the rest   n: cancel"
    };
    shown.push(Line::from(Span::styled(
        truncate(question, room),
        cx.theme.key,
    )));
    let block = pane_block(
        format!("Import {}", truncate(&planned.name, room / 2)),
        true,
        cx.theme,
    );
    frame.render_widget(Paragraph::new(shown).block(block), popup);
}

pub fn render_map(
    frame: &mut Frame,
    area: Rect,
    map: Option<&ImportMap>,
    cursor: usize,
    cx: &ViewContext,
) {
    let Some(map) = map else { return };
    let height = (map.columns.len() as u16 + 5).min(area.height.saturating_sub(2));
    let popup = centered(area, area.width.saturating_sub(8).clamp(20, 90), height);
    frame.render_widget(Clear, popup);
    let room = usize::from(popup.width.saturating_sub(4));
    let visible = usize::from(popup.height.saturating_sub(5)).max(1);
    let skip = cursor.saturating_sub(visible.saturating_sub(1));
    let mut lines = vec![Line::from(Span::styled(
        truncate(
            "Which field does each column fill? (space changes it)",
            room,
        ),
        cx.theme.dim,
    ))];
    for (i, (column, field)) in map.columns.iter().enumerate().skip(skip).take(visible) {
        let (name, what) = MAP_FIELDS[*field];
        let style = if i == cursor {
            cx.theme.selected
        } else {
            cx.theme.base
        };
        let text = format!("{:<24} -> {name} ({what})", truncate(column, 24));
        lines.push(Line::from(Span::styled(truncate(&text, room), style)));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        truncate(
            "enter: read the file with these columns   esc: cancel",
            room,
        ),
        cx.theme.key,
    )));
    let block = pane_block("Import: name the CSV's columns".into(), true, cx.theme);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
