//! A throwaway PostgreSQL server for the hub tests: Debian's `postgresql`
//! package (binaries in /usr/lib/postgresql/<version>/bin, not on PATH),
//! a data directory in a temp folder, listening only on a Unix socket in
//! that folder (`listen_addresses = ''`), stopped and removed on Drop. As
//! root, initdb and pg_ctl run as the `postgres` user (initdb refuses
//! root) through `runuser`, in a folder that user owns.
//!
//! No PostgreSQL installed: `start` prints a loud SKIP line and returns
//! None, except under CI=true (or FIELDBOOK_REQUIRE_PG), where it fails.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Pg {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
    /// The TCP port of a `start_tls` server (its socket file is named for it).
    tls_port: Option<u16>,
}

/// The newest installed server's bin folder.
fn find_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
        || std::env::var_os("FIELDBOOK_REQUIRE_PG").is_some()
}

fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().expect("id -u");
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

fn postgres_ids() -> (u32, u32) {
    let id = |flag| {
        let out = Command::new("id")
            .args([flag, "postgres"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "as root, the tests need the `postgres` user"
        );
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    };
    (id("-u"), id("-g"))
}

impl Pg {
    /// Starts a server, or says loudly why the test is skipped.
    pub fn start(test: &str) -> Option<Pg> {
        Pg::start_with(test, None)
    }

    /// A server that also listens on 127.0.0.1 (a free port) with TLS
    /// only: a certificate for `localhost` signed by a CA of the test's own
    /// (`ca_pem`), and pg_hba accepting TCP connections only over TLS
    /// (`postgres` trusted, other roles by password).
    pub fn start_tls(test: &str) -> Option<(Pg, u16)> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let pg = Pg::start_with(test, Some(port))?;
        Some((pg, port))
    }

    /// The test CA's certificate (PEM), for `start_tls` servers.
    pub fn ca_pem(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    fn make_certificates(&self) {
        let d = self.dir.path();
        let openssl = |args: &[&str]| {
            let out = Command::new("openssl")
                .current_dir(d)
                .args(args)
                .output()
                .expect("openssl");
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=fieldbook test hub CA",
        ]);
        openssl(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
        ]);
        std::fs::write(
            d.join("san.ext"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\n",
        )
        .unwrap();
        openssl(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "san.ext",
        ]);
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(d.join("server.key"), std::fs::Permissions::from_mode(0o600))
            .unwrap();
        if self.as_postgres {
            let (uid, gid) = postgres_ids();
            for f in ["server.key", "server.pem"] {
                std::os::unix::fs::chown(d.join(f), Some(uid), Some(gid)).unwrap();
            }
        }
    }

    fn start_with(test: &str, tls_port: Option<u16>) -> Option<Pg> {
        let Some(bin) = find_bin() else {
            if required() {
                panic!(
                    "PostgreSQL is required under CI but /usr/lib/postgresql/*/bin/initdb is missing (.ci/run installs `postgresql`)"
                );
            }
            eprintln!(
                "\n*** SKIP {test}: PostgreSQL is not installed (apt-get install postgresql) ***\n"
            );
            return None;
        };
        let dir = tempfile::Builder::new()
            .prefix("fbpg")
            .tempdir_in("/tmp")
            .unwrap();
        let as_postgres = is_root();
        if as_postgres {
            let (uid, gid) = postgres_ids();
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).unwrap();
        }
        let pg = Pg {
            dir,
            bin,
            as_postgres,
            tls_port,
        };
        let data = pg.data();
        pg.run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
        );
        let mut options = format!(
            "-c listen_addresses='' -k {} -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            pg.socket_dir().display()
        );
        if let Some(port) = tls_port {
            pg.make_certificates();
            let d = pg.dir.path();
            options = format!(
                "-k {} -c fsync=off -c listen_addresses=127.0.0.1 -p {port} -c ssl=on \
                 -c ssl_cert_file={} -c ssl_key_file={}",
                d.display(),
                d.join("server.pem").display(),
                d.join("server.key").display()
            );
            std::fs::write(
                data.join("pg_hba.conf"),
                "local all all trust\nhostssl all postgres 127.0.0.1/32 trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n",
            )
            .unwrap();
        }
        let log = pg.dir.path().join("server.log");
        pg.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-o",
                &options,
                "-l",
                log.to_str().unwrap(),
                "-w",
                "-t",
                "120",
                "start",
            ],
        );
        Some(pg)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    fn command(&self, tool: &str) -> Command {
        let path = self.bin.join(tool);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    fn run(&self, tool: &str, args: &[&str]) -> Output {
        let out = self.command(tool).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{tool} {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// A Unix-socket URL in the `?host=` form.
    pub fn url(&self, user: &str, db: &str) -> String {
        format!(
            "postgresql:///{db}?host={}&user={user}",
            self.socket_dir().display()
        )
    }

    /// The same server in the percent-encoded host form.
    pub fn url_encoded_host(&self, user: &str, db: &str) -> String {
        let host = self.socket_dir().display().to_string().replace('/', "%2F");
        format!("postgresql://{user}@{host}/{db}")
    }

    pub fn client(&self, user: &str, db: &str) -> postgres::Client {
        let mut config: postgres::Config = self.url(user, db).parse().unwrap();
        // A TLS server's socket has its own port number.
        if let Some(port) = self.port() {
            config.port(port);
        }
        config.connect(postgres::NoTls).unwrap()
    }

    fn port(&self) -> Option<u16> {
        self.tls_port
    }

    /// A new database (owned by the superuser `postgres`); its URL.
    pub fn create_db(&self, db: &str) -> String {
        self.client("postgres", "postgres")
            .batch_execute(&format!("CREATE DATABASE {db}"))
            .unwrap();
        self.url("postgres", db)
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self
            .command("pg_ctl")
            .args([
                "-D",
                data.to_str().unwrap(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ])
            .output();
    }
}
