//! End to end: the real binary in a real terminal (tmux), driven with
//! send-keys and read with capture-pane. Every wait is on a screen condition
//! with a timeout, never a fixed sleep.
//!
//! NEEDS tmux. Without it these tests print a loud SKIPPED line and pass,
//! unless FIELDBOOK_REQUIRE_TMUX is set (CI sets it, and installs tmux).

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use fieldbook::demo::{DemoOptions, generate};
use fieldbook::domain::RecordKind;
use fieldbook::store::Store;
use fieldbook::store::views::FollowUpFilter;

mod common;
use common::tmux::{Tmux, tmux_available, wait_until};

fn demo_db(dir: &Path) -> PathBuf {
    let path = dir.join("e2e.db");
    let mut store = Store::open(&path).unwrap();
    // The day the binary in tmux is pinned to (FIELDBOOK_TODAY).
    let today = NaiveDate::parse_from_str(common::cli::TODAY, "%Y-%m-%d").unwrap();
    generate(
        &mut store,
        &DemoOptions {
            scale: 300,
            seed: 5,
            today,
            force: false,
        },
    )
    .unwrap();
    path
}

/// The name in the list at `index` and, for contacts, their organization.
fn contact_at(db: &Path, index: usize) -> (String, String) {
    let store = Store::open(db).unwrap();
    let r = store.read();
    let keys = r
        .list_keys(RecordKind::Contact, FollowUpFilter::Open)
        .unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let row = r
        .list_rows(RecordKind::Contact, &keys[index..=index], today)
        .unwrap()
        .remove(0);
    (row.columns[0].clone(), row.columns[2].clone())
}

#[test]
fn browse_open_a_link_go_back_help_and_quit() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let (second, org) = contact_at(&db, 1);
    let tmux = Tmux::start(120, 40, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("OVERDUE follow-ups");

    tmux.send(&["2"]);
    tmux.wait_text("Contacts (300)");
    tmux.send(&["j"]);
    // The details pane's title is the selected contact.
    tmux.wait_for("the second contact's details", |s| {
        s.contains(&format!("┌ {second} "))
    });
    tmux.wait_text("Contacts: 2 of 300");

    tmux.send(&["Tab", "Enter"]);
    let screen = tmux.wait_text("Organizations (");
    assert!(
        screen.contains(&format!("┌ {org}")),
        "the organization opens:\n{screen}"
    );

    tmux.send(&["BSpace"]);
    tmux.wait_for("back on the contact", |s| {
        s.contains("Contacts: 2 of 300") && s.contains(&format!("┌ {second} "))
    });

    tmux.send(&["?"]);
    tmux.wait_text("Help: keys");
    tmux.send(&["Escape"]);
    tmux.wait_for("help closed", |s| !s.contains("Help: keys"));

    tmux.send(&["q"]);
    let screen = tmux.wait_text("FIELDBOOK-EXITED-0");
    // The terminal is given back: the shell and what it printed are visible,
    // and the alternate screen with the UI is gone.
    assert!(screen.contains("test-prompt$ "), "{screen}");
    assert!(!screen.contains("OVERDUE"), "{screen}");
}

#[test]
fn welcome_on_an_empty_book_loads_demo_data_with_one_key() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    let tmux = Tmux::start(100, 30, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("Welcome to fieldbook");
    tmux.send(&["d"]);
    tmux.wait_text("demo data loaded: 300 contacts");
    tmux.send(&["C-c"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
}

#[test]
fn a_bad_config_file_is_named_and_the_app_still_starts() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let config_dir = dir.path().join("config").join("fieldbook");
    std::fs::create_dir_all(&config_dir).unwrap();
    std::fs::write(
        config_dir.join("config.toml"),
        "theme = \"dark\"\n[keys]\nquit = [\"ctrl-q\"\ndown = 3\n",
    )
    .unwrap();
    let tmux = Tmux::start(140, 30, dir.path());
    tmux.run_fieldbook(&db);
    let screen = tmux.wait_text("config.toml: line");
    assert!(screen.contains("using the defaults"), "{screen}");
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
}

#[test]
fn search_as_you_type_and_open_a_japanese_contact() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let tmux = Tmux::start(120, 40, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("OVERDUE follow-ups");
    tmux.send(&["C-f"]);
    tmux.wait_text("> _");
    // One character at a time, as a person types; each keystroke's results
    // show up without waiting for the next.
    tmux.send(&["-l", "土"]);
    tmux.wait_text("> 土_");
    tmux.send(&["-l", "居"]);
    let screen = tmux.wait_for("results for 土居", |s| {
        s.contains("> 土居_") && s.contains("Search: ") && s.contains("(土居")
    });
    assert!(
        screen.contains("[native_name]"),
        "found by the native-script name:\n{screen}"
    );
    // Open the first result: a Doi, whose details show the kanji name.
    tmux.send(&["Enter"]);
    tmux.wait_for("the contact opened", |s| {
        s.contains("Contacts (") && s.contains("┌ Doi ") && s.contains("Native name   土居")
    });
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
}

/// The pid of the fieldbook running on `db`.
fn fieldbook_pid(db: &Path) -> Option<String> {
    let out = Command::new("pgrep")
        .args(["-f", &format!("fieldbook --db {}", db.display())])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .map(str::to_string)
}

#[test]
fn a_note_typed_before_a_kill_9_is_offered_back() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let text = "Nothing typed is lost 土居";
    {
        let tmux = Tmux::start(120, 40, dir.path());
        tmux.run_fieldbook(&db);
        tmux.wait_text("OVERDUE follow-ups");
        tmux.send(&["2"]);
        tmux.wait_text("Contacts (300)");
        tmux.send(&["a"]);
        tmux.wait_text("Note on");
        tmux.send(&["-l", text]);
        tmux.wait_text("Nothing typed is lost");
        // Wait until the draft is on disk, then kill without warning.
        wait_until("the draft", || {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.query_row(
                "SELECT count(*) FROM drafts WHERE payload LIKE ?1",
                [format!("%{text}%")],
                |r| r.get::<_, i64>(0),
            )
            .unwrap_or(0)
                == 1
        });
        let pid = fieldbook_pid(&db).expect("fieldbook is running");
        assert!(
            Command::new("kill")
                .args(["-9", &pid])
                .status()
                .unwrap()
                .success()
        );
        tmux.wait_text("FIELDBOOK-EXITED-137");
    }
    // A new terminal, a new start: the note is offered back, whole.
    let tmux = Tmux::start(120, 40, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("was not saved. Open it again?");
    tmux.send(&["y"]);
    tmux.wait_text(text);
    tmux.send(&["C-s"]);
    tmux.wait_text("note saved");
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let saved: i64 = conn
        .query_row("SELECT count(*) FROM notes WHERE body = ?1", [text], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(saved, 1);
}

#[test]
fn log_a_visit_counting_keystrokes() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let tmux = Tmux::start(120, 40, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("OVERDUE follow-ups");
    tmux.send(&["4"]);
    tmux.wait_text("Projects (");
    // From here: v, the person's name, enter, tab, the observation, ctrl-s.
    let mut keystrokes = 0;
    let mut key = |keys: &[&str]| {
        keystrokes += 1;
        tmux.send(keys);
    };
    key(&["v"]);
    tmux.wait_text("Log a visit");
    tmux.send(&["-l", "wanj"]);
    tmux.wait_for("people found", |s| s.contains("Wanjiru"));
    key(&["Enter"]);
    key(&["Tab"]);
    tmux.send(&["-l", "Zebra crossing painted"]);
    tmux.wait_text("Zebra crossing painted");
    key(&["C-s"]);
    tmux.wait_text("logged");
    assert!(keystrokes <= 12, "{keystrokes} keystrokes besides the text");
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (n, people): (i64, i64) = conn
        .query_row(
            "SELECT count(*), (SELECT count(*) FROM visit_participants p JOIN visits v ON v.id = p.visit_id
                                WHERE v.observations = 'Zebra crossing painted')
             FROM visits WHERE observations = 'Zebra crossing painted' AND project_id IS NOT NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((n, people), (1, 1));
}

#[test]
fn forms_follow_ups_status_delete_undo_and_trash() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let tmux = Tmux::start(140, 40, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("OVERDUE follow-ups");
    let typed = |text: &str| {
        tmux.send(&["-l", text]);
        tmux.wait_text(text);
    };

    // An organization, then a contact at it, through the forms.
    tmux.send(&["3", "n"]);
    tmux.wait_text("New organization");
    typed("Kisumu Water Trust");
    tmux.send(&["C-s"]);
    tmux.wait_text("organization saved");
    tmux.send(&["2", "n"]);
    tmux.wait_text("New contact");
    typed("Achieng Otieno");
    tmux.send(&["Tab", "Tab", "Tab"]);
    tmux.send(&["-l", "Kisumu Wat"]);
    tmux.wait_for("the organization offered", |s| {
        s.contains("Kisumu Wat_") && s.contains("  Kisumu Water Trust")
    });
    tmux.send(&["Enter", "C-s"]);
    tmux.wait_text("contact saved");

    // A visit with her, from a project: count the keystrokes that are not text.
    tmux.send(&["4"]);
    tmux.wait_text("Projects (");
    let mut keystrokes = 0;
    let mut press = |keys: &[&str]| {
        keystrokes += 1;
        tmux.send(keys);
    };
    press(&["v"]);
    tmux.wait_text("Log a visit");
    tmux.send(&["-l", "achieng ot"]);
    tmux.wait_for("her name offered", |s| s.contains("  Achieng Otieno"));
    press(&["Enter"]);
    press(&["Tab"]);
    typed("Met Achieng at the intake");
    press(&["C-s"]);
    tmux.wait_text("logged");
    assert!(keystrokes <= 12, "{keystrokes} keystrokes besides the text");

    // A follow-up for her, then marked done.
    // Opened through search: a `/` typed right after the visit's save was
    // twice seen lost in full-suite runs (the list unfiltered, no filter
    // line); noted as an open defect, not this test's subject.
    tmux.send(&["2", "C-f"]);
    typed("achieng otieno");
    // The answer to the whole name, not to "achieng" (whose first row is
    // another Achieng): Enter opens the first row.
    tmux.wait_for("her alone in the results", |s| {
        s.contains("Search: 1 found") && s.contains("  Achieng Otieno")
    });
    tmux.send(&["Enter"]);
    tmux.wait_for("her details", |s| s.contains("┌ Achieng Otieno "));
    tmux.send(&["f"]);
    tmux.wait_text("New follow-up");
    typed("Send the pump manual");
    tmux.send(&["C-s"]);
    tmux.wait_text("follow-up saved");
    tmux.send(&["6", "/"]);
    typed("pump manual");
    tmux.send(&["Enter"]);
    tmux.wait_for("the follow-up selected", |s| {
        s.contains("┌ Send the pump manual")
    });
    tmux.send(&["x"]);
    tmux.wait_text("follow-up done");

    // A project's status, with a reason, shows in its history.
    tmux.send(&["4", "s"]);
    tmux.wait_text("New status");
    tmux.send(&["j", "Enter"]);
    tmux.wait_text("Why?");
    typed("Committee met on Monday");
    tmux.send(&["Enter"]);
    tmux.wait_for("the history", |s| {
        s.contains("status:") && s.contains("Committee met on Monday")
    });

    // Delete the contact (the question names her), undo, delete, restore from the trash.
    // She is opened through search. (Through a kept `/` filter, `d` once
    // said "nothing selected to delete" while the book was read again:
    // fixed, and covered by ui_filter.rs.)
    tmux.send(&["2", "C-f"]);
    typed("achieng otieno");
    tmux.wait_for("her alone in the results", |s| {
        s.contains("Search: 1 found") && s.contains("  Achieng Otieno")
    });
    tmux.send(&["Enter"]);
    tmux.wait_for("her details", |s| s.contains("┌ Achieng Otieno "));
    tmux.send(&["d"]);
    tmux.wait_text("Delete contact Achieng Otieno");
    tmux.send(&["y"]);
    tmux.wait_text("contact moved to the trash");
    tmux.send(&["u"]);
    tmux.wait_text("contact restored");
    tmux.send(&["d"]);
    tmux.wait_text("Delete contact Achieng Otieno");
    tmux.send(&["y"]);
    tmux.wait_text("contact moved to the trash");
    tmux.send(&["T"]);
    tmux.wait_text("Trash (1)");
    tmux.send(&["r"]);
    tmux.wait_text("Trash (0)");
    // Esc and q apart: together a terminal reads them as alt-q.
    tmux.send(&["Escape"]);
    tmux.wait_for("the trash closed", |s| !s.contains("Trash ("));
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        one("SELECT count(*) FROM contacts c JOIN organizations o ON o.id = c.organization_id
             WHERE c.display_name = 'Achieng Otieno' AND o.name = 'Kisumu Water Trust' AND c.deleted_at IS NULL"),
        1
    );
    assert_eq!(
        one(
            "SELECT count(*) FROM follow_ups WHERE text = 'Send the pump manual' AND done_at IS NOT NULL"
        ),
        1
    );
    assert_eq!(
        one("SELECT count(*) FROM project_status_history WHERE reason = 'Committee met on Monday'"),
        1
    );
}

#[test]
fn changes_from_another_process_show_up_and_keep_what_is_open() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let tmux = Tmux::start(120, 40, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("OVERDUE follow-ups");
    tmux.send(&["2", "j", "j"]);
    let before = tmux.wait_text("Contacts: 3 of 300");
    // The details pane's title names the selected contact.
    let header = before.lines().nth(1).unwrap_or_default();
    let selected = header
        .split("┐┌ ")
        .nth(1)
        .unwrap_or_default()
        .split(" ─")
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(!selected.is_empty(), "{before}");
    // A note being written stays open through the refresh.
    tmux.send(&["a"]);
    tmux.wait_text("Note on");
    tmux.send(&["-l", "half a thought"]);
    tmux.wait_text("half a thought");
    let status = Command::new(env!("CARGO_BIN_EXE_fieldbook"))
        .args([
            "--db",
            &db.display().to_string(),
            "add",
            "contact",
            "--name",
            "Aaron Aardvark",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    // Within a couple of seconds the UI reloads (the editor still open).
    tmux.wait_text("changed by another fieldbook");
    let screen = tmux.screen();
    assert!(screen.contains("half a thought"), "{screen}");
    tmux.send(&["C-s"]);
    tmux.wait_text("note saved");
    // The new contact sorts first; the selection stayed on its record.
    let screen = tmux.wait_text("Contacts (301)");
    assert!(screen.contains("Aaron Aardvark"), "{screen}");
    assert!(
        screen.contains(&format!("┌ {selected} ")),
        "still on {selected}:\n{screen}"
    );
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
}
