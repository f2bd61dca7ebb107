//! The user's config file (`config.toml` in the platform config directory):
//! the theme and key overrides. A broken file never stops the app: it starts
//! with the defaults and says which file and line to fix.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::ui::action::Action;
use crate::ui::keymap::{Chord, Keymap};
use crate::ui::theme::ThemeName;

pub const CONFIG_FILE_NAME: &str = "config.toml";

#[path = "config_touch.rs"]
mod touch;

#[path = "config_hub.rs"]
pub mod hub;
pub use hub::{Background, HubConfig, HubSettings};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub theme: ThemeName,
    pub keymap: Keymap,
    /// A folder that receives the daily backup as well (a USB stick, a
    /// synced folder), `~` expanded.
    pub backup_dir: Option<PathBuf>,
    /// The dashboard warns when the newest backup on another disk is older.
    pub offsite_backup_warn_days: u32,
    /// The desk's country (ISO code): national phone numbers of contacts
    /// with no country of their own or of their organization are read in it.
    pub default_country: Option<String>,
    /// Days after a period's end each proposed report is due (`[schedule]`).
    /// Boxed, as `keep_in_touch`, so that `load`'s error stays small.
    pub schedule: Box<crate::domain::schedule::Offsets>,
    /// How often the desk should hear from people (`[keep_in_touch]`);
    /// boxed, so that `load`'s error (which carries a `Config`) stays small.
    pub keep_in_touch: Box<crate::domain::TouchRules>,
    /// The head-office hub and "sync when online" (see `HubSettings` for
    /// the values in effect, with the environment); boxed, as above.
    pub hub: Box<HubConfig>,
}

/// Days without a backup on another disk before the dashboard warns.
pub const OFFSITE_WARN_DAYS: u32 = 7;

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: ThemeName::Dark,
            keymap: Keymap::default(),
            backup_dir: None,
            offsite_backup_warn_days: OFFSITE_WARN_DAYS,
            default_country: None,
            schedule: Default::default(),
            keep_in_touch: Box::default(),
            hub: Box::default(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    theme: Option<String>,
    backup_dir: Option<String>,
    offsite_backup_warn_days: Option<i64>,
    default_country: Option<String>,
    /// The offices' passphrase for sync bundles, the hub and its CA, and
    /// "sync when online": see config_hub.rs.
    sync_passphrase: Option<String>,
    hub: Option<String>,
    hub_ca: Option<String>,
    sync_when_online: Option<bool>,
    sync_every_minutes: Option<i64>,
    #[serde(default)]
    keys: BTreeMap<String, KeyList>,
    schedule: Option<RawSchedule>,
    keep_in_touch: Option<touch::RawTouch>,
}

/// `[schedule]`: days after a period's end each proposed report is due.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    quarterly_report_days: Option<i64>,
    expenditure_report_days: Option<i64>,
    monthly_report_days: Option<i64>,
    completion_report_days: Option<i64>,
}

impl RawSchedule {
    /// The offsets, each from 0 to 366 days; errors name the key's line.
    fn offsets(&self, text: &str) -> Result<crate::domain::schedule::Offsets, String> {
        let mut o = crate::domain::schedule::Offsets::default();
        let keys = [
            (
                "quarterly_report_days",
                self.quarterly_report_days,
                &mut o.quarterly_report_days,
            ),
            (
                "expenditure_report_days",
                self.expenditure_report_days,
                &mut o.expenditure_report_days,
            ),
            (
                "monthly_report_days",
                self.monthly_report_days,
                &mut o.monthly_report_days,
            ),
            (
                "completion_report_days",
                self.completion_report_days,
                &mut o.completion_report_days,
            ),
        ];
        for (key, value, slot) in keys {
            if let Some(days) = value {
                *slot = u32::try_from(days).ok().filter(|d| *d <= 366).ok_or_else(|| {
                    format!(
                        "line {}: schedule.{key} must be a number of days from 0 to 366, not {days}",
                        find_line(text, key)
                    )
                })?;
            }
        }
        Ok(o)
    }
}

/// The offsets of the config file the binary reads, for commands that
/// propose a schedule; a bad file is refused (its dates would be wrong).
pub fn schedule_offsets() -> Result<crate::domain::schedule::Offsets, String> {
    match load(default_config_path().as_deref()) {
        Ok(config) => Ok(*config.schedule),
        Err((_, message)) => Err(message.trim_end_matches("; using the defaults").to_string()),
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum KeyList {
    One(String),
    Many(Vec<String>),
}

/// `~/.config/fieldbook/config.toml` on Linux.
pub fn default_config_path() -> Option<PathBuf> {
    crate::paths::project_dirs().map(|d| d.config_dir().join(CONFIG_FILE_NAME))
}

/// Loads the config: `Ok` with the defaults when there is no file, `Err`
/// with the defaults and a message naming the file and line when it is bad.
/// (Called once at start: the size of its error, 128 bytes with the hub's
/// box, costs nothing worth a change of every caller.)
#[allow(clippy::result_large_err)]
pub fn load(path: Option<&Path>) -> Result<Config, (Config, String)> {
    let Some(path) = path else {
        return Ok(Config::default());
    };
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text).map_err(|e| {
            (
                Config::default(),
                format!("{}: {e}; using the defaults", path.display()),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err((
            Config::default(),
            format!(
                "{}: cannot read it ({e}); using the defaults",
                path.display()
            ),
        )),
    }
}

/// Parses config text; errors say `line N: what is wrong`.
pub fn parse(text: &str) -> Result<Config, String> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        format!("line {line}: {}", e.message().trim())
    })?;
    let mut config = Config::default();
    if let Some(theme) = raw.theme {
        config.theme = ThemeName::parse(&theme).ok_or_else(|| {
            format!(
                "line {}: theme '{theme}' is unknown; use dark, light or mono",
                find_line(text, "theme")
            )
        })?;
    }
    if let Some(dir) = raw.backup_dir {
        let line = find_line(text, "backup_dir");
        config.backup_dir = Some(
            expand_home(&dir, std::env::var_os("HOME").as_deref())
                .map_err(|e| format!("line {line}: backup_dir {e}"))?,
        );
    }
    if let Some(days) = raw.offsite_backup_warn_days {
        config.offsite_backup_warn_days = u32::try_from(days)
            .ok()
            .filter(|d| (1..=3650).contains(d))
            .ok_or_else(|| {
                format!(
                    "line {}: offsite_backup_warn_days must be a number of days from 1 to 3650, not {days}",
                    find_line(text, "offsite_backup_warn_days")
                )
            })?;
    }
    if let Some(country) = raw.default_country {
        let code = crate::domain::country::parse(&country).map_err(|e| {
            format!(
                "line {}: default_country: {e}",
                find_line(text, "default_country")
            )
        })?;
        config.default_country = Some(code.to_string());
    }
    if let Some(schedule) = &raw.schedule {
        config.schedule = Box::new(schedule.offsets(text)?);
    }
    if let Some(touch) = raw.keep_in_touch {
        config.keep_in_touch = Box::new(touch::rules(touch, text)?);
    }
    let raw_hub = hub::RawHub {
        hub: raw.hub,
        hub_ca: raw.hub_ca,
        sync_passphrase: raw.sync_passphrase,
        sync_when_online: raw.sync_when_online,
        sync_every_minutes: raw.sync_every_minutes,
    };
    config.hub = Box::new(raw_hub.read(text)?);
    for (name, keys) in raw.keys {
        let line = find_line(text, &name);
        let action = Action::from_name(&name).ok_or_else(|| {
            let known: Vec<String> = Action::ALL.iter().map(|a| a.name()).collect();
            format!(
                "line {line}: '{name}' is not an action; known actions: {}",
                known.join(", ")
            )
        })?;
        let list = match keys {
            KeyList::One(k) => vec![k],
            KeyList::Many(ks) => ks,
        };
        let chords = list
            .iter()
            .map(|k| Chord::parse(k).map_err(|e| format!("line {line}: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        config.keymap.rebind(action, chords);
    }
    Ok(config)
}

/// `~/backups` as the shell reads it; the folder must be absolute, since a
/// path relative to wherever fieldbook was started would move around.
fn expand_home(dir: &str, home: Option<&std::ffi::OsStr>) -> Result<PathBuf, String> {
    let dir = dir.trim();
    let path = match (dir.strip_prefix('~'), home) {
        (Some(""), Some(home)) => PathBuf::from(home),
        (Some(rest), Some(home)) if rest.starts_with('/') => {
            PathBuf::from(home).join(rest.trim_start_matches('/'))
        }
        (Some(_), None) => return Err(format!("'{dir}': no HOME to expand ~ with")),
        _ => PathBuf::from(dir),
    };
    if !path.is_absolute() {
        return Err(format!(
            "'{dir}' must be a full path (such as /media/usb/fieldbook or ~/Sync/fieldbook)"
        ));
    }
    Ok(path)
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line where `key = ...` is written (for errors serde cannot place).
fn find_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
                || l.strip_prefix(&format!("\"{key}\""))
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::keymap::Context;

    #[test]
    fn overrides_keys_and_theme() {
        let config =
            parse("theme = \"mono\"\n[keys]\ndown = [\"n\", \"down\"]\nquit = \"ctrl-q\"\n")
                .unwrap();
        assert_eq!(config.theme, ThemeName::Mono);
        let global = [Context::Global];
        assert_eq!(
            config
                .keymap
                .action_for(Chord::parse("n").unwrap(), &global),
            Some(Action::Down)
        );
        assert_eq!(
            config
                .keymap
                .action_for(Chord::parse("ctrl-q").unwrap(), &global),
            Some(Action::Quit)
        );
        assert_eq!(
            config
                .keymap
                .action_for(Chord::parse("q").unwrap(), &global),
            None
        );
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse("theme = \"dark\"\n[keys]\ndown = [\"j\"\n").unwrap_err();
        assert!(err.starts_with("line 3"), "{err}");
        let err = parse("[keys]\n\ndance = \"d\"\n").unwrap_err();
        assert!(err.starts_with("line 3: 'dance' is not an action"), "{err}");
        let err = parse("[keys]\nup = \"ctrl-\"\ndown = \"jj\"\n").unwrap_err();
        // Actions are read in name order: "down" (line 3) before "up" (line 2).
        assert!(err.starts_with("line 3: 'jj' is not a key"), "{err}");
        let err = parse("theme = \"neon\"\n").unwrap_err();
        assert!(err.starts_with("line 1: theme 'neon'"), "{err}");
        let err = parse("colour = 1\n").unwrap_err();
        assert!(err.starts_with("line 1"), "{err}");
    }

    #[test]
    fn backup_dir_and_warn_days() {
        let config = parse("theme = \"mono\"\n").unwrap();
        assert_eq!(config.backup_dir, None);
        assert_eq!(config.offsite_backup_warn_days, 7);
        let config = parse(
            "backup_dir = \"/media/usb/fieldbook\"\noffsite_backup_warn_days = 3\n[keys]\nquit = \"q\"\n",
        )
        .unwrap();
        assert_eq!(
            config.backup_dir.as_deref(),
            Some(Path::new("/media/usb/fieldbook"))
        );
        assert_eq!(config.offsite_backup_warn_days, 3);
        let err = parse("theme = \"dark\"\noffsite_backup_warn_days = 0\n").unwrap_err();
        assert!(err.starts_with("line 2: offsite_backup_warn_days"), "{err}");
        let err = parse("offsite_backup_warn_days = \"week\"\n").unwrap_err();
        assert!(err.starts_with("line 1"), "{err}");
        let err = parse("\nbackup_dir = \"backups\"\n").unwrap_err();
        assert!(
            err.starts_with("line 2: backup_dir 'backups' must be a full path"),
            "{err}"
        );
    }

    #[test]
    fn schedule_offsets_are_read_and_checked() {
        let config = parse("theme = \"mono\"\n").unwrap();
        assert_eq!(
            *config.schedule,
            crate::domain::schedule::Offsets::default()
        );
        let config =
            parse("[schedule]\nquarterly_report_days = 30\ncompletion_report_days = 60\n").unwrap();
        assert_eq!(config.schedule.quarterly_report_days, 30);
        assert_eq!(config.schedule.completion_report_days, 60);
        assert_eq!(config.schedule.monthly_report_days, 10);
        let err = parse("[schedule]\n\nmonthly_report_days = -2\n").unwrap_err();
        assert!(
            err.starts_with("line 3: schedule.monthly_report_days"),
            "{err}"
        );
        let err = parse("[schedule]\nweekly_report_days = 2\n").unwrap_err();
        assert!(err.starts_with("line 2"), "{err}");
    }

    #[test]
    fn backup_dir_expands_the_home_folder() {
        let home = Some(std::ffi::OsStr::new("/home/amina"));
        assert_eq!(
            expand_home("~/Sync/fieldbook", home),
            Ok(PathBuf::from("/home/amina/Sync/fieldbook"))
        );
        assert_eq!(expand_home("~", home), Ok(PathBuf::from("/home/amina")));
        assert_eq!(
            expand_home(" /mnt/usb ", home),
            Ok(PathBuf::from("/mnt/usb"))
        );
        assert!(expand_home("~/x", None).unwrap_err().contains("no HOME"));
        // `~bob` is another user's home: not guessed, refused as relative.
        assert!(expand_home("~bob/x", home).is_err());
    }

    #[test]
    fn missing_file_is_fine_and_bad_file_falls_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(load(Some(&path)), Ok(Config::default()));
        std::fs::write(&path, "[keys]\nquit = 7\n").unwrap();
        let (config, message) = load(Some(&path)).unwrap_err();
        assert_eq!(config, Config::default());
        assert!(message.contains("config.toml: line 2"), "{message}");
    }
}
