//! What an import would do, worked out before anything is written: which
//! contacts are new, which organizations exist already, and which records
//! are duplicates (`dedup`: the same UID, e-mail or phone) or possibly so
//! (the same name, imported anyway). `apply` then writes the plan in one
//! transaction.

use std::collections::HashMap;

use super::Problem;
use super::dedup::{Evidence, Found, Person, PhoneKeys, Who, region_of};
use super::incoming::{Incoming, Records};
use crate::domain::text::fold;
use crate::domain::*;
use crate::ops::progress::{Progress, Silent, Ticker};
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
    /// Why: `same e-mail doi@x.org`, `same phone +254700000001`, `same UID ...`.
    pub reason: String,
    /// Only the name agrees: the record is imported as a new contact and
    /// listed, never skipped or merged.
    pub possible: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub incoming: Incoming,
    pub org: OrgLink,
    pub duplicate: Option<Duplicate>,
    /// Create for a record with no duplicate; for a duplicate, the choice made.
    pub choice: Choice,
    /// The region its phones are dialled in (ISO code), for merges.
    pub region: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub items: Vec<Item>,
    /// Records that cannot be imported as they are, with why.
    pub problems: Vec<Problem>,
    /// How many records the problems belong to.
    pub invalid_records: usize,
    /// The file the records were read from, as the person named it.
    pub source: String,
    /// What is said about the file as a whole, first in the preview: the
    /// encoding it was converted from, columns not imported, group cards
    /// skipped, a config file that could not be read.
    pub notices: Vec<String>,
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
    /// Which records, for undoing the import.
    pub written: Written,
}

/// The records an import wrote: what undoing it puts in the trash, and the
/// contacts it changed as they were before (see `ops::import`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub organizations: Vec<Id>,
    pub contacts: Vec<Id>,
    pub notes: Vec<Id>,
    /// Contacts already in the book that took in a record, as they were.
    pub merged_from: Vec<Contact>,
}

impl Plan {
    pub fn new_contacts(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.choice == Choice::Create)
            .count()
    }

    /// Records matched on evidence (skipped or merged unless chosen otherwise).
    pub fn duplicates(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(|i| i.duplicate.as_ref().is_some_and(|d| !d.possible))
    }

    /// Records whose name alone matches: imported, and listed for a look.
    pub fn possible_duplicates(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(|i| i.duplicate.as_ref().is_some_and(|d| d.possible))
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

    /// Sets what happens to every duplicate found on evidence (a possible
    /// duplicate stays a new contact).
    pub fn choose_for_duplicates(&mut self, choice: Choice) {
        for item in self.items.iter_mut() {
            if item.duplicate.as_ref().is_some_and(|d| !d.possible) {
                item.choice = choice;
            }
        }
    }
}

/// Compares the parsed records with the book (and with each other), with
/// no desk country: national numbers without a country are not compared.
pub fn plan(keys: &ContactKeys, records: impl Into<Records>, on_duplicate: Choice) -> Plan {
    plan_in(keys, records, on_duplicate, None)
}

/// As `plan`, national phone numbers read in `default_country` when
/// neither the contact nor its organization has a country.
pub fn plan_in(
    keys: &ContactKeys,
    records: impl Into<Records>,
    on_duplicate: Choice,
    default_country: Option<&str>,
) -> Plan {
    let Records { records, notices } = records.into();
    let orgs: HashMap<&str, &crate::store::OrgKey> = keys
        .organizations
        .iter()
        .map(|o| (o.name_key.as_str(), o))
        .collect();
    let mut plan = Plan {
        notices,
        ..Plan::default()
    };
    let mut valid: Vec<(Incoming, OrgLink, Option<String>)> = Vec::new();
    for record in records {
        match record {
            Ok(incoming) => {
                let existing = incoming
                    .org_name
                    .as_deref()
                    .and_then(|name| orgs.get(fold(name).as_str()));
                let org = match (&incoming.org_name, existing) {
                    (None, _) => OrgLink::None,
                    (Some(_), Some(o)) => OrgLink::Existing(o.id, o.name.clone()),
                    (Some(name), None) => OrgLink::New(name.clone()),
                };
                let region = region_of(
                    incoming.contact.country.as_deref(),
                    existing.and_then(|o| o.country.as_deref()),
                    default_country,
                );
                valid.push((incoming, org, region));
            }
            Err(problems) => {
                plan.invalid_records += 1;
                plan.problems.extend(problems);
            }
        }
    }
    let mut people = read_people(&valid);
    let mut evidence = Evidence::new(keys, &people, default_country);
    let names: HashMap<Id, &str> = keys
        .contacts
        .iter()
        .map(|c| (c.id, c.name.as_str()))
        .collect();
    for ((incoming, org, region), person) in valid.into_iter().zip(people.drain(..)) {
        let at = plan.items.len();
        let found = evidence.find(&person);
        evidence.add_record(at, person);
        let duplicate = found.map(|f| duplicate_of(f, &names, &plan.items));
        let choice = match &duplicate {
            Some(d) if !d.possible => on_duplicate,
            _ => Choice::Create,
        };
        plan.items.push(Item {
            incoming,
            org,
            duplicate,
            choice,
            region,
        });
    }
    plan
}

/// Every record read for comparison, on every core: reading phone numbers
/// with libphonenumber's metadata is most of the plan's time.
fn read_people(valid: &[(Incoming, OrgLink, Option<String>)]) -> Vec<Person> {
    let read = |part: &[(Incoming, OrgLink, Option<String>)]| -> Vec<Person> {
        let mut known = PhoneKeys::default();
        part.iter()
            .map(|(record, _, region)| Person::read(record, region.as_deref(), &mut known))
            .collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || valid.len() < 10_000 {
        return read(valid);
    }
    let size = valid.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = valid
            .chunks(size)
            .map(|part| scope.spawn(move || read(part)))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("reading records does not panic"))
            .collect()
    })
}

fn duplicate_of(found: Found, names: &HashMap<Id, &str>, items: &[Item]) -> Duplicate {
    let of = match found.who {
        Who::Book(id) => DuplicateOf::Existing {
            id,
            name: names.get(&id).map(|n| n.to_string()).unwrap_or_default(),
        },
        Who::File(index) => DuplicateOf::Earlier {
            index,
            place: items[index].incoming.place.clone(),
        },
    };
    Duplicate {
        of,
        reason: found.reason,
        possible: found.possible,
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
    apply_then(store, plan, skip_invalid, &Silent, |_, _| Ok(()))
}

/// As `apply`, telling `progress` of each record written, and running
/// `then` in the same transaction once they are (`ops::import` records
/// there what the import did, so that it can be undone as one).
pub fn apply_then(
    store: &mut Store,
    plan: &Plan,
    skip_invalid: bool,
    progress: &dyn Progress,
    then: impl FnOnce(&crate::store::Tx<'_>, &Applied) -> Result<(), StoreError>,
) -> Result<Applied, ApplyError> {
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
        let mut kept_before: std::collections::HashSet<Id> = std::collections::HashSet::new();
        progress.phase("writing", Some(plan.items.len() as u64));
        let mut ticker = Ticker::new(progress, 500);
        for item in &plan.items {
            ticker.tick();
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
                            applied.written.organizations.push(org.meta.id);
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
                            let before = existing.clone();
                            existing.absorb(&contact, item.region.as_deref());
                            // Merging the same record again changes nothing.
                            if existing != before {
                                tx.save_contact(&existing)?;
                                let from_book = matches!(dup.of, DuplicateOf::Existing { .. });
                                if from_book && kept_before.insert(before.meta.id) {
                                    applied.written.merged_from.push(before);
                                }
                            }
                            applied.merged += 1;
                            existing.meta.id
                        }
                        None => {
                            // The earlier record was skipped: this one stands alone.
                            tx.save_contact(&contact)?;
                            applied.created += 1;
                            applied.written.contacts.push(contact.meta.id);
                            contact.meta.id
                        }
                    }
                }
                _ => {
                    tx.save_contact(&contact)?;
                    applied.created += 1;
                    applied.written.contacts.push(contact.meta.id);
                    contact.meta.id
                }
            };
            // A note the contact already has (an earlier merge of the same
            // card) is not written twice.
            let known: Vec<String> =
                if item.choice == Choice::Merge && !item.incoming.notes.is_empty() {
                    tx.reader()
                        .notes_on(NoteTarget::Contact(target))?
                        .into_iter()
                        .map(|n| n.body)
                        .collect()
                } else {
                    Vec::new()
                };
            for body in item.incoming.notes.iter().filter(|b| !known.contains(b)) {
                let note = Note::new(NoteTarget::Contact(target), body.clone());
                tx.insert_note(&note)?;
                applied.notes += 1;
                applied.written.notes.push(note.meta.id);
            }
            became.push(Some(target));
        }
        drop(ticker);
        then(tx, &applied)?;
        // The search index is brought up to date at the commit.
        progress.phase("indexing and saving", None);
        Ok::<_, ApplyError>(applied)
    });
    store.set_cache_mib(2)?;
    result
}

/// The preview: what would be created, linked, merged or skipped, and why
/// not, every matched record named with what it matched.
pub fn preview(name: &str, plan: &Plan) -> String {
    preview_with(name, plan, true)
}

/// As `preview`; `list_matches: false` gives only the counts (`--quiet`).
pub fn preview_with(name: &str, plan: &Plan, list_matches: bool) -> String {
    use super::incoming::one_line;
    use std::fmt::Write as _;
    let mut out = String::new();
    let total = plan.items.len() + plan.invalid_records;
    let _ = writeln!(out, "{name}: {total} record(s)");
    for notice in &plan.notices {
        let _ = writeln!(out, "  {}", one_line(notice));
    }
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
    for (title, items) in [
        ("likely duplicates", plan.duplicates().collect::<Vec<_>>()),
        (
            "possible duplicates, imported as new contacts",
            plan.possible_duplicates().collect(),
        ),
    ] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {title} ({}):", items.len());
        if list_matches {
            for item in items {
                let _ = writeln!(out, "    {}", super::matched::line(item));
            }
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
