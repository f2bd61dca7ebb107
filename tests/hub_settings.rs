//! The hub settings as the command line reads them (one typed place,
//! `config::HubSettings`): FIELDBOOK_HUB over the config's `hub`, and a
//! config file that cannot be read named in the message, not ignored
//! silently. No server needed: the hubs here are socket folders with
//! nothing in them.

use std::path::Path;

mod common;
use common::desks::sync;

fn config_dir(dir: &Path, text: &str) -> std::path::PathBuf {
    let config = dir.join("config");
    std::fs::create_dir_all(config.join("fieldbook")).unwrap();
    std::fs::write(config.join("fieldbook/config.toml"), text).unwrap();
    config
}

fn pull_error(db: &Path, config: &Path, hub_env: Option<&str>) -> String {
    let mut cmd = sync(db);
    cmd.arg("pull").env("XDG_CONFIG_HOME", config);
    if let Some(url) = hub_env {
        cmd.env("FIELDBOOK_HUB", url);
    }
    let out = cmd.output().unwrap();
    assert!(!out.status.success());
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_environment_wins_over_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let file_hub = format!("postgresql:///hub?host={}/from-file", dir.path().display());
    let env_hub = format!("postgresql:///hub?host={}/from-env", dir.path().display());
    let config = config_dir(
        dir.path(),
        &format!("hub = \"{file_hub}\"\nsync_when_online = true\n"),
    );
    let err = pull_error(&db, &config, None);
    assert!(
        err.contains("cannot reach the hub") && err.contains("from-file"),
        "{err}"
    );
    let err = pull_error(&db, &config, Some(&env_hub));
    assert!(
        err.contains("cannot reach the hub") && err.contains("from-env"),
        "{err}"
    );
}

#[test]
fn a_bad_config_file_is_named_when_the_hub_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let config = config_dir(
        dir.path(),
        "hub = \"postgresql:///hub?host=/nowhere\"\nsync_every_minutes = 0\n",
    );
    let err = pull_error(&db, &config, None);
    assert!(err.contains("no hub given"), "{err}");
    assert!(
        err.contains("config.toml: line 2: sync_every_minutes must be a number of minutes from 1 to 1440, not 0"),
        "{err}"
    );
    // The environment still works with the file broken.
    let env_hub = format!("postgresql:///hub?host={}/from-env", dir.path().display());
    let err = pull_error(&db, &config, Some(&env_hub));
    assert!(err.contains("from-env"), "{err}");
}
