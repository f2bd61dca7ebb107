//! Issue 12 part 6: zero-width and line-separator characters in a name
//! (U+200B..U+200F, U+2028, U+2029, U+2060, U+FEFF) never reach the screen,
//! where terminals disagree on their width and the borders shift.

use chrono::NaiveDate;
use fieldbook::domain::*;
use fieldbook::store::Store;
use fieldbook::ui::effects::settle;
use fieldbook::ui::keymap::{Chord, Keymap};
use fieldbook::ui::state::App;
use fieldbook::ui::theme::Theme;
use fieldbook::ui::update::{Msg, init, update};
use fieldbook::ui::view::{ViewContext, contexts, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const INVISIBLE: [char; 10] = [
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{2028}', '\u{2029}', '\u{2060}',
    '\u{FEFF}', '\u{85}',
];

#[test]
fn invisible_characters_in_names_keep_the_borders_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("ui.db")).unwrap();
    let org = Organization::new("Zero\u{200B}Width\u{2028}Org", OrgKind::Other);
    store.write(|tx| tx.save_organization(&org)).unwrap();
    for name in [
        "Amina\u{200B}\u{200B}\u{200B} Diop",
        "Line\u{2028}Separator\u{2029}Name",
        "Bom\u{FEFF}\u{2060}\u{200D} Name",
        "Plain Name",
    ] {
        let mut c = Contact::new(name);
        c.organization_id = Some(org.meta.id);
        c.city = Some("Da\u{200E}kar\u{200F}".into());
        store.write(|tx| tx.save_contact(&c)).unwrap();
    }
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let mut app = App::new(today, (90, 14));
    let cmds = init(&app);
    settle(&mut app, &mut store, cmds, None);
    let keymap = Keymap::default();
    for key in ["esc", "2", "j"] {
        let chord = Chord::parse(key).unwrap();
        let event = crossterm::event::KeyEvent::new(chord.code, chord.mods);
        if let Some(action) = keymap.action_for(Chord::from_event(&event), &contexts(&app)) {
            let cmds = update(&mut app, Msg::Action(action));
            settle(&mut app, &mut store, cmds, None);
        }
    }
    let mut terminal = Terminal::new(TestBackend::new(90, 14)).unwrap();
    let theme = Theme::dark();
    let cx = ViewContext {
        theme: &theme,
        keymap: &keymap,
    };
    terminal.draw(|f| render(f, &app, &cx)).unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Amina"), "{screen}");
    let found: Vec<char> = screen.chars().filter(|c| INVISIBLE.contains(c)).collect();
    assert!(found.is_empty(), "{found:?} reached the screen:\n{screen}");
    // Every line is the screen's width, and the borders of each row are in
    // the same columns as on the plain name's row.
    let borders = |line: &str| -> Vec<usize> {
        line.chars()
            .enumerate()
            .filter(|(_, c)| *c == '│')
            .map(|(i, _)| i)
            .collect()
    };
    let plain = screen
        .lines()
        .map(|l| l.trim_matches('"'))
        .find(|l| l.contains("Plain Name"))
        .unwrap();
    // TestBackend writes each line quoted.
    let rows: Vec<&str> = screen
        .lines()
        .map(|l| l.trim_matches('"'))
        .filter(|l| l.starts_with('│') && l.contains("ZeroWidth"))
        .collect();
    assert!(rows.len() >= 4, "{screen}");
    for line in rows {
        assert_eq!(
            unicode_width::UnicodeWidthStr::width(line),
            unicode_width::UnicodeWidthStr::width(plain),
            "{line:?}\n{screen}"
        );
        assert_eq!(borders(line), borders(plain), "{line:?}\n{screen}");
    }
}
