//! The global search: a box to type in, results grouped by kind with the
//! matching part highlighted. Results of an older query are never shown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::RecordKind;
use crate::store::search::SearchHit;
use crate::ui::screens::centered;
use crate::ui::screens::search::SearchState;
use crate::ui::text::{highlight_range, truncate, width};
use crate::ui::view::{ViewContext, pane_block};

fn heading(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Contact => "Contacts",
        RecordKind::Organization => "Organizations",
        RecordKind::Project => "Projects",
        RecordKind::Visit => "Visits",
        RecordKind::Note => "Notes",
        RecordKind::FollowUp => "Follow-ups",
        RecordKind::Event => "Events",
        RecordKind::Deliverable => "Deliverables",

        RecordKind::Registration => "Registrations",
        RecordKind::Attachment => "Attachments",
        RecordKind::Consultation => "Consultations",
    }
}

/// The order of the groups of results: every kind the search returns.
pub const KIND_ORDER: [RecordKind; 11] = [
    RecordKind::Contact,
    RecordKind::Organization,
    RecordKind::Project,
    RecordKind::Visit,
    RecordKind::FollowUp,
    RecordKind::Note,
    RecordKind::Event,
    RecordKind::Deliverable,
    RecordKind::Registration,
    RecordKind::Attachment,
    RecordKind::Consultation,
];

pub fn render(frame: &mut Frame, area: Rect, search: &SearchState, cx: &ViewContext) {
    let popup = centered(area, 90, area.height.saturating_sub(2));
    frame.render_widget(Clear, popup);
    let waiting = search.answered != search.generation;
    let title = if waiting {
        "Search (searching...)".to_string()
    } else {
        format!("Search: {} found", search.hits.len())
    };
    let block = pane_block(title, true, cx.theme);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let width_cells = usize::from(inner.width);
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", cx.theme.key),
        Span::styled(
            truncate(&search.input, width_cells.saturating_sub(3)),
            cx.theme.title,
        ),
        Span::styled("_", cx.theme.key),
    ])];
    if search.input.trim().is_empty() {
        lines.push(Line::from(Span::styled(
            "Type a name in any script, a phone number, an e-mail, a place; notes from 3 letters.",
            cx.theme.dim,
        )));
    } else if search.hits.is_empty() && !waiting {
        lines.push(Line::from(Span::styled("Nothing found.", cx.theme.dim)));
    }
    // Every hit is drawn, in the order `update` keeps them (grouped by
    // kind), with a heading where the kind changes: row i is hit i, so the
    // highlighted row is the one Enter opens.
    let mut cursor_line = 0usize;
    let mut last_kind = None;
    for (index, hit) in search.hits.iter().enumerate() {
        if last_kind != Some(hit.kind) {
            last_kind = Some(hit.kind);
            lines.push(Line::from(Span::styled(
                heading(hit.kind),
                cx.theme.heading,
            )));
        }
        let selected = index == search.cursor;
        if selected {
            cursor_line = lines.len();
        }
        let who = search.who.get(&hit.id).map(String::as_str);
        lines.push(hit_line(hit, who, selected, &search.input, width_cells, cx));
    }
    let height = usize::from(inner.height);
    let scroll = cursor_line.saturating_sub(height.saturating_sub(1));
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

/// One result: its title with the matching part marked, who the person is
/// (organization, role, city: two of the same name are told apart), and
/// the field matched.
fn hit_line(
    hit: &SearchHit,
    who: Option<&str>,
    selected: bool,
    query: &str,
    width_cells: usize,
    cx: &ViewContext,
) -> Line<'static> {
    let field = format!("  [{}]", hit.field);
    let room = width_cells.saturating_sub(2 + width(&field));
    let title = truncate(&hit.title, room);
    // Who-is-who takes what the title leaves, cut from its end (the
    // organization comes first and matters most).
    let who = who
        .map(|w| truncate(&format!("  {w}"), room.saturating_sub(width(&title))))
        .filter(|w| w.trim().len() > 1);
    let base = if selected {
        cx.theme.selected
    } else {
        cx.theme.base
    };
    let mut spans = vec![Span::styled("  ", base)];
    match highlight_range(&title, query) {
        Some((a, b)) => {
            spans.push(Span::styled(title[..a].to_string(), base));
            spans.push(Span::styled(
                title[a..b].to_string(),
                base.patch(cx.theme.key).patch(cx.theme.link),
            ));
            spans.push(Span::styled(title[b..].to_string(), base));
        }
        None => spans.push(Span::styled(title, base)),
    }
    if let Some(who) = who {
        spans.push(Span::styled(who, base.patch(cx.theme.dim)));
    }
    spans.push(Span::styled(field, cx.theme.dim));
    Line::from(spans)
}
