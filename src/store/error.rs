use std::path::PathBuf;

use crate::domain::{Id, Invalid, RecordKind};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Everything that can go wrong with the database, each worded for the person
/// at the keyboard: what is wrong and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{} is a directory, not a database file; pass a file path such as {}", path.display(), path.join("fieldbook.db").display())]
    IsDirectory { path: PathBuf },

    #[error("{} is {what}, not a database file; pass the path of a fieldbook database file", path.display())]
    NotAFile { path: PathBuf, what: &'static str },

    #[error("{} is not a fieldbook database (not a SQLite file); check the path. The file was left unchanged", path.display())]
    NotSqlite { path: PathBuf },

    #[error("{} is another application's SQLite database ({detail}); pass a different --db path. The file was left unchanged", path.display())]
    ForeignDatabase { path: PathBuf, detail: String },

    #[error("{} was written by a newer fieldbook (schema {found}; this one knows up to {supported}); upgrade fieldbook. The file was left unchanged", path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("{} looks damaged: its schema version says {says} but it has the schema of {has}; nothing was changed; see `fieldbook check`", path.display())]
    SchemaMismatch { path: PathBuf, says: i64, has: i64 },

    #[error("{} cannot be written ({reason}); check its permissions or pass another --db path", path.display())]
    NotWritable { path: PathBuf, reason: String },

    #[error("{} is locked by another program writing to it (fieldbook loading demo data, for example); try again when it has finished. Nothing was changed", path.display())]
    Busy { path: PathBuf },

    #[error("{} is open in another program (a fieldbook window, the sqlite3 shell, a backup tool); close it and try again. Nothing was changed", path.display())]
    InUse { path: PathBuf },

    #[error("{} is the database itself; restore takes a backup of it, not the book. Nothing was changed", path.display())]
    RestoreOntoItself { path: PathBuf },

    #[error("{what} failed: {source}. The book at {} is as it was; {kept}", path.display())]
    Replace {
        what: &'static str,
        path: PathBuf,
        kept: String,
        source: std::io::Error,
    },

    #[error("{} is encrypted; give its passphrase when asked, or set FIELDBOOK_PASSPHRASE", path.display())]
    Encrypted { path: PathBuf },

    #[error("wrong passphrase for {}; the file was left unchanged", path.display())]
    WrongPassphrase { path: PathBuf },

    #[error(
        "this fieldbook was built without encryption; build it with `cargo build --release --features encryption`"
    )]
    NoEncryption,

    #[error("{} looks damaged ({detail}); run `fieldbook check` for details", path.display())]
    Corrupt { path: PathBuf, detail: String },

    #[error("cannot use {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("invalid {}: {errors}", kind.label())]
    Invalid { kind: RecordKind, errors: Invalid },

    #[error("no {} with id {id}", kind.label())]
    NotFound { kind: RecordKind, id: Id },

    #[error("{}", sqlite_words(.0))]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    pub(crate) fn invalid(kind: RecordKind, errors: Invalid) -> StoreError {
        StoreError::Invalid { kind, errors }
    }
}

impl StoreError {
    /// The file itself is damaged (a corrupt page, not a database): nothing
    /// more should be written to it.
    pub fn is_damage(&self) -> bool {
        match self {
            StoreError::Corrupt { .. } | StoreError::NotSqlite { .. } => true,
            StoreError::Sqlite(e) => matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
            ),
            _ => false,
        }
    }
}

/// SQLite's failures a person can act on, in plain words (the UI shows this
/// text; the CLI adds the file's name, see `cli/errors.rs`). SQLite's own
/// text says the same thing twice ("database or disk is full: Error code 13:
/// database or disk is full").
fn sqlite_words(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => {
            "the disk is full; the change was not saved. Free some space and try again".into()
        }
        Some(ErrorCode::SystemIoFailure) => {
            "the disk reported an error; the change was not saved".into()
        }
        _ => format!("database error: {e}"),
    }
}
