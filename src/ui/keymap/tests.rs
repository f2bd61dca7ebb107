use super::*;

#[test]
fn parses_and_prints_keys() {
    for text in [
        "j",
        "G",
        "?",
        "ctrl-c",
        "shift-tab",
        "down",
        "pgdn",
        "f1",
        "space",
        "backspace",
        "alt-x",
    ] {
        let chord = Chord::parse(text).unwrap();
        assert_eq!(chord.to_string(), text);
    }
    assert_eq!(Chord::parse("shift-g").unwrap(), Chord::parse("G").unwrap());
    assert_eq!(
        Chord::parse("Ctrl-C").unwrap(),
        Chord::parse("ctrl-c").unwrap()
    );
    assert!(Chord::parse("ctrl-").unwrap_err().contains("not a key"));
    assert!(Chord::parse("jk").is_err());
}

#[test]
fn crossterm_shift_reports_match_the_table() {
    let km = Keymap::default();
    let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(
        km.action_for(Chord::from_event(&shift_g), &[Context::Global]),
        Some(Action::Bottom)
    );
    let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(
        km.action_for(Chord::from_event(&backtab), &[Context::Global]),
        Some(Action::PrevPane)
    );
}

#[test]
fn contexts_are_tried_in_order() {
    let km = Keymap::default();
    let q = Chord::parse("q").unwrap();
    assert_eq!(
        km.action_for(q, &[Context::Help, Context::Global]),
        Some(Action::Close)
    );
    assert_eq!(km.action_for(q, &[Context::Global]), Some(Action::Quit));
}

#[test]
fn rebinding_moves_a_key() {
    let mut km = Keymap::default();
    km.rebind(Action::Down, vec![Chord::parse("n").unwrap()]);
    let global = [Context::Global];
    assert_eq!(
        km.action_for(Chord::parse("n").unwrap(), &global),
        Some(Action::Down)
    );
    assert_eq!(km.action_for(Chord::parse("j").unwrap(), &global), None);
    km.rebind(Action::Quit, vec![Chord::parse("n").unwrap()]);
    assert_eq!(
        km.action_for(Chord::parse("n").unwrap(), &global),
        Some(Action::Quit)
    );
}

/// A plain character (no Ctrl, no Alt) is text where text is typed.
fn is_text(chord: &Chord) -> bool {
    matches!(chord.code, KeyCode::Char(_))
        && !chord
            .mods
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

#[test]
fn user_keys_never_reach_text_entry() {
    let mut km = Keymap::default();
    km.rebind(
        Action::Down,
        ["j", "down", "ctrl-n"]
            .map(|k| Chord::parse(k).unwrap())
            .to_vec(),
    );
    km.rebind(
        Action::Up,
        ["k", "up", "ctrl-p"]
            .map(|k| Chord::parse(k).unwrap())
            .to_vec(),
    );
    km.rebind(Action::NextPane, vec![Chord::parse("l").unwrap()]);
    km.rebind(Action::Close, vec![Chord::parse("x").unwrap()]);
    for b in km.bindings.iter().filter(|b| b.context.takes_text()) {
        assert!(
            !b.keys.iter().any(is_text),
            "{:?} in {:?} takes a typed key: {:?}",
            b.action,
            b.context,
            b.keys
        );
    }
    // Text entry keeps its own keys; navigation takes the user's.
    let j = Chord::parse("j").unwrap();
    assert_eq!(km.action_for(j, &[Context::Search]), None);
    assert_eq!(km.action_for(j, &[Context::Picker]), Some(Action::Down));
    assert_eq!(
        km.action_for(Chord::parse("ctrl-n").unwrap(), &[Context::Search]),
        Some(Action::Down)
    );
}
