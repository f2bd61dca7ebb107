//! The one import: read a file, plan it against the book (with the desk's
//! `default_country` from config.toml), preview, apply in one transaction
//! that also records what it wrote (so that it can be undone as one), and
//! say what was done. `fieldbook import` and the UI's `I` both run it, so
//! the preview, the summary and the behaviour are the same everywhere.

use std::path::Path;

use super::progress::Progress;
use crate::domain::Id;
use crate::exchange::csv_in::{self, CsvError};
use crate::exchange::plan::{self, Applied, ApplyError, Choice, Plan};
use crate::exchange::{ExchangeError, Format, files, format_of, json, matched, vcard};
use crate::store::{ImportUndone, LastImport, Store, StoreError, UndoImport};

/// A file read and its format known.
pub struct Input {
    /// The file as the person named it.
    pub name: String,
    pub text: String,
    pub format: Format,
    /// `Shift_JIS` when the file was converted to UTF-8 from it.
    pub converted_from: Option<&'static str>,
}

/// An import written.
pub struct Done {
    pub applied: Applied,
    /// The import's id: `undo` takes it back.
    pub import: Id,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ExchangeError),
    #[error(
        "{name}: cannot tell the format (name the file .vcf, .csv or .json, or pass --format vcard, csv or json); nothing was imported"
    )]
    UnknownFormat { name: String },
    #[error("{name}: {error}; nothing was imported")]
    Csv { name: String, error: CsvError },
    #[error("{name}: {error}; nothing was imported")]
    Export { name: String, error: String },
    /// Records that cannot be imported, and no leave to skip them.
    #[error(
        "{name}: {count} record(s) cannot be imported (listed in the preview); nothing was imported. Fix them, or pass --skip-invalid to import the rest"
    )]
    Invalid { name: String, count: usize },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads the file and tells its format: from `format`, else the extension,
/// else the first bytes.
pub fn read(
    path: &Path,
    format: Option<Format>,
    progress: &dyn Progress,
) -> Result<Input, ImportError> {
    let name = path.display().to_string();
    progress.phase(&format!("reading {name}"), None);
    let decoded = files::read_text(path)?;
    let format = format
        .or_else(|| format_of(path, &decoded.text))
        .ok_or_else(|| ImportError::UnknownFormat { name: name.clone() })?;
    Ok(Input {
        name,
        text: decoded.text,
        format,
        converted_from: decoded.converted_from,
    })
}

/// Parses the contacts of a vCard or CSV input and compares them with the
/// book. National numbers are read in the desk's country (config.toml's
/// `default_country`) when neither the contact nor its organization has one.
pub fn plan(
    store: &Store,
    input: &Input,
    maps: &[String],
    on_duplicate: Choice,
    progress: &dyn Progress,
) -> Result<Plan, ImportError> {
    let records = parse(input, maps, progress)?;
    compare(store, input, records, on_duplicate, progress)
}

/// The records of a vCard or CSV input (`plan`'s first half).
pub fn parse(
    input: &Input,
    maps: &[String],
    progress: &dyn Progress,
) -> Result<Records, ImportError> {
    progress.phase(&format!("reading the records of {}", input.name), None);
    Ok(match input.format {
        Format::Csv => csv_in::parse(&input.text, maps).map_err(|error| ImportError::Csv {
            name: input.name.clone(),
            error,
        })?,
        _ => vcard::parse(&input.text),
    })
}

/// The records compared with the book (`plan`'s second half).
pub fn compare(
    store: &Store,
    input: &Input,
    records: Records,
    on_duplicate: Choice,
    progress: &dyn Progress,
) -> Result<Plan, ImportError> {
    progress.phase("comparing with the book", None);
    let (desk, config_problem) = desk_country();
    let keys = store.read().contact_keys()?;
    let mut plan = plan::plan_in(&keys, records, on_duplicate, desk.as_deref());
    if let Some(encoding) = input.converted_from {
        plan.notices.insert(
            0,
            format!(
                "{}: read as {encoding} text (converted to UTF-8)",
                input.name
            ),
        );
    }
    plan.notices.extend(config_problem);
    plan.source = input.name.clone();
    Ok(plan)
}

/// Parsed records (each one a contact, or what is wrong with it) and what
/// the reader said about the file as a whole.
pub use crate::exchange::incoming::Records;

/// The preview: what would be created, linked, merged or skipped, and
/// why not; `list_matches: false` gives the counts only (`--quiet`).
pub fn preview(plan: &Plan, list_matches: bool) -> String {
    plan::preview_with(&plan.source, plan, list_matches)
}

/// Writes the plan in one transaction and records what it wrote there, so
/// that `undo` can take it back. Invalid records refuse the whole import
/// unless `skip_invalid`.
pub fn apply(
    store: &mut Store,
    plan: &Plan,
    skip_invalid: bool,
    progress: &dyn Progress,
) -> Result<Done, ImportError> {
    let mut import = None;
    let applied = plan::apply_then(store, plan, skip_invalid, progress, |tx, done| {
        let written = &done.written;
        import = Some(tx.record_import(
            &plan.source,
            &written.organizations,
            &written.contacts,
            &written.notes,
            &written.merged_from,
        )?);
        Ok(())
    })
    .map_err(|e| match e {
        ApplyError::Invalid { count } => ImportError::Invalid {
            name: plan.source.clone(),
            count,
        },
        ApplyError::Store(e) => ImportError::Store(e),
    })?;
    progress.finish();
    let import = import.expect("apply_then runs `then` before it commits");
    Ok(Done { applied, import })
}

/// What was done, in one sentence (the UI's message line, the CLI's
/// summary).
pub fn summary(done: &Done) -> String {
    let a = &done.applied;
    let left_out = if a.invalid_skipped > 0 {
        format!(
            "; {} invalid record(s) left out (listed in the preview)",
            a.invalid_skipped
        )
    } else {
        String::new()
    };
    format!(
        "Imported: {} new contact(s), {} merged, {} skipped, {} new organization(s), {} note(s){left_out}.",
        a.created, a.merged, a.skipped, a.organizations_created, a.notes
    )
}

/// After the summary: every record skipped or merged, and every possible
/// duplicate imported, one line each.
pub fn matched_lines(plan: &Plan) -> Vec<String> {
    matched::summary(plan)
}

/// A fieldbook JSON export, read.
pub struct Export {
    name: String,
    book: json::Book,
}

/// Reads a fieldbook JSON export (nothing written yet).
pub fn read_export(input: &Input) -> Result<Export, ImportError> {
    let book = json::read(&input.text).map_err(|error| ImportError::Export {
        name: input.name.clone(),
        error,
    })?;
    Ok(Export {
        name: input.name.clone(),
        book,
    })
}

/// How many records the export holds (its preview).
pub fn export_preview(export: &Export) -> String {
    let book = &export.book;
    let records = book.organizations.len()
        + book.contacts.len()
        + book.projects.len()
        + book.visits.len()
        + book.consultations.len()
        + book.follow_ups.len()
        + book.notes.len()
        + book.events.len();
    format!("{}: fieldbook export, {records} record(s)", export.name)
}

/// Writes the export's records back, each with its id, in one transaction;
/// returns what to say. (Not recorded as an import to undo: the records it
/// brings back are the export's own, often a book's only copy.)
pub fn restore_export(store: &mut Store, export: &Export) -> Result<String, ImportError> {
    let done = json::restore(store, &export.book).map_err(|e| ImportError::Export {
        name: export.name.clone(),
        error: e.to_string(),
    })?;
    let already = if done.already_there > 0 {
        format!(
            "; {} already in the book, left as they are",
            done.already_there
        )
    } else {
        String::new()
    };
    Ok(format!(
        "Imported {} record(s) with their ids{already}.",
        done.records
    ))
}

/// Undoes the last import (`expected`: only if it is that one), in one
/// transaction; `Err` carries the sentence that says why not.
pub fn undo(
    store: &mut Store,
    expected: Option<Id>,
    progress: &dyn Progress,
) -> Result<String, UndoRefused> {
    let outcome = store.undo_import(expected, progress)?;
    progress.finish();
    match outcome {
        UndoImport::Undone { import, undone } => Ok(undone_sentence(&import, &undone)),
        UndoImport::Nothing => Err(UndoRefused::Nothing),
        UndoImport::NotLast { last } => Err(UndoRefused::NotLast {
            file: last.source.clone(),
            at: when(&last),
        }),
        UndoImport::Changed { import, changed } => Err(UndoRefused::Changed {
            file: import.source.clone(),
            at: when(&import),
            changed: changed.join("; "),
        }),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UndoRefused {
    #[error("there is no import to undo; nothing was changed")]
    Nothing,
    #[error(
        "the last import is now {file} ({at}), not the one to undo; nothing was changed (fieldbook import --undo undoes the last one)"
    )]
    NotLast { file: String, at: String },
    #[error(
        "the import of {file} ({at}) cannot be undone: records it wrote were changed since: {changed}. Nothing was changed; put them back as they were, or move the records to the trash one by one"
    )]
    Changed {
        file: String,
        at: String,
        changed: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn undone_sentence(import: &LastImport, undone: &ImportUndone) -> String {
    format!(
        "Undid the import of {} ({}): {} contact(s), {} organization(s) and {} note(s) moved to the trash, {} merged contact(s) put back as they were.",
        import.source,
        when(import),
        undone.contacts,
        undone.organizations,
        undone.notes,
        undone.merges
    )
}

/// When an import ran, in the desk's local time.
fn when(import: &LastImport) -> String {
    import
        .at
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The desk's country from config.toml (`default_country`), and what is
/// wrong with the file when it cannot be read (then no country).
fn desk_country() -> (Option<String>, Option<String>) {
    match crate::config::load(crate::config::default_config_path().as_deref()) {
        Ok(config) => (config.default_country, None),
        Err((_, message)) => (None, Some(message)),
    }
}
