//! Editors filled in from the book: a new visit from the record in
//! context, a record, note or visit loaded for editing.

use chrono::NaiveDate;

use crate::store::Store;

/// A new visit, filled in from the record in context: a project (and the
/// last place it was visited), a contact (and the project of their latest
/// visit), or a visit's project.
pub(super) fn prepare_visit(
    store: &Store,
    from: Option<crate::store::views::Link>,
    today: NaiveDate,
) -> anyhow::Result<crate::ui::editor::Editor> {
    use crate::domain::RecordKind;
    let r = store.read();
    let mut project = None;
    let mut participants = Vec::new();
    if let Some(link) = from {
        match link.kind {
            RecordKind::Project => project = Some(link.id),
            RecordKind::Contact => {
                participants.push((link.id, r.title_of(RecordKind::Contact, link.id)?));
                project = r.latest_project_of_contact(link.id)?;
            }
            RecordKind::Visit => project = r.visit(link.id)?.and_then(|v| v.project_id),
            _ => {}
        }
    }
    let place = match project {
        // Where it was last visited; for a first visit, the project's site.
        Some(p) => match r.last_place_for_project(p)? {
            Some(place) => place,
            None => r.project(p)?.and_then(|p| p.site).unwrap_or_default(),
        },
        None => String::new(),
    };
    let project = match project {
        Some(p) => Some((p, r.title_of(RecordKind::Project, p)?)),
        None => None,
    };
    let _ = today;
    Ok(crate::ui::editor::Editor::Visit(Box::new(
        crate::ui::editor::VisitForm::new("t".into(), project, place, participants, ""),
    )))
}

/// A record loaded into its form.
pub(super) fn prepare_edit(
    store: &Store,
    kind: crate::domain::RecordKind,
    id: crate::domain::Id,
) -> anyhow::Result<crate::ui::editor::Editor> {
    use crate::domain::RecordKind;
    use crate::ui::form::RecordForm;
    let r = store.read();
    let gone = || anyhow::anyhow!("that {} is gone", kind.label());
    let named = |kind: RecordKind,
                 id: Option<crate::domain::Id>|
     -> anyhow::Result<Option<(crate::domain::Id, String)>> {
        Ok(match id {
            Some(id) => Some((id, r.title_of(kind, id)?)),
            None => None,
        })
    };
    let form = match kind {
        RecordKind::Organization => {
            RecordForm::organization(r.organization(id)?.ok_or_else(gone)?, true)
        }
        RecordKind::Contact => {
            let c = r.contact(id)?.ok_or_else(gone)?;
            let org = named(RecordKind::Organization, c.organization_id)?;
            RecordForm::contact(c, org, true)
        }
        RecordKind::Project => {
            let p = r.project(id)?.ok_or_else(gone)?;
            let org = named(RecordKind::Organization, p.implementing_org_id)?;
            let partners = p
                .partner_org_ids
                .iter()
                .map(|o| Ok((*o, r.title_of(RecordKind::Organization, *o)?)))
                .collect::<anyhow::Result<Vec<_>>>()?;
            RecordForm::project(p, org, partners, true)
        }
        RecordKind::FollowUp => {
            let f = r.follow_up(id)?.ok_or_else(gone)?;
            let owner = match f.owner {
                crate::domain::Owner::Contact(c) => named(RecordKind::Contact, Some(c))?,
                crate::domain::Owner::Officer => None,
            };
            RecordForm::follow_up(f, owner, true, Default::default())
        }
        RecordKind::Visit => {
            let v = r.visit(id)?.ok_or_else(gone)?;
            let project = named(RecordKind::Project, v.project_id)?;
            let people = v
                .participant_ids
                .iter()
                .map(|c| Ok((*c, r.title_of(RecordKind::Contact, *c)?)))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let mut form = crate::ui::editor::VisitForm::new(
                v.date.format("%Y-%m-%d").to_string(),
                project,
                v.place.clone().unwrap_or_default(),
                people,
                &v.observations,
            );
            form.purpose = v.purpose;
            form.issues = crate::ui::editor::text_area(&v.issues);
            form.focus = crate::ui::editor::VisitField::Observations;
            form.existing = Some(v);
            return Ok(crate::ui::editor::Editor::Visit(Box::new(form)));
        }
        RecordKind::Event => {
            let e = r.event(id)?.ok_or_else(gone)?;
            let organizer = named(RecordKind::Organization, e.organizer_org_id)?;
            let project = named(RecordKind::Project, e.project_id)?;
            RecordForm::event(e, organizer, project, true)
        }
        RecordKind::Deliverable => {
            let d = r.deliverable(id)?.ok_or_else(gone)?;
            let links = crate::ui::form::deliverable::DeliverableLinks {
                project: named(RecordKind::Project, Some(d.project_id))?,
                submitter_org: named(RecordKind::Organization, d.submitter_org_id)?,
                submitter_contact: named(RecordKind::Contact, d.submitter_contact_id)?,
            };
            RecordForm::deliverable(d, links, true)
        }
        RecordKind::Consultation => {
            let c = r.consultation(id)?.ok_or_else(gone)?;
            let org = named(RecordKind::Organization, c.organization_id)?;
            let people = c
                .people_ids
                .iter()
                .map(|p| Ok((*p, r.title_of(RecordKind::Contact, *p)?)))
                .collect::<anyhow::Result<Vec<_>>>()?;
            RecordForm::consultation(c, org, people, true)
        }
        RecordKind::Note => {
            let note = r.note(id)?.ok_or_else(gone)?;
            let title = r.title_of(note.target.kind(), note.target.id())?;
            return Ok(crate::ui::editor::Editor::Note(Box::new(
                crate::ui::editor::NoteEditor::edit(note, title),
            )));
        }

        RecordKind::Registration => {
            let reg = r.registration(id)?.ok_or_else(gone)?;
            let holder = r.title_of(reg.holder.kind(), reg.holder.id())?;
            RecordForm::registration(reg, holder, true)
        }
        RecordKind::Attachment => {
            anyhow::bail!("an attachment is opened (enter), not edited; attach a new file instead")
        }
    };
    Ok(crate::ui::editor::Editor::Record(Box::new(form)))
}
