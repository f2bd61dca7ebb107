//! The messages `update` takes and the commands it gives back.

use crate::domain::{Id, RecordKind};
use crate::store::ChangeStamp;
use crate::store::search::SearchHit;
use crate::store::views::{Dashboard, Detail, ListRow, TimelineEntry, TrashItem};
use crate::ui::action::Action;
use crate::ui::state::{Confirm, Tab, Write};

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Action(Action),
    Resize(u16, u16),
    /// Keys for a list (`None`: keep the ones loaded) and the key of the
    /// record to select, if any.
    Keys {
        tab: Tab,
        keys: Option<Vec<i64>>,
        select: Option<i64>,
    },
    Rows {
        tab: Tab,
        start: usize,
        rows: Vec<ListRow>,
    },
    Record {
        detail: Option<Box<Detail>>,
        timeline: Vec<TimelineEntry>,
    },
    Dashboard(Box<Dashboard>, ChangeStamp),
    /// The data behind what is shown has not changed.
    Unchanged,
    IsEmpty(bool),
    DemoLoaded(String),
    Error(String),
    /// A character typed into the search box or list filter.
    Type(char),
    /// Backspace in the search box or list filter.
    Erase,
    SearchResults {
        generation: u64,
        hits: Vec<SearchHit>,
        who: crate::store::who::WhoIsWho,
    },
    FilterResults {
        generation: u64,
        tab: Tab,
        keys: Vec<i64>,
    },
    /// Show this record (e.g. the record a found note is on).
    GoTo {
        kind: RecordKind,
        id: Id,
    },
    /// A change was made; `undo` reverses it; `show` is a record to
    /// select (one just created or restored).
    Wrote {
        text: String,
        undo: Option<Write>,
        show: Option<crate::store::views::Link>,
    },
    /// Ask this before doing it.
    Ask(Confirm),
    Trash(Vec<TrashItem>),
    NotInTouch(Vec<crate::store::views::NotInTouch>),
    /// A key for the open editor (text, cursor, picking).
    EditorKey(crossterm::event::KeyEvent),
    /// Time passes: keep the editor's draft if it changed.
    Tick,
    PickerHits {
        query: String,
        hits: Vec<(Id, String)>,
        who: crate::store::who::WhoIsWho,
    },
    Drafts(Vec<(String, String, chrono::DateTime<chrono::Utc>)>),
    /// Another process changed the database.
    ChangedElsewhere,
    /// A contact was created from a picker.
    ContactCreated {
        id: Id,
        name: String,
    },
    /// Open an editor holding this (an editor's draft payload).
    OpenEditor(String),
    /// An import file read and compared with the book.
    ImportPlanned(Box<crate::ui::state::PlannedImport>),
    /// A CSV whose columns must be named before it can be read.
    ImportNeedsMap(Box<crate::ui::state::ImportMap>),
    /// Records were added in bulk (an import): reload everything.
    Imported(String),
    /// Something to tell, with nothing to reload.
    Info(String),
    /// How far an import or a report running off the UI thread has got
    /// (`None`: take the line away, the work is over).
    Progress(Option<String>),
    /// The database file is damaged: stop using it.
    Damaged(String),
    /// The day changed while the UI was open (the runtime's clock says so).
    NewDay(chrono::NaiveDate),
    /// What the daily backup thread did.
    Backup(crate::ui::backups::Report),
    /// A timeline entry in full, to read.
    Read(Box<crate::ui::screens::reader::Reader>),
    /// An event's guest list, for the attendance checklist.
    EventGuests(Box<crate::store::views::EventDetail>),

    /// What waits for review, for the "Needs review" screen.
    Review(Vec<crate::ui::screens::review::ReviewItem>),
    /// The conflicts alone, read again after a choice: the records entered
    /// twice listed stay as they are.
    ReviewConflicts(Vec<crate::ui::screens::review::ReviewItem>),
    /// How many conflicts wait for review (the dashboard's line).
    ReviewCount(usize),
    /// A record's history, to read.
    History(Box<crate::ui::popups::history::History>),
    /// Open an editor (a draft payload) whose save resolves this conflict.
    EditToResolve {
        payload: String,
        key: crate::sync::review::ConflictKey,
    },

    /// News of the background sync with the hub ("sync when online").
    Hub(crate::ui::update::hub_sync::HubEvent),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    /// Fetch a list's keys (`reload`: even if loaded) and locate `select`.
    LoadKeys {
        tab: Tab,
        reload: bool,
        select: Option<Id>,
    },
    LoadRows {
        tab: Tab,
        start: usize,
        keys: Vec<i64>,
    },
    LoadRecord {
        kind: RecordKind,
        id: Id,
    },
    /// Load the dashboard, unless the database is still as it was at `unless`.
    LoadDashboard {
        unless: Option<ChangeStamp>,
    },
    CheckEmpty,
    LoadDemo,
    /// Read a timeline entry in full, for the reader.
    ReadInFull(crate::store::full_text::Entry),
    /// Search everything; may run on the search thread.
    Search {
        generation: u64,
        query: String,
    },
    /// Narrow a list; may run on the search thread.
    Filter {
        generation: u64,
        tab: Tab,
        query: String,
    },
    /// Find the record a note is on, and show it.
    OpenNote {
        id: Id,
    },
    /// Change the data (one transaction).
    Write(Write),
    /// Find out what hangs on a record and ask before deleting it.
    AskDelete {
        kind: RecordKind,
        id: Id,
    },
    LoadTrash,
    SaveDraft {
        slot: &'static str,
        payload: String,
    },
    Pick {
        kind: RecordKind,
        query: String,
    },
    CheckDrafts,
    /// Create a contact by name from a picker.
    CreateContact {
        name: String,
    },
    /// Load a record into a form for editing.
    PrepareEdit {
        kind: RecordKind,
        id: Id,
    },
    /// Work out what a new visit starts with, from the record in context.
    PrepareVisit {
        from: Option<crate::store::views::Link>,
    },
    /// Work out what a new consultation starts with, from the record in context.
    PrepareConsultation {
        from: Option<crate::store::views::Link>,
    },
    /// Read the people not in touch for longer than these rules allow.
    LoadNotInTouch {
        rules: crate::domain::TouchRules,
    },
    /// Read an import file and compare it with the book (writes nothing);
    /// `maps` name CSV columns (`Column=field`).
    PlanImport {
        path: String,
        maps: Vec<String>,
    },
    /// Write a planned import (one transaction).
    ApplyImport {
        plan: Box<crate::exchange::plan::Plan>,
    },
    /// Write the report of the month starting on `month` next to the database.
    WriteReport {
        month: chrono::NaiveDate,
    },
    /// Read an event's guest list, for the attendance checklist.
    LoadEventGuests {
        event: Id,
    },
    /// Work out a project's reporting schedule and ask before writing it.
    ProposeSchedule {
        project: Id,
    },
    /// Move a deliverable one step on (`x`): due -> submitted -> accepted.
    AdvanceDeliverable {
        id: Id,
    },

    /// Read a file and attach it to a record (one transaction).
    Attach {
        target: crate::domain::AttachedTo,
        path: String,
    },
    /// Write an attached file out and open it with the system's viewer.
    OpenAttachment {
        id: Id,
    },

    /// Read what waits for review: the conflicts, and the records entered
    /// twice when `duplicates` (finding them reads every name: about 0.65 s
    /// at 100,000 contacts, so a choice in the list reads the conflicts only).
    LoadReview {
        duplicates: bool,
    },
    /// Count the conflicts waiting for review.
    CountReview,
    /// Read a record's history from the change log.
    LoadHistory {
        kind: RecordKind,
        id: Id,
        title: String,
    },
    /// Load a record into its form; saving the form resolves `key`.
    PrepareEditToResolve {
        kind: RecordKind,
        id: Id,
        key: crate::sync::review::ConflictKey,
    },
}
