//! The help screen, generated from the keymap: it cannot disagree with the
//! keys. Every context has its section; j/k/g/G scroll, `/` narrows it to
//! the keys whose description (or key) holds the typed words.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Outcome, Screen, TextEdit, centered};
use crate::ui::action::Action;
use crate::ui::keymap::{Context, Keymap};
use crate::ui::state::App;
use crate::ui::text::fit;
use crate::ui::update::Cmd;
use crate::ui::view::{ViewContext, pane_block};

#[derive(Debug, Clone, PartialEq)]
pub struct Help {
    pub scroll: u16,
    /// What `/` narrowed the help to.
    pub filter: String,
    /// Typing the filter (keys are text).
    pub filtering: bool,
    /// The last scroll position that still shows a full page, as the last
    /// drawing found it (`G` goes there).
    max_scroll: Cell<u16>,
}

impl Default for Help {
    fn default() -> Help {
        Help::new()
    }
}

impl Help {
    pub fn new() -> Help {
        Help {
            scroll: 0,
            filter: String::new(),
            filtering: false,
            max_scroll: Cell::new(u16::MAX),
        }
    }
}

impl Screen for Help {
    fn contexts(&self) -> &'static [Context] {
        if self.filtering {
            &[Context::Filter]
        } else {
            &[Context::Help]
        }
    }

    fn handle(&mut self, action: Action) -> Outcome {
        if self.filtering {
            match action {
                Action::Close => {
                    self.filter.clear();
                    self.filtering = false;
                }
                Action::Open => self.filtering = false,
                Action::ClearInput => self.filter.clear(),
                Action::Quit => return Outcome::Quit,
                _ => {}
            }
            return Outcome::stay();
        }
        let max = self.max_scroll.get();
        self.scroll = match action {
            Action::Close | Action::Help => return Outcome::close(),
            Action::Quit => return Outcome::Quit,
            Action::Filter => {
                self.filtering = true;
                self.scroll
            }
            Action::Down => self.scroll.saturating_add(1),
            Action::Up => self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll.saturating_add(10),
            Action::PageUp => self.scroll.saturating_sub(10),
            Action::Top => 0,
            Action::Bottom => max,
            _ => self.scroll,
        }
        .min(max);
        Outcome::stay()
    }

    fn edit(&mut self, edit: TextEdit) -> Vec<Cmd> {
        edit.apply(&mut self.filter);
        self.scroll = 0;
        Vec::new()
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        let popup = centered(area, 72, area.height.saturating_sub(2));
        frame.render_widget(Clear, popup);
        let main = [Context::Help];
        let key = |a| cx.keymap.key_for(a, &main);
        let title = if self.filtering || !self.filter.is_empty() {
            format!("Help: keys for /{}_", self.filter)
        } else {
            format!(
                "Help: keys ({} closes, {}/{} scroll, {} finds)",
                key(Action::Close),
                key(Action::Down),
                key(Action::Up),
                key(Action::Filter)
            )
        };
        let block = pane_block(title, true, cx.theme);
        let mut lines = lines(cx.keymap, &self.filter, cx);
        if lines.is_empty() {
            lines.push(Line::from(Span::styled("No key does that.", cx.theme.dim)));
        }
        lines.push(Line::from(Span::styled(
            "Keys can be changed in config.toml; see the README.",
            cx.theme.dim,
        )));
        let page = popup.height.saturating_sub(2);
        let max = u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .saturating_sub(page);
        self.max_scroll.set(max);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .scroll((self.scroll.min(max), 0)),
            popup,
        );
    }
}

/// Every context's keys, those matching `filter` (all its words, in the
/// description or the keys) when there is one.
fn lines<'a>(keymap: &'a Keymap, filter: &str, cx: &ViewContext) -> Vec<Line<'a>> {
    let words: Vec<String> = filter
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .collect();
    let mut lines = Vec::new();
    for ctx in Context::ALL {
        let mut section = Vec::new();
        for b in keymap.bindings.iter().filter(|b| b.context == ctx) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.to_string()).collect();
            let keys = keys.join(", ");
            let haystack = format!("{} {} {keys}", b.description, b.action.name()).to_lowercase();
            if !words.iter().all(|w| haystack.contains(w.as_str())) {
                continue;
            }
            section.push(Line::from(vec![
                Span::styled(format!("  {} ", fit(&keys, 22)), cx.theme.key),
                Span::styled(b.description, cx.theme.base),
            ]));
        }
        if section.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(ctx.label(), cx.theme.heading)));
        lines.extend(section);
        lines.push(Line::from(""));
    }
    lines
}
