//! What an event's details show: when and where, who runs it, the
//! attendance counted by status and by kind of organization, and the guest
//! list with each invitee's status and role.

use super::{Look, Piece, date, linked, plain, section};
use crate::domain::{InviteeRole, InviteeStatus};
use crate::store::views::{Attendance, EventDetail, InviteeLine};

pub(super) fn event(out: &mut Vec<Piece>, d: &EventDetail) {
    let e = &d.event;
    plain(out, "Kind", e.kind.label());
    let days = match e.end_date {
        Some(end) if end != e.start_date => format!("{} to {}", date(e.start_date), date(end)),
        _ => date(e.start_date),
    };
    plain(out, "Date", days);
    let time = match (&e.start_time, &e.end_time) {
        (Some(a), Some(b)) => format!("{a}-{b}"),
        (Some(a), None) => a.clone(),
        (None, Some(b)) => format!("until {b}"),
        (None, None) => String::new(),
    };
    plain(out, "Time", time);
    plain(out, "Place", e.where_text());
    match &d.organizer {
        Some(org) => linked(out, "Organizer", org),
        None => plain(out, "Organizer", "the desk"),
    }
    if let Some(project) = &d.project {
        linked(out, "Project", project);
    }
    section(out, "Attendance", attendance_items(&d.attendance));
    section(out, "Invitees", invitee_items(&d.invitees));
    if !e.agenda.trim().is_empty() {
        out.push(Piece::Gap);
        out.push(Piece::Heading("Agenda".into()));
        for line in e.agenda.lines() {
            out.push(Piece::Item {
                text: line.to_string(),
                link: None,
                look: Look::Plain,
            });
        }
    }
}

/// "28 attended, 8 absent, 4 invited of 40", then one line per kind of
/// organization: "Local NGO: 12 of 15 came".
fn attendance_items(a: &Attendance) -> Vec<Piece> {
    if a.total == 0 {
        return Vec::new();
    }
    // Who came first: it is what the list is for after the day.
    let mut by_status = a.by_status.clone();
    by_status.sort_by_key(|(s, _)| *s != InviteeStatus::Attended);
    let statuses: Vec<String> = by_status
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {}", s.label().to_lowercase()))
        .collect();
    let mut out = vec![Piece::Item {
        text: format!("{} of {}", statuses.join(", "), a.total),
        link: None,
        look: Look::Plain,
    }];
    for k in &a.by_org_kind {
        let kind = k.kind.map_or("No organization", |k| k.label());
        out.push(Piece::Item {
            text: format!("{kind}: {} of {} came", k.attended, k.invited),
            link: None,
            look: Look::Dim,
        });
    }
    out
}

/// "[x] Wanjiru Kamau (KAIPPG), speaker"
fn invitee_items(lines: &[InviteeLine]) -> Vec<Piece> {
    lines
        .iter()
        .map(|l| {
            let mark = match l.status {
                InviteeStatus::Attended => "[x]",
                InviteeStatus::Absent | InviteeStatus::Cancelled => "[-]",
                InviteeStatus::Invited | InviteeStatus::Registered => "[ ]",
            };
            let name = l.name.clone().unwrap_or_else(|| "(missing)".into());
            let org = match (&l.organization, l.link().kind) {
                (Some(o), crate::domain::RecordKind::Contact) => format!(" ({o})"),
                _ => String::new(),
            };
            let role = if l.role == InviteeRole::Participant {
                String::new()
            } else {
                format!(", {}", l.role.label().to_lowercase())
            };
            let status = match l.status {
                InviteeStatus::Attended | InviteeStatus::Invited => String::new(),
                s => format!(", {}", s.label().to_lowercase()),
            };
            Piece::Item {
                text: format!("{mark} {name}{org}{role}{status}"),
                link: Some(l.link()),
                look: Look::Link,
            }
        })
        .collect()
}
