//! What an import would do, worked out before anything is written: which
//! contacts are new, which organizations exist already, and which records
//! are likely duplicates (same e-mail, same phone, or same name at the same
//! organization). `apply` then writes the plan in one transaction.

use std::collections::HashMap;

use super::Problem;
use super::incoming::Incoming;
use crate::domain::text::{fold, phone_digits};
use crate::domain::*;
use crate::store::{ContactKeys, Store, StoreError};

/// What to do with a likely duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Choice {
    /// Import it as a new contact anyway.
    Create,
    /// Leave it out.
    Skip,
    /// Add what it knows to the contact it duplicates.
    Merge,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgLink {
    None,
    Existing(Id, String),
    New(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DuplicateOf {
    /// A contact already in the book.
    Existing { id: Id, name: String },
    /// An earlier record of the same file (its index in the plan).
    Earlier { index: usize, place: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub of: DuplicateOf,
    /// Why: `same e-mail doi@x.org`, `same phone 254700000001`, `same name and organization`.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub incoming: Incoming,
    pub org: OrgLink,
    pub duplicate: Option<Duplicate>,
    /// Create for a record with no duplicate; for a duplicate, the choice made.
    pub choice: Choice,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub items: Vec<Item>,
    /// Records that cannot be imported as they are, with why.
    pub problems: Vec<Problem>,
    /// How many records the problems belong to.
    pub invalid_records: usize,
}

/// What `apply` wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    pub created: usize,
    pub merged: usize,
    pub skipped: usize,
    pub organizations_created: usize,
    pub notes: usize,
    pub invalid_skipped: usize,
}

impl Plan {
    pub fn new_contacts(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.choice == Choice::Create)
            .count()
    }

    pub fn duplicates(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.duplicate.is_some())
    }

    /// Organizations the import would create, each named once.
    pub fn new_organizations(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.items
            .iter()
            .filter(|i| i.choice != Choice::Skip)
            .filter_map(|i| match &i.org {
                OrgLink::New(name) if seen.insert(fold(name)) => Some(name.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Existing organizations the import links contacts to, with how many.
    pub fn linked_organizations(&self) -> Vec<(&str, usize)> {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for item in self.items.iter().filter(|i| i.choice != Choice::Skip) {
            if let OrgLink::Existing(_, name) = &item.org {
                match counts.iter_mut().find(|(n, _)| n == name) {
                    Some((_, c)) => *c += 1,
                    None => counts.push((name, 1)),
                }
            }
        }
        counts
    }

    /// Sets what happens to every likely duplicate.
    pub fn choose_for_duplicates(&mut self, choice: Choice) {
        for item in self.items.iter_mut().filter(|i| i.duplicate.is_some()) {
            item.choice = choice;
        }
    }
}

/// Compares the parsed records with the book (and with each other).
pub fn plan(
    keys: &ContactKeys,
    records: Vec<Result<Incoming, Vec<Problem>>>,
    on_duplicate: Choice,
) -> Plan {
    let index = KeyIndex::new(keys);
    let mut plan = Plan::default();
    let mut seen = FileIndex::default();
    for record in records {
        let incoming = match record {
            Ok(incoming) => incoming,
            Err(problems) => {
                plan.invalid_records += 1;
                plan.problems.extend(problems);
                continue;
            }
        };
        let org = match &incoming.org_name {
            None => OrgLink::None,
            Some(name) => match index.orgs.get(&fold(name)) {
                Some((id, existing)) => OrgLink::Existing(*id, existing.clone()),
                None => OrgLink::New(name.clone()),
            },
        };
        let org_key = incoming.org_name.as_deref().map(fold);
        let at = plan.items.len();
        let duplicate = index
            .find(&incoming.contact, org_key.as_deref())
            .or_else(|| seen.find(&incoming.contact, org_key.as_deref(), &plan.items));
        seen.add(&incoming.contact, org_key.as_deref(), at);
        let choice = if duplicate.is_some() {
            on_duplicate
        } else {
            Choice::Create
        };
        plan.items.push(Item {
            incoming,
            org,
            duplicate,
            choice,
        });
    }
    plan
}

/// Phones compare by their last nine digits, so `+81 3-1234-5678` and
/// `03-1234-5678` (the same line, written internationally and nationally)
/// match; shorter numbers compare whole.
fn phone_key(value: &str) -> Option<String> {
    let digits = phone_digits(value);
    if digits.len() < 6 {
        return None;
    }
    Some(digits[digits.len().saturating_sub(9)..].to_string())
}

struct KeyIndex {
    names: HashMap<Id, String>,
    emails: HashMap<String, Id>,
    phones: HashMap<String, Id>,
    name_org: HashMap<(String, Option<String>), Id>,
    orgs: HashMap<String, (Id, String)>,
}

impl KeyIndex {
    fn new(keys: &ContactKeys) -> KeyIndex {
        let orgs: HashMap<String, (Id, String)> = keys
            .organizations
            .iter()
            .map(|(id, name, key)| (key.clone(), (*id, name.clone())))
            .collect();
        let org_key: HashMap<Id, String> = keys
            .organizations
            .iter()
            .map(|(id, _, key)| (*id, key.clone()))
            .collect();
        KeyIndex {
            names: keys
                .contacts
                .iter()
                .map(|(id, name, _, _)| (*id, name.clone()))
                .collect(),
            emails: keys.emails.iter().map(|(e, id)| (e.clone(), *id)).collect(),
            phones: keys
                .phones
                .iter()
                .filter_map(|(d, id)| Some((phone_key(d)?, *id)))
                .collect(),
            name_org: keys
                .contacts
                .iter()
                .map(|(id, _, key, org)| {
                    let org = org.and_then(|o| org_key.get(&o).cloned());
                    ((key.clone(), org), *id)
                })
                .collect(),
            orgs,
        }
    }

    fn find(&self, c: &Contact, org_key: Option<&str>) -> Option<Duplicate> {
        let existing = |id: Id, reason: String| Duplicate {
            of: DuplicateOf::Existing {
                id,
                name: self.names.get(&id).cloned().unwrap_or_default(),
            },
            reason,
        };
        for e in &c.emails {
            if let Some(id) = self.emails.get(&e.value.to_lowercase()) {
                return Some(existing(*id, format!("same e-mail {}", e.value)));
            }
        }
        for p in &c.phones {
            if let Some(id) = phone_key(&p.value).and_then(|k| self.phones.get(&k)) {
                return Some(existing(*id, format!("same phone {}", p.value)));
            }
        }
        let key = (fold(&c.display_name), org_key.map(str::to_string));
        self.name_org
            .get(&key)
            .map(|id| existing(*id, "same name and organization".to_string()))
    }
}

/// The same keys over the records read so far from the file itself.
#[derive(Default)]
struct FileIndex {
    emails: HashMap<String, usize>,
    phones: HashMap<String, usize>,
    name_org: HashMap<(String, Option<String>), usize>,
}

impl FileIndex {
    fn find(&self, c: &Contact, org_key: Option<&str>, items: &[Item]) -> Option<Duplicate> {
        let earlier = |index: usize, reason: String| Duplicate {
            of: DuplicateOf::Earlier {
                index,
                place: items[index].incoming.place.clone(),
            },
            reason,
        };
        for e in &c.emails {
            if let Some(&i) = self.emails.get(&e.value.to_lowercase()) {
                return Some(earlier(i, format!("same e-mail {}", e.value)));
            }
        }
        for p in &c.phones {
            if let Some(&i) = phone_key(&p.value).and_then(|k| self.phones.get(&k)) {
                return Some(earlier(i, format!("same phone {}", p.value)));
            }
        }
        let key = (fold(&c.display_name), org_key.map(str::to_string));
        self.name_org
            .get(&key)
            .map(|&i| earlier(i, "same name and organization".to_string()))
    }

    fn add(&mut self, c: &Contact, org_key: Option<&str>, at: usize) {
        for e in &c.emails {
            self.emails.entry(e.value.to_lowercase()).or_insert(at);
        }
        for p in &c.phones {
            if let Some(k) = phone_key(&p.value) {
                self.phones.entry(k).or_insert(at);
            }
        }
        self.name_org
            .entry((fold(&c.display_name), org_key.map(str::to_string)))
            .or_insert(at);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error(
        "{count} record(s) cannot be imported; nothing was imported (fix them, or pass --skip-invalid to import the rest)"
    )]
    Invalid { count: usize },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Writes the plan in one transaction: every record lands, or none.
/// With invalid records the import is refused unless `skip_invalid`.
pub fn apply(store: &mut Store, plan: &Plan, skip_invalid: bool) -> Result<Applied, ApplyError> {
    if plan.invalid_records > 0 && !skip_invalid {
        return Err(ApplyError::Invalid {
            count: plan.invalid_records,
        });
    }
    if plan.items.len() > 5_000 {
        // A big import touches many pages; keep them in memory until the commit.
        store.set_cache_mib(256)?;
    }
    let result = store.write(|tx| {
        let mut applied = Applied {
            invalid_skipped: plan.invalid_records,
            ..Applied::default()
        };
        let mut new_orgs: HashMap<String, Id> = HashMap::new();
        // The contact each item became (created or merged into).
        let mut became: Vec<Option<Id>> = Vec::with_capacity(plan.items.len());
        for item in &plan.items {
            let org_id = match &item.org {
                OrgLink::None => None,
                OrgLink::Existing(id, _) => Some(*id),
                OrgLink::New(name) if item.choice != Choice::Skip => {
                    Some(match new_orgs.get(&fold(name)) {
                        Some(id) => *id,
                        None => {
                            let org = Organization::new(name.clone(), OrgKind::Other);
                            tx.save_organization(&org)?;
                            applied.organizations_created += 1;
                            new_orgs.insert(fold(name), org.meta.id);
                            org.meta.id
                        }
                    })
                }
                OrgLink::New(_) => None,
            };
            let mut contact = item.incoming.contact.clone();
            contact.organization_id = org_id;
            let target = match (item.choice, &item.duplicate) {
                (Choice::Skip, _) => {
                    applied.skipped += 1;
                    became.push(None);
                    continue;
                }
                (Choice::Merge, Some(dup)) => {
                    let into = match &dup.of {
                        DuplicateOf::Existing { id, .. } => Some(*id),
                        DuplicateOf::Earlier { index, .. } => became[*index],
                    };
                    match into
                        .map(|id| tx.reader().contact(id))
                        .transpose()?
                        .flatten()
                    {
                        Some(mut existing) => {
                            existing.absorb(&contact);
                            tx.save_contact(&existing)?;
                            applied.merged += 1;
                            existing.meta.id
                        }
                        None => {
                            // The earlier record was skipped: this one stands alone.
                            tx.save_contact(&contact)?;
                            applied.created += 1;
                            contact.meta.id
                        }
                    }
                }
                _ => {
                    tx.save_contact(&contact)?;
                    applied.created += 1;
                    contact.meta.id
                }
            };
            for body in &item.incoming.notes {
                tx.insert_note(&Note::new(NoteTarget::Contact(target), body.clone()))?;
                applied.notes += 1;
            }
            became.push(Some(target));
        }
        Ok::<_, ApplyError>(applied)
    });
    store.set_cache_mib(2)?;
    result
}

/// The preview: what would be created, linked, merged or skipped, and why not.
pub fn preview(name: &str, plan: &Plan) -> String {
    use super::incoming::one_line;
    use std::fmt::Write as _;
    let mut out = String::new();
    let total = plan.items.len() + plan.invalid_records;
    let _ = writeln!(out, "{name}: {total} record(s)");
    let _ = writeln!(out, "  new contacts: {}", plan.new_contacts());
    for (org, n) in plan.linked_organizations() {
        let _ = writeln!(out, "  linked to {}: {n}", one_line(org));
    }
    let new_orgs = plan.new_organizations();
    if !new_orgs.is_empty() {
        let shown: Vec<String> = new_orgs.iter().take(10).map(|o| one_line(o)).collect();
        let more = new_orgs.len().saturating_sub(10);
        let _ = writeln!(
            out,
            "  new organizations ({}): {}{}",
            new_orgs.len(),
            shown.join(", "),
            if more > 0 {
                format!(", and {more} more")
            } else {
                String::new()
            }
        );
    }
    let duplicates: Vec<_> = plan.duplicates().collect();
    if !duplicates.is_empty() {
        let _ = writeln!(out, "  likely duplicates ({}):", duplicates.len());
        for item in duplicates {
            let dup = item.duplicate.as_ref().map(|d| {
                let of = match &d.of {
                    DuplicateOf::Existing { name, .. } => {
                        format!("'{}' in the book", one_line(name))
                    }
                    DuplicateOf::Earlier { place, .. } => format!("the record at {place}"),
                };
                format!("{of}, {}", one_line(&d.reason))
            });
            let action = match item.choice {
                Choice::Skip => "skip",
                Choice::Merge => "merge",
                Choice::Create => "create anyway",
            };
            let _ = writeln!(
                out,
                "    {}: '{}' = {} -> {action}",
                item.incoming.place,
                one_line(&item.incoming.contact.display_name),
                dup.unwrap_or_default()
            );
        }
    }
    let warnings: Vec<&Problem> = plan
        .items
        .iter()
        .filter(|i| i.choice != Choice::Skip)
        .flat_map(|i| &i.incoming.warnings)
        .collect();
    if !warnings.is_empty() {
        let _ = writeln!(out, "  warnings ({}):", warnings.len());
        for w in warnings {
            let _ = writeln!(out, "    {name}: {}", one_line(&w.to_string()));
        }
    }
    if !plan.problems.is_empty() {
        let _ = writeln!(out, "  problems ({} record(s)):", plan.invalid_records);
        for p in &plan.problems {
            let _ = writeln!(out, "    {name}: {}", one_line(&p.to_string()));
        }
    }
    out
}
