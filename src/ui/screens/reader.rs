//! The reader: one timeline entry (a note, a visit, a status change, a
//! follow-up) in full, over the whole screen but the footer, wrapped to the
//! width and scrolled with the keys of `Context::Reader`; `e` edits what can
//! be edited.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::RecordKind;
use crate::store::full_text::{Entry, FullText};
use crate::store::views::Link;
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::screens::{Outcome, Screen};
use crate::ui::state::{App, Pane, Tab};
use crate::ui::text::{fit, truncate, wrap};
use crate::ui::update::Cmd;
use crate::ui::view::{ViewContext, pane_block};

/// Cells of a field's label ("Date", "Place"...), before its value.
const LABEL: usize = 12;

/// One piece of what is read; wrapped to the width when drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// A short label and its value (the value wraps beside the label).
    Field(&'static str, String),
    /// A heading over a block of text ("Observations").
    Heading(&'static str),
    /// Text, wrapped to the whole width.
    Text(String),
    Blank,
}

/// How a drawn row looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Look {
    Label,
    Heading,
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reader {
    pub title: String,
    pieces: Vec<Piece>,
    /// The first row shown.
    pub scroll: usize,
    /// What `e` edits; `None` for a status change (history is not edited).
    pub edits: Option<Link>,
    /// The terminal's size, for what a page is (kept by `update`).
    pub size: (u16, u16),
}

/// What an action in the reader asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Stay,
    Close,
    Edit(Link),
    /// `e` on something that is not edited here.
    NotEditable,
    Quit,
}

/// The entry under the timeline's cursor, as the store knows it.
pub fn entry_under_cursor(app: &App) -> Option<Entry> {
    if app.tab == Tab::Dashboard || app.focus != Pane::Timeline {
        return None;
    }
    let entry = app.record.timeline.get(app.record.timeline_cursor)?;
    match entry.link {
        Some(Link {
            kind: RecordKind::Note,
            id,
        }) => Some(Entry::Note(id)),
        Some(Link {
            kind: RecordKind::Visit,
            id,
        }) => Some(Entry::Visit(id)),
        Some(Link {
            kind: RecordKind::FollowUp,
            id,
        }) => Some(Entry::FollowUp(id)),
        Some(_) => None,
        // Status changes have no link: they are the shown project's history.
        None => {
            let detail = app.record.detail.as_ref()?;
            (detail.kind == RecordKind::Project).then_some(Entry::StatusChange {
                project: detail.id,
                at: entry.at,
            })
        }
    }
}

/// Enter on a timeline row: read it in full.
pub fn open(app: &App) -> Vec<Cmd> {
    entry_under_cursor(app)
        .map(|entry| vec![Cmd::ReadInFull(entry)])
        .unwrap_or_default()
}

impl Screen for Reader {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Reader]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        match self.act(action, self.size) {
            Step::Stay => Outcome::stay(),
            Step::Close => Outcome::close(),
            Step::Edit(link) => Outcome::Close(vec![Cmd::PrepareEdit {
                kind: link.kind,
                id: link.id,
            }]),
            Step::NotEditable => {
                Outcome::Tell("a status change is kept as history: it is not edited".into())
            }
            Step::Quit => Outcome::Quit,
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        render(frame, area, self, cx);
    }
}

impl Reader {
    pub fn new(text: FullText) -> Reader {
        let (title, pieces, edits) = layout(text);
        Reader {
            title,
            pieces,
            scroll: 0,
            edits,
            size: (80, 24),
        }
    }

    pub fn act(&mut self, action: Action, size: (u16, u16)) -> Step {
        let (cells, rows) = text_area(size);
        let last = self.rows(cells).len().saturating_sub(rows);
        let page = rows.saturating_sub(1).max(1);
        self.scroll = match action {
            Action::Down => self.scroll + 1,
            Action::Up => self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll + page,
            Action::PageUp => self.scroll.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Close | Action::Back => return Step::Close,
            Action::Quit => return Step::Quit,
            Action::Edit => {
                return self.edits.map_or(Step::NotEditable, Step::Edit);
            }
            _ => self.scroll,
        }
        .min(last);
        Step::Stay
    }

    /// Every row at `cells` wide, with how it looks.
    fn rows(&self, cells: usize) -> Vec<(Look, String)> {
        let mut out = Vec::new();
        for piece in &self.pieces {
            match piece {
                Piece::Field(label, value) => {
                    let room = cells.saturating_sub(LABEL).max(1);
                    for (i, row) in wrap(value, room).into_iter().enumerate() {
                        let head = if i == 0 { *label } else { "" };
                        out.push((Look::Label, format!("{}{row}", fit(head, LABEL))));
                    }
                }
                Piece::Heading(h) => out.push((Look::Heading, (*h).to_string())),
                Piece::Text(text) => {
                    out.extend(wrap(text, cells).into_iter().map(|r| (Look::Text, r)));
                }
                Piece::Blank => out.push((Look::Text, String::new())),
            }
        }
        out
    }
}

/// The reader's rectangle: the whole screen but the footer (its two rows
/// keep showing the keys and messages).
fn page(area: Rect) -> Rect {
    Rect {
        height: area.height.saturating_sub(2),
        ..area
    }
}

/// Cells and rows of text inside the page at a terminal `size` (borders
/// and a one-cell margin each side off).
fn text_area(size: (u16, u16)) -> (usize, usize) {
    let page = page(Rect::new(0, 0, size.0, size.1));
    (
        usize::from(page.width.saturating_sub(4)).max(1),
        usize::from(page.height.saturating_sub(2)).max(1),
    )
}

pub fn render(frame: &mut Frame, area: Rect, reader: &Reader, cx: &ViewContext) {
    let page = page(area);
    frame.render_widget(Clear, page);
    let (cells, height) = text_area((area.width, area.height));
    let rows = reader.rows(cells);
    let first = reader.scroll.min(rows.len().saturating_sub(height));
    let shown = rows.len().min(first + height);
    let style = |look: Look| -> Style {
        match look {
            Look::Label => cx.theme.base,
            Look::Heading => cx.theme.heading,
            Look::Text => cx.theme.base,
        }
    };
    let lines: Vec<Line> = rows[first..shown]
        .iter()
        .map(|(look, text)| Line::from(Span::styled(format!(" {text}"), style(*look))))
        .collect();
    let title = truncate(&reader.title, usize::from(page.width.saturating_sub(6)));
    let mut block = pane_block(title, true, cx.theme);
    if let Some(more) = position(first, shown, rows.len()) {
        block = block.title_bottom(Line::from(Span::styled(more, cx.theme.dim)).right_aligned());
    }
    let inner = block.inner(page);
    frame.render_widget(block, page);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Where the page is in a text longer than the page ("rows 1-20 of 31,
/// more below"); `None` when it all shows.
fn position(first: usize, shown: usize, total: usize) -> Option<String> {
    if first == 0 && shown >= total {
        return None;
    }
    let more = match (first > 0, shown < total) {
        (true, true) => "more above and below",
        (false, true) => "more below",
        (true, false) => "the end; more above",
        (false, false) => "",
    };
    Some(format!(" rows {}-{shown} of {total}, {more} ", first + 1))
}

/// The title, the pieces and what `e` edits, for an entry.
fn layout(text: FullText) -> (String, Vec<Piece>, Option<Link>) {
    use Piece::*;
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    match text {
        FullText::Note { note, on } => {
            let title = format!("Note on {on}");
            let pieces = vec![
                Field(
                    "Written",
                    note.meta.created_at.format("%Y-%m-%d %H:%M").to_string(),
                ),
                Field("On", on),
                Blank,
                Text(note.body),
            ];
            let link = Link {
                kind: RecordKind::Note,
                id: note.meta.id,
            };
            (title, pieces, Some(link))
        }
        FullText::Visit {
            visit,
            project,
            people,
            follow_ups,
        } => {
            let place = visit.place.clone().unwrap_or_default();
            let title = format!("Visit {}, {place}", day(visit.date));
            let mut pieces = vec![
                Field("Date", day(visit.date)),
                Field("Purpose", visit.purpose.label().to_string()),
                Field("Place", place),
            ];
            if let Some(p) = project {
                pieces.push(Field("Project", p));
            }
            if !people.is_empty() {
                pieces.push(Field("People met", people.join(", ")));
            }
            for (heading, text) in [
                ("Observations", &visit.observations),
                ("Issues", &visit.issues),
            ] {
                if !text.trim().is_empty() {
                    pieces.extend([Blank, Heading(heading), Text(text.clone())]);
                }
            }
            if !follow_ups.is_empty() {
                pieces.extend([Blank, Heading("Follow-ups")]);
            }
            for f in follow_ups {
                let state = if f.follow_up.done_at.is_some() {
                    "done"
                } else {
                    "open"
                };
                let due = f.follow_up.due_date.map(|d| format!(", due {}", day(d)));
                let owner = f.owner.unwrap_or_else(|| "me".into());
                pieces.push(Text(format!(
                    "- {} ({owner}{}, {state})",
                    f.follow_up.text,
                    due.unwrap_or_default()
                )));
            }
            let link = Link {
                kind: RecordKind::Visit,
                id: visit.meta.id,
            };
            (title, pieces, Some(link))
        }
        FullText::FollowUp { follow_up, owner } => {
            let title = format!("Follow-up: {}", follow_up.text);
            let mut pieces = vec![Field("Owner", owner.unwrap_or_else(|| "me".into()))];
            if let Some(d) = follow_up.due_date {
                pieces.push(Field("Due", day(d)));
            }
            let state = match follow_up.done_at {
                Some(at) => format!("done {}", at.format("%Y-%m-%d")),
                None => "open".into(),
            };
            pieces.extend([Field("State", state), Blank, Text(follow_up.text.clone())]);
            let link = Link {
                kind: RecordKind::FollowUp,
                id: follow_up.meta.id,
            };
            (title, pieces, Some(link))
        }
        FullText::StatusChange { change, project } => {
            let title = format!("Status of {project}: {}", change.to.label());
            let from = change.from.map_or("(created)", |s| s.label());
            let mut pieces = vec![
                Field("Project", project),
                Field(
                    "Changed",
                    change.changed_at.format("%Y-%m-%d %H:%M").to_string(),
                ),
                Field("From", from.to_string()),
                Field("To", change.to.label().to_string()),
            ];
            if let Some(reason) = change.reason.filter(|r| !r.trim().is_empty()) {
                pieces.extend([Blank, Heading("Reason"), Text(reason)]);
            }
            (title, pieces, None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Note, NoteTarget};
    use crate::ui::text::width;

    fn note(body: &str) -> Reader {
        let n = Note::new(NoteTarget::Contact(crate::domain::Id::nil()), body);
        Reader::new(FullText::Note {
            note: n,
            on: "Doi Kenichi".into(),
        })
    }

    #[test]
    fn scrolling_stops_at_the_last_page() {
        let words: Vec<String> = (1..=1000).map(|i| format!("w{i}")).collect();
        let mut r = note(&words.join(" "));
        let size = (80, 24);
        let (cells, rows) = text_area(size);
        let total = r.rows(cells).len();
        assert!(total > rows, "{total} rows");
        assert_eq!(r.act(Action::Bottom, size), Step::Stay);
        assert_eq!(r.scroll, total - rows);
        r.act(Action::Down, size);
        assert_eq!(r.scroll, total - rows, "no scrolling past the end");
        r.act(Action::Top, size);
        r.act(Action::PageDown, size);
        assert_eq!(r.scroll, rows - 1, "a page keeps one row of context");
        assert!(matches!(r.act(Action::Edit, size), Step::Edit(_)));
        assert_eq!(r.act(Action::Close, size), Step::Close);
        assert!(r.rows(cells).iter().all(|(_, t)| width(t) <= cells));
    }

    #[test]
    fn the_position_says_there_is_more() {
        assert_eq!(position(0, 20, 20), None);
        assert_eq!(
            position(0, 20, 31).as_deref(),
            Some(" rows 1-20 of 31, more below ")
        );
        assert_eq!(
            position(11, 31, 31).as_deref(),
            Some(" rows 12-31 of 31, the end; more above ")
        );
    }
}
