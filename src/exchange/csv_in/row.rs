//! One CSV row read into a contact: names joined, numbered and labelled
//! phones and e-mails paired, address parts gathered.

use std::collections::HashMap;

use super::Field;
use crate::domain::{Email, Phone};
use crate::exchange::Problem;
use crate::exchange::csv_layout::{Part, Place};
use crate::exchange::incoming::{Incoming, is_cjk};

pub(super) fn read_row(
    fields: &[Field],
    record: &csv::StringRecord,
    line: u64,
    ours: bool,
) -> Result<Incoming, Vec<Problem>> {
    let mut incoming = Incoming::new(format!("line {line}"));
    let mut given = String::new();
    let mut middle = String::new();
    let mut family = String::new();
    let mut reading_given = String::new();
    let mut reading_family = String::new();
    let mut numbered_emails: HashMap<u32, (String, String)> = HashMap::new();
    let mut numbered_phones: HashMap<u32, (String, String)> = HashMap::new();
    let mut addresses: Vec<(Place, Part, String)> = Vec::new();
    let c = &mut incoming.contact;
    for (field, cell) in fields.iter().zip(record.iter()) {
        let cell = match cell.trim() {
            defused if ours => crate::exchange::formula::undo(defused),
            cell => cell,
        };
        if cell.is_empty() {
            continue;
        }
        let value = cell.to_string();
        match field {
            Field::Name => c.display_name = value,
            Field::GivenName => given = value,
            Field::MiddleName => middle = value,
            Field::FamilyName => family = value,
            Field::NativeName => c.native_name = Some(value),
            Field::Reading => c.reading = Some(value),
            Field::ReadingGiven => reading_given = value,
            Field::ReadingFamily => reading_family = value,
            Field::Organization => incoming.org_name = Some(value),
            Field::Role => c.role = Some(value),
            Field::Email(label) => c.emails.extend(split_values(cell).map(|v| Email {
                label: label.clone(),
                value: v,
            })),
            Field::Phone(label) => c.phones.extend(split_values(cell).map(|v| Phone {
                label: label.clone(),
                value: v,
            })),
            Field::EmailLabel(n) => numbered_emails.entry(*n).or_default().0 = google_label(cell),
            Field::EmailValue(n) => numbered_emails.entry(*n).or_default().1 = value,
            Field::PhoneLabel(n) => numbered_phones.entry(*n).or_default().0 = google_label(cell),
            Field::PhoneValue(n) => numbered_phones.entry(*n).or_default().1 = value,
            Field::Phones => c
                .phones
                .extend(labelled(cell).map(|(label, value)| Phone { label, value })),
            Field::Emails => c
                .emails
                .extend(labelled(cell).map(|(label, value)| Email { label, value })),
            Field::City => c.city = Some(value),
            Field::Country => c.country = Some(value),
            Field::Note => incoming.notes.push(value),
            Field::Tags => c.tags.extend(
                cell.split([';', ','])
                    .flat_map(|t| t.split(" ::: "))
                    .map(|t| t.trim().trim_start_matches('*').trim().to_string())
                    .filter(|t| !t.is_empty() && t != "myContacts"),
            ),
            Field::Languages => c
                .languages
                .extend(cell.split([';', ',']).map(|l| l.trim().to_string())),
            Field::Nickname => c.nickname = Some(value),
            Field::Address(place, part) => addresses.push((*place, *part, value)),
            Field::Labelled(label) => incoming.notes.push(format!("{label}: {value}")),
            Field::Covered | Field::Ignore => {}
        }
    }
    crate::exchange::csv_address::apply(&mut incoming, &addresses);
    let c = &mut incoming.contact;
    let mut emails: Vec<_> = numbered_emails.into_iter().collect();
    emails.sort_by_key(|(n, _)| *n);
    for (_, (label, value)) in emails {
        // Google joins several addresses of one label with " ::: ".
        c.emails.extend(split_values(&value).map(|v| Email {
            label: label.clone(),
            value: v,
        }));
    }
    let mut phones: Vec<_> = numbered_phones.into_iter().collect();
    phones.sort_by_key(|(n, _)| *n);
    for (_, (label, value)) in phones {
        c.phones.extend(split_values(&value).map(|v| Phone {
            label: label.clone(),
            value: v,
        }));
    }
    if c.display_name.is_empty() {
        c.display_name = join_name(&given, &middle, &family);
    }
    if c.reading.is_none() {
        let r = [reading_family.as_str(), reading_given.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        c.reading = (!r.is_empty()).then_some(r);
    }
    if c.native_name.is_none() && is_cjk(&c.display_name) {
        c.native_name = Some(c.display_name.clone());
    }
    incoming.finish()
}

/// Japanese names are family name first; others given first. Both parts
/// given means the person wrote them apart (`土居 健市`: a name typed
/// without a space comes whole in one column), so the space stays.
fn join_name(given: &str, middle: &str, family: &str) -> String {
    if is_cjk(family) || is_cjk(given) {
        return [family, given]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
    }
    [given, middle, family]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn split_values(cell: &str) -> impl Iterator<Item = String> + '_ {
    cell.split(" ::: ")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// `* Mobile` → `mobile`: Google stars the primary entry.
fn google_label(cell: &str) -> String {
    cell.trim().trim_start_matches('*').trim().to_lowercase()
}

/// `mobile: +254 700; work: +254 20` (fieldbook's own export).
fn labelled(cell: &str) -> impl Iterator<Item = (String, String)> + '_ {
    cell.split("; ")
        .map(crate::domain::contact::split_labelled)
        .filter(|(_, v)| !v.is_empty())
}
