//! A big import in the real binary (issue 14 part 9): while 30,000 cards
//! are read and planned, the message line says what is being done and a
//! key still moves the list; the preview and the summary then come as
//! before. (Before, the UI planned on its own thread: the screen froze
//! with nothing to say until the preview appeared.)
//!
//! NEEDS tmux (SKIPPED loudly without it, unless FIELDBOOK_REQUIRE_TMUX).

use std::path::{Path, PathBuf};

use fieldbook::domain::{Contact, Email};
use fieldbook::store::Store;

mod common;
use common::tmux::{Tmux, tmux_available};

const CARDS: usize = 30_000;

/// Two people, each with an e-mail the details pane shows when selected.
fn book(dir: &Path) -> PathBuf {
    let db = dir.join("long.db");
    let mut store = Store::open(&db).unwrap();
    for (name, mail) in [
        ("Achieng Alpha", "achieng@alpha.example"),
        ("Baraka Beta", "baraka@beta.example"),
    ] {
        let mut contact = Contact::new(name);
        contact.emails.push(Email {
            label: "work".into(),
            value: mail.into(),
        });
        store.write(|tx| tx.save_contact(&contact)).unwrap();
    }
    db
}

/// `n` distinct people, each with a UID and an e-mail of their own.
fn cards(path: &Path, n: usize) {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:big-{i}\r\nFN:Zuri {i:05}\r\nEMAIL:zuri{i}@example.org\r\nEND:VCARD\r\n"
        ));
    }
    std::fs::write(path, text).unwrap();
}

/// The message line's progress while the file is read or compared.
fn shows_progress(screen: &str) -> bool {
    screen.contains("reading the records of") || screen.contains("comparing with the book")
}

#[test]
fn a_30000_card_import_shows_progress_and_keys_keep_working() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let file = dir.path().join("big.vcf");
    cards(&file, CARDS);

    let tmux = Tmux::start(120, 30, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("Dashboard");
    tmux.send(&["2"]);
    tmux.wait_text("achieng@alpha.example");
    tmux.send(&["I"]);
    tmux.wait_text("File to import");
    tmux.type_line(&file.display().to_string());

    // While it plans: the phase in the message line, and a key answered.
    tmux.wait_for("progress in the message line", shows_progress);
    tmux.send(&["j"]);
    tmux.wait_for("the list moved while the import was planned", |s| {
        s.contains("baraka@beta.example") && !s.contains("import as shown")
    });

    // Then the preview and the summary, as before.
    tmux.wait_for("the preview", |s| s.contains("import as shown"));
    tmux.send(&["y"]);
    let screen = tmux.wait_for("the summary", |s| {
        s.contains("Imported: 30000 new contact(s), 0 merged, 0 skipped")
    });
    assert!(!shows_progress(&screen), "{screen}");
}

#[test]
fn quitting_while_an_import_is_written_finishes_it_first() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let file = dir.path().join("big.vcf");
    cards(&file, CARDS);

    let tmux = Tmux::start(120, 30, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("Dashboard");
    tmux.send(&["I"]);
    tmux.wait_text("File to import");
    tmux.type_line(&file.display().to_string());
    tmux.wait_for("the preview", |s| s.contains("import as shown"));
    // Confirmed, then quit at once: the import is written all the same.
    tmux.send(&["y"]);
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
    let store = Store::open(&db).unwrap();
    let found = store
        .read()
        .search("zuri29999@example.org", None, 5)
        .unwrap();
    assert_eq!(found.len(), 1, "the import was written before the UI ended");
}
