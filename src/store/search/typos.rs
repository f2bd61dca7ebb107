//! Typing mistakes: a query word of 5 or more letters with one edit
//! (insertion, deletion, substitution, transposition of two neighbours)
//! still finds the name word it was meant to be. FTS5 has no fuzzy
//! matching, so the index keeps a vocabulary of name words with every
//! one-letter deletion of each ("symmetric delete"): a query word and a
//! name word one edit apart share a key (the word itself or a deletion),
//! and each candidate is then checked with a real edit distance.

use rusqlite::Connection;

use super::text::words;
use crate::store::error::Result;

/// Words shorter than this are not corrected: at 3 or 4 letters one edit
/// reaches too many other names.
pub(super) const MIN_LETTERS: usize = 5;

fn correctable(word: &str) -> bool {
    word.chars().count() >= MIN_LETTERS && word.chars().all(char::is_alphabetic)
}

/// The word and each of its one-letter deletions.
pub(super) fn keys(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut keys = vec![word.to_string()];
    for skip in 0..chars.len() {
        keys.push(
            chars
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, c)| c)
                .collect(),
        );
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The words of a folded name doc that go into the typo vocabulary.
pub(super) fn name_words(folded: &str) -> impl Iterator<Item = String> + '_ {
    words(folded).filter(|w| correctable(w)).map(str::to_string)
}

/// Whether `a` becomes `b` with at most one insertion, deletion,
/// substitution or transposition of neighbours.
pub(super) fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let start = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[start..], &b[start..]);
    let end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - end], &b[..b.len() - end]);
    match (a.len(), b.len()) {
        (0, 0) | (1, 0) | (0, 1) | (1, 1) => true,
        (2, 2) => a[0] == b[1] && a[1] == b[0],
        _ => false,
    }
}

/// The name words one edit from `word` (never `word` itself), from the
/// vocabulary. Empty for words too short to correct.
pub(super) fn corrections(conn: &Connection, word: &str) -> Result<Vec<String>> {
    if !correctable(word) {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached("SELECT word FROM search_typos WHERE key = ?1")?;
    let mut found = Vec::new();
    for key in keys(word) {
        for candidate in stmt.query_map([&key], |r| r.get::<_, String>(0))? {
            let candidate = candidate?;
            if candidate != word && within_one_edit(word, &candidate) {
                found.push(candidate);
            }
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_of_each_sort() {
        assert!(within_one_edit("wanjru", "wanjiru"), "deletion");
        assert!(within_one_edit("wanjiiru", "wanjiru"), "insertion");
        assert!(within_one_edit("wanjoru", "wanjiru"), "substitution");
        assert!(within_one_edit("nidaye", "ndiaye"), "transposition");
        assert!(within_one_edit("kenihci", "kenichi"), "transposition");
        assert!(!within_one_edit("abcx", "axbc"), "two edits");
        assert!(!within_one_edit("wanjiru", "wambui"));
    }

    #[test]
    fn keys_meet_for_one_edit() {
        let shared = |a: &str, b: &str| keys(a).iter().any(|k| keys(b).contains(k));
        assert!(shared("nidaye", "ndiaye"));
        assert!(shared("wanjru", "wanjiru"));
        assert!(shared("wanjoru", "wanjiru"));
        assert_eq!(
            name_words("doi kenichi n'diaye ndiaye").collect::<Vec<_>>(),
            ["kenichi", "diaye", "ndiaye"]
        );
    }
}
