//! The local license store through the Rust API, against a real `ls-emulator` (its own seed,
//! `tests/fixtures/store-seed.json`) and purpose-built servers for faults. Separate processes
//! are this test executable run again with `LS_STORE_TEST_CHILD` naming what to do (the `child`
//! test below), so "a new process", SIGKILL and concurrent writers are real.

mod support;

use licensespring::store::{build_offline_license, json::Json};
use licensespring::{
    Client, Config, Field, Param, ParamValue, Proxy, Request, Status, Store, StoreState,
};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use support::{hw, public_key_pem, repo_root, API_KEY, SHARED_KEY};

const PRODUCT: &str = "store";
const CHILD_ENV: &str = "LS_STORE_TEST_CHILD";
const HOUR_MS: i64 = 3_600_000;

/// A running emulator with the store tests' seed, killed on drop.
struct Emu {
    child: Child,
    url: String,
}

impl Emu {
    fn start(extra: &[&str]) -> Emu {
        let root = repo_root();
        let exe = std::env::var_os("LS_EMULATOR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target/debug/ls-emulator"));
        let mut child = Command::new(&exe)
            .args(["--listen", "127.0.0.1:0", "--seed"])
            .arg(root.join("tests/fixtures/store-seed.json"))
            .arg("--signing-key")
            .arg(root.join("tests/fixtures/emulator-signing-key.pem"))
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("ls-emulator starts (cargo build -p ls-emulator)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap()
            .to_owned();
        Emu { child, url }
    }

    fn advance_clock(&self, seconds: i64) {
        let addr = self.url.trim_start_matches("http://");
        let body = format!(r#"{{"advance_seconds":{seconds}}}"#);
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        write!(
            s,
            "POST /__emulator/clock HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn config(url: &str) -> Config {
    let mut c = Config::new(API_KEY, SHARED_KEY).unwrap();
    c.set_base_url(url).unwrap();
    c.set_public_key_pem(&public_key_pem()).unwrap();
    c.set_proxy(Proxy::Direct).unwrap();
    c.set_connect_timeout(Duration::from_secs(2)).unwrap();
    c.set_total_timeout(Duration::from_secs(10)).unwrap();
    c
}

fn client(url: &str) -> Client {
    Client::new(&config(url)).unwrap()
}

/// A URL nothing listens on.
const DEAD_URL: &str = "http://127.0.0.1:9";

fn request(device: &str) -> Request {
    Request::new(PRODUCT, device)
}

fn keyed(key: &str, device: &str) -> Request {
    request(device).license_key(key)
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn status<T>(r: licensespring::Result<T>) -> Status {
    match r {
        Ok(_) => Status::LS_OK,
        Err(e) => e.status(),
    }
}

fn folder() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

// ---------------------------------------------------------------------------------------------
// Child processes.

fn outcome(r: licensespring::Result<(licensespring::License, StoreState)>) -> String {
    match r {
        Ok((_, s)) => format!(
            "LS_OK in_grace={} grace_end={} online={} save={}",
            s.in_grace,
            s.grace_end_ms.unwrap_or(0),
            s.online,
            s.save_status.name()
        ),
        Err(e) => format!("{} {}", e.status().name(), e.message()),
    }
}

/// Runs as a child process when `LS_STORE_TEST_CHILD` is set (and passes trivially otherwise).
#[test]
fn child() {
    let Ok(action) = std::env::var(CHILD_ENV) else {
        return;
    };
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    let folder = env("LS_FOLDER");
    let store = Store::new(
        (!folder.is_empty()).then(|| Path::new(&folder)),
        &env("LS_PRODUCT"),
    )
    .unwrap();
    if let Ok(t) = std::env::var("LS_TIME_MS") {
        store.set_time(t.parse().unwrap()).unwrap();
    }
    let client = client(&env("LS_URL"));
    let device = env("LS_HW");
    let mut req = Request::new(&env("LS_PRODUCT"), &device);
    if !env("LS_KEY").is_empty() {
        req = req.license_key(&env("LS_KEY"));
    }
    let out = std::io::stdout();
    let say = |line: String| {
        let mut out = out.lock();
        writeln!(out, "RESULT {line}").unwrap();
        out.flush().unwrap();
    };
    match action.as_str() {
        "check_local" => say(outcome(store.check_local(&client, &req))),
        "check" => say(outcome(store.check(&client, &req, None))),
        "path" => say(store.path().display().to_string()),
        "activate_then_local" => {
            say(status(store.activate(&client, &req, None))
                .name()
                .to_owned());
            say(outcome(store.check_local(&client, &req)));
        }
        "writer" => loop {
            let s = store.add_local_consumption(&client, &req, 1).unwrap();
            assert_eq!(s.save_status, Status::LS_OK);
            say(format!("committed {}", s.local_consumptions));
        },
        "consume" => {
            let n: usize = env("LS_COUNT").parse().unwrap();
            let mut errors = 0;
            for _ in 0..n {
                match store.add_local_consumption(&client, &req, 1) {
                    Ok(s) if s.save_status == Status::LS_OK => {}
                    _ => errors += 1,
                }
            }
            say(format!("errors={errors}"));
        }
        "hammer" => {
            let n: usize = env("LS_COUNT").parse().unwrap();
            let mut errors = Vec::new();
            for _ in 0..n {
                for r in [
                    store.check(&client, &req, None).map(|(_, s)| s),
                    store.check_local(&client, &req).map(|(_, s)| s),
                ] {
                    match r {
                        Ok(s) if s.save_status == Status::LS_OK => {}
                        Ok(s) => errors.push(s.save_status.name().to_owned()),
                        Err(e) => errors.push(e.to_string()),
                    }
                }
            }
            say(format!("errors={} {:?}", errors.len(), errors.first()));
        }
        other => panic!("unknown child action {other}"),
    }
}

fn child_command(action: &str, envs: &[(&str, String)]) -> Command {
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.args(["child", "--exact", "--nocapture", "--test-threads=1", "-q"])
        .env(CHILD_ENV, action)
        .env("LS_PRODUCT", PRODUCT)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in envs {
        c.env(k, v);
    }
    c
}

fn results(output: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(output)
        .lines()
        .filter_map(|l| l.strip_prefix("RESULT ").map(str::to_owned))
        .collect()
}

/// Runs a child to its end and returns its RESULT lines.
fn run_child(action: &str, envs: &[(&str, String)]) -> Vec<String> {
    let out = child_command(action, envs).output().unwrap();
    let lines = results(&out.stdout);
    assert!(
        out.status.success() && !lines.is_empty(),
        "child {action} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    lines
}

fn env_for(folder: &Path, url: &str, device: &str) -> Vec<(&'static str, String)> {
    vec![
        ("LS_FOLDER", folder.display().to_string()),
        ("LS_URL", url.to_owned()),
        ("LS_HW", device.to_owned()),
    ]
}

// ---------------------------------------------------------------------------------------------
// Start offline; the grace window.

#[test]
fn start_offline_local_check_then_grace_then_its_end() {
    let dir = folder();
    let device = hw("offline-start");
    let start = now_ms();
    {
        let emu = Emu::start(&[]);
        let store = Store::new(Some(dir.path()), PRODUCT).unwrap();
        let (license, state) = store
            .activate(&client(&emu.url), &keyed("STORE-BASIC", &device), None)
            .unwrap();
        assert_eq!(license.str(Field::LS_LICENSE_KEY), Some("STORE-BASIC"));
        assert!(state.online && !state.in_grace);
        assert_eq!(state.save_status, Status::LS_OK);
        // The emulator stops here: nothing answers at its address any more.
        let url = emu.url.clone();
        drop(emu);

        // A new process, no network: the local check passes.
        let env = env_for(dir.path(), &url, &device);
        let lines = run_child("check_local", &env);
        assert!(lines[0].starts_with("LS_OK"), "{lines:?}");

        // The online check passes in grace (identity from the store) and says until when.
        let lines = run_child("check", &env);
        let line = &lines[0];
        assert!(line.starts_with("LS_OK in_grace=true"), "{line}");
        let end: i64 = line
            .split("grace_end=")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            (end - (start + 24 * HOUR_MS)).abs() < 10 * 60_000,
            "grace ends 24 h after the first failure: {end}"
        );
        assert!(line.contains("online=false"));

        // 23 hours later (another process) still in grace, from the same start.
        let mut later = env.clone();
        later.push(("LS_TIME_MS", (start + 23 * HOUR_MS).to_string()));
        let lines = run_child("check", &later);
        assert!(lines[0].starts_with("LS_OK in_grace=true"), "{lines:?}");
        assert!(lines[0].contains(&format!("grace_end={end}")), "{lines:?}");

        // After the window: its own status.
        let mut after = env.clone();
        after.push(("LS_TIME_MS", (start + 25 * HOUR_MS).to_string()));
        let lines = run_child("check", &after);
        assert!(
            lines[0].starts_with("LS_ERR_GRACE_PERIOD_EXPIRED"),
            "{lines:?}"
        );
        assert!(
            lines[0].contains("LS_ERR_CONNECT"),
            "names the cause: {lines:?}"
        );
        assert_eq!(
            Status::LS_ERR_GRACE_PERIOD_EXPIRED.category(),
            licensespring::Category::LS_CATEGORY_NETWORK
        );

        // In this process too, and the window is configurable.
        let store = Store::new(Some(dir.path()), PRODUCT).unwrap();
        store.set_grace_hours(2).unwrap();
        store.set_time(start + 3 * HOUR_MS).unwrap();
        let e = store
            .check(&client(&url), &request(&device), None)
            .unwrap_err();
        assert_eq!(e.status(), Status::LS_ERR_GRACE_PERIOD_EXPIRED);
        store.set_grace_hours(0).unwrap();
        let e = store
            .check(&client(&url), &request(&device), None)
            .unwrap_err();
        assert_eq!(
            e.status(),
            Status::LS_ERR_CONNECT,
            "no window: the failure itself"
        );
        assert!(store.set_grace_hours(24 * 367).is_err());
        // The local check is not the grace window's business.
        store.set_time(start + 30 * HOUR_MS).unwrap();
        let (_, s) = store.check_local(&client(&url), &request(&device)).unwrap();
        assert!(!s.online && s.grace_start_ms.is_some());
    }
}

#[test]
fn a_successful_check_closes_the_grace_window() {
    let emu = Emu::start(&[]);
    let dir = folder();
    let device = hw("grace-close");
    let store = Store::new(Some(dir.path()), PRODUCT).unwrap();
    let live = client(&emu.url);
    store
        .activate(&live, &keyed("STORE-BASIC", &device), None)
        .unwrap();
    let (_, s) = store
        .check(&client(DEAD_URL), &request(&device), None)
        .unwrap();
    assert!(s.in_grace && s.grace_start_ms.is_some());
    let (license, s) = store.check(&live, &request(&device), None).unwrap();
    assert!(s.online && !s.in_grace && s.grace_start_ms.is_none() && s.grace_end_ms.is_none());
    assert_eq!(
        license.str(Field::LS_LICENSE_HARDWARE_ID),
        Some(device.as_str())
    );
    // A check with no license stored and no identity: nothing to fall back on.
    let other = Store::new(Some(dir.path()), "store-other").unwrap();
    let e = other
        .check(&live, &Request::new("store-other", &device), None)
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_NO_STORED_LICENSE);
}

/// A server that answers every request with the same HTTP response.
fn fixed_server(status_line: &str, content_type: &str, body: &str) -> String {
    let response = std::sync::Arc::new(format!(
        "HTTP/1.1 {status_line}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let response = response.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let _ = stream.write_all(response.as_bytes());
            });
        }
    });
    url
}

#[test]
fn server_failures_open_the_grace_window_and_revocations_are_recorded() {
    let emu = Emu::start(&[]);
    let dir = folder();
    let device = hw("revoke");
    let store = Store::new(Some(dir.path()), PRODUCT).unwrap();
    store
        .activate(&client(&emu.url), &keyed("STORE-BASIC", &device), None)
        .unwrap();

    for (status_line, content_type, body) in [
        ("503 Service Unavailable", "text/plain", "busy!"),
        ("502 Bad Gateway", "text/html", "<html>"),
        // A captive portal or a broken proxy: a 200 without the server's signature.
        ("200 OK", "application/json", "{\"id\":1}"),
    ] {
        let url = fixed_server(status_line, content_type, body);
        let (_, s) = store.check(&client(&url), &request(&device), None).unwrap();
        assert!(s.in_grace, "{status_line}");
    }

    let disabled = fixed_server(
        "400 Bad Request",
        "application/json",
        r#"{"status":400,"code":"license_not_enabled","message":"The license is off"}"#,
    );
    let e = store
        .check(&client(&disabled), &request(&device), None)
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_LICENSE_NOT_ENABLED);
    // Recorded: a new handle (a restart) refuses locally, saying so.
    let again = Store::new(Some(dir.path()), PRODUCT).unwrap();
    let e = again
        .check_local(&client(DEAD_URL), &request(&device))
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_LICENSE_NOT_ENABLED);
    assert!(e.message().contains("decided locally"), "{}", e.message());
    assert_eq!(e.server_code(), Some("license_not_enabled"));
    // Offline it stays refused, in grace or not.
    let e = again
        .check(&client(DEAD_URL), &request(&device), None)
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_LICENSE_NOT_ENABLED);
    // The server accepting the device again clears it.
    again
        .check(&client(&emu.url), &request(&device), None)
        .unwrap();
    again
        .check_local(&client(DEAD_URL), &request(&device))
        .unwrap();
}

#[test]
fn an_expiry_the_server_reports_is_recorded() {
    let emu = Emu::start(&["--clock-control"]);
    let dir = folder();
    let device = hw("expiry");
    let store = Store::new(Some(dir.path()), PRODUCT).unwrap();
    let c = client(&emu.url);
    store
        .activate(&c, &keyed("STORE-TIME-LIMITED", &device), None)
        .unwrap();
    emu.advance_clock(80 * 366 * 86_400);
    let e = store.check(&c, &request(&device), None).unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_LICENSE_EXPIRED, "{e}");
    let e = store.check_local(&c, &request(&device)).unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_LICENSE_EXPIRED);
    assert!(e.message().contains("decided locally"));
}

// ---------------------------------------------------------------------------------------------
// The local checks.

#[test]
fn local_checks_each_with_its_own_status() {
    let emu = Emu::start(&[]);
    let c = client(&emu.url);
    let offline = client(DEAD_URL);
    let dir = folder();
    let now = now_ms();

    // Nothing stored.
    let store = Store::new(Some(dir.path()), PRODUCT).unwrap();
    let e = store
        .check_local(&offline, &request(&hw("none")))
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_NO_STORED_LICENSE);

    // Subscription: expires at validity + the server's grace period (48 h).
    let device = hw("sub");
    store
        .activate(&c, &keyed("STORE-SUBSCRIPTION", &device), None)
        .unwrap();
    let validity = licensespring::store::dates::parse_iso("2099-01-01T00:00:00Z").unwrap();
    store.set_time(validity + 47 * HOUR_MS).unwrap();
    let (_, s) = store.check_local(&offline, &request(&device)).unwrap();
    assert_eq!(s.valid_until_ms, Some(validity + 48 * HOUR_MS));
    store.set_time(validity + 48 * HOUR_MS + 1000).unwrap();
    let e = store.check_local(&offline, &request(&device)).unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_LICENSE_EXPIRED);
    assert!(e.message().contains("decided locally"), "{}", e.message());

    // The clock set back behind the last use (which the check at 2099 recorded).
    store.set_time(now).unwrap();
    let e = store.check_local(&offline, &request(&device)).unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_CLOCK_TAMPERED);

    // A fresh license: back by less than the tolerance passes, by more fails.
    let dir2 = folder();
    let store = Store::new(Some(dir2.path()), PRODUCT).unwrap();
    let device = hw("clock");
    store.set_time(now).unwrap();
    store
        .activate(&c, &keyed("STORE-BASIC", &device), None)
        .unwrap();
    store.set_time(now - 30_000).unwrap();
    store.check_local(&offline, &request(&device)).unwrap();
    store.set_time(now - HOUR_MS).unwrap();
    let e = store.check_local(&offline, &request(&device)).unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_CLOCK_TAMPERED);
    // A new process with the clock set back a day.
    let mut env = env_for(dir2.path(), DEAD_URL, &device);
    env.push(("LS_TIME_MS", (now - 24 * HOUR_MS).to_string()));
    assert!(run_child("check_local", &env)[0].starts_with("LS_ERR_CLOCK_TAMPERED"));

    // VM: the request says this is one.
    let dir3 = folder();
    let store = Store::new(Some(dir3.path()), PRODUCT).unwrap();
    let device = hw("vm");
    store
        .activate(&c, &keyed("STORE-NO-VM", &device), None)
        .unwrap();
    let mut in_vm = request(&device);
    in_vm
        .set(Param::LS_PARAM_IS_VM, ParamValue::Bool(true))
        .unwrap();
    assert_eq!(
        status(store.check_local(&offline, &in_vm)),
        Status::LS_ERR_VM_NOT_ALLOWED
    );
    store.check_local(&offline, &request(&device)).unwrap();

    // Floating seat: 10 minutes without an online check.
    let dir4 = folder();
    let store = Store::new(Some(dir4.path()), PRODUCT).unwrap();
    let device = hw("floating");
    store.set_time(now).unwrap();
    let (_, s) = store
        .activate(&c, &keyed("STORE-FLOATING", &device), None)
        .unwrap();
    assert_eq!(s.floating_end_ms, Some(now + 10 * 60_000));
    store.set_time(now + 9 * 60_000).unwrap();
    store.check_local(&offline, &request(&device)).unwrap();
    store.set_time(now + 11 * 60_000).unwrap();
    assert_eq!(
        status(store.check_local(&offline, &request(&device))),
        Status::LS_ERR_FLOATING_TIMEOUT
    );
    // An online check renews the seat.
    let (_, s) = store.check(&c, &request(&device), None).unwrap();
    assert_eq!(s.floating_end_ms, Some(now + 21 * 60_000));

    // Another product's request on this store is the caller's mistake.
    let e = store
        .check_local(&offline, &Request::new("store-other", &device))
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_INVALID_ARGUMENT);
}

#[test]
fn local_consumption_is_counted_sent_and_limited() {
    let emu = Emu::start(&[]);
    let c = client(&emu.url);
    let dir = folder();
    let device = hw("consume");
    let store = Store::new(Some(dir.path()), PRODUCT).unwrap();
    assert_eq!(
        status(store.add_local_consumption(&c, &request(&device), 1)),
        Status::LS_ERR_NO_STORED_LICENSE
    );
    store
        .activate(&c, &keyed("STORE-CONSUMPTION", &device), None)
        .unwrap();
    let s = store
        .add_local_consumption(&c, &request(&device), 4)
        .unwrap();
    assert_eq!(s.local_consumptions, 4);
    let e = store
        .add_local_consumption(&c, &request(&device), 7)
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_LICENSE_NOT_ENOUGH_CONSUMPTIONS);
    assert_eq!(
        status(store.add_local_consumption(&c, &request(&device), -1)),
        Status::LS_ERR_NEGATIVE_CONSUMPTIONS_NOT_ALLOWED
    );
    // The online check sends them: the server's total grows, the local count empties.
    let (license, s) = store.check(&c, &request(&device), None).unwrap();
    assert_eq!(license.int(Field::LS_LICENSE_TOTAL_CONSUMPTIONS), Some(4));
    assert_eq!(s.local_consumptions, 0);
    let s = store
        .add_local_consumption(&c, &request(&device), 6)
        .unwrap();
    assert_eq!(s.local_consumptions, 6);
    assert_eq!(
        status(store.add_local_consumption(&c, &request(&device), 1)),
        Status::LS_ERR_LICENSE_NOT_ENOUGH_CONSUMPTIONS
    );
    // A license that is not a consumption license.
    let dir2 = folder();
    let other = Store::new(Some(dir2.path()), PRODUCT).unwrap();
    other
        .activate(&c, &keyed("STORE-BASIC", &device), None)
        .unwrap();
    assert_eq!(
        status(other.add_local_consumption(&c, &request(&device), 1)),
        Status::LS_ERR_LICENSE_NOT_CONSUMPTION
    );
    // Deactivation removes the stored license.
    store.deactivate(&c, &request(&device), None).unwrap();
    assert!(!store.path().exists());
    assert_eq!(
        status(store.check_local(&c, &request(&device))),
        Status::LS_ERR_NO_STORED_LICENSE
    );
}

#[test]
fn the_default_folder_is_the_vendor_sdks() {
    let home = folder();
    let out = child_command(
        "path",
        &[
            ("HOME", home.path().display().to_string()),
            ("LS_URL", DEAD_URL.into()),
        ],
    )
    .output()
    .unwrap();
    let lines = results(&out.stdout);
    assert_eq!(
        Path::new(&lines[0]),
        home.path()
            .join(".LicenseSpring/LicenseSpring/store/store.lsstore")
    );
    let s = Store::new(Some(Path::new("/x")), "a/b c").unwrap();
    assert_eq!(s.path(), Path::new("/x/a%2Fb%20c.lsstore"));
    assert!(Store::new(None, "").is_err());
    assert!(Store::new(Some(Path::new("")), "p").is_err());
}

// ---------------------------------------------------------------------------------------------
// Tampering.

/// A store with a license activated in it, and the file's bytes.
fn activated(url: &str, dir: &Path, device: &str) -> (Store, Vec<u8>) {
    let store = Store::new(Some(dir), PRODUCT).unwrap();
    store
        .activate(&client(url), &keyed("STORE-BASIC", device), None)
        .unwrap();
    let bytes = std::fs::read(store.path()).unwrap();
    (store, bytes)
}

#[test]
fn every_single_byte_flip_is_tampering() {
    let emu = Emu::start(&[]);
    let dir = folder();
    let device = hw("flip");
    let (store, bytes) = activated(&emu.url, dir.path(), &device);
    let c = client(DEAD_URL);
    let req = request(&device);
    store.check_local(&c, &req).unwrap();
    let mut checked = 0;
    // Every offset, three ways each; each load is a fresh handle (a new start).
    for offset in 0..bytes.len() {
        for mask in [0x01u8, 0x80, 0xff] {
            let mut copy = bytes.clone();
            copy[offset] ^= mask;
            std::fs::write(store.path(), &copy).unwrap();
            let fresh = Store::new(Some(dir.path()), PRODUCT).unwrap();
            let e = fresh.check_local(&c, &req).unwrap_err();
            assert_eq!(
                e.status(),
                Status::LS_ERR_LICENSE_FILE_TAMPERED,
                "byte {offset} ^ {mask:#x}: {e}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 3 * 1000, "{checked} flips");
    // The same handle notices a change to a file it had verified.
    std::fs::write(store.path(), &bytes).unwrap();
    store.check_local(&c, &req).unwrap();
    let mut copy = bytes.clone();
    copy[bytes.len() / 2] ^= 1;
    std::fs::write(store.path(), &copy).unwrap();
    assert_eq!(
        status(store.check_local(&c, &req)),
        Status::LS_ERR_LICENSE_FILE_TAMPERED
    );
}

#[test]
fn truncated_empty_huge_and_foreign_files_say_what_they_are() {
    let emu = Emu::start(&[]);
    let dir = folder();
    let device = hw("shapes");
    let (store, bytes) = activated(&emu.url, dir.path(), &device);
    let c = client(DEAD_URL);
    let req = request(&device);
    let check = |content: &[u8]| {
        std::fs::write(store.path(), content).unwrap();
        let fresh = Store::new(Some(dir.path()), PRODUCT).unwrap();
        fresh.check_local(&c, &req).unwrap_err()
    };
    for len in (0..bytes.len()).step_by(7) {
        let e = check(&bytes[..len]);
        assert_eq!(
            e.status(),
            Status::LS_ERR_LICENSE_FILE_TAMPERED,
            "truncated at {len}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        check(&longer).status(),
        Status::LS_ERR_LICENSE_FILE_TAMPERED
    );
    let e = check(b"");
    assert!(e.message().contains("empty"), "{e}");
    let e = check(&bytes[..20]);
    assert!(e.message().contains("truncated"), "{e}");
    let e = check(&vec![b'x'; 3 * 1024 * 1024]);
    assert_eq!(e.status(), Status::LS_ERR_LICENSE_FILE_TAMPERED);
    assert!(e.message().contains("larger"), "{e}");
    let e = check(b"{\"licenses\": {\"store\": {}}}");
    assert!(
        e.message()
            .contains("not a licensespring-native store file"),
        "{e}"
    );
    let e = check(b"LSLF\x01\x00\x01\x01 a vendor SDK license file");
    assert!(
        e.message()
            .contains("not a licensespring-native store file"),
        "{e}"
    );
    // A newer format version, intact: its own status.
    let mut newer = bytes.clone();
    newer[8] = 2;
    store.reseal_file_bytes(&c, &req, &mut newer).unwrap();
    assert_eq!(
        check(&newer).status(),
        Status::LS_ERR_STORE_VERSION_UNSUPPORTED
    );
    // A state edited and resealed by someone who had the keys: still caught by the RSA
    // signature when the server's part is edited.
    let pos = bytes.windows(11).position(|w| w == b"STORE-BASIC").unwrap();
    let mut forged = bytes.clone();
    forged[pos..pos + 11].copy_from_slice(b"STORE-FORGE");
    store.reseal_file_bytes(&c, &req, &mut forged).unwrap();
    let e = check(&forged);
    assert_eq!(e.status(), Status::LS_ERR_LICENSE_FILE_TAMPERED);
    assert!(e.message().contains("signature"), "{e}");
    // The original is fine again.
    std::fs::write(store.path(), &bytes).unwrap();
    store.check_local(&c, &req).unwrap();
}

#[test]
fn a_store_copied_to_another_device_or_product_or_keys_fails() {
    let emu = Emu::start(&[]);
    let dir = folder();
    let device = hw("copy");
    let (store, bytes) = activated(&emu.url, dir.path(), &device);
    let c = client(DEAD_URL);
    // Another machine: another hardware ID reading the same file.
    let e = store
        .check_local(&c, &request(&hw("other-machine")))
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_HARDWARE_ID_MISMATCH, "{e}");
    assert_eq!(
        e.status().category(),
        licensespring::Category::LS_CATEGORY_TAMPERING
    );
    // Copied into another product's store.
    let other = Store::new(Some(dir.path()), "store-other").unwrap();
    std::fs::write(other.path(), &bytes).unwrap();
    let e = other
        .check_local(&c, &Request::new("store-other", &device))
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_PRODUCT_MISMATCH, "{e}");
    // Read with another vendor account's keys.
    let mut cfg = Config::new(API_KEY, "another-shared-key").unwrap();
    cfg.set_base_url(DEAD_URL).unwrap();
    cfg.set_public_key_pem(&public_key_pem()).unwrap();
    let e = store
        .check_local(&Client::new(&cfg).unwrap(), &request(&device))
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_LICENSE_FILE_TAMPERED);
    // The original device still passes.
    store.check_local(&c, &request(&device)).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Crashes and concurrency.

struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        Rng(now_ms() as u64 ^ 0x9E37_79B9_7F4A_7C15)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn writers_killed_at_random_moments_leave_the_old_or_the_new_state() {
    let emu = Emu::start(&[]);
    let dir = folder();
    let device = hw("crash");
    let store = Store::new(Some(dir.path()), PRODUCT).unwrap();
    store
        .activate(
            &client(&emu.url),
            &keyed("STORE-UNLIMITED-CONSUMPTION", &device),
            None,
        )
        .unwrap();
    let c = client(DEAD_URL);
    let req = request(&device);
    let env = env_for(dir.path(), DEAD_URL, &device);
    let mut rng = Rng::new();
    let iterations = 200;
    let mut killed_after_commit = 0;
    for i in 0..iterations {
        let before = Store::new(Some(dir.path()), PRODUCT)
            .unwrap()
            .check_local(&c, &req)
            .unwrap()
            .1
            .local_consumptions;
        let mut writer = child_command("writer", &env).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(30 + rng.below(220)));
        writer.kill().unwrap(); // SIGKILL
        writer.wait().unwrap();
        let mut out = Vec::new();
        writer.stdout.take().unwrap().read_to_end(&mut out).unwrap();
        let last = results(&out)
            .iter()
            .rev()
            .filter_map(|l| {
                l.strip_prefix("committed ")
                    .map(|n| n.parse::<i64>().unwrap())
            })
            .next();
        let fresh = Store::new(Some(dir.path()), PRODUCT).unwrap();
        let (_, state) = fresh.check_local(&c, &req).unwrap_or_else(|e| {
            panic!("iteration {i}: the store does not load after SIGKILL: {e}")
        });
        let after = state.local_consumptions;
        match last {
            Some(n) => {
                killed_after_commit += 1;
                assert!(
                    after == n || after == n + 1,
                    "iteration {i}: committed {n}, found {after}"
                );
            }
            None => assert!(
                after == before || after == before + 1,
                "iteration {i}: {before} -> {after}"
            ),
        }
    }
    assert!(
        killed_after_commit > iterations / 4,
        "writers got to write: {killed_after_commit}"
    );
    // The temporary files of killed writers are swept by the next write.
    Store::new(Some(dir.path()), PRODUCT)
        .unwrap()
        .add_local_consumption(&c, &req, 1)
        .unwrap();
    let stale: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(stale.is_empty(), "{stale:?}");
}

#[test]
fn eight_processes_two_hundred_checks_each_on_one_store() {
    let emu = Emu::start(&[]);
    let dir = folder();
    let device = hw("eight");
    let store = Store::new(Some(dir.path()), PRODUCT).unwrap();
    store
        .activate(&client(&emu.url), &keyed("STORE-BASIC", &device), None)
        .unwrap();
    let mut env = env_for(dir.path(), &emu.url, &device);
    env.push(("LS_COUNT", "200".into()));
    let children: Vec<Child> = (0..8)
        .map(|_| child_command("hammer", &env).spawn().unwrap())
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines = results(&out.stdout);
        assert!(lines[0].starts_with("errors=0 "), "{lines:?}");
    }
    let fresh = Store::new(Some(dir.path()), PRODUCT).unwrap();
    let (license, state) = fresh
        .check_local(&client(DEAD_URL), &request(&device))
        .unwrap();
    assert_eq!(license.str(Field::LS_LICENSE_KEY), Some("STORE-BASIC"));
    assert!(state.last_check_ms > 0);
}

#[test]
fn concurrent_updates_are_never_lost_across_processes_and_threads() {
    let emu = Emu::start(&[]);
    let dir = folder();
    let device = hw("count");
    let store = std::sync::Arc::new(Store::new(Some(dir.path()), PRODUCT).unwrap());
    let c = std::sync::Arc::new(client(&emu.url));
    store
        .activate(&c, &keyed("STORE-UNLIMITED-CONSUMPTION", &device), None)
        .unwrap();
    let mut env = env_for(dir.path(), DEAD_URL, &device);
    env.push(("LS_COUNT", "100".into()));
    let children: Vec<Child> = (0..4)
        .map(|_| child_command("consume", &env).spawn().unwrap())
        .collect();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (store, c, device) = (store.clone(), c.clone(), device.clone());
            std::thread::spawn(move || {
                for _ in 0..100 {
                    store
                        .add_local_consumption(&c, &request(&device), 1)
                        .unwrap();
                    store.check_local(&c, &request(&device)).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(results(&out.stdout), ["errors=0"]);
    }
    let (_, s) = Store::new(Some(dir.path()), PRODUCT)
        .unwrap()
        .check_local(&c, &request(&device))
        .unwrap();
    assert_eq!(s.local_consumptions, 800);
}

// ---------------------------------------------------------------------------------------------
// Storage failures.

/// A tmpfs mounted for a test, unmounted on drop.
struct Mount(PathBuf, #[allow(dead_code)] tempfile::TempDir);

impl Mount {
    fn tmpfs(options: &str) -> Option<Mount> {
        let dir = folder();
        let path = dir.path().join("mnt");
        std::fs::create_dir(&path).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(&path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("SKIPPED: cannot mount a tmpfs here (needs root and mount rights)");
            return None;
        }
        Some(Mount(path, dir))
    }

    fn remount(&self, options: &str) {
        assert!(Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.0)
            .status()
            .unwrap()
            .success());
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn storage_failures_have_clear_statuses_and_the_license_stays_in_memory() {
    let emu = Emu::start(&[]);
    let c = client(&emu.url);
    let offline = client(DEAD_URL);

    // A folder that cannot exist: a path through a regular file.
    let dir = folder();
    std::fs::write(dir.path().join("file"), b"x").unwrap();
    let store = Store::new(Some(&dir.path().join("file/store")), PRODUCT).unwrap();
    let device = hw("missing");
    let e = store
        .activate(&c, &keyed("STORE-BASIC", &device), None)
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_STORE_FOLDER_MISSING, "{e}");
    assert!(
        e.message().contains("kept in memory") || e.message().contains("keeps it in memory"),
        "{e}"
    );
    let (_, s) = store.check_local(&offline, &request(&device)).unwrap();
    assert_eq!(s.save_status, Status::LS_OK);
    // A missing folder that can be created is created.
    let created = Store::new(Some(&dir.path().join("a/b/c")), PRODUCT).unwrap();
    created
        .activate(&c, &keyed("STORE-BASIC", &hw("created")), None)
        .unwrap();
    assert!(created.path().exists());

    let Some(mount) = Mount::tmpfs("size=64k") else {
        return;
    };
    // Read-only: activation cannot be stored, but the handle keeps it.
    let device = hw("ro");
    let ro = Store::new(Some(&mount.0.join("ro")), PRODUCT).unwrap();
    std::fs::create_dir(mount.0.join("ro")).unwrap();
    mount.remount("ro");
    let e = ro
        .activate(&c, &keyed("STORE-BASIC", &device), None)
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_STORE_READ_ONLY, "{e}");
    assert_eq!(
        e.status().category(),
        licensespring::Category::LS_CATEGORY_STORAGE
    );
    ro.check_local(&offline, &request(&device)).unwrap();
    // A store written before the file system became read-only still loads and checks; the
    // recorded use that cannot be written is reported, not fatal.
    mount.remount("rw");
    let device = hw("ro2");
    let before = Store::new(Some(&mount.0.join("ro2")), PRODUCT).unwrap();
    let now = now_ms();
    before.set_time(now).unwrap();
    before
        .activate(&c, &keyed("STORE-BASIC", &device), None)
        .unwrap();
    mount.remount("ro");
    let later = Store::new(Some(&mount.0.join("ro2")), PRODUCT).unwrap();
    later.set_time(now + 10 * 60_000).unwrap();
    let (_, s) = later.check_local(&offline, &request(&device)).unwrap();
    assert_eq!(s.save_status, Status::LS_ERR_STORE_READ_ONLY);
    let (_, s) = later.check(&c, &request(&device), None).unwrap();
    assert!(s.online);
    assert_eq!(s.save_status, Status::LS_ERR_STORE_READ_ONLY);
    mount.remount("rw");

    // Disk full.
    let filler = mount.0.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0u8; 4096];
    while f.write_all(&chunk).is_ok() {}
    let _ = f.sync_all();
    drop(f);
    let device = hw("full");
    let full = Store::new(Some(&mount.0.join("full")), PRODUCT).unwrap();
    let _ = std::fs::create_dir(mount.0.join("full"));
    let e = full
        .activate(&c, &keyed("STORE-BASIC", &device), None)
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_STORE_DISK_FULL, "{e}");
    let (_, s) = full.check_local(&offline, &request(&device)).unwrap();
    assert_eq!(s.save_status, Status::LS_OK, "nothing new to write");
    // No temporary file is left behind by the failed writes.
    let leftovers: Vec<_> = std::fs::read_dir(mount.0.join("full"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name())
                .filter(|n| n.to_string_lossy().ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    std::fs::remove_file(&filler).unwrap();
    drop(mount);

    // Permission: a folder this (unprivileged) process may not write, in a child running as
    // `nobody`. Root ignores permission bits, so the child drops to uid 65534.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        use std::os::unix::process::CommandExt;
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("SKIPPED: the permission test needs root (to run a child as another user)");
            return;
        }
        let dir = folder();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        let device = hw("perm");
        let mut env = env_for(&locked, &emu.url, &device);
        env.push(("LS_KEY", "STORE-BASIC".into()));
        let mut cmd = child_command("activate_then_local", &env);
        cmd.uid(65534).gid(65534);
        let out = cmd.output().unwrap();
        let lines = results(&out.stdout);
        assert_eq!(
            lines.len(),
            2,
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(lines[0], "LS_ERR_STORE_PERMISSION_DENIED");
        assert!(lines[1].starts_with("LS_OK"), "in memory: {}", lines[1]);
        // A stored file the user may not read.
        let device = hw("unreadable");
        let readable = dir.path().join("unreadable");
        let store = Store::new(Some(&readable), PRODUCT).unwrap();
        store
            .activate(&c, &keyed("STORE-BASIC", &device), None)
            .unwrap();
        std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o000)).unwrap();
        let mut cmd = child_command("check_local", &env_for(&readable, DEAD_URL, &device));
        cmd.uid(65534).gid(65534);
        let lines = results(&cmd.output().unwrap().stdout);
        assert!(
            lines[0].starts_with("LS_ERR_STORE_PERMISSION_DENIED"),
            "{lines:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Air-gapped activation.

/// Signs like the emulator: RSA PKCS#1 v1.5 SHA-256 with its fixed test key, base64.
fn emulator_sign(data: &[u8]) -> String {
    use base64::Engine;
    let pem = std::fs::read_to_string(repo_root().join("tests/fixtures/emulator-signing-key.pem"))
        .unwrap();
    let (_, der) = spki::der::pem::decode_vec(pem.as_bytes()).unwrap();
    let key = ring::signature::RsaKeyPair::from_der(&der).unwrap();
    let mut sig = vec![0; key.public().modulus_len()];
    key.sign(
        &ring::signature::RSA_PKCS1_SHA256,
        &ring::rand::SystemRandom::new(),
        data,
        &mut sig,
    )
    .unwrap();
    base64::engine::general_purpose::STANDARD.encode(sig)
}

fn decode_request(text: &str) -> (Json, String, String) {
    use base64::Engine;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let outer = Json::parse(&raw).unwrap();
    let inner = outer.get("request").unwrap().clone();
    // The inner text as it appears in the outer JSON (what the outer HMAC covers).
    let start = raw.find("{\"request\": \"").unwrap();
    let sig_at = raw.rfind(", \"signature\": \"").unwrap();
    let inner_text = raw[start..sig_at].to_owned();
    (
        inner,
        inner_text,
        outer.get_str("signature").unwrap().to_owned(),
    )
}

fn hmac_b64(key: &str, msg: &str) -> String {
    use base64::Engine;
    let k = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(ring::hmac::sign(&k, msg.as_bytes()).as_ref())
}

/// What a server answers to an offline activation request: a `.lic` for the license object
/// `license_json` (taken from a real activation), signed with the emulator's key.
fn answer(license_json: &str, request_id: &str, shared_key: &str) -> String {
    build_offline_license(
        license_json,
        request_id,
        "Tue, 01 Dec 2026 10:00:00 GMT",
        API_KEY,
        shared_key,
        &emulator_sign,
    )
    .unwrap()
}

#[test]
fn air_gapped_round_trip_through_buffers_and_files() {
    let emu = Emu::start(&[]);
    let online = client(&emu.url);
    let offline = client(DEAD_URL);
    let dir = folder();
    let device = hw("airgap");
    // The license object the server would put in the .lic (the same as an online activation's).
    let body = online
        .activate(&keyed("STORE-BASIC", &device))
        .unwrap()
        .json()
        .to_owned();

    let store = Store::new(Some(dir.path()), PRODUCT).unwrap();
    let text = store
        .offline_activation_request(&offline, &keyed("STORE-BASIC", &device))
        .unwrap();
    // The request file is the vendor's format: signatures a server can check.
    let (inner, inner_text, outer_sig) = decode_request(&text);
    assert_eq!(hmac_b64(SHARED_KEY, &inner_text), outer_sig);
    assert_eq!(inner.get_str("request"), Some("activation"));
    assert_eq!(inner.get_str("license_key"), Some("STORE-BASIC"));
    assert_eq!(inner.get_str("api_key"), Some(API_KEY));
    assert_eq!(inner.get("schema_version"), Some(&Json::Number("2".into())));
    let date = inner.get_str("date").unwrap();
    assert_eq!(
        inner.get_str("signature").unwrap(),
        hmac_b64(
            SHARED_KEY,
            &format!("licenseSpring\ndate: {date}\nSTORE-BASIC\n{device}\n{API_KEY}")
        )
    );
    let request_id = inner.get_str("request_id").unwrap().to_owned();
    assert_eq!(request_id.len(), 36);

    // Buffers.
    let lic = answer(&body, &request_id, SHARED_KEY);
    let (license, s) = store
        .load_offline_license(&offline, &request(&device), &lic)
        .unwrap();
    assert!(s.offline_activated && !s.online);
    assert_eq!(license.str(Field::LS_LICENSE_KEY), Some("STORE-BASIC"));
    let fresh = Store::new(Some(dir.path()), PRODUCT).unwrap();
    let (_, s) = fresh.check_local(&offline, &request(&device)).unwrap();
    assert!(s.offline_activated);
    // A .lic answers its request once.
    assert_eq!(
        status(store.load_offline_license(&offline, &request(&device), &lic)),
        Status::LS_ERR_OFFLINE_REQUEST_MISMATCH
    );

    // Files.
    let dir2 = folder();
    let store = Store::new(Some(dir2.path()), PRODUCT).unwrap();
    let req_path = dir2.path().join("out/activate_offline.req");
    licensespring::store::write_text_file(
        &req_path,
        &store
            .offline_activation_request(&offline, &keyed("STORE-BASIC", &device))
            .unwrap(),
    )
    .unwrap();
    let written = std::fs::read_to_string(&req_path).unwrap();
    assert!(written.ends_with('\n'));
    let (inner, _, _) = decode_request(&written);
    let lic_path = dir2.path().join("license.lic");
    std::fs::write(
        &lic_path,
        answer(&body, inner.get_str("request_id").unwrap(), SHARED_KEY) + "\n",
    )
    .unwrap();
    let lic_text = licensespring::store::read_text_file(&lic_path).unwrap();
    store
        .load_offline_license(&offline, &request(&device), &lic_text)
        .unwrap();
    store.check_local(&offline, &request(&device)).unwrap();

    // Deactivation request: the stored license is given up here.
    let text = store
        .offline_deactivation_request(&offline, &request(&device))
        .unwrap();
    let (inner, inner_text, outer_sig) = decode_request(&text);
    assert_eq!(hmac_b64(SHARED_KEY, &inner_text), outer_sig);
    assert_eq!(inner.get_str("request"), Some("deactivation"));
    assert_eq!(
        inner.get_str("license_key"),
        Some("STORE-BASIC"),
        "identity from the store"
    );
    assert_eq!(
        status(store.check_local(&offline, &request(&device))),
        Status::LS_ERR_NO_STORED_LICENSE
    );
}

#[test]
fn a_lic_for_another_request_device_or_key_is_refused() {
    let emu = Emu::start(&[]);
    let online = client(&emu.url);
    let offline = client(DEAD_URL);
    let dir = folder();
    let device = hw("airgap-refuse");
    let body = online
        .activate(&keyed("STORE-BASIC", &device))
        .unwrap()
        .json()
        .to_owned();
    let store = Store::new(Some(dir.path()), PRODUCT).unwrap();

    // No request pending at all.
    let lic = answer(&body, "00000000-0000-4000-8000-000000000000", SHARED_KEY);
    assert_eq!(
        status(store.load_offline_license(&offline, &request(&device), &lic)),
        Status::LS_ERR_OFFLINE_REQUEST_MISMATCH
    );
    // A request made, then another: the first one's answer no longer fits.
    let first = store
        .offline_activation_request(&offline, &keyed("STORE-BASIC", &device))
        .unwrap();
    let second = store
        .offline_activation_request(&offline, &keyed("STORE-BASIC", &device))
        .unwrap();
    let first_id = decode_request(&first)
        .0
        .get_str("request_id")
        .unwrap()
        .to_owned();
    let second_id = decode_request(&second)
        .0
        .get_str("request_id")
        .unwrap()
        .to_owned();
    let e = store
        .load_offline_license(
            &offline,
            &request(&device),
            &answer(&body, &first_id, SHARED_KEY),
        )
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_OFFLINE_REQUEST_MISMATCH, "{e}");
    // Made for another device (the right request ID copied into it).
    let other_device = hw("airgap-other");
    let other_body = online
        .activate(&keyed("STORE-BASIC", &other_device))
        .unwrap()
        .json()
        .to_owned();
    let e = store
        .load_offline_license(
            &offline,
            &request(&device),
            &answer(&other_body, &second_id, SHARED_KEY),
        )
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_HARDWARE_ID_MISMATCH, "{e}");
    // Made for another request on another device: the pending request of this store does not
    // match a .lic another device's store would accept.
    let dir2 = folder();
    let elsewhere = Store::new(Some(dir2.path()), PRODUCT).unwrap();
    let theirs = elsewhere
        .offline_activation_request(&offline, &keyed("STORE-BASIC", &other_device))
        .unwrap();
    let their_id = decode_request(&theirs)
        .0
        .get_str("request_id")
        .unwrap()
        .to_owned();
    assert_eq!(
        status(store.load_offline_license(
            &offline,
            &request(&device),
            &answer(&other_body, &their_id, SHARED_KEY)
        )),
        Status::LS_ERR_HARDWARE_ID_MISMATCH
    );
    // Signed with another account's shared key: the HMAC does not match.
    let e = store
        .load_offline_license(
            &offline,
            &request(&device),
            &answer(&body, &second_id, "other-shared-key"),
        )
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_SIGNATURE_INVALID, "{e}");
    // Edited after signing.
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let good = answer(&body, &second_id, SHARED_KEY);
    let edited = String::from_utf8(b64.decode(&good).unwrap())
        .unwrap()
        .replace("\"license_enabled\":true", "\"license_enabled\":false");
    let e = store
        .load_offline_license(&offline, &request(&device), &b64.encode(&edited))
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_SIGNATURE_INVALID, "{e}");
    // Not a .lic at all.
    for junk in ["", "!!!", "bm90IGpzb24=", "[1,2]", "{\"id\":1}"] {
        let e = store
            .load_offline_license(&offline, &request(&device), junk)
            .unwrap_err();
        assert_eq!(
            e.status(),
            Status::LS_ERR_OFFLINE_LICENSE_INVALID,
            "{junk:?}: {e}"
        );
    }
    // The right one, as JSON text rather than base64, is accepted.
    store
        .load_offline_license(
            &offline,
            &request(&device),
            &String::from_utf8(b64.decode(&good).unwrap()).unwrap(),
        )
        .unwrap();
    store.check_local(&offline, &request(&device)).unwrap();
}

/// POSTs a request file to the emulator's offline endpoint, signed like every call; returns
/// the HTTP status and body.
fn post_offline(url: &str, endpoint: &str, body: &str) -> (u16, String) {
    let addr = url.trim_start_matches("http://");
    let date = licensespring::auth::http_date_now();
    let auth = licensespring::auth::authorization_header(API_KEY, SHARED_KEY, &date);
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /api/v4/{endpoint} HTTP/1.1\r\nHost: {addr}\r\nDate: {date}\r\nAuthorization: {auth}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_owned())
}

#[test]
fn air_gapped_round_trip_through_the_emulator() {
    use base64::Engine;
    let emu = Emu::start(&[]);
    let offline = client(DEAD_URL);
    let dir = folder();
    let device = hw("airgap-e2e");
    let store = Store::new(Some(dir.path()), PRODUCT).unwrap();

    // The device without network writes its request file...
    let req_path = dir.path().join("activate_offline.req");
    licensespring::store::write_text_file(
        &req_path,
        &store
            .offline_activation_request(&offline, &keyed("STORE-SUBSCRIPTION", &device))
            .unwrap(),
    )
    .unwrap();
    // ...which is carried to a machine with network and posted as it is.
    let (http, answer) = post_offline(
        &emu.url,
        "activate_offline",
        &std::fs::read_to_string(&req_path).unwrap(),
    );
    assert_eq!(http, 200, "{answer}");
    let lic_path = dir.path().join("license.lic");
    std::fs::write(
        &lic_path,
        base64::engine::general_purpose::STANDARD.encode(&answer),
    )
    .unwrap();
    // Back on the device: the .lic verifies and is stored.
    let lic = licensespring::store::read_text_file(&lic_path).unwrap();
    let (license, s) = store
        .load_offline_license(&offline, &request(&device), &lic)
        .unwrap();
    assert!(s.offline_activated);
    assert_eq!(
        license.str(Field::LS_LICENSE_KEY),
        Some("STORE-SUBSCRIPTION")
    );
    assert!(s.valid_until_ms.is_some());
    let fresh = Store::new(Some(dir.path()), PRODUCT).unwrap();
    fresh.check_local(&offline, &request(&device)).unwrap();
    // The server counts the device: an online activation of it is refused as existing.
    let e = client(&emu.url)
        .activate(&keyed("STORE-SUBSCRIPTION", &device))
        .unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_LICENSE_DEVICE_EXISTS);
    // And the same answer as buffers, for a second request made with another store.
    let dir2 = folder();
    let device2 = hw("airgap-e2e-buffers");
    let store2 = Store::new(Some(dir2.path()), PRODUCT).unwrap();
    let text = store2
        .offline_activation_request(&offline, &keyed("STORE-BASIC", &device2))
        .unwrap();
    let (http, answer) = post_offline(&emu.url, "activate_offline", &text);
    assert_eq!(http, 200, "{answer}");
    store2
        .load_offline_license(&offline, &request(&device2), &answer)
        .unwrap();
    // A .lic the emulator made for another device's request is refused here.
    assert_eq!(
        status(store2.load_offline_license(
            &offline,
            &request(&device2),
            &base64::engine::general_purpose::STANDARD.encode(&lic)
        )),
        Status::LS_ERR_OFFLINE_LICENSE_INVALID,
        "base64 of base64 is no license"
    );
    assert_eq!(
        status(store2.load_offline_license(&offline, &request(&device2), &lic)),
        Status::LS_ERR_HARDWARE_ID_MISMATCH
    );

    // Offline deactivation: the file frees the seat on the server.
    let text = fresh
        .offline_deactivation_request(&offline, &request(&device))
        .unwrap();
    let (http, answer) = post_offline(&emu.url, "deactivate_offline", &format!("{text}\n"));
    assert_eq!((http, answer.trim()), (200, "license_deactivated"));
    assert_eq!(
        status(fresh.check_local(&offline, &request(&device))),
        Status::LS_ERR_NO_STORED_LICENSE
    );
    client(&emu.url)
        .activate(&keyed("STORE-SUBSCRIPTION", &device))
        .unwrap();
}

/// Writes the seed inputs of the `store_file` and `offline_license` fuzz targets
/// (`fuzz/corpus/<target>/seed-*`) from real activations on the demo seed. Run by hand:
/// `cargo test --test store -- --ignored write_fuzz_seeds`.
#[test]
#[ignore]
fn write_fuzz_seeds() {
    use base64::Engine;
    let emu = support::Emulator::start();
    let c = emu.client();
    let root = repo_root().join("fuzz/corpus");
    for target in ["store_file", "offline_license"] {
        std::fs::create_dir_all(root.join(target)).unwrap();
    }
    for (i, key) in [
        "DEMO-UNLIMITED",
        "DEMO-1111-2222-3333",
        "DEMO-TIME-LIMITED",
        "DEMO-FLOATING-CLOUD",
        "DEMO-UNLIMITED-CONSUMPTION",
        "DEMO-NO-VM",
    ]
    .iter()
    .enumerate()
    {
        let dir = folder();
        let store = Store::new(Some(dir.path()), "demo").unwrap();
        let req = Request::new("demo", "fuzz-hw").license_key(key);
        store.activate(&c, &req, None).unwrap();
        let bytes = std::fs::read(store.path()).unwrap();
        for mode in [1u8, 3] {
            let mut seed = vec![mode];
            seed.extend_from_slice(&bytes);
            std::fs::write(root.join(format!("store_file/seed-{i}-{mode}")), seed).unwrap();
        }
        if *key == "DEMO-FLOATING-CLOUD" {
            continue; // not activated offline
        }
        store.remove().unwrap();
        let dir2 = folder();
        let offline_store = Store::new(Some(dir2.path()), "demo").unwrap();
        let req = Request::new("demo", &format!("fuzz-offline-{i}")).license_key(key);
        let text = offline_store.offline_activation_request(&c, &req).unwrap();
        let addr = emu.url.clone();
        let (http, answer) = post_offline(&addr, "activate_offline", &text);
        assert_eq!(http, 200, "{answer}");
        std::fs::write(
            root.join(format!("offline_license/seed-{i}-b64")),
            base64::engine::general_purpose::STANDARD.encode(&answer),
        )
        .unwrap();
        std::fs::write(root.join(format!("offline_license/seed-{i}-json")), &answer).unwrap();
    }
}
