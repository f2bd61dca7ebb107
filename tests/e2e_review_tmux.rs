//! The conflict review in a real terminal (tmux), on the real binary: two
//! books from one origin (`sync reset-id`), the same field changed on both
//! (`edit`), bundles exchanged (`sync export --plain`, `sync import`); the
//! UI on the Kisumu book shows "Needs review" on its dashboard, `N` lists
//! the conflict, `t` keeps theirs. Then the CLI says the value changed and
//! nothing is left to review; after exchanging again, the Nairobi book has
//! the value and no unresolved conflict either.
//!
//! NEEDS tmux (see `common::tmux`).

use std::path::Path;

mod common;
use common::desks::{conflicts, exchange, race, run, two_desks};
use common::tmux::{Tmux, tmux_available};
use fieldbook::store::Store;
use fieldbook::sync;

const ORG: &str = "Kibera Youth";

/// The organization's city, as `search` prints it.
fn shows(db: &Path, city: &str) -> bool {
    run(db, &["search", ORG]).contains(&format!("{ORG} — {city}"))
}

/// (conflicts recorded, of which unresolved), read with the book closed.
fn recorded(db: &Path) -> (usize, usize) {
    let store = Store::open(db).unwrap();
    (
        sync::review::recorded(&store).unwrap().len(),
        sync::conflict_versions(&store).unwrap().len(),
    )
}

#[test]
fn keep_theirs_in_needs_review_travels_to_the_other_desk() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_desks(dir.path(), ORG);
    race(dir.path(), (&a, &b), ORG, "--city", ("Nairobi", "Kisumu"));
    assert!(shows(&b, "Kisumu") && shows(&a, "Kisumu"));
    assert_eq!(conflicts(&b).len(), 1);

    let tmux = Tmux::start(120, 40, dir.path());
    tmux.run_fieldbook(&b);
    tmux.wait_text("Needs review: 1");
    tmux.send(&["N"]);
    let listed = tmux.wait_text("Needs review (1)");
    assert!(
        listed.contains("organization \"Kibera Youth\": city"),
        "{listed}"
    );
    assert!(
        listed.contains("kept: \"Kisumu\"") && listed.contains("lost: \"Nairobi\""),
        "{listed}"
    );
    tmux.send(&["t"]);
    tmux.wait_text("city: \"Kisumu\" -> \"Nairobi\"; the conflict is resolved");
    tmux.wait_text("Nothing to review");
    tmux.send(&["Escape"]);
    tmux.wait_for("the dashboard without its review box", |s| {
        s.contains("OVERDUE") && !s.contains("Needs review")
    });
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");

    // The CLI on the Kisumu book: the value changed, nothing left to review,
    // the conflict kept as resolved.
    assert!(shows(&b, "Nairobi"));
    assert!(conflicts(&b).is_empty());
    assert_eq!(recorded(&b), (1, 0));

    // Exchange again: the Nairobi book has the value and no open conflict.
    exchange(dir.path(), &a, &b);
    assert!(shows(&a, "Nairobi"));
    assert!(conflicts(&a).is_empty(), "{:?}", conflicts(&a));
    assert_eq!(recorded(&a), (1, 0));
}
