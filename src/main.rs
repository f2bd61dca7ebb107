//! The `fieldbook` binary: parses the command line and reports errors in one
//! line. Everything else is in the library.

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use fieldbook::cli::{self, Cli, Exit};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = &cli.command else {
        // The terminal UI takes this place once it lands.
        let _ = Cli::command().print_help();
        return ExitCode::SUCCESS;
    };
    match cli::run(&cli, command) {
        Ok(Exit::Success) => ExitCode::SUCCESS,
        Ok(Exit::Problem) => ExitCode::from(1),
        Err(err) => {
            eprintln!("fieldbook: {}", one_line(&err));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes on one line, each said once.
fn one_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}
