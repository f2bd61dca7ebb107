//! What an undo of an edit changes back, in words: "undid: organization of
//! Doi Kenichi". Both versions are laid out as forms and compared field by
//! field, so every field a form shows is named the way the form names it.

use crate::domain::*;
use crate::store::Reader;

use super::{Built, FollowUpLinks, RecordForm, Value};

/// The form of a record as saved (links by id: names do not matter here).
fn form_of(built: &Built) -> RecordForm {
    let named = |id: Option<Id>| id.map(|id| (id, String::new()));
    match built {
        Built::Organization(o) => RecordForm::organization((**o).clone(), true),
        Built::Contact(c, _) => RecordForm::contact((**c).clone(), named(c.organization_id), true),
        Built::Project(p, _) => RecordForm::project(
            (**p).clone(),
            named(p.implementing_org_id),
            p.partner_org_ids
                .iter()
                .map(|id| (*id, String::new()))
                .collect(),
            true,
        ),
        Built::FollowUp(f) => {
            let owner = match f.owner {
                Owner::Contact(id) => Some(id),
                Owner::Officer => None,
            };
            RecordForm::follow_up((**f).clone(), named(owner), true, FollowUpLinks::default())
        }

        Built::Registration(r) => RecordForm::registration((**r).clone(), String::new(), true),
        Built::Consultation(c, _) => RecordForm::consultation(
            (**c).clone(),
            named(c.organization_id),
            c.people_ids.iter().map(|id| (*id, String::new())).collect(),
            true,
        ),
        Built::Event(e, _) => RecordForm::event(
            (**e).clone(),
            named(e.organizer_org_id),
            named(e.project_id),
            true,
        ),
        Built::Deliverable(d, _) => RecordForm::deliverable(
            (**d).clone(),
            super::deliverable::DeliverableLinks {
                project: named(Some(d.project_id)),
                submitter_org: named(d.submitter_org_id),
                submitter_contact: named(d.submitter_contact_id),
            },
            true,
        ),
    }
}

/// "organization of Doi Kenichi": the fields that differ between `now`
/// (in the book) and `back` (what the undo restores), and whose they are.
pub fn what_changes(now: &Built, back: &Built) -> String {
    let (now, back) = (form_of(now), form_of(back));
    let changed: Vec<String> = now
        .fields
        .iter()
        .zip(&back.fields)
        .filter(|(a, b)| !same(&a.value, &b.value))
        .map(|(a, _)| a.label.to_lowercase())
        .collect();
    let what = match changed.as_slice() {
        [] => "the edit".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let whose = back.fields.first().map(|f| f.display()).unwrap_or_default();
    format!("{what} of {}", whose.trim())
}

/// Values equal as saved (text compared trimmed).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Text(x), Value::Text(y)) => x.trim() == y.trim(),
        _ => a == b,
    }
}

/// When `built` restores an earlier version of a record that is in the
/// book (the undo of an edit), what the undo says: "undid: role of ...".
pub fn undo_message(r: &Reader, built: &Built) -> crate::store::Result<Option<String>> {
    let (kind, id) = built.kind_and_id();
    let now = match kind {
        RecordKind::Organization => r
            .organization(id)?
            .map(|o| Built::Organization(Box::new(o))),
        RecordKind::Contact => r.contact(id)?.map(|c| Built::Contact(Box::new(c), None)),
        RecordKind::Project => r
            .project(id)?
            .map(|p| Built::Project(Box::new(p), Vec::new())),
        RecordKind::FollowUp => r.follow_up(id)?.map(|f| Built::FollowUp(Box::new(f))),

        RecordKind::Registration => r
            .registration(id)?
            .map(|x| Built::Registration(Box::new(x))),
        RecordKind::Consultation => r
            .consultation(id)?
            .map(|c| Built::Consultation(Box::new(c), None)),
        RecordKind::Event => r.event(id)?.map(|e| Built::Event(Box::new(e), None)),
        RecordKind::Deliverable => r
            .deliverable(id)?
            .map(|d| Built::Deliverable(Box::new(d), None)),
        _ => None,
    };
    Ok(now.map(|now| format!("undid: {}", what_changes(&now, built))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_fields_and_the_record() {
        let mut before = Contact::new("Doi Kenichi");
        before.organization_id = Some(new_id());
        let mut after = before.clone();
        after.organization_id = None;
        let now = Built::Contact(Box::new(after.clone()), None);
        let back = Built::Contact(Box::new(before.clone()), None);
        assert_eq!(what_changes(&now, &back), "organization of Doi Kenichi");
        after.role = Some("Director".into());
        let now = Built::Contact(Box::new(after), None);
        assert_eq!(
            what_changes(&now, &back),
            "organization and role of Doi Kenichi"
        );
    }
}
