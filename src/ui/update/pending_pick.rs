//! What Tab does with a name typed into a picker but not yet taken with
//! Enter. Leaving the field must never drop it silently: the name is taken
//! when it names exactly one record, becomes a new record (shown as
//! "(new)") where the field can create one and no record has that name, and
//! otherwise the field stays, saying why.

use crate::domain::RecordKind;
use crate::domain::text::fold;

use super::super::editor::Picker;

#[derive(Debug, PartialEq, Eq)]
pub(super) enum Pending {
    /// Nothing typed: leave as usual.
    Nothing,
    /// The hit at this index in the picker is the one named.
    Take(usize),
    /// Nobody by that name, and the field creates one (an organization).
    New(String),
    /// Stay in the field; the message says what to do.
    Stay(String),
}

/// Resolves the typed query against the picker's hits (which are always
/// those of the query: a pick runs before the next key is read).
pub(super) fn resolve(picker: &Picker, kind: RecordKind, creates_new: bool) -> Pending {
    let query = picker.query.trim();
    if query.is_empty() {
        return Pending::Nothing;
    }
    let wanted = fold(query);
    let exact: Vec<usize> = picker
        .hits
        .iter()
        .enumerate()
        .filter(|(_, (_, name))| fold(name) == wanted)
        .map(|(i, _)| i)
        .collect();
    let what = kind.label();
    match (exact.as_slice(), picker.hits.len()) {
        ([one], _) => Pending::Take(*one),
        ([_, _, ..], _) => Pending::Stay(format!(
            "{} {what}s are named '{query}': choose one with Up/Down and Enter",
            exact.len()
        )),
        // Shown as "(new)" in the field before anything is saved.
        ([], _) if creates_new => Pending::New(query.to_string()),
        ([], 0) if kind == RecordKind::Contact => Pending::Stay(format!(
            "nobody is named '{query}': Enter adds them as a new contact"
        )),
        ([], 0) => Pending::Stay(format!("no {what} matches '{query}'")),
        ([], n) => Pending::Stay(format!(
            "'{query}' begins {n} {what} name(s): pick with Up/Down and Enter, or type it whole"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::new_id;

    fn picker(query: &str, names: &[&str]) -> Picker {
        Picker {
            query: query.into(),
            hits: names.iter().map(|n| (new_id(), n.to_string())).collect(),
            cursor: 0,
            who: Default::default(),
        }
    }

    #[test]
    fn an_exact_name_is_taken_whatever_is_highlighted() {
        let p = picker(
            "homa bay county",
            &["Homa Bay County Health Office", "Homa Bay County"],
        );
        assert_eq!(
            resolve(&p, RecordKind::Organization, true),
            Pending::Take(1)
        );
    }

    #[test]
    fn a_new_organization_is_created_and_a_prefix_stays() {
        let none = picker("Homa Bay County", &[]);
        assert_eq!(
            resolve(&none, RecordKind::Organization, true),
            Pending::New("Homa Bay County".into())
        );
        let longer = picker("Homa Bay County", &["Homa Bay County Health Office"]);
        assert_eq!(
            resolve(&longer, RecordKind::Organization, true),
            Pending::New("Homa Bay County".into())
        );
        let prefix = picker("Wanjiru", &["Wanjiru Kamau"]);
        assert!(matches!(
            resolve(&prefix, RecordKind::Contact, false),
            Pending::Stay(m) if m.contains("begins 1 contact")
        ));
        let two = picker("Doi Kenichi", &["Doi Kenichi", "Doi Kenichi"]);
        assert!(matches!(
            resolve(&two, RecordKind::Contact, false),
            Pending::Stay(m) if m.starts_with("2 contacts")
        ));
        let nobody = picker("Zawadi", &[]);
        assert!(matches!(
            resolve(&nobody, RecordKind::Contact, false),
            Pending::Stay(m) if m.contains("Enter adds them")
        ));
        assert_eq!(
            resolve(&picker("  ", &[]), RecordKind::Contact, false),
            Pending::Nothing
        );
    }
}
