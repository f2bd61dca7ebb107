//! Forms for creating (`n`) and editing (`e`) organizations, contacts,
//! projects and follow-ups (`f` adds a follow-up to the selected record).
//! Fields are data; the record they make is checked by the domain's own
//! validation, whose messages appear next to the field they name.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::*;

use super::editor::Picker;

mod build;
pub use build::{Built, Original};
pub mod changes;
pub mod choice;
mod consultation;
pub mod render;

pub mod deliverable;
mod event;
mod registration;

use choice::ChoiceList;

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
    pub(super) fn text(key: &str, label: &str, required: bool, value: impl Into<String>) -> Field {
        Field {
            key: key.into(),
            label: label.into(),
            required,
            value: Value::Text(value.into()),
        }
    }

    pub(super) fn choice(
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

    pub(super) fn link(key: &str, label: &str, kind: RecordKind, chosen: Option<Chosen>) -> Field {
        Field {
            key: key.into(),
            label: label.into(),
            required: false,
            value: Value::Link { kind, chosen },
        }
    }

    /// The options of a choice as the list shows them ("-" first when it
    /// may be left empty), and the position of the current value.
    pub fn choice_labels(&self) -> Option<(Vec<String>, usize)> {
        let Value::Choice {
            options,
            index,
            optional,
        } = &self.value
        else {
            return None;
        };
        let none = optional.then(|| "-".to_string());
        let labels = none
            .into_iter()
            .chain(options.iter().map(|o| choice_label(&self.key, o)))
            .collect();
        let current = index.map_or(0, |i| i + usize::from(*optional));
        Some((labels, current))
    }

    /// Sets a choice to the option at `label` in `choice_labels`.
    pub fn choose_label(&mut self, label: usize) {
        if let Value::Choice {
            index, optional, ..
        } = &mut self.value
        {
            *index = if *optional {
                label.checked_sub(1)
            } else {
                Some(label)
            };
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

        "registration_kind" => RegistrationKind::parse(key).map(|k| k.label()).ok(),
        "channel" => Channel::parse(key).map(|k| k.label()).ok(),
        "topic" => Topic::parse(key).map(|k| k.label()).ok(),
        _ => event::choice_label(field, key),
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
    /// The open list of a choice field, if any.
    #[serde(skip)]
    pub choosing: Option<ChoiceList>,
    /// A field cleared with ctrl-u, as it was (position, value), until
    /// ctrl-z brings it back.
    #[serde(skip)]
    pub cleared: Option<(usize, Value)>,
    /// The last verdict, field key -> message.
    #[serde(skip)]
    pub errors: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpLinks {
    pub visit: Option<Id>,
    pub project: Option<Id>,
    pub contact: Option<Id>,
    #[serde(default)]
    pub consultation: Option<Id>,
}

pub(super) fn keys<T: Copy>(all: &[T], key: fn(T) -> &'static str) -> Vec<String> {
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

    pub(super) fn with(
        kind: RecordKind,
        original: Option<Original>,
        fields: Vec<Field>,
    ) -> RecordForm {
        RecordForm {
            kind,
            original,
            fields,
            focus: 0,
            context: FollowUpLinks::default(),
            picker: Picker::default(),
            choosing: None,
            cleared: None,
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

#[cfg(test)]
#[path = "form_input_tests.rs"]
mod input_tests;

#[cfg(test)]
mod tests;
