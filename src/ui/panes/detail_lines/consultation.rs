//! A consultation's details, and the "last contact" line of a contact's.

use super::*;
use crate::store::views::ConsultationDetail;

pub(super) fn title(d: &ConsultationDetail) -> String {
    let c = &d.consultation;
    format!("Consultation {}, {}", date(c.date), c.topic.label())
}

pub(super) fn pieces(out: &mut Vec<Piece>, d: &ConsultationDetail) {
    let c = &d.consultation;
    plain(out, "Date", date(c.date));
    plain(out, "Channel", c.channel.label());
    plain(out, "Topic", c.topic.label());
    plain(
        out,
        "Time spent",
        c.minutes.map(|m| format!("{m} min")).unwrap_or_default(),
    );
    if let Some(org) = &d.organization {
        linked(out, "Organization", org);
    }
    if let Some(project) = &d.project {
        linked(out, "Project", project);
    }
    section(out, "With", link_items(&d.people));
    // Wrapped to the pane like any field, paragraphs kept.
    section(out, "Question", text_items(&c.summary));
    section(out, "Advice given", text_items(&c.advice));
    section(out, "Follow-ups", follow_up_items(&d.follow_ups));
}

/// "Last contact  2026-11-02 (consultation)", a link to it when it is a
/// visit or consultation; "never" when the desk has no record of any.
pub(super) fn last_contact(out: &mut Vec<Piece>, d: &ContactDetail) {
    let (text, link) = match &d.last_contact {
        Some(last) => (
            format!("{} ({})", date(last.date), last.kind.label()),
            last.link,
        ),
        None => ("never".to_string(), None),
    };
    out.push(Piece::Field {
        label: "Last contact".into(),
        text,
        link,
        look: if link.is_some() {
            Look::Link
        } else {
            Look::Plain
        },
    });
}
