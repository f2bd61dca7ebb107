//! The screens drawn over the main one, one file each. A screen owns its
//! state (held in its `Overlay` variant, so an overlay without its state
//! cannot be built), says which keymap contexts it reads keys in (its
//! commands: the footer, the help and the palette are built from them),
//! handles the actions of those keys, and draws itself.
//!
//! A new screen is a new file here with a type that implements `Screen`,
//! and one line in the `screens!` list below.

pub mod confirm;
pub mod damaged;
pub mod help;
pub mod import_map;
pub mod import_path;
pub mod import_preview;
pub mod month;
pub mod not_in_touch;
pub mod palette;
pub mod reader;
pub mod search;
pub mod status;
pub mod too_small;
pub mod trash;
pub mod welcome;

pub mod attendance;
pub mod invite;

pub mod attach_path;

pub mod review;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::action::Action;
use super::keymap::Context;
use super::state::App;
use super::text::truncate;
use super::update::Cmd;
use super::view::{ViewContext, pane_block};
use crate::domain::{Id, RecordKind};

/// What a screen does with an action: stay open, close, or hand something
/// to the rest of the UI.
#[derive(Debug)]
pub enum Outcome {
    /// Stay open; run these commands.
    Stay(Vec<Cmd>),
    /// Close; run these commands.
    Close(Vec<Cmd>),
    /// Close, and say this.
    Say(String),
    /// Stay open, and say this (why a key did nothing here).
    Tell(String),
    /// Give way to another screen.
    Open(Overlay),
    Quit,
    /// Close, then do these as if their keys were pressed (the palette,
    /// the welcome screen's "create the first ...").
    Run(Vec<Action>),
    /// Close, and show this record (where we were is remembered for back).
    Show(RecordKind, Id),
    /// A question answered (`confirm::Confirm`): back to what asked it.
    Answer(confirm::Confirm, bool),
}

impl Outcome {
    pub fn stay() -> Outcome {
        Outcome::Stay(Vec::new())
    }

    pub fn close() -> Outcome {
        Outcome::Close(Vec::new())
    }
}

/// A change to the one-line text a screen takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEdit {
    Push(char),
    Pop,
}

impl TextEdit {
    pub fn apply(self, input: &mut String) {
        match self {
            TextEdit::Push(c) => input.push(c),
            TextEdit::Pop => {
                input.pop();
            }
        }
    }
}

pub trait Screen {
    /// The keymap contexts keys are read in, most specific first.
    fn contexts(&self) -> &'static [Context];
    /// True while keys without Ctrl or Alt are text for this screen.
    fn takes_text(&self) -> bool {
        self.contexts().first().is_some_and(|c| c.takes_text())
    }
    /// What an action does here.
    fn handle(&mut self, action: Action) -> Outcome;
    /// A key typed while the screen takes text.
    fn edit(&mut self, edit: TextEdit) -> Vec<Cmd> {
        let _ = edit;
        Vec::new()
    }
    /// Draws the screen over `area` (the whole terminal).
    fn render(&self, frame: &mut Frame, area: Rect, app: &App, cx: &ViewContext);
}

/// Lists the screens: each becomes a variant of `Overlay` holding its state.
macro_rules! screens {
    ($($(#[$doc:meta])* $variant:ident($ty:ty),)*) => {
        /// What is drawn over the main screen, with its state.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Overlay {
            None,
            /// A note, visit or record form (`App::editor`, see `popups::editor`).
            Editor,
            $($(#[$doc])* $variant($ty),)*
        }

        impl Overlay {
            pub fn screen(&self) -> Option<&dyn Screen> {
                match self {
                    $(Overlay::$variant(s) => Some(s),)*
                    Overlay::None | Overlay::Editor => None,
                }
            }

            pub fn screen_mut(&mut self) -> Option<&mut dyn Screen> {
                match self {
                    $(Overlay::$variant(s) => Some(s),)*
                    Overlay::None | Overlay::Editor => None,
                }
            }
        }
    };
}

screens! {
    Help(help::Help),
    /// The first screen of an empty book.
    Welcome(welcome::Welcome),
    Search(search::SearchState),
    Confirm(confirm::Confirm),
    StatusPicker(status::StatusPicker),
    Reason(status::Reason),
    Trash(trash::Trash),
    ImportPath(import_path::ImportPath),
    ImportMap(import_map::ColumnMap),
    ImportPreview(import_preview::ImportPreview),
    /// The database file is damaged: what to do, and only quitting.
    Damaged(damaged::Damaged),
    Palette(palette::Palette),
    MonthPicker(month::MonthPicker),
    /// A timeline entry read in full.
    Reader(reader::Reader),
    /// Marking who came to an event.
    Attendance(attendance::AttendanceList),
    /// Inviting many to an event.
    Invite(invite::InviteForm),

    AttachPath(attach_path::AttachPath),
    /// The people to call: not in touch for longer than their period.
    NotInTouch(not_in_touch::NotInTouchScreen),

    /// What other desks' changes left to decide (conflicts).
    NeedsReview(review::NeedsReview),
    /// A record's history, from the change log.
    History(crate::ui::popups::history::History),
}

/// A rectangle of at most `w`x`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Moves a cursor by one among `len` rows.
pub fn step(cursor: usize, action: Action, len: usize) -> usize {
    match action {
        Action::Down => (cursor + 1).min(len.saturating_sub(1)),
        Action::Up => cursor.saturating_sub(1),
        Action::Top => 0,
        Action::Bottom => len.saturating_sub(1),
        _ => cursor,
    }
}

/// A one-line answer being typed: a hint, then `> text_`, in a titled box
/// `width` cells wide (the status reason, the import path).
pub fn prompt(
    frame: &mut Frame,
    area: Rect,
    width: u16,
    title: String,
    hint: &str,
    input: &str,
    cx: &ViewContext,
) {
    let popup = centered(area, width, 5);
    frame.render_widget(Clear, popup);
    let room = usize::from(popup.width.saturating_sub(6));
    let lines = vec![
        Line::from(Span::styled(hint.to_string(), cx.theme.dim)),
        Line::from(vec![
            Span::styled("> ", cx.theme.key),
            Span::styled(truncate(input, room), cx.theme.title),
            Span::styled("_", cx.theme.key),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(title, true, cx.theme)),
        popup,
    );
}

/// The keys of a prompt where a file's path is typed (import, attach):
/// Enter hands the path to `then` (nothing typed: stay), Esc closes saying
/// `closed`, ctrl-u clears; text arrives through `edit`.
fn path_keys(
    input: &mut String,
    action: Action,
    closed: &str,
    then: impl FnOnce(String) -> Vec<Cmd>,
) -> Outcome {
    match action {
        Action::Confirm => {
            let path = input.trim().to_string();
            if path.is_empty() {
                return Outcome::stay();
            }
            Outcome::Close(then(path))
        }
        Action::Close => Outcome::Say(closed.into()),
        Action::ClearInput => {
            input.clear();
            Outcome::stay()
        }
        _ => Outcome::stay(),
    }
}
