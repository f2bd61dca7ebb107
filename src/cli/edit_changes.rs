//! What `fieldbook edit` changed, field by field, and how a value is shown
//! in its report (`role: Programme officer -> Director`, `(none)` for empty).

use crate::domain::validate::clean_opt;

/// What an edit changed, one line per field: `role: Programme officer -> Director`.
#[derive(Default)]
pub(super) struct Changes(pub(super) Vec<String>);

impl Changes {
    /// Sets `field` to `new` when it differs, noting the change as shown by `show`.
    pub(super) fn set<T: PartialEq>(
        &mut self,
        label: &str,
        field: &mut T,
        new: T,
        show: impl Fn(&T) -> String,
    ) {
        if *field != new {
            self.0
                .push(format!("{label}: {} -> {}", show(field), show(&new)));
            *field = new;
        }
    }

    /// A text field given as a flag (`None`: not given; empty: cleared).
    pub(super) fn text(&mut self, label: &str, field: &mut Option<String>, flag: &Option<String>) {
        if flag.is_some() {
            self.set(label, field, clean_opt(flag.clone()), optional);
        }
    }

    /// A list given as a repeatable flag: `flags` as typed (none: the list
    /// is left as it is; only empty values: it is cleared), `new` the list
    /// they make.
    pub(super) fn list<T: PartialEq>(
        &mut self,
        label: &str,
        field: &mut Vec<T>,
        flags: &[String],
        new: Vec<T>,
        show: impl Fn(&T) -> String,
    ) {
        if !flags.is_empty() {
            self.set(label, field, new, |items| {
                let shown: Vec<String> = items.iter().map(&show).collect();
                if shown.is_empty() {
                    "(none)".into()
                } else {
                    shown.join(", ")
                }
            });
        }
    }
}

/// The values of a repeatable flag that say something: `--tag ""` alone
/// clears the list.
pub(super) fn non_empty(flags: &[String]) -> Vec<String> {
    flags
        .iter()
        .filter(|v| !v.trim().is_empty())
        .cloned()
        .collect()
}

/// A text as shown in a change: `(none)` when empty.
pub(super) fn shown(value: &str) -> String {
    if value.is_empty() {
        "(none)".into()
    } else {
        value.to_string()
    }
}

pub(super) fn optional(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "(none)".into())
}
