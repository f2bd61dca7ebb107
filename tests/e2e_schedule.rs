//! End to end, the real binary in tmux: `S` on a project proposes its
//! reporting schedule in the confirm popup; yes writes it (with the offsets
//! of config.toml), and the Deliverables tab lists it; `x` moves one on,
//! `u` puts it back; `S` again says the schedule is all there.
//!
//! NEEDS tmux. Without it this prints a loud SKIPPED line and passes,
//! unless FIELDBOOK_REQUIRE_TMUX is set (CI sets it, and installs tmux).

use std::path::Path;

use fieldbook::domain::{Deliverable, DeliverableStatus};
use fieldbook::store::Store;

mod common;
use common::cli::fieldbook;
use common::tmux::{Tmux, tmux_available, wait_until};

fn deliverables(db: &Path) -> Vec<Deliverable> {
    let store = Store::open(db).unwrap();
    let mut all = Vec::new();
    store
        .read()
        .each_deliverable(|d| {
            all.push(d);
            Ok(())
        })
        .unwrap();
    all.sort_by_key(|d| (d.due_date, d.kind));
    all
}

#[test]
fn proposing_a_schedule_from_a_project_and_confirming_it() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    fieldbook(&db)
        .args([
            "add",
            "project",
            "--title",
            "Farmers' school",
            "--ref",
            "JPP-KE-01",
            "--start",
            "2026-02-01",
            "--end",
            "2026-09-30",
            "--status",
            "in_progress",
        ])
        .assert()
        .success();
    // The offsets are the officer's settings.
    let config = dir.path().join("config/fieldbook");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[schedule]\nquarterly_report_days = 20\ncompletion_report_days = 45\n",
    )
    .unwrap();

    let tmux = Tmux::start(120, 40, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("Dashboard");
    tmux.send(&["4"]);
    tmux.wait_for("the project selected in its list", |s| {
        s.contains("JPP-KE-01") && s.contains("Status history")
    });
    tmux.send(&["S"]);
    let asked = tmux.wait_text("Are you sure?");
    assert!(asked.contains("Add to JPP-KE-01"), "{asked}");
    assert!(asked.contains("2 quarterly reports"), "{asked}");
    assert!(asked.contains("2 quarterly expenditure"), "{asked}");
    assert!(asked.contains("due 2026-04-15 to 2026-11-14"), "{asked}");
    assert!(
        deliverables(&db).is_empty(),
        "nothing is written before yes"
    );
    tmux.send(&["y"]);
    tmux.wait_text("5 deliverables added");
    let written = deliverables(&db);
    assert_eq!(written.len(), 5);
    assert_eq!(written[0].due_date.to_string(), "2026-04-15");
    assert_eq!(written[1].due_date.to_string(), "2026-04-20");
    assert_eq!(written[4].due_date.to_string(), "2026-11-14");
    // The project's details show its calendar, the late ones flagged
    // (the day is 2026-11-28: all five are overdue).
    tmux.wait_for("the calendar in the details", |s| {
        s.contains("Calendar") && s.contains("2026-04-20 Quarterly report to 2026-03-31  OVERDUE")
    });

    // The Deliverables tab lists them, soonest first; x submits the first.
    tmux.send(&["9"]);
    tmux.wait_for("the deliverables list", |s| {
        s.contains("Deliverables") && s.contains("Quarterly expenditure report to 2026-03-31")
    });
    tmux.send(&["x"]);
    tmux.wait_text("submitted on 2026-11-28");
    wait_until("the first one submitted in the book", || {
        deliverables(&db)[0].status == DeliverableStatus::Submitted
    });
    tmux.send(&["u"]);
    wait_until("the submission undone", || {
        let d = &deliverables(&db)[0];
        d.status == DeliverableStatus::Due && d.submitted_on.is_none()
    });

    // Proposed again: nothing new to add, said without a question.
    tmux.send(&["4"]);
    tmux.wait_text("Status history");
    tmux.send(&["S"]);
    tmux.wait_text("its schedule is all there (5 deliverables)");
    assert_eq!(deliverables(&db).len(), 5);
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
}
