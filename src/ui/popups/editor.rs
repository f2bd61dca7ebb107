//! The note editor and the visit form.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::centered;
use crate::ui::action::Action;
use crate::ui::editor::{Editor, VisitField, VisitForm};
use crate::ui::form::render::{beside, candidates, options, render_form};
use crate::ui::keymap::Context;
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
                "Note on {} ({})",
                clean(&n.target_title),
                editor_keys(cx, false)
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
        Editor::Visit(v) => render_visit(frame, popup, v, app.today, cx),
        Editor::Record(form) => render_form(frame, popup, form, cx),
    }
}

/// The editor's main keys as bound now: "tab: next field, ctrl-s saves,
/// esc closes" (without the first part where there is one field).
pub fn editor_keys(cx: &ViewContext, fields: bool) -> String {
    let key = |action| cx.keymap.key_for(action, &[Context::Editor]);
    let save_close = format!("{} saves, {} closes", key(Action::Save), key(Action::Close));
    if fields {
        format!("{}: next field, {save_close}", key(Action::NextPane))
    } else {
        save_close
    }
}

/// Cells before a visit field's value: marker, label, space.
const VISIT_LABEL: usize = 15;

fn render_visit(frame: &mut Frame, popup: Rect, v: &VisitForm, today: NaiveDate, cx: &ViewContext) {
    let title = if v.existing.is_some() {
        "Edit visit"
    } else {
        "Log a visit"
    };
    let block = pane_block(
        format!("{title} ({})", editor_keys(cx, true)),
        true,
        cx.theme,
    );
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let width = usize::from(inner.width);
    let row = |field: VisitField, value: String| visit_row(v, field, value, width, cx);
    let picking = |field: VisitField, chosen: String| {
        if v.focus == field {
            format!(
                "{chosen}{}{}",
                if chosen.is_empty() { "" } else { " + " },
                clean(&v.picker.query)
            )
        } else {
            chosen
        }
    };
    let people: Vec<String> = v.participants.iter().map(|p| clean(&v.person(p))).collect();
    let project = v
        .project
        .as_ref()
        .map(|(_, t)| clean(t))
        .unwrap_or_default();
    let purpose = match (v.focus == VisitField::Purpose, &v.choosing) {
        (true, None) => format!("{}  (type or down: choose)", v.purpose.label()),
        _ => v.purpose.label().to_string(),
    };
    // The day a short date means, shown while the field is not being typed in.
    let date = if v.focus == VisitField::Date {
        clean(&v.date)
    } else {
        clean(&crate::ui::visit_form::resolved(&v.date, today))
    };
    // Each field's first line, to open its list right under it.
    let mut anchors: Vec<(VisitField, usize)> = Vec::new();
    let mut top: Vec<Line> = Vec::new();
    for (field, value) in [
        (VisitField::Date, date),
        (VisitField::Purpose, purpose),
        (VisitField::Project, picking(VisitField::Project, project)),
        (VisitField::Place, clean(&v.place)),
        (
            VisitField::Participants,
            picking(VisitField::Participants, people.join(", ")),
        ),
        (VisitField::Observations, String::new()),
    ] {
        anchors.push((field, top.len()));
        top.extend(row(field, value));
    }
    let issues_label = row(VisitField::Issues, String::new());
    let mut follow: Vec<Line> = v
        .follow_ups
        .iter()
        .map(|f| {
            let owner = f
                .owner
                .as_ref()
                .map(|o| clean(&v.person(o)))
                .unwrap_or_else(|| "me".into());
            Line::from(Span::styled(
                truncate(
                    &format!(
                        "  + {} ({owner}, by {})",
                        clean(&f.text),
                        clean(&f.resolved_due(today))
                    ),
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
        .map(|o| clean(&v.person(o)))
        .unwrap_or_default();
    follow.extend(row(VisitField::FollowUp, clean(&v.next_follow_up.text)));
    anchors.push((VisitField::FollowUpOwner, follow.len()));
    follow.extend(row(
        VisitField::FollowUpOwner,
        picking(VisitField::FollowUpOwner, owner),
    ));
    let due = if v.focus == VisitField::FollowUpDue {
        clean(&v.next_follow_up.due)
    } else {
        clean(&v.next_follow_up.resolved_due(today))
    };
    follow.extend(row(VisitField::FollowUpDue, due));
    let hints = visit_hints(v, today, width, cx);
    // The open list goes right under its field, pushing the text boxes
    // down (they give way first: every field's line stays visible).
    let fixed = top.len() + issues_label.len() + follow.len() + 1;
    let room = usize::from(inner.height).saturating_sub(fixed);
    let list = open_list(v, width, cx);
    let list = list_window(list, list_cursor(v), room);
    if let Some((field, line)) = anchors.iter().find(|(f, _)| *f == v.focus) {
        let lines = if *field == VisitField::FollowUpOwner {
            &mut follow
        } else {
            &mut top
        };
        let at = (line + 1).min(lines.len());
        lines.splice(at..at, list);
    }
    let [fields, text, issues_at, issues, follow_ups, hint_area] = Layout::vertical([
        Constraint::Length(top.len() as u16),
        Constraint::Fill(1),
        Constraint::Length(issues_label.len() as u16),
        Constraint::Fill(1),
        Constraint::Length(follow.len() as u16 + 1),
        Constraint::Max(hints.len() as u16),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(top), fields);
    frame.render_widget(&v.observations, text);
    frame.render_widget(Paragraph::new(issues_label), issues_at);
    frame.render_widget(&v.issues, issues);
    frame.render_widget(Paragraph::new(follow), follow_ups);
    frame.render_widget(Paragraph::new(hints), hint_area);
}

/// The highlighted line of the open list.
fn list_cursor(v: &VisitForm) -> usize {
    match &v.choosing {
        Some(list) if v.focus == VisitField::Purpose => list.cursor,
        _ => v.picker.cursor,
    }
}

/// At most `room` lines of a list, the highlighted one among them.
fn list_window(list: Vec<Line<'static>>, cursor: usize, room: usize) -> Vec<Line<'static>> {
    if list.len() <= room {
        return list;
    }
    let start = (cursor + 1).saturating_sub(room);
    list.into_iter().skip(start).take(room).collect()
}

/// A field's line: marker, label, value, and the form's message wrapped
/// beside it when the message is about this field.
fn visit_row(
    v: &VisitForm,
    field: VisitField,
    value: String,
    width: usize,
    cx: &ViewContext,
) -> Vec<Line<'static>> {
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
    let message = match &v.error {
        Some(e) if v.error_field() == field => e.as_str(),
        _ => "",
    };
    let value_cells = if message.is_empty() {
        width.saturating_sub(VISIT_LABEL)
    } else {
        width.saturating_sub(VISIT_LABEL).min(40)
    };
    let spans = vec![
        Span::styled(format!("{marker}{} ", fit(field.label(), 13)), label_style),
        Span::styled(fit(&format!("{value}{cursor}"), value_cells), cx.theme.base),
    ];
    beside(
        spans,
        message,
        VISIT_LABEL + value_cells + 1,
        width,
        cx.theme.error,
    )
}

/// The list under the focused field: search hits (with who is who) or the
/// purposes.
fn open_list(v: &VisitForm, width: usize, cx: &ViewContext) -> Vec<Line<'static>> {
    if let Some(kind) = v.picks() {
        return candidates(&v.picker, kind, width, cx.theme);
    }
    match (&v.choosing, v.focus) {
        (Some(list), VisitField::Purpose) => options(
            list,
            &crate::ui::visit_form::purpose_labels(),
            width,
            cx.theme,
        ),
        _ => Vec::new(),
    }
}

fn visit_hints(
    v: &VisitForm,
    today: NaiveDate,
    width: usize,
    cx: &ViewContext,
) -> Vec<Line<'static>> {
    let hint = |text: String| Line::from(Span::styled(truncate(&text, width), cx.theme.dim));
    if v.picks().is_some() && v.picker.query.trim().is_empty() {
        return vec![hint(
            "  type a name, enter picks it (up/down choose)".into(),
        )];
    }
    match v.focus {
        VisitField::Date => vec![hint(format!(
            "  YYYY-MM-DD, or t today, y yesterday, +3d, -1w, +2m{}",
            crate::domain::date::parse_date(&v.date, today)
                .map(|d| format!(" (now {})", d.format("%a %Y-%m-%d")))
                .unwrap_or_default()
        ))],
        VisitField::FollowUpDue => vec![hint(format!(
            "  {}; enter adds the follow-up",
            clean(&v.next_follow_up.resolved_due(today))
        ))],
        _ => Vec::new(),
    }
}
