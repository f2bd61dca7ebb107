//! Text as the search index sees it. Indexing and queries fold through the
//! same functions, so both sides agree on what "the same letters" are:
//! `domain::text::fold` (case, accents, width), then hiragana for katakana,
//! and no spaces between two CJK or Hangul characters.

use crate::domain::text::fold;

/// Text folded for the index or for a query: `fold`, kana folded
/// (`ドイ` → `どい`), spaces inside CJK runs dropped (`土居 健市` →
/// `土居健市`, `김 민서` → `김민서`), so either writing finds the other.
pub fn search_fold(text: &str) -> String {
    let folded = fold(text);
    if folded.is_ascii() {
        return folded;
    }
    join_cjk_runs(&fold_kana(&folded))
}

/// Text as indexed: `search_fold`, plus each word with its apostrophes and
/// hyphens removed (`n'diaye` is also indexed as `ndiaye`), so both
/// spellings find it. Dots do not join: `luka.salim` is the words `luka`
/// and `salim`, never `lukasalim` (which `lukas` would find).
pub fn index_text(text: &str) -> String {
    let mut out = search_fold(text);
    for word in joined_words(&out) {
        out.push(' ');
        out.push_str(&word);
    }
    // A long vowel written as kana is also indexed as written (`とう` as
    // well as `とお`): a query that starts inside it (`う`) has nothing
    // before it to lengthen, so it is not folded, and must still match.
    let as_written = fold(text);
    if !as_written.is_ascii() {
        let kept = join_cjk_runs(&fold_kana_keeping_long_vowels(&as_written));
        if !out.contains(&kept) {
            out.push(' ');
            out.push_str(&kept);
        }
    }
    out
}

/// Katakana as hiragana, small kana as full-size ones, and a long vowel
/// as the vowel it lengthens: `ドイ`, `どい` and `ﾄﾞｲ` are one reading, as
/// are `オーノ`, `おおの` and `おうの`, `キョーコ` and `きょうこ` (people
/// type small kana and long vowels either way).
fn fold_kana(text: &str) -> String {
    kana_folded(text, true)
}

/// `fold_kana` without the long vowels (`とう` stays `とう`).
fn fold_kana_keeping_long_vowels(text: &str) -> String {
    kana_folded(text, false)
}

fn kana_folded(text: &str, long_vowels: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let mut k = match c {
            // Katakana ァ..ヶ sit 0x60 above their hiragana.
            '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        };
        k = full_size(k);
        // A long vowel as a mark or as kana: `ー`, `う` after an o-sound
        // and `い` after an e-sound are typed for the same sound
        // (`キョーコ`, `きょうこ`; `ケーコ`, `けいこ`).
        let vowel = previous.filter(|_| long_vowels).and_then(vowel_of);
        k = match (k, vowel) {
            ('ー', Some(v)) => v,
            ('う', Some('お')) => 'お',
            ('い', Some('え')) => 'え',
            _ => k,
        };
        out.push(k);
        previous = Some(k);
    }
    out
}

/// A small hiragana as its full-size letter.
fn full_size(c: char) -> char {
    match c {
        'ぁ' => 'あ',
        'ぃ' => 'い',
        'ぅ' => 'う',
        'ぇ' => 'え',
        'ぉ' => 'お',
        'っ' => 'つ',
        'ゃ' => 'や',
        'ゅ' => 'ゆ',
        'ょ' => 'よ',
        'ゎ' => 'わ',
        'ゕ' => 'か',
        'ゖ' => 'け',
        other => other,
    }
}

/// The vowel a hiragana ends in (for the long-vowel mark after it).
fn vowel_of(c: char) -> Option<char> {
    const ROWS: [(&str, char); 5] = [
        ("あかがさざただなはばぱまやらわ", 'あ'),
        ("いきぎしじちぢにひびぴみり", 'い'),
        ("うくぐすずつづぬふぶぷむゆるゔ", 'う'),
        ("えけげせぜてでねへべぺめれ", 'え'),
        ("おこごそぞとどのほぼぽもよろを", 'お'),
    ];
    ROWS.iter()
        .find(|(row, _)| row.contains(c))
        .map(|(_, vowel)| *vowel)
}

/// Whitespace between two CJK or Hangul characters removed.
fn join_cjk_runs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
            let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if before.is_some_and(|b| is_cjk(*b)) && after.is_some_and(|a| is_cjk(*a)) {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

/// The words of `folded` with an apostrophe or hyphen inside them, written
/// as one: `n'diaye` -> `ndiaye`. Only the words around those characters
/// are looked at: this runs on every note saved, a million times when
/// loading demo data.
fn joined_words(folded: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut from = 0;
    while let Some(offset) = folded[from..].find(is_joiner) {
        let at = from + offset;
        let start = folded[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = folded[at..]
            .find(char::is_whitespace)
            .map_or(folded.len(), |i| at + i);
        // Trimmed: `french'` is already the word `french` to the tokenizer.
        let inner = folded[start..end].trim_matches(|c: char| !c.is_alphanumeric());
        // A word with a dot in it (an e-mail, a web address) is not a name:
        // its parts stay apart.
        if inner.contains(is_joiner) && !inner.contains(['.', '@']) {
            words.push(inner.chars().filter(|c| c.is_alphanumeric()).collect());
        }
        from = end;
    }
    words
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '-')
}

pub(super) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // kana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{1100}'..='\u{11FF}' // Hangul jamo
        | '\u{20000}'..='\u{2FFFF}')
}

/// Unigrams and bigrams of every CJK/Hangul run in `folded`.
pub(super) fn cjk_grams(folded: &str) -> Vec<String> {
    let mut grams = Vec::new();
    if !folded.chars().any(is_cjk) {
        return grams;
    }
    let chars: Vec<char> = folded.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if !is_cjk(*c) {
            continue;
        }
        grams.push(c.to_string());
        if let Some(next) = chars.get(i + 1).filter(|n| is_cjk(**n)) {
            grams.push(format!("{c}{next}"));
        }
    }
    grams.sort();
    grams.dedup();
    grams
}

/// The words of folded text (letters and digits), for word queries.
pub(super) fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_text_joins_apostrophes() {
        assert_eq!(index_text("Mamadou N'Diaye"), "mamadou n'diaye ndiaye");
    }

    #[test]
    fn index_text_joins_only_inside_words_and_never_across_dots() {
        assert_eq!(
            index_text("See N'Diaye, e.g. the partner-type scheme. Done."),
            "see n'diaye, e.g. the partner-type scheme. done. ndiaye partnertype"
        );
        assert_eq!(index_text("Sénégal: l'école"), "senegal: l'ecole lecole");
        assert_eq!(index_text("-- ... '"), "-- ... '");
        assert_eq!(index_text("luka.salim@x-y.org"), "luka.salim@x-y.org");
        assert_eq!(index_text("jean-luc.o'neil@x.org"), "jean-luc.o'neil@x.org");
    }

    #[test]
    fn kana_fold_together() {
        assert_eq!(search_fold("ドイ ケンイチ"), "どいけんいち");
        assert_eq!(search_fold("ﾄﾞｲ"), "どい");
        assert_eq!(search_fold("オーノ"), "おおの");
        assert_eq!(search_fold("キョウコ"), search_fold("きようこ"));
        assert_eq!(search_fold("キョーコ"), search_fold("きょうこ"));
        assert_eq!(search_fold("ケーコ"), search_fold("けいこ"));
        assert_ne!(search_fold("ドイ"), search_fold("トイ"));
    }

    #[test]
    fn spaces_inside_cjk_runs_go() {
        assert_eq!(search_fold("土居 健市"), "土居健市");
        assert_eq!(search_fold("김 민서"), "김민서");
        assert_eq!(search_fold("Doi 健市 Kenichi"), "doi 健市 kenichi");
    }

    #[test]
    fn grams_of_cjk_runs_only() {
        assert_eq!(
            cjk_grams("doi 土居健"),
            vec!["健", "土", "土居", "居", "居健"]
        );
        assert!(cjk_grams("senegal").is_empty());
    }
}
