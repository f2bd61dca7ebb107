//! A contact as read from an import file, before it meets the book.

use super::Problem;
use crate::domain::{Contact, Email, Phone};

/// One record of the input: the contact (without its organization link,
/// which the plan resolves by name), its organization's name and its notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// Where it came from, for messages: `line 4`, `card 2, line 11`.
    pub place: String,
    pub contact: Contact,
    pub org_name: Option<String>,
    pub notes: Vec<String>,
    /// What is imported but worth a look (a country fieldbook does not
    /// know, kept as written): shown in the preview, never a refusal.
    pub warnings: Vec<Problem>,
}

/// What a file's reader found: its records, and what it says about the
/// file as a whole (columns it does not import, group cards it skipped),
/// which the preview shows above the records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records {
    pub records: Vec<Result<Incoming, Vec<Problem>>>,
    pub notices: Vec<String>,
}

impl Records {
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

impl From<Vec<Result<Incoming, Vec<Problem>>>> for Records {
    fn from(records: Vec<Result<Incoming, Vec<Problem>>>) -> Records {
        Records {
            records,
            notices: Vec::new(),
        }
    }
}

impl Incoming {
    pub fn new(place: String) -> Incoming {
        Incoming {
            place,
            contact: Contact::new(String::new()),
            org_name: None,
            notes: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Neutralises control characters, trims, drops empty values and
    /// duplicates, then checks the domain's rules. Problems name the place.
    pub fn finish(mut self) -> Result<Incoming, Vec<Problem>> {
        let c = &mut self.contact;
        c.display_name = one_line(&c.display_name);
        for field in [&mut c.native_name, &mut c.reading, &mut c.role, &mut c.city] {
            *field = field.as_deref().map(one_line).filter(|s| !s.is_empty());
        }
        c.country = c.country.as_deref().map(one_line).filter(|s| !s.is_empty());
        if let Some(written) = c.country.take() {
            // `Kenya` becomes `KE`; an unknown country is kept as written.
            c.country = Some(match crate::domain::country::parse(&written) {
                Ok(code) => code.to_string(),
                Err(message) => {
                    self.warnings.push(Problem {
                        place: self.place.clone(),
                        field: "country".into(),
                        message: format!("{message}; imported as written"),
                    });
                    written
                }
            });
        }
        self.org_name = self
            .org_name
            .as_deref()
            .map(one_line)
            .filter(|s| !s.is_empty());
        c.uid = c.uid.as_deref().map(one_line).filter(|s| !s.is_empty());
        c.phones = dedup_phones(std::mem::take(&mut c.phones), c.country.as_deref());
        c.emails = dedup_emails(std::mem::take(&mut c.emails));
        c.tags = dedup_text(std::mem::take(&mut c.tags));
        self.notes = self
            .notes
            .iter()
            .map(|n| multi_line(n))
            .filter(|n| !n.trim().is_empty())
            .collect();
        c.nickname = c
            .nickname
            .as_deref()
            .map(one_line)
            .filter(|s| !s.is_empty());
        if c.display_name.is_empty() {
            // A card with only a native name or a reading still names someone.
            if let Some(name) = c.native_name.clone().or_else(|| c.reading.clone()) {
                c.display_name = name;
            }
        }
        if c.display_name.is_empty()
            && let Some((name, from)) = stand_in_name(c, self.org_name.as_deref())
        {
            // A company card, an address a phone saved by itself, a
            // nickname alone: imported under what names it, and said.
            self.warnings.push(Problem {
                place: self.place.clone(),
                field: "name".into(),
                message: format!("no name on the record; named '{name}' from its {from}"),
            });
            self.contact.display_name = name;
        }
        match self.contact.validate() {
            Ok(()) => Ok(self),
            Err(invalid) => Err(invalid
                .0
                .iter()
                .map(|e| Problem {
                    place: self.place.clone(),
                    field: e.field.clone(),
                    message: e.message.clone(),
                })
                .collect()),
        }
    }
}

/// A name for a record that has none: its nickname, else its
/// organization, else its first e-mail's local part (`amina.diop` of
/// `amina.diop@example.org`), with what it was taken from.
fn stand_in_name(c: &Contact, org: Option<&str>) -> Option<(String, &'static str)> {
    if let Some(nickname) = &c.nickname {
        return Some((nickname.clone(), "nickname"));
    }
    if let Some(org) = org {
        return Some((org.to_string(), "organization"));
    }
    let email = c.emails.first()?;
    let local = email.value.split('@').next().unwrap_or("").trim();
    (!local.is_empty()).then(|| (local.to_string(), "e-mail address"))
}

/// Text for a one-line field: control and bidi-override characters removed
/// (an ESC from a hostile file never reaches the terminal or the database),
/// runs of white space made one space.
pub fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || is_hostile(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// As `one_line` but keeps line breaks (notes).
pub fn multi_line(s: &str) -> String {
    s.replace("\r\n", "\n")
        .split('\n')
        .map(|line| {
            line.chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .filter(|&c| !is_hostile(c))
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// What the terminal must never receive (the domain's rule, shared with
/// the UI and the CLI); line breaks and tabs are dealt with by the callers.
fn is_hostile(c: char) -> bool {
    c != '\n' && c != '\t' && crate::domain::text::is_unsafe(c)
}

/// The phones, each number once however it is written (`0700000001` and
/// `+254 700 000001` in Kenya are one).
fn dedup_phones(phones: Vec<Phone>, region: Option<&str>) -> Vec<Phone> {
    let mut out: Vec<Phone> = Vec::new();
    for p in phones {
        // Full-width digits folded, `;ext=` and vanity letters made
        // dialable, a `(WhatsApp)` before the number made a label.
        let written = crate::domain::phone::as_written(&one_line(&p.value));
        let mut label = one_line(&p.label).to_lowercase();
        if let Some(word) = written.label.filter(|w| !label.split(' ').any(|l| l == w)) {
            label = [label.as_str(), word.as_str()].join(" ").trim().to_string();
        }
        let p = Phone {
            label,
            value: written.value,
        };
        if p.value.is_empty()
            || out
                .iter()
                .any(|o| crate::domain::phone::same_number(&o.value, &p.value, region))
        {
            continue;
        }
        out.push(p);
    }
    out
}

fn dedup_emails(emails: Vec<Email>) -> Vec<Email> {
    let mut out: Vec<Email> = Vec::new();
    for e in emails {
        let e = Email {
            label: one_line(&e.label).to_lowercase(),
            value: one_line(&e.value),
        };
        if e.value.is_empty() || out.iter().any(|o| o.value.eq_ignore_ascii_case(&e.value)) {
            continue;
        }
        out.push(e);
    }
    out
}

fn dedup_text(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let item = one_line(&item);
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Han, kana or Hangul: the name is in its own script (a native name).
pub fn is_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32,
            0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
    })
}
