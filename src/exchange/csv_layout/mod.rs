//! Which column of a contacts CSV fills which field: the header rows of
//! Google, Outlook (in English, French, Spanish and Japanese), Thunderbird,
//! LinkedIn and fieldbook's own export are known by name; any other header
//! is guessed from its words (`E-mail`, `Mobile`, `Company`...). Also where
//! the header row is (LinkedIn writes a few `Notes:` lines above it) and
//! which separator the file uses (`,`, the `;` of European Excel, or tab).
//!
//! This file holds the address places and parts, the honorific rule and
//! the separator; `known` has the headers known by name, `guess` reads the
//! others from their words.

use super::csv_in::Field;

mod guess;
mod known;

use guess::guess;
use known::known;

/// Which address a column belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Work,
    Home,
    Other,
}

impl Place {
    pub fn word(self) -> &'static str {
        match self {
            Place::Work => "Work",
            Place::Home => "Home",
            Place::Other => "Other",
        }
    }
}

/// Which part of an address a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Street,
    PoBox,
    City,
    State,
    Postal,
    Country,
}

/// The field a header fills when it is a known name.
pub fn known_field(header: &str) -> Option<Field> {
    known(header.trim())
}

/// The field a header's words suggest, for headers no layout names.
pub fn guessed_field(header: &str) -> Option<Field> {
    guess(header.trim())
}

fn phone(label: &str) -> Field {
    Field::Phone(label.to_string())
}

fn email() -> Field {
    Field::Email(String::new())
}

/// Outlook writes both `Title` (Mr., Dr.) and `Job Title`: with another
/// column for the job, `Title` / `Titre` / `Tratamiento` / `敬称` is the
/// honorific, which fieldbook does not keep (the preview lists it).
pub fn honorifics(headers: &[String], fields: &mut [Field]) {
    let role_columns = fields.iter().filter(|f| **f == Field::Role).count();
    for (header, field) in headers.iter().zip(fields.iter_mut()) {
        let h = header.trim();
        let honorific = matches!(h, "Tratamiento" | "敬称")
            || (matches!(h, "Title" | "Titre") && role_columns > 1);
        if honorific {
            *field = Field::Ignore;
        }
    }
    // French Outlook may write `Titre` twice: the first is the honorific.
    if let Some(first) = headers.iter().position(|h| h.trim() == "Titre")
        && headers.iter().filter(|h| h.trim() == "Titre").count() > 1
    {
        fields[first] = Field::Ignore;
    }
}

/// The separator of the file: `,`, `;` or tab, whichever the first line
/// with any of them (outside quotes) has most of; `,` when none.
pub fn separator(text: &str) -> u8 {
    let mut quoted = false;
    for line in text.lines().take(50) {
        let mut counts = [0usize; 3];
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => counts[0] += 1,
                ';' if !quoted => counts[1] += 1,
                '\t' if !quoted => counts[2] += 1,
                _ => {}
            }
        }
        if counts.iter().any(|&n| n > 0) {
            let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
            return [b',', b';', b'\t'][best];
        }
    }
    b','
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        assert_eq!(separator("Name;Email\nA;a@x.org\n"), b';');
        assert_eq!(separator("Name\tEmail\n"), b'\t');
        assert_eq!(separator("Notes:\n\"a, b; c\"\n\nName,Email\n"), b',');
        assert_eq!(separator("Name\nA\n"), b',');
    }
}
