//! Searching off the UI thread: typing never waits for a query. The worker
//! has its own connection; it answers only the newest request (older ones
//! still queued are dropped), and `update` drops answers to edited queries.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use chrono::NaiveDate;

use crate::store::Store;
use crate::store::views::FollowUpFilter;

use super::effects;
use super::update::{Cmd, Msg};

pub struct SearchWorker {
    requests: Sender<(Cmd, NaiveDate)>,
    pub results: Receiver<Msg>,
    /// Requests sent and not yet answered (some may be dropped as stale).
    pub pending: bool,
}

impl SearchWorker {
    pub fn spawn(db: &Path) -> anyhow::Result<SearchWorker> {
        let mut store = Store::open(db)?;
        let (requests, inbox) = mpsc::channel::<(Cmd, NaiveDate)>();
        let (outbox, results) = mpsc::channel();
        thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                while let Ok(mut request) = inbox.recv() {
                    // Only the newest query matters.
                    while let Ok(newer) = inbox.try_recv() {
                        request = newer;
                    }
                    let (cmd, today) = request;
                    let msg = effects::run(&mut store, cmd, today, FollowUpFilter::Open);
                    if outbox.send(msg).is_err() {
                        break;
                    }
                }
            })?;
        Ok(SearchWorker {
            requests,
            results,
            pending: false,
        })
    }

    pub fn send(&mut self, cmd: Cmd, today: NaiveDate) {
        self.pending = self.requests.send((cmd, today)).is_ok();
    }
}
