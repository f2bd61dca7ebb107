//! The UI's state: which tab and pane, each list's virtual window, the record
//! on show, overlays and messages. Only `update` changes it.

use chrono::NaiveDate;

use super::editor::Editor;
use crate::domain::{Id, Note, ProjectStatus, RecordKind, Visit};
use crate::store::ChangeStamp;
use crate::store::search::SearchHit;
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
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Dashboard,
        Tab::Contacts,
        Tab::Organizations,
        Tab::Projects,
        Tab::Visits,
        Tab::FollowUps,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Dashboard => "Dashboard",
            Tab::Contacts => "Contacts",
            Tab::Organizations => "Organizations",
            Tab::Projects => "Projects",
            Tab::Visits => "Visits",
            Tab::FollowUps => "Follow-ups",
        }
    }

    /// For narrow terminals.
    pub fn short_title(self) -> &'static str {
        match self {
            Tab::Dashboard => "Home",
            Tab::Contacts => "People",
            Tab::Organizations => "Orgs",
            Tab::Projects => "Projects",
            Tab::Visits => "Visits",
            Tab::FollowUps => "To do",
        }
    }

    /// The record kind a tab lists (none for the dashboard).
    pub fn kind(self) -> Option<RecordKind> {
        match self {
            Tab::Dashboard => None,
            Tab::Contacts => Some(RecordKind::Contact),
            Tab::Organizations => Some(RecordKind::Organization),
            Tab::Projects => Some(RecordKind::Project),
            Tab::Visits => Some(RecordKind::Visit),
            Tab::FollowUps => Some(RecordKind::FollowUp),
        }
    }

    pub fn for_kind(kind: RecordKind) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.kind() == Some(kind))
    }

    /// Position among the record tabs (index into `App::lists`).
    pub fn list_index(self) -> Option<usize> {
        match self {
            Tab::Dashboard => None,
            Tab::Contacts => Some(0),
            Tab::Organizations => Some(1),
            Tab::Projects => Some(2),
            Tab::Visits => Some(3),
            Tab::FollowUps => Some(4),
        }
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
    pub timeline_cursor: usize,
}

/// Where the person was, for Backspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub tab: Tab,
    pub id: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help {
        scroll: u16,
    },
    Welcome,
    /// The global search box (its state is `App::search`).
    Search,
    /// A yes/no question (`App::confirm` holds the text and what "yes" does).
    Confirm,
    /// Choosing a project's next status.
    StatusPicker {
        project: Id,
        cursor: usize,
    },
    /// Typing the reason for a status change (`App::prompt` holds the text).
    Reason {
        project: Id,
        to: ProjectStatus,
    },
    /// Deleted records (`App::trash`), to restore.
    Trash {
        cursor: usize,
    },
    /// A note or visit being written (`App::editor`).
    Editor,
    /// Typing the path of a file to import (`App::prompt` holds it).
    ImportPath,
    /// The database file is damaged (`App::damage` says how): a screen that
    /// says what to do, and only quitting.
    Damaged,
    /// Saying which column of a CSV holds what (`App::import_map`).
    ImportMap {
        cursor: usize,
    },
    /// What an import would do (`App::import`), to confirm.
    ImportPreview {
        /// Which likely duplicate is selected (its choice can be changed).
        cursor: usize,
    },
    /// A timeline entry read in full (the reader holds its own state).
    Reader(super::popups::reader::Reader),
}

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
}

/// A question waiting for yes or no, and what each answer does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub question: String,
    pub on_yes: Yes,
    pub on_no: Option<Write>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Yes {
    Write(Write),
    /// Reopen an editor from its draft.
    OpenDraft(String),
    /// Close the editor, dropping what was typed (and its draft).
    DiscardEditor,
}

/// The global search: what is typed, and the results of the latest query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchState {
    pub input: String,
    /// Bumped on every edit; results of an older query are dropped.
    pub generation: u64,
    /// The generation `hits` answer (behind `generation` while a query runs).
    pub answered: u64,
    pub hits: Vec<SearchHit>,
    pub cursor: usize,
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
    pub lists: [ListState; 7],
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
    pub search: SearchState,
    pub list_filter: Option<ListFilter>,
    pub confirm: Option<Confirm>,
    /// Text typed at a one-line prompt.
    pub prompt: String,
    /// An import read and planned, shown for confirmation.
    pub import: Option<Box<PlannedImport>>,
    pub import_map: Option<Box<ImportMap>>,
    /// What is wrong with a damaged database file.
    pub damage: Option<String>,
    pub trash: Vec<TrashItem>,
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
            search: SearchState::default(),
            list_filter: None,
            confirm: None,
            prompt: String::new(),
            import: None,
            import_map: None,
            damage: None,
            trash: Vec::new(),
            undo: Vec::new(),
            undoing: false,
            editor: None,
            draft_dirty: false,
            editor_opened_as: String::new(),
            saving_editor: false,
            size,
            today,
            quit: false,
        }
    }

    /// Where a tab's list lives in `lists` (under the current filter).
    pub fn slot(&self, tab: Tab) -> Option<usize> {
        let filter = match self.filter {
            FollowUpFilter::Open => 0,
            FollowUpFilter::Done => 1,
            FollowUpFilter::All => 2,
        };
        match tab {
            Tab::FollowUps => Some(4 + filter),
            other => other.list_index(),
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

    /// True while keys are text (search box or list filter being typed).
    pub fn typing(&self) -> bool {
        matches!(
            self.overlay,
            Overlay::Search | Overlay::Reason { .. } | Overlay::ImportPath
        ) || self.list_filter.as_ref().is_some_and(|f| f.editing)
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
            .chain(d.due_soon.iter().map(|f| follow_up(f.id)))
            .chain(d.latest_visits.iter().map(|v| Link {
                kind: RecordKind::Visit,
                id: v.id,
            }))
            .collect()
    }
}
