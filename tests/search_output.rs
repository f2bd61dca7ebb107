//! Issue 15 part 4: `fieldbook search` says whose each hit is and why it
//! matched, as text and as `--json`; every kind the index returns (follow-ups
//! too) is printed.

mod common;

use common::cli::fieldbook;
use fieldbook::domain::*;
use fieldbook::store::Store;

/// Two people of one name, told apart by organization and city; a note and
/// a follow-up on one of them.
fn book(dir: &std::path::Path) -> (std::path::PathBuf, Id, Id) {
    let path = dir.join("out.db");
    let mut store = Store::open(&path).unwrap();
    let kisumu = Organization::new("Kisumu Youth Health Network", OrgKind::LocalNgo);
    let mut zawadi = Contact::new("Zawadi Achieng");
    zawadi.organization_id = Some(kisumu.meta.id);
    zawadi.city = Some("Kisumu".into());
    zawadi.role = Some("Programme officer".into());
    zawadi.country = Some("KE".into());
    zawadi.phones.push(Phone {
        label: "mobile".into(),
        value: "0712 345 678".into(),
    });
    let mut other = Contact::new("Zawadi Achieng");
    other.city = Some("Mombasa".into());
    let mut doi = Contact::new("Doi Kenichi");
    doi.reading = Some("ドイ ケンイチ".into());
    let note = Note::new(
        NoteTarget::Contact(zawadi.meta.id),
        "Met at the county office. Asked to follow up before the January call about the clinic budget.",
    );
    let follow_up = FollowUp::new("Send the clinic budget template");
    store
        .write(|tx| {
            tx.save_organization(&kisumu)?;
            tx.save_contact(&zawadi)?;
            tx.save_contact(&other)?;
            tx.save_contact(&doi)?;
            tx.save_note(&note)?;
            tx.save_follow_up(&follow_up)
        })
        .unwrap();
    (path, zawadi.meta.id, note.meta.id)
}

fn stdout(db: &std::path::Path, args: &[&str]) -> String {
    let out = fieldbook(db).arg("search").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn text_lines_say_whose_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let (db, zawadi, _) = book(dir.path());
    let out = stdout(&db, &["zawadi"]);
    assert!(
        out.contains("Zawadi Achieng — Kisumu Youth Health Network, Kisumu, Programme officer"),
        "{out}"
    );
    assert!(out.contains("Zawadi Achieng — Mombasa"), "{out}");
    let out = stdout(&db, &["0712"]);
    assert!(out.contains("[phone: 0712 345 678]"), "{out}");
    assert!(out.contains(&zawadi.to_string()), "{out}");
    let out = stdout(&db, &["ケンイチ"]);
    assert!(out.contains("[reading: ドイ ケンイチ]"), "{out}");
    let out = stdout(&db, &["january"]);
    assert!(
        out.contains(
            "on Zawadi Achieng (Kisumu Youth Health Network): …Asked to follow up before the January call"
        ),
        "{out}"
    );
    // Follow-ups are printed like every other kind.
    let out = stdout(&db, &["budget"]);
    assert!(out.contains("Send the clinic budget template"), "{out}");
    assert!(out.lines().any(|l| l.starts_with("follow-up")), "{out}");
    let out = stdout(&db, &["achieng", "--kind", "contact"]);
    assert_eq!(out.lines().count(), 2, "{out}");
}

#[test]
fn json_gives_kind_id_title_field_matched_and_the_notes_owner() {
    let dir = tempfile::tempdir().unwrap();
    let (db, zawadi, note) = book(dir.path());
    let lines: Vec<serde_json::Value> = stdout(&db, &["0712 345", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    let hit = &lines[0];
    assert_eq!(hit["kind"], "contact");
    assert_eq!(hit["id"], zawadi.to_string());
    assert_eq!(hit["title"], "Zawadi Achieng");
    assert_eq!(hit["field"], "phone");
    assert_eq!(hit["matched"], "0712 345 678");
    assert_eq!(hit["organization"], "Kisumu Youth Health Network");
    assert_eq!(hit["city"], "Kisumu");
    assert_eq!(hit["approximate"], false);
    let lines: Vec<serde_json::Value> = stdout(&db, &["january", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let hit = &lines[0];
    assert_eq!(hit["kind"], "note");
    assert_eq!(hit["id"], note.to_string());
    assert_eq!(hit["field"], "note");
    assert!(
        hit["matched"].as_str().unwrap().contains("January call"),
        "{hit}"
    );
    assert_eq!(hit["owner"]["kind"], "contact");
    assert_eq!(hit["owner"]["id"], zawadi.to_string());
    assert_eq!(hit["owner"]["title"], "Zawadi Achieng");
    let typo: serde_json::Value =
        serde_json::from_str(stdout(&db, &["zawdai", "--json"]).lines().next().unwrap()).unwrap();
    assert_eq!(typo["approximate"], true, "{typo}");
}
