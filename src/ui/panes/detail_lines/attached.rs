//! The sections every record's details may end with: its registrations
//! (organizations and projects) and its attachments. Each item is a link:
//! Enter on a registration edits it, on an attachment opens the file.
//! A record with none has no such section (the keys that add them are in
//! the footer and the help), so the details of most records stay short.

use super::{Look, Piece, section};
use crate::domain::RecordKind;
use crate::domain::attachment::human_size;
use crate::store::views::{Detail, Link};

pub(super) fn pieces(out: &mut Vec<Piece>, detail: &Detail) {
    if matches!(detail.kind, RecordKind::Organization | RecordKind::Project) {
        let items = detail
            .registrations
            .iter()
            .map(|item| {
                let r = &item.registration;
                let (when, look) = match (r.expires_on, item.days_left) {
                    (Some(d), Some(l)) if l < 0 => (format!("EXPIRED {d}"), Look::Overdue),
                    (Some(d), Some(l)) if l <= 90 => {
                        (format!("expires {d} (in {l} days)"), Look::Overdue)
                    }
                    (Some(d), _) => (format!("expires {d}"), Look::Link),
                    (None, _) => ("no expiry".to_string(), Look::Link),
                };
                Piece::Item {
                    text: format!("{}, {when}", r.title()),
                    link: Some(Link {
                        kind: RecordKind::Registration,
                        id: r.meta.id,
                    }),
                    look,
                }
            })
            .collect();
        shown(out, "Registrations and approvals", items);
    }
    if matches!(
        detail.kind,
        RecordKind::Organization | RecordKind::Contact | RecordKind::Project | RecordKind::Visit
    ) {
        let items = detail
            .attachments
            .iter()
            .map(|a| Piece::Item {
                text: format!(
                    "{} ({}, {}, {})",
                    a.name,
                    a.media_type,
                    human_size(a.size),
                    a.meta.created_at.format("%Y-%m-%d")
                ),
                link: Some(Link {
                    kind: RecordKind::Attachment,
                    id: a.meta.id,
                }),
                look: Look::Link,
            })
            .collect();
        shown(out, "Attachments", items);
    }
}

fn shown(out: &mut Vec<Piece>, heading: &str, items: Vec<Piece>) {
    if !items.is_empty() {
        section(out, heading, items);
    }
}
