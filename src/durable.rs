//! Files that appear whole or not at all: written under a temporary name
//! beside their destination, synced, then renamed into place, with the
//! folder synced after the rename so the new name itself survives a power
//! cut. Shared by backups, restores, exports and reports.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Why an output path cannot be used; worded for the person who typed it.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "{} is {what}, not a regular file; fieldbook only writes to a new path or over a regular file. Nothing was written",
        path.display()
    )]
    NotRegular { path: PathBuf, what: &'static str },
    #[error(
        "{} is the fieldbook database in use (or its journal); writing there would replace it. Pass another path. Nothing was written",
        path.display()
    )]
    OpenBook { path: PathBuf },
    #[error(
        "{} already exists and is a folder; pass --force to move it aside, or another --out. Nothing was written",
        path.display()
    )]
    FolderExists { path: PathBuf },
    #[error("cannot write {}: {source}. Nothing was written", path.display())]
    Io { path: PathBuf, source: io::Error },
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What is at `path`, in words, when it is anything but a regular file:
/// a symbolic link (never followed: a rename would replace the link), a
/// directory, a FIFO, a device. `lstat` only: a FIFO is never opened.
fn special_kind(meta: &fs::Metadata) -> Option<&'static str> {
    if meta.file_type().is_symlink() {
        return Some("a symbolic link");
    }
    crate::paths::special_kind(meta)
}

/// Refuses a destination that is anything but absent or a regular file: a
/// rename over `/dev/null` or a symbolic link would replace it.
pub fn check_file_target(path: &Path) -> Result<(), OutputError> {
    match fs::symlink_metadata(path) {
        Ok(meta) if crate::store::is_open_book_file(&meta) => Err(OutputError::OpenBook {
            path: path.to_path_buf(),
        }),
        Ok(meta) => match special_kind(&meta) {
            Some(what) => Err(OutputError::NotRegular {
                path: path.to_path_buf(),
                what,
            }),
            None => Ok(()),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_at(path)(e)),
    }
}

/// `.name.part-PID` beside `path`: hidden, never taken for a finished file,
/// and distinct for two processes writing the same destination.
pub fn temp_sibling(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".part-{}", std::process::id()));
    path.with_file_name(name)
}

/// Whether `name` is one of `temp_sibling`'s names.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with('.') && name.contains(".part-")
}

/// A new file readable by its owner only (exports and backups hold
/// partners' personal data); an old file of that name is replaced.
pub fn create_private_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// A new folder readable by its owner only.
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

/// The folder a path is in (`.` for a bare name).
pub fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Makes the folder's entries (a rename, a new name) durable. Without it a
/// power cut right after a rename may bring back the old name.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()?;
    }
    let _ = dir;
    Ok(())
}

/// Syncs a finished temporary file's bytes to the disk.
pub fn sync_file(path: &Path) -> io::Result<()> {
    OpenOptions::new().read(true).open(path)?.sync_all()
}

/// Puts the finished, synced temporary file `temp` at `dest`, replacing a
/// regular file there, and syncs the folder.
pub fn rename_into_place(temp: &Path, dest: &Path) -> io::Result<()> {
    fs::rename(temp, dest)?;
    sync_dir(parent_of(dest))
}

/// Like `rename_into_place`, but never replaces anything at `dest`: a hard
/// link is made (which fails if the name exists) and the temporary name
/// removed. Filesystems without hard links (FAT on a USB stick) get a
/// check-then-rename, which only another writer racing for the same new
/// name could defeat.
pub fn link_into_place(temp: &Path, dest: &Path) -> io::Result<()> {
    match fs::hard_link(temp, dest) {
        Ok(()) => {
            fs::remove_file(temp)?;
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(e),
        Err(_) => {
            if fs::symlink_metadata(dest).is_ok() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} already exists", dest.display()),
                ));
            }
            fs::rename(temp, dest)?;
        }
    }
    sync_dir(parent_of(dest))
}

/// Writes the file at `path` whole or not at all: `fill` writes into a
/// private temporary file beside it, which is synced and renamed over
/// `path` only when `fill` succeeded. On any failure the temporary file is
/// removed and whatever was at `path` is untouched.
pub fn write_file<E: From<OutputError>>(
    path: &Path,
    fill: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    check_file_target(path)?;
    let temp = temp_sibling(path);
    let result = fill(&temp).and_then(|()| {
        sync_file(&temp)
            .and_then(|()| rename_into_place(&temp, path))
            .map_err(|e| E::from(io_at(path)(e)))
    });
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Writes the folder at `dir` whole or not at all: `fill` writes its files
/// into a private temporary folder beside it, which is renamed into place
/// when complete. An existing folder is refused unless `force`, which moves
/// it aside first (returned, so the caller can say where it went).
pub fn write_dir<E: From<OutputError>>(
    dir: &Path,
    force: bool,
    fill: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<Option<PathBuf>, E> {
    let existing = match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => true,
        Ok(meta) => {
            return Err(OutputError::NotRegular {
                path: dir.to_path_buf(),
                what: special_kind(&meta).unwrap_or("a file"),
            }
            .into());
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(io_at(dir)(e).into()),
    };
    if existing && !force {
        return Err(OutputError::FolderExists {
            path: dir.to_path_buf(),
        }
        .into());
    }
    let temp = temp_sibling(dir);
    let _ = fs::remove_dir_all(&temp);
    create_private_dir(&temp).map_err(|e| E::from(io_at(dir)(e)))?;
    let result = fill(&temp).and_then(|()| {
        sync_all_in(&temp)
            .and_then(|()| {
                let aside = if existing {
                    let aside = aside_name(dir, "before-export");
                    fs::rename(dir, &aside)?;
                    Some(aside)
                } else {
                    None
                };
                fs::rename(&temp, dir)?;
                sync_dir(parent_of(dir))?;
                Ok(aside)
            })
            .map_err(|e| E::from(io_at(dir)(e)))
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&temp);
    }
    result
}

/// Syncs every file in a folder, then the folder.
fn sync_all_in(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() {
            sync_file(&path)?;
        }
    }
    sync_dir(dir)
}

/// `<name>.<what>-<UTC time>` beside `path`, not yet taken.
pub fn aside_name(path: &Path, what: &str) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let mut candidate = path.with_file_name(format!("{name}.{what}-{stamp}"));
    let mut n = 1;
    while fs::symlink_metadata(&candidate).is_ok() {
        n += 1;
        candidate = path.with_file_name(format!("{name}.{what}-{stamp}-{n}"));
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, "old").unwrap();
        let result: Result<(), OutputError> = write_file(&path, |temp| {
            fs::write(temp, "half").unwrap();
            Err(OutputError::Io {
                path: temp.to_path_buf(),
                source: io::Error::other("disk full"),
            })
        });
        assert!(result.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_folder_is_replaced_whole_only_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("export");
        let fill = |temp: &Path| -> Result<(), OutputError> {
            fs::write(temp.join("a.csv"), "a").unwrap();
            Ok(())
        };
        assert_eq!(write_dir(&out, false, fill).unwrap(), None);
        assert!(matches!(
            write_dir(&out, false, fill),
            Err(OutputError::FolderExists { .. })
        ));
        let aside = write_dir(&out, true, fill).unwrap().unwrap();
        assert!(aside.join("a.csv").is_file());
        assert!(out.join("a.csv").is_file());
    }

    #[test]
    fn link_into_place_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let (temp, dest) = (dir.path().join("t"), dir.path().join("d"));
        fs::write(&temp, "new").unwrap();
        fs::write(&dest, "old").unwrap();
        assert!(link_into_place(&temp, &dest).is_err());
        assert_eq!(fs::read_to_string(&dest).unwrap(), "old");
        fs::remove_file(&dest).unwrap();
        link_into_place(&temp, &dest).unwrap();
        assert_eq!(fs::read_to_string(&dest).unwrap(), "new");
        assert!(!temp.exists());
    }
}
