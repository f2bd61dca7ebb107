//! Registrations and attachments in the terminal UI: `r` on an
//! organization opens the registration form, which saves; the details list
//! it (enter edits it); `A` asks for a path (the import prompt's pattern)
//! and attaches the file; the details list it and enter opens it (the file
//! written out by the effects); `u` takes the attachment back.

use fieldbook::domain::*;
use fieldbook::ui::theme::Theme;

mod common;
use common::ui_harness::Harness;

fn harness(size: (u16, u16)) -> Harness {
    let mut h = Harness::new(0, size);
    let plas = Organization::new("PLAS Kenya", OrgKind::LocalNgo);
    h.store.write(|tx| tx.save_organization(&plas)).unwrap();
    // Past the welcome screen, to the organizations, the details shown.
    h.press(&["esc", "3", "enter"]);
    h
}

#[test]
fn a_registration_added_from_the_organization_shows_in_its_details() {
    let mut h = harness((100, 30));
    h.press(&["r"]);
    let form = h.screen(Theme::dark());
    assert!(form.contains("New registration"), "{form}");
    insta::assert_snapshot!("registration_form_100x30", form);
    // Kind (NGO registration) stays; the number, issuer, dates.
    h.press(&["tab"]);
    h.type_text("OP.218/051");
    h.press(&["tab"]);
    h.type_text("NGO Coordination Board");
    h.press(&["tab"]);
    h.type_text("2026-02-01");
    h.press(&["tab"]);
    h.type_text("2026-01-01");
    h.press(&["tab"]);
    let refused = h.screen(Theme::dark());
    assert!(refused.contains("2026-01-01 is before the"), "{refused}");
    h.press(&["shift-tab", "ctrl-u"]);
    h.type_text("2027-01-31");
    h.press(&["ctrl-s"]);
    let details = h.screen(Theme::dark());
    assert!(details.contains("Registrations and approvals"), "{details}");
    assert!(
        details.contains("NGO registration OP.218/051 (NGO Coordination"),
        "{details}"
    );
    assert!(
        details.contains("Board), expires 2027-01-31 (in 64 days)"),
        "{details}"
    );
    // Enter on it (the first link) edits it.
    h.press(&["enter"]);
    assert!(h.screen(Theme::dark()).contains("Edit registration"));
}

#[test]
fn a_file_attached_through_the_path_prompt_is_listed_opened_and_undone() {
    let mut h = harness((100, 30));
    let file = h.dir.path().join("site photo.jpg");
    std::fs::write(&file, b"\xFF\xD8\xFF photo bytes").unwrap();
    h.press(&["A"]);
    let prompt = h.screen(Theme::dark());
    assert!(prompt.contains("Attach a file to PLAS Kenya"), "{prompt}");
    insta::assert_snapshot!("attach_prompt_100x30", prompt);
    h.type_text(&h.dir.path().join("nothing.jpg").display().to_string());
    h.press(&["enter"]);
    assert!(
        h.screen(Theme::dark())
            .contains("nothing.jpg: no such file; nothing was attached")
    );
    h.press(&["A"]);
    h.type_text(&file.display().to_string());
    h.press(&["enter"]);
    let details = h.screen(Theme::dark());
    assert!(
        details.contains("site photo.jpg attached, 15 bytes"),
        "{details}"
    );
    assert!(details.contains("Attachments"), "{details}");
    assert!(
        details.contains("site photo.jpg (image/jpeg, 15 bytes,"),
        "{details}"
    );
    // Enter on it opens it: no viewer here, so it says where it wrote it.
    // SAFETY of the environment: this test binary runs this test alone
    // touching FIELDBOOK_OPENER.
    unsafe { std::env::set_var("FIELDBOOK_OPENER", "") };
    h.press(&["enter"]);
    let said = h
        .app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(
        said.starts_with("no viewer (xdg-open or open) found; site photo.jpg was written to "),
        "{said}"
    );
    let written = said.rsplit(" written to ").next().unwrap();
    assert_eq!(
        std::fs::read(written).unwrap(),
        std::fs::read(&file).unwrap()
    );
    // Undo: the attachment goes to the trash.
    h.press(&["u"]);
    let details = h.screen(Theme::dark());
    assert!(!details.contains("site photo.jpg (image/jpeg"), "{details}");
}
