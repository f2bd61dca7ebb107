//! The screens of `ui/screens/`: each drawn at 80x24 and 120x40 (insta
//! snapshots in tests/snapshots/), the command palette, the help for every
//! context, the report's month, the welcome screen's way into the UI, the
//! footer at 80 columns, and hints that follow a rebound key.

mod common;

use chrono::NaiveDate;
use common::cli::{TODAY, fieldbook};
use common::tmux::{Tmux, tmux_available};
use common::ui_harness::Harness;
use fieldbook::ui::keymap::Keymap;
use fieldbook::ui::state::{Overlay, Tab};
use fieldbook::ui::theme::Theme;
use fieldbook::ui::update::Msg;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, size: (u16, u16), h: &Harness) {
    let screen = without_clock_times(&h.screen(Theme::dark()));
    insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
}

/// The screen with each `YYYY-MM-DD HH:MM` (when a record went to the
/// trash: the wall clock) written as `####-##-## ##:##`.
fn without_clock_times(screen: &str) -> String {
    let shape = "0000-00-00 00:00";
    let mut chars: Vec<char> = screen.chars().collect();
    let n = shape.chars().count();
    let mut i = 0;
    while i + n <= chars.len() {
        let fits = chars[i..i + n].iter().zip(shape.chars()).all(|(c, s)| {
            if s == '0' {
                c.is_ascii_digit()
            } else {
                *c == s
            }
        });
        if fits {
            for (c, s) in chars[i..i + n].iter_mut().zip(shape.chars()) {
                if s == '0' {
                    *c = '#';
                }
            }
            i += n;
        } else {
            i += 1;
        }
    }
    chars.into_iter().collect()
}

fn keys(config: &str) -> Keymap {
    fieldbook::config::parse(config).unwrap().keymap
}

#[test]
fn snapshots_of_the_screens_over_a_book() {
    for size in SIZES {
        let mut h = Harness::new(300, size);
        h.press(&[":"]);
        snap("palette", size, &h);
        h.type_text("trash");
        snap("palette_trash", size, &h);
        h.press(&["esc", "?"]);
        snap("help_top", size, &h);
        h.press(&["G"]);
        snap("help_end", size, &h);
        h.press(&["/"]);
        h.type_text("trash");
        snap("help_filtered", size, &h);
        h.press(&["esc", "esc", "2", "d"]);
        snap("confirm", size, &h);
        h.press(&["y", "T"]);
        snap("trash", size, &h);
        h.press(&["esc", "4", "s"]);
        snap("status_picker", size, &h);
        h.press(&["j", "enter"]);
        h.type_text("Committee met");
        snap("reason", size, &h);
        h.press(&["esc", "R"]);
        snap("month_picker", size, &h);
        h.press(&["esc", "ctrl-f"]);
        h.type_text("doi");
        snap("search", size, &h);
        h.press(&["esc"]);
        h.send(Msg::Damaged("database disk image is malformed".into()));
        snap("damaged", size, &h);
    }
}

#[test]
fn snapshots_of_the_import_screens() {
    for size in SIZES {
        let mut h = Harness::new(0, size);
        snap("welcome", size, &h);
        h.press(&["esc", "I"]);
        h.type_text("tests/fixtures/google.csv");
        snap("import_path", size, &h);
        h.press(&["enter"]);
        snap("import_preview", size, &h);
        h.press(&["n", "I"]);
        h.type_text("tests/fixtures/columns-unnamed.csv");
        h.press(&["enter"]);
        assert!(matches!(h.app.overlay, Overlay::ImportMap(_)));
        snap("import_map", size, &h);
    }
}

#[test]
fn the_palette_finds_a_command_by_name_and_runs_it() {
    let mut h = Harness::new(50, (80, 24));
    h.press(&[":"]);
    assert!(matches!(h.app.overlay, Overlay::Palette(_)));
    // Typed words are text, not commands: `t` and `r` do not act here.
    h.type_text("trash");
    let screen = h.screen(Theme::mono());
    assert!(screen.contains("T  "), "the trash's key is shown: {screen}");
    h.press(&["enter"]);
    assert!(
        matches!(h.app.overlay, Overlay::Trash(_)),
        "{:?}",
        h.app.overlay
    );
    // The report for last month, found by name: the month is asked.
    h.press(&["esc", ":"]);
    h.type_text("report");
    h.press(&["enter"]);
    assert!(matches!(h.app.overlay, Overlay::MonthPicker(_)));
    // Nothing matches: enter does nothing, esc closes.
    h.press(&["esc", ":"]);
    h.type_text("zzz");
    assert!(h.screen(Theme::mono()).contains("No command by that name"));
    h.press(&["enter"]);
    assert!(matches!(h.app.overlay, Overlay::Palette(_)));
    h.press(&["esc"]);
    assert_eq!(h.app.overlay, Overlay::None);
}

#[test]
fn help_covers_every_context_scrolls_and_filters() {
    let mut h = Harness::new(50, (80, 24));
    h.press(&["?"]);
    let mut seen = String::new();
    // j to the end, reading every page: each context has its section.
    for _ in 0..200 {
        seen.push_str(&h.screen(Theme::mono()));
        h.press(&["j"]);
    }
    for section in [
        "Everywhere",
        "Forms and editors",
        "Search (type to search)",
        "List filter",
        "Command palette",
        "Pickers and the trash",
        "Import preview",
        "Import: CSV columns",
        "Report: which month",
    ] {
        assert!(seen.contains(section), "{section} is missing from the help");
    }
    let bottom = h.screen(Theme::mono());
    h.press(&["g"]);
    let top = h.screen(Theme::mono());
    assert!(top.contains("Everywhere") && !bottom.contains("Everywhere"));
    h.press(&["G"]);
    assert_eq!(h.screen(Theme::mono()), bottom, "G goes to the end");
    // `/` narrows to the keys that do what is typed.
    h.press(&["g", "/"]);
    h.type_text("trash");
    let screen = h.screen(Theme::mono());
    assert!(screen.contains("restore (trash)"), "{screen}");
    assert!(!screen.contains("log a visit"), "{screen}");
    // Enter keeps the filter and scrolls again; esc closes.
    h.press(&["enter", "esc"]);
    assert_eq!(h.app.overlay, Overlay::None);
}

#[test]
fn r_asks_the_month_last_month_in_the_first_week() {
    let mut h = Harness::new(50, (80, 24));
    let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let selected = |h: &Harness| match &h.app.overlay {
        Overlay::MonthPicker(m) => m.selected().unwrap(),
        other => panic!("{other:?}"),
    };
    h.press(&["R"]);
    assert_eq!(selected(&h), day("2026-11-01"), "mid-month: this month");
    h.press(&["esc"]);
    h.send(Msg::NewDay(day("2026-12-03")));
    h.press(&["R"]);
    assert_eq!(selected(&h), day("2026-11-01"), "early December: November");
    // Another month is one key away, and it is the one written.
    h.press(&["j", "enter"]);
    let dir = h.store.path().parent().unwrap().join("reports");
    assert!(dir.join("report-2026-10.md").exists());
}

#[test]
fn the_welcome_screen_leads_into_the_ui() {
    for (key, tab) in [
        ("o", Tab::Organizations),
        ("c", Tab::Contacts),
        ("p", Tab::Projects),
    ] {
        let mut h = Harness::new(0, (80, 24));
        assert!(matches!(h.app.overlay, Overlay::Welcome(_)));
        h.press(&[key]);
        assert_eq!(h.app.tab, tab);
        assert_eq!(
            h.app.overlay,
            Overlay::Editor,
            "{key}: the new record's form"
        );
    }
}

#[test]
fn the_footer_at_80_columns_keeps_the_most_useful_hints() {
    let mut h = Harness::new(50, (80, 24));
    h.press(&["2"]);
    let screen = h.screen(Theme::mono());
    let footer = screen.lines().rev().nth(1).unwrap();
    for hint in ["n new", "v visit", "ctrl-f search", "/ filter", "? help"] {
        assert!(footer.contains(hint), "{hint:?} missing: {footer}");
    }
}

#[test]
fn the_tab_bar_fits_and_scrolls_in_a_narrow_terminal() {
    let mut h = Harness::new(50, (48, 16));
    h.press(&["6"]);
    let screen = h.screen(Theme::mono());
    // TestBackend quotes each line.
    let bar = screen.lines().next().unwrap().trim_matches('"');
    assert!(bar.contains("6 To do"), "the current tab is shown: {bar}");
    assert!(bar.trim_start().starts_with('<'), "{bar}");
    h.press(&["1"]);
    let screen = h.screen(Theme::mono());
    let bar = screen.lines().next().unwrap().trim_matches('"');
    assert!(
        bar.contains("1 Home") && bar.trim_end().ends_with('>'),
        "{bar}"
    );
}

#[test]
fn hints_and_messages_name_the_key_bound_now() {
    let config = "[keys]\nundo = \"U\"\nshow_trash = \"ctrl-t\"\ntoggle_done = \"X\"\n";
    let mut h = Harness::with_keymap(50, (120, 40), keys(config));
    h.press(&["2", "d"]);
    let screen = h.screen(Theme::mono());
    assert!(
        screen.contains("U undoes, ctrl-t shows the trash"),
        "{screen}"
    );
    assert!(!screen.contains("u undoes"), "{screen}");
    h.press(&["n", "X"]);
    let screen = h.screen(Theme::mono());
    assert!(screen.contains("X marks a follow-up done"), "{screen}");
    h.press(&["ctrl-t"]);
    assert!(h.screen(Theme::mono()).contains("Trash (0): r restores"));
}

/// The real binary: `:` then "trash" then Enter opens the trash.
#[test]
fn tmux_the_palette_opens_the_trash() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    fieldbook(&db)
        .args(["demo", "--scale", "50", "--today", TODAY])
        .assert()
        .success();
    let tmux = Tmux::start(80, 24, dir.path());
    tmux.wait_text("test-prompt$");
    tmux.type_line(&format!(
        "{} --db {}",
        env!("CARGO_BIN_EXE_fieldbook"),
        db.display()
    ));
    tmux.wait_text("OVERDUE");
    tmux.send(&[":"]);
    tmux.wait_text("Commands:");
    tmux.send(&["-l", "trash"]);
    tmux.wait_text(": trash_");
    tmux.send(&["Enter"]);
    tmux.wait_text("Trash (0)");
    tmux.send(&["Escape", "q"]);
}
