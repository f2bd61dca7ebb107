//! `fieldbook not-in-touch`: the people the desk has not heard from for
//! longer than their period (the config's `[keep_in_touch]`: a default,
//! and periods per tag), longest silence first, with the last contact.

use anyhow::anyhow;
use clap::Args;

use super::Exit;
use crate::domain::date::{local_today, parse_date};
use crate::domain::text::clean;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct NotInTouchArgs {
    /// The period for everyone without a tag of their own, in days
    /// (instead of the config's `keep_in_touch.days`, default 90).
    #[arg(long)]
    days: Option<u32>,
    /// Count days up to this date (YYYY-MM-DD, t, -1w...); default today.
    #[arg(long, allow_hyphen_values = true)]
    today: Option<String>,
    /// At most this many people (0: all).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// One JSON object per line instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, args: &NotInTouchArgs) -> anyhow::Result<Exit> {
    let clock = local_today();
    let today = match &args.today {
        Some(t) => parse_date(t, clock).map_err(|e| anyhow!("--today: {e}"))?,
        None => clock,
    };
    let config = crate::config::load(crate::config::default_config_path().as_deref())
        .map_err(|(_, message)| anyhow!("{message}"))?;
    let mut rules = *config.keep_in_touch;
    if let Some(days) = args.days {
        if days == 0 {
            return Err(anyhow!("--days: 0 is not a period; give 1 or more days"));
        }
        rules.default_days = days;
    }
    let people = store.read().not_in_touch(&rules, today)?;
    let total = people.len();
    let shown = if args.limit == 0 {
        total
    } else {
        args.limit.min(total)
    };
    for p in &people[..shown] {
        let last = p
            .last
            .map(|(d, kind)| format!("{} ({})", d.format("%Y-%m-%d"), kind.label()));
        let rule = match &p.tag {
            Some(tag) => format!("every {} days ({tag})", p.every),
            None => format!("every {} days", p.every),
        };
        if args.json {
            let line = serde_json::json!({
                "contact_id": p.contact,
                "name": p.name,
                "organization": p.organization,
                "last_contact": p.last.map(|(d, _)| d.format("%Y-%m-%d").to_string()),
                "last_contact_kind": p.last.map(|(_, k)| k.label()),
                "days": p.days,
                "every": p.every,
                "tag": p.tag,
            });
            println!("{line}");
        } else {
            let silence = match p.days {
                Some(d) => format!("{d} days"),
                None => "never".to_string(),
            };
            println!(
                "{:<10} {:<28} {:<28} {:<26} {rule}",
                silence,
                clean(&p.name),
                clean(p.organization.as_deref().unwrap_or("-")),
                last.unwrap_or_else(|| "no contact on record".into()),
            );
        }
    }
    eprintln!(
        "{total} {} not in touch as of {today} (default every {} days{})",
        if total == 1 { "person" } else { "people" },
        rules.default_days,
        if total > shown {
            format!("; {shown} shown, --limit 0 for all")
        } else {
            String::new()
        }
    );
    Ok(Exit::Success)
}
