use super::validate::{Invalid, is_email_shaped, require};
use super::{Id, Meta};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Phone {
    /// `mobile`, `office`, `whatsapp`...; empty when the source had none.
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Email {
    pub label: String,
    pub value: String,
}

/// Parses `label:value` or a bare value, as typed on the command line.
/// A `+` or digit before the colon means there is no label (`+254:...` is not a label).
pub fn split_labelled(s: &str) -> (String, String) {
    match s.split_once(':') {
        Some((label, value))
            if !label.trim().is_empty()
                && label
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '_' || c == ' ') =>
        {
            (label.trim().to_string(), value.trim().to_string())
        }
        _ => (String::new(), s.trim().to_string()),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Contact {
    pub meta: Meta,
    /// The name as the officer writes it day to day (`Doi Kenichi`).
    pub display_name: String,
    /// The name in its own script (`土居健市`).
    pub native_name: Option<String>,
    /// Reading or romanization (`ドイ ケンイチ`).
    pub reading: Option<String>,
    /// What people call them (`Kasia` for Katarzyna): searchable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    pub organization_id: Option<Id>,
    pub role: Option<String>,
    pub phones: Vec<Phone>,
    pub emails: Vec<Email>,
    pub languages: Vec<String>,
    pub country: Option<String>,
    pub city: Option<String>,
    pub tags: Vec<String>,
    /// The vCard UID it was imported with, kept so a re-import finds it
    /// again (export writes it back; `urn:uuid:<id>` when there is none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
}

impl Contact {
    pub fn new(display_name: impl Into<String>) -> Contact {
        Contact {
            meta: Meta::new(),
            display_name: display_name.into(),
            native_name: None,
            reading: None,
            nickname: None,
            organization_id: None,
            role: None,
            phones: Vec::new(),
            emails: Vec::new(),
            languages: Vec::new(),
            country: None,
            city: None,
            tags: Vec::new(),
            uid: None,
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        let mut errors = Invalid::default();
        require(&mut errors, "name", &self.display_name);
        for (i, e) in self.emails.iter().enumerate() {
            if !is_email_shaped(&e.value) {
                errors.push(
                    format!("email[{}]", i + 1),
                    format!("'{}' is not an e-mail address", e.value),
                );
            }
        }
        for (i, p) in self.phones.iter().enumerate() {
            // Kept as people write them (extensions, `*144#`, pauses):
            // only a value with no digit at all is not a number.
            if !super::phone::has_digits(&p.value) {
                errors.push(
                    format!("phone[{}]", i + 1),
                    format!("'{}' is not a phone number (it has no digits)", p.value),
                );
            }
        }
        check_tags(&mut errors, &self.tags);
        errors.into_result()
    }
}

impl Contact {
    /// Takes in what `other` knows that this contact does not: phones and
    /// e-mails not already here (the same number however written, read in
    /// `region` when national; e-mails case-insensitively),
    /// tags and languages, and any field left empty here. Nothing this
    /// contact has is overwritten or lost (a merge of duplicates).
    pub fn absorb(&mut self, other: &Contact, region: Option<&str>) {
        fn fill(mine: &mut Option<String>, theirs: &Option<String>) {
            if mine.as_deref().is_none_or(|s| s.trim().is_empty()) {
                mine.clone_from(theirs);
            }
        }
        fill(&mut self.native_name, &other.native_name);
        fill(&mut self.reading, &other.reading);
        fill(&mut self.nickname, &other.nickname);
        fill(&mut self.role, &other.role);
        fill(&mut self.country, &other.country);
        fill(&mut self.city, &other.city);
        // The UID this contact's own export wrote says nothing new.
        if other.uid.as_deref() != Some(format!("urn:uuid:{}", self.meta.id).as_str()) {
            fill(&mut self.uid, &other.uid);
        }
        if self.organization_id.is_none() {
            self.organization_id = other.organization_id;
        }
        let region = self.country.as_deref().or(region);
        for p in &other.phones {
            if !self
                .phones
                .iter()
                .any(|q| super::phone::same_number(&q.value, &p.value, region))
            {
                self.phones.push(p.clone());
            }
        }
        for e in &other.emails {
            if !self
                .emails
                .iter()
                .any(|f| f.value.eq_ignore_ascii_case(&e.value))
            {
                self.emails.push(e.clone());
            }
        }
        for (mine, theirs) in [
            (&mut self.tags, &other.tags),
            (&mut self.languages, &other.languages),
        ] {
            for item in theirs {
                if !mine.contains(item) {
                    mine.push(item.clone());
                }
            }
        }
    }
}

pub(crate) fn check_tags(errors: &mut Invalid, tags: &[String]) {
    for (i, t) in tags.iter().enumerate() {
        if t.trim().is_empty() {
            errors.push(format!("tag[{}]", i + 1), "is empty");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absorbing_a_duplicate_keeps_everything_from_both() {
        let mut mine = Contact::new("Amina N'Diaye");
        mine.role = Some("Director".into());
        mine.phones.push(Phone {
            label: "mobile".into(),
            value: "+221 77 000 0001".into(),
        });
        let mut theirs = Contact::new("Amina Ndiaye");
        theirs.role = Some("Coordinator".into());
        theirs.city = Some("Dakar".into());
        theirs.phones.push(Phone {
            label: String::new(),
            value: "+221770000001".into(),
        });
        theirs.emails.push(Email {
            label: "work".into(),
            value: "amina@example.org".into(),
        });
        mine.absorb(&theirs, None);
        assert_eq!(mine.display_name, "Amina N'Diaye");
        assert_eq!(mine.role.as_deref(), Some("Director"));
        assert_eq!(mine.city.as_deref(), Some("Dakar"));
        assert_eq!(mine.phones.len(), 1, "the same number in another form");
        assert_eq!(mine.emails.len(), 1);
    }

    #[test]
    fn labelled_values() {
        assert_eq!(
            split_labelled("work:doi@x.org"),
            ("work".into(), "doi@x.org".into())
        );
        assert_eq!(
            split_labelled("+254 700 000001"),
            (String::new(), "+254 700 000001".into())
        );
        assert_eq!(
            split_labelled("mobile: +254 7"),
            ("mobile".into(), "+254 7".into())
        );
    }

    #[test]
    fn validation_names_fields() {
        let mut c = Contact::new(" ");
        c.emails.push(Email {
            label: String::new(),
            value: "nope".into(),
        });
        c.phones.push(Phone {
            label: String::new(),
            value: "call me".into(),
        });
        let err = c.validate().unwrap_err().to_string();
        assert!(err.contains("name: is required"), "{err}");
        assert!(err.contains("email[1]: 'nope'"), "{err}");
        assert!(err.contains("phone[1]: 'call me'"), "{err}");
    }
}
