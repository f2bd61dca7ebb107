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
