//! The UI's forms use the same input rules as the CLI (issue 12 parts 5
//! and 7): budgets, currencies, countries and date ranges; and a value saved
//! under older rules, left as it was, does not block editing the record.

use chrono::NaiveDate;

use super::*;
use crate::domain::{Currency, Money};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn set(form: &mut RecordForm, key: &str, value: &str) {
    let f = form.fields.iter_mut().find(|f| f.key == key).unwrap();
    f.value = Value::Text(value.into());
}

fn error_on(form: &RecordForm, key: &str) -> String {
    let errors = form.build(today()).unwrap_err();
    errors
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, m)| m.clone())
        .unwrap_or_else(|| panic!("no error on {key}: {errors:?}"))
}

#[test]
fn budget_country_and_dates_follow_the_input_rules() {
    let mut form = RecordForm::project(Project::new(""), None, Vec::new(), false);
    set(&mut form, "title", "Wells");
    for (budget, says) in [("1,5 USD", "not an amount"), ("5 YEN", "ISO 4217")] {
        set(&mut form, "budget", budget);
        assert!(error_on(&form, "budget").contains(says), "{budget}");
    }
    set(&mut form, "budget", "1500,50 EUR");
    set(&mut form, "country", "Narnia");
    assert!(error_on(&form, "country").contains("not a country"));
    set(&mut form, "country", "tanzania");
    set(&mut form, "start", "0001-01-01");
    assert!(error_on(&form, "start").contains("1900-01-01 to 2200-12-31"));
    set(&mut form, "start", "t");
    match form.build(today()).unwrap() {
        Built::Project(p, _) => {
            assert_eq!(p.budget.unwrap().hundredths, 150_050);
            assert_eq!(p.host_country.as_deref(), Some("TZ"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn values_saved_under_older_rules_do_not_block_an_edit() {
    let mut old = Project::new("Old project");
    old.budget = Some(Money {
        hundredths: 500,
        currency: Currency::stored("YEN"),
    });
    old.host_country = Some("Atlantis".into());
    let mut form = RecordForm::project(old, None, Vec::new(), true);
    set(&mut form, "title", "Old project, renamed");
    match form.build(today()).unwrap() {
        Built::Project(p, _) => {
            assert_eq!(p.budget.unwrap().currency.as_str(), "YEN");
            assert_eq!(p.host_country.as_deref(), Some("Atlantis"));
        }
        other => panic!("{other:?}"),
    }
    // Changed, the value must pass today's rules.
    set(&mut form, "budget", "6 YEN");
    assert!(error_on(&form, "budget").contains("ISO 4217"));
}
