//! One import path (issue 14 part 10): the UI's `I` and `fieldbook import`
//! run the same operation, so they preview the same file the same way,
//! the desk's `default_country` from config.toml included (the UI planned
//! without it before: a national number matched nothing there).
//!
//! One test in this file: it sets the process's XDG_CONFIG_HOME for the
//! in-process UI, which no other test may share.

mod common;

use common::book::fixture;
use common::cli::fieldbook;
use common::ui_harness::Harness;
use fieldbook::domain::{Contact, Phone};
use fieldbook::ui::state::Overlay;

#[test]
fn the_ui_and_the_command_line_preview_a_file_alike_with_the_desk_country() {
    let config_home = tempfile::tempdir().unwrap();
    let config = config_home.path().join("fieldbook");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "default_country = \"KE\"\n").unwrap();
    // SAFETY: the only test of this binary; no other thread reads the
    // environment while it is set.
    unsafe { std::env::set_var("XDG_CONFIG_HOME", config_home.path()) };

    let mut h = Harness::new(0, (140, 40));
    let mut wanjiru = Contact::new("Wanjiru Otieno");
    wanjiru.phones.push(Phone {
        label: "mobile".into(),
        value: "+254 700 000001".into(),
    });
    h.store.write(|tx| tx.save_contact(&wanjiru)).unwrap();
    let file = fixture("desk-national-number.vcf");

    let cli = fieldbook(h.store.path())
        .env("XDG_CONFIG_HOME", config_home.path())
        .args(["import", "--dry-run"])
        .arg(&file)
        .output()
        .unwrap();
    let cli = String::from_utf8(cli.stdout).unwrap();
    // 0700 000001 read in Kenya is Wanjiru's number.
    assert!(cli.contains("likely duplicates (1)"), "{cli}");
    assert!(cli.contains("same phone"), "{cli}");
    let cli_preview = cli.replace("Dry run: nothing was written.\n", "");

    h.press(&["esc", "I"]);
    h.type_text(&file.display().to_string());
    h.press(&["enter"]);
    let Overlay::ImportPreview(screen) = &h.app.overlay else {
        panic!("no import preview: {:?}", h.app.message);
    };
    let ui_preview = screen.planned.preview.clone();
    assert_eq!(ui_preview, cli_preview, "the same preview in both");

    // And the same summary after.
    h.press(&["y"]);
    let message = h.app.message.as_ref().unwrap().text.clone();
    assert!(
        message.starts_with(
            "Imported: 1 new contact(s), 0 merged, 1 skipped, 0 new organization(s), 0 note(s)."
        ),
        "{message}"
    );
}
