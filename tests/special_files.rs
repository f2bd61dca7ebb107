//! Files that are not regular files (a FIFO, a socket, a device) given as the
//! book (`--db`) or to `import`: refused at once with a message naming the
//! path and what it is. Opening a FIFO for reading waits for a writer, so
//! every run here has a timeout: a regression fails instead of hanging.

#![cfg(unix)]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

mod common;
use common::cli::fieldbook;

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs `fieldbook --db db ARGS` with a deadline; returns its stderr.
fn refused_at_once(db: &Path, args: &[&str], expect: &str) {
    let out = fieldbook(db)
        .args(args)
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{args:?} (killed if None): {stderr}"
    );
    assert!(
        stderr.contains(expect),
        "{args:?}: expected '{expect}' in: {stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_fifo_as_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("book.db");
    mkfifo(&fifo);
    let expect = format!(
        "{} is a FIFO (named pipe), not a database file",
        fifo.display()
    );
    refused_at_once(&fifo, &["stats"], &expect);
    // The bare UI refuses before it takes the terminal over.
    refused_at_once(&fifo, &[], &expect);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "nothing created beside it: {names:?}");
}

#[test]
fn a_socket_as_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("book.db");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    refused_at_once(
        &socket,
        &["stats"],
        &format!("{} is a socket, not a database file", socket.display()),
    );
}

#[test]
fn a_fifo_to_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    for name in ["contacts.vcf", "contacts.csv", "export.json", "contacts"] {
        let fifo = dir.path().join(name);
        mkfifo(&fifo);
        let mut args = vec!["import", fifo.to_str().unwrap()];
        if name == "contacts" {
            args.extend(["--format", "csv"]);
        }
        refused_at_once(
            &db,
            &args,
            &format!(
                "{}: this is a FIFO (named pipe), not a file",
                fifo.display()
            ),
        );
    }
}

#[test]
fn a_device_to_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    refused_at_once(
        &db,
        &["import", "/dev/null", "--format", "vcard"],
        "/dev/null: this is a character device, not a file",
    );
}
