//! Three desks edit one organization's tags and one person's languages,
//! tags and phones at random, pushing to and pulling from a real hub in a
//! random order (tests/common/pg.rs): once everyone has everything, the
//! desks agree and the hub's read tables hold exactly their rows. Seeded:
//! the same rounds on every run, different ones per seed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use fieldbook::domain::{Contact, Id, OrgKind, Organization, Phone};
use fieldbook::hub::{self, pull, push};
use fieldbook::ops::progress::Silent;
use fieldbook::store::Store;

mod common;
use common::desks::json;
use common::hubs::{hub_init, read_table_and_book};
use common::pg::Pg;
use common::rng::Rng;

const TAGS: &[&str] = &["donor", "ngo", "partner", "ministry", "un", "faith-based"];
const LANGUAGES: &[&str] = &["sw", "en", "fr", "luo", "kik"];
const PHONES: &[&str] = &["+254 711 482 937", "+254 722 100 200", "+254 733 000 111"];

/// A few of `from`, in a random order.
fn some(rng: &mut Rng, from: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for _ in 0..rng.next(from.len() as u64 + 1) {
        let pick = from[rng.next(from.len() as u64) as usize].to_string();
        if !out.contains(&pick) {
            out.push(pick);
        }
    }
    out
}

fn desks(dir: &Path) -> (Vec<PathBuf>, Id, Id) {
    let origin = dir.join("desk0.db");
    let org = Organization::new("Lake Basin Health", OrgKind::LocalNgo);
    let mut person = Contact::new("Wanjiku Kamau");
    person.organization_id = Some(org.meta.id);
    {
        let mut store = Store::open(&origin).unwrap();
        store.write(|tx| tx.save_organization(&org)).unwrap();
        store.write(|tx| tx.save_contact(&person)).unwrap();
    }
    let mut books = vec![origin.clone()];
    for i in 1..3 {
        let copy = dir.join(format!("desk{i}.db"));
        std::fs::copy(&origin, &copy).unwrap();
        fieldbook::sync::identity::reset_book_id(&mut Store::open(&copy).unwrap()).unwrap();
        books.push(copy);
    }
    (books, org.meta.id, person.meta.id)
}

fn edit(store: &mut Store, rng: &mut Rng, org: Id, person: Id) {
    match rng.next(4) {
        0 => {
            let mut o = store.read().organization(org).unwrap().unwrap();
            o.tags = some(rng, TAGS);
            store.write(|tx| tx.save_organization(&o)).unwrap();
        }
        kind => {
            let mut c = store.read().contact(person).unwrap().unwrap();
            match kind {
                1 => c.languages = some(rng, LANGUAGES),
                2 => c.tags = some(rng, TAGS),
                _ => {
                    c.phones = some(rng, PHONES)
                        .into_iter()
                        .map(|value| Phone {
                            label: "mobile".into(),
                            value,
                        })
                        .collect()
                }
            }
            store.write(|tx| tx.save_contact(&c)).unwrap();
        }
    }
}

fn exchange(store: &mut Store, hub: &mut hub::Hub, push_it: bool, pull_it: bool) {
    let opts = push::PushOptions {
        passphrase: Some(common::desks::PASS),
        batch: 3,
        pause: Duration::ZERO,
    };
    if push_it {
        push::push(store, hub, &opts, &Silent).unwrap();
    }
    if pull_it {
        pull::pull(store, hub, 3, &Silent).unwrap();
    }
}

#[test]
fn sets_and_lists_edited_at_random_on_three_desks_end_the_same_at_the_hub() {
    let Some(pg) =
        Pg::start("sets_and_lists_edited_at_random_on_three_desks_end_the_same_at_the_hub")
    else {
        return;
    };
    for seed in [0x5eed_u64, 0xfeed_beef, 0x1234_5678_9abc] {
        let db = format!("hub_{seed:x}");
        let url = pg.create_db(&db);
        hub_init(&url);
        let dir = tempfile::tempdir().unwrap();
        let (books, org, person) = desks(dir.path());
        let mut stores: Vec<Store> = books.iter().map(|b| Store::open(b).unwrap()).collect();
        let mut hub = hub::connect(&url).unwrap();
        let mut rng = Rng(seed);
        for _ in 0..40 {
            let d = rng.next(3) as usize;
            match rng.next(3) {
                0 => edit(&mut stores[d], &mut rng, org, person),
                1 => exchange(&mut stores[d], &mut hub, true, false),
                _ => exchange(&mut stores[d], &mut hub, rng.next(2) == 0, true),
            }
        }
        for _ in 0..2 {
            for store in stores.iter_mut() {
                exchange(store, &mut hub, true, true);
            }
        }
        drop(stores);
        for other in &books[1..] {
            assert!(
                json(&books[0]) == json(other),
                "seed {seed:x}: the desks differ"
            );
        }
        let mut c = pg.client("postgres", &db);
        for table in ["organizations", "contacts", "contact_phones"] {
            let (at_hub, at_desk) = read_table_and_book(&mut c, &books[0], table);
            assert_eq!(
                at_hub, at_desk,
                "seed {seed:x}: hub.{table} differs from the desks"
            );
        }
    }
}

fn set_phones(store: &mut Store, person: Id, phones: &[&str]) {
    let mut c = store.read().contact(person).unwrap().unwrap();
    c.phones = phones
        .iter()
        .map(|p| Phone {
            label: "mobile".into(),
            value: p.to_string(),
        })
        .collect();
    store.write(|tx| tx.save_contact(&c)).unwrap();
}

/// Kisumu adds a number; Nairobi, later, adds the same number and removes
/// it again, and pushes first. Kisumu's older add reaches the hub after the
/// removal: the later removal stands there as on the desks.
#[test]
fn an_older_add_arriving_after_a_removal_does_not_bring_a_phone_back() {
    let Some(pg) = Pg::start("an_older_add_arriving_after_a_removal_does_not_bring_a_phone_back")
    else {
        return;
    };
    let url = pg.create_db("hub");
    hub_init(&url);
    let dir = tempfile::tempdir().unwrap();
    let (books, _, person) = desks(dir.path());
    let mut stores: Vec<Store> = books.iter().map(|b| Store::open(b).unwrap()).collect();
    let mut hub = hub::connect(&url).unwrap();
    set_phones(&mut stores[1], person, &[PHONES[0]]);
    set_phones(&mut stores[0], person, &[PHONES[0]]);
    set_phones(&mut stores[0], person, &[]);
    exchange(&mut stores[0], &mut hub, true, false);
    exchange(&mut stores[1], &mut hub, true, true);
    exchange(&mut stores[0], &mut hub, true, true);
    drop(stores);
    assert!(json(&books[0]) == json(&books[1]), "the desks differ");
    let phones: i64 = pg
        .client("postgres", "hub")
        .query_one("SELECT count(*) FROM hub.contact_phones", &[])
        .unwrap()
        .get(0);
    let on_desk = common::hubs::desk_rows(&books[0], "contact_phones").len();
    assert_eq!(on_desk, 0, "the later removal stands on the desks");
    assert_eq!(phones, 0, "the hub brought the phone back");
}
