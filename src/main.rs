//! The `fieldbook` binary: parses the command line and reports errors in one
//! line. Everything else is in the library.

use std::process::ExitCode;

use clap::Parser;
use fieldbook::cli::{self, Cli, Exit};
use fieldbook::config;

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    // A mistyped FIELDBOOK_TODAY must not quietly date records by the clock.
    if let Err(e) = fieldbook::domain::date::pinned_today() {
        eprintln!("fieldbook: {e}");
        return ExitCode::from(1);
    }
    let result = match &cli.command {
        Some(command) => cli::run(&cli, command, started),
        None => start_ui(&cli).map(|()| Exit::Success),
    };
    match result {
        Ok(Exit::Success) => ExitCode::SUCCESS,
        Ok(Exit::Problem) => ExitCode::from(1),
        Err(err) => {
            eprintln!("fieldbook: {}", one_line(&err));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes on one line, each said once. Errors quote names
/// from the book and headers from imported files: the line goes through the
/// same neutralising as everything else shown, so an escape sequence in a
/// name is printed as `?`, never obeyed.
fn one_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    fieldbook::domain::text::clean(&parts.join(": "))
}

/// The bare `fieldbook`: the terminal UI on the database.
fn start_ui(cli: &Cli) -> anyhow::Result<()> {
    let store = cli.open_store()?;
    let (config, config_error) = match config::load(config::default_config_path().as_deref()) {
        Ok(config) => (config, None),
        Err((config, message)) => (config, Some(message)),
    };
    fieldbook::ui::run(store, config, config_error)
}
