//! An import is undone as one (issue 14 part 8): `fieldbook import --undo`
//! and `u` in the UI right after an import put its contacts, organizations
//! and notes in the trash and its merged contacts back as they were, and
//! refuse, naming the records, when any was changed since.

mod common;

use std::path::Path;

use common::book::{fixture, import, live_contacts};
use common::cli::{fieldbook, stats};
use common::ui_harness::Harness;
use fieldbook::domain::RecordKind;
use fieldbook::store::Store;
use fieldbook::ui::keymap::Context;
use predicates::str::contains;

/// How many records of a kind (`contacts`) are not in the trash.
fn live(db: &Path, kinds: &str) -> i64 {
    let stats = stats(db);
    stats[kinds]["live"]
        .as_i64()
        .unwrap_or_else(|| panic!("no {kinds} in {stats}"))
}

fn undo(db: &Path) -> assert_cmd::assert::Assert {
    fieldbook(db).args(["import", "--undo"]).assert()
}

#[test]
fn import_undo_takes_back_the_last_import_then_the_one_before() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    import(&db, "undo-first.vcf", &[])
        .success()
        .stdout(contains("fieldbook import --undo"));
    // The second file merges into Amina (a phone, a note) and adds Grace
    // with a new organization.
    import(&db, "undo-merge.vcf", &["--duplicates", "merge"]).success();
    let amina = |db: &Path| {
        live_contacts(db)
            .into_iter()
            .find(|c| c.display_name == "Amina Sow")
            .unwrap()
    };
    assert_eq!(amina(&db).phones.len(), 1, "the merge gave Amina a phone");
    assert_eq!(live(&db, "contacts"), 3);

    undo(&db).success().stdout(contains(
        "undo-merge.vcf (", // the file named, and when
    ))
    .stdout(contains(
        "1 contact(s), 1 organization(s) and 1 note(s) moved to the trash, 1 merged contact(s) put back as they were",
    ));
    assert_eq!(live(&db, "contacts"), 2);
    assert_eq!(live(&db, "organizations"), 1);
    assert_eq!(
        live(&db, "notes"),
        1,
        "the merged note went, the first stays"
    );
    assert!(amina(&db).phones.is_empty(), "Amina is as she was");

    // Putting Amina back did not count as a change: the first import goes too.
    undo(&db)
        .success()
        .stdout(contains("undo-first.vcf"))
        .stdout(contains("2 contact(s), 1 organization(s) and 1 note(s)"));
    assert_eq!(live(&db, "contacts"), 0);
    assert_eq!(live(&db, "organizations"), 0);
    assert_eq!(live(&db, "notes"), 0);

    undo(&db)
        .code(1)
        .stderr(contains("there is no import to undo; nothing was changed"));
}

#[test]
fn undo_is_refused_naming_what_changed_since_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    import(&db, "undo-first.vcf", &[]).success();
    // Kenichi edited since; a note added to Amina since.
    {
        let mut store = Store::open(&db).unwrap();
        let contacts = live_contacts(&db);
        let mut kenichi = contacts
            .iter()
            .find(|c| c.display_name == "Kenichi Doi")
            .unwrap()
            .clone();
        kenichi.role = Some("Water engineer".into());
        store.write(|tx| tx.save_contact(&kenichi)).unwrap();
    }
    let amina = live_contacts(&db)
        .into_iter()
        .find(|c| c.display_name == "Amina Sow")
        .unwrap();
    fieldbook(&db)
        .args([
            "note",
            "--contact",
            &amina.meta.id.to_string(),
            "Called her.",
        ])
        .assert()
        .success();

    undo(&db)
        .code(1)
        .stderr(contains("undo-first.vcf"))
        .stderr(contains("contact 'Kenichi Doi' was changed"))
        .stderr(contains("contact 'Amina Sow' has a note added since"))
        .stderr(contains("Nothing was changed"));
    assert_eq!(live(&db, "contacts"), 2, "nothing undone");
    assert_eq!(live(&db, "notes"), 2);
}

#[test]
fn u_right_after_an_import_in_the_ui_undoes_it() {
    let mut h = Harness::new(0, (120, 40));
    h.press(&["esc"]);
    h.press(&["I"]);
    h.type_text(&fixture("undo-first.vcf").display().to_string());
    h.press(&["enter", "y"]);
    // As drawn: the key the message names is the one bound to undo.
    let message = h
        .app
        .message
        .as_ref()
        .map(|m| h.keymap.fill(&m.text, &[Context::Global]));
    assert!(
        message
            .as_deref()
            .is_some_and(|m| m.contains("Imported: 2 new contact(s)") && m.contains("u undoes")),
        "{message:?}"
    );
    let live_of = |h: &Harness, kind: RecordKind| {
        h.store
            .read()
            .counts()
            .unwrap()
            .into_iter()
            .find(|c| c.kind == kind)
            .unwrap()
            .live
    };
    assert_eq!(live_of(&h, RecordKind::Contact), 2);
    h.press(&["u"]);
    // As drawn: the key the message names is the one bound to undo.
    let message = h
        .app
        .message
        .as_ref()
        .map(|m| h.keymap.fill(&m.text, &[Context::Global]));
    assert!(
        message
            .as_deref()
            .is_some_and(|m| m.contains("Undid the import of")),
        "{message:?}"
    );
    assert_eq!(live_of(&h, RecordKind::Contact), 0);
    assert_eq!(live_of(&h, RecordKind::Organization), 0);
    assert_eq!(live_of(&h, RecordKind::Note), 0);
    // The same operation as the command line: nothing is left to undo.
    let db = h.store.path().to_path_buf();
    undo(&db).code(1).stderr(contains("no import to undo"));
}
