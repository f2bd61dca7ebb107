//! Text measured in terminal cells (`unicode-width`), so Japanese, Korean and
//! accented names line up, and text from the database can never smuggle a
//! control or escape sequence onto the screen.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// What a cut-off text ends with: ASCII, because `…` is ambiguous-width and
/// takes two cells in Japanese-locale terminals.
pub const ELLIPSIS: &str = "..";

/// Text from the database is drawn through the domain's `clean`, shared
/// with the CLI: controls shown as `?`, zero-width characters dropped.
pub use crate::domain::text::clean;

/// The cells `s` takes once drawn, that is once cleaned: a zero-width or
/// control character is measured as what is drawn for it.
pub fn width(s: &str) -> usize {
    use crate::domain::text::{is_invisible_layout, is_unsafe};
    if s.chars().any(|c| is_unsafe(c) || is_invisible_layout(c)) {
        UnicodeWidthStr::width(clean(s).as_str())
    } else {
        UnicodeWidthStr::width(s)
    }
}

/// Cuts `s` to at most `max` cells, ending with `..` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    let s = clean(s);
    if width(&s) <= max {
        return s;
    }
    if max <= ELLIPSIS.len() {
        return take_cells(&s, max);
    }
    let mut out = take_cells(&s, max - ELLIPSIS.len());
    out.push_str(ELLIPSIS);
    out
}

/// The longest prefix of `s` that fits in `max` cells (a wide character that
/// would straddle the edge is left out).
fn take_cells(s: &str, max: usize) -> String {
    let mut used = 0;
    let mut out = String::new();
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

/// `s` cut or padded with spaces to exactly `cells` cells.
pub fn fit(s: &str, cells: usize) -> String {
    let mut out = truncate(s, cells);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_fit_exactly() {
        assert_eq!(width(&fit("土居健市", 10)), 10);
        assert_eq!(width(&fit("土居健市", 5)), 5);
        assert_eq!(fit("土居健市", 6), "土居..");
        assert_eq!(width(&fit("Sénégal", 4)), 4);
        assert_eq!(width(&fit("김민준 Kim", 7)), 7);
    }

    #[test]
    fn zero_width_characters_take_no_cell() {
        assert_eq!(width(&fit("a\u{200B}b\u{2028}c", 5)), 5);
        assert_eq!(fit("a\u{200B}b\u{2028}c", 5), "ab c ");
        assert_eq!(width("a\u{200B}b\u{2028}c"), 4);
    }
}

/// The byte range of `haystack` whose folded form matches the folded
/// `needle` (first occurrence), for highlighting what a search matched.
pub fn highlight_range(haystack: &str, needle: &str) -> Option<(usize, usize)> {
    use crate::domain::text::fold;
    let needle = fold(needle.trim());
    if needle.is_empty() {
        return None;
    }
    let chars: Vec<(usize, char)> = haystack.char_indices().collect();
    for start in 0..chars.len() {
        let mut folded = String::new();
        for (i, (_, c)) in chars.iter().enumerate().skip(start) {
            folded.push_str(&fold(&c.to_string()));
            if folded == needle {
                let end = chars.get(i + 1).map_or(haystack.len(), |(b, _)| *b);
                return Some((chars[start].0, end));
            }
            if !needle.starts_with(folded.as_str()) {
                break;
            }
        }
    }
    None
}

#[cfg(test)]
mod highlight_tests {
    use super::highlight_range;

    #[test]
    fn finds_folded_matches() {
        assert_eq!(highlight_range("Sénégal", "sene"), Some((0, 6)));
        assert_eq!(
            highlight_range("Doi Kenichi (土居健市)", "健市"),
            Some((19, 25))
        );
        assert_eq!(highlight_range("Mamadou N'Diaye", "diaye"), Some((10, 15)));
        assert_eq!(highlight_range("Wanjiru", "xyz"), None);
    }
}

/// `text` wrapped to lines of at most `max` cells (at least one cell):
/// line breaks kept, words moved whole to the next line, a word longer than
/// a line cut between glyphs, and wide characters (Japanese, Chinese,
/// Korean) breakable between any two glyphs, since unspaced Japanese has no
/// spaces to break at. Cleaned like everything drawn (`clean`). Nothing is
/// lost but the spaces where a line breaks.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut out = Vec::new();
    for raw in text.split(['\n', '\u{2028}', '\u{2029}']) {
        let line = clean(raw.strip_suffix('\r').unwrap_or(raw));
        wrap_line(&line, max, &mut out);
    }
    out
}

/// What a line breaks between: runs of spaces, runs of narrow characters
/// (a word), and single wide characters.
fn pieces(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<(bool, bool)> = None;
    for (i, c) in line.char_indices() {
        let kind = (c == ' ', c.width().unwrap_or(0) > 1);
        let joins = prev.is_some_and(|p| p == kind && !kind.1);
        if !joins && i > start {
            out.push(&line[start..i]);
            start = i;
        }
        prev = Some(kind);
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

fn wrap_line(line: &str, max: usize, out: &mut Vec<String>) {
    let mut current = String::new();
    let mut used = 0;
    // Spaces where a line breaks are dropped, except a paragraph's indent.
    let mut first_row = true;
    let flush = |current: &mut String, used: &mut usize, out: &mut Vec<String>| {
        out.push(current.trim_end_matches(' ').to_string());
        current.clear();
        *used = 0;
    };
    for piece in pieces(line) {
        let w = UnicodeWidthStr::width(piece);
        if piece.starts_with(' ') {
            if used == 0 && !first_row {
                continue;
            }
            if used + w > max {
                flush(&mut current, &mut used, out);
                first_row = false;
                continue;
            }
        } else if used + w > max && used > 0 && w <= max {
            flush(&mut current, &mut used, out);
            first_row = false;
        }
        if used + w <= max {
            current.push_str(piece);
            used += w;
            continue;
        }
        // Longer than a line (or a wide glyph wider than the line): glyph by glyph.
        for c in piece.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > max && used > 0 {
                flush(&mut current, &mut used, out);
                first_row = false;
            }
            current.push(c);
            used += cw;
        }
    }
    out.push(current.trim_end_matches(' ').to_string());
}

#[cfg(test)]
mod wrap_tests {
    use super::{width, wrap};

    #[test]
    fn words_move_whole_to_the_next_line() {
        assert_eq!(
            wrap("the quick brown fox jumps", 10),
            ["the quick", "brown fox", "jumps"]
        );
        assert_eq!(wrap("  indented text", 10), ["  indented", "text"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("a\n\nb", 5), ["a", "", "b"]);
    }

    #[test]
    fn a_word_longer_than_a_line_is_cut_between_glyphs() {
        assert_eq!(wrap("abcdefghij kl", 4), ["abcd", "efgh", "ij", "kl"]);
    }

    #[test]
    fn unspaced_japanese_wraps_by_glyph() {
        let text = "土居健市さんと村の学校を訪問した。";
        let lines = wrap(text, 10);
        assert_eq!(lines[0], "土居健市さ");
        assert!(lines.iter().all(|l| width(l) <= 10), "{lines:?}");
        assert_eq!(lines.concat(), text);
        // Mixed with Latin words: a word still moves whole.
        assert_eq!(wrap("JICA の研修 Kisumu", 8), ["JICA の", "研修", "Kisumu"]);
    }

    #[test]
    fn nothing_is_lost_and_no_line_is_too_wide() {
        let text = "Observations: classrooms finished; 土居健市 met the head teacher. \
                    Ｆｕｌｌ width, accents Sénégal, a\ttab, averyveryverylongwordindeed.";
        for max in 1..40 {
            let lines = wrap(text, max);
            for l in &lines {
                assert!(width(l) <= max.max(2), "{max}: {l:?}");
            }
            let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            assert_eq!(
                squeeze(&lines.concat()),
                squeeze(&super::clean(text)),
                "{max}"
            );
        }
    }
}
