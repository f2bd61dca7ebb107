//! Search over a fixed data set: every matching rule, ranking, and the index
//! following deletes and restores. Plus a property test on random names.

use fieldbook::domain::text::fold;
use fieldbook::domain::*;
use fieldbook::store::Store;
use proptest::prelude::*;
use tempfile::TempDir;

struct Data {
    _dir: TempDir,
    store: Store,
}

fn contact(name: &str, native: Option<&str>, reading: Option<&str>) -> Contact {
    let mut c = Contact::new(name);
    c.native_name = native.map(str::to_string);
    c.reading = reading.map(str::to_string);
    c
}

fn data() -> Data {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("search.db")).unwrap();
    let mut plas = Organization::new("PLAS", OrgKind::DonorNgo);
    plas.city = Some("Kisumu".into());
    let senegal = Organization::new("Association des Femmes du Sénégal", OrgKind::LocalNgo);
    let mut doi = contact("Doi Kenichi", Some("土居健市"), Some("ドイ ケンイチ"));
    doi.organization_id = Some(plas.meta.id);
    doi.role = Some("Programme coordinator".into());
    doi.emails.push(Email {
        label: "work".into(),
        value: "doi.kenichi@plas-example.org".into(),
    });
    doi.phones.push(Phone {
        label: "mobile".into(),
        value: "+254 700 000001".into(),
    });
    let mut wanjiru = contact("Wanjiru Kamau", None, None);
    wanjiru.city = Some("Kisumu".into());
    wanjiru.tags = vec!["forum-2026".into()];
    let ndiaye = contact("Mamadou N'Diaye", None, None);
    let lukasz = contact("Łukasz Øster", None, None);
    let kim = contact("Kim Minjun", Some("김민준"), None);
    let doi_kenta = contact("Doi Kenta", Some("土居 健太"), Some("ドイ ケンタ"));
    let fullwidth = contact("ＡＢＣ Trading Ｌｔｄ", None, None);
    let doiron = contact("Doiron Smith", None, None);
    let mut project = Project::new("Farmers' field school in Thiès");
    project.ref_code = Some("FB-2026-0042".into());
    project.site = Some("Keur Mbaye".into());
    let mut visit = Visit::new(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        Purpose::Monitoring,
    );
    visit.place = Some("Nyalenda, Kisumu".into());
    visit.observations = "Borehole pump repaired; the water committee collects fees.".into();
    let note = Note::new(
        NoteTarget::Contact(wanjiru.meta.id),
        "Prefers WhatsApp to e-mail; answers quickly.",
    );
    store
        .write(|tx| {
            tx.save_organization(&plas)?;
            tx.save_organization(&senegal)?;
            for c in [
                &doi, &wanjiru, &ndiaye, &lukasz, &kim, &doi_kenta, &fullwidth, &doiron,
            ] {
                tx.save_contact(c)?;
            }
            tx.save_project(&project)?;
            tx.save_visit(&visit)?;
            tx.save_note(&note)
        })
        .unwrap();
    Data { _dir: dir, store }
}

fn titles(d: &Data, query: &str) -> Vec<String> {
    d.store
        .read()
        .search(query, None, 20)
        .unwrap()
        .into_iter()
        .map(|h| h.title)
        .collect()
}

#[test]
fn every_rule_finds_what_it_should() {
    let d = data();
    // (query, a title that must be among the hits)
    let table: &[(&str, &str)] = &[
        // case and accents, both ways
        ("senegal", "Association des Femmes du Sénégal"),
        ("SÉNÉGAL", "Association des Femmes du Sénégal"),
        ("ndiaye", "Mamadou N'Diaye"),
        ("n'diaye", "Mamadou N'Diaye"),
        ("n’diaye", "Mamadou N'Diaye"),
        // letters Unicode does not decompose
        ("lukas", "Łukasz Øster"),
        ("oster", "Łukasz Øster"),
        // full-width and compatibility forms
        ("abc", "ＡＢＣ Trading Ｌｔｄ"),
        ("ｌｔｄ", "ＡＢＣ Trading Ｌｔｄ"),
        ("ＤＯＩ", "Doi Kenichi (土居健市)"),
        // CJK by substring from one character, kana reading, romanization, Hangul
        ("土", "Doi Kenichi (土居健市)"),
        ("土居", "Doi Kenichi (土居健市)"),
        ("健市", "Doi Kenichi (土居健市)"),
        ("居健市", "Doi Kenichi (土居健市)"),
        ("健太", "Doi Kenta (土居 健太)"),
        ("ドイ", "Doi Kenichi (土居健市)"),
        ("ｹﾝｲﾁ", "Doi Kenichi (土居健市)"),
        ("doi", "Doi Kenichi (土居健市)"),
        ("김민", "Kim Minjun (김민준)"),
        ("민", "Kim Minjun (김민준)"),
        // word prefixes in names, organization, role, place, e-mail, tags
        ("wanj", "Wanjiru Kamau"),
        ("kam", "Wanjiru Kamau"),
        ("kisumu", "Wanjiru Kamau"),
        ("plas", "Doi Kenichi (土居健市)"),
        ("coordin", "Doi Kenichi (土居健市)"),
        ("forum-2026", "Wanjiru Kamau"),
        ("doi.kenichi@plas", "Doi Kenichi (土居健市)"),
        ("plas-example", "Doi Kenichi (土居健市)"),
        // phone numbers however they are written
        ("0700000001", "Doi Kenichi (土居健市)"),
        ("+254 700", "Doi Kenichi (土居健市)"),
        ("700-000", "Doi Kenichi (土居健市)"),
        ("254700000001", "Doi Kenichi (土居健市)"),
        // projects by title word and reference; visits by place and text
        ("thies", "FB-2026-0042 Farmers' field school in Thiès"),
        (
            "FB-2026-0042",
            "FB-2026-0042 Farmers' field school in Thiès",
        ),
        ("nyalenda", "2026-11-27 Nyalenda, Kisumu"),
        ("borehole", "2026-11-27 Nyalenda, Kisumu"),
        // notes from three characters
        ("whatsapp", "Prefers WhatsApp to e-mail; answers quickly."),
        ("wha", "Prefers WhatsApp to e-mail; answers quickly."),
        // name substrings (trigram)
        ("anjir", "Wanjiru Kamau"),
    ];
    let mut failures = Vec::new();
    for (query, expected) in table {
        let got = titles(&d, query);
        if !got.iter().any(|t| t == expected) {
            failures.push(format!("{query:?}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn short_queries_do_not_search_notes() {
    let d = data();
    assert!(!titles(&d, "wh").iter().any(|t| t.starts_with("Prefers")));
}

#[test]
fn ranking_exact_then_prefix_then_others() {
    let d = data();
    let hits = d.store.read().search("doi kenta", None, 10).unwrap();
    assert_eq!(hits[0].title, "Doi Kenta (土居 健太)");
    let hits = d.store.read().search("doi", None, 10).unwrap();
    let names: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
    // Names starting with the query come before a name merely containing it
    // as another word, and before other fields (the e-mail).
    assert!(
        names.iter().position(|t| t.starts_with("Doiron")).unwrap() < 3,
        "{names:?}"
    );
    assert!(hits.windows(2).all(|w| w[0].rank <= w[1].rank), "{hits:?}");
    // Name matches rank above organization-field matches.
    let hits = d.store.read().search("plas", None, 10).unwrap();
    assert_eq!(hits[0].title, "PLAS");
    assert_eq!(hits[0].rank, 0);
    assert_eq!(hits[1].field, "organization");
}

#[test]
fn kind_filter_and_limit() {
    let d = data();
    let only_orgs = d
        .store
        .read()
        .search("kisumu", Some(&[RecordKind::Organization]), 10)
        .unwrap();
    assert!(only_orgs.iter().all(|h| h.kind == RecordKind::Organization));
    assert_eq!(only_orgs.len(), 1);
    assert_eq!(d.store.read().search("doi", None, 1).unwrap().len(), 1);
}

#[test]
fn deleted_records_are_not_found_and_restored_ones_are() {
    let mut d = data();
    let id = d.store.read().search("wanjiru", None, 1).unwrap()[0].id;
    d.store
        .write(|tx| tx.set_deleted(RecordKind::Contact, id, true))
        .unwrap();
    assert!(titles(&d, "wanjiru").is_empty());
    d.store
        .write(|tx| tx.set_deleted(RecordKind::Contact, id, false))
        .unwrap();
    assert_eq!(titles(&d, "wanjiru"), vec!["Wanjiru Kamau"]);
    // Edits re-index: the old name is gone, the new one found.
    let mut c = d.store.read().contact(id).unwrap().unwrap();
    c.display_name = "Wanjiru Otieno".into();
    d.store.write(|tx| tx.save_contact(&c)).unwrap();
    assert!(titles(&d, "kamau").is_empty());
    assert_eq!(titles(&d, "otieno"), vec!["Wanjiru Otieno"]);
    // Notes too.
    let note_id = d.store.read().search("whatsapp", None, 1).unwrap()[0].id;
    d.store
        .write(|tx| tx.set_deleted(RecordKind::Note, note_id, true))
        .unwrap();
    assert!(titles(&d, "whatsapp").is_empty());
    d.store
        .write(|tx| tx.set_deleted(RecordKind::Note, note_id, false))
        .unwrap();
    assert_eq!(titles(&d, "whatsapp").len(), 1);
    // Renaming an organization re-indexes its people.
    let mut org = d
        .store
        .read()
        .organizations_named("PLAS")
        .unwrap()
        .remove(0);
    org.name = "Partners for Learning".into();
    d.store.write(|tx| tx.save_organization(&org)).unwrap();
    let hits = d.store.read().search("learning", None, 10).unwrap();
    let doi = hits
        .iter()
        .find(|h| h.title.starts_with("Doi Kenichi"))
        .expect("found by the new name");
    assert_eq!(doi.field, "organization");
}

#[test]
fn odd_queries_are_harmless() {
    let d = data();
    for q in [
        "",
        "   ",
        "\"",
        "'",
        "*",
        "AND",
        "OR NOT",
        "NEAR(",
        "{name}:",
        "\"\"\"",
        "a\"b",
        ")(",
        "^",
        "-",
        "+",
        "\u{1b}[2J",
        "😀",
    ] {
        d.store
            .read()
            .search(q, None, 10)
            .unwrap_or_else(|e| panic!("{q:?}: {e}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any contact added is found by any 3-character substring of its folded
    /// name and by its first word's prefixes.
    #[test]
    fn any_contact_is_found_by_substrings(
        first in "[A-Za-zÀ-ÖØ-öø-ÿŁłß]{3,10}|[一-龥]{1,4}|[가-힣]{2,4}|[ァ-ン]{2,6}",
        last in "[A-Za-zÀ-ÖØ-öø-ÿ]{2,10}|[一-龥]{1,3}",
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("p.db")).unwrap();
        let name = format!("{first} {last}");
        let c = Contact::new(name.clone());
        store.write(|tx| tx.save_contact(&c)).unwrap();
        let folded: Vec<char> = fold(&name).chars().collect();
        let found = |q: &str| store.read().search(q, None, 50).unwrap().iter().any(|h| h.id == c.meta.id);
        for i in 0..folded.len().saturating_sub(2) {
            let sub: String = folded[i..i + 3].iter().collect();
            prop_assert!(found(&sub), "{name:?} not found by substring {sub:?}");
        }
        let first_word: String = fold(&first);
        for n in 1..=first_word.chars().count() {
            let prefix: String = first_word.chars().take(n).collect();
            prop_assert!(found(&prefix), "{name:?} not found by prefix {prefix:?}");
        }
    }
}

#[test]
fn a_database_from_before_search_gets_its_index_built_on_open() {
    use fieldbook::store::APPLICATION_ID;
    use fieldbook::store::migrations::migrate_to;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    let contact_id = new_id();
    {
        let mut raw = rusqlite::Connection::open(&path).unwrap();
        raw.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        migrate_to(&mut raw, 2).unwrap();
        // Rows as version 2 wrote them.
        raw.execute(
            "INSERT INTO contacts (id, display_name, sort_key, native_name, created_at, updated_at)
             VALUES (?1, 'Ndèye Sène', 'ndeye sene', '土居健市', 0, 0)",
            [contact_id],
        )
        .unwrap();
        raw.execute(
            "INSERT INTO notes (id, contact_id, body, created_at, updated_at)
             VALUES (?1, ?2, 'Met at the Thiès forum', 0, 0)",
            rusqlite::params![new_id(), contact_id],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let r = store.read();
    assert_eq!(r.search("sene", None, 5).unwrap()[0].id, contact_id);
    assert_eq!(r.search("健市", None, 5).unwrap()[0].id, contact_id);
    assert_eq!(
        r.search("thies", Some(&[RecordKind::Note]), 5)
            .unwrap()
            .len(),
        1
    );
}
