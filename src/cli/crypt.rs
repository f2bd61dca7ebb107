//! The passphrase of an encrypted book: asked on the terminal (three tries,
//! nothing echoed) or taken from FIELDBOOK_PASSPHRASE for scripts; and
//! `fieldbook encrypt` / `decrypt`.

use std::io::{IsTerminal, Write};
use std::path::Path;

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use super::Exit;
use crate::store::{Store, StoreError, cipher};

pub const PASSPHRASE_ENV: &str = "FIELDBOOK_PASSPHRASE";

/// How many times a person may type the passphrase.
const TRIES: usize = 3;

/// Opens the book, asking for its passphrase if it is encrypted.
pub fn open(path: &Path) -> anyhow::Result<Store> {
    match Store::open(path) {
        Err(StoreError::Encrypted { .. }) => {}
        other => return Ok(other?),
    }
    if let Ok(passphrase) = std::env::var(PASSPHRASE_ENV) {
        cipher::set_passphrase(Some(passphrase));
        return Ok(Store::open(path)?);
    }
    if !std::io::stdin().is_terminal() {
        return Err(StoreError::Encrypted {
            path: path.to_path_buf(),
        }
        .into());
    }
    let mut last = None;
    for _ in 0..TRIES {
        let passphrase = ask(&format!("Passphrase for {}: ", path.display()))?;
        cipher::set_passphrase(Some(passphrase));
        match Store::open(path) {
            Err(e @ StoreError::WrongPassphrase { .. }) => {
                eprintln!("wrong passphrase");
                last = Some(e);
            }
            other => return Ok(other?),
        }
    }
    cipher::set_passphrase(None);
    Err(last
        .unwrap_or(StoreError::WrongPassphrase {
            path: path.to_path_buf(),
        })
        .into())
}

/// Reads a line from the terminal without showing it.
fn ask(prompt: &str) -> anyhow::Result<String> {
    eprint!("{prompt}");
    std::io::stderr().flush()?;
    crossterm::terminal::enable_raw_mode()?;
    let result = read_hidden();
    let _ = crossterm::terminal::disable_raw_mode();
    eprintln!();
    result
}

fn read_hidden() -> anyhow::Result<String> {
    let mut text = String::new();
    loop {
        if let Event::Key(key) = event::read()? {
            if key.kind != KeyEventKind::Press {
                continue;
            }
            match key.code {
                KeyCode::Enter => return Ok(text),
                KeyCode::Esc => anyhow::bail!("no passphrase given; nothing was opened"),
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    anyhow::bail!("no passphrase given; nothing was opened")
                }
                KeyCode::Backspace => {
                    text.pop();
                }
                KeyCode::Char(c) => text.push(c),
                _ => {}
            }
        }
    }
}

/// The new passphrase: FIELDBOOK_PASSPHRASE, or typed twice.
fn new_passphrase() -> anyhow::Result<String> {
    if let Ok(passphrase) = std::env::var(PASSPHRASE_ENV) {
        return Ok(passphrase);
    }
    if !std::io::stdin().is_terminal() {
        anyhow::bail!("no terminal to ask for a passphrase on; set {PASSPHRASE_ENV}");
    }
    let first = ask("New passphrase: ")?;
    if first.chars().count() < 8 {
        anyhow::bail!("the passphrase is too short (at least 8 characters); nothing was changed");
    }
    if ask("The same again: ")? != first {
        anyhow::bail!("the two passphrases differ; nothing was changed");
    }
    Ok(first)
}

pub fn run_encrypt(db: &Path) -> anyhow::Result<Exit> {
    if !cipher::AVAILABLE {
        return Err(StoreError::NoEncryption.into());
    }
    let store = open(db)?;
    drop(store);
    if cipher::is_set() {
        anyhow::bail!(
            "{} is encrypted already; `fieldbook decrypt` first to change its passphrase",
            db.display()
        );
    }
    let passphrase = new_passphrase()?;
    cipher::rewrite(db, Some(&passphrase))?;
    println!(
        "{} is encrypted. Keep the passphrase safe: without it nothing can be read, not even by us.",
        db.display()
    );
    Ok(Exit::Success)
}

pub fn run_decrypt(db: &Path) -> anyhow::Result<Exit> {
    if !cipher::AVAILABLE {
        return Err(StoreError::NoEncryption.into());
    }
    let store = open(db)?;
    drop(store);
    if !cipher::is_set() {
        anyhow::bail!("{} is not encrypted; nothing was changed", db.display());
    }
    cipher::rewrite(db, None)?;
    println!("{} is no longer encrypted.", db.display());
    Ok(Exit::Success)
}
