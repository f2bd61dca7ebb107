//! The note editor and the visit form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::centered;
use crate::ui::editor::{Editor, VisitField, VisitForm};
use crate::ui::form::{RecordForm, Value};
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
        Editor::Record(form) => render_form(frame, popup, form, cx),
    }
}

/// A record form: one line per field, `*` on required ones, the domain's
/// message beside a field it names, search hits under a link field.
fn render_form(frame: &mut Frame, popup: Rect, form: &RecordForm, cx: &ViewContext) {
    let title = format!(
        "{} (tab: next field, ctrl-s saves, esc closes)",
        form.title()
    );
    let block = pane_block(title, true, cx.theme);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let width = usize::from(inner.width);
    let value_cells = width.saturating_sub(17).min(48);
    let mut lines: Vec<Line> = Vec::new();
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let marker = if focused { ">" } else { " " };
        let star = if field.required { "*" } else { " " };
        let mut value = clean(&field.display());
        if focused {
            match &field.value {
                Value::Link { .. } | Value::Links { .. } => {
                    value = format!(
                        "{value}{}{}_",
                        if value.is_empty() { "" } else { " <- " },
                        clean(&form.picker.query)
                    );
                }
                Value::Choice { .. } => value = format!("< {value} >"),
                Value::Text(_) => value.push('_'),
            }
        }
        let mut spans = vec![
            Span::styled(
                format!("{marker}{star}{} ", fit(&field.label, 14)),
                if focused { cx.theme.key } else { cx.theme.dim },
            ),
            Span::styled(fit(&value, value_cells), cx.theme.base),
        ];
        if let Some(message) = form.error_for(&field.key) {
            spans.push(Span::styled(
                format!(
                    " {}",
                    truncate(message, width.saturating_sub(value_cells + 17))
                ),
                cx.theme.error,
            ));
        }
        lines.push(Line::from(spans));
        if focused && matches!(field.value, Value::Link { .. } | Value::Links { .. }) {
            for (j, (_, name)) in form.picker.hits.iter().enumerate() {
                let style = if j == form.picker.cursor {
                    cx.theme.selected
                } else {
                    cx.theme.base
                };
                lines.push(Line::from(Span::styled(
                    format!("                  {}", truncate(name, value_cells)),
                    style,
                )));
            }
            if !form.picker.query.is_empty() && form.picker.hits.is_empty() {
                let hint = if matches!(
                    field.value,
                    Value::Link {
                        kind: crate::domain::RecordKind::Organization,
                        ..
                    }
                ) {
                    "                  no match: enter creates it"
                } else {
                    "                  no match"
                };
                lines.push(Line::from(Span::styled(hint, cx.theme.dim)));
            }
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "* required. Lists: comma-separated; phones and e-mails as label:value. Choices: left/right. Dates: YYYY-MM-DD, t, +3d, -1w, +2m.",
        cx.theme.dim,
    )));
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        inner,
    );
}

fn render_visit(frame: &mut Frame, popup: Rect, v: &VisitForm, cx: &ViewContext) {
    let title = if v.existing.is_some() {
        "Edit visit"
    } else {
        "Log a visit"
    };
    let block = pane_block(
        format!("{title} (tab: next field, ctrl-s saves, esc closes)"),
        true,
        cx.theme,
    );
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let follow_up_rows = 3 + v.follow_ups.len() as u16;
    // On a small screen the text boxes and the hints give way first: every
    // field's line must stay visible.
    let hint_rows = if v.picks().is_some() {
        1 + v.picker.hits.len() as u16
    } else {
        2
    };
    let [fields, text, issues_label, issues, follow_ups, hints] = Layout::vertical([
        Constraint::Length(6),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(follow_up_rows + 1),
        Constraint::Max(hint_rows),
    ])
    .areas(inner);
    let width = usize::from(inner.width);
    let row = |field: VisitField, value: String| {
        let focused = v.focus == field;
        let label_style = if focused { cx.theme.key } else { cx.theme.dim };
        let marker = if focused { ">" } else { " " };
        let cursor = if focused
            && !matches!(
                field,
                VisitField::Observations | VisitField::Issues | VisitField::Purpose
            ) {
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
    let purpose = if v.focus == VisitField::Purpose {
        format!("< {} >", v.purpose.label())
    } else {
        v.purpose.label().to_string()
    };
    let lines = vec![
        row(VisitField::Date, clean(&v.date)),
        row(VisitField::Purpose, purpose),
        row(VisitField::Project, picking(VisitField::Project, project)),
        row(VisitField::Place, clean(&v.place)),
        row(
            VisitField::Participants,
            picking(VisitField::Participants, people.join(", ")),
        ),
        row(VisitField::Observations, String::new()),
    ];
    frame.render_widget(Paragraph::new(lines), fields);
    frame.render_widget(&v.observations, text);
    frame.render_widget(
        Paragraph::new(row(VisitField::Issues, String::new())),
        issues_label,
    );
    frame.render_widget(&v.issues, issues);
    let mut rows: Vec<Line> = v
        .follow_ups
        .iter()
        .map(|f| {
            let owner = f
                .owner
                .as_ref()
                .map(|(_, n)| clean(n))
                .unwrap_or_else(|| "me".into());
            Line::from(Span::styled(
                truncate(
                    &format!("  + {} ({owner}, {})", clean(&f.text), clean(&f.due)),
                    width,
                ),
                cx.theme.base,
            ))
        })
        .collect();
    let owner = v
        .next_follow_up
        .owner
        .as_ref()
        .map(|(_, n)| clean(n))
        .unwrap_or_default();
    rows.push(row(VisitField::FollowUp, clean(&v.next_follow_up.text)));
    rows.push(row(
        VisitField::FollowUpOwner,
        picking(VisitField::FollowUpOwner, owner),
    ));
    rows.push(row(VisitField::FollowUpDue, clean(&v.next_follow_up.due)));
    frame.render_widget(Paragraph::new(rows), follow_ups);
    let mut help: Vec<Line> = Vec::new();
    if v.picks().is_some() {
        if v.picker.query.trim().is_empty() {
            help.push(Line::from(Span::styled(
                "  type a name, enter picks it",
                cx.theme.dim,
            )));
        }
        for (i, (_, title)) in v.picker.hits.iter().enumerate() {
            let style = if i == v.picker.cursor {
                cx.theme.selected
            } else {
                cx.theme.base
            };
            help.push(Line::from(Span::styled(
                format!("  {}", truncate(title, width.saturating_sub(4))),
                style,
            )));
        }
    } else if matches!(v.focus, VisitField::Date | VisitField::FollowUpDue) {
        let extra = if v.focus == VisitField::FollowUpDue {
            "; enter adds the follow-up"
        } else {
            ""
        };
        help.push(Line::from(Span::styled(
            format!("  YYYY-MM-DD, or t today, y yesterday, +3d, -1w, +2m{extra}"),
            cx.theme.dim,
        )));
    } else if v.focus == VisitField::Purpose {
        help.push(Line::from(Span::styled(
            "  left/right to choose",
            cx.theme.dim,
        )));
    }
    if let Some(e) = &v.error {
        help.push(Line::from(Span::styled(truncate(e, width), cx.theme.error)));
    }
    frame.render_widget(Paragraph::new(help), hints);
}
