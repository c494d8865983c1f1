//! Shared test support: starts a real `ls-emulator` process on a loopback port.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

pub const API_KEY: &str = "demo-api-key";
pub const SHARED_KEY: &str = "demo-shared-key";
/// The secret of every OAuth client in the demo seed.
pub const OAUTH_SECRET: &str = "demo-client-secret";

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn public_key_pem() -> String {
    std::fs::read_to_string(repo_root().join("tests/fixtures/emulator-public-key.pem")).unwrap()
}

/// A unique hardware ID, so tests sharing one emulator never collide.
pub fn hw(tag: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// A running emulator, killed on drop.
pub struct Emulator {
    child: Child,
    pub url: String,
}

impl Emulator {
    pub fn start() -> Emulator {
        Self::start_with(&[])
    }

    pub fn start_with(extra: &[&str]) -> Emulator {
        let exe = std::env::var_os("LS_EMULATOR")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo_root().join("target/debug/ls-emulator"));
        assert!(
            exe.exists(),
            "{} is missing: run `cargo build -p ls-emulator` first (the test script does)",
            exe.display()
        );
        let root = repo_root();
        let mut child = Command::new(&exe)
            .args(["--listen", "127.0.0.1:0", "--seed"])
            .arg(root.join("emulator/seeds/demo.json"))
            .arg("--signing-key")
            .arg(root.join("tests/fixtures/emulator-signing-key.pem"))
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("ls-emulator starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Emulator { child, url }
    }

    /// A config for this emulator with the demo keys and its signing key trusted.
    pub fn config(&self) -> licensespring::Config {
        let mut c = licensespring::Config::new(API_KEY, SHARED_KEY).unwrap();
        c.set_base_url(&self.url).unwrap();
        c.set_public_key_pem(&public_key_pem()).unwrap();
        c.set_proxy(licensespring::Proxy::Direct).unwrap();
        c
    }

    pub fn client(&self) -> licensespring::Client {
        licensespring::Client::new(&self.config()).unwrap()
    }

    /// Moves the emulator's clock (it must run with `--clock-control`).
    pub fn advance_clock(&self, seconds: i64) {
        self.admin("clock", &format!(r#"{{"advance_seconds":{seconds}}}"#));
    }

    /// Posts to one of the emulator's loopback admin endpoints (`/__emulator/<what>`; it must
    /// run with `--clock-control`) and checks it answered 200.
    pub fn admin(&self, what: &str, body: &str) {
        use std::io::{Read, Write};
        let addr = self.url.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "POST /__emulator/{what} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(
            answer.starts_with("HTTP/1.1 200"),
            "{what} answered {answer}"
        );
    }

    /// The emulator's OAuth token endpoint.
    pub fn token_url(&self) -> String {
        format!(
            "{}/auth/realms/user-portal/protocol/openid-connect/token",
            self.url
        )
    }

    /// A config for this emulator authenticating as the OAuth client `client_id` of the demo seed.
    pub fn oauth_config(&self, client_id: &str) -> licensespring::Config {
        let mut c = licensespring::Config::new_oauth(client_id, OAUTH_SECRET).unwrap();
        c.set_token_url(&self.token_url()).unwrap();
        c.set_base_url(&self.url).unwrap();
        c.set_public_key_pem(&public_key_pem()).unwrap();
        c.set_proxy(licensespring::Proxy::Direct).unwrap();
        c
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
