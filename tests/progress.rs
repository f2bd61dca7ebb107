//! Progress on long work (issue 14 part 9): on a terminal, `fieldbook
//! import` of a big file shows its phase, count, rate and time left on
//! standard error, and takes the line away when done; piped, standard
//! error has no progress text at all.

mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use common::cli::fieldbook;
use common::tmux::{Tmux, tmux_available};

/// `count` distinct people, each with an e-mail, an organization and a note.
fn write_cards(path: &Path, count: usize) {
    let mut text = String::new();
    for i in 0..count {
        let _ = write!(
            text,
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:progress-{i}\r\nFN:Person {i}\r\nEMAIL:person{i}@example.org\r\nORG:Partner {}\r\nNOTE:Met at the forum.\r\nEND:VCARD\r\n",
            i % 50
        );
    }
    std::fs::write(path, text).unwrap();
}

/// The shell said the import ended (the typed command line says it too,
/// but not at the start of a line).
fn ended(screen: &str) -> bool {
    screen.lines().any(|l| l.starts_with("IMPORT-EXITED-"))
}

#[test]
fn import_on_a_terminal_shows_phase_count_rate_and_time_left() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.vcf");
    write_cards(&file, 20_000);
    let tmux = Tmux::start(160, 40, dir.path());
    tmux.wait_text("test-prompt$");
    tmux.type_line(&format!(
        "{} --db {} import {} --quiet; echo IMPORT-EXITED-$?",
        env!("CARGO_BIN_EXE_fieldbook"),
        dir.path().join("book.db").display(),
        file.display()
    ));
    // The writing phase: `writing [===>   ] 4,500/20,000 1,234/s 12s left (3s)`.
    // Waited for on a loaded machine: until it shows or the import ends.
    let started = Instant::now();
    let bar = loop {
        let screen = tmux.screen();
        if let Some(line) = screen
            .lines()
            .find(|l| l.starts_with("writing [") && l.contains("/20,000"))
        {
            break line.to_string();
        }
        assert!(
            !ended(&screen),
            "the import ended without a progress line:\n{screen}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "no progress line in 180 s:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(30));
    };
    assert!(bar.contains("/s"), "a rate: {bar}");
    assert!(bar.contains(" left"), "time left: {bar}");
    let started = Instant::now();
    let screen = loop {
        let screen = tmux.screen();
        if ended(&screen) {
            break screen;
        }
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "the import did not end in 180 s:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(30));
    };
    assert!(screen.contains("IMPORT-EXITED-0"), "{screen}");
    assert!(
        screen.contains("Imported: 20000 new contact(s)"),
        "{screen}"
    );
    // Done: the progress line is taken away, the summary stays.
    assert!(!screen.contains("writing ["), "{screen}");
}

#[test]
fn piped_standard_error_has_no_progress_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.vcf");
    write_cards(&file, 3_000);
    let db = dir.path().join("book.db");
    let out = fieldbook(&db)
        .args(["import", "--quiet"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Imported: 3000 new contact(s)"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "nothing on stderr"
    );
    // Nor for the other long commands.
    for args in [
        vec!["export", "--format", "vcard", "--out"],
        vec!["export", "--format", "xlsx", "--out"],
    ] {
        let out_path = dir.path().join(format!("out-{}", args[2]));
        let out = fieldbook(&db).args(&args).arg(&out_path).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
    let out = fieldbook(&db).args(["import", "--undo"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
