//! The terminal UI without a terminal: keys -> actions -> state over a real
//! demo database, and screens drawn into ratatui's `TestBackend` and compared
//! with insta snapshots.

use crossterm::event::KeyEvent;
use fieldbook::domain::*;
use fieldbook::store::views::DetailBody;
use fieldbook::ui::action::Action;
use fieldbook::ui::effects::settle;
use fieldbook::ui::state::{App, Overlay, Pane, Tab};
use fieldbook::ui::theme::Theme;
use fieldbook::ui::update::{Msg, init};
use fieldbook::ui::view::{ViewContext, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod common;
use common::ui_harness::{Harness, today};

#[test]
fn moving_and_switching_tabs() {
    let mut h = Harness::new(300, (120, 40));
    assert_eq!(h.app.tab, Tab::Dashboard);
    h.press(&["2"]);
    assert_eq!(h.app.tab, Tab::Contacts);
    let first = h.selected_name();
    assert_eq!(
        h.app.record.detail.as_ref().unwrap().title,
        first,
        "details follow the selection"
    );
    h.press(&["j", "j", "k"]);
    assert_eq!(h.app.list().unwrap().selected, 1);
    h.press(&["G"]);
    assert_eq!(h.app.list().unwrap().selected, 299);
    assert_eq!(
        h.app.record.detail.as_ref().unwrap().title,
        h.selected_name()
    );
    h.press(&["g", "pgdn"]);
    assert_eq!(h.app.list().unwrap().selected, h.app.list_height());
    h.press(&["4"]);
    assert_eq!(h.app.tab, Tab::Projects);
    h.press(&["2"]);
    assert_eq!(
        h.app.list().unwrap().selected,
        h.app.list_height(),
        "each tab keeps its place"
    );
    h.press(&["q"]);
    assert!(h.app.quit);
}

#[test]
fn open_a_link_and_come_back() {
    let mut h = Harness::new(300, (120, 40));
    h.press(&["2", "j", "j"]);
    let contact = h.app.record.detail.as_ref().unwrap().clone();
    let org_link = contact.links()[0];
    assert_eq!(org_link.kind, RecordKind::Organization);
    h.press(&["tab"]);
    assert_eq!(h.app.focus, Pane::Details);
    h.press(&["enter"]);
    assert_eq!(h.app.tab, Tab::Organizations);
    assert_eq!(h.app.record.detail.as_ref().unwrap().id, org_link.id);
    assert_eq!(
        h.app.list().unwrap().selected_row().unwrap().id,
        org_link.id,
        "the list selects it too"
    );
    h.press(&["backspace"]);
    assert_eq!(h.app.tab, Tab::Contacts);
    assert_eq!(h.app.record.detail.as_ref().unwrap().id, contact.id);
    assert_eq!(h.app.list().unwrap().selected, 2);
    h.press(&["backspace"]);
    assert!(
        h.app
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("nothing to go back")
    );
}

#[test]
fn selection_stays_on_the_same_record_after_a_reload() {
    let mut h = Harness::new(300, (120, 40));
    h.press(&["2", "j", "j", "j", "j", "j"]);
    let id = h.app.list().unwrap().selected_row().unwrap().id;
    // Another process adds a contact that sorts first.
    let newcomer = Contact::new("Aaron Aardvark");
    h.store.write(|tx| tx.save_contact(&newcomer)).unwrap();
    h.press(&["ctrl-r"]);
    let list = h.app.list().unwrap();
    assert_eq!(list.keys.len(), 301);
    assert_eq!(list.selected, 6, "moved down one row with its record");
    assert_eq!(list.selected_row().unwrap().id, id);
}

#[test]
fn follow_up_filter_cycles() {
    let mut h = Harness::new(300, (120, 40));
    h.press(&["6"]);
    let open = h.app.list().unwrap().keys.len();
    h.press(&["o"]);
    let done = h.app.list().unwrap().keys.len();
    h.press(&["o"]);
    let all = h.app.list().unwrap().keys.len();
    assert!(open > 0 && done > 0);
    assert_eq!(open + done, all);
    // The first open follow-up is the most overdue one.
    h.press(&["o"]);
    assert!(h.app.list().unwrap().selected_row().unwrap().overdue);
}

#[test]
fn help_and_welcome_take_the_keys_first() {
    let mut h = Harness::new(0, (80, 24));
    assert!(matches!(h.app.overlay, Overlay::Welcome(_)));
    h.press(&["?"]);
    assert!(matches!(h.app.overlay, Overlay::Help(_)));
    h.press(&["j", "j"]);
    assert!(matches!(&h.app.overlay, Overlay::Help(help) if help.scroll == 2));
    h.press(&["q"]);
    assert_eq!(
        h.app.overlay,
        Overlay::None,
        "q closes help rather than quitting"
    );
    assert!(!h.app.quit);
    // The welcome screen loads demo data with one key.
    let mut h = Harness::new(0, (80, 24));
    h.press(&["d"]);
    assert_eq!(h.app.overlay, Overlay::None);
    assert!(h.app.dashboard.as_ref().unwrap().latest_visits.len() > 3);
    assert_eq!(h.store.read().counts().unwrap()[1].live, 300);
}

#[test]
fn any_size_down_to_one_cell_draws_without_panic() {
    let mut h = Harness::new(50, (80, 24));
    for (w, h2) in [
        (1, 1),
        (2, 1),
        (39, 9),
        (40, 10),
        (0, 0),
        (300, 100),
        (41, 11),
    ] {
        h.send(Msg::Resize(w, h2));
        // TestBackend itself cannot print a 0-wide screen; draw it anyway.
        let draw = |h: &Harness, theme| {
            if w > 0 {
                h.screen(theme)
            } else {
                String::new()
            }
        };
        draw(&h, Theme::dark());
        h.press(&["2", "G", "tab", "j", "enter", "1"]);
        draw(&h, Theme::mono());
    }
    h.send(Msg::Resize(30, 8));
    assert!(h.screen(Theme::dark()).contains("Terminal too small"));
}

#[test]
fn the_footer_and_help_come_from_the_keymap() {
    let mut h = Harness::new(50, (120, 40));
    h.keymap = fieldbook::config::parse("[keys]\nquit = \"ctrl-q\"\nhelp = \"f2\"\n")
        .unwrap()
        .keymap;
    assert!(h.screen(Theme::dark()).contains("ctrl-q quit"));
    h.press(&["f2"]);
    let screen = h.screen(Theme::dark());
    assert!(screen.contains("ctrl-q"), "{screen}");
    assert!(!screen.contains("q, ctrl-c"));
    let _ = Action::Quit;
}

// ---- Snapshots (tests/snapshots/). Review changes with `cargo insta review`
// or by reading the `.snap.new` files insta writes next to them.

fn snapshot(name: &str, h: &Harness) {
    insta::assert_snapshot!(name, h.screen(Theme::dark()));
}

#[test]
fn snapshots_of_every_screen() {
    for (w, hgt) in [(80u16, 24u16), (120, 40)] {
        let mut h = Harness::new(300, (w, hgt));
        snapshot(&format!("dashboard_{w}x{hgt}"), &h);
        for (key, name) in [
            ("2", "contacts"),
            ("3", "organizations"),
            ("4", "projects"),
            ("5", "visits"),
            ("6", "follow_ups"),
        ] {
            h.press(&[key]);
            snapshot(&format!("{name}_{w}x{hgt}"), &h);
        }
        h.press(&["?"]);
        snapshot(&format!("help_{w}x{hgt}"), &h);
        let empty = Harness::new(0, (w, hgt));
        snapshot(&format!("welcome_{w}x{hgt}"), &empty);
    }
    let mut h = Harness::new(300, (120, 40));
    h.press(&["ctrl-f"]);
    for c in "doi".chars() {
        h.send(Msg::Type(c));
    }
    snapshot("search_doi_120x40", &h);
    h.press(&["esc", "2", "/"]);
    for c in "wanj".chars() {
        h.send(Msg::Type(c));
    }
    snapshot("contacts_filtered_120x40", &h);
    let mut small = Harness::new(0, (30, 8));
    small.press(&["esc"]);
    snapshot("too_small_30x8", &small);
}

#[test]
fn snapshot_of_names_in_many_scripts_aligned() {
    let mut h = Harness::new(0, (100, 16));
    h.press(&["esc"]);
    let org = Organization::new("土居事務所", OrgKind::Company);
    h.store.write(|tx| tx.save_organization(&org)).unwrap();
    for (name, native) in [
        ("Doi Kenichi", Some("土居 健市")),
        ("Kim Minjun", Some("김민준")),
        ("Łukasz Brontë", None),
        ("Ndèye N'Diaye", None),
        ("Wang Wei", Some("王伟")),
        ("Zoë Østergaard", None),
        ("Ｆｕｌｌ Ｗｉｄｔｈ", Some("ﾊﾝｶｸ ｶﾀｶﾅ")),
    ] {
        let mut c = Contact::new(name);
        c.native_name = native.map(str::to_string);
        c.organization_id = Some(org.meta.id);
        h.store.write(|tx| tx.save_contact(&c)).unwrap();
    }
    h.press(&["2"]);
    let screen = h.screen(Theme::dark());
    // The organization column starts at the same cell on every row.
    let columns: Vec<usize> = screen
        .lines()
        .filter(|l| l.contains("土居事務所"))
        .map(|l| {
            let before = &l[..l.find("土居事務所").unwrap()];
            unicode_width::UnicodeWidthStr::width(before)
        })
        .collect();
    assert_eq!(columns.len(), 7, "{screen}");
    assert!(
        columns.windows(2).all(|w| w[0] == w[1]),
        "{columns:?}\n{screen}"
    );
    insta::assert_snapshot!("contacts_many_scripts", screen);
}

#[test]
fn no_color_draws_with_modifiers_only() {
    use fieldbook::ui::theme::ThemeName;
    use ratatui::style::{Color, Modifier};
    let mut h = Harness::new(100, (120, 40));
    h.press(&["2", "j"]);
    let theme = Theme::resolve(ThemeName::Dark, true);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let cx = ViewContext {
        theme: &theme,
        keymap: &h.keymap,
    };
    terminal.draw(|f| render(f, &h.app, &cx)).unwrap();
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
    // The selection is still visible: reversed.
    assert!(
        buffer
            .content
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED))
    );
}

#[test]
fn global_search_as_you_type_opens_a_japanese_contact() {
    let mut h = Harness::new(300, (120, 40));
    let target = h
        .store
        .read()
        .search("土居", Some(&[RecordKind::Contact]), 1)
        .unwrap()
        .remove(0);
    h.press(&["ctrl-f"]);
    assert!(matches!(h.app.overlay, Overlay::Search(_)));
    for c in "土居".chars() {
        h.send(Msg::Type(c));
    }
    assert!(
        h.app
            .search()
            .unwrap()
            .hits
            .iter()
            .any(|hit| hit.id == target.id)
    );
    let screen = h.screen(Theme::dark());
    assert!(
        screen.contains("Contacts") && screen.contains("土居"),
        "{screen}"
    );
    // Move the cursor to that contact and open it.
    let pos = h
        .app
        .search()
        .unwrap()
        .hits
        .iter()
        .position(|hit| hit.id == target.id)
        .unwrap();
    for _ in 0..pos {
        h.press(&["down"]);
    }
    h.press(&["enter"]);
    assert_eq!(h.app.overlay, Overlay::None);
    assert_eq!(h.app.tab, Tab::Contacts);
    assert_eq!(h.app.record.detail.as_ref().unwrap().id, target.id);
    // Backspace goes back to where the search started.
    h.press(&["backspace"]);
    assert_eq!(h.app.tab, Tab::Dashboard);
}

#[test]
fn stale_search_results_are_never_shown() {
    let mut h = Harness::new(100, (120, 40));
    h.press(&["ctrl-f"]);
    h.send(Msg::Type('k'));
    let generation_k = h.app.search().unwrap().generation;
    h.send(Msg::Type('i'));
    // The answer to "k" arrives after "ki" was typed: dropped.
    let stale = h.store.read().search("k", None, 50).unwrap();
    let current = h.app.search().unwrap().hits.clone();
    h.send(Msg::SearchResults {
        generation: generation_k,
        hits: stale,
        who: Default::default(),
    });
    assert_eq!(h.app.search().unwrap().hits, current);
    assert_eq!(h.app.search().unwrap().input, "ki");
    // Escape clears.
    h.press(&["esc"]);
    assert_eq!(h.app.overlay, Overlay::None);
    assert!(h.app.search().is_none());
}

#[test]
fn slash_filters_the_current_list_and_esc_restores_it() {
    let mut h = Harness::new(300, (120, 40));
    h.press(&["2"]);
    let all = h.app.list().unwrap().keys.len();
    h.press(&["/"]);
    for c in "kenichi".chars() {
        h.send(Msg::Type(c));
    }
    let list = h.app.list().unwrap();
    assert!(list.keys.len() < all && !list.keys.is_empty());
    let detail = h.app.record.detail.as_ref().unwrap();
    assert!(
        detail.title.contains("Kenichi"),
        "details follow the filtered selection: {}",
        detail.title
    );
    // 'q' is text while typing, not quit.
    h.send(Msg::Type('q'));
    assert!(!h.app.quit);
    assert!(h.app.list().unwrap().keys.is_empty());
    h.send(Msg::Erase);
    h.press(&["enter"]);
    assert!(
        !h.app.typing(),
        "enter keeps the filter and gives the keys back"
    );
    h.press(&["j"]);
    assert_eq!(h.app.list().unwrap().selected, 1);
    h.press(&["esc"]);
    assert_eq!(h.app.list().unwrap().keys.len(), all);
    assert!(h.app.list_filter.is_none());
}

#[test]
fn x_marks_a_follow_up_done_and_u_undoes_it() {
    let mut h = Harness::new(300, (120, 40));
    h.press(&["6"]);
    let first = h.app.list().unwrap().selected_row().unwrap().clone();
    assert!(!first.done);
    h.press(&["x"]);
    let f = h.store.read().follow_up(first.id).unwrap().unwrap();
    assert!(f.done_at.is_some(), "written to the database");
    assert!(h.app.message.as_ref().unwrap().text.contains("done"));
    // It left the open list; u brings it back.
    assert!(!h.app.list().unwrap().keys.is_empty());
    h.press(&["u"]);
    assert!(
        h.store
            .read()
            .follow_up(first.id)
            .unwrap()
            .unwrap()
            .done_at
            .is_none()
    );
    h.press(&["u"]);
    assert!(
        h.app
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("nothing to undo")
    );
}

#[test]
fn s_changes_a_project_status_with_a_reason() {
    let mut h = Harness::new(300, (120, 40));
    h.press(&["4"]);
    let project = h.app.record.detail.as_ref().unwrap().id;
    let before = h.store.read().project(project).unwrap().unwrap().status;
    h.press(&["s"]);
    assert!(matches!(h.app.overlay, Overlay::StatusPicker(_)));
    h.press(&["j", "j", "enter"]);
    assert!(matches!(h.app.overlay, Overlay::Reason(_)));
    for c in "Committee met".chars() {
        h.send(Msg::Type(c));
    }
    let screen = h.screen(Theme::dark());
    assert!(screen.contains("> Committee met_"), "{screen}");
    h.press(&["enter"]);
    let after = h.store.read().project(project).unwrap().unwrap().status;
    assert_ne!(before, after);
    let history = h.store.read().status_history(project).unwrap();
    let last = history.last().unwrap();
    assert_eq!(
        (last.from, last.to, last.reason.as_deref()),
        (Some(before), after, Some("Committee met"))
    );
    // The details show the new history entry at once.
    let detail = h.app.record.detail.as_ref().unwrap();
    let DetailBody::Project(shown) = &detail.body else {
        panic!("not a project: {detail:?}");
    };
    assert_eq!(shown.project.status, after);
    assert_eq!(shown.history[0].reason.as_deref(), Some("Committee met"));
    // Esc at the reason changes nothing.
    h.press(&["s", "j", "enter", "esc"]);
    assert_eq!(
        h.store.read().status_history(project).unwrap().len(),
        history.len()
    );
}

#[test]
fn d_asks_naming_what_hangs_on_it_then_u_and_the_trash_restore() {
    let mut h = Harness::new(300, (120, 40));
    h.press(&["2"]);
    let contact = h.app.record.detail.as_ref().unwrap().clone();
    h.press(&["d"]);
    assert!(matches!(h.app.overlay, Overlay::Confirm(_)));
    let question = h.app.confirm().unwrap().question.clone();
    assert!(
        question.starts_with(&format!("Delete contact {}", contact.title)),
        "{question}"
    );
    assert!(question.contains("notes"), "{question}");
    assert!(h.screen(Theme::dark()).contains("Are you sure?"));
    // n: nothing happens.
    h.press(&["n"]);
    assert!(
        h.store
            .read()
            .contact(contact.id)
            .unwrap()
            .unwrap()
            .meta
            .deleted_at
            .is_none()
    );
    h.press(&["d", "y"]);
    assert!(
        h.store
            .read()
            .contact(contact.id)
            .unwrap()
            .unwrap()
            .meta
            .deleted_at
            .is_some()
    );
    assert_eq!(h.app.list().unwrap().keys.len(), 299);
    h.press(&["u"]);
    assert!(
        h.store
            .read()
            .contact(contact.id)
            .unwrap()
            .unwrap()
            .meta
            .deleted_at
            .is_none()
    );
    assert_eq!(h.app.list().unwrap().keys.len(), 300);
    // Delete another, then restore it from the trash.
    h.press(&["j", "d", "y", "T"]);
    assert!(matches!(h.app.overlay, Overlay::Trash(_)));
    assert_eq!(h.app.trash().unwrap().len(), 1);
    let screen = h.screen(Theme::dark());
    assert!(screen.contains("Trash (1)"), "{screen}");
    h.press(&["r"]);
    assert!(h.app.trash().unwrap().is_empty());
    h.press(&["esc"]);
    assert_eq!(h.app.list().unwrap().keys.len(), 300);
    assert!(h.store.read().check().unwrap().is_ok());
}

/// Types text into the open editor, one key per character.
fn type_in_editor(h: &mut Harness, text: &str) {
    for c in text.chars() {
        let key = if c == '\n' {
            KeyEvent::new(
                crossterm::event::KeyCode::Enter,
                crossterm::event::KeyModifiers::NONE,
            )
        } else {
            KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            )
        };
        h.send(Msg::EditorKey(key));
    }
}

#[test]
fn a_writes_a_note_in_any_script_and_ctrl_s_saves_it() {
    let mut h = Harness::new(100, (120, 40));
    h.press(&["2"]);
    let contact = h.app.record.detail.as_ref().unwrap().id;
    let notes_before = h
        .app
        .record
        .timeline
        .iter()
        .filter(|e| e.label == "note")
        .count();
    h.press(&["a"]);
    assert_eq!(h.app.overlay, Overlay::Editor);
    type_in_editor(&mut h, "Met at the forum.\n土居さんに連絡 😀 Sénégal");
    let screen = h.screen(Theme::dark());
    assert!(
        screen.contains("Note on") && screen.contains("土居さんに連絡"),
        "{screen}"
    );
    h.press(&["ctrl-s"]);
    assert_eq!(h.app.overlay, Overlay::None, "saving closes the editor");
    let notes = h
        .store
        .read()
        .notes_on(NoteTarget::Contact(contact))
        .unwrap();
    assert_eq!(
        notes[0].body,
        "Met at the forum.\n土居さんに連絡 😀 Sénégal"
    );
    assert_eq!(
        h.app
            .record
            .timeline
            .iter()
            .filter(|e| e.label == "note")
            .count(),
        notes_before + 1
    );
    assert!(
        h.store.read().drafts().unwrap().is_empty(),
        "the draft goes with the save"
    );
    // u takes the new note back out.
    h.press(&["u"]);
    assert_eq!(
        h.store
            .read()
            .notes_on(NoteTarget::Contact(contact))
            .unwrap()
            .len(),
        notes.len() - 1
    );
}

#[test]
fn a_draft_survives_a_crash_and_is_offered_back() {
    let mut h = Harness::new(50, (120, 40));
    h.press(&["2", "a"]);
    type_in_editor(&mut h, "Half-written note about the borehole");
    h.send(Msg::Tick);
    let drafts = h.store.read().drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert!(drafts[0].1.contains("Half-written note about the borehole"));
    // The app dies here. A new one starts on the same database.
    let mut app = App::new(today(), (120, 40));
    let cmds = init(&app);
    settle(&mut app, &mut h.store, cmds, None);
    assert!(matches!(app.overlay, Overlay::Confirm(_)));
    assert!(app.confirm().unwrap().question.contains("was not saved"));
    h.app = app;
    h.press(&["y"]);
    assert_eq!(h.app.overlay, Overlay::Editor);
    match h.app.editor.as_ref().unwrap() {
        fieldbook::ui::editor::Editor::Note(n) => {
            assert_eq!(n.text.lines(), ["Half-written note about the borehole"])
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn esc_asks_before_throwing_text_away() {
    let mut h = Harness::new(50, (120, 40));
    h.press(&["2", "a"]);
    type_in_editor(&mut h, "keep me");
    h.press(&["esc"]);
    assert!(matches!(h.app.overlay, Overlay::Confirm(_)));
    h.press(&["n"]);
    assert_eq!(h.app.overlay, Overlay::Editor, "no: back to the text");
    h.press(&["esc", "y"]);
    assert_eq!(h.app.overlay, Overlay::None);
    assert!(h.store.read().drafts().unwrap().is_empty());
    // An empty editor closes without asking.
    h.press(&["a", "esc"]);
    assert_eq!(h.app.overlay, Overlay::None);
}

#[test]
fn log_a_visit_in_a_handful_of_keystrokes() {
    let mut h = Harness::new(300, (120, 40));
    h.press(&["4"]);
    let project = h.app.record.detail.as_ref().unwrap().id;
    let someone = h
        .store
        .read()
        .search("wanj", Some(&[RecordKind::Contact]), 1)
        .unwrap()
        .remove(0);
    let name_typed = "wanj";
    let observation = "Zebrafence repaired";
    // Keystrokes that are not text: v, enter (adds the person), tab (to the
    // observations), ctrl-s.
    let mut commands = 0;
    h.press(&["v"]);
    commands += 1;
    assert_eq!(h.app.overlay, Overlay::Editor);
    type_in_editor(&mut h, name_typed);
    h.send(Msg::EditorKey(KeyEvent::new(
        crossterm::event::KeyCode::Enter,
        crossterm::event::KeyModifiers::NONE,
    )));
    commands += 1;
    h.press(&["tab"]);
    commands += 1;
    type_in_editor(&mut h, observation);
    h.press(&["ctrl-s"]);
    commands += 1;
    assert!(commands <= 12, "{commands} keystrokes besides the text");
    assert_eq!(h.app.overlay, Overlay::None, "{:?}", h.app.message);
    let found = h
        .store
        .read()
        .search("zebrafence", Some(&[RecordKind::Visit]), 5)
        .unwrap();
    assert_eq!(found.len(), 1);
    let visits = h.store.read().visit(found[0].id).unwrap().unwrap();
    assert_eq!(visits.date, today(), "the UI's day, not the wall clock's");
    assert_eq!(visits.project_id, Some(project), "the project in context");
    assert_eq!(visits.participant_ids.len(), 1);
    assert_eq!(visits.observations, observation);
    let _ = someone;
}

fn key(code: crossterm::event::KeyCode) -> Msg {
    Msg::EditorKey(KeyEvent::new(code, crossterm::event::KeyModifiers::NONE))
}

#[test]
fn n_creates_a_contact_and_its_new_organization_through_the_form() {
    use crossterm::event::KeyCode;
    let mut h = Harness::new(0, (120, 40));
    h.press(&["esc", "2", "n"]);
    assert_eq!(h.app.overlay, Overlay::Editor);
    // Leaving the required name empty shows the domain's message beside it.
    h.press(&["tab"]);
    let screen = h.screen(Theme::dark());
    assert!(screen.contains("is required"), "{screen}");
    h.press(&["shift-tab"]);
    type_in_editor(&mut h, "Wanjiru Kamau");
    h.press(&["tab", "tab", "tab"]); // native name, reading, to the organization
    type_in_editor(&mut h, "Kisumu Water Trust");
    h.send(key(KeyCode::Enter)); // no match: it will be created
    h.press(&["tab", "tab"]); // role, to phones
    type_in_editor(&mut h, "mobile:+254 700 123456");
    h.press(&["tab"]);
    type_in_editor(&mut h, "not-an-email");
    h.press(&["ctrl-s"]);
    assert_eq!(
        h.app.overlay,
        Overlay::Editor,
        "refused: the form stays with its text"
    );
    assert!(h.app.message.as_ref().unwrap().text.contains("email[1]"));
    for _ in 0.."not-an-email".len() {
        h.send(key(KeyCode::Backspace));
    }
    type_in_editor(&mut h, "wanjiru@example.org");
    h.press(&["ctrl-s"]);
    assert_eq!(h.app.overlay, Overlay::None, "{:?}", h.app.message);
    let c = h
        .store
        .read()
        .contacts_named("wanjiru kamau")
        .unwrap()
        .remove(0);
    assert_eq!(c.emails[0].value, "wanjiru@example.org");
    assert_eq!(c.phones[0].label, "mobile");
    let org = h
        .store
        .read()
        .organization(c.organization_id.unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(org.name, "Kisumu Water Trust");
    // e edits it; u undoes the edit.
    h.press(&["2", "e"]);
    for _ in 0..4 {
        h.press(&["tab"]);
    }
    type_in_editor(&mut h, "Chairperson");
    h.press(&["ctrl-s"]);
    assert_eq!(
        h.store
            .read()
            .contact(c.meta.id)
            .unwrap()
            .unwrap()
            .role
            .as_deref(),
        Some("Chairperson")
    );
    h.press(&["u"]);
    assert_eq!(
        h.store.read().contact(c.meta.id).unwrap().unwrap().role,
        None
    );
}

#[test]
fn f_adds_a_follow_up_owned_by_the_contact_and_x_marks_it_done() {
    let mut h = Harness::new(100, (120, 40));
    h.press(&["2"]);
    let contact = h.app.record.detail.as_ref().unwrap().id;
    h.press(&["f"]);
    assert_eq!(h.app.overlay, Overlay::Editor);
    type_in_editor(&mut h, "Send the training manual");
    h.press(&["ctrl-s"]);
    assert_eq!(h.app.overlay, Overlay::None, "{:?}", h.app.message);
    let found = h
        .store
        .read()
        .overdue_follow_ups(today() + chrono::Days::new(30))
        .unwrap();
    let f = found
        .iter()
        .find(|f| f.text == "Send the training manual")
        .expect("saved, due in a week");
    assert_eq!(f.owner, Owner::Contact(contact));
    assert_eq!(f.contact_id, Some(contact));
    h.press(&["6", "o", "o"]);
    h.press(&["/"]);
    type_in_editor_filter(&mut h, "training manual");
    h.press(&["enter"]);
    let row = h.app.list().unwrap().selected_row().unwrap().clone();
    assert!(!row.done);
    h.press(&["x"]);
    assert!(
        h.store
            .read()
            .follow_up(row.id)
            .unwrap()
            .unwrap()
            .done_at
            .is_some()
    );
}

fn type_in_editor_filter(h: &mut Harness, text: &str) {
    for c in text.chars() {
        h.send(Msg::Type(c));
    }
}

#[test]
fn notes_are_edited_and_deleted_from_the_timeline() {
    use crossterm::event::KeyCode;
    let mut h = Harness::new(50, (120, 40));
    h.press(&["2"]);
    let contact = h.app.record.detail.as_ref().unwrap().id;
    let first = h
        .store
        .read()
        .notes_on(NoteTarget::Contact(contact))
        .unwrap()
        .remove(0);
    // To the timeline; its first note is the newest (an event the contact
    // attended may come before it).
    h.press(&["tab", "tab"]);
    assert_eq!(h.app.focus, Pane::Timeline);
    while h.app.record.timeline[h.app.record.timeline_cursor].label != "note" {
        h.press(&["j"]);
    }
    h.press(&["enter"]);
    assert!(
        matches!(h.app.overlay, Overlay::Reader(_)),
        "enter reads it"
    );
    h.press(&["e"]);
    assert_eq!(h.app.overlay, Overlay::Editor, "e in the reader edits it");
    type_in_editor(&mut h, " (checked)");
    h.press(&["ctrl-s"]);
    let edited = h.store.read().note(first.meta.id).unwrap().unwrap();
    assert_eq!(edited.body, format!("{} (checked)", first.body));
    assert_eq!(
        edited.meta.created_at.timestamp_millis(),
        first.meta.created_at.timestamp_millis(),
        "same note, same time"
    );
    h.press(&["u"]);
    assert_eq!(
        h.store.read().note(first.meta.id).unwrap().unwrap().body,
        first.body,
        "undo puts the text back"
    );
    // d on the note (the timeline still has the focus) deletes it, after asking.
    assert_eq!(h.app.focus, Pane::Timeline);
    while h.app.record.timeline[h.app.record.timeline_cursor].label != "note" {
        h.press(&["j"]);
    }
    h.press(&["d"]);
    let question = h
        .app
        .confirm()
        .map(|c| c.question.clone())
        .unwrap_or_default();
    assert!(
        question.starts_with("Delete note"),
        "{question:?} {:?}",
        h.app.message
    );
    assert!(matches!(h.app.overlay, Overlay::Confirm(_)));
    h.press(&["y"]);
    assert!(
        h.store
            .read()
            .note(first.meta.id)
            .unwrap()
            .unwrap()
            .meta
            .deleted_at
            .is_some()
    );
    let _ = KeyCode::Enter;
}

#[test]
fn a_visit_s_purpose_is_picked_from_its_list() {
    let mut h = Harness::new(50, (120, 40));
    h.press(&["4", "v"]);
    // From the people field back to the purpose; down opens its list,
    // enter takes the highlighted one and goes on to the project.
    h.press(&["shift-tab", "shift-tab", "shift-tab"]);
    h.press(&["down", "down", "down", "enter"]);
    h.press(&["tab", "tab", "tab"]);
    type_in_editor(&mut h, "Consulted the county");
    h.press(&["ctrl-s"]);
    let found = h
        .store
        .read()
        .search("consulted the county", Some(&[RecordKind::Visit]), 1)
        .unwrap();
    let v = h.store.read().visit(found[0].id).unwrap().unwrap();
    assert_eq!(v.purpose, Purpose::Consultation);
}

#[test]
fn follow_ups_are_added_inside_the_visit_form_and_a_visit_can_be_edited() {
    use crossterm::event::KeyCode;
    let mut h = Harness::new(100, (120, 40));
    h.press(&["4", "v"]);
    type_in_editor(&mut h, "wanj");
    h.send(key(KeyCode::Enter));
    h.press(&["tab"]);
    type_in_editor(&mut h, "Borehole fenced");
    h.press(&["tab"]); // to the issues
    type_in_editor(&mut h, "Gate lock missing");
    h.press(&["tab"]); // to the follow-up
    type_in_editor(&mut h, "Send the pump manual");
    h.press(&["tab"]); // who
    type_in_editor(&mut h, "wanj");
    h.send(key(KeyCode::Enter));
    h.press(&["tab"]); // by when: +1w by default
    h.send(key(KeyCode::Enter)); // adds it
    type_in_editor(&mut h, "Call the county office"); // the next one, for me
    let screen = h.screen(Theme::dark());
    assert!(screen.contains("+ Send the pump manual"), "{screen}");
    h.press(&["ctrl-s"]);
    assert_eq!(h.app.overlay, Overlay::None, "{:?}", h.app.message);
    assert!(
        h.app
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("with 2 follow-ups")
    );
    let visit_id = h
        .store
        .read()
        .search("borehole fenced", Some(&[RecordKind::Visit]), 1)
        .unwrap()[0]
        .id;
    let visit = h.store.read().visit(visit_id).unwrap().unwrap();
    assert_eq!(visit.issues, "Gate lock missing");
    let details = h
        .store
        .read()
        .detail(RecordKind::Visit, visit_id, today())
        .unwrap()
        .unwrap();
    let DetailBody::Visit(shown) = &details.body else {
        panic!("not a visit: {details:?}");
    };
    let follow_ups: Vec<(&str, Option<&str>)> = shown
        .follow_ups
        .iter()
        .map(|f| (f.text.as_str(), f.owner.as_deref()))
        .collect();
    assert_eq!(follow_ups.len(), 2);
    assert!(
        follow_ups
            .iter()
            .any(|(text, owner)| *text == "Send the pump manual"
                && owner.is_some_and(|o| o.starts_with("Wanjiru"))),
        "{follow_ups:?}"
    );
    assert!(
        follow_ups.contains(&("Call the county office", None)),
        "{follow_ups:?}"
    );
    // u takes back the visit and both follow-ups.
    h.press(&["u"]);
    assert!(
        h.store
            .read()
            .visit(visit_id)
            .unwrap()
            .unwrap()
            .meta
            .deleted_at
            .is_some()
    );
    h.press(&["u"]);
    assert!(
        h.app
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("nothing to undo")
    );
    // Restore it from the trash and edit it: e opens it with what it had.
    h.press(&["T"]);
    let pos = h
        .app
        .trash()
        .unwrap()
        .iter()
        .position(|t| t.id == visit_id)
        .unwrap();
    for _ in 0..pos {
        h.press(&["j"]);
    }
    h.press(&["r", "esc", "5"]);
    h.press(&["/"]);
    for c in "borehole fenced".chars() {
        h.send(Msg::Type(c));
    }
    h.press(&["enter", "e"]);
    assert_eq!(h.app.overlay, Overlay::Editor);
    type_in_editor(&mut h, " and gated");
    h.press(&["ctrl-s"]);
    let edited = h.store.read().visit(visit_id).unwrap().unwrap();
    assert_eq!(edited.observations, "Borehole fenced and gated");
    assert_eq!(edited.participant_ids, visit.participant_ids);
    assert_eq!(
        edited.meta.created_at.timestamp_millis(),
        visit.meta.created_at.timestamp_millis()
    );
}

#[test]
fn a_picker_creates_a_missing_contact_on_the_spot() {
    use crossterm::event::KeyCode;
    let mut h = Harness::new(50, (120, 40));
    h.press(&["4", "v"]);
    type_in_editor(&mut h, "Zanele Mokoena");
    h.send(key(KeyCode::Enter));
    assert!(
        h.app
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("contact Zanele Mokoena created")
    );
    h.press(&["tab"]);
    type_in_editor(&mut h, "Met the new chair");
    h.press(&["ctrl-s"]);
    let zanele = h
        .store
        .read()
        .contacts_named("Zanele Mokoena")
        .unwrap()
        .remove(0);
    let visit = h
        .store
        .read()
        .search("met the new chair", Some(&[RecordKind::Visit]), 1)
        .unwrap()[0]
        .id;
    assert_eq!(
        h.store
            .read()
            .visit(visit)
            .unwrap()
            .unwrap()
            .participant_ids,
        vec![zanele.meta.id]
    );
}

#[test]
fn snapshot_of_the_visit_form_on_a_small_screen() {
    let mut h = Harness::new(300, (80, 24));
    h.press(&["4", "v"]);
    type_in_editor(&mut h, "wanj");
    let screen = h.screen(Theme::dark());
    for label in [
        "Date",
        "Purpose",
        "Project",
        "Place",
        "People met",
        "Observations",
        "Issues",
        "Follow-up",
    ] {
        assert!(screen.contains(label), "{label} hidden at 80x24:\n{screen}");
    }
    insta::assert_snapshot!("visit_form_80x24", screen);
}

#[test]
fn a_paste_of_ten_thousand_characters_into_a_note() {
    let mut h = Harness::new(20, (120, 40));
    h.press(&["2", "a"]);
    let started = std::time::Instant::now();
    let text: String = "Kisumu 土居 😀 ".chars().cycle().take(10_000).collect();
    type_in_editor(&mut h, &text);
    let typed = started.elapsed();
    h.press(&["ctrl-s"]);
    assert_eq!(h.app.overlay, Overlay::None, "{:?}", h.app.message);
    let contact = h.app.record.detail.as_ref().unwrap().id;
    let saved = &h
        .store
        .read()
        .notes_on(NoteTarget::Contact(contact))
        .unwrap()[0];
    assert_eq!(saved.body.chars().count(), text.trim().chars().count());
    eprintln!("10,000 characters typed into the editor in {typed:?}");
}

#[test]
fn i_imports_a_file_after_a_preview_with_its_duplicates() {
    let mut h = Harness::new(0, (120, 40));
    h.send(Msg::Action(Action::Close));
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    // First the phone's cards, then Google's CSV with the same two people.
    for (file, new_contacts) in [("phone-2.1.vcf", 2), ("google.csv", 0)] {
        h.press(&["I"]);
        assert!(matches!(h.app.overlay, Overlay::ImportPath(_)));
        for c in fixtures.join(file).display().to_string().chars() {
            h.send(Msg::Type(c));
        }
        h.press(&["enter"]);
        assert!(
            matches!(h.app.overlay, Overlay::ImportPreview(_)),
            "{:?}",
            h.app.message
        );
        let screen = h.screen(Theme::dark());
        assert!(
            screen.contains(&format!("new contacts: {new_contacts}")),
            "{screen}"
        );
        if file == "google.csv" {
            assert!(screen.contains("likely duplicates (2)"), "{screen}");
            // Each duplicate on its own: merge the first, skip the second.
            h.press(&["space"]);
            let screen = h.screen(Theme::dark());
            assert!(
                screen.contains("same e-mail doi@example.org) -> merge"),
                "{screen}"
            );
            assert!(screen.contains("0722 000 003) -> skip"), "{screen}");
        }
        h.press(&["y"]);
        assert_eq!(h.app.overlay, Overlay::None);
    }
    let message = h
        .app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(message.contains("1 merged, 1 skipped"), "{message}");
    let counts = h.store.read().counts().unwrap();
    let contacts = counts
        .iter()
        .find(|c| c.kind == RecordKind::Contact)
        .unwrap();
    assert_eq!(contacts.live, 2, "merged into the two, not added");
    // A file that is not UTF-8 is a message; nothing opens, nothing changes.
    h.press(&["I"]);
    for c in fixtures.join("latin1.csv").display().to_string().chars() {
        h.send(Msg::Type(c));
    }
    h.press(&["enter"]);
    assert_eq!(h.app.overlay, Overlay::None);
    assert!(h.app.message.as_ref().unwrap().text.contains("not UTF-8"));
}

#[test]
fn r_writes_the_month_report_beside_the_database() {
    let mut h = Harness::new(300, (120, 40));
    h.press(&["R", "enter"]);
    let message = h.app.message.as_ref().unwrap().text.clone();
    assert!(message.contains("report written"), "{message}");
    let dir = h.store.path().parent().unwrap().join("reports");
    let md = std::fs::read_to_string(dir.join("report-2026-11.md")).unwrap();
    assert!(md.starts_with("# Monthly report"), "{md}");
    assert!(dir.join("report-2026-11.xlsx").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700, "the reports folder is private");
        assert_eq!(mode(&dir.join("report-2026-11.md")), 0o600);
        assert_eq!(mode(&dir.join("report-2026-11.xlsx")), 0o600);
    }
}

#[test]
fn a_full_disk_keeps_the_note_open_with_its_text_and_the_file_sound() {
    let mut h = Harness::new(20, (120, 40));
    // No free pages left inside the file, then no room to grow it.
    let path = h.store.path().to_path_buf();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("VACUUM")
        .unwrap();
    h.press(&["2", "a"]);
    let text: String = "Borehole report due; 土居さんに連絡. "
        .chars()
        .cycle()
        .take(6_000)
        .collect();
    type_in_editor(&mut h, &text);
    h.store.simulate_full_disk(Some(0)).unwrap();
    let contact = h.app.record.detail.as_ref().unwrap().id;
    let before = h
        .store
        .read()
        .notes_on(NoteTarget::Contact(contact))
        .unwrap()
        .len();
    h.press(&["ctrl-s"]);
    assert_eq!(h.app.overlay, Overlay::Editor, "the form stays open");
    let message = h.app.message.as_ref().expect("the error is shown");
    assert!(
        message.is_error && message.text.contains("full"),
        "{}",
        message.text
    );
    let screen = h.screen(Theme::dark());
    assert!(
        screen.contains("Borehole report due"),
        "the text is still there: {screen}"
    );
    assert_eq!(
        h.store
            .read()
            .notes_on(NoteTarget::Contact(contact))
            .unwrap()
            .len(),
        before,
        "nothing half-written"
    );
    assert!(h.store.read().check().unwrap().is_ok());
    // Room again (space freed): the same key saves it.
    h.store.simulate_full_disk(None).unwrap();
    h.press(&["ctrl-s"]);
    assert_eq!(h.app.overlay, Overlay::None, "{:?}", h.app.message);
    assert_eq!(
        h.store
            .read()
            .notes_on(NoteTarget::Contact(contact))
            .unwrap()
            .len(),
        before + 1
    );
}

#[test]
fn a_damaged_page_shows_a_screen_that_says_what_to_do() {
    let mut h = Harness::new(50, (100, 30));
    let path = h.store.path().to_path_buf();
    // Checkpoint so every page is in the main file, then damage the pages
    // that hold the contacts' rows.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let root: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'contacts'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        file.seek(SeekFrom::Start((root as u64 - 1) * 4096))
            .unwrap();
        file.write_all(&[0xEE; 4096]).unwrap();
    }
    h.press(&["ctrl-r", "2"]);
    assert!(
        matches!(h.app.overlay, Overlay::Damaged(_)),
        "{:?}",
        h.app.message
    );
    let screen = h.screen(Theme::dark());
    assert!(
        screen.contains("The database file is damaged") && screen.contains("fieldbook restore"),
        "{screen}"
    );
    // Every key but quit is ignored: nothing reads or writes the file.
    h.press(&["a", "n", "v", "d"]);
    assert!(matches!(h.app.overlay, Overlay::Damaged(_)));
    h.press(&["q"]);
    assert!(h.app.quit);
}

#[test]
fn a_csv_nobody_recognises_gets_a_screen_to_name_its_columns() {
    let mut h = Harness::new(0, (120, 40));
    h.send(Msg::Action(Action::Close));
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/columns-unnamed.csv");
    h.press(&["I"]);
    for c in file.display().to_string().chars() {
        h.send(Msg::Type(c));
    }
    h.press(&["enter"]);
    assert!(
        matches!(&h.app.overlay, Overlay::ImportMap(m) if m.cursor == 0),
        "{:?}",
        h.app.message
    );
    let screen = h.screen(Theme::dark());
    for guess in [
        "Who                      -> ignore",
        "Mail                     -> email",
        "Mobile                   -> phone",
        "Where                    -> city",
    ] {
        assert!(screen.contains(guess), "{guess}: {screen}");
    }
    // "Who" is the name; "Where" is the country here, not the city.
    h.press(&["space", "j", "j", "j", "space"]);
    assert!(
        h.screen(Theme::dark())
            .contains("Where                    -> country")
    );
    h.press(&["enter"]);
    assert!(
        matches!(h.app.overlay, Overlay::ImportPreview(_)),
        "{:?}",
        h.app.message
    );
    h.press(&["y"]);
    let contacts = h.store.read().contacts_named("Fatou Sow").unwrap();
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].emails[0].value, "fatou@example.sn");
    assert_eq!(contacts[0].country.as_deref(), Some("Dakar"));
}
