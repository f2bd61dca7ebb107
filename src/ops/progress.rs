//! How long work says how far it has got. The store, the exchange code and
//! the operations report through `Progress`; what is shown, and where, is
//! decided at the edge: the command line draws a bar on a terminal's
//! standard error (`cli::progress`), scripts and tests get `Silent`.

/// Receives the phases of a long piece of work and the steps done in each.
/// `Sync`: parts of an import run on several threads.
pub trait Progress: Sync {
    /// A new phase begins (`reading contacts.vcf`, `writing`), with how many
    /// steps it has when that is known; it ends the previous one.
    fn phase(&self, name: &str, total: Option<u64>);
    /// `steps` more steps of the current phase are done.
    fn advance(&self, steps: u64);
    /// The work is over: whatever was drawn is taken away.
    fn finish(&self);
}

/// Shows nothing: for scripts, tests and benchmarks.
pub struct Silent;

impl Progress for Silent {
    fn phase(&self, _name: &str, _total: Option<u64>) {}
    fn advance(&self, _steps: u64) {}
    fn finish(&self) {}
}

/// Advances `progress` once every `every` calls of `tick`, so a loop over
/// a hundred thousand records does not take a lock per record.
pub struct Ticker<'p> {
    progress: &'p dyn Progress,
    every: u64,
    pending: u64,
}

impl<'p> Ticker<'p> {
    pub fn new(progress: &'p dyn Progress, every: u64) -> Ticker<'p> {
        Ticker {
            progress,
            every: every.max(1),
            pending: 0,
        }
    }

    pub fn tick(&mut self) {
        self.pending += 1;
        if self.pending >= self.every {
            self.progress.advance(self.pending);
            self.pending = 0;
        }
    }
}

impl Drop for Ticker<'_> {
    fn drop(&mut self) {
        if self.pending > 0 {
            self.progress.advance(self.pending);
        }
    }
}

/// Keeps what the work reports, for another thread to show: the UI runs an
/// import or a report on a thread of its own and draws `Shared::line` in
/// its message line while it runs.
#[derive(Default)]
pub struct Shared {
    seen: std::sync::Mutex<Seen>,
}

/// The phase under way and how far it has got.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen {
    pub phase: String,
    pub done: u64,
    pub total: Option<u64>,
}

impl Shared {
    /// Progress that says `phase` until the work reports its own.
    pub fn starting(phase: &str) -> Shared {
        let shared = Shared::default();
        shared.phase(phase, None);
        shared
    }

    pub fn seen(&self) -> Seen {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Seen> {
        // Every change is one assignment: a panic cannot leave it half-made.
        self.seen.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Progress for Shared {
    fn phase(&self, name: &str, total: Option<u64>) {
        *self.lock() = Seen {
            phase: name.to_string(),
            done: 0,
            total,
        };
    }

    fn advance(&self, steps: u64) {
        let mut seen = self.lock();
        seen.done = seen.done.saturating_add(steps);
    }

    fn finish(&self) {}
}

impl Seen {
    /// `writing: 12,000 of 30,000 (40%)`, `writing: 1,200`, or the phase
    /// alone while nothing is counted yet; `elapsed` (whole seconds) shows
    /// that work without a count still goes on.
    pub fn line(&self, elapsed: std::time::Duration) -> String {
        let secs = elapsed.as_secs();
        let time = if secs > 0 {
            format!(" ({secs}s)")
        } else {
            String::new()
        };
        match self.total {
            Some(total) if total > 0 => {
                let percent = (self.done.min(total) * 100) / total;
                format!(
                    "{}: {} of {} ({percent}%){time}",
                    self.phase,
                    thousands(self.done),
                    thousands(total)
                )
            }
            _ if self.done > 0 => format!("{}: {}{time}", self.phase, thousands(self.done)),
            _ => format!("{}...{time}", self.phase),
        }
    }
}

/// `30000` as `30,000`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_counted_phase_shows_count_and_percent() {
        let shared = Shared::default();
        shared.phase("writing", Some(30_000));
        shared.advance(12_000);
        assert_eq!(
            shared.seen().line(Duration::from_secs(3)),
            "writing: 12,000 of 30,000 (40%) (3s)"
        );
        shared.phase("indexing and saving", None);
        assert_eq!(shared.seen().line(Duration::ZERO), "indexing and saving...");
        shared.advance(1_234_567);
        assert_eq!(
            shared.seen().line(Duration::ZERO),
            "indexing and saving: 1,234,567"
        );
    }
}
