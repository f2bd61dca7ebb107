//! Read models for the screens, one file per kind of view: ordered keys and
//! rows for virtualized lists (`lists`), a record's details with its links
//! (`detail`), its timeline (`timeline`), the dashboard (`dashboard`) and the
//! trash (`trash`). Screens never run SQL; they ask for these. The models are
//! typed (statuses, dates, links with names): the words and the layout are
//! the UI's (`ui/panes/`).

mod consultation_detail;
mod consultation_timeline;
mod dashboard;
mod detail;
mod detail_read;
mod keep_in_touch;
mod lists;
mod timeline;
mod trash;

mod events;
pub use events::{Attendance, EventDetail, InvitePick, InviteeLine, OrgKindCount};

mod deliverables;

mod attachments;
pub mod registrations;

pub use consultation_detail::{ConsultationDetail, LastContact, LastContactKind};
pub use dashboard::{Dashboard, FollowUpLine, VisitLine};
pub use detail::{
    ContactDetail, Detail, DetailBody, FollowUpDetail, FollowUpItem, NamedLink, OrganizationDetail,
    ProjectDetail, VisitDetail,
};
pub use keep_in_touch::NotInTouch;
pub use lists::{FollowUpFilter, ListRow};

pub use deliverables::{DEADLINE_DAYS, DeliverableDetail, DeliverableLine, DeliverableSection};
pub use timeline::TimelineEntry;
pub use trash::TrashItem;

pub use registrations::{RegistrationItem, RegistrationLine, RegistrationWatch};

use crate::domain::{Id, RecordKind};

/// A link from one record to another, shown in details and timelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Link {
    pub kind: RecordKind,
    pub id: Id,
}
