//! A follow-up without a date ("By when" is optional in its form) has a
//! row in the Follow-ups list like any other (it used to be a database
//! error: "Invalid column type Null", and the list showed "...").

use chrono::NaiveDate;
use fieldbook::domain::{FollowUp, RecordKind};
use fieldbook::store::Store;
use fieldbook::store::views::FollowUpFilter;

#[test]
fn a_follow_up_without_a_date_has_a_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("f.db")).unwrap();
    let undated = FollowUp::new("Call the port office");
    store.write(|tx| tx.save_follow_up(&undated)).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let reader = store.read();
    let keys = reader
        .list_keys(RecordKind::FollowUp, FollowUpFilter::Open)
        .unwrap();
    assert_eq!(keys.len(), 1);
    let rows = reader
        .list_rows(RecordKind::FollowUp, &keys, today)
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, undated.meta.id);
    assert!(rows[0].columns.iter().any(|c| c == "Call the port office"));
    assert!(!rows[0].overdue, "no date: never overdue");
}
