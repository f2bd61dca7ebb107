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
