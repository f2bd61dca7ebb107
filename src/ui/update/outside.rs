//! News from outside the keyboard, which the runtime passes in as messages:
//! a new day, the daily backup's report.

use chrono::NaiveDate;

use crate::ui::action::Action;
use crate::ui::backups::Report;
use crate::ui::state::{App, Message};

use super::{Cmd, on_action};

/// A new day: what is overdue and what `t` means change, so everything is
/// loaded again (as the reload key does).
pub(super) fn on_new_day(app: &mut App, today: NaiveDate) -> Vec<Cmd> {
    app.today = today;
    on_action(app, Action::Reload)
}

/// The dashboard's line about backups on another disk, and any problem in
/// the message line: a failed backup must not go unnoticed.
pub(super) fn on_backup(app: &mut App, report: Report) -> Vec<Cmd> {
    app.backup_notice = report.notice;
    if !report.problems.is_empty() {
        app.message = Some(Message {
            text: report.problems.join("; "),
            is_error: true,
        });
    }
    vec![]
}
