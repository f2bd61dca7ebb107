//! The hub's password from a PostgreSQL password file, as libpq reads it:
//! `PGPASSFILE`, else `~/.pgpass`; lines `host:port:database:user:password`,
//! `*` matching anything, `\:` and `\\` escaped; the first line that
//! matches wins. Like libpq, a file others may read is ignored (with a
//! line saying so): a password kept there must stay the user's alone.
//! So head office's password need not be written into a URL in the config
//! file.

use std::path::{Path, PathBuf};

use postgres::Config;
use postgres::config::Host;

/// The password file's entry for this connection, if any; `warn` is told
/// why a file was not read.
pub fn lookup(config: &Config, warn: &mut dyn FnMut(String)) -> Option<String> {
    let path = file()?;
    let text = readable(&path, warn)?;
    let wanted = Wanted::of(config);
    text.lines().find_map(|line| wanted.matches(line))
}

fn file() -> Option<PathBuf> {
    match std::env::var_os("PGPASSFILE") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => std::env::var_os("HOME").map(|h| Path::new(&h).join(".pgpass")),
    }
}

/// The file's text, unless it is missing, or others may read it.
fn readable(path: &Path, warn: &mut dyn FnMut(String)) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            warn(format!(
                "the password file {} is not read: others may read it; chmod 600 it",
                path.display()
            ));
            return None;
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    std::fs::read_to_string(path).ok()
}

/// The socket directories PostgreSQL is built with: Debian's and upstream's.
const DEFAULT_SOCKET_DIRS: &[&str] = &["/var/run/postgresql", "/run/postgresql", "/tmp"];

/// What a line must match: the connection's host, port, database, user.
struct Wanted {
    hosts: Vec<String>,
    port: String,
    database: String,
    user: String,
}

impl Wanted {
    fn of(config: &Config) -> Wanted {
        // The user the client logs in as when the URL names none.
        let user = config
            .get_user()
            .map(str::to_string)
            .or_else(|| whoami::username().ok())
            .unwrap_or_default();
        let mut hosts = Vec::new();
        for host in config.get_hosts() {
            match host {
                Host::Tcp(name) => hosts.push(name.clone()),
                // A socket: its directory; "localhost" only for the
                // server's default directory, as libpq (a socket in /tmp/x
                // may be anyone's, and must not get localhost's password).
                Host::Unix(dir) => {
                    hosts.push(dir.display().to_string());
                    if DEFAULT_SOCKET_DIRS.iter().any(|d| dir == Path::new(d)) {
                        hosts.push("localhost".into());
                    }
                }
            }
        }
        if hosts.is_empty() {
            // No host: the address, if given, else libpq's default.
            hosts.extend(config.get_hostaddrs().iter().map(|a| a.to_string()));
        }
        if hosts.is_empty() {
            hosts.push("localhost".into());
        }
        Wanted {
            hosts,
            port: config
                .get_ports()
                .first()
                .copied()
                .unwrap_or(5432)
                .to_string(),
            database: config
                .get_dbname()
                .map_or_else(|| user.clone(), str::to_string),
            user,
        }
    }

    /// The password of a line that matches.
    fn matches(&self, line: &str) -> Option<String> {
        if line.trim_start().starts_with('#') {
            return None;
        }
        // The password ends at the next unescaped colon, as in libpq.
        let fields = split(line);
        let [host, port, database, user, password, ..] = fields.as_slice() else {
            return None;
        };
        let fits = |field: &str, value: &str| field == "*" || field == value;
        (self.hosts.iter().any(|h| fits(host, h))
            && fits(port, &self.port)
            && fits(database, &self.database)
            && fits(user, &self.user))
        .then(|| password.clone())
    }
}

/// A line's fields: split at unescaped colons, `\:` and `\\` unescaped.
fn split(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("one field").push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn wanted(url: &str) -> Wanted {
        Wanted::of(&Config::from_str(url).unwrap())
    }

    #[test]
    fn the_first_matching_line_gives_the_password() {
        let w = wanted("postgresql://desk_ke@hub.example.org/fieldbook");
        assert_eq!(
            w.matches("hub.example.org:5432:fieldbook:desk_ke:s3cret"),
            Some("s3cret".into())
        );
        assert_eq!(w.matches("*:*:*:desk_ke:any"), Some("any".into()));
        assert_eq!(w.matches("hub.example.org:5433:fieldbook:desk_ke:x"), None);
        assert_eq!(w.matches("hub.example.org:5432:other:desk_ke:x"), None);
        assert_eq!(w.matches("hub.example.org:5432:fieldbook:desk_tz:x"), None);
        assert_eq!(
            w.matches("# hub.example.org:5432:fieldbook:desk_ke:x"),
            None
        );
        assert_eq!(w.matches("too:few:fields"), None);
        assert_eq!(
            w.matches("hub.example.org:5432:fieldbook:desk_ke:pw:extra"),
            Some("pw".into())
        );
    }

    #[test]
    fn escaped_colons_and_backslashes_are_part_of_a_field() {
        let w = wanted("postgresql://desk_ke@hub.example.org/fieldbook");
        assert_eq!(
            w.matches(r"hub.example.org:*:fieldbook:desk_ke:pa\:ss\\word"),
            Some(r"pa:ss\word".into())
        );
    }

    #[test]
    fn a_socket_matches_its_directory_and_the_default_one_localhost() {
        let w = wanted("postgresql:///fieldbook?host=/run/postgresql&user=desk_ke");
        assert_eq!(
            w.matches("localhost:*:fieldbook:desk_ke:a"),
            Some("a".into())
        );
        assert_eq!(
            w.matches("/run/postgresql:*:fieldbook:desk_ke:b"),
            Some("b".into())
        );
        assert_eq!(w.matches("elsewhere:*:fieldbook:desk_ke:c"), None);
        // Another directory is not localhost: its server may be anyone's.
        let w = wanted("postgresql:///fieldbook?host=/tmp/x&user=desk_ke");
        assert_eq!(w.matches("localhost:*:fieldbook:desk_ke:a"), None);
        assert_eq!(w.matches("/tmp/x:*:fieldbook:desk_ke:b"), Some("b".into()));
    }

    #[test]
    fn an_address_alone_is_matched_and_a_missing_user_is_the_login_name() {
        let w = wanted("postgresql:///fieldbook?hostaddr=10.0.0.7");
        let me = whoami::username().unwrap();
        assert_eq!(
            w.matches(&format!("10.0.0.7:5432:fieldbook:{me}:pw")),
            Some("pw".into())
        );
        assert_eq!(
            w.matches(&format!("localhost:5432:fieldbook:{me}:pw")),
            None
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_may_read_is_not_read() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(&path, "*:*:*:*:pw\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let mut said = Vec::new();
        assert_eq!(readable(&path, &mut |w| said.push(w)), None);
        assert!(said[0].contains("chmod 600"), "{said:?}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(
            readable(&path, &mut |_| {}).as_deref(),
            Some("*:*:*:*:pw\n")
        );
    }
}
