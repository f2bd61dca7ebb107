//! Drawing a record form: one line per field, `*` on required ones, the
//! domain's message wrapped beside the field it names, and the open list
//! (search hits with who-is-who, or a choice's options) right under the
//! focused field. The form scrolls so the focused field and its list stay
//! in view on a small screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthChar;

use super::{RecordForm, Value};
use crate::domain::RecordKind;
use crate::ui::action::Action;
use crate::ui::editor::Picker;
use crate::ui::keymap::Context;
use crate::ui::text::{clean, fit, truncate, width};
use crate::ui::theme::Theme;
use crate::ui::view::{ViewContext, pane_block};

/// Cells before a field's value: marker, star, label, space.
const LABEL_CELLS: usize = 17;

pub fn render_form(frame: &mut Frame, popup: Rect, form: &RecordForm, cx: &ViewContext) {
    let title = format!(
        "{} ({})",
        form.title(),
        crate::ui::popups::editor::editor_keys(cx, true)
    );
    let block = pane_block(title, true, cx.theme);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let width = usize::from(inner.width);
    let value_cells = width.saturating_sub(LABEL_CELLS).min(48);
    let mut lines: Vec<Line> = Vec::new();
    // The lines of the focused field and its list, kept in view.
    let mut focus_lines = 0..0;
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let first = lines.len();
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
                Value::Choice { .. } if form.choosing.is_none() => {
                    value = format!("{value}  (type or down: choose)");
                }
                Value::Choice { .. } => {}
                Value::Text(_) => value.push('_'),
            }
        }
        let label = Span::styled(
            format!("{marker}{star}{} ", fit(&field.label, 14)),
            if focused { cx.theme.key } else { cx.theme.dim },
        );
        let value = Span::styled(fit(&value, value_cells), cx.theme.base);
        let message = form.error_for(&field.key).unwrap_or("");
        lines.extend(beside(
            vec![label, value],
            message,
            LABEL_CELLS + value_cells + 1,
            width,
            cx.theme.error,
        ));
        if focused {
            match &field.value {
                Value::Link { kind, .. } | Value::Links { kind, .. } => {
                    lines.extend(candidates(&form.picker, *kind, width, cx.theme))
                }
                Value::Choice { .. } => {
                    if let (Some(list), Some((labels, _))) = (&form.choosing, field.choice_labels())
                    {
                        lines.extend(options(list, &labels, width, cx.theme));
                    }
                }
                Value::Text(_) => {}
            }
            focus_lines = first..lines.len();
        }
    }
    lines.push(Line::from(""));
    let key = |action| cx.keymap.key_for(action, &[Context::Editor]);
    lines.push(Line::from(Span::styled(
        format!(
            "* required. Lists: comma-separated; phones and e-mails as label:value. Dates: YYYY-MM-DD, t, +3d, -1w, +2m. {} clears a field, {} brings it back.",
            key(Action::ClearInput),
            key(Action::Undo)
        ),
        cx.theme.dim,
    )));
    let height = usize::from(inner.height);
    // Scroll only as far as needed to show the whole focused block.
    let scroll = focus_lines
        .end
        .saturating_sub(height)
        .min(focus_lines.start);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .scroll((u16::try_from(scroll).unwrap_or(0), 0)),
        inner,
    );
}

/// A field's line, with its message wrapped in the column beside it (or
/// under it when the screen leaves less than 16 cells there).
pub(crate) fn beside(
    spans: Vec<Span<'static>>,
    message: &str,
    column: usize,
    width: usize,
    style: Style,
) -> Vec<Line<'static>> {
    if message.is_empty() {
        return vec![Line::from(spans)];
    }
    let room = width.saturating_sub(column + 1);
    if room < 16 {
        let indent = " ".repeat(LABEL_CELLS);
        let mut lines = vec![Line::from(spans)];
        for part in wrap(message, width.saturating_sub(LABEL_CELLS + 1)) {
            lines.push(Line::from(Span::styled(format!("{indent}{part}"), style)));
        }
        return lines;
    }
    let used: usize = spans.iter().map(|s| width_of(&s.content)).sum();
    let mut parts = wrap(message, room).into_iter();
    let mut first = spans;
    first.push(Span::raw(" ".repeat(column.saturating_sub(used) + 1)));
    first.push(Span::styled(parts.next().unwrap_or_default(), style));
    let mut lines = vec![Line::from(first)];
    for part in parts {
        lines.push(Line::from(Span::styled(
            format!("{}{part}", " ".repeat(column + 1)),
            style,
        )));
    }
    lines
}

fn width_of(s: &str) -> usize {
    width(s)
}

/// Words laid into lines of at most `cells` cells; a word wider than that
/// (unspaced Japanese, a long address) is cut between characters.
pub(crate) fn wrap(text: &str, cells: usize) -> Vec<String> {
    let cells = cells.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in clean(text).split_whitespace() {
        let w = width(word);
        if used > 0 && used + 1 + w <= cells {
            line.push(' ');
            line.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > cells && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The search hits of a link field, under it: the name, then who the
/// person is, so two of the same name are told apart.
pub(crate) fn candidates(
    picker: &Picker,
    kind: RecordKind,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let indent = " ".repeat(LABEL_CELLS);
    let room = width.saturating_sub(LABEL_CELLS);
    let mut lines = Vec::new();
    for i in 0..picker.hits.len() {
        let Some((name, who)) = picker.candidate(i) else {
            continue;
        };
        lines.push(candidate_line(
            &indent,
            &name,
            who,
            room,
            i == picker.cursor,
            theme,
        ));
    }
    if !picker.query.trim().is_empty() && picker.hits.is_empty() {
        let hint = match kind {
            RecordKind::Organization => "no match: enter creates it",
            RecordKind::Contact => "no match: enter adds them as a new contact",
            _ => "no match",
        };
        lines.push(Line::from(Span::styled(
            format!("{indent}{hint}"),
            theme.dim,
        )));
    }
    lines
}

/// One candidate: the name whole where it fits, who-is-who in the rest.
pub(crate) fn candidate_line(
    indent: &str,
    name: &str,
    who: Option<&str>,
    room: usize,
    selected: bool,
    theme: &Theme,
) -> Line<'static> {
    let style = if selected { theme.selected } else { theme.base };
    let name = truncate(name, room);
    let mut spans = vec![
        Span::raw(indent.to_string()),
        Span::styled(name.clone(), style),
    ];
    let left = room.saturating_sub(width(&name) + 3);
    if let Some(who) = who.filter(|_| left > 3) {
        spans.push(Span::styled("   ", style));
        spans.push(Span::styled(truncate(who, left), style.patch(theme.dim)));
    }
    Line::from(spans)
}

/// A choice's options the filter leaves, the highlighted one marked.
pub(crate) fn options(
    list: &super::ChoiceList,
    labels: &[String],
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let indent = " ".repeat(LABEL_CELLS);
    let room = width.saturating_sub(LABEL_CELLS);
    let shown = list.shown(labels);
    let mut lines: Vec<Line> = shown
        .iter()
        .enumerate()
        .map(|(pos, &i)| {
            let style = if pos == list.cursor {
                theme.selected
            } else {
                theme.base
            };
            Line::from(vec![
                Span::raw(indent.clone()),
                Span::styled(truncate(&labels[i], room), style),
            ])
        })
        .collect();
    let filter = if list.filter.is_empty() {
        "type to filter, enter takes, esc closes".to_string()
    } else {
        format!("filter: {}_", clean(&list.filter))
    };
    if shown.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("{indent}nothing matches '{}'", clean(&list.filter)),
            theme.dim,
        )));
    }
    lines.push(Line::from(Span::styled(
        format!("{indent}{}", truncate(&filter, room)),
        theme.dim,
    )));
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_words_and_unspaced_japanese() {
        assert_eq!(
            wrap("must be a date like 2026-11-28", 12),
            ["must be a", "date like", "2026-11-28"]
        );
        assert_eq!(
            wrap("土居健市さんへ連絡", 6),
            ["土居健", "市さん", "へ連絡"]
        );
    }
}
