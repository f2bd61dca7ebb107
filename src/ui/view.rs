//! Drawing: a pure function of the state. Nothing here queries the database
//! or changes the app.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::action::Action;
use super::keymap::{Context, Keymap};
use super::panes;
use super::popups;
use super::state::{App, Overlay, Pane, Tab};
use super::text::{truncate, width};
use super::theme::Theme;

/// Below this the layout cannot show a list and its details.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// Everything the view needs besides the state.
pub struct ViewContext<'a> {
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
}

/// The keymap contexts active in this state, most specific first.
pub fn contexts(app: &App) -> Vec<Context> {
    match app.overlay {
        Overlay::Help { .. } => vec![Context::Help, Context::Global],
        Overlay::Welcome => vec![Context::Welcome, Context::Global],
        Overlay::Search => vec![Context::Search],
        Overlay::Confirm => vec![Context::Confirm],
        Overlay::StatusPicker { .. } | Overlay::Trash { .. } => vec![Context::Picker],
        Overlay::Reason { .. } | Overlay::ImportPath => vec![Context::Prompt],
        Overlay::ImportPreview { .. } => vec![Context::Import],
        Overlay::ImportMap { .. } => vec![Context::ImportMap],
        Overlay::Damaged => vec![Context::Global],
        Overlay::Editor => vec![Context::Editor],
        Overlay::Reader(_) => vec![Context::Reader],
        Overlay::None if app.list_filter.as_ref().is_some_and(|f| f.editing) => {
            vec![Context::Filter]
        }
        Overlay::None if app.tab == Tab::FollowUps => vec![Context::FollowUps, Context::Global],
        Overlay::None => vec![Context::Global],
    }
}

pub fn render(frame: &mut Frame, app: &App, cx: &ViewContext) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        popups::too_small::render(frame, area, cx.theme);
        return;
    }
    let [tabs, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(area);
    render_tabs(frame, tabs, app, cx.theme);
    match app.tab {
        Tab::Dashboard => panes::dashboard::render(frame, body, app, cx.theme),
        _ => render_record_tab(frame, body, app, cx),
    }
    render_footer(frame, footer, app, cx);
    match app.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => popups::help::render(frame, area, scroll, cx),
        Overlay::Welcome => popups::welcome::render(frame, area, cx),
        Overlay::Search => popups::search::render(frame, area, app, cx),
        Overlay::Confirm => popups::confirm::render(frame, area, app, cx),
        Overlay::StatusPicker { cursor, .. } => {
            popups::status::render_picker(frame, area, cursor, cx)
        }
        Overlay::Reason { to, .. } => {
            popups::status::render_reason(frame, area, to, &app.prompt, cx)
        }
        Overlay::Trash { cursor } => popups::trash::render(frame, area, &app.trash, cursor, cx),
        Overlay::Editor => popups::editor::render(frame, area, app, cx),
        Overlay::ImportPath => popups::import::render_path(frame, area, &app.prompt, cx),
        Overlay::Damaged => popups::damaged::render(frame, area, app.damage.as_deref(), cx),
        Overlay::ImportMap { cursor } => {
            popups::import::render_map(frame, area, app.import_map.as_deref(), cursor, cx)
        }
        Overlay::ImportPreview { cursor } => {
            popups::import::render_preview(frame, area, app.import.as_deref(), cursor, cx)
        }
        Overlay::Reader(ref reader) => popups::reader::render(frame, area, reader, cx),
    }
}

fn render_tabs(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let label = |i: usize, tab: &Tab, short: bool| {
        let title = if short {
            tab.short_title()
        } else {
            tab.title()
        };
        format!(" {} {title} ", i + 1)
    };
    let full: usize = Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| width(&label(i, t, false)))
        .sum();
    let brand = " fieldbook ";
    let (show_brand, short) = match usize::from(area.width) {
        w if w >= full + brand.len() => (true, false),
        w if w >= full => (false, false),
        _ => (false, true),
    };
    let mut spans = Vec::new();
    if show_brand {
        spans.push(Span::styled(brand, theme.title));
    }
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let style = if *tab == app.tab {
            theme.tab_active
        } else {
            theme.tab
        };
        spans.push(Span::styled(label(i, tab, short), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_record_tab(frame: &mut Frame, area: Rect, app: &App, cx: &ViewContext) {
    let theme = cx.theme;
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(right);
    panes::list::render(frame, left, app, cx);
    panes::details::render(frame, top, app, theme);
    panes::timeline::render(frame, bottom, app, cx);
}

/// A bordered block, highlighted when its pane has the focus.
pub fn pane_block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    let border = if focused {
        theme.border_focused
    } else {
        theme.border
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Span::styled(
            format!(" {title} "),
            if focused { theme.title } else { theme.base },
        ))
}

pub fn is_focused(app: &App, pane: Pane) -> bool {
    app.overlay == Overlay::None && app.focus == pane
}

/// The footer's word for an action (the help screen has the full sentence).
fn footer_label(action: Action, description: &str) -> &str {
    match action {
        Action::Down => "down",
        Action::Up => "up",
        Action::NextPane => "pane",
        Action::LogVisit => "visit",
        Action::AddNote => "note",
        Action::New => "new",
        Action::Edit => "edit",
        _ => description,
    }
}

fn render_footer(frame: &mut Frame, area: Rect, app: &App, cx: &ViewContext) {
    let [hints, message] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let contexts = contexts(app);
    // One hint per action, in the table's order; help and quit always show
    // (at the end), the rest as far as the width goes.
    let mut pieces: Vec<(String, &str, Action)> = Vec::new();
    for b in cx.keymap.active(&contexts).filter(|b| b.hint) {
        if pieces.iter().any(|(_, _, a)| *a == b.action) || b.keys.is_empty() {
            continue;
        }
        pieces.push((
            b.keys[0].to_string(),
            footer_label(b.action, b.description),
            b.action,
        ));
    }
    let always = |a: Action| matches!(a, Action::Help | Action::Quit);
    let cells = |p: &(String, &str, Action)| width(&p.0) + width(p.1) + 3;
    let reserved: usize = pieces.iter().filter(|p| always(p.2)).map(cells).sum();
    let mut used = reserved;
    let mut chosen: Vec<&(String, &str, Action)> = Vec::new();
    for p in pieces.iter().filter(|p| !always(p.2)) {
        if used + cells(p) > usize::from(area.width) {
            break;
        }
        used += cells(p);
        chosen.push(p);
    }
    chosen.extend(pieces.iter().filter(|p| always(p.2)));
    let mut spans: Vec<Span> = Vec::new();
    for (key, label, _) in chosen {
        spans.push(Span::styled(format!(" {key}"), cx.theme.key));
        spans.push(Span::styled(format!(" {label} "), cx.theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), hints);
    let (text, style): (String, Style) = match &app.message {
        Some(m) => (
            m.text.clone(),
            if m.is_error {
                cx.theme.error
            } else {
                cx.theme.info
            },
        ),
        None => (status_line(app), cx.theme.dim),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(
            truncate(&format!(" {text}"), usize::from(area.width)),
            style,
        )),
        message,
    );
}

fn status_line(app: &App) -> String {
    if let Some(f) = app.active_filter().filter(|f| f.editing) {
        return format!(
            "filter /{}_  (type to narrow the list, enter keeps it, esc clears it)",
            f.input
        );
    }
    match app.list() {
        Some(list) if list.loaded => {
            let filter = if app.tab == Tab::FollowUps {
                format!(" ({})", app.filter.label())
            } else {
                String::new()
            };
            let position = if list.keys.is_empty() {
                0
            } else {
                list.selected + 1
            };
            format!(
                "{}{filter}: {position} of {}",
                app.tab.title(),
                list.keys.len()
            )
        }
        Some(_) => "loading...".into(),
        None => format!("today is {}", app.today.format("%Y-%m-%d")),
    }
}
