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
use super::screens;
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

/// The keymap contexts active in this state, most specific first: the
/// screen on top's, the editor's, or the main screen's.
pub fn contexts(app: &App) -> Vec<Context> {
    match &app.overlay {
        Overlay::Editor => vec![Context::Editor],
        overlay => match overlay.screen() {
            Some(screen) => screen.contexts().to_vec(),
            None => super::update::main_contexts(app),
        },
    }
}

pub fn render(frame: &mut Frame, app: &App, cx: &ViewContext) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        screens::too_small::render(frame, area, cx.theme);
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
        Tab::Dashboard => {
            let body = panes::dashboard_review::render(frame, body, app, cx);
            panes::dashboard::render(frame, body, app, cx.theme)
        }
        _ => render_record_tab(frame, body, app, cx),
    }
    render_footer(frame, footer, app, cx);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Editor => popups::editor::render(frame, area, app, cx),
        overlay => {
            if let Some(screen) = overlay.screen() {
                screen.render(frame, area, app, cx);
            }
        }
    }
}

/// The tab bar: full titles when they fit (with the name when there is
/// room), else short ones; when even those do not fit, a window of tabs
/// around the current one, with `<` and `>` where some are hidden.
fn render_tabs(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let label = |i: usize, tab: &Tab, short: bool| {
        let title = if short {
            tab.short_title()
        } else {
            tab.title()
        };
        format!(" {} {title} ", i + 1)
    };
    // Short titles for the other tabs first (the current one keeps its
    // whole name while that fits), then for all.
    let short_of = |t: &Tab, others: bool, all: bool| all || (others && *t != app.tab);
    let total = |others: bool, all: bool| -> usize {
        Tab::ALL
            .iter()
            .enumerate()
            .map(|(i, t)| width(&label(i, t, short_of(t, others, all))))
            .sum()
    };
    let brand = " fieldbook ";
    let room = usize::from(area.width);
    let (show_brand, others, all) = match room {
        w if w >= total(false, false) + brand.len() => (true, false, false),
        w if w >= total(false, false) => (false, false, false),
        w if w >= total(true, false) => (false, true, false),
        _ => (false, true, true),
    };
    let labels: Vec<String> = Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| label(i, t, short_of(t, others, all)))
        .collect();
    let current = Tab::ALL.iter().position(|t| *t == app.tab).unwrap_or(0);
    let (first, last) = visible_tabs(&labels, current, room);
    let mut spans = Vec::new();
    if show_brand {
        spans.push(Span::styled(brand, theme.title));
    }
    if first > 0 {
        spans.push(Span::styled("<", theme.dim));
    }
    for (i, tab) in Tab::ALL.iter().enumerate().take(last + 1).skip(first) {
        let style = if *tab == app.tab {
            theme.tab_active
        } else {
            theme.tab
        };
        spans.push(Span::styled(labels[i].clone(), style));
    }
    if last + 1 < labels.len() {
        spans.push(Span::styled(">", theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The widest run of tabs around `current` that fits in `room` cells (with
/// a cell for each `<` or `>` marker).
fn visible_tabs(labels: &[String], current: usize, room: usize) -> (usize, usize) {
    let (mut first, mut last) = (current, current);
    let cells = |a: usize, b: usize| -> usize {
        let marks = usize::from(a > 0) + usize::from(b + 1 < labels.len());
        labels[a..=b].iter().map(|l| width(l)).sum::<usize>() + marks
    };
    loop {
        let grown_right = last + 1 < labels.len() && cells(first, last + 1) <= room;
        if grown_right {
            last += 1;
        }
        let grown_left = first > 0 && cells(first - 1, last) <= room;
        if grown_left {
            first -= 1;
        }
        if !grown_right && !grown_left {
            return (first, last);
        }
    }
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
        Action::LogConsultation => "consult",
        Action::AddNote => "note",
        Action::New => "new",
        Action::Edit => "edit",
        Action::Palette => "commands",
        Action::SyncNow => "sync",
        _ => description,
    }
}

/// The footer's hints that come before the rest (then the table's order).
const FIRST: [Action; 5] = [
    Action::New,
    Action::LogVisit,
    Action::Search,
    Action::Filter,
    Action::Palette,
];

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
    // The screen's own hints first, and within each context the most
    // useful first, so they survive a narrow terminal.
    let context_of = |action: Action| {
        contexts.iter().position(|c| {
            cx.keymap
                .bindings
                .iter()
                .any(|b| b.context == *c && b.action == action && b.hint)
        })
    };
    pieces.sort_by_key(|p| {
        (
            context_of(p.2),
            FIRST.iter().position(|a| *a == p.2).unwrap_or(FIRST.len()),
        )
    });
    let always = |a: Action| matches!(a, Action::Help | Action::Quit);
    let cells = |p: &(String, &str, Action)| width(&p.0) + width(p.1) + 3;
    let reserved: usize = pieces.iter().filter(|p| always(p.2)).map(cells).sum();
    let mut used = reserved;
    let mut chosen: Vec<&(String, &str, Action)> = Vec::new();
    for p in pieces.iter().filter(|p| !always(p.2)) {
        // A long hint that does not fit leaves room for shorter ones after it.
        if used + cells(p) > usize::from(area.width) {
            continue;
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
            cx.keymap.fill(&m.text, &contexts),
            if m.is_error {
                cx.theme.error
            } else {
                cx.theme.info
            },
        ),
        None => (status_line(app, cx.keymap), cx.theme.dim),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(
            truncate(&format!(" {text}"), usize::from(area.width)),
            style,
        )),
        message,
    );
}

/// The status line, and the quiet note of the background sync with the
/// hub after it (offline is normal: said here, not as an error).
fn status_line(app: &App, keymap: &Keymap) -> String {
    let status = list_status(app, keymap);
    match super::hub_sync::note(&app.hub) {
        Some(note) => format!("{status} \u{b7} {note}"),
        None => status,
    }
}

fn list_status(app: &App, keymap: &Keymap) -> String {
    if let Some(f) = app.active_filter().filter(|f| f.editing) {
        let key = |a| keymap.key_for(a, &[Context::Filter]);
        return format!(
            "filter /{}_  (type to narrow the list, {} keeps it, {} clears it)",
            f.input,
            key(Action::Open),
            key(Action::Close)
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
