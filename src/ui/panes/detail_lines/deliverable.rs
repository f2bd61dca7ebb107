//! A deliverable's details, and a project's calendar as a section of its
//! details.

use super::{Look, Piece, date, linked, plain, section, text_items};
use crate::domain::DeliverableStatus;
use crate::store::views::{DeliverableDetail, DeliverableLine};

/// "2027-04-15 Quarterly report to 2027-03-31  submitted" / "... OVERDUE"
pub(super) fn calendar_items(items: &[DeliverableLine]) -> Vec<Piece> {
    items
        .iter()
        .map(|d| {
            let state = if d.overdue {
                "  OVERDUE".to_string()
            } else if d.status == DeliverableStatus::Due {
                String::new()
            } else {
                format!("  {}", d.status.label().to_lowercase())
            };
            Piece::Item {
                text: format!("{} {}{state}", date(d.due), d.title),
                link: Some(d.link()),
                look: if d.overdue { Look::Overdue } else { Look::Link },
            }
        })
        .collect()
}

pub(super) fn details(out: &mut Vec<Piece>, d: &DeliverableDetail) {
    let x = &d.deliverable;
    linked(out, "Project", &d.project);
    plain(out, "Kind", x.kind.label());
    if let Some(end) = x.period_end {
        plain(out, "Period to", date(end));
    }
    let look = if d.overdue {
        Look::Overdue
    } else {
        Look::Plain
    };
    let due = if d.overdue {
        format!("{}  OVERDUE", date(x.due_date))
    } else {
        date(x.due_date)
    };
    out.push(Piece::Field {
        label: "Due".into(),
        text: due,
        link: None,
        look,
    });
    plain(out, "Status", x.status.label());
    plain(
        out,
        "Submitted",
        x.submitted_on.map(date).unwrap_or_default(),
    );
    plain(out, "Accepted", x.accepted_on.map(date).unwrap_or_default());
    if let Some(org) = &d.submitter_org {
        linked(out, "Submitted by", org);
    }
    if let Some(contact) = &d.submitter_contact {
        linked(out, "Contact", contact);
    }
    section(out, "Note", text_items(&x.note));
}
