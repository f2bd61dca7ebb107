//! Keys as data: one table of `{ keys, action, context, description }`.
//! The footer and the help screen are generated from it, and the user's
//! config replaces the keys of any action.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where a binding applies. Overlays (help, welcome) take keys first; then
/// the current tab; then everything global.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    FollowUps,
    Help,
    Welcome,
    /// Typing in the search box: only these keys are commands, the rest is text.
    Search,
    /// Typing a list filter: likewise.
    Filter,
    /// A yes/no question (delete?).
    Confirm,
    /// Choosing from a short list (a project's next status, the trash).
    Picker,
    /// Typing a one-line answer (the reason for a status change).
    Prompt,
    /// A note or visit editor: only these keys are commands, the rest edits.
    Editor,
    /// The preview of an import, before anything is written.
    Import,
    /// Which column of a CSV holds what.
    ImportMap,
    /// The command palette: typing filters the commands.
    Palette,
    /// Which month a report is for.
    Month,
    /// A timeline entry read in full.
    Reader,
    /// Marking who came to an event.
    Attendance,
    /// Inviting many to an event: typing an organization, tag, country or search.
    Invite,

    /// The "Needs review" list: conflicts between desks.
    Review,
    /// A record's history.
    History,
}

impl Context {
    /// Where keys without Ctrl or Alt are text being typed (a query, a
    /// filter, an answer, a form or editor). A user's `[keys]` never reach
    /// these: `down = ["j", ...]` must not make `j` impossible to type.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Context::Search
                | Context::Filter
                | Context::Prompt
                | Context::Editor
                | Context::Palette
                | Context::Invite
        )
    }

    /// Every context, in the order the help screen lists them.
    pub const ALL: [Context; 19] = [
        Context::Global,
        Context::FollowUps,
        Context::Reader,
        Context::Editor,
        Context::Search,
        Context::Filter,
        Context::Palette,
        Context::Picker,
        Context::Prompt,
        Context::Confirm,
        Context::Month,
        Context::Import,
        Context::ImportMap,
        Context::Welcome,
        Context::Help,
        Context::Attendance,
        Context::Invite,
        Context::Review,
        Context::History,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::FollowUps => "Follow-ups tab",
            Context::Help => "Help screen",
            Context::Welcome => "Welcome screen",
            Context::Search => "Search (type to search)",
            Context::Filter => "List filter (type to filter)",
            Context::Confirm => "Questions",
            Context::Picker => "Pickers and the trash",
            Context::Prompt => "One-line answers",
            Context::Editor => "Forms and editors (records, notes, visits)",
            Context::Import => "Import preview",
            Context::ImportMap => "Import: CSV columns",
            Context::Palette => "Command palette (type to find a command)",
            Context::Month => "Report: which month",
            Context::Reader => "Reading a note, visit or status change",
            Context::Attendance => "Event attendance checklist",
            Context::Invite => "Inviting to an event (type a name, tag, country or search)",
            Context::Review => "Needs review (changed on two desks at once, entered twice)",
            Context::History => "A record's history",
        }
    }
}

/// One key with its modifiers, normalised so `J`, `shift-j` and crossterm's
/// report of Shift+J compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Chord {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Chord {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            // Shift is already in the character (or meaningless for Tab's twin).
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Chord { code, mods }
    }

    pub fn from_event(event: &KeyEvent) -> Chord {
        Chord::new(event.code, event.modifiers)
    }

    /// Parses `j`, `G`, `?`, `ctrl-c`, `alt-x`, `shift-tab`, `down`, `pgdn`, `f1`, `space`.
    pub fn parse(text: &str) -> Result<Chord, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            let stripped = ["ctrl-", "alt-", "shift-"]
                .iter()
                .find(|p| lower.starts_with(**p) && rest.len() > p.len());
            match stripped {
                Some(&"ctrl-") => mods |= KeyModifiers::CONTROL,
                Some(&"alt-") => mods |= KeyModifiers::ALT,
                Some(_) => mods |= KeyModifiers::SHIFT,
                None => break,
            }
            rest = &rest[stripped.map_or(0, |p| p.len())..];
        }
        let named = match rest.to_ascii_lowercase().as_str() {
            "up" => Some(KeyCode::Up),
            "down" => Some(KeyCode::Down),
            "left" => Some(KeyCode::Left),
            "right" => Some(KeyCode::Right),
            "enter" | "return" => Some(KeyCode::Enter),
            "esc" | "escape" => Some(KeyCode::Esc),
            "tab" => Some(KeyCode::Tab),
            "backtab" => Some(KeyCode::BackTab),
            "backspace" | "bs" => Some(KeyCode::Backspace),
            "home" => Some(KeyCode::Home),
            "end" => Some(KeyCode::End),
            "pageup" | "pgup" => Some(KeyCode::PageUp),
            "pagedown" | "pgdn" => Some(KeyCode::PageDown),
            "delete" | "del" => Some(KeyCode::Delete),
            "insert" | "ins" => Some(KeyCode::Insert),
            "space" => Some(KeyCode::Char(' ')),
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=24).contains(&n)) =>
            {
                f[1..].parse().ok().map(KeyCode::F)
            }
            _ => None,
        };
        let code = match named {
            Some(code) => code,
            None => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(c),
                    _ => {
                        return Err(format!(
                            "'{text}' is not a key; write e.g. j, G, ?, ctrl-c, shift-tab, down, pgdn, f1"
                        ));
                    }
                }
            }
        };
        let code = match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) && c.is_ascii_lowercase() => {
                KeyCode::Char(c.to_ascii_uppercase())
            }
            other => other,
        };
        Ok(Chord::new(code, mods))
    }
}

impl fmt::Display for Chord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("up"),
            KeyCode::Down => f.write_str("down"),
            KeyCode::Left => f.write_str("left"),
            KeyCode::Right => f.write_str("right"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            KeyCode::Delete => f.write_str("del"),
            KeyCode::Insert => f.write_str("ins"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Chord>,
    pub action: Action,
    pub context: Context,
    pub description: &'static str,
    /// Shown in the footer (the help screen shows everything).
    pub hint: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

mod defaults;

/// A marker, in a message, for "the key bound to `action`": messages are
/// made where the keymap is not known, and `Keymap::fill` puts the key in
/// when they are drawn, so a rebound key is the one the message names.
pub fn key(action: Action) -> String {
    format!("{MARK}{}{MARK}", action.name())
}

const MARK: char = '\u{1}';

impl Keymap {
    /// The key bound to `action`, as drawn: the first key of the first of
    /// `contexts` that binds it, else of any binding; its name in the
    /// config file when nothing binds it.
    pub fn key_for(&self, action: Action, contexts: &[Context]) -> String {
        let bound = |b: &&Binding| b.action == action && !b.keys.is_empty();
        contexts
            .iter()
            .find_map(|ctx| {
                self.bindings
                    .iter()
                    .filter(bound)
                    .find(|b| b.context == *ctx)
            })
            .or_else(|| self.bindings.iter().find(bound))
            .map(|b| b.keys[0].to_string())
            .unwrap_or_else(|| format!("[{}]", action.name()))
    }

    /// `text` with each `key(action)` marker replaced by the key bound to
    /// that action (looked up in `contexts` first).
    pub fn fill(&self, text: &str, contexts: &[Context]) -> String {
        if !text.contains(MARK) {
            return text.to_string();
        }
        let mut out = String::new();
        for (i, part) in text.split(MARK).enumerate() {
            match (i % 2 == 1).then(|| Action::from_name(part)).flatten() {
                Some(action) => out.push_str(&self.key_for(action, contexts)),
                None => out.push_str(part),
            }
        }
        out
    }

    /// The action for a key, trying `contexts` in order.
    pub fn action_for(&self, chord: Chord, contexts: &[Context]) -> Option<Action> {
        contexts.iter().find_map(|ctx| {
            self.bindings
                .iter()
                .find(|b| b.context == *ctx && b.keys.contains(&chord))
                .map(|b| b.action)
        })
    }

    /// Bindings that apply in `contexts`, for the footer and help.
    pub fn active<'a>(&'a self, contexts: &'a [Context]) -> impl Iterator<Item = &'a Binding> + 'a {
        contexts
            .iter()
            .flat_map(move |ctx| self.bindings.iter().filter(move |b| b.context == *ctx))
    }

    /// Gives `action` these keys instead of its defaults, wherever it is
    /// bound outside text entry (see `Context::takes_text`; there the
    /// defaults stay). A key taken from another action in the same context
    /// is removed from it, so one key never means two things.
    pub fn rebind(&mut self, action: Action, keys: Vec<Chord>) {
        let navigation = |b: &Binding| !b.context.takes_text();
        let contexts: Vec<Context> = self
            .bindings
            .iter()
            .filter(|b| navigation(b) && b.action == action)
            .map(|b| b.context)
            .collect();
        for b in self.bindings.iter_mut().filter(|b| navigation(b)) {
            if b.action == action {
                b.keys = keys.clone();
            } else if contexts.contains(&b.context) {
                b.keys.retain(|k| !keys.contains(k));
            }
        }
    }
}

#[cfg(test)]
mod tests;
