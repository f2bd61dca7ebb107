//! A record form's fields read back into the record they describe, and
//! checked by the domain's own validation.

use chrono::NaiveDate;

use crate::domain::contact::split_labelled;
use crate::domain::date::parse_date;
use crate::domain::validate::clean_opt;
use crate::domain::*;

use serde::{Deserialize, Serialize};

use super::{Chosen, RecordForm, Value};

/// The record as loaded, kept whole so fields the form does not show
/// (ids, times, extra phones' labels...) survive an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Original {
    Organization(Box<Organization>),
    Contact(Box<Contact>),
    Project(Box<Project>),
    FollowUp(Box<FollowUp>),

    Registration(Box<Registration>),
    Consultation(Box<Consultation>),
    Event(Box<Event>),
    Deliverable(Box<Deliverable>),
}

/// What a saved form writes: the record, and maybe an organization to create first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Built {
    Organization(Box<Organization>),
    Contact(Box<Contact>, Option<Box<Organization>>),
    /// With the organizations to create first (implementing, partners).
    Project(Box<Project>, Vec<Organization>),
    FollowUp(Box<FollowUp>),

    Registration(Box<Registration>),
    /// With a new organization to create first.
    Consultation(Box<Consultation>, Option<Box<Organization>>),
    /// With a new organizer to create first.
    Event(Box<Event>, Option<Box<Organization>>),
    /// With a new submitting organization to create first.
    Deliverable(Box<Deliverable>, Option<Box<Organization>>),
}

impl From<Original> for Built {
    /// The record as it was, to save back (undo of an edit).
    fn from(original: Original) -> Built {
        match original {
            Original::Organization(o) => Built::Organization(o),
            Original::Contact(c) => Built::Contact(c, None),
            Original::Project(p) => Built::Project(p, Vec::new()),
            Original::FollowUp(f) => Built::FollowUp(f),

            Original::Registration(r) => Built::Registration(r),
            Original::Consultation(c) => Built::Consultation(c, None),
            Original::Event(e) => Built::Event(e, None),
            Original::Deliverable(d) => Built::Deliverable(d, None),
        }
    }
}

impl Built {
    pub fn kind_and_id(&self) -> (RecordKind, Id) {
        match self {
            Built::Organization(o) => (RecordKind::Organization, o.meta.id),
            Built::Contact(c, _) => (RecordKind::Contact, c.meta.id),
            Built::Project(p, _) => (RecordKind::Project, p.meta.id),
            Built::FollowUp(f) => (RecordKind::FollowUp, f.meta.id),

            Built::Registration(r) => (RecordKind::Registration, r.meta.id),
            Built::Consultation(c, _) => (RecordKind::Consultation, c.meta.id),
            Built::Event(e, _) => (RecordKind::Event, e.meta.id),
            Built::Deliverable(d, _) => (RecordKind::Deliverable, d.meta.id),
        }
    }
}

impl RecordForm {
    pub(super) fn text(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| match &f.value {
                Value::Text(t) => t.trim().to_string(),
                _ => String::new(),
            })
            .unwrap_or_default()
    }

    pub(super) fn opt(&self, key: &str) -> Option<String> {
        clean_opt(Some(self.text(key)))
    }

    pub(super) fn choice(&self, key: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| match &f.value {
                Value::Choice { options, index, .. } => index.and_then(|i| options.get(i).cloned()),
                _ => None,
            })
    }

    pub(super) fn link(&self, key: &str) -> Option<Chosen> {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| match &f.value {
                Value::Link { chosen, .. } => chosen.clone(),
                _ => None,
            })
    }

    pub(super) fn links(&self, key: &str) -> Vec<Chosen> {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| match &f.value {
                Value::Links { chosen, .. } => Some(chosen.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }

    fn words(&self, key: &str) -> Vec<String> {
        self.text(key)
            .split(',')
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// The record the form describes, checked by the domain; errors are
    /// `(field key, message)`.
    pub fn build(&self, today: NaiveDate) -> Result<Built, Vec<(String, String)>> {
        if self.kind == RecordKind::Registration {
            return self.build_registration(today);
        }
        let mut errors: Vec<(String, String)> = Vec::new();
        let mut date = |key: &str| -> Option<NaiveDate> {
            let t = self.text(key);
            if t.is_empty() {
                return None;
            }
            parse_date(&t, today)
                .map_err(|e| errors.push((key.into(), e)))
                .ok()
        };
        let new_org = |chosen: &Option<Chosen>| match chosen {
            Some(Chosen::New(name)) => {
                Some(Box::new(Organization::new(name.trim(), OrgKind::Other)))
            }
            _ => None,
        };
        let built = match self.kind {
            RecordKind::Organization => {
                let mut o = match &self.original {
                    Some(Original::Organization(o)) => (**o).clone(),
                    _ => Organization::new("", OrgKind::Other),
                };
                o.name = self.text("name");
                o.kind = self
                    .choice("kind")
                    .and_then(|k| OrgKind::parse(&k).ok())
                    .unwrap_or(OrgKind::Other);
                o.country = self.country(o.country.as_deref(), &mut errors);
                o.city = self.opt("city");
                o.website = self.opt("website");
                o.tags = self.words("tag");
                o.validate().map(|_| Built::Organization(Box::new(o)))
            }
            RecordKind::Contact => {
                let mut c = match &self.original {
                    Some(Original::Contact(c)) => (**c).clone(),
                    _ => Contact::new(""),
                };
                c.display_name = self.text("name");
                c.native_name = self.opt("native_name");
                c.reading = self.opt("reading");
                c.role = self.opt("role");
                c.phones = self
                    .words("phone")
                    .iter()
                    .map(|p| split_labelled(p))
                    .map(|(label, value)| Phone { label, value })
                    .collect();
                c.emails = self
                    .words("email")
                    .iter()
                    .map(|e| split_labelled(e))
                    .map(|(label, value)| Email { label, value })
                    .collect();
                c.country = self.country(c.country.as_deref(), &mut errors);
                c.city = self.opt("city");
                c.tags = self.words("tag");
                let org = self.link("org");
                let created = new_org(&org);
                c.organization_id = match (&org, &created) {
                    (Some(Chosen::Existing(id, _)), _) => Some(*id),
                    (_, Some(o)) => Some(o.meta.id),
                    _ => None,
                };
                c.validate().map(|_| Built::Contact(Box::new(c), created))
            }
            RecordKind::Project => {
                let mut p = match &self.original {
                    Some(Original::Project(p)) => (**p).clone(),
                    _ => Project::new(""),
                };
                p.title = self.text("title");
                p.ref_code = self.opt("ref");
                p.site = self.opt("site");
                p.sector = self.opt("sector");
                p.summary = self.opt("summary");
                p.programme_type = self
                    .choice("type")
                    .and_then(|t| ProgrammeType::parse(&t).ok());
                p.status = self
                    .choice("status")
                    .and_then(|s| ProjectStatus::parse(&s).ok())
                    .unwrap_or(p.status);
                p.start_date = date("start");
                p.end_date = date("end");
                p.budget = match self.opt("budget") {
                    None => None,
                    Some(b) => Money::parse_edit(&b, p.budget)
                        .map_err(|e| errors.push(("budget".into(), e)))
                        .ok(),
                };
                p.host_country = self.country(p.host_country.as_deref(), &mut errors);
                let org = self.link("org");
                let mut created: Vec<Organization> =
                    new_org(&org).map(|o| *o).into_iter().collect();
                p.implementing_org_id = match (&org, created.first()) {
                    (Some(Chosen::Existing(id, _)), _) => Some(*id),
                    (_, Some(o)) => Some(o.meta.id),
                    _ => None,
                };
                p.partner_org_ids.clear();
                for partner in self.links("partners") {
                    match partner {
                        Chosen::Existing(id, _) => p.partner_org_ids.push(id),
                        Chosen::New(name) => {
                            let o = Organization::new(name.trim(), OrgKind::Other);
                            p.partner_org_ids.push(o.meta.id);
                            created.push(o);
                        }
                    }
                }
                p.validate().map(|_| Built::Project(Box::new(p), created))
            }
            RecordKind::Consultation => self.consultation_built(today, &mut errors),
            RecordKind::Event => self.event_built(today, &mut errors),
            RecordKind::Deliverable => self.deliverable_built(today, &mut errors),
            _ => {
                let mut f = match &self.original {
                    Some(Original::FollowUp(f)) => (**f).clone(),
                    _ => {
                        let mut f = FollowUp::new("");
                        f.visit_id = self.context.visit;
                        f.project_id = self.context.project;
                        f.contact_id = self.context.contact;
                        f.consultation_id = self.context.consultation;
                        f
                    }
                };
                f.text = self.text("text");
                f.owner = match self.link("owner") {
                    Some(Chosen::Existing(id, _)) => Owner::Contact(id),
                    _ => Owner::Officer,
                };
                f.due_date = date("due");
                f.validate().map(|_| Built::FollowUp(Box::new(f)))
            }
        };
        match built {
            Ok(b) if errors.is_empty() => Ok(b),
            Ok(_) => Err(errors),
            Err(invalid) => {
                errors.extend(invalid.0.into_iter().map(|e| (e.field, e.message)));
                Err(errors)
            }
        }
    }

    /// The country field as a code (the name typed is looked up); a value
    /// left as it was stays, even if it is not a known country.
    fn country(&self, stored: Option<&str>, errors: &mut Vec<(String, String)>) -> Option<String> {
        crate::domain::country::parse_edit(self.opt("country").as_deref(), stored).unwrap_or_else(
            |e| {
                errors.push(("country".into(), e));
                None
            },
        )
    }
}
