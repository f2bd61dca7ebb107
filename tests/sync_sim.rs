//! The simulation benchmark on a small scale (issue 17): 4 desks x 4 weeks
//! exchanging weekly through a hub book converge, list the same-field races
//! as conflicts, and the same seed makes the same run.

mod common;

use common::cli::fieldbook;
use fieldbook::sync::sim::{self, Params};
use predicates::str::contains;

fn params(dir: &std::path::Path, seed: u64) -> Params {
    Params {
        desks: 4,
        weeks: 4,
        writes_per_month: 200,
        seed,
        encrypted: false,
        dir: dir.to_path_buf(),
    }
}

#[test]
fn four_desks_for_four_weeks_converge_through_the_hub() {
    let dir = tempfile::tempdir().unwrap();
    let s = sim::run(&params(&dir.path().join("run"), 7)).unwrap();
    assert_eq!(
        s.differing,
        Vec::<usize>::new(),
        "every desk holds the hub's records"
    );
    assert_eq!(s.held, 0);
    assert_eq!(
        s.refused, 0,
        "the generator only makes writes the store accepts"
    );
    assert!(s.writes > 4 * 4 * 30, "{} writes", s.writes);
    assert!(s.shared_edits > 0);
    // The hub saw every race; each desk the races it was not the last in.
    assert!(
        s.hub_conflicts > 0,
        "shared records edited by two desks in a week race"
    );
    assert_eq!(s.weeks.len(), 4);
    // Each week: one bundle from each desk, one from the hub for each desk;
    // plus the first bundle of the head office's records for each desk.
    assert_eq!(s.bundles.len(), 4 + 4 * 4 * 2);
    assert_eq!(s.desk_books.len(), 4);
}

#[test]
fn the_same_seed_makes_the_same_edits_and_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let a = sim::run(&params(&dir.path().join("a"), 11)).unwrap();
    let b = sim::run(&params(&dir.path().join("b"), 11)).unwrap();
    let c = sim::run(&params(&dir.path().join("c"), 12)).unwrap();
    assert_eq!((a.writes, a.shared_edits), (b.writes, b.shared_edits));
    assert_eq!(a.hub_conflicts, b.hub_conflicts);
    assert_eq!(a.desk_conflicts, b.desk_conflicts);
    assert_ne!(
        (a.writes, a.hub_conflicts, a.desk_conflicts),
        (c.writes, c.hub_conflicts, c.desk_conflicts)
    );
}

#[test]
fn the_command_prints_its_figures_and_says_the_books_converged() {
    let dir = tempfile::tempdir().unwrap();
    fieldbook(&dir.path().join("unused.db"))
        .env("TMPDIR", dir.path())
        .args([
            "bench",
            "sync-sim",
            "--desks",
            "3",
            "--weeks",
            "2",
            "--encrypted",
        ])
        .assert()
        .success()
        .stdout(contains("3 desks x 2 weeks"))
        .stdout(contains("per week min"))
        .stdout(contains("bundles: 15 files"))
        .stdout(contains("conflicts: "))
        .stdout(contains("converged: all 4 books hold the same records"));
}
