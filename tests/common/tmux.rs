//! A tmux server of the test's own, to drive the real binary in a real
//! terminal: send-keys in, capture-pane out, every wait on a condition.
//!
//! NEEDS tmux. Without it `tmux_available` prints a loud SKIPPED line and
//! the test passes, unless FIELDBOOK_REQUIRE_TMUX is set (CI sets it, and
//! installs tmux).

// Each test file uses part of this.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub fn tmux_available() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var_os("FIELDBOOK_REQUIRE_TMUX").is_some() {
            panic!("tmux is required (FIELDBOOK_REQUIRE_TMUX is set) but not installed");
        }
        eprintln!(
            "\n*** SKIPPED: tmux is not installed; the end-to-end UI tests did not run ***\n"
        );
    }
    ok
}

/// One tmux server of our own (its own socket), killed on drop.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn start(width: u16, height: u16, dir: &Path) -> Tmux {
        // Unique per server: a test may start a second one in the same dir.
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let socket = format!(
            "fieldbook-test-{}-{n}-{}",
            std::process::id(),
            dir.file_name().unwrap().to_string_lossy()
        );
        let tmux = Tmux { socket };
        let status = Command::new("tmux")
            .args([
                "-L",
                &tmux.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "main",
            ])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .args([
                "env",
                "-i",
                "PATH=/usr/bin:/bin",
                "TERM=xterm-256color",
                "LANG=C.UTF-8",
            ])
            .arg(format!("HOME={}", dir.display()))
            .arg(format!("XDG_CONFIG_HOME={}", dir.join("config").display()))
            // The day the binary believes it is: never the wall clock.
            .arg(format!("FIELDBOOK_TODAY={}", super::cli::TODAY))
            .args(["PS1=test-prompt$ ", "bash", "--norc", "--noprofile"])
            .status()
            .unwrap();
        assert!(status.success());
        tmux
    }

    pub fn send(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "main"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    pub fn type_line(&self, line: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "main", "-l", line])
            .status()
            .unwrap();
        assert!(status.success());
        self.send(&["Enter"]);
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "main"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen satisfies `condition`; fails with the screen.
    pub fn wait_for(&self, what: &str, condition: impl Fn(&str) -> bool) -> String {
        let timeout = Duration::from_secs(
            std::env::var("FIELDBOOK_E2E_TIMEOUT")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(15),
        );
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if condition(&screen) {
                return screen;
            }
            if start.elapsed() > timeout {
                panic!("timed out after {timeout:?} waiting for {what}; the screen was:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Starts the real fieldbook on `db` at the shell's prompt; the shell
    /// prints `FIELDBOOK-EXITED-<code>` when it ends.
    pub fn run_fieldbook(&self, db: &Path) {
        self.wait_text("test-prompt$");
        self.type_line(&format!(
            "{} --db {}; echo FIELDBOOK-EXITED-$?",
            env!("CARGO_BIN_EXE_fieldbook"),
            db.display()
        ));
    }

    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(&format!("'{text}'"), |s| s.contains(text))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// Waits until `condition` holds (a file, a row, a process), polling; fails
/// after 20 s naming `what`.
pub fn wait_until(what: &str, condition: impl Fn() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(30));
    }
}
