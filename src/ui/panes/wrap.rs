//! Word wrapping measured in terminal cells (`unicode-width`): breaks at
//! spaces where it can, and inside a word (or a run of unspaced Japanese)
//! where it must, so no text is ever cut off.

use unicode_width::UnicodeWidthChar;

use crate::ui::text::{clean, width};

/// `text` (cleaned of controls) as lines of at most `cells` cells each; an
/// empty text is one empty line.
pub fn wrap(text: &str, cells: usize) -> Vec<String> {
    let cells = cells.max(2);
    let text = clean(text);
    let mut lines = Vec::new();
    let mut line = String::new();
    // The cells `line` takes, kept as it grows (no measuring it again).
    let mut used = 0;
    for word in text.split(' ') {
        let word_cells = width(word);
        let needed = if line.is_empty() {
            word_cells
        } else {
            used + 1 + word_cells
        };
        if needed <= cells {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            used = needed;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        // A word longer than a line is broken by characters.
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > cells {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += w;
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_inside_long_words() {
        assert_eq!(
            wrap("Plot 12 Kisumu Road", 8),
            ["Plot 12", "Kisumu", "Road"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn wide_characters_never_pass_the_edge() {
        let lines = wrap("土居健市は研修の日程を確認する", 7);
        assert!(lines.iter().all(|l| width(l) <= 7), "{lines:?}");
        assert_eq!(lines.concat(), "土居健市は研修の日程を確認する");
    }
}
