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
    /// A timeline entry read in full.
    Reader,
}

impl Context {
    /// Where keys without Ctrl or Alt are text being typed (a query, a
    /// filter, an answer, a form or editor). A user's `[keys]` never reach
    /// these: `down = ["j", ...]` must not make `j` impossible to type.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Context::Search | Context::Filter | Context::Prompt | Context::Editor
        )
    }

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
            Context::Editor => "Editing a note or a visit",
            Context::Import => "Import preview",
            Context::ImportMap => "Import: CSV columns",
            Context::Reader => "Reading a note, visit or status change",
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

/// The defaults: `(keys, action, context, description, in footer)`.
#[rustfmt::skip]
const DEFAULTS: &[(&[&str], Action, Context, &str, bool)] = &[
    (&["esc", "q", "?"], Action::Close, Context::Help, "close help", true),
    (&["j", "down"], Action::Down, Context::Help, "scroll down", true),
    (&["k", "up"], Action::Up, Context::Help, "scroll up", true),
    (&["d"], Action::LoadDemo, Context::Welcome, "load demo data", true),
    (&["esc", "enter"], Action::Close, Context::Welcome, "start with an empty book", true),
    (&["esc"], Action::Close, Context::Search, "close search", true),
    (&["enter"], Action::Open, Context::Search, "open the selected result", true),
    (&["down", "ctrl-n"], Action::Down, Context::Search, "next result", true),
    (&["up", "ctrl-p"], Action::Up, Context::Search, "previous result", true),
    (&["ctrl-u"], Action::ClearInput, Context::Search, "clear the query", true),
    (&["ctrl-c"], Action::Quit, Context::Search, "quit", false),
    (&["esc"], Action::Close, Context::Filter, "clear the filter", true),
    (&["enter"], Action::Open, Context::Filter, "keep the filter", true),
    (&["down", "ctrl-n"], Action::Down, Context::Filter, "move down", true),
    (&["up", "ctrl-p"], Action::Up, Context::Filter, "move up", true),
    (&["ctrl-u"], Action::ClearInput, Context::Filter, "clear the filter text", true),
    (&["ctrl-c"], Action::Quit, Context::Filter, "quit", false),
    (&["y", "enter"], Action::Confirm, Context::Confirm, "yes", true),
    (&["n", "esc"], Action::Close, Context::Confirm, "no", true),
    (&["j", "down"], Action::Down, Context::Picker, "down", true),
    (&["k", "up"], Action::Up, Context::Picker, "up", true),
    (&["enter"], Action::Confirm, Context::Picker, "choose", true),
    (&["r"], Action::Restore, Context::Picker, "restore (trash)", true),
    (&["esc", "q"], Action::Close, Context::Picker, "close", true),
    (&["enter"], Action::Confirm, Context::Prompt, "save", true),
    (&["esc"], Action::Close, Context::Prompt, "cancel", true),
    (&["ctrl-u"], Action::ClearInput, Context::Prompt, "clear", false),
    (&["ctrl-s"], Action::Save, Context::Editor, "save", true),
    (&["esc"], Action::Close, Context::Editor, "close (asks if something was typed)", true),
    (&["tab"], Action::NextPane, Context::Editor, "next field", true),
    (&["shift-tab"], Action::PrevPane, Context::Editor, "previous field", true),
    (&["j", "down"], Action::Down, Context::ImportMap, "next column", true),
    (&["k", "up"], Action::Up, Context::ImportMap, "previous column", true),
    (&["space", "x"], Action::ToggleDone, Context::ImportMap, "next field for this column", true),
    (&["enter"], Action::Confirm, Context::ImportMap, "read the file with these columns", true),
    (&["esc"], Action::Close, Context::ImportMap, "cancel", true),
    (&["y", "enter"], Action::Confirm, Context::Import, "import (duplicates skipped)", true),
    (&["m"], Action::Merge, Context::Import, "import, merging every duplicate", true),
    (&["j", "down"], Action::Down, Context::Import, "next duplicate", true),
    (&["k", "up"], Action::Up, Context::Import, "previous duplicate", true),
    (&["space", "x"], Action::ToggleDone, Context::Import, "this duplicate: skip / merge / create", true),
    (&["n", "esc"], Action::Close, Context::Import, "cancel", true),
    (&["j", "down"], Action::Down, Context::Reader, "scroll down", true),
    (&["k", "up"], Action::Up, Context::Reader, "scroll up", true),
    (&["pgdn", "space", "ctrl-d"], Action::PageDown, Context::Reader, "page down", true),
    (&["pgup", "ctrl-u"], Action::PageUp, Context::Reader, "page up", false),
    (&["g", "home"], Action::Top, Context::Reader, "to the top", false),
    (&["G", "end"], Action::Bottom, Context::Reader, "to the end", true),
    (&["e"], Action::Edit, Context::Reader, "edit it", true),
    (&["esc", "q", "backspace"], Action::Close, Context::Reader, "back", true),
    (&["ctrl-c"], Action::Quit, Context::Reader, "quit", false),
    (&["o"], Action::CycleFilter, Context::FollowUps, "filter: open / done / all", true),
    (&["j", "down"], Action::Down, Context::Global, "move down", true),
    (&["k", "up"], Action::Up, Context::Global, "move up", true),
    (&["g", "home"], Action::Top, Context::Global, "go to the first row", false),
    (&["G", "end"], Action::Bottom, Context::Global, "go to the last row", false),
    (&["pgup", "ctrl-u"], Action::PageUp, Context::Global, "page up", false),
    (&["pgdn", "ctrl-d"], Action::PageDown, Context::Global, "page down", false),
    (&["tab", "l", "right"], Action::NextPane, Context::Global, "next pane", true),
    (&["shift-tab", "h", "left"], Action::PrevPane, Context::Global, "previous pane", false),
    (&["enter"], Action::Open, Context::Global, "open", true),
    (&["backspace"], Action::Back, Context::Global, "back", true),
    (&["ctrl-f"], Action::Search, Context::Global, "search", true),
    (&["/"], Action::Filter, Context::Global, "filter", true),
    (&["esc"], Action::Close, Context::Global, "clear filter / back to list", false),
    (&["1"], Action::ShowDashboard, Context::Global, "dashboard", false),
    (&["2"], Action::ShowContacts, Context::Global, "contacts", false),
    (&["3"], Action::ShowOrganizations, Context::Global, "organizations", false),
    (&["4"], Action::ShowProjects, Context::Global, "projects", false),
    (&["5"], Action::ShowVisits, Context::Global, "visits", false),
    (&["6"], Action::ShowFollowUps, Context::Global, "follow-ups", false),
    (&["v"], Action::LogVisit, Context::Global, "log a visit", true),
    (&["n"], Action::New, Context::Global, "new record of this tab's kind", true),
    (&["e"], Action::Edit, Context::Global, "edit the selected record", true),
    (&["f"], Action::AddFollowUp, Context::Global, "add a follow-up to this record", false),
    (&["a"], Action::AddNote, Context::Global, "add a note to this record", true),
    (&["x"], Action::ToggleDone, Context::Global, "follow-up done / open", false),
    (&["s"], Action::ChangeStatus, Context::Global, "change a project's status", false),
    (&["d"], Action::Delete, Context::Global, "delete (to the trash)", false),
    (&["u"], Action::Undo, Context::Global, "undo the last change", false),
    (&["T"], Action::ShowTrash, Context::Global, "trash", false),
    (&["I"], Action::Import, Context::Global, "import contacts (vCard, CSV) or an export", false),
    (&["R"], Action::Report, Context::Global, "write this month's report (Markdown and XLSX)", false),
    (&["ctrl-r"], Action::Reload, Context::Global, "reload from the database", false),
    (&["?", "f1"], Action::Help, Context::Global, "help", true),
    (&["q", "ctrl-c"], Action::Quit, Context::Global, "quit", true),
];

impl Default for Keymap {
    fn default() -> Self {
        let bindings = DEFAULTS
            .iter()
            .map(|(keys, action, context, description, hint)| Binding {
                keys: keys
                    .iter()
                    .map(|k| Chord::parse(k).unwrap_or_else(|e| panic!("default key {k}: {e}")))
                    .collect(),
                action: *action,
                context: *context,
                description,
                hint: *hint,
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
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
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_keys() {
        for text in [
            "j",
            "G",
            "?",
            "ctrl-c",
            "shift-tab",
            "down",
            "pgdn",
            "f1",
            "space",
            "backspace",
            "alt-x",
        ] {
            let chord = Chord::parse(text).unwrap();
            assert_eq!(chord.to_string(), text);
        }
        assert_eq!(Chord::parse("shift-g").unwrap(), Chord::parse("G").unwrap());
        assert_eq!(
            Chord::parse("Ctrl-C").unwrap(),
            Chord::parse("ctrl-c").unwrap()
        );
        assert!(Chord::parse("ctrl-").unwrap_err().contains("not a key"));
        assert!(Chord::parse("jk").is_err());
    }

    #[test]
    fn crossterm_shift_reports_match_the_table() {
        let km = Keymap::default();
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            km.action_for(Chord::from_event(&shift_g), &[Context::Global]),
            Some(Action::Bottom)
        );
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            km.action_for(Chord::from_event(&backtab), &[Context::Global]),
            Some(Action::PrevPane)
        );
    }

    #[test]
    fn contexts_are_tried_in_order() {
        let km = Keymap::default();
        let q = Chord::parse("q").unwrap();
        assert_eq!(
            km.action_for(q, &[Context::Help, Context::Global]),
            Some(Action::Close)
        );
        assert_eq!(km.action_for(q, &[Context::Global]), Some(Action::Quit));
    }

    #[test]
    fn rebinding_moves_a_key() {
        let mut km = Keymap::default();
        km.rebind(Action::Down, vec![Chord::parse("n").unwrap()]);
        let global = [Context::Global];
        assert_eq!(
            km.action_for(Chord::parse("n").unwrap(), &global),
            Some(Action::Down)
        );
        assert_eq!(km.action_for(Chord::parse("j").unwrap(), &global), None);
        km.rebind(Action::Quit, vec![Chord::parse("n").unwrap()]);
        assert_eq!(
            km.action_for(Chord::parse("n").unwrap(), &global),
            Some(Action::Quit)
        );
    }

    /// A plain character (no Ctrl, no Alt) is text where text is typed.
    fn is_text(chord: &Chord) -> bool {
        matches!(chord.code, KeyCode::Char(_))
            && !chord
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    #[test]
    fn user_keys_never_reach_text_entry() {
        let mut km = Keymap::default();
        km.rebind(
            Action::Down,
            ["j", "down", "ctrl-n"]
                .map(|k| Chord::parse(k).unwrap())
                .to_vec(),
        );
        km.rebind(
            Action::Up,
            ["k", "up", "ctrl-p"]
                .map(|k| Chord::parse(k).unwrap())
                .to_vec(),
        );
        km.rebind(Action::NextPane, vec![Chord::parse("l").unwrap()]);
        km.rebind(Action::Close, vec![Chord::parse("x").unwrap()]);
        for b in km.bindings.iter().filter(|b| b.context.takes_text()) {
            assert!(
                !b.keys.iter().any(is_text),
                "{:?} in {:?} takes a typed key: {:?}",
                b.action,
                b.context,
                b.keys
            );
        }
        // Text entry keeps its own keys; navigation takes the user's.
        let j = Chord::parse("j").unwrap();
        assert_eq!(km.action_for(j, &[Context::Search]), None);
        assert_eq!(km.action_for(j, &[Context::Picker]), Some(Action::Down));
        assert_eq!(
            km.action_for(Chord::parse("ctrl-n").unwrap(), &[Context::Search]),
            Some(Action::Down)
        );
    }
}
