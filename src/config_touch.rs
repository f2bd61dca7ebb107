//! The `[keep_in_touch]` table of the config file:
//!
//! ```toml
//! [keep_in_touch]
//! days = 90            # everyone, unless a tag says otherwise
//! [keep_in_touch.tags]
//! partner = 60         # people (or whose organization is) tagged partner
//! ministry = 30
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::domain::TouchRules;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTouch {
    days: Option<i64>,
    #[serde(default)]
    tags: BTreeMap<String, i64>,
}

/// The longest period that makes sense: ten years.
const MAX_DAYS: i64 = 3650;

pub(super) fn rules(raw: RawTouch, text: &str) -> Result<TouchRules, String> {
    let check = |key: &str, days: i64| -> Result<u32, String> {
        u32::try_from(days)
            .ok()
            .filter(|d| (1..=MAX_DAYS as u32).contains(d))
            .ok_or_else(|| {
                format!(
                    "line {}: keep_in_touch {key} must be a number of days from 1 to {MAX_DAYS}, not {days}",
                    super::find_line(text, key)
                )
            })
    };
    let mut rules = TouchRules::default();
    if let Some(days) = raw.days {
        rules.default_days = check("days", days)?;
    }
    for (tag, days) in raw.tags {
        let days = check(&tag, days)?;
        rules.by_tag.insert(tag.trim().to_lowercase(), days);
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    #[test]
    fn default_and_tag_periods_are_read_and_checked() {
        let config =
            parse("[keep_in_touch]\ndays = 120\n[keep_in_touch.tags]\nPartner = 60\n").unwrap();
        assert_eq!(config.keep_in_touch.default_days, 120);
        assert_eq!(config.keep_in_touch.by_tag.get("partner"), Some(&60));
        let config = parse("theme = \"dark\"\n").unwrap();
        assert_eq!(config.keep_in_touch.default_days, 90);
        let err = parse("[keep_in_touch.tags]\n\npartner = 0\n").unwrap_err();
        assert!(
            err.starts_with("line 3: keep_in_touch partner must be"),
            "{err}"
        );
        let err = parse("[keep_in_touch]\nweeks = 3\n").unwrap_err();
        assert!(err.starts_with("line 2"), "{err}");
    }
}
