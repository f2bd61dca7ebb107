//! Forms for creating (`n`) and editing (`e`) organizations, contacts,
//! projects and follow-ups (`f` adds a follow-up to the selected record).
//! Fields are data; the record they make is checked by the domain's own
//! validation, whose messages appear next to the field they name.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::contact::split_labelled;
use crate::domain::date::parse_date;
use crate::domain::validate::clean_opt;
use crate::domain::*;

use super::editor::Picker;

/// A linked record chosen in a form: one that exists, or a new one to
/// create (by name) when the form is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Chosen {
    Existing(Id, String),
    New(String),
}

impl Chosen {
    pub fn label(&self) -> String {
        match self {
            Chosen::Existing(_, name) => name.clone(),
            Chosen::New(name) => format!("{name} (new)"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    Text(String),
    /// One of `options` (storage keys); `None` allowed when `optional`.
    Choice {
        options: Vec<String>,
        index: Option<usize>,
        optional: bool,
    },
    Link {
        kind: RecordKind,
        chosen: Option<Chosen>,
    },
    /// Several linked records (a project's partners).
    Links {
        kind: RecordKind,
        chosen: Vec<Chosen>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The domain's name for the field, as its errors use it.
    pub key: String,
    pub label: String,
    pub required: bool,
    pub value: Value,
}

impl Field {
    fn text(key: &str, label: &str, required: bool, value: impl Into<String>) -> Field {
        Field {
            key: key.into(),
            label: label.into(),
            required,
            value: Value::Text(value.into()),
        }
    }

    fn choice(
        key: &str,
        label: &str,
        options: Vec<String>,
        current: Option<&str>,
        optional: bool,
    ) -> Field {
        let index = current
            .and_then(|c| options.iter().position(|o| o == c))
            .or((!optional).then_some(0));
        Field {
            key: key.into(),
            label: label.into(),
            required: false,
            value: Value::Choice {
                options,
                index,
                optional,
            },
        }
    }

    fn link(key: &str, label: &str, kind: RecordKind, chosen: Option<Chosen>) -> Field {
        Field {
            key: key.into(),
            label: label.into(),
            required: false,
            value: Value::Link { kind, chosen },
        }
    }

    /// What the field shows.
    pub fn display(&self) -> String {
        match &self.value {
            Value::Text(t) => t.clone(),
            Value::Choice { options, index, .. } => index
                .and_then(|i| options.get(i))
                .map(|key| choice_label(&self.key, key))
                .unwrap_or_else(|| "-".into()),
            Value::Link { chosen, .. } => chosen.as_ref().map(Chosen::label).unwrap_or_default(),
            Value::Links { chosen, .. } => chosen
                .iter()
                .map(Chosen::label)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

fn choice_label(field: &str, key: &str) -> String {
    let label = match field {
        "kind" => OrgKind::parse(key).map(|k| k.label()).ok(),
        "status" => ProjectStatus::parse(key).map(|k| k.label()).ok(),
        "type" => ProgrammeType::parse(key).map(|k| k.label()).ok(),
        _ => None,
    };
    label.unwrap_or(key).to_string()
}

/// A record being created or edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordForm {
    pub kind: RecordKind,
    /// The record as it was before editing (`None`: a new one).
    pub original: Option<Original>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Links a new follow-up inherits from where it was added.
    pub context: FollowUpLinks,
    #[serde(skip)]
    pub picker: Picker,
    /// The last verdict, field key -> message.
    #[serde(skip)]
    pub errors: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpLinks {
    pub visit: Option<Id>,
    pub project: Option<Id>,
    pub contact: Option<Id>,
}

/// The record as loaded, kept whole so fields the form does not show
/// (ids, times, extra phones' labels...) survive an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Original {
    Organization(Box<Organization>),
    Contact(Box<Contact>),
    Project(Box<Project>),
    FollowUp(Box<FollowUp>),
}

/// What a saved form writes: the record, and maybe an organization to create first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Built {
    Organization(Box<Organization>),
    Contact(Box<Contact>, Option<Box<Organization>>),
    /// With the organizations to create first (implementing, partners).
    Project(Box<Project>, Vec<Organization>),
    FollowUp(Box<FollowUp>),
}

fn keys<T: Copy>(all: &[T], key: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|v| key(*v).to_string()).collect()
}

fn list(items: &[String]) -> String {
    items.join(", ")
}

fn labelled(items: Vec<(String, String)>) -> String {
    items
        .into_iter()
        .map(|(label, value)| {
            if label.is_empty() {
                value
            } else {
                format!("{label}:{value}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl RecordForm {
    pub fn new_organization(name: &str) -> RecordForm {
        Self::organization(Organization::new(name, OrgKind::Other), false)
    }

    pub fn organization(o: Organization, existing: bool) -> RecordForm {
        let fields = vec![
            Field::text("name", "Name", true, o.name.clone()),
            Field::choice(
                "kind",
                "Kind",
                keys(OrgKind::ALL, OrgKind::key),
                Some(o.kind.key()),
                false,
            ),
            Field::text(
                "country",
                "Country",
                false,
                o.country.clone().unwrap_or_default(),
            ),
            Field::text("city", "City", false, o.city.clone().unwrap_or_default()),
            Field::text(
                "website",
                "Website",
                false,
                o.website.clone().unwrap_or_default(),
            ),
            Field::text("tag", "Tags", false, list(&o.tags)),
        ];
        Self::with(
            RecordKind::Organization,
            existing.then(|| Original::Organization(Box::new(o))),
            fields,
        )
    }

    pub fn contact(c: Contact, organization: Option<(Id, String)>, existing: bool) -> RecordForm {
        let fields = vec![
            Field::text("name", "Name", true, c.display_name.clone()),
            Field::text(
                "native_name",
                "Native name",
                false,
                c.native_name.clone().unwrap_or_default(),
            ),
            Field::text(
                "reading",
                "Reading",
                false,
                c.reading.clone().unwrap_or_default(),
            ),
            Field::link(
                "org",
                "Organization",
                RecordKind::Organization,
                organization.map(|(id, n)| Chosen::Existing(id, n)),
            ),
            Field::text("role", "Role", false, c.role.clone().unwrap_or_default()),
            Field::text(
                "phone",
                "Phones",
                false,
                labelled(
                    c.phones
                        .iter()
                        .map(|p| (p.label.clone(), p.value.clone()))
                        .collect(),
                ),
            ),
            Field::text(
                "email",
                "E-mails",
                false,
                labelled(
                    c.emails
                        .iter()
                        .map(|e| (e.label.clone(), e.value.clone()))
                        .collect(),
                ),
            ),
            Field::text(
                "country",
                "Country",
                false,
                c.country.clone().unwrap_or_default(),
            ),
            Field::text("city", "City", false, c.city.clone().unwrap_or_default()),
            Field::text("tag", "Tags", false, list(&c.tags)),
        ];
        Self::with(
            RecordKind::Contact,
            existing.then(|| Original::Contact(Box::new(c))),
            fields,
        )
    }

    pub fn project(
        p: Project,
        organization: Option<(Id, String)>,
        partners: Vec<(Id, String)>,
        existing: bool,
    ) -> RecordForm {
        let date = |d: Option<NaiveDate>| {
            d.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        let fields = vec![
            Field::text("title", "Title", true, p.title.clone()),
            Field::text(
                "ref",
                "Reference",
                false,
                p.ref_code.clone().unwrap_or_default(),
            ),
            Field::link(
                "org",
                "Implementing",
                RecordKind::Organization,
                organization.map(|(id, n)| Chosen::Existing(id, n)),
            ),
            Field {
                key: "partners".into(),
                label: "Partners".into(),
                required: false,
                value: Value::Links {
                    kind: RecordKind::Organization,
                    chosen: partners
                        .into_iter()
                        .map(|(id, n)| Chosen::Existing(id, n))
                        .collect(),
                },
            },
            Field::text(
                "country",
                "Host country",
                false,
                p.host_country.clone().unwrap_or_default(),
            ),
            Field::text("site", "Site", false, p.site.clone().unwrap_or_default()),
            Field::text(
                "sector",
                "Sector",
                false,
                p.sector.clone().unwrap_or_default(),
            ),
            Field::choice(
                "type",
                "Programme",
                keys(ProgrammeType::ALL, ProgrammeType::key),
                p.programme_type.map(|t| t.key()),
                true,
            ),
            Field::choice(
                "status",
                "Status",
                keys(ProjectStatus::ALL, ProjectStatus::key),
                Some(p.status.key()),
                false,
            ),
            Field::text("start", "Start", false, date(p.start_date)),
            Field::text("end", "End", false, date(p.end_date)),
            Field::text(
                "budget",
                "Budget",
                false,
                p.budget.map(|b| b.field_text()).unwrap_or_default(),
            ),
            Field::text(
                "summary",
                "Summary",
                false,
                p.summary.clone().unwrap_or_default(),
            ),
        ];
        Self::with(
            RecordKind::Project,
            existing.then(|| Original::Project(Box::new(p))),
            fields,
        )
    }

    pub fn follow_up(
        f: FollowUp,
        owner: Option<(Id, String)>,
        existing: bool,
        context: FollowUpLinks,
    ) -> RecordForm {
        let due = f
            .due_date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "+1w".into());
        let fields = vec![
            Field::text("text", "What", true, f.text.clone()),
            Field::link(
                "owner",
                "Who (empty: me)",
                RecordKind::Contact,
                owner.map(|(id, n)| Chosen::Existing(id, n)),
            ),
            Field::text("due", "By when", false, due),
        ];
        let mut form = Self::with(
            RecordKind::FollowUp,
            existing.then(|| Original::FollowUp(Box::new(f))),
            fields,
        );
        form.context = context;
        form
    }

    fn with(kind: RecordKind, original: Option<Original>, fields: Vec<Field>) -> RecordForm {
        RecordForm {
            kind,
            original,
            fields,
            focus: 0,
            context: FollowUpLinks::default(),
            picker: Picker::default(),
            errors: Vec::new(),
        }
    }

    pub fn title(&self) -> String {
        let verb = if self.original.is_some() {
            "Edit"
        } else {
            "New"
        };
        format!("{verb} {}", self.kind.label())
    }

    fn text(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| match &f.value {
                Value::Text(t) => t.trim().to_string(),
                _ => String::new(),
            })
            .unwrap_or_default()
    }

    fn opt(&self, key: &str) -> Option<String> {
        clean_opt(Some(self.text(key)))
    }

    fn choice(&self, key: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| match &f.value {
                Value::Choice { options, index, .. } => index.and_then(|i| options.get(i).cloned()),
                _ => None,
            })
    }

    fn link(&self, key: &str) -> Option<Chosen> {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| match &f.value {
                Value::Link { chosen, .. } => chosen.clone(),
                _ => None,
            })
    }

    fn links(&self, key: &str) -> Vec<Chosen> {
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
            _ => {
                let mut f = match &self.original {
                    Some(Original::FollowUp(f)) => (**f).clone(),
                    _ => {
                        let mut f = FollowUp::new("");
                        f.visit_id = self.context.visit;
                        f.project_id = self.context.project;
                        f.contact_id = self.context.contact;
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

    /// The message for a field, if it has a problem (`phone[2]` counts for `phone`).
    pub fn error_for(&self, key: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(k, _)| {
                k == key
                    || k.strip_prefix(key)
                        .is_some_and(|rest| rest.starts_with('['))
            })
            .map(|(_, m)| m.as_str())
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    pub fn focused_mut(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }
}

impl From<Original> for Built {
    /// The record as it was, to save back (undo of an edit).
    fn from(original: Original) -> Built {
        match original {
            Original::Organization(o) => Built::Organization(o),
            Original::Contact(c) => Built::Contact(c, None),
            Original::Project(p) => Built::Project(p, Vec::new()),
            Original::FollowUp(f) => Built::FollowUp(f),
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
        }
    }
}

#[cfg(test)]
#[path = "form_input_tests.rs"]
mod input_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn set(form: &mut RecordForm, key: &str, value: &str) {
        let f = form.fields.iter_mut().find(|f| f.key == key).unwrap();
        f.value = Value::Text(value.into());
    }

    #[test]
    fn contact_form_uses_the_domains_validation() {
        let mut form = RecordForm::contact(Contact::new(""), None, false);
        set(&mut form, "email", "work:wanjiru.example.org");
        let errors = form.build(today()).unwrap_err();
        form.errors = errors;
        assert_eq!(form.error_for("name"), Some("is required"));
        assert!(form.error_for("email").unwrap().contains("not an e-mail"));
        set(&mut form, "name", "Wanjiru Kamau");
        set(
            &mut form,
            "email",
            "work:wanjiru@example.org, home:w@example.com",
        );
        set(&mut form, "phone", "+254 700 000001");
        match form.build(today()).unwrap() {
            Built::Contact(c, None) => {
                assert_eq!(c.emails.len(), 2);
                assert_eq!(c.emails[1].label, "home");
                assert_eq!(c.phones[0].value, "+254 700 000001");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn project_dates_money_and_a_new_organization() {
        let mut form = RecordForm::project(Project::new(""), None, Vec::new(), false);
        set(&mut form, "title", "Borehole rehabilitation");
        set(&mut form, "start", "t");
        set(&mut form, "end", "-1w");
        set(&mut form, "budget", "12000000 JPY");
        let errors = form.build(today()).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|(k, m)| k == "end" && m.contains("before the start")),
            "{errors:?}"
        );
        set(&mut form, "end", "+2y");
        set(&mut form, "budget", "twelve");
        let errors = form.build(today()).unwrap_err();
        assert!(errors.iter().any(|(k, _)| k == "budget"), "{errors:?}");
        set(&mut form, "budget", "12000000 JPY");
        if let Some(f) = form.fields.iter_mut().find(|f| f.key == "org") {
            f.value = Value::Link {
                kind: RecordKind::Organization,
                chosen: Some(Chosen::New("Kisumu Water Trust".into())),
            };
        }
        match form.build(today()).unwrap() {
            Built::Project(p, orgs) if orgs.len() == 1 => {
                assert_eq!(p.implementing_org_id, Some(orgs[0].meta.id));
                assert_eq!(p.budget.unwrap().to_string(), "12,000,000 JPY");
                assert_eq!(p.end_date, NaiveDate::from_ymd_opt(2028, 11, 28));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn project_partners_existing_and_new() {
        let plas = (new_id(), "PLAS".to_string());
        let mut form =
            RecordForm::project(Project::new("School meals"), None, vec![plas.clone()], true);
        if let Some(f) = form.fields.iter_mut().find(|f| f.key == "partners")
            && let Value::Links { chosen, .. } = &mut f.value
        {
            chosen.push(Chosen::New("Kisumu Parents' Association".into()));
        }
        match form.build(today()).unwrap() {
            Built::Project(p, created) => {
                assert_eq!(created.len(), 1);
                assert_eq!(p.partner_org_ids, vec![plas.0, created[0].meta.id]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn editing_keeps_what_the_form_does_not_show() {
        let mut c = Contact::new("Doi Kenichi");
        c.languages = vec!["ja".into()];
        let id = c.meta.id;
        let mut form = RecordForm::contact(c, None, true);
        set(&mut form, "role", "Director");
        match form.build(today()).unwrap() {
            Built::Contact(c, _) => {
                assert_eq!(c.meta.id, id);
                assert_eq!(c.languages, vec!["ja".to_string()]);
                assert_eq!(c.role.as_deref(), Some("Director"));
            }
            other => panic!("{other:?}"),
        }
    }
}
