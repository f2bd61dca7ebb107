//! The deliverable form (`n` on the Deliverables tab, `e` on a
//! deliverable): one report or deadline of a project's calendar, with the
//! fields `fieldbook add deliverable` takes and its status. A whole
//! schedule is still proposed from a project (`S`); this is one at a time.

use chrono::NaiveDate;

use crate::domain::date::parse_date;
use crate::domain::deliverable::{DeliverableKind, DeliverableStatus};
use crate::domain::validate::clean_opt;
use crate::domain::*;

use super::{Built, Chosen, Field, Original, RecordForm, keys};

pub(super) fn choice_label(field: &str, key: &str) -> Option<&'static str> {
    match field {
        "deliverable_kind" => DeliverableKind::parse(key).map(|k| k.label()).ok(),
        "deliverable_status" => DeliverableStatus::parse(key).map(|s| s.label()).ok(),
        _ => None,
    }
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn existing(chosen: Option<(Id, String)>) -> Option<Chosen> {
    chosen.map(|(id, n)| Chosen::Existing(id, n))
}

/// The linked records of a deliverable's form, with their names.
#[derive(Debug, Default, Clone)]
pub struct DeliverableLinks {
    pub project: Option<(Id, String)>,
    pub submitter_org: Option<(Id, String)>,
    pub submitter_contact: Option<(Id, String)>,
}

impl RecordForm {
    /// A deliverable's form. A new one (`existing` false) has its due date
    /// left to type; `d.project_id` counts only through `links.project`.
    pub fn deliverable(d: Deliverable, links: DeliverableLinks, existing_one: bool) -> RecordForm {
        let due = if existing_one {
            day(Some(d.due_date))
        } else {
            String::new()
        };
        let mut project = Field::link(
            "project",
            "Project",
            RecordKind::Project,
            existing(links.project),
        );
        project.required = true;
        let fields = vec![
            project,
            Field::choice(
                "deliverable_kind",
                "Kind",
                keys(DeliverableKind::ALL, DeliverableKind::key),
                Some(d.kind.key()),
                false,
            ),
            Field::text("title", "Title", false, d.title.clone().unwrap_or_default()),
            Field::text("period_end", "Period end", false, day(d.period_end)),
            Field::text("due", "Due", true, due),
            Field::choice(
                "deliverable_status",
                "Status",
                keys(DeliverableStatus::ALL, DeliverableStatus::key),
                Some(d.status.key()),
                false,
            ),
            Field::link(
                "submitter_org",
                "Submitter org",
                RecordKind::Organization,
                existing(links.submitter_org),
            ),
            Field::link(
                "submitter_contact",
                "Submitter",
                RecordKind::Contact,
                existing(links.submitter_contact),
            ),
            Field::text("note", "Note", false, d.note.clone()),
        ];
        Self::with(
            RecordKind::Deliverable,
            existing_one.then(|| Original::Deliverable(Box::new(d))),
            fields,
        )
    }

    /// The deliverable the form describes (and a submitting organization
    /// typed in that is not in the book yet). A status changed here moves
    /// it as `fieldbook deliverable submit|accept|...` would, on `today`.
    /// The rule that needs the project's start date is the store's, when
    /// the deliverable is saved.
    pub(super) fn deliverable_built(
        &self,
        today: NaiveDate,
        errors: &mut Vec<(String, String)>,
    ) -> Result<Built, Invalid> {
        let project = match self.link("project") {
            Some(Chosen::Existing(id, _)) => Some(id),
            _ => {
                errors.push(("project".into(), "is required".into()));
                None
            }
        };
        let mut d = match &self.original {
            Some(Original::Deliverable(d)) => (**d).clone(),
            _ => Deliverable::new(project.unwrap_or_default(), DeliverableKind::Other, today),
        };
        if let Some(id) = project {
            d.project_id = id;
        }
        if let Some(kind) = self
            .choice("deliverable_kind")
            .and_then(|k| DeliverableKind::parse(&k).ok())
        {
            d.kind = kind;
        }
        d.title = self.opt("title");
        d.period_end = match self.text("period_end").as_str() {
            "" => None,
            typed => parse_date(typed, today)
                .map_err(|why| errors.push(("period_end".into(), why)))
                .ok(),
        };
        match self.text("due").as_str() {
            "" => errors.push(("due".into(), "is required".into())),
            typed => match parse_date(typed, today) {
                Ok(due) => d.due_date = due,
                Err(why) => errors.push(("due".into(), why)),
            },
        }
        if let Some(status) = self
            .choice("deliverable_status")
            .and_then(|s| DeliverableStatus::parse(&s).ok())
            .filter(|s| *s != d.status)
        {
            d.set_status(status, today);
        }
        d.note = clean_opt(Some(self.text("note"))).unwrap_or_default();
        d.submitter_contact_id = match self.link("submitter_contact") {
            Some(Chosen::Existing(id, _)) => Some(id),
            _ => None,
        };
        let org = self.link("submitter_org");
        let created = match &org {
            Some(Chosen::New(name)) => {
                Some(Box::new(Organization::new(name.trim(), OrgKind::Other)))
            }
            _ => None,
        };
        d.submitter_org_id = match (&org, &created) {
            (Some(Chosen::Existing(id, _)), _) => Some(*id),
            (_, Some(o)) => Some(o.meta.id),
            _ => None,
        };
        d.validate(None)
            .map(|_| Built::Deliverable(Box::new(d), created))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::form::Value;

    fn set(form: &mut RecordForm, key: &str, value: Value) {
        let f = form.fields.iter_mut().find(|f| f.key == key).unwrap();
        f.value = value;
    }

    #[test]
    fn project_and_due_are_required_and_other_needs_a_title() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let d = Deliverable::new(Id::default(), DeliverableKind::Other, today);
        let mut form = RecordForm::deliverable(d, DeliverableLinks::default(), false);
        let err = form.build(today).unwrap_err();
        let keys: Vec<&str> = err.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["project", "due", "title"], "{err:?}");
        let project = new_id();
        set(
            &mut form,
            "project",
            Value::Link {
                kind: RecordKind::Project,
                chosen: Some(Chosen::Existing(project, "Kendu Bay".into())),
            },
        );
        set(&mut form, "due", Value::Text("+2w".into()));
        set(&mut form, "title", Value::Text("Baseline survey".into()));
        let Ok(Built::Deliverable(d, None)) = form.build(today) else {
            panic!("not built");
        };
        assert_eq!(d.project_id, project);
        assert_eq!(d.due_date, NaiveDate::from_ymd_opt(2026, 12, 12).unwrap());
        assert_eq!(d.title.as_deref(), Some("Baseline survey"));
        assert_eq!(d.status, DeliverableStatus::Due);
    }

    #[test]
    fn a_status_chosen_moves_it_on_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut d = Deliverable::new(new_id(), DeliverableKind::AnnualReport, today);
        d.due_date = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let links = DeliverableLinks {
            project: Some((d.project_id, "Kendu Bay".into())),
            ..Default::default()
        };
        let mut form = RecordForm::deliverable(d, links, true);
        let status = form
            .fields
            .iter_mut()
            .find(|f| f.key == "deliverable_status")
            .unwrap();
        assert_eq!(status.display(), "Due");
        status.choose_label(2);
        assert_eq!(status.display(), "Accepted");
        let Ok(Built::Deliverable(d, None)) = form.build(today) else {
            panic!("not built");
        };
        assert_eq!((d.submitted_on, d.accepted_on), (Some(today), Some(today)));
    }
}
