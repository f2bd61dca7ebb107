//! Calendar dates as a desk officer types them.

use chrono::{Days, Months, NaiveDate};

/// The dates a desk officer can mean. Far outside them is a typo
/// (`-99999y`), and SQLite's date functions cannot store years before 0 or
/// after 9999 at all.
pub const EARLIEST: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
pub const LATEST: NaiveDate = NaiveDate::from_ymd_opt(2200, 12, 31).unwrap();

/// Parses `YYYY-MM-DD` or a shortcut relative to `today`:
/// `t` today, `y` yesterday, `+3d`, `-1w`, `+2m`, `-1y`; the result must lie
/// between `EARLIEST` and `LATEST`.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let date = parse_any_date(input, today)?;
    in_range(date).map_err(|_| {
        let typed = input.trim();
        // A relative date says what it came to: `-99999y` is -97973-12-06.
        let came_to = if typed == date.to_string() {
            String::new()
        } else {
            format!(" ({date})")
        };
        format!("'{typed}'{came_to} is outside the dates fieldbook keeps ({EARLIEST} to {LATEST})")
    })
}

/// `date` itself when it lies between `EARLIEST` and `LATEST`.
pub fn in_range(date: NaiveDate) -> Result<NaiveDate, String> {
    if (EARLIEST..=LATEST).contains(&date) {
        Ok(date)
    } else {
        Err(format!(
            "{date} is outside the dates fieldbook keeps ({EARLIEST} to {LATEST})"
        ))
    }
}

fn parse_any_date(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let s = input.trim();
    match s {
        "" => return Err("is empty; use YYYY-MM-DD, t, y, +3d, -1w or +2m".into()),
        "t" | "today" => return Ok(today),
        "y" | "yesterday" => return Ok(today - Days::new(1)),
        _ => {}
    }
    if let Some(rel) = parse_relative(s, today) {
        return rel;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        // chrono accepts `2026-1-5`; insist on the zero-padded form we print.
        .filter(|_| s.len() == 10)
        .ok_or_else(|| format!("'{s}' is not a date; use YYYY-MM-DD, t, y, +3d, -1w or +2m"))
}

fn parse_relative(s: &str, today: NaiveDate) -> Option<Result<NaiveDate, String>> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1i64, &s[1..]),
        b'-' => (-1i64, &s[1..]),
        _ => return None,
    };
    let unit = rest.chars().last()?;
    let count: u32 = rest[..rest.len() - unit.len_utf8()].parse().ok()?;
    let out_of_range =
        || format!("'{s}' is out of range ({EARLIEST} to {LATEST} are the dates fieldbook keeps)");
    let result = match (unit, sign) {
        ('d', 1) => today.checked_add_days(Days::new(count.into())),
        ('d', _) => today.checked_sub_days(Days::new(count.into())),
        ('w', 1) => today.checked_add_days(Days::new(u64::from(count) * 7)),
        ('w', _) => today.checked_sub_days(Days::new(u64::from(count) * 7)),
        ('m', 1) => today.checked_add_months(Months::new(count)),
        ('m', _) => today.checked_sub_months(Months::new(count)),
        ('y', 1) => today.checked_add_months(Months::new(count.checked_mul(12)?)),
        ('y', _) => today.checked_sub_months(Months::new(count.checked_mul(12)?)),
        _ => return None,
    };
    Some(result.ok_or_else(out_of_range))
}

/// Today in the user's local time zone: a visit logged at 23:30 in Nairobi is
/// still today's visit. `FIELDBOOK_TODAY` (YYYY-MM-DD) pins it, so tests and
/// demonstrations of the real binary never depend on the day they run (the
/// binary refuses a bad value at start, see `pinned_today`).
pub fn local_today() -> NaiveDate {
    match pinned_today() {
        Ok(Some(day)) => day,
        _ => chrono::Local::now().date_naive(),
    }
}

/// The first day of `day`'s month.
pub fn first_of_month(day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    day.with_day(1).unwrap_or(day)
}

/// The month a report is for when none is named: during the first 7 days
/// of a month, the month before (the one being reported on); else this month.
pub fn default_report_month(today: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    let this = first_of_month(today);
    if today.day() <= 7 {
        this.checked_sub_months(chrono::Months::new(1))
            .unwrap_or(this)
    } else {
        this
    }
}

/// The environment variable that pins `local_today`.
pub const TODAY_VAR: &str = "FIELDBOOK_TODAY";

/// The day `FIELDBOOK_TODAY` pins, if it is set; a value that is not a
/// YYYY-MM-DD date is an error that names it.
pub fn pinned_today() -> Result<Option<NaiveDate>, String> {
    let Some(value) = std::env::var_os(TODAY_VAR) else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("{TODAY_VAR}='{text}' is not a date; use YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_report_month_is_the_last_one_early_in_a_month() {
        assert_eq!(default_report_month(d("2026-12-01")), d("2026-11-01"));
        assert_eq!(default_report_month(d("2026-01-07")), d("2025-12-01"));
        assert_eq!(default_report_month(d("2026-12-08")), d("2026-12-01"));
        assert_eq!(default_report_month(d("2026-11-28")), d("2026-11-01"));
    }

    #[test]
    fn shortcuts() {
        let today = d("2026-11-28");
        assert_eq!(parse_date("t", today), Ok(today));
        assert_eq!(parse_date("y", today), Ok(d("2026-11-27")));
        assert_eq!(parse_date("+3d", today), Ok(d("2026-12-01")));
        assert_eq!(parse_date("-1w", today), Ok(d("2026-11-21")));
        assert_eq!(parse_date("+2m", today), Ok(d("2027-01-28")));
        assert_eq!(parse_date("+1y", today), Ok(d("2027-11-28")));
        assert_eq!(parse_date(" 2026-02-28 ", today), Ok(d("2026-02-28")));
    }

    #[test]
    fn dates_stay_in_a_sane_range() {
        let today = d("2026-11-28");
        for bad in [
            "-99999y",
            "+99999y",
            "0001-01-01",
            "9999-12-31",
            "1899-12-31",
            "2201-01-01",
        ] {
            let err = parse_date(bad, today).unwrap_err();
            assert!(err.contains("1900-01-01 to 2200-12-31"), "{bad}: {err}");
        }
        assert_eq!(parse_date("1900-01-01", today), Ok(EARLIEST));
        assert_eq!(parse_date("2200-12-31", today), Ok(LATEST));
        assert!(parse_date("+99999999999y", today).is_err());
    }

    #[test]
    fn month_end_clamps() {
        assert_eq!(parse_date("+1m", d("2026-01-31")), Ok(d("2026-02-28")));
    }

    #[test]
    fn rejects_nonsense_with_a_hint() {
        let today = d("2026-11-28");
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "28/11/2026",
            "2026-1-5",
            "+d",
            "+3x",
            "",
        ] {
            let err = parse_date(bad, today).unwrap_err();
            assert!(
                err.contains("YYYY-MM-DD") || err.contains("range"),
                "{bad}: {err}"
            );
        }
    }
}
