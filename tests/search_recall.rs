//! Issue 15's recall/precision benchmark: a generated book whose answers are
//! known by construction (phones in several writings, CJK names with and
//! without spaces, readings in hiragana or katakana, e-mails with dots),
//! queries run through the real store, and per query the recall and the
//! wrong hits printed (`cargo test --test search_recall -- --nocapture`).
//! Target, asserted: 100% recall, 0 wrong hits. Hits marked approximate
//! (one typo) are counted apart: they are not claimed to match.

mod common;

use std::collections::BTreeSet;

use common::rng::Rng;
use fieldbook::domain::*;
use fieldbook::store::Store;

const CONTACTS: usize = 400;

/// A country: code, calling code, trunk prefix, how its national numbers
/// start, and how long they are.
struct Plan {
    country: &'static str,
    calling: &'static str,
    trunk: &'static str,
    start: &'static str,
    len: usize,
}

const PLANS: [Plan; 5] = [
    Plan {
        country: "KE",
        calling: "254",
        trunk: "0",
        start: "7",
        len: 9,
    },
    Plan {
        country: "JP",
        calling: "81",
        trunk: "0",
        start: "90",
        len: 10,
    },
    Plan {
        country: "GB",
        calling: "44",
        trunk: "0",
        start: "7700",
        len: 10,
    },
    Plan {
        country: "SN",
        calling: "221",
        trunk: "",
        start: "77",
        len: 9,
    },
    Plan {
        country: "KR",
        calling: "82",
        trunk: "0",
        start: "10",
        len: 10,
    },
];

const FAMILIES: [(&str, &str, &str); 6] = [
    ("土居", "どい", "Doi"),
    ("佐藤", "さとう", "Sato"),
    ("鈴木", "すずき", "Suzuki"),
    ("田中", "たなか", "Tanaka"),
    ("渡辺", "わたなべ", "Watanabe"),
    ("山本", "やまもと", "Yamamoto"),
];
const GIVENS: [(&str, &str, &str); 5] = [
    ("健市", "けんいち", "Kenichi"),
    ("健太", "けんた", "Kenta"),
    ("真理子", "まりこ", "Mariko"),
    ("美咲", "みさき", "Misaki"),
    ("陽子", "ようこ", "Yoko"),
];
const KOREAN: [(&str, &str); 3] = [("김", "Kim"), ("이", "Lee"), ("박", "Park")];
const KOREAN_GIVEN: [(&str, &str); 4] = [
    ("민서", "Minseo"),
    ("민준", "Minjun"),
    ("서연", "Seoyeon"),
    ("지훈", "Jihoon"),
];
const LATIN_FIRST: [&str; 6] = ["Luka", "Lukas", "Amina", "Aminata", "Jean", "Wanjiru"];
const LATIN_LAST: [&str; 5] = ["Salim", "Sarr", "Diallo", "Okoth", "Mbaye"];

/// What the generator knows about one contact.
struct Truth {
    contact: Contact,
    /// `+<calling><national>` and `<trunk><national>`: a digit query is
    /// in the number when it is in one of these.
    phone_forms: [String; 2],
    /// Native name with spaces removed.
    native: Option<String>,
    /// Reading in hiragana, spaces removed.
    reading: Option<String>,
    /// Lower-case words of the display name and e-mail (split at dots).
    words: Vec<String>,
}

fn katakana(hiragana: &str) -> String {
    hiragana
        .chars()
        .map(|c| match c {
            'ぁ'..='ゖ' => char::from_u32(c as u32 + 0x60).unwrap(),
            c => c,
        })
        .collect()
}

/// The number written one of five ways.
fn written(plan: &Plan, national: &str, way: u64) -> String {
    let (a, b) = national.split_at(3);
    let (b, c) = b.split_at(3);
    match way {
        0 => format!("+{} {a} {b} {c}", plan.calling),
        1 => format!("{}{national}", plan.trunk),
        2 => format!("(+{}) {a}-{b}-{c}", plan.calling),
        3 => format!("+{}{national}", plan.calling),
        _ => format!("{}{a} {b}{c}", plan.trunk),
    }
}

fn generate() -> Vec<Truth> {
    let mut rng = Rng(0x15_15_15_15);
    let mut out = Vec::new();
    for i in 0..CONTACTS {
        let plan = &PLANS[i % PLANS.len()];
        let digits_left = plan.len - plan.start.len();
        let serial = (i as u64 * 7_919 + rng.next(1000)) % 10u64.pow(digits_left as u32);
        let national = format!("{}{:0width$}", plan.start, serial, width = digits_left);
        let (mut contact, native, reading) = match i % 3 {
            0 => {
                let (fk, fr, fl) = FAMILIES[rng.next(6) as usize];
                let (gk, gr, gl) = GIVENS[rng.next(5) as usize];
                let mut c = Contact::new(format!("{fl} {gl}"));
                let spaced = rng.next(2) == 0;
                c.native_name = Some(if spaced {
                    format!("{fk} {gk}")
                } else {
                    format!("{fk}{gk}")
                });
                let hira = format!("{fr} {gr}");
                c.reading = Some(if rng.next(2) == 0 {
                    hira.clone()
                } else {
                    katakana(&hira)
                });
                (c, Some(format!("{fk}{gk}")), Some(format!("{fr}{gr}")))
            }
            1 => {
                let (fk, fl) = KOREAN[rng.next(3) as usize];
                let (gk, gl) = KOREAN_GIVEN[rng.next(4) as usize];
                let mut c = Contact::new(format!("{fl} {gl}"));
                c.native_name = Some(if rng.next(2) == 0 {
                    format!("{fk} {gk}")
                } else {
                    format!("{fk}{gk}")
                });
                (c, Some(format!("{fk}{gk}")), None)
            }
            _ => {
                let first = LATIN_FIRST[rng.next(6) as usize];
                let last = LATIN_LAST[rng.next(5) as usize];
                (Contact::new(format!("{first} {last}")), None, None)
            }
        };
        let name_words: Vec<String> = contact
            .display_name
            .to_lowercase()
            .split(' ')
            .map(str::to_string)
            .collect();
        let email = format!("{}@example.org", name_words.join("."));
        contact.emails.push(Email {
            label: "work".into(),
            value: email.clone(),
        });
        contact.country = Some(plan.country.into());
        contact.phones.push(Phone {
            label: "mobile".into(),
            value: written(plan, &national, rng.next(5)),
        });
        let mut words = name_words;
        words.extend(
            email
                .split(|c: char| !c.is_alphanumeric())
                .map(str::to_string),
        );
        out.push(Truth {
            contact,
            phone_forms: [
                format!("+{}{national}", plan.calling),
                format!("{}{national}", plan.trunk),
            ],
            native,
            reading,
            words,
        });
    }
    out
}

/// A query and the ids that must be found (and no other).
struct Case {
    group: &'static str,
    query: String,
    expected: BTreeSet<Id>,
}

fn case(group: &'static str, query: String, truth: &[Truth], hit: impl Fn(&Truth) -> bool) -> Case {
    Case {
        group,
        query,
        expected: truth
            .iter()
            .filter(|t| hit(t))
            .map(|t| t.contact.meta.id)
            .collect(),
    }
}

fn cases(truth: &[Truth]) -> Vec<Case> {
    let mut cases = Vec::new();
    for t in truth.iter().step_by(23) {
        let [international, national] = &t.phone_forms;
        let digits = |q: &str| -> String { q.chars().filter(char::is_ascii_digit).collect() };
        let in_number = move |q: String| {
            move |other: &Truth| {
                let plus = q.starts_with('+');
                let d = digits(&q);
                other.phone_forms.iter().any(|f| {
                    if plus {
                        f.starts_with(&format!("+{d}"))
                    } else {
                        f.contains(&d)
                    }
                })
            }
        };
        let n = national.len();
        // A run from the middle of the number, written with a space in it.
        let middle = format!("{} {}", &national[n - 7..n - 4], &national[n - 4..n - 1]);
        let international_spaced = format!(
            "{} {}",
            &international[..international.len() - 6],
            &international[international.len() - 6..]
        );
        let country_prefix = international[..international.len() - 5].to_string();
        for (group, query) in [
            ("phone: middle digits", middle),
            ("phone: national", national.clone()),
            ("phone: international", international_spaced),
            ("phone: +country prefix", country_prefix),
        ] {
            cases.push(case(group, query.clone(), truth, in_number(query)));
        }
    }
    for t in truth.iter().filter(|t| t.native.is_some()).step_by(17) {
        let native = t.native.clone().unwrap();
        let chars: Vec<char> = native.chars().collect();
        let spaced: String = format!(
            "{} {}",
            chars[..chars.len() / 2].iter().collect::<String>(),
            chars[chars.len() / 2..].iter().collect::<String>()
        );
        let contains =
            |q: String| move |o: &Truth| o.native.as_ref().is_some_and(|n| n.contains(&q));
        cases.push(case(
            "cjk: unspaced",
            native.clone(),
            truth,
            contains(native.clone()),
        ));
        cases.push(case("cjk: spaced", spaced, truth, contains(native.clone())));
        let infix: String = chars[1..3.min(chars.len())].iter().collect();
        cases.push(case(
            "cjk: two characters",
            infix.clone(),
            truth,
            contains(infix),
        ));
    }
    for t in truth.iter().filter(|t| t.reading.is_some()).step_by(19) {
        let reading = t.reading.clone().unwrap();
        let contains =
            |q: String| move |o: &Truth| o.reading.as_ref().is_some_and(|r| r.contains(&q));
        cases.push(case(
            "kana: katakana",
            katakana(&reading),
            truth,
            contains(reading.clone()),
        ));
        cases.push(case(
            "kana: hiragana",
            reading.clone(),
            truth,
            contains(reading.clone()),
        ));
        let family: String = reading.chars().take(2).collect();
        cases.push(case(
            "kana: 2 katakana",
            katakana(&family),
            truth,
            contains(family),
        ));
    }
    // E-mail dots: a name word, and a first name run into the next word.
    for q in [
        "lukas",
        "luka",
        "aminas",
        "aminat",
        "jeans",
        "lukasalim",
        "wanjirus",
    ] {
        let q = q.to_string();
        let word_start = |o: &Truth| o.words.iter().any(|w| w.starts_with(&q));
        cases.push(case("e-mail dots", q.clone(), truth, word_start));
    }
    cases
}

#[test]
fn every_match_found_and_none_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("recall.db")).unwrap();
    let truth = generate();
    store
        .write_bulk(|tx| {
            for t in &truth {
                tx.save_contact(&t.contact)?;
            }
            Ok::<_, fieldbook::store::StoreError>(())
        })
        .unwrap();
    let r = store.read();
    let mut failures = Vec::new();
    let (mut all_expected, mut all_found, mut all_wrong) = (0, 0, 0);
    println!(
        "{:<24} {:<28} {:>8} {:>7} {:>6}",
        "case", "query", "recall", "wrong", "approx"
    );
    for c in cases(&truth) {
        let hits = r
            .search(&c.query, Some(&[RecordKind::Contact]), 10_000)
            .unwrap();
        let exact: BTreeSet<Id> = hits
            .iter()
            .filter(|h| !h.approximate)
            .map(|h| h.id)
            .collect();
        let approximate = hits.iter().filter(|h| h.approximate).count();
        let found = c.expected.intersection(&exact).count();
        let wrong = exact.difference(&c.expected).count();
        all_expected += c.expected.len();
        all_found += found;
        all_wrong += wrong;
        let recall = if c.expected.is_empty() {
            100.0
        } else {
            100.0 * found as f64 / c.expected.len() as f64
        };
        println!(
            "{:<24} {:<28} {:>7.1}% {:>7} {:>6}",
            c.group, c.query, recall, wrong, approximate
        );
        if found < c.expected.len() || wrong > 0 {
            failures.push(format!(
                "{} {:?}: found {found} of {}, {wrong} wrong",
                c.group,
                c.query,
                c.expected.len()
            ));
        }
    }
    println!(
        "all queries: {all_found} of {all_expected} expected hits found, {all_wrong} wrong hits"
    );
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
