//! Progress on standard error, drawn by indicatif when it is a terminal
//! (phase, count, rate, time left); nothing at all when it is not, so
//! scripts, pipes and CI logs see only what the command prints.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::ops::progress::{Progress, Silent};

/// For a command's work: a bar on a terminal's stderr, else silence.
pub fn on_stderr() -> Box<dyn Progress> {
    if std::io::stderr().is_terminal() {
        Box::new(Bar::default())
    } else {
        Box::new(Silent)
    }
}

/// One indicatif bar, started again at each phase.
#[derive(Default)]
pub struct Bar {
    current: Mutex<Option<ProgressBar>>,
}

impl Bar {
    fn clear(slot: &mut Option<ProgressBar>) {
        if let Some(bar) = slot.take() {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn phase(&self, name: &str, total: Option<u64>) {
        let mut slot = self.current.lock().unwrap_or_else(|e| e.into_inner());
        Self::clear(&mut slot);
        let bar = match total {
            Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
                .with_style(counted()),
            // No count known: a spinner with the time it has taken so far.
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
                .with_style(spinner()),
        };
        bar.set_message(name.to_string());
        bar.enable_steady_tick(Duration::from_millis(100));
        *slot = Some(bar);
    }

    fn advance(&self, steps: u64) {
        if let Some(bar) = self
            .current
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            bar.inc(steps);
        }
    }

    fn finish(&self) {
        Self::clear(&mut self.current.lock().unwrap_or_else(|e| e.into_inner()));
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.finish();
    }
}

/// `writing [=====>    ] 40,000/100,000 12,000/s 5s left (3s)`
fn counted() -> ProgressStyle {
    ProgressStyle::with_template(
        "{msg} [{bar:30}] {human_pos}/{human_len} {rate} {eta} left ({elapsed})",
    )
    .map(|style| {
        style.with_key(
            "rate",
            |state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write| {
                let _ = write!(out, "{}/s", indicatif::HumanCount(state.per_sec() as u64));
            },
        )
    })
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ")
}

/// `reading contacts.vcf ⠋ 3s`
fn spinner() -> ProgressStyle {
    ProgressStyle::with_template("{msg} {spinner} {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

/// Runs `work` with a phase shown the while (a spinner and the time it has
/// taken, on a terminal): for work that cannot count its steps.
pub fn during<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let progress = on_stderr();
    progress.phase(name, None);
    let result = work();
    progress.finish();
    result
}
