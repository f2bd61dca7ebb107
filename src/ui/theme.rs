//! Colours and emphasis. `mono` uses modifiers only: it is chosen when
//! `NO_COLOR` is set (crossterm 0.29 drops bold/reverse on a colour reset
//! under NO_COLOR, so that theme never asks for a colour at all).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    Dark,
    Light,
    Mono,
}

impl ThemeName {
    pub fn parse(s: &str) -> Option<ThemeName> {
        match s.trim().to_ascii_lowercase().as_str() {
            "dark" => Some(ThemeName::Dark),
            "light" => Some(ThemeName::Light),
            "mono" | "none" | "no-color" => Some(ThemeName::Mono),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub base: Style,
    pub dim: Style,
    pub title: Style,
    pub heading: Style,
    pub border: Style,
    pub border_focused: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub selected: Style,
    pub link: Style,
    pub overdue: Style,
    pub done: Style,
    pub key: Style,
    pub error: Style,
    pub info: Style,
    pub bar: Style,
}

impl Theme {
    /// The theme to use: `NO_COLOR` (any non-empty value) forces mono.
    pub fn resolve(name: ThemeName, no_color: bool) -> Theme {
        if no_color {
            return Theme::mono();
        }
        match name {
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
            ThemeName::Mono => Theme::mono(),
        }
    }

    pub fn no_color_requested() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    pub fn dark() -> Theme {
        let base = Style::new();
        Theme {
            base,
            dim: Style::new().fg(Color::DarkGray),
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            heading: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan),
            tab: Style::new().fg(Color::Gray),
            tab_active: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            selected: Style::new().fg(Color::Black).bg(Color::Cyan),
            link: Style::new()
                .fg(Color::LightBlue)
                .add_modifier(Modifier::UNDERLINED),
            overdue: Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            done: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::CROSSED_OUT),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            error: Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            info: Style::new().fg(Color::Green),
            bar: Style::new().fg(Color::Cyan),
        }
    }

    pub fn light() -> Theme {
        Theme {
            base: Style::new(),
            dim: Style::new().fg(Color::Gray),
            title: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            heading: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::Gray),
            border_focused: Style::new().fg(Color::Blue),
            tab: Style::new().fg(Color::DarkGray),
            tab_active: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            selected: Style::new().fg(Color::White).bg(Color::Blue),
            link: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            overdue: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            done: Style::new()
                .fg(Color::Gray)
                .add_modifier(Modifier::CROSSED_OUT),
            key: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            info: Style::new().fg(Color::DarkGray),
            bar: Style::new().fg(Color::Blue),
        }
    }

    /// Modifiers only, never a colour.
    pub fn mono() -> Theme {
        let plain = Style::new();
        Theme {
            base: plain,
            dim: plain,
            title: plain.add_modifier(Modifier::BOLD),
            heading: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            border: plain,
            border_focused: plain.add_modifier(Modifier::BOLD),
            tab: plain,
            tab_active: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            selected: plain.add_modifier(Modifier::REVERSED),
            link: plain.add_modifier(Modifier::UNDERLINED),
            overdue: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            done: plain.add_modifier(Modifier::DIM),
            key: plain.add_modifier(Modifier::BOLD),
            error: plain.add_modifier(Modifier::BOLD | Modifier::REVERSED),
            info: plain,
            bar: plain,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mono_has_no_colour_anywhere() {
        let t = Theme::resolve(ThemeName::Dark, true);
        for s in [
            t.base,
            t.dim,
            t.title,
            t.heading,
            t.border,
            t.border_focused,
            t.tab,
            t.tab_active,
            t.selected,
            t.link,
            t.overdue,
            t.done,
            t.key,
            t.error,
            t.info,
            t.bar,
        ] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
        assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
    }
}
