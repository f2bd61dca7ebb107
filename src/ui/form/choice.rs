//! Choices (an organization's kind, a project's status and programme type,
//! a visit's purpose) are picked from a short list that opens under the
//! field: typing filters it, Up/Down move, Enter takes the highlighted
//! option, Esc closes the list and leaves the value as it was. No blind
//! Left/Right cycling through values the person cannot see.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::text::fold;

/// An open list of options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChoiceList {
    /// What was typed to narrow the list.
    pub filter: String,
    /// Position among the options the filter leaves.
    pub cursor: usize,
}

/// What a key did to an open list.
#[derive(Debug, PartialEq, Eq)]
pub enum ChoiceKey {
    /// The list stays open (filter or highlight changed).
    Stay,
    /// The option at this index (of all the labels) was taken.
    Take(usize),
    /// Not a key for the list.
    NotMine,
}

impl ChoiceList {
    /// Opened with the current value highlighted.
    pub fn open(current: usize) -> ChoiceList {
        ChoiceList {
            filter: String::new(),
            cursor: current,
        }
    }

    /// The key that opens a closed list (and, for a letter, starts the
    /// filter): Up, Down, space, or typing.
    pub fn opened_by(key: &KeyEvent, current: usize) -> Option<ChoiceList> {
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return None;
        }
        match key.code {
            KeyCode::Up | KeyCode::Down | KeyCode::Char(' ') => Some(ChoiceList::open(current)),
            KeyCode::Char(c) => Some(ChoiceList {
                filter: c.to_string(),
                cursor: 0,
            }),
            _ => None,
        }
    }

    /// Indices (into `labels`) of the options the filter leaves.
    pub fn shown(&self, labels: &[String]) -> Vec<usize> {
        let wanted = fold(self.filter.trim());
        labels
            .iter()
            .enumerate()
            .filter(|(_, label)| wanted.is_empty() || fold(label).contains(&wanted))
            .map(|(i, _)| i)
            .collect()
    }

    /// The highlighted option (an index into `labels`).
    pub fn highlighted(&self, labels: &[String]) -> Option<usize> {
        self.shown(labels).get(self.cursor).copied()
    }

    pub fn key(&mut self, key: &KeyEvent, labels: &[String]) -> ChoiceKey {
        let shown = self.shown(labels).len();
        match key.code {
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                self.filter.push(c);
                self.cursor = 0;
                ChoiceKey::Stay
            }
            KeyCode::Backspace => {
                self.filter.pop();
                self.cursor = 0;
                ChoiceKey::Stay
            }
            KeyCode::Down => {
                self.cursor = (self.cursor + 1).min(shown.saturating_sub(1));
                ChoiceKey::Stay
            }
            KeyCode::Up => {
                self.cursor = self.cursor.saturating_sub(1);
                ChoiceKey::Stay
            }
            KeyCode::Enter => match self.highlighted(labels) {
                Some(i) => ChoiceKey::Take(i),
                None => ChoiceKey::Stay,
            },
            _ => ChoiceKey::NotMine,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(list: &mut ChoiceList, code: KeyCode, labels: &[String]) -> ChoiceKey {
        list.key(&KeyEvent::new(code, KeyModifiers::NONE), labels)
    }

    #[test]
    fn typing_filters_and_enter_takes_the_highlighted_option() {
        let labels: Vec<String> = [
            "Idea",
            "Consultation",
            "Proposal",
            "In progress",
            "Completed",
        ]
        .map(String::from)
        .to_vec();
        let mut list =
            ChoiceList::opened_by(&KeyEvent::new(KeyCode::Char('o'), KeyModifiers::NONE), 0)
                .unwrap();
        press(&mut list, KeyCode::Char('n'), &labels);
        assert_eq!(list.shown(&labels), vec![1]);
        press(&mut list, KeyCode::Backspace, &labels);
        assert_eq!(list.shown(&labels), vec![1, 2, 3, 4]);
        press(&mut list, KeyCode::Down, &labels);
        press(&mut list, KeyCode::Down, &labels);
        assert_eq!(
            press(&mut list, KeyCode::Enter, &labels),
            ChoiceKey::Take(3)
        );
        assert_eq!(press(&mut list, KeyCode::Esc, &labels), ChoiceKey::NotMine);
    }
}
