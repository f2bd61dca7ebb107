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
    for word in text.split(' ') {
        let needed = if line.is_empty() {
            width(word)
        } else {
            width(&line) + 1 + width(word)
        };
        if needed <= cells {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word longer than a line is broken by characters.
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if width(&line) + w > cells {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
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
