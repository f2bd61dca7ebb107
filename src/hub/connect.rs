//! Opening a connection to the hub: a `postgresql://` URL (TCP with TLS
//! through rustls, or a Unix socket), a short connect timeout, and errors
//! that name the hub without its password.

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::{Client, Config};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::{HubError, Result};

/// An open connection, with the hub's name for messages.
pub struct Hub {
    pub client: Client,
    /// user@host/db, never the password.
    pub name: String,
}

impl Hub {
    /// The error for a failed statement: the server said no (permission,
    /// constraint), or the connection went away.
    pub fn error(&self, e: postgres::Error) -> HubError {
        classify(&self.name, e)
    }
}

pub fn classify(name: &str, e: postgres::Error) -> HubError {
    match e.as_db_error() {
        Some(db) => HubError::Refused(name.to_string(), db.message().to_string()),
        None if e.is_closed() => HubError::Dropped(name.to_string(), e.to_string()),
        None => HubError::Dropped(name.to_string(), source_text(&e)),
    }
}

/// "error connecting to server: No such file or directory": the outer
/// message alone says little.
fn source_text(e: &postgres::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    text
}

/// The hub's address for messages: user@host:port/db, no password.
pub fn display_name(config: &Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            Host::Tcp(name) => name.clone(),
            Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let user = config
        .get_user()
        .map(|u| format!("{u}@"))
        .unwrap_or_default();
    let db = config.get_dbname().unwrap_or("");
    format!("{user}{}/{db}", hosts.join(","))
}

/// Parses a hub URL. Over TCP, TLS is required unless the URL says
/// `sslmode=disable` on purpose (tokio-postgres's default, `prefer`, would
/// fall back to plain text if the server did not offer TLS).
pub fn parse(url: &str) -> Result<Config> {
    let mut config =
        Config::from_str(url).map_err(|e| HubError::BadUrl(redact(url), e.to_string()))?;
    let over_tcp = config.get_hosts().iter().any(|h| matches!(h, Host::Tcp(_)));
    if over_tcp && !url.contains("sslmode=") {
        config.ssl_mode(SslMode::Require);
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    if config.get_application_name().is_none() {
        config.application_name("fieldbook");
    }
    Ok(config)
}

/// A URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// TLS with rustls (the `ring` provider) and Mozilla's root certificates
/// compiled in: certificates are always verified.
/// rustls 0.23.48 deprecates the `ring` provider (no post-quantum key
/// exchange); the other one, aws-lc-rs, is a large C build (cmake, minutes
/// on CI). ring's TLS 1.3 with X25519 is what libpq offers too.
#[allow(deprecated)]
fn tls(extra_ca: Option<&Path>, name: &str) -> Result<MakeRustlsConnect> {
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(path) = extra_ca {
        add_pem_roots(&mut roots, path).map_err(|why| {
            HubError::BadCaFile(name.to_string(), path.display().to_string(), why)
        })?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports TLS 1.2 and 1.3")
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

/// A head office with its own certificate authority: its PEM certificates
/// are trusted besides the public roots.
fn add_pem_roots(
    roots: &mut rustls::RootCertStore,
    path: &Path,
) -> std::result::Result<(), String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let certs = CertificateDer::pem_file_iter(path).map_err(|e| e.to_string())?;
    let mut added = 0;
    for cert in certs {
        roots
            .add(cert.map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
        added += 1;
    }
    if added == 0 {
        return Err("no PEM certificate in it".into());
    }
    Ok(())
}

/// Connects to the hub at `url`.
pub fn connect(url: &str) -> Result<Hub> {
    connect_with(url, None)
}

/// Connects, trusting also the CA certificates in `extra_ca` (PEM).
/// A URL without a password takes it from the password file
/// (`~/.pgpass`, see `pgpass`), as psql would.
pub fn connect_with(url: &str, extra_ca: Option<&Path>) -> Result<Hub> {
    let mut config = parse(url)?;
    let name = display_name(&config);
    let mut unread = Vec::new();
    if config.get_password().is_none()
        && let Some(password) = super::pgpass::lookup(&config, &mut |why| unread.push(why))
    {
        config.password(password);
    }
    let client = config.connect(tls(extra_ca, &name)?).map_err(|e| {
        let mut reason = unreachable_reason(&e);
        for why in &unread {
            reason = format!("{reason} ({why})");
        }
        // The server said no, or asked for a password none was given for:
        // the settings need a person, whereas a network down passes.
        if e.as_db_error().is_some() || reason.contains("password missing") {
            HubError::LoginRefused(name.clone(), reason)
        } else {
            HubError::Unreachable(name.clone(), reason)
        }
    })?;
    Ok(Hub { client, name })
}

fn unreachable_reason(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => source_text(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socket_and_tls_urls_parse() {
        let c = parse("postgresql:///fieldbook?host=/tmp/pg").unwrap();
        assert_eq!(c.get_hosts(), &[Host::Unix("/tmp/pg".into())]);
        assert_eq!(c.get_ssl_mode(), SslMode::Prefer);
        let c = parse("postgresql://desk_ke@%2Ftmp%2Fpg/fieldbook").unwrap();
        assert_eq!(c.get_hosts(), &[Host::Unix("/tmp/pg".into())]);
        assert_eq!(c.get_user(), Some("desk_ke"));
        let c = parse("postgresql://desk_ke:secret@hub.example.org/fb?sslmode=require").unwrap();
        assert_eq!(c.get_ssl_mode(), SslMode::Require);
        assert_eq!(display_name(&c), "desk_ke@hub.example.org/fb");
        // No sslmode over TCP: TLS required all the same.
        let c = parse("postgresql://desk_ke@hub.example.org/fb").unwrap();
        assert_eq!(c.get_ssl_mode(), SslMode::Require);
        let c = parse("postgresql://desk_ke@hub.example.org/fb?sslmode=disable").unwrap();
        assert_eq!(c.get_ssl_mode(), SslMode::Disable);
    }

    #[test]
    fn bad_urls_are_named_without_their_password() {
        let e = parse("postgresql://u:secret@host/db?sslmode=bogus").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("u:***@host"), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }
}
