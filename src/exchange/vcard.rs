//! vCard 2.1, 3.0 and 4.0 in (as phones, Google and Outlook write them),
//! vCard 4.0 out. The format itself (folding, quoted-printable, base64,
//! CHARSET) is calcard's business (with `vcard21` making 2.1's shortcuts
//! explicit, and `vcard_scan` cutting the file into cards and counting
//! lines); this file maps its properties to ours.

use calcard::common::IanaString;
use calcard::vcard::{
    VCard, VCardEntry, VCardKind, VCardParameterName, VCardParameterValue, VCardProperty,
    VCardValue, VCardVersion,
};

use super::Problem;
use super::incoming::{Incoming, Records, is_cjk};
use crate::domain::{Contact, Email, Phone};

/// Every card of the file, each read into a record or into its problems
/// (cut into cards, with their line numbers, by `vcard_scan`); group
/// cards are not people and are counted in a notice instead.
pub fn parse(text: &str) -> Records {
    super::vcard_scan::parse(text)
}

/// What one card is.
pub(super) enum Card {
    Person(Box<Incoming>),
    /// A contact group (`KIND:group`, Apple's `X-ADDRESSBOOKSERVER-KIND`),
    /// with its name: a list of people, not one.
    Group(String),
}

pub(super) fn read_card(card: &VCard, place: String) -> Result<Card, Vec<Problem>> {
    if is_group(card) {
        let name = card
            .entries
            .iter()
            .find(|e| e.name == VCardProperty::Fn)
            .and_then(text)
            .unwrap_or_default();
        return Ok(Card::Group(name));
    }
    read_person(card, place).map(|p| Card::Person(Box::new(p)))
}

fn is_group(card: &VCard) -> bool {
    card.entries.iter().any(|e| match &e.name {
        VCardProperty::Kind => e
            .values
            .iter()
            .any(|v| matches!(v, VCardValue::Kind(VCardKind::Group))),
        VCardProperty::Other(name) => {
            name.eq_ignore_ascii_case("X-ADDRESSBOOKSERVER-KIND")
                && text(e).is_some_and(|t| t.eq_ignore_ascii_case("group"))
        }
        _ => false,
    })
}

fn read_person(card: &VCard, place: String) -> Result<Incoming, Vec<Problem>> {
    let mut incoming = Incoming::new(place);
    let mut names: Vec<String> = Vec::new();
    let mut phonetic = Phonetic::default();
    let mut city_country: Option<(String, String)> = None;
    for entry in &card.entries {
        match &entry.name {
            VCardProperty::Fn => names.extend(text(entry)),
            VCardProperty::N => {
                let parts = components(entry);
                phonetic.sort_as = phonetic.sort_as.take().or_else(|| sort_as(entry));
                if names.is_empty() {
                    // [family, given, additional, prefix, suffix]
                    let family = parts.first().cloned().unwrap_or_default();
                    let given = parts.get(1).cloned().unwrap_or_default();
                    let joined = if is_cjk(&family) {
                        format!("{family}{given}")
                    } else {
                        format!("{given} {family}")
                    };
                    phonetic.from_n = Some(joined.trim().to_string());
                }
            }
            VCardProperty::Tel => incoming.contact.phones.push(Phone {
                label: label(entry, true),
                // 4.0 may write the number as a URI: `tel:+48-600-000-001`.
                value: text(entry)
                    .map(|t| t.strip_prefix("tel:").unwrap_or(&t).to_string())
                    .unwrap_or_default(),
            }),
            VCardProperty::Email => incoming.contact.emails.push(Email {
                label: label(entry, false),
                value: text(entry).unwrap_or_default(),
            }),
            VCardProperty::Org => {
                let name = components(entry).into_iter().find(|s| !s.trim().is_empty());
                match (&incoming.org_name, name) {
                    (None, name) => incoming.org_name = name,
                    // A second ORG: the first stays the organization, this
                    // one is kept as a note, and the preview says so.
                    (Some(_), Some(other)) => {
                        incoming.warnings.push(Problem {
                            place: incoming.place.clone(),
                            field: "ORG".into(),
                            message: format!(
                                "a second organization, '{}': kept as a note on the contact",
                                super::incoming::one_line(&other)
                            ),
                        });
                        incoming.notes.push(format!("Also at: {other}"));
                    }
                    (Some(_), None) => {}
                }
            }
            VCardProperty::Nickname if incoming.contact.nickname.is_none() => {
                // `NICKNAME:Kasia,Kaśka`: every one, as written.
                let all: Vec<String> = components(entry)
                    .into_iter()
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty())
                    .collect();
                incoming.contact.nickname = (!all.is_empty()).then(|| all.join(", "));
            }
            // Japanese phones write the name's reading as `SOUND;X-IRMC-N:`,
            // structured like N.
            VCardProperty::Sound if has_param(entry, "X-IRMC-N") => {
                phonetic.irmc = components(entry)
                    .first()
                    .map(|v| spaced(v))
                    .filter(|v| !v.is_empty());
            }
            VCardProperty::Title if incoming.contact.role.is_none() => {
                incoming.contact.role = text(entry)
            }
            VCardProperty::Role if incoming.contact.role.is_none() => {
                incoming.contact.role = text(entry)
            }
            VCardProperty::Adr if city_country.is_none() => {
                // [po box, extended, street, locality, region, code, country]
                let parts = components(entry);
                let at = |i: usize| parts.get(i).cloned().unwrap_or_default();
                city_country = Some((at(3), at(6)));
            }
            VCardProperty::Note => incoming.notes.extend(text(entry)),
            // Kept on the contact: the same card imported again is found by it.
            VCardProperty::Uid if incoming.contact.uid.is_none() => {
                incoming.contact.uid = text(entry)
            }
            VCardProperty::Categories => incoming.contact.tags.extend(components(entry)),
            VCardProperty::Lang => incoming.contact.languages.extend(text(entry)),
            VCardProperty::Other(name) => {
                let upper = name.to_ascii_uppercase();
                let value = text(entry);
                match upper.as_str() {
                    "X-PHONETIC-LAST-NAME" => phonetic.last = value,
                    "X-PHONETIC-FIRST-NAME" => phonetic.first = value,
                    "X-PHONETIC-MIDDLE-NAME" => phonetic.middle = value,
                    "SORT-STRING" => phonetic.sort_string = value,
                    "X-FIELDBOOK-READING" => phonetic.own = value,
                    _ => {}
                }
            }
            _ => {}
        }
    }
    let c: &mut Contact = &mut incoming.contact;
    let display = names.first().cloned().or(phonetic.from_n.clone());
    c.display_name = display.clone().unwrap_or_default();
    // A second FN (4.0 ALTID/LANGUAGE) or a name in Han/kana/Hangul is the
    // name in its own script.
    c.native_name = names
        .iter()
        .skip(1)
        .find(|n| is_cjk(n))
        .cloned()
        .or_else(|| display.filter(|d| is_cjk(d)));
    if c.native_name.as_deref() == Some(c.display_name.as_str())
        && let Some(other) = names.iter().find(|n| !is_cjk(n))
    {
        c.display_name = other.clone();
    }
    c.reading = phonetic.reading();
    if let Some((city, country)) = city_country {
        c.city = Some(city);
        c.country = Some(country);
    }
    incoming.finish()
}

#[derive(Default)]
struct Phonetic {
    own: Option<String>,
    last: Option<String>,
    first: Option<String>,
    middle: Option<String>,
    sort_string: Option<String>,
    sort_as: Option<String>,
    irmc: Option<String>,
    from_n: Option<String>,
}

impl Phonetic {
    fn reading(&self) -> Option<String> {
        if let Some(own) = &self.own {
            return Some(own.clone());
        }
        let parts: Vec<&str> = [&self.last, &self.first, &self.middle]
            .into_iter()
            .flatten()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if !parts.is_empty() {
            return Some(parts.join(" "));
        }
        self.sort_string
            .clone()
            .or(self.sort_as.clone())
            .or(self.irmc.clone())
    }
}

/// The property's value as one text (component parts joined by spaces).
fn text(entry: &VCardEntry) -> Option<String> {
    let parts = components(entry);
    let joined = parts
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// Structured values (`N`, `ADR`, `ORG`) part by part.
fn components(entry: &VCardEntry) -> Vec<String> {
    entry
        .values
        .iter()
        .map(|v| match v {
            VCardValue::Text(s) => s.clone(),
            VCardValue::Component(parts) => parts.join(" "),
            VCardValue::Integer(i) => i.to_string(),
            VCardValue::Float(f) => f.to_string(),
            VCardValue::Boolean(b) => b.to_string(),
            _ => String::new(),
        })
        .collect()
}

fn sort_as(entry: &VCardEntry) -> Option<String> {
    entry
        .params
        .iter()
        .find(|p| p.name == VCardParameterName::SortAs)
        .and_then(|p| match &p.value {
            VCardParameterValue::Text(s) => Some(spaced(s)),
            _ => None,
        })
        .filter(|s| !s.is_empty())
}

/// `あんどう;ろいど` or `Andō,Roido` → `あんどう ろいど`: the parts of a
/// structured reading joined by spaces, empty parts left out.
fn spaced(value: &str) -> String {
    value
        .split([';', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the property carries the bare parameter `name` (`SOUND;X-IRMC-N`).
fn has_param(entry: &VCardEntry, name: &str) -> bool {
    entry.params.iter().any(|p| match &p.name {
        VCardParameterName::Other(n) => n.eq_ignore_ascii_case(name),
        _ => false,
    })
}

/// `TYPE=CELL` → `mobile`, `TYPE=WORK` → `work`...; voice/pref/internet say nothing.
fn label(entry: &VCardEntry, phone: bool) -> String {
    let mut labels = Vec::new();
    for p in &entry.params {
        let value = match (&p.name, &p.value) {
            (VCardParameterName::Type, VCardParameterValue::Type(t)) => t.as_str().to_lowercase(),
            (VCardParameterName::Type, VCardParameterValue::Text(t)) => t.to_lowercase(),
            // vCard 2.1 writes bare types: `TEL;CELL:...`
            (VCardParameterName::Other(name), VCardParameterValue::Null) => name.to_lowercase(),
            _ => continue,
        };
        let value = match value.as_str() {
            "cell" if phone => "mobile".to_string(),
            "voice" | "pref" | "internet" | "x400" | "x-internet" => continue,
            v => v.trim_start_matches("x-").to_string(),
        };
        if !labels.contains(&value) {
            labels.push(value);
        }
    }
    labels.join(" ")
}

/// Contacts as vCard 4.0: `FN` the display name, a second `FN` in the
/// name's own script, the reading as `X-PHONETIC-*` (what phones read) and
/// as `X-FIELDBOOK-READING` (kept whole for our own import).
pub fn write_card(
    out: &mut impl std::fmt::Write,
    c: &Contact,
    org_name: Option<&str>,
) -> std::fmt::Result {
    use calcard::vcard::{VCardEntry as E, VCardParameter as P};
    let mut entries = vec![
        // The UID it came with, so the other address book knows it again.
        E::new(VCardProperty::Uid).with_value(
            c.uid
                .clone()
                .unwrap_or_else(|| format!("urn:uuid:{}", c.meta.id)),
        ),
        E::new(VCardProperty::Fn).with_value(c.display_name.clone()),
        E::new(VCardProperty::N).with_values(vec![
            VCardValue::Text(String::new()),
            VCardValue::Text(c.display_name.clone()),
        ]),
    ];
    if let Some(nickname) = &c.nickname {
        entries.push(E::new(VCardProperty::Nickname).with_value(nickname.clone()));
    }
    if let Some(native) = &c.native_name {
        entries.push(
            E::new(VCardProperty::Fn)
                .with_param(P::language(language_of(native).to_string()))
                .with_value(native.clone()),
        );
    }
    if let Some(reading) = &c.reading {
        let (last, first) = reading.split_once(' ').unwrap_or((reading, ""));
        entries.push(
            E::new(VCardProperty::Other("X-PHONETIC-LAST-NAME".into()))
                .with_value(last.to_string()),
        );
        if !first.is_empty() {
            entries.push(
                E::new(VCardProperty::Other("X-PHONETIC-FIRST-NAME".into()))
                    .with_value(first.trim().to_string()),
            );
        }
        entries.push(
            E::new(VCardProperty::Other("X-FIELDBOOK-READING".into())).with_value(reading.clone()),
        );
    }
    for p in &c.phones {
        let mut e = E::new(VCardProperty::Tel).with_value(p.value.clone());
        if !p.label.is_empty() {
            let label = if p.label == "mobile" {
                "cell"
            } else {
                &p.label
            };
            e = e.with_param(P::typ(label.to_string()));
        }
        entries.push(e);
    }
    for m in &c.emails {
        let mut e = E::new(VCardProperty::Email).with_value(m.value.clone());
        if !m.label.is_empty() {
            e = e.with_param(P::typ(m.label.clone()));
        }
        entries.push(e);
    }
    if let Some(org) = org_name {
        entries.push(E::new(VCardProperty::Org).with_value(org.to_string()));
    }
    if let Some(role) = &c.role {
        entries.push(E::new(VCardProperty::Title).with_value(role.clone()));
    }
    if c.city.is_some() || c.country.is_some() {
        let at = |s: &Option<String>| VCardValue::Text(s.clone().unwrap_or_default());
        entries.push(E::new(VCardProperty::Adr).with_values(vec![
            VCardValue::Text(String::new()),
            VCardValue::Text(String::new()),
            VCardValue::Text(String::new()),
            at(&c.city),
            VCardValue::Text(String::new()),
            VCardValue::Text(String::new()),
            // Other address books expect a country's name here; fieldbook's
            // own import turns it back into the code.
            at(&c.country.as_deref().map(|code| {
                crate::domain::country::name(code)
                    .unwrap_or(code)
                    .to_string()
            })),
        ]));
    }
    if !c.tags.is_empty() {
        entries.push(
            E::new(VCardProperty::Categories)
                .with_values(c.tags.iter().cloned().map(VCardValue::Text).collect()),
        );
    }
    let card = VCard { entries };
    card.write_to(out, VCardVersion::V4_0)
}

fn language_of(name: &str) -> &'static str {
    let has =
        |range: std::ops::RangeInclusive<u32>| name.chars().any(|c| range.contains(&(c as u32)));
    if has(0x3040..=0x30FF) {
        "ja"
    } else if has(0xAC00..=0xD7AF) {
        "ko"
    } else if has(0x4E00..=0x9FFF) {
        // Han alone: Japanese and Chinese names look alike; say neither.
        "und-Hani"
    } else {
        "und"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file big enough to be read on several cores names its cards as a
    /// single reader would.
    #[test]
    fn a_big_file_read_in_pieces_keeps_card_numbers_and_lines() {
        let mut text = String::new();
        for i in 1..=8000 {
            let email = if i == 6001 {
                "broken".to_string()
            } else {
                format!("p{i}@example.org")
            };
            text.push_str(&format!(
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i} with a long enough name for the test\r\nEMAIL:{email}\r\nNOTE:padding padding padding padding padding padding padding\r\nEND:VCARD\r\n"
            ));
        }
        assert!(text.len() > 1 << 20);
        let records = parse(&text).records;
        assert_eq!(records.len(), 8000);
        let problems: Vec<&Problem> = records
            .iter()
            .filter_map(|r| r.as_ref().err())
            .flatten()
            .collect();
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].place,
            format!("card 6001, line {}", 6000 * 6 + 1)
        );
        let last = records[7999].as_ref().unwrap();
        assert_eq!(
            last.contact.display_name,
            "Person 8000 with a long enough name for the test"
        );
        assert_eq!(last.place, format!("card 8000, line {}", 7999 * 6 + 1));
    }
}
