//! Which imported records are people the book (or the file) already has,
//! judged on evidence: the same vCard UID, the same e-mail, the same full
//! phone number in E.164. A name is never enough to leave a record out: the
//! same name at the same organization with nothing against it (no other
//! e-mail, no other personal phone) makes a *possible* duplicate, which is
//! imported and listed. A number several people of one organization carry
//! is its switchboard, not evidence that two records are one person.

use std::collections::{HashMap as StdMap, HashSet as StdSet};

use super::incoming::Incoming;
use crate::domain::text::fold;
use crate::domain::{Contact, Id, phone};
use crate::store::ContactKeys;

/// Hundreds of thousands of lookups per import: a fast hash (no untrusted
/// keys can hurt here; the file is the user's own).
type HashMap<K, V> = StdMap<K, V, foldhash::fast::RandomState>;
type HashSet<K> = StdSet<K, foldhash::fast::RandomState>;

/// Who a record was matched with: a contact of the book or an earlier
/// record of the same file (its index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Who {
    Book(Id),
    File(usize),
}

/// A match and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub who: Who,
    pub reason: String,
    /// Only the name agrees: imported anyway, listed as possibly the same.
    pub possible: bool,
}

/// What tells two same-named people apart (a handful of values each).
struct Facts {
    emails: Vec<String>,
    /// Numbers that are not an organization's shared line.
    personal_phones: Vec<String>,
}

/// One record or contact, read for comparison (once: reading its phones
/// is the costly part).
pub struct Person {
    uid: Option<String>,
    emails: Vec<String>,
    /// Comparable numbers (`phone_key`) with how they were written.
    phones: Vec<(String, String)>,
    name_key: String,
    org_key: Option<String>,
    /// The folded name and organization together, the name check's key.
    name_at_org: String,
}

/// The book's contacts and the file's records read so far, by key.
#[derive(Default)]
pub struct Evidence {
    uids: HashMap<String, Who>,
    emails: HashMap<String, Who>,
    phones: HashMap<String, Who>,
    /// By `Person::name_at_org`: who has that name there, and their facts.
    names: HashMap<String, Vec<(Who, Facts)>>,
    /// Numbers carried by differently named people of one organization.
    office_lines: HashSet<String>,
    /// Book contacts' ids, so `urn:uuid:<id>` (what export writes) matches.
    ids: HashSet<Id>,
    /// Contacts merged away (`fieldbook merge`) and the one each now is:
    /// their exported `urn:uuid:<id>` finds the contact kept.
    merged_into: HashMap<Id, Id>,
}

/// The region a record's phones are dialled in: its country, else its
/// organization's, else the desk's.
pub fn region_of(
    contact_country: Option<&str>,
    org_country: Option<&str>,
    default_country: Option<&str>,
) -> Option<String> {
    contact_country
        .or(org_country)
        .or(default_country)
        .map(str::to_string)
}

impl Evidence {
    /// The book's contacts as evidence, with the office lines found over
    /// the book and the file's records (`file`, each read by `Person::read`).
    pub fn new(keys: &ContactKeys, file: &[Person], default_country: Option<&str>) -> Evidence {
        let orgs: HashMap<Id, (&str, Option<&str>)> = keys
            .organizations
            .iter()
            .map(|o| (o.id, (o.name_key.as_str(), o.country.as_deref())))
            .collect();
        let mut people: HashMap<Id, Person> =
            HashMap::with_capacity_and_hasher(keys.contacts.len(), Default::default());
        let mut regions: HashMap<Id, Option<String>> = HashMap::default();
        for c in &keys.contacts {
            let org = c.organization.and_then(|o| orgs.get(&o));
            regions.insert(
                c.id,
                region_of(c.country.as_deref(), org.and_then(|o| o.1), default_country),
            );
            people.insert(
                c.id,
                Person {
                    uid: c.uid.clone(),
                    emails: Vec::new(),
                    phones: Vec::new(),
                    name_at_org: name_at_org(&c.name_key, org.map(|o| o.0)),
                    name_key: c.name_key.clone(),
                    org_key: org.map(|o| o.0.to_string()),
                },
            );
        }
        for (email, id) in &keys.emails {
            if let Some(p) = people.get_mut(id) {
                p.emails.push(email.clone());
            }
        }
        for (value, id) in &keys.phones {
            let region = regions.get(id).cloned().flatten();
            if let (Some(p), Some(key)) = (people.get_mut(id), phone_key(value, region.as_deref()))
            {
                p.phones.push((key, value.clone()));
            }
        }
        let mut evidence = Evidence {
            ids: people.keys().copied().collect(),
            ..Evidence::default()
        };
        evidence.office_lines = office_lines(people.values().chain(file));
        for (id, person) in people {
            evidence.add_person(Who::Book(id), person);
        }
        // A merged contact's UIDs stay its successor's.
        for (uid, id) in &keys.uid_aliases {
            evidence.uids.entry(uid.clone()).or_insert(Who::Book(*id));
        }
        evidence.merged_into = keys.merged_into.iter().copied().collect();
        evidence
    }

    /// The first match for a record of the file.
    pub fn find(&self, person: &Person) -> Option<Found> {
        let sure = |who: Who, reason: String| Found {
            who,
            reason,
            possible: false,
        };
        if let Some(uid) = &person.uid {
            if let Some(&who) = self.uids.get(uid) {
                return Some(sure(who, format!("same UID {uid}")));
            }
            let exported = id_in_uid(uid).map(|id| *self.merged_into.get(&id).unwrap_or(&id));
            if let Some(id) = exported.filter(|id| self.ids.contains(id)) {
                return Some(sure(Who::Book(id), format!("same UID {uid}")));
            }
        }
        for e in &person.emails {
            if let Some(&who) = self.emails.get(e) {
                return Some(sure(who, format!("same e-mail {e}")));
            }
        }
        for (key, written) in &person.phones {
            if self.office_lines.contains(key) {
                continue;
            }
            if let Some(&who) = self.phones.get(key) {
                let shown = if phone::digits(written) == *key {
                    written.clone()
                } else {
                    format!("{written} = {key}")
                };
                return Some(sure(who, format!("same phone {shown}")));
            }
        }
        let same_name = self.names.get(&person.name_at_org)?;
        let mine = self.facts_of(person);
        same_name
            .iter()
            .find(|(_, theirs)| !contradicts(&mine, theirs))
            .map(|&(who, _)| Found {
                who,
                reason: "same name and organization, nothing else to compare".into(),
                possible: true,
            })
    }

    /// Adds a record of the file, for the records after it.
    pub fn add_record(&mut self, at: usize, person: Person) {
        self.add_person(Who::File(at), person);
    }

    fn add_person(&mut self, who: Who, person: Person) {
        if let Some(uid) = &person.uid {
            self.uids.entry(uid.clone()).or_insert(who);
        }
        for e in &person.emails {
            self.emails.entry(e.clone()).or_insert(who);
        }
        for (key, _) in &person.phones {
            if !self.office_lines.contains(key) {
                self.phones.entry(key.clone()).or_insert(who);
            }
        }
        let facts = self.facts_of(&person);
        self.names
            .entry(person.name_at_org)
            .or_default()
            .push((who, facts));
    }

    fn facts_of(&self, person: &Person) -> Facts {
        Facts {
            emails: person.emails.to_vec(),
            personal_phones: person
                .phones
                .iter()
                .map(|(key, _)| key)
                .filter(|key| !self.office_lines.contains(*key))
                .cloned()
                .collect(),
        }
    }
}

/// Evidence against two same-named records being one person: each has
/// e-mails and none is shared, or each has personal phones and none is shared.
fn contradicts(a: &Facts, b: &Facts) -> bool {
    let apart = |x: &[String], y: &[String]| {
        !x.is_empty() && !y.is_empty() && !x.iter().any(|v| y.contains(v))
    };
    apart(&a.emails, &b.emails) || apart(&a.personal_phones, &b.personal_phones)
}

impl Person {
    /// A record of the file; `region`: where its phones are dialled.
    /// Numbers read before (an organization's switchboard on every card of
    /// its people) are taken from `known`.
    pub fn read(record: &Incoming, region: Option<&str>, known: &mut PhoneKeys) -> Person {
        let c: &Contact = &record.contact;
        Person {
            uid: c.uid.clone(),
            emails: c.emails.iter().map(|e| e.value.to_lowercase()).collect(),
            phones: c
                .phones
                .iter()
                .filter_map(|p| Some((known.key(&p.value, region)?, p.value.clone())))
                .collect(),
            name_key: fold(&c.display_name),
            org_key: record.org_name.as_deref().map(fold),
            name_at_org: String::new(),
        }
        .keyed()
    }

    fn keyed(mut self) -> Person {
        self.name_at_org = name_at_org(&self.name_key, self.org_key.as_deref());
        self
    }
}

/// One string for a name at an organization (or at none).
fn name_at_org(name_key: &str, org_key: Option<&str>) -> String {
    match org_key {
        Some(org) => format!("{name_key}\u{1f}{org}"),
        None => name_key.to_string(),
    }
}

/// A number as compared: its E.164 form (`+254722000003`); with no region
/// to read a national number in, its whole digits (`0722000003`: the same
/// number only if written with the same digits, never by its last ones).
/// Short codes and what libphonenumber finds invalid compare with nothing.
fn phone_key(value: &str, region: Option<&str>) -> Option<String> {
    if let Some(number) = phone::e164(value, region) {
        return Some(number);
    }
    let digits = phone::digits(value);
    let national = region.is_none() && !digits.starts_with('+') && !value.contains(['*', '#']);
    (national && digits.len() >= 7).then_some(digits)
}

/// Phone keys already worked out, by number and region: parsing with
/// libphonenumber is the costly part of reading a record.
#[derive(Default)]
pub struct PhoneKeys(HashMap<(String, Option<String>), Option<String>>);

impl PhoneKeys {
    fn key(&mut self, value: &str, region: Option<&str>) -> Option<String> {
        let at = (value.to_string(), region.map(str::to_string));
        self.0
            .entry(at)
            .or_insert_with(|| phone_key(value, region))
            .clone()
    }
}

/// Numbers that two or more differently named people of one organization
/// carry: a switchboard or an office line.
fn office_lines<'a>(people: impl Iterator<Item = &'a Person>) -> HashSet<String> {
    let mut carriers: HashMap<(&str, &str), HashSet<&str>> = HashMap::default();
    for p in people {
        let Some(org) = p.org_key.as_deref() else {
            continue;
        };
        for (number, _) in &p.phones {
            carriers
                .entry((number.as_str(), org))
                .or_default()
                .insert(p.name_key.as_str());
        }
    }
    carriers
        .into_iter()
        .filter(|(_, names)| names.len() > 1)
        .map(|((number, _), _)| number.to_string())
        .collect()
}

/// The contact id in a UID fieldbook wrote: `urn:uuid:<id>`.
fn id_in_uid(uid: &str) -> Option<Id> {
    let rest = uid.trim();
    let rest = rest
        .get(..9)
        .filter(|p| p.eq_ignore_ascii_case("urn:uuid:"))
        .map_or(rest, |_| &rest[9..]);
    Id::parse_str(rest).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_uids_name_the_contact() {
        let id = crate::domain::new_id();
        assert_eq!(id_in_uid(&format!("urn:uuid:{id}")), Some(id));
        assert_eq!(id_in_uid(&format!("URN:UUID:{id}")), Some(id));
        assert_eq!(id_in_uid("abc-123@phone"), None);
    }
}
