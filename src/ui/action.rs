//! Everything a person can ask of the UI, by name. Keymaps map keys to these;
//! `update` is the only code that acts on them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    Close,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    NextPane,
    PrevPane,
    ShowDashboard,
    ShowContacts,
    ShowOrganizations,
    ShowProjects,
    ShowVisits,
    ShowFollowUps,
    Open,
    Back,
    CycleFilter,
    LoadDemo,
    Reload,
    Search,
    Filter,
    ClearInput,
    ToggleDone,
    ChangeStatus,
    Delete,
    Undo,
    ShowTrash,
    Confirm,
    Restore,
    Save,
    AddNote,
    LogVisit,
    New,
    Edit,
    AddFollowUp,
    Import,
    Report,
    Merge,
    Palette,
    ShowEvents,
    Invite,
    Attendance,
    ShowDeliverables,
    ProposeSchedule,

    AddRegistration,
    Attach,
    LogConsultation,
    ShowConsultations,
    ShowNotInTouch,

    ShowReview,
    KeepMine,
    KeepTheirs,
    ShowHistory,

    SyncNow,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::Quit,
        Action::Help,
        Action::Close,
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::NextPane,
        Action::PrevPane,
        Action::ShowDashboard,
        Action::ShowContacts,
        Action::ShowOrganizations,
        Action::ShowProjects,
        Action::ShowVisits,
        Action::ShowFollowUps,
        Action::Open,
        Action::Back,
        Action::CycleFilter,
        Action::LoadDemo,
        Action::Reload,
        Action::Search,
        Action::Filter,
        Action::ClearInput,
        Action::ToggleDone,
        Action::ChangeStatus,
        Action::Delete,
        Action::Undo,
        Action::ShowTrash,
        Action::Confirm,
        Action::Restore,
        Action::Save,
        Action::AddNote,
        Action::LogVisit,
        Action::New,
        Action::Edit,
        Action::AddFollowUp,
        Action::Import,
        Action::Report,
        Action::Merge,
        Action::Palette,
        Action::ShowEvents,
        Action::Invite,
        Action::Attendance,
        Action::ShowDeliverables,
        Action::ProposeSchedule,
        Action::AddRegistration,
        Action::Attach,
        Action::LogConsultation,
        Action::ShowConsultations,
        Action::ShowNotInTouch,
        Action::ShowReview,
        Action::KeepMine,
        Action::KeepTheirs,
        Action::ShowHistory,
        Action::SyncNow,
    ];

    /// The snake_case name used in the config file.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    pub fn from_name(name: &str) -> Option<Action> {
        serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
    }
}
