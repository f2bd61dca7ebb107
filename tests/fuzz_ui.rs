//! Random keys, pastes and terminal sizes thrown at the UI's state machine
//! over a real database: it never panics, every frame draws, and the
//! database stays sound.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fieldbook::demo::{DemoOptions, generate};
use fieldbook::store::Store;
use fieldbook::ui::action::Action;
use fieldbook::ui::keymap::Keymap;
use fieldbook::ui::runtime::Runtime;
use fieldbook::ui::theme::Theme;
use fieldbook::ui::update::Msg;
use fieldbook::ui::view::{ViewContext, render};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Text that is hard on a terminal: controls and escapes (CSI, OSC 52 to the
/// clipboard, BEL), emoji, right-to-left, combining marks, wide characters.
fn nasty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\u{1b}[2J\u{1b}]52;c;SGVsbG8=\u{7}".to_string()),
        Just("مرحبا بالعالم".to_string()),
        Just("e\u{301}\u{302}\u{303} a\u{20dd}".to_string()),
        Just("😀👩‍👩‍👧‍👦🇰🇪".to_string()),
        Just("土居健市 김민준 ﾄﾞｲ".to_string()),
        Just("\u{202e}evil\u{202c}".to_string()),
        "[a-zA-Z0-9 '\\-]{0,12}",
        "\\PC{0,8}",
    ]
}

#[derive(Debug, Clone)]
enum Step {
    Action(usize),
    Type(String),
    Paste(usize),
    Erase,
    Key(u8),
    Resize(u16, u16),
    Tick,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..Action::ALL.len()).prop_map(Step::Action),
        3 => nasty_text().prop_map(Step::Type),
        1 => (1usize..2_000).prop_map(Step::Paste),
        1 => Just(Step::Erase),
        3 => any::<u8>().prop_map(Step::Key),
        1 => (1u16..=300, 1u16..=100).prop_map(|(w, h)| Step::Resize(w, h)),
        1 => Just(Step::Tick),
    ]
}

fn key(code: u8) -> KeyEvent {
    let code = match code % 12 {
        0 => KeyCode::Enter,
        1 => KeyCode::Backspace,
        2 => KeyCode::Tab,
        3 => KeyCode::Up,
        4 => KeyCode::Down,
        5 => KeyCode::Left,
        6 => KeyCode::Right,
        7 => KeyCode::Esc,
        8 => KeyCode::Home,
        9 => KeyCode::End,
        _ => KeyCode::Char((b'a' + code % 26) as char),
    };
    KeyEvent::new(code, KeyModifiers::NONE)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 50, ..ProptestConfig::default() })]

    #[test]
    fn the_ui_survives_anything(steps in prop::collection::vec(step(), 1..60)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fuzz.db");
        let mut store = Store::open(&path).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        generate(&mut store, &DemoOptions { scale: 30, seed: 9, today, force: false }).unwrap();
        let mut rt = Runtime::start(store, today, (80, 24), Keymap::default(), None);
        let theme = Theme::dark();
        for step in steps {
            // Keys go the real way (keymap, then text or the editor).
            if let Step::Key(k) = step {
                rt.key(key(k));
            }
            let msgs: Vec<Msg> = match step {
                Step::Action(i) => vec![Msg::Action(Action::ALL[i])],
                Step::Type(text) => text.chars().map(Msg::Type).chain(text.chars().map(|c| {
                    Msg::EditorKey(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
                })).collect(),
                Step::Paste(n) => "ab\u{1b}c土 ".chars().cycle().take(n).map(|c| {
                    Msg::EditorKey(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
                }).collect(),
                Step::Erase => vec![Msg::Erase],
                Step::Key(_) => vec![],
                Step::Resize(w, h) => vec![Msg::Resize(w, h)],
                Step::Tick => vec![Msg::Tick],
            };
            for msg in msgs {
                if rt.app.quit {
                    break;
                }
                rt.send(msg);
            }
            if rt.app.quit {
                break;
            }
            let (w, h) = rt.app.size;
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            let cx = ViewContext { theme: &theme, keymap: &rt.keymap };
            terminal.draw(|f| render(f, &rt.app, &cx)).unwrap();
            // Nothing raw reaches the screen: no escape or control character in any cell.
            let buffer = terminal.backend().buffer();
            prop_assert!(buffer.content.iter().all(|c| !c.symbol().chars().any(|ch| ch.is_control())));
        }
        let report = rt.store.read().check().unwrap();
        prop_assert!(report.is_ok(), "{report:?}");
    }
}
