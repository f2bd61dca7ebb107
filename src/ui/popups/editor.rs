//! The note editor and the visit form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::centered;
use crate::ui::editor::{Editor, VisitField, VisitForm};
use crate::ui::state::App;
use crate::ui::text::{clean, fit, truncate};
use crate::ui::view::{ViewContext, pane_block};

pub fn render(frame: &mut Frame, area: Rect, app: &App, cx: &ViewContext) {
    let Some(editor) = &app.editor else { return };
    let popup = centered(area, 96, area.height.saturating_sub(2));
    frame.render_widget(Clear, popup);
    match editor {
        Editor::Note(n) => {
            let title = format!(
                "Note on {} (ctrl-s saves, esc closes)",
                clean(&n.target_title)
            );
            let block = pane_block(
                truncate(&title, usize::from(popup.width.saturating_sub(6))),
                true,
                cx.theme,
            );
            let inner = block.inner(popup);
            frame.render_widget(block, popup);
            frame.render_widget(&n.text, inner);
        }
        Editor::Visit(v) => render_visit(frame, popup, v, cx),
    }
}

fn render_visit(frame: &mut Frame, popup: Rect, v: &VisitForm, cx: &ViewContext) {
    let block = pane_block(
        "Log a visit (tab: next field, ctrl-s saves, esc closes)".into(),
        true,
        cx.theme,
    );
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [fields, picker, text] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Length(9),
        Constraint::Min(3),
    ])
    .areas(inner);
    let width = usize::from(inner.width);
    let row = |field: VisitField, value: String| {
        let focused = v.focus == field;
        let label_style = if focused { cx.theme.key } else { cx.theme.dim };
        let marker = if focused { ">" } else { " " };
        let cursor = if focused && field != VisitField::Observations {
            "_"
        } else {
            ""
        };
        Line::from(vec![
            Span::styled(format!("{marker}{} ", fit(field.label(), 13)), label_style),
            Span::styled(
                truncate(&format!("{value}{cursor}"), width.saturating_sub(15)),
                cx.theme.base,
            ),
        ])
    };
    let picking = |field: VisitField, chosen: String| {
        if v.focus == field {
            format!(
                "{chosen}{}{}",
                if chosen.is_empty() { "" } else { " + " },
                v.picker.query
            )
        } else {
            chosen
        }
    };
    let people: Vec<String> = v.participants.iter().map(|(_, n)| clean(n)).collect();
    let project = v
        .project
        .as_ref()
        .map(|(_, t)| clean(t))
        .unwrap_or_default();
    let lines = vec![
        row(VisitField::Date, clean(&v.date)),
        row(VisitField::Project, picking(VisitField::Project, project)),
        row(VisitField::Place, clean(&v.place)),
        row(
            VisitField::Participants,
            picking(VisitField::Participants, people.join(", ")),
        ),
        row(VisitField::Observations, String::new()),
    ];
    frame.render_widget(Paragraph::new(lines), fields);
    let mut hints: Vec<Line> = Vec::new();
    if v.picks().is_some() {
        if v.picker.query.trim().is_empty() {
            hints.push(Line::from(Span::styled(
                "  type a name, enter adds it",
                cx.theme.dim,
            )));
        }
        for (i, (_, title)) in v.picker.hits.iter().enumerate() {
            let style = if i == v.picker.cursor {
                cx.theme.selected
            } else {
                cx.theme.base
            };
            hints.push(Line::from(Span::styled(
                format!("  {}", truncate(title, width.saturating_sub(4))),
                style,
            )));
        }
    } else if v.focus == VisitField::Date {
        hints.push(Line::from(Span::styled(
            "  YYYY-MM-DD, or t today, y yesterday, -3d, -1w",
            cx.theme.dim,
        )));
    }
    if let Some(e) = &v.error {
        hints.push(Line::from(Span::styled(truncate(e, width), cx.theme.error)));
    }
    frame.render_widget(Paragraph::new(hints), picker);
    frame.render_widget(&v.observations, text);
}
