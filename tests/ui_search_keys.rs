//! Through the runtime's real key path: search opens the result that is
//! highlighted, whatever its kind; and a user's `[keys]` (the README's own
//! example) move in lists but never take letters from text entry.

use fieldbook::ui::state::{Overlay, Tab};
use fieldbook::ui::theme::Theme;

mod common;
use common::search_book::{QUERY, drawn_order, readme_config, several_kinds};
use common::ui_harness::Harness;

#[test]
fn search_opens_the_highlighted_result_of_every_kind() {
    let mut h = Harness::new(0, (120, 40));
    h.press(&["esc"]);
    let expected = several_kinds(&mut h.store);
    let titles: Vec<&str> = expected.iter().map(|e| e.title).collect();
    h.press(&["ctrl-f"]);
    h.type_text(QUERY);
    let screen = h.screen(Theme::mono());
    // Every kind is drawn, follow-ups too.
    let order = drawn_order(&screen, &titles);
    assert_eq!(
        order.len(),
        expected.len(),
        "not every result is drawn:\n{screen}"
    );
    for e in &expected {
        // Move to the row as drawn, and open it.
        let downs = order.iter().position(|t| *t == e.title).unwrap();
        h.press(&["esc", "ctrl-f"]);
        h.type_text(QUERY);
        for _ in 0..downs {
            h.press(&["down"]);
        }
        h.press(&["enter"]);
        assert_eq!(h.app.overlay, Overlay::None, "{}", e.title);
        assert_eq!(h.app.tab, Tab::for_kind(e.opens).unwrap(), "{}", e.title);
        let Some(detail) = h.app.record.detail.as_ref() else {
            panic!(
                "Enter on {} opened nothing:\n{}",
                e.title,
                h.screen(Theme::mono())
            );
        };
        assert_eq!(
            (detail.kind, detail.id),
            (e.opens, e.id),
            "Enter on {}",
            e.title
        );
        let screen = h.screen(Theme::mono());
        assert!(screen.contains(e.detail), "{}:\n{screen}", e.title);
    }
}

#[test]
fn the_readme_keys_move_in_lists_and_leave_letters_to_typing() {
    let keymap = fieldbook::config::parse(&readme_config()).unwrap().keymap;
    let mut h = Harness::with_keymap(50, (120, 40), keymap);
    h.press(&["2"]);
    let name = h.selected_name();
    let word = name.split_whitespace().next().unwrap().to_lowercase();
    h.press(&["1"]);
    // Search: every letter is text; ctrl-n (the user's) moves down.
    h.press(&["ctrl-f"]);
    h.type_text("wanjk");
    assert_eq!(h.app.search().unwrap().input, "wanjk");
    assert!(h.screen(Theme::mono()).contains("> wanjk_"));
    h.press(&["ctrl-u"]);
    h.type_text(&word);
    assert!(
        h.app.search().unwrap().hits.len() > 1,
        "{word} finds more than one"
    );
    h.press(&["ctrl-n"]);
    assert_eq!(h.app.search().unwrap().cursor, 1);
    h.press(&["esc"]);
    // A list: j and k move, as the config says.
    h.press(&["2"]);
    let first = h.selected_name();
    h.press(&["j"]);
    assert_ne!(h.selected_name(), first);
    h.press(&["k"]);
    assert_eq!(h.selected_name(), first);
    // The list filter takes j and k as text.
    h.press(&["/"]);
    h.type_text("jk");
    assert_eq!(h.app.list_filter.as_ref().unwrap().input, "jk");
    h.press(&["esc"]);
    // A project's status: the picker moves with j; its reason takes j and k.
    h.press(&["4", "s"]);
    assert!(matches!(&h.app.overlay, Overlay::StatusPicker(p) if p.cursor == 0));
    h.press(&["j"]);
    assert!(matches!(&h.app.overlay, Overlay::StatusPicker(p) if p.cursor == 1));
    h.press(&["enter"]);
    assert!(
        matches!(h.app.overlay, Overlay::Reason(_)),
        "{:?}",
        h.app.overlay
    );
    h.type_text("jk");
    assert!(matches!(&h.app.overlay, Overlay::Reason(r) if r.input == "jk"));
    h.press(&["esc"]);
    // A note's editor: j and k are text.
    h.press(&["a"]);
    assert_eq!(h.app.overlay, Overlay::Editor);
    h.type_text("jkjk");
    assert!(h.screen(Theme::mono()).contains("jkjk"));
    // The config's quit key quits.
    h.press(&["esc"]);
    if matches!(h.app.overlay, Overlay::Confirm(_)) {
        h.press(&["y"]);
    }
    h.press(&["ctrl-q"]);
    assert!(h.app.quit);
}

/// A Down pressed on the answer to "wanjir" while the answer to "wanjiru"
/// is still on its way: when it arrives, the highlight stays on the
/// record the person moved to (it is among the new results), so Enter
/// opens what they chose. Before, the cursor went back to the first row.
#[test]
fn a_late_answer_keeps_the_highlight_the_person_moved_to() {
    use fieldbook::ui::update::{Cmd, Msg, update};
    let mut h = Harness::new(300, (120, 40));
    h.press(&["ctrl-f"]);
    h.type_text("wanjir");
    let before: Vec<_> = h.app.search().unwrap().hits.iter().map(|x| x.id).collect();
    assert!(before.len() >= 2, "several people match: {before:?}");
    // The last letter: its query is not answered yet.
    let pending: Vec<Cmd> = update(&mut h.rt.app, Msg::Type('u'))
        .into_iter()
        .filter(|c| matches!(c, Cmd::Search { .. }))
        .collect();
    assert_eq!(pending.len(), 1);
    h.press(&["down"]);
    let chosen = h.app.search().unwrap().hits[h.app.search().unwrap().cursor].id;
    assert_eq!(chosen, before[1]);
    for cmd in pending {
        let (today, filter) = (h.app.today, h.app.filter);
        let msg = fieldbook::ui::effects::run(&mut h.rt.store, cmd, today, filter);
        h.send(msg);
    }
    let search = h.app.search().unwrap();
    assert!(search.hits.iter().any(|x| x.id == chosen), "still a result");
    assert_eq!(
        search.hits[search.cursor].id, chosen,
        "the highlight stayed"
    );
}
