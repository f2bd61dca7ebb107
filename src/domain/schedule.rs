//! Proposing a project's reporting schedule from its start and end dates:
//! quarterly reports and quarterly expenditure reports after each quarter's
//! end, monthly reports after each month's end if asked, and the completion
//! report after the project's end. How many days after is the user's
//! setting (`[schedule]` in config.toml), never a constant here.

use chrono::{Datelike, Days, NaiveDate};

use super::deliverable::DeliverableKind;

/// Days after a period's end that each report is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offsets {
    pub quarterly_report_days: u32,
    pub expenditure_report_days: u32,
    pub monthly_report_days: u32,
    pub completion_report_days: u32,
}

impl Default for Offsets {
    /// The defaults documented in the README's Configuration section.
    fn default() -> Self {
        Offsets {
            quarterly_report_days: 15,
            expenditure_report_days: 15,
            monthly_report_days: 10,
            completion_report_days: 30,
        }
    }
}

/// Which reports to propose; the completion report always is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cadence {
    pub quarterly: bool,
    pub monthly: bool,
}

/// One deliverable the schedule would add.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proposal {
    pub kind: DeliverableKind,
    pub period_end: NaiveDate,
    pub due_date: NaiveDate,
}

/// Why no schedule can be proposed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the project has no start date; set one before proposing its schedule")]
    NoStart,
    #[error("the project has no end date; set one before proposing its schedule")]
    NoEnd,
    #[error("the project ends ({end}) before it starts ({start})")]
    EndsBeforeStart { start: NaiveDate, end: NaiveDate },
}

/// The schedule for a project running from `start` to `end` (inclusive).
/// Periods that end on or after the project's end are covered by the
/// completion report, so a project shorter than a quarter gets only that.
/// Sorted by due date, then by kind.
pub fn propose(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    cadence: Cadence,
    offsets: &Offsets,
) -> Result<Vec<Proposal>, Refusal> {
    let start = start.ok_or(Refusal::NoStart)?;
    let end = end.ok_or(Refusal::NoEnd)?;
    if end < start {
        return Err(Refusal::EndsBeforeStart { start, end });
    }
    let mut out = Vec::new();
    for month_end in month_ends(start, end) {
        let quarter_end = month_end.month() % 3 == 0;
        if cadence.quarterly && quarter_end {
            out.push(after(
                DeliverableKind::QuarterlyReport,
                month_end,
                offsets.quarterly_report_days,
            ));
            out.push(after(
                DeliverableKind::QuarterlyExpenditureReport,
                month_end,
                offsets.expenditure_report_days,
            ));
        }
        if cadence.monthly {
            out.push(after(
                DeliverableKind::MonthlyReport,
                month_end,
                offsets.monthly_report_days,
            ));
        }
    }
    out.push(after(
        DeliverableKind::CompletionReport,
        end,
        offsets.completion_report_days,
    ));
    out.sort_by_key(|p| (p.due_date, p.kind));
    Ok(out)
}

/// Splits `proposals` into those not yet in the book and those already
/// there (the same kind for the same period).
pub fn without_present(
    proposals: Vec<Proposal>,
    present: &[(DeliverableKind, Option<NaiveDate>)],
) -> (Vec<Proposal>, Vec<Proposal>) {
    proposals
        .into_iter()
        .partition(|p| !present.contains(&(p.kind, Some(p.period_end))))
}

fn after(kind: DeliverableKind, period_end: NaiveDate, days: u32) -> Proposal {
    Proposal {
        kind,
        period_end,
        due_date: period_end
            .checked_add_days(Days::new(days.into()))
            .unwrap_or(NaiveDate::MAX),
    }
}

/// The last days of the months that end on or after `start` and strictly
/// before `end`.
fn month_ends(start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut month = NaiveDate::from_ymd_opt(start.year(), start.month(), 1);
    while let Some(first) = month {
        let Some(next) = first.checked_add_months(chrono::Months::new(1)) else {
            break;
        };
        let last = next.pred_opt().unwrap_or(first);
        if last >= end {
            break;
        }
        out.push(last);
        month = Some(next);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeliverableKind::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const QUARTERLY: Cadence = Cadence {
        quarterly: true,
        monthly: false,
    };

    fn plan(
        start: NaiveDate,
        end: NaiveDate,
        cadence: Cadence,
    ) -> Vec<(DeliverableKind, NaiveDate, NaiveDate)> {
        propose(Some(start), Some(end), cadence, &Offsets::default())
            .unwrap()
            .into_iter()
            .map(|p| (p.kind, p.period_end, p.due_date))
            .collect()
    }

    #[test]
    fn quarter_ends_plus_offsets_then_completion() {
        let got = plan(day(2027, 2, 10), day(2027, 9, 30), QUARTERLY);
        assert_eq!(
            got,
            vec![
                (QuarterlyReport, day(2027, 3, 31), day(2027, 4, 15)),
                (
                    QuarterlyExpenditureReport,
                    day(2027, 3, 31),
                    day(2027, 4, 15)
                ),
                (QuarterlyReport, day(2027, 6, 30), day(2027, 7, 15)),
                (
                    QuarterlyExpenditureReport,
                    day(2027, 6, 30),
                    day(2027, 7, 15)
                ),
                // The quarter ending with the project is the completion report's.
                (CompletionReport, day(2027, 9, 30), day(2027, 10, 30)),
            ]
        );
    }

    #[test]
    fn month_ends_are_real_month_ends_across_a_leap_year() {
        let cadence = Cadence {
            quarterly: false,
            monthly: true,
        };
        let got = plan(day(2028, 1, 15), day(2028, 4, 10), cadence);
        let periods: Vec<_> = got.iter().map(|g| (g.0, g.1)).collect();
        assert_eq!(
            periods,
            vec![
                (MonthlyReport, day(2028, 1, 31)),
                (MonthlyReport, day(2028, 2, 29)),
                (MonthlyReport, day(2028, 3, 31)),
                (CompletionReport, day(2028, 4, 10)),
            ]
        );
        // 2027 is not a leap year: February ends on the 28th; +10 days.
        let got = plan(day(2027, 2, 1), day(2027, 3, 5), cadence);
        assert_eq!(got[0], (MonthlyReport, day(2027, 2, 28), day(2027, 3, 10)));
    }

    #[test]
    fn a_project_shorter_than_a_quarter_gets_only_its_completion_report() {
        let got = plan(day(2027, 4, 1), day(2027, 6, 20), QUARTERLY);
        assert_eq!(
            got,
            vec![(CompletionReport, day(2027, 6, 20), day(2027, 7, 20))]
        );
    }

    #[test]
    fn offsets_come_from_the_settings() {
        let offsets = Offsets {
            quarterly_report_days: 30,
            expenditure_report_days: 45,
            monthly_report_days: 5,
            completion_report_days: 60,
        };
        let got = propose(
            Some(day(2027, 12, 1)),
            Some(day(2028, 1, 31)),
            QUARTERLY,
            &offsets,
        )
        .unwrap();
        let dues: Vec<_> = got.iter().map(|p| (p.kind, p.due_date)).collect();
        assert_eq!(
            dues,
            vec![
                (QuarterlyReport, day(2028, 1, 30)),
                (QuarterlyExpenditureReport, day(2028, 2, 14)),
                (CompletionReport, day(2028, 3, 31)),
            ]
        );
    }

    #[test]
    fn no_end_date_is_refused_clearly() {
        let err = propose(Some(day(2027, 1, 1)), None, QUARTERLY, &Offsets::default());
        assert_eq!(err, Err(Refusal::NoEnd));
        assert!(Refusal::NoEnd.to_string().contains("no end date"));
        let err = propose(None, Some(day(2027, 1, 1)), QUARTERLY, &Offsets::default());
        assert_eq!(err, Err(Refusal::NoStart));
    }

    #[test]
    fn proposals_already_present_are_set_aside() {
        let got = propose(
            Some(day(2027, 1, 1)),
            Some(day(2027, 6, 30)),
            QUARTERLY,
            &Offsets::default(),
        )
        .unwrap();
        let present = [(QuarterlyReport, Some(day(2027, 3, 31)))];
        let (new, skipped) = without_present(got, &present);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].kind, QuarterlyReport);
        assert_eq!(new.len(), 2);
    }
}
