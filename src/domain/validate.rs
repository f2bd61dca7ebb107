//! Validation errors that name the field they are about.

use std::fmt;

/// One problem with one field of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name as the user sees it (`name`, `email[2]`, `end`).
    pub field: String,
    pub message: String,
}

/// Every problem found in one record; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// `Ok(())` when nothing was pushed, so validators can end with `errors.into_result()`.
    pub fn into_result(self) -> Result<(), Invalid> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }

    /// The message for one field, if that field has a problem (used by forms).
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", e.field, e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}

/// Trims and turns an empty string into `None`.
pub fn clean_opt(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

pub(crate) fn require(errors: &mut Invalid, field: &str, value: &str) {
    if value.trim().is_empty() {
        errors.push(field, "is required");
    }
}

/// A deliberately loose e-mail shape check: one `@`, something before it, a dot
/// after it, no spaces. Real validation is the mail server's job.
pub fn is_email_shaped(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
        && domain.split('.').filter(|p| !p.is_empty()).count() >= 2
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_shapes() {
        assert!(is_email_shaped("doi@example.org"));
        assert!(is_email_shaped("a.b+c@mail.co.ke"));
        assert!(!is_email_shaped("doi.example.org"));
        assert!(!is_email_shaped("doi@example"));
        assert!(!is_email_shaped("@example.org"));
        assert!(!is_email_shaped("a b@example.org"));
        assert!(!is_email_shaped("a@b@example.org"));
        assert!(!is_email_shaped("a@example.org."));
    }

    #[test]
    fn display_names_every_field() {
        let mut e = Invalid::default();
        e.push("name", "is required");
        e.push("email[1]", "'x' is not an e-mail address");
        assert_eq!(
            e.to_string(),
            "name: is required; email[1]: 'x' is not an e-mail address"
        );
        assert_eq!(e.for_field("name"), Some("is required"));
    }
}
