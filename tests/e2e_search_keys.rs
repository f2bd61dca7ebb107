//! The real binary in tmux: each search result, of six kinds, opened by
//! moving to it; and the README's example keys leave `j` and `k` to the
//! search box.
//!
//! NEEDS tmux (SKIPPED loudly without it, unless FIELDBOOK_REQUIRE_TMUX).

use std::path::Path;

use chrono::NaiveDate;
use fieldbook::demo::{DemoOptions, generate};
use fieldbook::store::Store;

mod common;
use common::search_book::{QUERY, drawn_order, readme_config, several_kinds};
use common::tmux::{Tmux, tmux_available};

/// The details pane: the right part of each line (the list is on the left).
fn details_pane(screen: &str, width: usize) -> String {
    let list_width = width * 45 / 100;
    screen
        .lines()
        .map(|l| l.chars().skip(list_width).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn search(tmux: &Tmux) -> String {
    tmux.send(&["C-f"]);
    tmux.wait_text("> _");
    tmux.send(&["-l", QUERY]);
    tmux.wait_for("six results", |s| {
        s.contains(&format!("> {QUERY}_")) && s.contains("Search: 6 found")
    })
}

#[test]
fn each_search_result_opens_the_record_highlighted() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("search.db");
    let mut store = Store::open(&db).unwrap();
    let expected = several_kinds(&mut store);
    drop(store);
    let titles: Vec<&str> = expected.iter().map(|e| e.title).collect();
    let tmux = Tmux::start(120, 40, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("Dashboard");
    let screen = search(&tmux);
    let order = drawn_order(&screen, &titles);
    assert_eq!(
        order.len(),
        titles.len(),
        "not every result is drawn:\n{screen}"
    );
    tmux.send(&["Escape"]);
    tmux.wait_for("search closed", |s| !s.contains("Search: "));
    for e in &expected {
        search(&tmux);
        let downs = order.iter().position(|t| *t == e.title).unwrap();
        for _ in 0..downs {
            tmux.send(&["Down"]);
        }
        tmux.send(&["Enter"]);
        let screen = tmux.wait_for(&format!("{} opened", e.title), |s| {
            !s.contains("Search: ") && details_pane(s, 120).contains(e.detail)
        });
        // The other project is not the one shown.
        for other in expected.iter().filter(|o| o.detail != e.detail) {
            assert!(
                !details_pane(&screen, 120).contains(other.detail),
                "Enter on {} shows {}:\n{screen}",
                e.title,
                other.detail
            );
        }
    }
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
}

fn demo_book(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("keys.db");
    let mut store = Store::open(&db).unwrap();
    let today = NaiveDate::parse_from_str(common::cli::TODAY, "%Y-%m-%d").unwrap();
    let options = DemoOptions {
        scale: 50,
        seed: 5,
        today,
        force: false,
    };
    generate(&mut store, &options).unwrap();
    db
}

#[test]
fn the_readme_keys_leave_j_and_k_to_the_search_box() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let config_dir = dir.path().join("config").join("fieldbook");
    std::fs::create_dir_all(&config_dir).unwrap();
    std::fs::write(config_dir.join("config.toml"), readme_config()).unwrap();
    let tmux = Tmux::start(120, 40, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("OVERDUE follow-ups");
    tmux.send(&["C-f"]);
    tmux.wait_text("> _");
    for (typed, shown) in [
        ("w", "> w_"),
        ("a", "> wa_"),
        ("n", "> wan_"),
        ("j", "> wanj_"),
        ("k", "> wanjk_"),
    ] {
        tmux.send(&["-l", typed]);
        tmux.wait_text(shown);
    }
    // The config is in force: its quit key quits (from the list).
    tmux.send(&["Escape"]);
    tmux.wait_for("search closed", |s| !s.contains("> wanjk_"));
    tmux.send(&["C-q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
}
