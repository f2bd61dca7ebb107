//! The UI's state: which tab and pane, each list's virtual window, the record
//! on show, overlays and messages. Only `update` changes it.

use chrono::NaiveDate;

use super::editor::Editor;
use crate::domain::{Id, Note, ProjectStatus, RecordKind, Visit};
use crate::store::ChangeStamp;
use crate::store::views::{
    Dashboard, Detail, FollowUpFilter, Link, ListRow, TimelineEntry, TrashItem,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Dashboard,
    Contacts,
    Organizations,
    Projects,
    Visits,
    FollowUps,
    Consultations,
    Events,
    Deliverables,
}

/// What the tab bar shows of a tab, and what it lists.
struct TabInfo {
    tab: Tab,
    title: &'static str,
    /// For narrow terminals.
    short: &'static str,
    /// The record kind a tab lists (none for the dashboard).
    kind: Option<RecordKind>,
}

/// The tabs, in the order of the bar (and of their number keys). A new
/// record kind is one more line here and a variant of `Tab`.
#[rustfmt::skip]
const TABS: [TabInfo; 9] = [
    TabInfo { tab: Tab::Dashboard, title: "Dashboard", short: "Home", kind: None },
    TabInfo { tab: Tab::Contacts, title: "Contacts", short: "People", kind: Some(RecordKind::Contact) },
    TabInfo { tab: Tab::Organizations, title: "Organizations", short: "Orgs", kind: Some(RecordKind::Organization) },
    TabInfo { tab: Tab::Projects, title: "Projects", short: "Projects", kind: Some(RecordKind::Project) },
    TabInfo { tab: Tab::Visits, title: "Visits", short: "Visits", kind: Some(RecordKind::Visit) },
    TabInfo { tab: Tab::FollowUps, title: "Follow-ups", short: "To do", kind: Some(RecordKind::FollowUp) },
    TabInfo { tab: Tab::Consultations, title: "Consultations", short: "Asked", kind: Some(RecordKind::Consultation) },
    TabInfo { tab: Tab::Events, title: "Events", short: "Events", kind: Some(RecordKind::Event) },
    TabInfo { tab: Tab::Deliverables, title: "Deliverables", short: "Due", kind: Some(RecordKind::Deliverable) },
];

/// The tabs that list records.
const RECORD_TABS: usize = {
    let (mut n, mut i) = (0, 0);
    while i < TABS.len() {
        if TABS[i].kind.is_some() {
            n += 1;
        }
        i += 1;
    }
    n
};

/// A list per record tab, and two more for the follow-ups' other filters.
const LIST_SLOTS: usize = RECORD_TABS + 2;

impl Tab {
    pub const ALL: [Tab; TABS.len()] = {
        let mut all = [Tab::Dashboard; TABS.len()];
        let mut i = 0;
        while i < TABS.len() {
            all[i] = TABS[i].tab;
            i += 1;
        }
        all
    };

    fn info(self) -> &'static TabInfo {
        TABS.iter().find(|t| t.tab == self).unwrap_or(&TABS[0])
    }

    pub fn title(self) -> &'static str {
        self.info().title
    }

    /// For narrow terminals.
    pub fn short_title(self) -> &'static str {
        self.info().short
    }

    /// The record kind a tab lists (none for the dashboard).
    pub fn kind(self) -> Option<RecordKind> {
        self.info().kind
    }

    pub fn for_kind(kind: RecordKind) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.kind() == Some(kind))
    }

    /// Position among the record tabs (index into `App::lists`).
    pub fn list_index(self) -> Option<usize> {
        self.kind()?;
        TABS.iter()
            .filter(|t| t.kind.is_some())
            .position(|t| t.tab == self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    List,
    Details,
    Timeline,
}

/// A virtualized list: every key in order (cheap), but rows only for a
/// window around what is visible.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListState {
    pub keys: Vec<i64>,
    pub loaded: bool,
    pub selected: usize,
    /// First visible row.
    pub offset: usize,
    /// Rows for `keys[window_start..window_start + rows.len()]`.
    pub window_start: usize,
    pub rows: Vec<ListRow>,
    /// The record to keep selected when the keys are (re)loaded.
    pub keep: Option<Id>,
}

impl ListState {
    pub fn selected_row(&self) -> Option<&ListRow> {
        self.row_at(self.selected)
    }

    pub fn row_at(&self, index: usize) -> Option<&ListRow> {
        index
            .checked_sub(self.window_start)
            .and_then(|i| self.rows.get(i))
    }

    /// True when rows `from..to` are all in the loaded window.
    pub fn covers(&self, from: usize, to: usize) -> bool {
        let to = to.min(self.keys.len());
        from >= self.window_start && to <= self.window_start + self.rows.len()
    }
}

/// The selected record's details and timeline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordView {
    pub detail: Option<Detail>,
    pub timeline: Vec<TimelineEntry>,
    /// Which link of the details is selected.
    pub link_cursor: usize,
    /// The first line the details pane shows.
    pub details_scroll: usize,
    pub timeline_cursor: usize,
}

/// Where the person was, for Backspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub tab: Tab,
    pub id: Option<Id>,
}

pub use super::screens::Overlay;
pub use super::screens::confirm::{Confirm, Yes};
pub use super::screens::search::SearchState;

/// A CSV whose header row was not recognised: each column with the field
/// (an index into `csv_in::MAP_FIELDS`) it is to fill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportMap {
    pub path: String,
    pub columns: Vec<(String, usize)>,
}

/// A file read and compared with the book, waiting for a yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedImport {
    pub name: String,
    pub plan: crate::exchange::plan::Plan,
    /// The preview, as `fieldbook import --dry-run` prints it.
    pub preview: String,
}

/// A change the UI asks the store to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    AddNote {
        note: Note,
    },
    LogVisit {
        visit: Box<Visit>,
        follow_ups: Vec<crate::domain::FollowUp>,
    },
    /// Several records to the trash at once (undo of a visit with its follow-ups).
    Trash {
        items: Vec<(RecordKind, Id)>,
    },
    Restore {
        items: Vec<(RecordKind, Id)>,
    },
    DiscardDraft {
        slot: &'static str,
    },
    /// A record from a form (with an organization to create first, maybe);
    /// `previous` is the record before an edit, for undo.
    SaveRecord {
        built: Box<super::form::Built>,
        previous: Option<Box<super::form::Built>>,
    },
    SetDone {
        id: Id,
        done: bool,
    },
    SetStatus {
        project: Id,
        to: ProjectStatus,
        reason: Option<String>,
    },
    SetDeleted {
        kind: RecordKind,
        id: Id,
        deleted: bool,
    },
    /// Takes back the import with this id, if nothing it wrote changed since.
    UndoImport {
        import: Id,
    },
    /// An event's guest list (`ui::effects::event_writes`).
    Event(super::event_writes::EventWrite),
    /// A proposed reporting schedule, confirmed: its deliverables written.
    AddSchedule {
        project: Id,
        proposals: Vec<crate::domain::schedule::Proposal>,
    },
    /// A deliverable moved to a status (`x`), as it was before for undo.
    SetDeliverable {
        deliverable: Box<crate::domain::Deliverable>,
    },

    /// A conflict between desks resolved by a person's choice (a synced edit).
    Resolve {
        key: crate::sync::review::ConflictKey,
        choice: crate::sync::review::Choice,
    },
    /// Two records entered twice made one (`ops::merge`): `gone` into
    /// `keep`, which takes its links; `gone` to the trash, as a redirect.
    Merge {
        kind: RecordKind,
        keep: Id,
        gone: Id,
    },
}

/// A list narrowed to what matches the typed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFilter {
    pub tab: Tab,
    pub input: String,
    /// Still typing (keys are text), or applied (keys are commands again).
    pub editing: bool,
    pub generation: u64,
    /// The whole list as it was, restored when the filter is cleared
    /// (empty after a reload: the list is read again then).
    pub saved_keys: Vec<i64>,
    /// The list key to keep selected when the filter's results arrive (the
    /// record selected when the book changed and the filter ran again).
    pub keep: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
}

#[derive(Debug, Clone)]
pub struct App {
    pub tab: Tab,
    pub focus: Pane,
    /// One list per record tab, and one per filter of the follow-ups tab, so
    /// switching back to a list (or filter) is instant and keeps its place.
    pub lists: [ListState; LIST_SLOTS],
    pub record: RecordView,
    pub dashboard: Option<Dashboard>,
    pub dashboard_cursor: usize,
    /// The database as it was when the dashboard was loaded.
    pub dashboard_stamp: Option<ChangeStamp>,
    pub history: Vec<Place>,
    pub overlay: Overlay,
    pub message: Option<Message>,
    /// The dashboard's line about backups on another disk (a warning, or a
    /// hint when no `backup_dir` is set); from the daily backup's report.
    pub backup_notice: Option<Message>,
    pub filter: FollowUpFilter,
    pub list_filter: Option<ListFilter>,
    /// What `u` undoes, newest last (this session only).
    pub undo: Vec<Write>,
    /// The write in flight is an undo (so it is not itself remembered).
    pub undoing: bool,
    pub editor: Option<Editor>,
    /// The editor changed since its draft was last kept.
    pub draft_dirty: bool,
    /// The editor's content when it opened, to tell whether Esc loses anything.
    pub editor_opened_as: String,
    /// The write in flight saves the editor: close it when it lands.
    pub saving_editor: bool,
    /// Terminal size, from the last resize.
    pub size: (u16, u16),
    pub today: NaiveDate,
    pub quit: bool,
    /// How often the desk should hear from people (config `[keep_in_touch]`).
    pub touch_rules: crate::domain::TouchRules,

    /// Conflicts between desks waiting for review (the dashboard's line).
    pub needs_review: usize,
    /// The conflict the open editor resolves when it is saved (opened
    /// from "Needs review").
    pub resolving: Option<crate::sync::review::ConflictKey>,

    /// The background sync with the hub ("sync when online").
    pub hub: crate::ui::hub_sync::HubStatus,
}

impl App {
    pub fn new(today: NaiveDate, size: (u16, u16)) -> App {
        App {
            tab: Tab::Dashboard,
            focus: Pane::List,
            lists: Default::default(),
            record: RecordView::default(),
            dashboard: None,
            dashboard_cursor: 0,
            dashboard_stamp: None,
            history: Vec::new(),
            overlay: Overlay::None,
            message: None,
            backup_notice: None,
            filter: FollowUpFilter::Open,
            list_filter: None,
            undo: Vec::new(),
            undoing: false,
            editor: None,
            draft_dirty: false,
            editor_opened_as: String::new(),
            saving_editor: false,
            size,
            today,
            quit: false,
            touch_rules: Default::default(),
            needs_review: 0,
            resolving: None,

            hub: Default::default(),
        }
    }

    /// Where a tab's list lives in `lists`: its place among the record
    /// tabs, except the follow-ups' done and all filters, after them.
    pub fn slot(&self, tab: Tab) -> Option<usize> {
        match (tab, self.filter) {
            (Tab::FollowUps, FollowUpFilter::Done) => Some(RECORD_TABS),
            (Tab::FollowUps, FollowUpFilter::All) => Some(RECORD_TABS + 1),
            (tab, _) => tab.list_index(),
        }
    }

    pub fn list(&self) -> Option<&ListState> {
        self.slot(self.tab).map(|i| &self.lists[i])
    }

    pub fn list_mut(&mut self) -> Option<&mut ListState> {
        self.slot(self.tab).map(|i| &mut self.lists[i])
    }

    /// Rows a list pane shows at the current size: the screen minus the tab
    /// bar, the footer and the pane's borders.
    pub fn list_height(&self) -> usize {
        usize::from(self.size.1).saturating_sub(5).max(1)
    }

    /// True while keys are text (a screen's box, or a list filter being typed).
    pub fn typing(&self) -> bool {
        match self.overlay.screen() {
            Some(screen) => screen.takes_text(),
            None => self.overlay == Overlay::None && self.filter_editing(),
        }
    }

    /// True while a list filter is being typed.
    pub fn filter_editing(&self) -> bool {
        self.list_filter.as_ref().is_some_and(|f| f.editing)
    }

    /// The question on screen, if one is.
    pub fn confirm(&self) -> Option<&Confirm> {
        match &self.overlay {
            Overlay::Confirm(c) => Some(c),
            _ => None,
        }
    }

    /// The search box, if it is open.
    pub fn search(&self) -> Option<&SearchState> {
        match &self.overlay {
            Overlay::Search(s) => Some(s),
            _ => None,
        }
    }

    /// The records in the trash, if the trash is open.
    pub fn trash(&self) -> Option<&[TrashItem]> {
        match &self.overlay {
            Overlay::Trash(t) => Some(&t.items),
            _ => None,
        }
    }

    /// The filter on the current tab's list, if any.
    pub fn active_filter(&self) -> Option<&ListFilter> {
        self.list_filter.as_ref().filter(|f| f.tab == self.tab)
    }

    /// The links the dashboard offers, in display order.
    pub fn dashboard_links(&self) -> Vec<Link> {
        let Some(d) = &self.dashboard else {
            return Vec::new();
        };
        let follow_up = |id| Link {
            kind: RecordKind::FollowUp,
            id,
        };
        d.overdue
            .iter()
            .map(|f| follow_up(f.id))
            .chain(d.deliverables.links())
            .chain(d.due_soon.iter().map(|f| follow_up(f.id)))
            .chain(d.latest_visits.iter().map(|v| Link {
                kind: RecordKind::Visit,
                id: v.id,
            }))
            .collect()
    }
}
