//! Keeping in touch: how often the desk should hear from a person, by
//! default and per tag (`partner` every 60 days). A person's period is the
//! shortest of the periods of their tags and their organization's tags;
//! with no tag that has a period of its own, the default applies.

use std::collections::BTreeMap;

/// The default period, in days, when the config file names none.
pub const DEFAULT_TOUCH_DAYS: u32 = 90;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TouchRules {
    pub default_days: u32,
    /// Tag (lower case) -> days.
    pub by_tag: BTreeMap<String, u32>,
}

impl Default for TouchRules {
    fn default() -> Self {
        TouchRules {
            default_days: DEFAULT_TOUCH_DAYS,
            by_tag: BTreeMap::new(),
        }
    }
}

/// The period that applies to a person, and the tag it comes from
/// (`None`: the default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub days: u32,
    pub tag: Option<String>,
}

impl TouchRules {
    /// The shortest period among `tags` that have one, else the default.
    pub fn period<'a>(&self, tags: impl IntoIterator<Item = &'a String>) -> Period {
        tags.into_iter()
            .filter_map(|t| {
                let key = t.trim().to_lowercase();
                self.by_tag.get(&key).map(|d| (*d, key))
            })
            .min()
            .map_or(
                Period {
                    days: self.default_days,
                    tag: None,
                },
                |(days, tag)| Period {
                    days,
                    tag: Some(tag),
                },
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortest_tag_period_wins_else_the_default() {
        let mut rules = TouchRules::default();
        rules.by_tag.insert("partner".into(), 60);
        rules.by_tag.insert("ministry".into(), 30);
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(rules.period(&tags(&["donor"])).days, 90);
        assert_eq!(
            rules.period(&tags(&["Partner"])).tag.as_deref(),
            Some("partner")
        );
        assert_eq!(rules.period(&tags(&["partner", "ministry"])).days, 30);
    }
}
