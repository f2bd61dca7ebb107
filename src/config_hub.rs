//! The head-office hub's settings, in one typed place for the command line
//! (`sync --hub`, `hub ...`) and the app's "sync when online":
//!
//! ```toml
//! hub = "postgresql://desk_ke@hub.example.org/fieldbook?sslmode=require"
//! hub_ca = "/etc/fieldbook/head-office-ca.pem"   # optional
//! sync_passphrase = "..."                        # the offices' passphrase
//! sync_when_online = true                        # the app syncs by itself
//! sync_every_minutes = 15                        # 1 to 1440
//! ```
//!
//! The environment (FIELDBOOK_HUB, FIELDBOOK_HUB_CA,
//! FIELDBOOK_SYNC_PASSPHRASE) takes precedence over the file.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// The hub's URL, when not given with `--hub`.
pub const HUB_ENV: &str = "FIELDBOOK_HUB";
/// A PEM file of head office's own certificate authority, trusted besides
/// the public roots.
pub const HUB_CA_ENV: &str = "FIELDBOOK_HUB_CA";
/// The offices' passphrase for sync bundles.
pub const PASSPHRASE_ENV: &str = "FIELDBOOK_SYNC_PASSPHRASE";

/// `sync_every_minutes` when the file does not say.
pub const EVERY_MINUTES: u32 = 15;
/// At most once a day.
const MAX_EVERY_MINUTES: i64 = 1440;

/// The hub keys as the config file gives them (checked, not yet merged
/// with the environment).
#[derive(Clone, PartialEq, Eq)]
pub struct HubConfig {
    pub hub: Option<String>,
    pub hub_ca: Option<PathBuf>,
    pub sync_passphrase: Option<String>,
    pub sync_when_online: bool,
    pub sync_every_minutes: u32,
}

impl Default for HubConfig {
    fn default() -> Self {
        HubConfig {
            hub: None,
            hub_ca: None,
            sync_passphrase: None,
            sync_when_online: false,
            sync_every_minutes: EVERY_MINUTES,
        }
    }
}

/// Never prints the passphrase (configs are shown in test failures).
impl fmt::Debug for HubConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HubConfig")
            .field("hub", &self.hub)
            .field("hub_ca", &self.hub_ca)
            .field(
                "sync_passphrase",
                &self.sync_passphrase.as_ref().map(|_| "***"),
            )
            .field("sync_when_online", &self.sync_when_online)
            .field("sync_every_minutes", &self.sync_every_minutes)
            .finish()
    }
}

/// The raw keys, from `RawConfig`.
pub(super) struct RawHub {
    pub hub: Option<String>,
    pub hub_ca: Option<String>,
    pub sync_passphrase: Option<String>,
    pub sync_when_online: Option<bool>,
    pub sync_every_minutes: Option<i64>,
}

impl RawHub {
    /// Checks the keys; an error names the line. Empty strings mean unset.
    pub(super) fn read(self, text: &str) -> Result<HubConfig, String> {
        let mut hub = HubConfig {
            hub: self.hub.filter(|u| !u.is_empty()),
            hub_ca: self.hub_ca.filter(|p| !p.is_empty()).map(PathBuf::from),
            sync_passphrase: self.sync_passphrase.filter(|p| !p.is_empty()),
            sync_when_online: self.sync_when_online.unwrap_or(false),
            ..HubConfig::default()
        };
        if let Some(minutes) = self.sync_every_minutes {
            hub.sync_every_minutes = u32::try_from(minutes)
                .ok()
                .filter(|m| (1..=MAX_EVERY_MINUTES as u32).contains(m))
                .ok_or_else(|| {
                    format!(
                        "line {}: sync_every_minutes must be a number of minutes from 1 to {MAX_EVERY_MINUTES}, not {minutes}",
                        super::find_line(text, "sync_every_minutes")
                    )
                })?;
        }
        Ok(hub)
    }
}

/// The hub settings in effect: the environment over the config file.
#[derive(Clone, PartialEq, Eq)]
pub struct HubSettings {
    pub url: Option<String>,
    pub ca: Option<PathBuf>,
    pub passphrase: Option<String>,
    /// The app syncs by itself (`sync_when_online = true`).
    pub when_online: bool,
    pub every: Duration,
    /// The config file could not be read: its keys count as unset, and a
    /// message about a missing setting says why.
    pub config_error: Option<String>,
}

impl fmt::Debug for HubSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HubSettings")
            .field("url", &self.url)
            .field("ca", &self.ca)
            .field("passphrase", &self.passphrase.as_ref().map(|_| "***"))
            .field("when_online", &self.when_online)
            .field("every", &self.every)
            .field("config_error", &self.config_error)
            .finish()
    }
}

/// What the app's background sync does with these settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Background {
    /// `sync_when_online` is not on: no network at all.
    Off,
    /// On, but a setting is missing: what, and which key sets it.
    Missing(String),
    /// On, with everything it needs.
    On,
}

impl HubSettings {
    /// The file's keys under the environment `env` (a variable that is set
    /// and not empty wins; FIELDBOOK_SYNC_PASSPHRASE set to "" means no
    /// passphrase at all, as it always has).
    pub fn resolve(file: &HubConfig, env: impl Fn(&str) -> Option<String>) -> HubSettings {
        let set = |name: &str| env(name).filter(|v| !v.is_empty());
        let passphrase = match env(PASSPHRASE_ENV) {
            Some(p) => Some(p).filter(|p| !p.is_empty()),
            None => file.sync_passphrase.clone(),
        };
        HubSettings {
            url: set(HUB_ENV).or_else(|| file.hub.clone()),
            ca: set(HUB_CA_ENV)
                .map(PathBuf::from)
                .or_else(|| file.hub_ca.clone()),
            passphrase,
            when_online: file.sync_when_online,
            every: Duration::from_secs(u64::from(file.sync_every_minutes) * 60),
            config_error: None,
        }
    }

    /// The settings of a loaded config, under this process's environment.
    pub fn of(config: &super::Config) -> HubSettings {
        HubSettings::resolve(&config.hub, process_env)
    }

    /// The config file the binary reads, under this process's environment
    /// (for the command line; a bad file is remembered, not fatal, since
    /// the environment or a flag may give all that is needed).
    pub fn load() -> HubSettings {
        match super::load(super::default_config_path().as_deref()) {
            Ok(config) => HubSettings::of(&config),
            Err((config, message)) => HubSettings {
                config_error: Some(message.trim_end_matches("; using the defaults").into()),
                ..HubSettings::of(&config)
            },
        }
    }

    /// " (the config file is not read: ...)" when it could not be.
    pub fn config_note(&self) -> String {
        self.config_error
            .as_ref()
            .map(|e| format!(" (the config file was not read: {e})"))
            .unwrap_or_default()
    }

    /// Whether the app syncs by itself, and if it cannot, why.
    pub fn background(&self) -> Background {
        if !self.when_online {
            return Background::Off;
        }
        let mut missing = Vec::new();
        if self.url.is_none() {
            missing.push(format!(
                "no hub: put hub = \"postgresql://...\" in config.toml (or set {HUB_ENV})"
            ));
        }
        if self.passphrase.is_none() {
            missing.push(format!(
                "no passphrase: put sync_passphrase = \"...\" in config.toml (or set {PASSPHRASE_ENV}); the hub keeps the bundles encrypted with it"
            ));
        }
        if missing.is_empty() {
            Background::On
        } else {
            Background::Missing(format!(
                "sync_when_online is on but there is {}; not syncing",
                missing.join(", and ")
            ))
        }
    }
}

fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_keys_are_read_and_checked() {
        let config = parse("theme = \"mono\"\n").unwrap();
        assert_eq!(*config.hub, HubConfig::default());
        assert!(!config.hub.sync_when_online);
        assert_eq!(config.hub.sync_every_minutes, 15);
        let config = parse(
            "hub = \"postgresql:///hub?host=/tmp/pg\"\nhub_ca = \"/etc/ca.pem\"\n\
             sync_passphrase = \"secret\"\nsync_when_online = true\nsync_every_minutes = 1440\n",
        )
        .unwrap();
        assert_eq!(
            config.hub.hub.as_deref(),
            Some("postgresql:///hub?host=/tmp/pg")
        );
        assert_eq!(config.hub.hub_ca, Some(PathBuf::from("/etc/ca.pem")));
        assert_eq!(config.hub.sync_passphrase.as_deref(), Some("secret"));
        assert!(config.hub.sync_when_online);
        assert_eq!(config.hub.sync_every_minutes, 1440);
        assert!(!format!("{config:?}").contains("secret"));
    }

    #[test]
    fn bad_values_are_refused_naming_the_line() {
        for (text, start) in [
            (
                "theme = \"dark\"\nsync_every_minutes = 0\n",
                "line 2: sync_every_minutes must be a number of minutes from 1 to 1440, not 0",
            ),
            (
                "\n\nsync_every_minutes = 1441\n",
                "line 3: sync_every_minutes",
            ),
            ("sync_every_minutes = -5\n", "line 1: sync_every_minutes"),
            ("sync_every_minutes = \"often\"\n", "line 1"),
            ("theme = \"dark\"\nsync_when_online = \"yes\"\n", "line 2"),
            ("sync_when_online = 1\n", "line 1"),
        ] {
            let err = parse(text).unwrap_err();
            assert!(err.starts_with(start), "{text:?}: {err}");
        }
    }

    #[test]
    fn the_environment_wins_over_the_file() {
        let file = parse(
            "hub = \"postgresql:///file\"\nhub_ca = \"/file/ca.pem\"\nsync_passphrase = \"from file\"\n",
        )
        .unwrap()
        .hub;
        let s = HubSettings::resolve(&file, env(&[]));
        assert_eq!(s.url.as_deref(), Some("postgresql:///file"));
        assert_eq!(s.ca, Some(PathBuf::from("/file/ca.pem")));
        assert_eq!(s.passphrase.as_deref(), Some("from file"));
        let s = HubSettings::resolve(
            &file,
            env(&[
                (HUB_ENV, "postgresql:///env"),
                (HUB_CA_ENV, "/env/ca.pem"),
                (PASSPHRASE_ENV, "from env"),
            ]),
        );
        assert_eq!(s.url.as_deref(), Some("postgresql:///env"));
        assert_eq!(s.ca, Some(PathBuf::from("/env/ca.pem")));
        assert_eq!(s.passphrase.as_deref(), Some("from env"));
        // An empty hub or CA variable is unset; an empty passphrase
        // variable says "no passphrase", whatever the file has.
        let s = HubSettings::resolve(
            &file,
            env(&[(HUB_ENV, ""), (HUB_CA_ENV, ""), (PASSPHRASE_ENV, "")]),
        );
        assert_eq!(s.url.as_deref(), Some("postgresql:///file"));
        assert_eq!(s.ca, Some(PathBuf::from("/file/ca.pem")));
        assert_eq!(s.passphrase, None);
    }

    #[test]
    fn background_sync_says_what_is_missing() {
        let settings = |text: &str| HubSettings::resolve(&parse(text).unwrap().hub, env(&[]));
        // A hub and a passphrase alone never make the app go online.
        let s = settings("hub = \"postgresql:///h\"\nsync_passphrase = \"p\"\n");
        assert_eq!(s.background(), Background::Off);
        let s = settings(
            "hub = \"postgresql:///h\"\nsync_passphrase = \"p\"\nsync_when_online = true\nsync_every_minutes = 5\n",
        );
        assert_eq!(s.background(), Background::On);
        assert_eq!(s.every, Duration::from_secs(300));
        let Background::Missing(why) =
            settings("sync_when_online = true\nsync_passphrase = \"p\"\n").background()
        else {
            panic!("no hub must be missing");
        };
        assert!(why.contains("no hub: put hub ="), "{why}");
        assert!(!why.contains("passphrase"), "{why}");
        let Background::Missing(why) =
            settings("sync_when_online = true\nhub = \"postgresql:///h\"\n").background()
        else {
            panic!("no passphrase must be missing");
        };
        assert!(why.contains("no passphrase: put sync_passphrase"), "{why}");
    }
}
