//! One line per record an import matched with a contact: what it matched,
//! why, and what was done with it. The preview lists them before, the CLI's
//! summary after, so nothing is skipped or merged without being named.

use super::incoming::one_line;
use super::plan::{Choice, DuplicateOf, Item, Plan};

/// `card 3, line 17: 'Amina Sow' is 'Amina Sow' in the book (same e-mail
/// amina@x.org) -> skip`.
pub fn line(item: &Item) -> String {
    let action = match (
        item.duplicate.as_ref().is_some_and(|d| d.possible),
        item.choice,
    ) {
        (true, _) => "imported as a new contact",
        (false, Choice::Skip) => "skip",
        (false, Choice::Merge) => "merge",
        (false, Choice::Create) => "create anyway",
    };
    format!("{} -> {action}", what(item))
}

/// The record, what it matched and why.
fn what(item: &Item) -> String {
    let Some(dup) = &item.duplicate else {
        return String::new();
    };
    let of = match &dup.of {
        DuplicateOf::Existing { name, .. } => format!("'{}' in the book", one_line(name)),
        DuplicateOf::Earlier { place, .. } => format!("the record at {place}"),
    };
    let verb = if dup.possible { "may be" } else { "is" };
    format!(
        "{}: '{}' {verb} {of} ({})",
        item.incoming.place,
        one_line(&item.incoming.contact.display_name),
        one_line(&dup.reason)
    )
}

/// After the import: every record skipped or merged, one line each, then
/// every possible duplicate that was imported.
pub fn summary(plan: &Plan) -> Vec<String> {
    let done = |item: &Item| match item.choice {
        Choice::Skip => "skipped",
        Choice::Merge => "merged",
        Choice::Create => "imported",
    };
    // `what`, not `line`: the verb in front already says what was done.
    plan.duplicates()
        .chain(plan.possible_duplicates())
        .filter(|i| i.choice != Choice::Create || i.duplicate.as_ref().is_some_and(|d| d.possible))
        .map(|item| format!("{} {}", done(item), what(item)))
        .collect()
}
