//! Imports and reports off the UI thread (issue 14 part 9): while a
//! 30,000-card file is read, planned and written, keys keep moving the
//! list, the message line shows the phase, count and percent, a second
//! import is refused, and the preview and summary are those of the
//! synchronous path (the tests' harness, which has no worker).

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::ui_harness::Harness;
use fieldbook::ui::long_work::LongWork;
use fieldbook::ui::state::Overlay;

const CARDS: usize = 30_000;
const SIZE: (u16, u16) = (140, 40);

/// `n` distinct people, each with a UID and an e-mail of their own.
fn write_cards(path: &Path, n: usize) {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:long-work-{i}\r\nFN:Person {i:05}\r\nN:{i:05};Person;;;\r\nEMAIL:person{i}@example.org\r\nEND:VCARD\r\n"
        ));
    }
    std::fs::write(path, text).unwrap();
}

/// A harness whose imports and reports run on the long-work thread, as in
/// the terminal.
fn with_worker() -> Harness {
    let mut h = Harness::new(30, SIZE);
    h.rt.long_work = Some(LongWork::new(h.store.path()));
    h
}

/// Waits for the work to end, keeping every progress line shown meanwhile.
fn wait_for_result(h: &mut Harness) -> Vec<String> {
    let start = Instant::now();
    let mut lines = Vec::new();
    loop {
        let ended = h.wait_long_work(Duration::from_millis(20));
        if ended {
            return lines;
        }
        if let Some(m) = &h.app.message
            && lines.last() != Some(&m.text)
        {
            lines.push(m.text.clone());
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the work never ended; seen: {lines:?}"
        );
    }
}

fn message(h: &Harness) -> String {
    h.app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

fn preview(h: &Harness) -> String {
    match &h.app.overlay {
        Overlay::ImportPreview(screen) => screen.planned.preview.clone(),
        other => panic!("no import preview: {other:?}, {:?}", h.app.message),
    }
}

#[test]
fn keys_keep_working_while_a_big_import_runs_and_it_ends_as_before() {
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("big.vcf");
    write_cards(&file, CARDS);
    let path = file.display().to_string();

    // The synchronous path: what the preview and the summary must be.
    let mut sync = Harness::new(30, SIZE);
    sync.press(&["esc", "2", "I"]);
    sync.type_text(&path);
    sync.press(&["enter"]);
    let sync_preview = preview(&sync);
    sync.press(&["y"]);
    let sync_summary = message(&sync);
    assert!(
        sync_summary.starts_with("Imported: 30000 new contact(s)"),
        "{sync_summary}"
    );

    let mut h = with_worker();
    h.press(&["esc", "2"]);
    let first = h.selected_name();
    h.press(&["I"]);
    h.type_text(&path);
    h.press(&["enter"]);
    assert!(h.working(), "the import runs off the UI thread");
    assert_eq!(h.app.overlay, Overlay::None, "the screen is free meanwhile");
    // Keys are answered at once while it runs: the list moves.
    h.press(&["j"]);
    let second = h.selected_name();
    assert_ne!(first, second, "j moved the list");
    assert!(h.working(), "the key was answered while the import ran");
    // The message line says what it is doing.
    h.poll_long_work();
    let line = message(&h);
    assert!(
        line.starts_with("reading") || line.starts_with("comparing"),
        "{line}"
    );
    // A second import while it runs is refused, saying why.
    h.press(&["I"]);
    h.type_text(&path);
    h.press(&["enter"]);
    let refused = h.app.message.clone().unwrap();
    assert!(refused.is_error, "{refused:?}");
    assert!(
        refused.text.starts_with("an import is still running ("),
        "{}",
        refused.text
    );

    wait_for_result(&mut h);
    assert_eq!(preview(&h), sync_preview, "the same preview as before");
    assert_eq!(h.selected_name(), second, "the list stayed where it was");

    // Writing: off the UI thread too, with count and percent shown.
    h.press(&["y"]);
    assert!(h.working(), "the import is written off the UI thread");
    h.press(&["k"]);
    assert_eq!(h.selected_name(), first, "k moved the list back meanwhile");
    let lines = wait_for_result(&mut h);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("writing: ") && l.contains(" of 30,000 (") && l.contains("%)")),
        "{lines:?}"
    );
    assert_eq!(message(&h), sync_summary, "the same summary as before");
    assert!(!h.working());

    // And it is undone as one, as before.
    h.press(&["u"]);
    let undone = message(&h);
    assert!(undone.contains("30000 contact(s)"), "{undone}");
}

#[test]
fn the_report_is_written_off_the_ui_thread() {
    let mut h = with_worker();
    h.press(&["esc", "R", "enter"]);
    assert!(h.working(), "the report runs off the UI thread");
    // A second one while it runs is refused.
    h.press(&["R", "enter"]);
    if h.working() {
        let refused = message(&h);
        assert!(
            refused.starts_with("a report is still running"),
            "{refused}"
        );
    }
    wait_for_result(&mut h);
    let done = message(&h);
    assert!(done.contains("report written"), "{done}");
    let dir = h.store.path().parent().unwrap().join("reports");
    let md = std::fs::read_to_string(dir.join("report-2026-11.md")).unwrap();
    assert!(md.starts_with("# Monthly report"), "{md}");
    assert!(dir.join("report-2026-11.xlsx").exists());
}

#[test]
fn a_change_made_while_an_import_is_written_is_saved_after_it() {
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("big.vcf");
    write_cards(&file, CARDS);
    let mut h = with_worker();
    h.press(&["esc", "2", "I"]);
    h.type_text(&file.display().to_string());
    h.press(&["enter"]);
    wait_for_result(&mut h);
    preview(&h);
    h.press(&["y"]);
    assert!(h.working());
    // Deleting waits for the import's transaction instead of on it (which
    // froze the screen up to the busy timeout, then failed).
    let name = h.selected_name();
    h.press(&["d", "y"]);
    assert!(h.working(), "the delete was asked for while the import ran");
    assert_eq!(h.app.overlay, Overlay::None);
    let trash = h.store.read().trash(10).unwrap();
    assert!(
        trash.iter().all(|t| t.title != name),
        "not written yet: it waits for the import"
    );
    wait_for_result(&mut h);
    let said = message(&h);
    assert!(said.contains("moved to the trash"), "{said}");
    let trash = h.store.read().trash(10).unwrap();
    assert!(trash.iter().any(|t| t.title == name), "{name} in {trash:?}");
    let found = h
        .store
        .read()
        .search("person29999@example.org", None, 5)
        .unwrap();
    assert_eq!(found.len(), 1, "the import was written too");
}
