//! Attachments and the file system, for the command line and the UI alike:
//! reading a file to attach (refused whole, naming the file, before
//! anything is written) and opening one with the system's viewer.

use std::path::{Path, PathBuf};

use crate::domain::Attachment;
use crate::domain::attachment::check_size;

/// Overrides the viewer (`xdg-open` / `open`): a program to run with the
/// file's path, or empty for none (the file is only written out).
pub const OPENER_ENV: &str = "FIELDBOOK_OPENER";

/// The file's name and contents, or why it cannot be attached, naming it.
/// The size is checked before reading: a 4 GB file is never read.
pub fn read_file(path: &Path) -> anyhow::Result<(String, Vec<u8>)> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            anyhow::anyhow!("{shown}: no such file; nothing was attached")
        }
        _ => anyhow::anyhow!("{shown}: {e}; nothing was attached"),
    })?;
    if meta.is_dir() {
        anyhow::bail!("{shown} is a directory, not a file; nothing was attached");
    }
    if !meta.is_file() {
        anyhow::bail!("{shown} is not a regular file; nothing was attached");
    }
    check_size(meta.len()).map_err(|e| anyhow::anyhow!("{shown} {e}; nothing was attached"))?;
    let data =
        std::fs::read(path).map_err(|e| anyhow::anyhow!("{shown}: {e}; nothing was attached"))?;
    // Read again in case it grew or shrank since the size was checked.
    check_size(data.len() as u64)
        .map_err(|e| anyhow::anyhow!("{shown} {e}; nothing was attached"))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| anyhow::anyhow!("{shown} has no file name; nothing was attached"))?;
    Ok((name, data))
}

/// Writes the file to a private folder under the system's temporary
/// folder and opens it with the viewer, if there is one; says what it did.
pub fn open(a: &Attachment, data: &[u8]) -> anyhow::Result<String> {
    let path = write_temp(a, data)?;
    let shown = crate::domain::text::clean(&a.name);
    match viewer() {
        Some(program) => {
            let mut child = std::process::Command::new(&program)
                .arg(&path)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .map_err(|e| {
                    anyhow::anyhow!(
                        "{program} could not be started ({e}); {shown} is at {}",
                        path.display()
                    )
                })?;
            // Reaped in the background: a viewer may stay open for hours.
            std::thread::spawn(move || child.wait());
            Ok(format!(
                "opened {shown} with {program} (a copy is at {})",
                path.display()
            ))
        }
        None => Ok(format!(
            "no viewer (xdg-open or open) found; {shown} was written to {}",
            path.display()
        )),
    }
}

/// `<tmp>/fieldbook-<uid>/<attachment id>/<name>`: one folder per
/// attachment, so two files named `scan.pdf` never replace each other,
/// and opening the same one twice rewrites its own copy only.
fn write_temp(a: &Attachment, data: &[u8]) -> anyhow::Result<PathBuf> {
    let base = std::env::temp_dir().join(format!("fieldbook-{}", user_tag()));
    let dir = base.join(a.meta.id.simple().to_string());
    for d in [&base, &dir] {
        if !d.exists() {
            crate::durable::create_private_dir(d)
                .map_err(|e| anyhow::anyhow!("cannot make {}: {e}", d.display()))?;
        }
    }
    let name: String = a
        .name
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let path = dir.join(name);
    crate::durable::write_file(&path, |temp| -> anyhow::Result<()> {
        std::fs::write(temp, data)?;
        Ok(())
    })?;
    Ok(path)
}

fn user_tag() -> String {
    std::env::var("USER").unwrap_or_else(|_| "user".into())
}

/// The program that opens files here: `FIELDBOOK_OPENER` when set, else
/// `open` on macOS, else `xdg-open` when it is on the PATH.
fn viewer() -> Option<String> {
    if let Ok(chosen) = std::env::var(OPENER_ENV) {
        return Some(chosen).filter(|c| !c.trim().is_empty());
    }
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .any(|dir| dir.join(program).is_file())
        .then(|| program.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("gone.jpg");
        let e = read_file(&missing).unwrap_err().to_string();
        assert!(e.contains("gone.jpg: no such file"), "{e}");
        let e = read_file(dir.path()).unwrap_err().to_string();
        assert!(e.contains("is a directory"), "{e}");
        let empty = dir.path().join("empty.pdf");
        std::fs::write(&empty, b"").unwrap();
        let e = read_file(&empty).unwrap_err().to_string();
        assert!(e.contains("empty.pdf is empty (0 bytes)"), "{e}");
    }
}
