//! Moving in the focused details pane: j/k go from link to link while the
//! next link is in view, and scroll a line at a time through text between
//! them (a long observation, a summary); PgUp/PgDn scroll a page and take the
//! cursor to a link in view; g/G go to the top and the bottom.

use super::super::panes::detail_lines::layout;
use super::super::panes::details::inner_size;
use super::super::state::App;
use super::Cmd;

/// `delta` as `move_by` gives it: 1 or -1 for a line, a page (the list's
/// height), or a huge number for the top or the bottom.
pub(super) fn move_in_details(app: &mut App, delta: isize) -> Vec<Cmd> {
    let Some(detail) = &app.record.detail else {
        return vec![];
    };
    let (cells, height) = inner_size(app.size);
    let height = height.max(1);
    let lines = layout(detail, cells);
    // The first line of each link, by link number.
    let mut link_lines: Vec<usize> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(n) = line.link
            && n == link_lines.len()
        {
            link_lines.push(i);
        }
    }
    let max_scroll = lines.len().saturating_sub(height);
    let mut scroll = app.record.details_scroll.min(max_scroll);
    let mut cursor = app
        .record
        .link_cursor
        .min(link_lines.len().saturating_sub(1));
    let in_view = |scroll: usize, line: usize| line >= scroll && line < scroll + height;
    let first_in_view = |scroll: usize| link_lines.iter().position(|&line| in_view(scroll, line));
    match delta {
        1 | -1 => {
            let next = cursor
                .checked_add_signed(delta)
                .filter(|n| *n < link_lines.len());
            match next {
                Some(n) if in_view(scroll, link_lines[n]) => cursor = n,
                _ if delta > 0 && scroll < max_scroll => scroll += 1,
                _ if delta < 0 && scroll > 0 => scroll -= 1,
                Some(n) => cursor = n,
                None => {}
            }
        }
        d if d.unsigned_abs() >= usize::MAX / 8 => {
            if d > 0 {
                scroll = max_scroll;
                cursor = link_lines.len().saturating_sub(1);
            } else {
                scroll = 0;
                cursor = 0;
            }
        }
        d => {
            let page = height.saturating_sub(1).max(1);
            scroll = if d > 0 {
                (scroll + page).min(max_scroll)
            } else {
                scroll.saturating_sub(page)
            };
            if !link_lines.get(cursor).is_some_and(|&l| in_view(scroll, l)) {
                cursor = first_in_view(scroll).unwrap_or(cursor);
            }
        }
    }
    app.record.details_scroll = scroll;
    app.record.link_cursor = cursor;
    vec![]
}
