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
use crate::ui::keymap::Keymap;
use crate::ui::runtime::Runtime;
use crate::ui::search_worker::SearchWorker;
use crate::ui::theme::Theme;
use crate::ui::update::Msg;
use crate::ui::view::{ViewContext, render};

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Time to the first frame, and key-to-frame latency over a scripted session.
    Ui(UiArgs),
    /// Per-keystroke search latency: queries of 1-5 characters typed one at a time.
    Search(SearchBenchArgs),
    /// Import generated vCard and CSV files (100,000 contacts by default) into scratch databases.
    Import(super::bench_io::ImportBenchArgs),
    /// Export this database to JSON and XLSX (into a scratch directory).
    Export(super::bench_io::ExportBenchArgs),

    /// Attach a 10 MiB photo-sized file to a scratch book and read it back: time and growth.
    Attach(super::bench_attach::AttachBenchArgs),
    /// What recording changes for sync costs a one-row write (scratch book).
    Sync(super::bench_sync::SyncBenchArgs),

    /// Desks exchanging a year of edits weekly through a hub book (scratch books).
    SyncSim(super::bench_sync_sim::SyncSimArgs),

    /// Head-office hub queries at 2 million contacts (a scratch schema in the hub's database).
    Hub(super::bench_hub::HubBenchArgs),
    /// Desks x weeks of edits pushed to one hub and pulled by all (a scratch hub database).
    HubExchange(super::bench_hub_exchange::HubExchangeArgs),
}

#[derive(Debug, Args)]
pub struct SearchBenchArgs {
    /// How many names (and note words) to type.
    #[arg(long, default_value_t = 200)]
    samples: usize,
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
    match cmd {
        BenchCommand::Ui(args) => bench_ui(store, args, started),
        BenchCommand::Search(args) => bench_search(&store, args),
        BenchCommand::Import(args) => super::bench_io::bench_import(args),
        BenchCommand::Export(args) => super::bench_io::bench_export(&store, args),

        BenchCommand::Attach(args) => super::bench_attach::bench_attach(args),
        BenchCommand::Sync(args) => super::bench_sync::bench_sync(args),

        BenchCommand::SyncSim(args) => super::bench_sync_sim::bench_sync_sim(args),

        BenchCommand::Hub(_) | BenchCommand::HubExchange(_) => {
            unreachable!("run before a book is opened")
        }
    }
}

/// The prefixes of `word` from `from` to `to` characters, as typed.
fn typed(word: &str, from: usize, to: usize) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    (from..=to.min(chars.len()))
        .map(|n| chars[..n].iter().collect())
        .collect()
}

fn bench_search(store: &Store, args: &SearchBenchArgs) -> anyhow::Result<Exit> {
    let r = store.read();
    let sample = r.bench_samples(args.samples)?;
    let script = |c: char| ('\u{3040}'..='\u{9FFF}').contains(&c);
    let hangul = |c: char| ('\u{AC00}'..='\u{D7AF}').contains(&c);
    let mut latin = Vec::new();
    let mut japanese = Vec::new();
    let mut korean = Vec::new();
    for (name, native) in &sample.names {
        if let Some(word) = name.split_whitespace().next() {
            latin.extend(typed(word, 1, 5));
        }
        if let Some(native) = native {
            let compact: String = native.chars().filter(|c| !c.is_whitespace()).collect();
            if compact.chars().any(hangul) {
                korean.extend(typed(&compact, 1, 3));
            } else if compact.chars().any(script) {
                japanese.extend(typed(&compact, 1, 4));
                // An infix too: the given name alone.
                japanese.extend(typed(&compact.chars().skip(2).collect::<String>(), 1, 2));
            }
        }
    }
    let mut notes = Vec::new();
    for word in &sample.note_words {
        notes.extend(typed(word, 3, 5));
    }
    let (phones, typos) = new_path_queries(&sample);
    let contacts = [crate::domain::RecordKind::Contact];
    let only_notes = [crate::domain::RecordKind::Note];
    let counts = r.counts()?;
    println!(
        "database: {} ({} contacts, {} notes); search index {:.1} MiB of {:.1} MiB",
        store.path().display(),
        counts[1].live,
        counts[5].live,
        r.search_index_bytes()? as f64 / 1048576.0,
        std::fs::metadata(store.path())
            .map(|m| m.len())
            .unwrap_or(0) as f64
            / 1048576.0
    );
    for (label, queries, kinds) in [
        ("contacts, Latin 1-5 chars", &latin, &contacts[..]),
        ("contacts, Japanese 1-4 chars", &japanese, &contacts[..]),
        ("contacts, Korean 1-3 chars", &korean, &contacts[..]),
        ("notes, 3-5 chars", &notes, &only_notes[..]),
        ("contacts, phone digits 3-7", &phones, &contacts[..]),
        ("contacts, one typo 5-8 letters", &typos, &contacts[..]),
    ] {
        let mut times = Vec::with_capacity(queries.len());
        for q in queries.iter() {
            let t = Instant::now();
            let hits = r.search(q, Some(kinds), 20)?;
            times.push(t.elapsed());
            std::hint::black_box(hits);
        }
        times.sort();
        if times.is_empty() {
            println!("{label}: no samples");
            continue;
        }
        let pct = |p: f64| {
            times[((times.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
        };
        println!(
            "{label}: {} keystrokes, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            times.len(),
            pct(0.5),
            pct(0.99),
            pct(1.0)
        );
    }
    all_hits(store, &latin, &phones)?;
    Ok(Exit::Success)
}

/// Phone fragments (digits typed from the fourth digit of a number on, 3
/// to 7 of them) and names typed with one typing mistake (two letters
/// swapped), 5 to 8 letters: the paths that reach the phone index and the
/// typo vocabulary.
fn new_path_queries(sample: &crate::store::search::BenchSamples) -> (Vec<String>, Vec<String>) {
    let mut phones = Vec::new();
    for value in &sample.phones {
        let digits: String = value.chars().filter(char::is_ascii_digit).skip(3).collect();
        phones.extend(typed(&digits, 3, 7));
    }
    let mut typos = Vec::new();
    for (name, _) in &sample.names {
        let Some(word) = name.split_whitespace().find(|w| w.chars().count() >= 5) else {
            continue;
        };
        let mut chars: Vec<char> = word.chars().collect();
        chars.swap(2, 3);
        let swapped: String = chars.into_iter().collect();
        typos.extend(typed(&swapped, 5, 8));
    }
    (phones, typos)
}

/// Every hit, not only the first 20: the cost per hit of titles, context
/// and the matched field, for broad queries (3-letter name prefixes and
/// 3-digit phone fragments).
fn all_hits(store: &Store, latin: &[String], phones: &[String]) -> anyhow::Result<()> {
    // As `fieldbook search` does for long reads.
    store.map_for_long_reads(super::search::MAP_BYTES)?;
    let r = store.read();
    let queries = latin
        .iter()
        .filter(|q| q.chars().count() == 3)
        .chain(phones.iter().filter(|q| q.len() == 3))
        .take(40);
    let (mut hits, mut elapsed, mut count) = (0, Duration::ZERO, 0);
    for q in queries {
        let t = Instant::now();
        hits += r.search(q, None, 100_000)?.len();
        elapsed += t.elapsed();
        count += 1;
    }
    println!(
        "all hits: {count} broad queries, {hits} hits in {:.1} ms, {:.2} µs per hit",
        elapsed.as_secs_f64() * 1000.0,
        elapsed.as_secs_f64() * 1e6 / hits.max(1) as f64
    );
    Ok(())
}

/// The scripted session: what an officer does in a minute of browsing and
/// searching.
fn script() -> Vec<Msg> {
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
    let mut msgs: Vec<Msg> = s.into_iter().map(Msg::Action).collect();
    // Search everything, a letter at a time, in three scripts.
    for query in ["wanj", "土居", "김민", "kisumu"] {
        msgs.push(Msg::Action(Search));
        msgs.extend(query.chars().map(Msg::Type));
        msgs.extend([Msg::Action(Down), Msg::Erase, Msg::Action(Close)]);
    }
    // Narrow the contact list as you type, then clear it.
    msgs.extend([Msg::Action(ShowContacts), Msg::Action(Filter)]);
    msgs.extend("mba".chars().map(Msg::Type));
    msgs.extend([Msg::Action(Open), Msg::Action(Down), Msg::Action(Close)]);
    msgs
}

/// How a scripted message is named in the slowest-keys list.
fn describe(msg: &Msg) -> String {
    match msg {
        Msg::Action(a) => a.name(),
        Msg::Type(c) => format!("type '{c}'"),
        Msg::Erase => "erase".into(),
        other => format!("{other:?}"),
    }
}

fn bench_ui(store: Store, args: &UiArgs, started: Instant) -> anyhow::Result<Exit> {
    let theme = Theme::dark();
    let mut terminal = Terminal::new(TestBackend::new(args.width, args.height))?;

    // First frame: as `fieldbook` starts, after the database is open.
    let size = (args.width, args.height);
    let mut rt = Runtime::start(store, local_today(), size, Keymap::default(), None);
    draw(&mut terminal, &rt, &theme)?;
    let first_frame = started.elapsed();

    // As in the UI, searches run on the search thread: a keystroke's frame
    // does not wait for them, and their results make a frame of their own.
    rt.worker = Some(SearchWorker::spawn(rt.store.path())?);
    let mut timed: Vec<(Duration, String, usize)> = Vec::new();
    let mut to_results: Vec<Duration> = Vec::new();
    for round in 0..args.rounds {
        for msg in script() {
            let label = describe(&msg);
            let t = Instant::now();
            rt.send(msg);
            draw(&mut terminal, &rt, &theme)?;
            timed.push((t.elapsed(), label, round));
            if rt.wait_worker()? {
                draw(&mut terminal, &rt, &theme)?;
                to_results.push(t.elapsed());
            }
        }
    }
    to_results.sort();
    timed.sort_by_key(|(d, _, _)| std::cmp::Reverse(*d));
    if args.slowest > 0 {
        println!("slowest keys:");
        for (d, action, round) in timed.iter().take(args.slowest) {
            println!(
                "  {:>8.2} ms  {} (round {})",
                d.as_secs_f64() * 1000.0,
                action,
                round + 1
            );
        }
    }
    let mut samples: Vec<Duration> = timed.iter().map(|(d, _, _)| *d).collect();
    samples.sort();
    let pct = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let counts = rt.store.read().counts()?;
    println!(
        "database: {} ({} contacts, {} notes)",
        rt.store.path().display(),
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
    if !to_results.is_empty() {
        let pct = |p: f64| to_results[((to_results.len() as f64 - 1.0) * p).round() as usize];
        println!(
            "key to search results on screen over {} keystrokes: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            to_results.len(),
            ms(pct(0.5)),
            ms(pct(0.99)),
            ms(*to_results.last().unwrap_or(&Duration::ZERO))
        );
    }
    Ok(Exit::Success)
}

/// One frame, as the terminal loop draws it.
fn draw(terminal: &mut Terminal<TestBackend>, rt: &Runtime, theme: &Theme) -> anyhow::Result<()> {
    let cx = ViewContext {
        theme,
        keymap: &rt.keymap,
    };
    terminal.draw(|f| render(f, &rt.app, &cx))?;
    Ok(())
}
