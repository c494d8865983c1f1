//! OAuth client credentials against ls-emulator's token endpoint: bearer tokens on every call,
//! one fetch for many threads, a refused token replaced once, the token endpoint's faults each
//! in its own status and bounded by the timeout, recovery when the endpoint recovers, and no
//! secret or token in any message.

mod support;

use licensespring::{Client, Request, Status};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};
use support::{hw, Emulator, OAUTH_SECRET};

fn key(device: &str) -> Request {
    Request::new("demo", device).license_key("DEMO-UNLIMITED")
}

/// A forwarder in front of the emulator's token endpoint that counts the requests it passes on.
struct CountingForwarder {
    url: String,
    count: Arc<AtomicUsize>,
}

fn counting_forwarder(emu: &Emulator) -> CountingForwarder {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let upstream = emu.url.trim_start_matches("http://").to_owned();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let (upstream, counter) = (upstream.clone(), counter.clone());
            std::thread::spawn(move || forward(client, &upstream, &counter));
        }
    });
    CountingForwarder {
        url: format!(
            "http://127.0.0.1:{port}/auth/realms/user-portal/protocol/openid-connect/token"
        ),
        count,
    }
}

/// Passes one request through (reading its head and `Content-Length` body), then the answer.
fn forward(mut client: TcpStream, upstream: &str, counter: &AtomicUsize) {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = client.read(&mut buf).unwrap_or(0);
        if n == 0 {
            return;
        }
        request.extend_from_slice(&buf[..n]);
        let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&request[..end]).to_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map_or(0, |v| v.trim().parse().unwrap());
        if request.len() >= end + 4 + length {
            break;
        }
    }
    counter.fetch_add(1, Ordering::SeqCst);
    // Ask the emulator to close after answering, so the whole answer is read to its end.
    let line_end = request.windows(2).position(|w| w == b"\r\n").unwrap();
    let mut upstream_request = request[..line_end + 2].to_vec();
    upstream_request.extend_from_slice(b"Connection: close\r\n");
    upstream_request.extend_from_slice(&request[line_end + 2..]);
    let mut up = TcpStream::connect(upstream).unwrap();
    up.write_all(&upstream_request).unwrap();
    let mut answer = Vec::new();
    let _ = up.read_to_end(&mut answer);
    let _ = client.write_all(&answer);
}

#[test]
fn every_operation_goes_through_with_a_bearer_token() {
    let emu = Emulator::start();
    let client = Client::new(&emu.oauth_config("demo-client")).unwrap();
    let device = hw("oauth");
    let lic = client.activate(&key(&device)).unwrap();
    assert_eq!(
        lic.str(licensespring::Field::LS_LICENSE_KEY),
        Some("DEMO-UNLIMITED")
    );
    client.check(&key(&device)).unwrap();
    let details = client
        .call(
            licensespring::Operation::LS_OP_PRODUCT_DETAILS,
            &Request::default().with(licensespring::Param::LS_PARAM_PRODUCT, "demo"),
            None,
        )
        .unwrap()
        .unwrap();
    assert_eq!(details.int(licensespring::Field::LS_PRODUCT_ID), Some(1));
    client.deactivate(&key(&device)).unwrap();
}

#[test]
fn sixteen_threads_share_one_token_fetch() {
    let emu = Emulator::start();
    let forwarder = counting_forwarder(&emu);
    let mut config = emu.oauth_config("demo-client");
    config.set_token_url(&forwarder.url).unwrap();
    let client = Arc::new(Client::new(&config).unwrap());
    let barrier = Arc::new(Barrier::new(16));
    let threads: Vec<_> = (0..16)
        .map(|_| {
            let (client, barrier) = (client.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                client.check(&key("no-such-device")).unwrap_err().status()
            })
        })
        .collect();
    for t in threads {
        // Authorized (the server looked at the device), so every thread had a token.
        assert_eq!(t.join().unwrap(), Status::LS_ERR_DEVICE_NOT_FOUND);
    }
    assert_eq!(
        forwarder.count.load(Ordering::SeqCst),
        1,
        "one token fetch for 16 threads"
    );
    client.check(&key("no-such-device")).unwrap_err();
    assert_eq!(
        forwarder.count.load(Ordering::SeqCst),
        1,
        "the token is reused"
    );
}

#[test]
fn a_token_the_server_refuses_is_replaced_once() {
    let emu = Emulator::start_with(&["--clock-control"]);
    let forwarder = counting_forwarder(&emu);
    let mut config = emu.oauth_config("demo-client-short");
    config.set_token_url(&forwarder.url).unwrap();
    let client = Client::new(&config).unwrap();
    let device = hw("refresh");
    client.activate(&key(&device)).unwrap();
    assert_eq!(forwarder.count.load(Ordering::SeqCst), 1);
    // The server's clock passes the token's 60 s; the client still holds it, is refused with
    // oauth_token_expired, fetches a new token and retries once: the caller sees a success.
    emu.advance_clock(61);
    client.check(&key(&device)).unwrap();
    assert_eq!(forwarder.count.load(Ordering::SeqCst), 2);
}

fn oauth_client(emu: &Emulator, client_id: &str, timeout: Duration) -> Client {
    let mut config = emu.oauth_config(client_id);
    config.set_total_timeout(timeout).unwrap();
    config.set_connect_timeout(timeout).unwrap();
    Client::new(&config).unwrap()
}

#[test]
fn token_endpoint_faults_end_in_their_own_status_within_the_timeout_and_calls_recover() {
    let emu = Emulator::start_with(&["--clock-control"]);
    let cases = [
        ("demo-client-hang", "hang", Status::LS_ERR_TIMEOUT, None),
        ("demo-client-html", "html", Status::LS_ERR_SERVER, Some(502)),
        (
            "demo-client-invalid",
            "invalid_client",
            Status::LS_ERR_OAUTH_INVALID_CLIENT,
            Some(401),
        ),
        (
            "demo-client-expired",
            "expired_tokens",
            Status::LS_ERR_OAUTH_TOKEN_EXPIRED,
            Some(401),
        ),
    ];
    let timeout = Duration::from_secs(1);
    for (client_id, fault, status, http) in cases {
        let client = oauth_client(&emu, client_id, timeout);
        let device = hw(fault);
        let started = Instant::now();
        let e = client.activate(&key(&device)).unwrap_err();
        assert_eq!(e.status(), status, "{fault}: {e}");
        assert_eq!(e.http_status(), http, "{fault}");
        assert!(
            started.elapsed() < timeout * 3 + Duration::from_secs(2),
            "{fault}: bounded"
        );
        let secret = OAUTH_SECRET;
        assert!(
            !e.message().contains(secret) && !format!("{e:?}").contains(secret),
            "{fault}"
        );
        // The endpoint recovers: the same client's next call works.
        emu.admin(
            "oauth",
            &format!(r#"{{"client_id":"{client_id}","fault":null}}"#),
        );
        client
            .activate(&key(&device))
            .unwrap_or_else(|e| panic!("{fault}: no recovery: {e}"));
    }
}

#[test]
fn neither_the_secret_nor_a_token_appears_in_debug_output_or_messages() {
    let emu = Emulator::start();
    let config = emu.oauth_config("demo-client");
    let client = Client::new(&config).unwrap();
    client.check(&key("secret-check")).unwrap_err(); // a token is now held
    for shown in [format!("{config:?}"), format!("{client:?}")] {
        assert!(!shown.contains(OAUTH_SECRET), "{shown}");
        assert!(!shown.contains("Bearer"), "{shown}");
    }
    let mut wrong = licensespring::Config::new_oauth("demo-client", "wrong-secret-value").unwrap();
    wrong.set_token_url(&emu.token_url()).unwrap();
    wrong.set_base_url(&emu.url).unwrap();
    wrong.set_proxy(licensespring::Proxy::Direct).unwrap();
    let e = Client::new(&wrong).unwrap().check(&key("x")).unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_OAUTH_INVALID_CLIENT);
    assert!(
        !e.message().contains("wrong-secret-value")
            && !format!("{e:?}").contains("wrong-secret-value")
    );
}
