//! `fieldbook bench ui`: how fast the UI is on this database, measured the
//! way the loop runs it (update, database reads, drawing a full frame into an
//! in-memory terminal of the given size). Terminal output itself is not
//! included: it depends on the terminal emulator, not on fieldbook.

use std::time::{Duration, Instant};

use clap::{Args, Subcommand};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::Exit;
use crate::domain::date::local_today;
use crate::store::Store;
use crate::ui::action::Action;
use crate::ui::effects::settle;
use crate::ui::keymap::Keymap;
use crate::ui::state::App;
use crate::ui::theme::Theme;
use crate::ui::update::{Msg, init, update};
use crate::ui::view::{ViewContext, render};

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Time to the first frame, and key-to-frame latency over a scripted session.
    Ui(UiArgs),
}

#[derive(Debug, Args)]
pub struct UiArgs {
    /// Terminal width.
    #[arg(long, default_value_t = 120)]
    width: u16,
    /// Terminal height.
    #[arg(long, default_value_t = 40)]
    height: u16,
    /// How many times to repeat the scripted session.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// Also list the N slowest keys.
    #[arg(long, default_value_t = 0)]
    slowest: usize,
}

pub fn run(store: Store, cmd: &BenchCommand, started: Instant) -> anyhow::Result<Exit> {
    let BenchCommand::Ui(args) = cmd;
    bench_ui(store, args, started)
}

/// The scripted session: what an officer does in a minute of browsing.
fn script() -> Vec<Action> {
    use Action::*;
    let mut s = vec![ShowContacts];
    s.extend([Down; 60]);
    s.extend([PageDown; 20]);
    s.extend([Bottom, Top, NextPane, Down, Down, Open, Back, PrevPane]);
    s.extend([ShowOrganizations, Down, Down, Down, NextPane, Open, Back]);
    s.push(ShowProjects);
    s.extend([Down; 20]);
    s.push(ShowVisits);
    s.extend([Down; 20]);
    s.extend([PageDown; 10]);
    s.push(ShowFollowUps);
    s.extend([Down; 20]);
    s.extend([CycleFilter, CycleFilter, CycleFilter]);
    s.extend([ShowDashboard, Down, Down, Open, Back]);
    s.extend([Up; 30]);
    s
}

fn bench_ui(mut store: Store, args: &UiArgs, started: Instant) -> anyhow::Result<Exit> {
    let keymap = Keymap::default();
    let theme = Theme::dark();
    let cx = ViewContext {
        theme: &theme,
        keymap: &keymap,
    };
    let mut terminal = Terminal::new(TestBackend::new(args.width, args.height))?;

    // First frame: as `fieldbook` starts, after the database is open.
    let mut app = App::new(local_today(), (args.width, args.height));
    let cmds = init(&app);
    settle(&mut app, &mut store, cmds);
    terminal.draw(|f| render(f, &app, &cx))?;
    let first_frame = started.elapsed();

    let mut timed: Vec<(Duration, Action, usize)> = Vec::new();
    for round in 0..args.rounds {
        for action in script() {
            let t = Instant::now();
            let cmds = update(&mut app, Msg::Action(action));
            settle(&mut app, &mut store, cmds);
            terminal.draw(|f| render(f, &app, &cx))?;
            timed.push((t.elapsed(), action, round));
        }
    }
    timed.sort_by_key(|(d, _, _)| std::cmp::Reverse(*d));
    if args.slowest > 0 {
        println!("slowest keys:");
        for (d, action, round) in timed.iter().take(args.slowest) {
            println!(
                "  {:>8.2} ms  {} (round {})",
                d.as_secs_f64() * 1000.0,
                action.name(),
                round + 1
            );
        }
    }
    let mut samples: Vec<Duration> = timed.iter().map(|(d, _, _)| *d).collect();
    samples.sort();
    let pct = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let counts = store.read().counts()?;
    println!(
        "database: {} ({} contacts, {} notes)",
        store.path().display(),
        counts[1].live,
        counts[5].live
    );
    println!(
        "first frame: {:.1} ms after process start ({}x{})",
        ms(first_frame),
        args.width,
        args.height
    );
    println!(
        "key to frame over {} keys: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        samples.len(),
        ms(pct(0.5)),
        ms(pct(0.99)),
        ms(*samples.last().unwrap_or(&Duration::ZERO))
    );
    Ok(Exit::Success)
}
