//! Where the database lives: `--db PATH`, else `FIELDBOOK_DB`, else
//! `fieldbook.db` in the platform data directory.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;

pub const DB_ENV: &str = "FIELDBOOK_DB";
pub const DB_FILE_NAME: &str = "fieldbook.db";

#[derive(Debug, thiserror::Error)]
pub enum PathError {
    #[error("cannot find a home directory for the data; pass --db PATH or set {DB_ENV}")]
    NoHome,
    #[error("cannot create the data directory {}: {source}; pass --db PATH or set {DB_ENV}", path.display())]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The platform's directories for fieldbook (`~/.local/share/fieldbook` and
/// `~/.config/fieldbook` on Linux).
pub fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("org", "fieldbook", "fieldbook")
}

/// Decides which database file to use. An explicit flag wins over the
/// environment, which wins over the default.
pub fn resolve_db_path(flag: Option<&Path>, env: Option<&str>) -> Result<PathBuf, PathError> {
    if let Some(path) = flag {
        return Ok(path.to_path_buf());
    }
    if let Some(path) = env.filter(|s| !s.trim().is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let dirs = project_dirs().ok_or(PathError::NoHome)?;
    let dir = dirs.data_dir();
    create_private_dir(dir)?;
    Ok(dir.join(DB_FILE_NAME))
}

/// Creates the data directory, readable by its owner only.
pub fn create_private_dir(dir: &Path) -> Result<(), PathError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|source| PathError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })
}

/// What a path is when it is not a regular file (`stat` follows symbolic
/// links): such a path is refused by name, and never opened; opening a FIFO
/// for reading waits for a writer, forever.
pub fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
    }
    Some("something other than a regular file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_env() {
        let got = resolve_db_path(Some(Path::new("/tmp/a.db")), Some("/tmp/b.db")).unwrap();
        assert_eq!(got, PathBuf::from("/tmp/a.db"));
        let got = resolve_db_path(None, Some("/tmp/b.db")).unwrap();
        assert_eq!(got, PathBuf::from("/tmp/b.db"));
    }
}
