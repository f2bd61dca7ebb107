//! A new consultation, filled in from the record in context: an
//! organization; a contact and their organization; a consultation's
//! organization and people (the same people asking again).

use chrono::NaiveDate;

use crate::domain::*;
use crate::store::Store;
use crate::store::views::Link;
use crate::ui::editor::Editor;
use crate::ui::form::RecordForm;

pub(super) fn prepare(
    store: &Store,
    from: Option<Link>,
    today: NaiveDate,
) -> anyhow::Result<Editor> {
    let r = store.read();
    let mut organization = None;
    let mut people = Vec::new();
    let mut project = None;
    if let Some(link) = from {
        match link.kind {
            RecordKind::Organization => organization = Some(link.id),
            RecordKind::Contact => {
                people.push(link.id);
                organization = r.organization_of(link.id)?;
            }
            RecordKind::Project => {
                let p = r.project(link.id)?;
                organization = p.as_ref().and_then(|p| p.implementing_org_id);
                project = Some(link.id);
            }
            RecordKind::Consultation => {
                if let Some(c) = r.consultation(link.id)? {
                    organization = c.organization_id;
                    people = c.people_ids;
                    project = c.project_id;
                }
            }
            _ => {}
        }
    }
    let organization = match organization {
        Some(o) => Some((o, r.title_of(RecordKind::Organization, o)?)),
        None => None,
    };
    let people = people
        .into_iter()
        .map(|p| Ok((p, r.title_of(RecordKind::Contact, p)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut c = Consultation::new(today, Channel::Office, Topic::Jpp);
    c.project_id = project;
    Ok(Editor::Record(Box::new(RecordForm::consultation(
        c,
        organization,
        people,
        false,
    ))))
}
