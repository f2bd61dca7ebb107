//! Forms and pickers in the real binary (issue 13 parts 3 and 6): who is
//! who in search and pickers, choices picked from a list, Esc and Ctrl-C,
//! ctrl-u / ctrl-z, the visit form's defaults and messages, editors that
//! wrap.
//!
//! NEEDS tmux (SKIPPED loudly without it, unless FIELDBOOK_REQUIRE_TMUX).

use std::path::{Path, PathBuf};

use fieldbook::domain::*;
use fieldbook::store::Store;

mod common;
use common::tmux::{Tmux, tmux_available};

struct Book {
    db: PathBuf,
    /// The two Doi Kenichi: at JICA Kenya in Nairobi, and at Nagoya
    /// University in Nagoya (the second one created).
    doi: [Id; 2],
    wanjiru: Id,
}

fn book(dir: &Path) -> Book {
    let db = dir.join("forms.db");
    let mut store = Store::open(&db).unwrap();
    let jica = Organization::new("JICA Kenya", OrgKind::Government);
    let nagoya = Organization::new("Nagoya University", OrgKind::University);
    let homa = Organization::new("Homa Bay County Health Office", OrgKind::LocalGovernment);
    let mut first = Contact::new("Doi Kenichi");
    first.organization_id = Some(jica.meta.id);
    first.role = Some("Programme officer".into());
    first.city = Some("Nairobi".into());
    let mut second = Contact::new("Doi Kenichi");
    second.organization_id = Some(nagoya.meta.id);
    second.role = Some("Researcher".into());
    second.city = Some("Nagoya".into());
    let mut wanjiru = Contact::new("Wanjiru Kamau");
    wanjiru.organization_id = Some(homa.meta.id);
    let mut project = Project::new("Kendu Bay water point");
    project.site = Some("Kendu Bay".into());
    store
        .write(|tx| {
            tx.save_organization(&jica)?;
            tx.save_organization(&nagoya)?;
            tx.save_organization(&homa)?;
            tx.save_contact(&first)?;
            tx.save_contact(&second)?;
            tx.save_contact(&wanjiru)?;
            tx.save_project(&project)
        })
        .unwrap();
    Book {
        db,
        doi: [first.meta.id, second.meta.id],
        wanjiru: wanjiru.meta.id,
    }
}

fn start(width: u16, height: u16, dir: &Path, db: &Path) -> Tmux {
    let tmux = Tmux::start(width, height, dir);
    tmux.run_fieldbook(db);
    // The tab bar: "1 Home" once the tabs do not fit in full (80 columns).
    tmux.wait_for("the UI", |s| {
        s.contains("1 Dashboard") || s.contains("1 Home")
    });
    tmux
}

fn quit(tmux: &Tmux) {
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
}

fn query<T: rusqlite::types::FromSql>(db: &Path, sql: &str) -> T {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Both lines of who-is-who on screen, the Nagoya one below.
fn both_doi_shown(screen: &str) -> bool {
    let jica = screen.find("JICA Kenya, Programme officer, Nairobi");
    let nagoya = screen.find("Nagoya University, Researcher, Nagoya");
    matches!((jica, nagoya), (Some(a), Some(b)) if a < b)
}

#[test]
fn two_doi_kenichi_are_told_apart_in_search_and_in_a_picker() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let b = book(dir.path());
    let tmux = start(120, 40, dir.path(), &b.db);
    // Search: both drawn with who they are; the second one opened.
    tmux.send(&["C-f"]);
    tmux.send(&["-l", "doi kenichi"]);
    tmux.wait_for("both Doi Kenichi told apart in search", |s| {
        both_doi_shown(s) && s.contains("Search: 2 found")
    });
    tmux.send(&["Down", "Enter"]);
    tmux.wait_for("the Nagoya Doi Kenichi opened", |s| {
        !s.contains("Search:") && s.contains("Researcher") && s.contains("Nagoya University")
    });
    // A picker (people met in the visit form): the second one picked.
    tmux.send(&["5", "v"]);
    tmux.wait_text("Log a visit");
    tmux.send(&["-l", "doi kenichi"]);
    tmux.wait_for("both Doi Kenichi told apart in the picker", both_doi_shown);
    tmux.send(&["Down", "Enter"]);
    tmux.send(&["Tab"]);
    tmux.send(&["-l", "Met at the university"]);
    tmux.wait_text("Met at the university");
    tmux.send(&["C-s"]);
    tmux.wait_text("logged");
    let met: Vec<u8> = query(&b.db, "SELECT contact_id FROM visit_participants");
    assert_eq!(met, b.doi[1].as_bytes().to_vec(), "the highlighted one");
    quit(&tmux);
}

#[test]
fn a_choice_is_picked_from_a_list_by_typing() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let b = book(dir.path());
    let tmux = start(120, 40, dir.path(), &b.db);
    tmux.send(&["4", "n"]);
    tmux.wait_text("New project");
    tmux.send(&["-l", "Borehole"]);
    // Title, reference, implementing, partners, country, site, sector,
    // programme: the status is the ninth field.
    for _ in 0..8 {
        tmux.send(&["Tab"]);
    }
    tmux.send(&["-l", "prog"]);
    tmux.wait_text("filter: prog_");
    tmux.send(&["Enter"]);
    tmux.wait_for("the list closed on 'In progress'", |s| {
        s.contains("In progress") && !s.contains("filter: prog")
    });
    tmux.send(&["C-s"]);
    tmux.wait_text("project saved");
    let status: String = query(
        &b.db,
        "SELECT status FROM projects WHERE title = 'Borehole'",
    );
    assert_eq!(status, "in_progress");
    quit(&tmux);
}

#[test]
fn esc_closes_the_list_and_ctrl_c_asks() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let b = book(dir.path());
    let tmux = start(120, 40, dir.path(), &b.db);
    tmux.send(&["2", "n"]);
    tmux.wait_text("New contact");
    tmux.send(&["-l", "Achieng Otieno"]);
    tmux.send(&["Tab", "Tab", "Tab"]);
    tmux.send(&["-l", "homa"]);
    tmux.wait_text("  Homa Bay County Health Office");
    tmux.send(&["Escape"]);
    let screen = tmux.wait_for("the list closed", |s| {
        !s.contains("  Homa Bay County Health Office")
    });
    assert!(
        screen.contains("New contact") && !screen.contains("Throw away"),
        "Esc closed the form, not the list:\n{screen}"
    );
    tmux.send(&["C-c"]);
    tmux.wait_text("Throw away a contact form");
    tmux.send(&["n"]);
    tmux.wait_text("Achieng Otieno");
    tmux.send(&["C-s"]);
    tmux.wait_text("contact saved");
    quit(&tmux);
}

/// Wanjiru Kamau found by search and her contact form opened.
fn edit_wanjiru(tmux: &Tmux) {
    tmux.send(&["2"]);
    tmux.send(&["C-f"]);
    tmux.send(&["-l", "wanjiru"]);
    tmux.wait_text("Search: 1 found");
    tmux.send(&["Enter"]);
    tmux.wait_for("Wanjiru opened", |s| !s.contains("Search:"));
    tmux.send(&["e"]);
    tmux.wait_text("Edit contact");
}

#[test]
fn ctrl_u_clears_a_field_and_ctrl_z_brings_it_back() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let b = book(dir.path());
    let tmux = start(120, 40, dir.path(), &b.db);
    edit_wanjiru(&tmux);
    tmux.send(&["Tab", "Tab", "Tab"]);
    tmux.send(&["C-u"]);
    tmux.wait_text("cleared Organization");
    tmux.send(&["C-z"]);
    tmux.wait_text("undid: clearing the organization of Wanjiru Kamau");
    // The name too, and back.
    tmux.send(&["BTab", "BTab", "BTab", "C-u"]);
    tmux.wait_text("cleared Name");
    tmux.send(&["C-z"]);
    tmux.wait_text("undid: clearing the name of Wanjiru Kamau");
    tmux.send(&["C-s"]);
    tmux.wait_text("contact saved");
    let org: Option<Vec<u8>> = query(
        &b.db,
        &format!(
            "SELECT organization_id FROM contacts WHERE id = x'{}'",
            b.wanjiru.simple()
        ),
    );
    assert!(org.is_some(), "the organization came back and was saved");
    quit(&tmux);
}

#[test]
fn a_first_visit_to_a_project_takes_its_site_as_the_place() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let b = book(dir.path());
    let tmux = start(80, 24, dir.path(), &b.db);
    // From the project, which has no visit yet: its site is the place.
    tmux.send(&["4", "v"]);
    tmux.wait_text("Log a visit");
    tmux.wait_text("Place         Kendu Bay");
    tmux.send(&["Escape"]);
    tmux.wait_for("the form closed", |s| !s.contains("Log a visit"));
    quit(&tmux);
}

#[test]
fn the_visit_form_marks_new_people_resolves_dates_and_wraps_messages() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let b = book(dir.path());
    let tmux = start(80, 24, dir.path(), &b.db);
    tmux.send(&["5", "v"]);
    tmux.wait_text("Log a visit");
    // Somebody new, created on the spot.
    tmux.send(&["-l", "Zawadi Otieno"]);
    tmux.wait_text("enter adds them");
    tmux.send(&["Enter"]);
    tmux.wait_text("Zawadi Otieno (new)");
    // A follow-up shows the day "+1w" means.
    tmux.wait_text("+1w = Sat 2026-12-05");
    // A due date that is not one: the whole message, wrapped beside the
    // field (it is longer than the screen is wide).
    tmux.send(&["Tab", "Tab", "Tab"]);
    tmux.send(&["-l", "Send the minutes"]);
    tmux.send(&["Tab", "Tab", "C-u"]);
    tmux.send(&["-l", "next tuesday afternoon maybe"]);
    tmux.send(&["C-s"]);
    let screen = tmux.wait_text("is not a date");
    // What is right of the fields' values (column 58 on), line by line.
    let beside: Vec<String> = screen
        .lines()
        .map(|l| l.chars().skip(58).take(20).collect::<String>())
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    assert!(
        beside.join(" ").contains("-1w or +2m"),
        "the end of the message is cut:\n{screen}"
    );
    quit_with_changes(&tmux);
}

/// Closes an editor that holds changes, then quits.
fn quit_with_changes(tmux: &Tmux) {
    tmux.send(&["Escape"]);
    tmux.wait_text("Throw away");
    tmux.send(&["y"]);
    tmux.wait_for("the editor closed", |s| !s.contains("Throw away"));
    quit(tmux);
}

#[test]
fn a_long_line_in_a_note_wraps_even_without_spaces() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let b = book(dir.path());
    let tmux = start(80, 24, dir.path(), &b.db);
    tmux.send(&["4", "a"]);
    tmux.wait_text("Note on");
    // 120 Japanese characters (240 cells), no space, then an end mark.
    let long = format!("始{}終", "土居健市".repeat(30));
    tmux.send(&["-l", &long]);
    let screen = tmux.wait_text("終");
    assert!(
        screen.contains("始土居"),
        "the start scrolled out of view instead of wrapping:\n{screen}"
    );
    quit_with_changes(&tmux);
}

#[test]
fn undo_says_what_it_undid() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let b = book(dir.path());
    let tmux = start(120, 40, dir.path(), &b.db);
    edit_wanjiru(&tmux);
    tmux.send(&["Tab", "Tab", "Tab", "C-u"]);
    tmux.wait_text("cleared Organization");
    tmux.send(&["C-s"]);
    tmux.wait_text("contact saved");
    let sql = format!(
        "SELECT organization_id IS NOT NULL FROM contacts WHERE id = x'{}'",
        b.wanjiru.simple()
    );
    assert!(
        !query::<bool>(&b.db, &sql),
        "saved without the organization"
    );
    tmux.send(&["u"]);
    tmux.wait_text("undid: organization of Wanjiru Kamau");
    assert!(query::<bool>(&b.db, &sql), "the undo put it back");
    quit(&tmux);
}
