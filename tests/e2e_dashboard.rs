//! End to end, the real binary in tmux: `x` on a dashboard's overdue row
//! marks that follow-up done in the book and takes it off the dashboard.
//!
//! NEEDS tmux. Without it this prints a loud SKIPPED line and passes,
//! unless FIELDBOOK_REQUIRE_TMUX is set (CI sets it, and installs tmux).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use fieldbook::demo::{DemoOptions, generate};
use fieldbook::store::Store;

mod common;
use common::tmux::{Tmux, tmux_available};

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(common::cli::TODAY, "%Y-%m-%d").unwrap()
}

fn demo_db(dir: &Path) -> PathBuf {
    let path = dir.join("dashboard.db");
    let mut store = Store::open(&path).unwrap();
    generate(
        &mut store,
        &DemoOptions {
            scale: 300,
            seed: 5,
            today: today(),
            force: false,
        },
    )
    .unwrap();
    path
}

#[test]
fn x_on_an_overdue_row_marks_it_done_in_the_book_and_takes_it_off() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = Store::open(&db).unwrap().read().dashboard(today()).unwrap();
    let first = before.overdue[0].clone();
    let total = before.overdue_total;
    assert!(total > 20, "the demo has many overdue follow-ups");

    let tmux = Tmux::start(80, 24, dir.path());
    tmux.run_fieldbook(&db);
    // Both lines of the box, on one whole screen (not a half-drawn one).
    let title = format!("OVERDUE follow-ups: {total}");
    let more = format!("(of {total})");
    tmux.wait_for("the overdue box with its total", |s| {
        s.contains(&title) && s.contains(&more)
    });
    // The cursor starts on the first overdue row (the newest overdue).
    tmux.send(&["x"]);
    tmux.wait_text("follow-up done");
    let title = format!("OVERDUE follow-ups: {}", total - 1);
    let more = format!("(of {})", total - 1);
    tmux.wait_for("one fewer overdue", |s| {
        s.contains(&title) && s.contains(&more)
    });
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");

    // In the book: done, and no longer among the overdue.
    let store = Store::open(&db).unwrap();
    let f = store.read().follow_up(first.id).unwrap().unwrap();
    assert!(f.is_done(), "{f:?}");
    let after = store.read().dashboard(today()).unwrap();
    assert_eq!(after.overdue_total, total - 1);
    assert!(after.overdue.iter().all(|l| l.id != first.id));
}
