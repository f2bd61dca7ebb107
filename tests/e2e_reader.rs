//! The reader, in the real binary at 80x24: a 2,000-character observation,
//! logged through the CLI, read to its last word from the timeline by
//! scrolling, then `e` edits it.
//!
//! NEEDS tmux (SKIPPED loudly without it, unless FIELDBOOK_REQUIRE_TMUX).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use fieldbook::domain::*;
use fieldbook::store::Store;

mod common;
use common::cli::fieldbook;
use common::tmux::{Tmux, tmux_available};

/// 400 numbered words: `n001 n002 ... n400.`, exactly 2,000 characters.
fn observation() -> String {
    let words: Vec<String> = (1..=400).map(|i| format!("n{i:03}")).collect();
    let text = format!("{}.", words.join(" "));
    assert_eq!(text.chars().count(), 2000);
    text
}

/// A contact, and a visit with her logged by `fieldbook log-visit`.
fn book(dir: &Path) -> PathBuf {
    let db = dir.join("reader.db");
    let mut store = Store::open(&db).unwrap();
    let wanjiru = Contact::new("Wanjiru Achieng");
    store.write(|tx| tx.save_contact(&wanjiru)).unwrap();
    drop(store);
    fieldbook(&db)
        .args(["log-visit", "--date", "2026-11-20", "--place", "Homa Bay"])
        .args([
            "--with",
            "Wanjiru Achieng",
            "--observations",
            &observation(),
        ])
        .assert()
        .success();
    db
}

/// The reader's "rows 1-18 of 40, more below", from its bottom border.
fn position(screen: &str) -> Option<String> {
    let line = screen
        .lines()
        .find(|l| l.contains(" rows ") && l.contains(" of "))?;
    let start = line.find(" rows ")?;
    Some(line[start..].trim_end_matches(['┘', ' ', '─']).to_string())
}

/// The numbered words on the screen.
fn words_on(screen: &str) -> BTreeSet<u32> {
    screen
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(|w| w.strip_prefix('n')?.parse().ok())
        .collect()
}

#[test]
fn a_2000_character_observation_is_read_to_its_last_word_at_80x24() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let tmux = Tmux::start(80, 24, dir.path());
    tmux.run_fieldbook(&db);
    // The tab bar: "1 Home" once the tabs do not fit in full (80 columns).
    tmux.wait_for("the UI", |s| {
        s.contains("1 Dashboard") || s.contains("1 Home")
    });
    tmux.send(&["2"]);
    tmux.wait_text("Wanjiru Achieng");
    // To the timeline (list -> details -> timeline), then Enter on the visit.
    tmux.send(&["Tab", "Tab"]);
    tmux.wait_text("reads it whole");
    tmux.send(&["Enter"]);
    // The page's position is drawn last (the bottom border): once it shows,
    // the page above it is whole.
    let mut screen = tmux.wait_for("the reader", |s| {
        position(s).is_some_and(|p| p.contains("more below"))
    });
    assert!(screen.contains("Observations"), "{screen}");
    let mut seen = words_on(&screen);
    assert!(
        !seen.contains(&400),
        "it does not all fit at once:\n{screen}"
    );
    // Page down until the end shows; every page is read on the way.
    let mut pages = 0;
    while !screen.contains("n400.") {
        pages += 1;
        assert!(pages < 10, "never reached the last word:\n{screen}");
        let before = position(&screen);
        tmux.send(&["PageDown"]);
        screen = tmux.wait_for("the next page", |s| {
            position(s).is_some() && position(s) != before
        });
        seen.extend(words_on(&screen));
    }
    assert!(screen.contains("the end"), "{screen}");
    let all: BTreeSet<u32> = (1..=400).collect();
    assert_eq!(
        all.difference(&seen).copied().collect::<Vec<_>>(),
        Vec::<u32>::new(),
        "words never shown"
    );
    // Up and back to the top with the keys the footer names.
    tmux.send(&["g"]);
    tmux.wait_for("the top again", |s| {
        position(s).is_some_and(|p| p.contains("rows 1-")) && s.contains("n001")
    });
    // e edits it: the visit editor, on this visit.
    tmux.send(&["e"]);
    let screen = tmux.wait_text("Edit visit");
    assert!(
        screen.contains("Homa Bay") && screen.contains("Wanjiru Achieng"),
        "{screen}"
    );
    tmux.send(&["Escape"]);
    tmux.wait_for("the editor closed", |s| !s.contains("Edit visit"));
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
}
