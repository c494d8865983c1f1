//! Fault tests against a purpose-built hostile server (see `tests/hostile/mod.rs`): stalls,
//! trickles, endless and oversized bodies, lying signatures, odd error bodies, resets, redirects,
//! refused connections, TLS, and secrets that must never leak into errors or Debug output.
//!
//! Every call must end with the exact status, and within the total timeout plus a generous
//! margin (the machine is shared and noisy: this is a bound, not a benchmark).

mod hostile;

use hostile::{
    closed_port, fixed, hold, json_error, read_request, refusing, respond, response, serve,
    serve_tls, sign, signed_200, RawRequest, Server, LICENSE_BODY, PUBLIC_KEY_PEM,
};
use licensespring::{Client, Config, Error, Field::*, Proxy, Request, Status};
use std::io::Write;
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const TOTAL_TIMEOUT: Duration = Duration::from_secs(2);
/// Slack on top of the total timeout before a call counts as hung.
const MARGIN: Duration = Duration::from_secs(3);

fn config(url: &str) -> Config {
    let mut config = Config::new("k", "s").unwrap();
    config.set_base_url(url).unwrap();
    config.set_connect_timeout(CONNECT_TIMEOUT).unwrap();
    config.set_total_timeout(TOTAL_TIMEOUT).unwrap();
    config.set_public_key_pem(PUBLIC_KEY_PEM).unwrap();
    config.set_proxy(Proxy::Direct).unwrap();
    config
}

fn client(url: &str) -> Client {
    Client::new(&config(url)).unwrap()
}

fn request() -> Request {
    Request::new("p", "hw").license_key("k")
}

#[derive(Clone, Copy, Debug)]
enum Call {
    Activate,
    Check,
    Deactivate,
}

/// Runs one call and returns its result as `()` plus how long it took.
fn run(client: &Client, call: Call, request: &Request) -> (licensespring::Result<()>, Duration) {
    let start = Instant::now();
    let result = match call {
        Call::Activate => client.activate(request).map(|_| ()),
        Call::Check => client.check(request).map(|_| ()),
        Call::Deactivate => client.deactivate(request),
    };
    (result, start.elapsed())
}

/// The call must fail with `status`, with a message, within the total timeout plus the margin.
fn expect_status(client: &Client, call: Call, request: &Request, status: Status) -> Error {
    let (result, elapsed) = run(client, call, request);
    let bound = TOTAL_TIMEOUT + MARGIN;
    let err = result.expect_err(&format!("{call:?} should fail with {}", status.name()));
    assert_eq!(err.status(), status, "{call:?}: {err:?}");
    assert!(
        !err.message().is_empty(),
        "{call:?}: empty message: {err:?}"
    );
    assert!(!err.to_string().is_empty());
    assert!(
        elapsed <= bound,
        "{call:?} took {elapsed:?}, more than {bound:?}: {err:?}"
    );
    err
}

/// `activate` against `server` must fail with `status`.
fn activate_fails(server: &Server, status: Status) -> Error {
    expect_status(&client(&server.url()), Call::Activate, &request(), status)
}

/// Writes `bytes` forever (in 64 KiB chunks) until the peer goes away; counts what was written
/// and flags when it stopped.
fn firehose(
    stream: &mut TcpStream,
    head: &[u8],
    sent: &AtomicU64,
    done: &AtomicBool,
    chunked: bool,
) {
    let chunk = vec![b'x'; 64 * 1024];
    let mut framed = Vec::new();
    if chunked {
        framed.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        framed.extend_from_slice(&chunk);
        framed.extend_from_slice(b"\r\n");
    } else {
        framed = chunk;
    }
    if stream.write_all(head).is_ok() {
        while stream.write_all(&framed).is_ok() {
            sent.fetch_add(framed.len() as u64, Ordering::SeqCst);
        }
    }
    done.store(true, Ordering::SeqCst);
}

/// After the client gave up on an endless body, the server's writes must start failing soon
/// (the client dropped the connection) having sent only a bounded amount: the client read at
/// most its 2 MiB cap and the rest sat in socket buffers.
fn assert_client_stopped_reading(sent: &AtomicU64, done: &AtomicBool) {
    let start = Instant::now();
    while !done.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(10) {
        thread::sleep(Duration::from_millis(20));
    }
    let sent = sent.load(Ordering::SeqCst);
    assert!(
        done.load(Ordering::SeqCst),
        "the client kept the connection open after failing ({sent} bytes sent so far)"
    );
    assert!(
        sent < 64 * 1024 * 1024,
        "the server sent {sent} bytes before the client stopped reading"
    );
}

// ---------------------------------------------------------------------------------------------
// The harness itself works.

#[test]
fn correctly_signed_license_succeeds() {
    let seen: Arc<Mutex<Vec<RawRequest>>> = Arc::default();
    let log = seen.clone();
    let server = respond(move |stream, req| {
        log.lock().unwrap().push(req.clone());
        let _ = stream.write_all(&signed_200(LICENSE_BODY.as_bytes()));
    });
    let client = client(&server.url());
    let start = Instant::now();
    let license = client
        .activate(&request())
        .expect("a signed license body activates");
    assert!(start.elapsed() <= TOTAL_TIMEOUT + MARGIN);
    assert_eq!(license.int(LS_LICENSE_ID), Some(4242));
    assert_eq!(license.str(LS_LICENSE_KEY), Some("k"));
    assert_eq!(
        license.json(),
        LICENSE_BODY,
        "the exact body that was verified"
    );
    assert_eq!(
        license.list(LS_LICENSE_FEATURES)[0].str(LS_FEATURE_CODE),
        Some("pro")
    );

    let checked = client.check(&request()).expect("check with a signed body");
    assert_eq!(checked.int(LS_LICENSE_ID), Some(4242));

    let seen = seen.lock().unwrap();
    assert_eq!(
        seen[0].request_line,
        "POST /api/v4/activate_license HTTP/1.1"
    );
    let head = seen[0].head.to_ascii_lowercase();
    assert!(head.contains("\r\nauthorization: algorithm=\"hmac-sha256\""));
    assert!(head.contains("\r\ndate: "));
    let body: serde_json::Value = serde_json::from_slice(&seen[0].body).unwrap();
    assert_eq!(body["license_key"], "k");
    assert_eq!(body["product"], "p");
    assert_eq!(body["hardware_id"], "hw");
    assert!(seen[1]
        .request_line
        .starts_with("GET /api/v4/check_license?"));
}

// ---------------------------------------------------------------------------------------------
// Stalls and trickles: bounded by the total timeout.

#[test]
fn headers_that_never_finish_time_out() {
    let server = respond(|stream, _| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
        let _ = stream.flush();
        hold(stream);
    });
    let err = activate_fails(&server, Status::LS_ERR_TIMEOUT);
    assert_eq!(err.http_status(), None, "no response head arrived");
}

#[test]
fn headers_trickled_forever_time_out() {
    let server = respond(|stream, _| {
        if stream.write_all(b"HTTP/1.1 200 OK\r\n").is_err() {
            return;
        }
        // One byte of one endless header every 50 ms.
        let _ = stream.write_all(b"X-Slow: ");
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if stream.write_all(b"a").is_err() {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
    });
    let err = activate_fails(&server, Status::LS_ERR_TIMEOUT);
    assert_eq!(err.http_status(), None);
}

#[test]
fn body_slower_than_the_total_timeout_times_out() {
    let server = respond(|stream, _| {
        let head =
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n";
        if stream.write_all(head).is_err() {
            return;
        }
        // A byte every 100 ms: 100000 bytes would take hours.
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if stream.write_all(b" ").is_err() {
                return;
            }
            thread::sleep(Duration::from_millis(100));
        }
    });
    let err = activate_fails(&server, Status::LS_ERR_TIMEOUT);
    assert_eq!(
        err.http_status(),
        Some(200),
        "the head had arrived: {err:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Oversized bodies: capped at 2 MiB, memory bounded.

#[test]
fn endless_chunked_body_is_too_large() {
    let sent = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let (s, d) = (sent.clone(), done.clone());
    let server = respond(move |stream, _| {
        let head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        firehose(stream, head, &s, &d, true);
    });
    let err = activate_fails(&server, Status::LS_ERR_RESPONSE_TOO_LARGE);
    assert_eq!(err.http_status(), Some(200));
    assert_client_stopped_reading(&sent, &done);
}

#[test]
fn ten_gigabyte_content_length_is_too_large() {
    let sent = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let (s, d) = (sent.clone(), done.clone());
    let server = respond(move |stream, _| {
        let head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n";
        firehose(stream, head, &s, &d, false);
    });
    let start = Instant::now();
    let err = activate_fails(&server, Status::LS_ERR_RESPONSE_TOO_LARGE);
    assert_eq!(err.http_status(), Some(200));
    // Refused from the declared length alone, without reading towards it.
    assert!(start.elapsed() < TOTAL_TIMEOUT, "{:?}", start.elapsed());
    assert_client_stopped_reading(&sent, &done);
}

#[test]
fn body_of_exactly_the_cap_is_read_and_one_byte_more_is_too_large() {
    const CAP: usize = 2 * 1024 * 1024;
    assert_eq!(licensespring::client::MAX_RESPONSE_BYTES, CAP as u64);
    let mut at_cap = LICENSE_BODY.as_bytes().to_vec();
    at_cap.resize(CAP, b' ');
    let server = fixed(signed_200(&at_cap));
    let client = client(&server.url());
    let (result, elapsed) = run(&client, Call::Activate, &request());
    result.expect("a signed body of exactly 2 MiB is accepted");
    assert!(elapsed <= TOTAL_TIMEOUT + MARGIN, "{elapsed:?}");

    // One byte more, announced by Content-Length and, separately, only discovered while
    // reading a chunked body.
    let mut over = at_cap.clone();
    over.push(b' ');
    let server = fixed(signed_200(&over));
    activate_fails(&server, Status::LS_ERR_RESPONSE_TOO_LARGE);
    let signature = sign(&over);
    let chunked = respond(move |stream, _| {
        let head = format!(
            "HTTP/1.1 200 OK\r\nLicenseSignature: {signature}\r\nTransfer-Encoding: chunked\r\n\r\n"
        );
        let _ = stream.write_all(head.as_bytes());
        for piece in over.chunks(100_000) {
            let _ = stream.write_all(format!("{:x}\r\n", piece.len()).as_bytes());
            let _ = stream.write_all(piece);
            let _ = stream.write_all(b"\r\n");
        }
        let _ = stream.write_all(b"0\r\n\r\n");
    });
    let err = activate_fails(&chunked, Status::LS_ERR_RESPONSE_TOO_LARGE);
    assert_eq!(err.http_status(), Some(200));
}

#[test]
fn oversized_error_body_is_too_large() {
    let body = vec![b' '; 3 * 1024 * 1024];
    let server = fixed(response(
        "500 Internal Server Error",
        &[("Content-Type", "application/json")],
        &body,
    ));
    let err = activate_fails(&server, Status::LS_ERR_RESPONSE_TOO_LARGE);
    assert_eq!(err.http_status(), Some(500));
}

// ---------------------------------------------------------------------------------------------
// Bodies and signatures: verification runs first, then parsing.

#[test]
fn malformed_json_with_a_valid_signature_is_non_json() {
    let server = fixed(signed_200(br#"{"id":4242,"license_key":"k""#));
    let err = activate_fails(&server, Status::LS_ERR_NON_JSON_RESPONSE);
    assert_eq!(err.http_status(), Some(200));
}

#[test]
fn malformed_json_without_a_signature_is_signature_missing() {
    let server = fixed(response(
        "200 OK",
        &[("Content-Type", "application/json")],
        br#"{"id":4242,"license_key":"k""#,
    ));
    let err = activate_fails(&server, Status::LS_ERR_SIGNATURE_MISSING);
    assert_eq!(err.http_status(), Some(200));
}

#[test]
fn signed_json_that_is_not_a_license_is_unexpected() {
    let server = fixed(signed_200(b"[1,2,3]"));
    let err = activate_fails(&server, Status::LS_ERR_UNEXPECTED_RESPONSE);
    assert_eq!(err.http_status(), Some(200));
    let server = fixed(signed_200(br#"{"license_key":"k"}"#));
    activate_fails(&server, Status::LS_ERR_UNEXPECTED_RESPONSE);
}

#[test]
fn empty_200_is_signature_missing_or_non_json_without_verification() {
    let empty = response("200 OK", &[("Content-Type", "application/json")], b"");
    let server = fixed(empty);
    let err = activate_fails(&server, Status::LS_ERR_SIGNATURE_MISSING);
    assert_eq!(err.http_status(), Some(200));

    let mut unverified = config(&server.url());
    unverified.disable_signature_verification();
    let client = Client::new(&unverified).unwrap();
    let err = expect_status(
        &client,
        Call::Activate,
        &request(),
        Status::LS_ERR_NON_JSON_RESPONSE,
    );
    assert_eq!(err.http_status(), Some(200));
}

#[test]
fn wrong_signatures_are_invalid_and_a_missing_one_is_missing() {
    let body = LICENSE_BODY.as_bytes();
    let with_signature = |signature: &str| {
        fixed(response(
            "200 OK",
            &[
                ("Content-Type", "application/json"),
                ("LicenseSignature", signature),
            ],
            body,
        ))
    };

    // Right length, right alphabet, wrong bytes.
    let forged = sign(b"x").replace(['A', 'B'], "C");
    let err = activate_fails(&with_signature(&forged), Status::LS_ERR_SIGNATURE_INVALID);
    assert_eq!(err.http_status(), Some(200));

    // Not base64 at all.
    activate_fails(
        &with_signature("%%% not base64 %%%"),
        Status::LS_ERR_SIGNATURE_INVALID,
    );

    // A genuine signature, but of another body.
    let other = LICENSE_BODY.replace("4242", "4243");
    activate_fails(
        &with_signature(&sign(other.as_bytes())),
        Status::LS_ERR_SIGNATURE_INVALID,
    );

    // A genuine signature of the same JSON re-serialised: only the exact bytes count.
    let respaced = LICENSE_BODY.replace(",\"", ", \"");
    activate_fails(
        &with_signature(&sign(respaced.as_bytes())),
        Status::LS_ERR_SIGNATURE_INVALID,
    );

    // Present but empty.
    activate_fails(&with_signature(""), Status::LS_ERR_SIGNATURE_INVALID);

    // No signature at all.
    let server = fixed(response(
        "200 OK",
        &[("Content-Type", "application/json")],
        body,
    ));
    let err = activate_fails(&server, Status::LS_ERR_SIGNATURE_MISSING);
    assert_eq!(err.http_status(), Some(200));
    // The same on check.
    expect_status(
        &client(&server.url()),
        Call::Check,
        &request(),
        Status::LS_ERR_SIGNATURE_MISSING,
    );
}

#[test]
fn non_ascii_signature_header_is_invalid_not_missing() {
    // A LicenseSignature header is present, but its value is not even text.
    let mut bytes =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLicenseSignature: \xff\xfe\x80\r\n"
            .to_vec();
    bytes.extend_from_slice(
        format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n{LICENSE_BODY}",
            LICENSE_BODY.len()
        )
        .as_bytes(),
    );
    let server = fixed(bytes);
    let err = activate_fails(&server, Status::LS_ERR_SIGNATURE_INVALID);
    assert_eq!(err.http_status(), Some(200));
}

// ---------------------------------------------------------------------------------------------
// Error answers.

#[test]
fn html_502_is_a_server_error() {
    let server = fixed(response(
        "502 Bad Gateway",
        &[("Content-Type", "text/html")],
        b"<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
    ));
    let err = activate_fails(&server, Status::LS_ERR_SERVER);
    assert_eq!(err.http_status(), Some(502));
    assert_eq!(err.server_code(), None);
}

#[test]
fn rate_limited_with_retry_after_seconds() {
    let server = fixed(response(
        "429 Too Many Requests",
        &[("Retry-After", "7"), ("Content-Type", "text/plain")],
        b"slow down",
    ));
    let err = activate_fails(&server, Status::LS_ERR_RATE_LIMITED);
    assert_eq!(err.http_status(), Some(429));
    assert_eq!(err.retry_after_secs(), Some(7));
}

#[test]
fn rate_limited_with_retry_after_http_date() {
    let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
    let body = serde_json::json!({"status": 429, "code": "throttled", "message": "later"});
    let server = fixed(response(
        "429 Too Many Requests",
        &[("Retry-After", &when), ("Content-Type", "application/json")],
        body.to_string().as_bytes(),
    ));
    let err = activate_fails(&server, Status::LS_ERR_RATE_LIMITED);
    assert_eq!(err.http_status(), Some(429));
    let secs = err
        .retry_after_secs()
        .expect("an HTTP-date Retry-After is kept");
    assert!((100..=120).contains(&secs), "Retry-After {when} → {secs}");
    assert_eq!(err.server_code(), Some("throttled"));
}

#[test]
fn success_statuses_other_than_200_are_unexpected() {
    for status_line in [
        "201 Created",
        "204 No Content",
        "203 Non-Authoritative Information",
    ] {
        let body: &[u8] = if status_line.starts_with("204") {
            b""
        } else {
            LICENSE_BODY.as_bytes()
        };
        let signature = sign(body);
        let server = fixed(response(
            status_line,
            &[("LicenseSignature", &signature)],
            body,
        ));
        let err = activate_fails(&server, Status::LS_ERR_UNEXPECTED_RESPONSE);
        assert_eq!(err.http_status(), Some(status_line[..3].parse().unwrap()));
    }
}

#[test]
fn internal_error_500_is_a_server_error_with_its_code() {
    let server = fixed(json_error(
        "500 Internal Server Error",
        "internal_error",
        "Something broke",
    ));
    let err = activate_fails(&server, Status::LS_ERR_SERVER);
    assert_eq!(err.http_status(), Some(500));
    assert_eq!(err.server_code(), Some("internal_error"));
    assert_eq!(err.message(), "Something broke");
}

#[test]
fn unknown_code_500_is_a_server_error_with_its_code() {
    let server = fixed(json_error(
        "500 Internal Server Error",
        "database_on_fire",
        "The database is on fire",
    ));
    let err = activate_fails(&server, Status::LS_ERR_SERVER);
    assert_eq!(err.http_status(), Some(500));
    assert_eq!(err.server_code(), Some("database_on_fire"));
    assert_eq!(err.message(), "The database is on fire");
}

#[test]
fn unknown_400_code_is_server_other_with_code_and_message_kept() {
    let server = fixed(json_error(
        "400 Bad Request",
        "brand_new_code",
        "A brand new reason",
    ));
    let err = activate_fails(&server, Status::LS_ERR_SERVER_OTHER);
    assert_eq!(err.http_status(), Some(400));
    assert_eq!(err.server_code(), Some("brand_new_code"));
    assert_eq!(err.message(), "A brand new reason");
    let shown = err.to_string();
    assert!(shown.contains("brand_new_code") && shown.contains("A brand new reason"));
}

// ---------------------------------------------------------------------------------------------
// Broken connections.

#[test]
fn connection_reset_mid_body_is_a_network_error() {
    let server = serve(|mut stream| {
        // Wait for the request but leave it unread: closing then resets the connection.
        let mut byte = [0u8; 1];
        if stream.peek(&mut byte).is_err() {
            return;
        }
        let head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"id\":42,";
        let _ = stream.write_all(head);
        let _ = stream.flush();
        thread::sleep(Duration::from_millis(200));
        drop(stream);
    });
    activate_fails(&server, Status::LS_ERR_NETWORK);
}

#[test]
fn connection_closed_mid_body_is_a_network_error() {
    let server = respond(|stream, _| {
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"id\":42,",
        );
        let _ = stream.shutdown(std::net::Shutdown::Write);
        hold(stream);
    });
    let err = activate_fails(&server, Status::LS_ERR_NETWORK);
    assert_eq!(err.http_status(), Some(200));

    let chunked = respond(|stream, _| {
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n{\"id\":42,",
        );
        let _ = stream.shutdown(std::net::Shutdown::Write);
        hold(stream);
    });
    let err = activate_fails(&chunked, Status::LS_ERR_NETWORK);
    assert_eq!(err.http_status(), Some(200));
}

#[test]
fn connection_closed_before_any_response_is_a_network_error() {
    let server = respond(|stream, _| {
        let _ = stream.shutdown(std::net::Shutdown::Both);
    });
    let err = activate_fails(&server, Status::LS_ERR_NETWORK);
    assert_eq!(err.http_status(), None);
}

/// A host name (not an address) is resolved off the calling thread and the call succeeds;
/// freeing the client right after does not wait for anything.
#[test]
fn host_names_are_resolved() {
    let server = respond(|stream, _| {
        let _ = stream.write_all(&signed_200(LICENSE_BODY.as_bytes()));
    });
    let client = client(&format!("http://localhost:{}", server.addr.port()));
    let license = client.activate(&request()).expect("localhost resolves");
    assert_eq!(license.int(LS_LICENSE_ID), Some(4242));
    let start = Instant::now();
    drop(client);
    assert!(start.elapsed() < MARGIN, "freeing a client does not block");
}

/// A server that keeps the connection alive after answering, then closes it while it is idle in
/// the client's pool (as load balancers do after their idle timeout). The next call must go out
/// on a new connection and succeed, however long the pooled one has been dead.
#[test]
fn pooled_connection_closed_while_idle_is_replaced() {
    let body = LICENSE_BODY.as_bytes();
    let mut keep_alive = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLicenseSignature: {}\r\nContent-Length: {}\r\n\r\n",
        sign(body),
        body.len()
    )
    .into_bytes();
    keep_alive.extend_from_slice(body);
    let server = serve(move |mut stream| {
        if read_request(&mut stream).is_some() {
            let _ = stream.write_all(&keep_alive);
            let _ = stream.flush();
            thread::sleep(Duration::from_millis(50));
        }
        let _ = stream.shutdown(std::net::Shutdown::Both);
    });
    let client = client(&server.url());
    for round in 0..4 {
        let license = client
            .activate(&request())
            .unwrap_or_else(|e| panic!("call {round} after an idle close failed: {e}"));
        assert_eq!(license.int(LS_LICENSE_ID), Some(4242));
        thread::sleep(Duration::from_millis(250));
    }
    assert_eq!(server.connections(), 4, "one new connection per call");
}
#[test]
fn redirect_is_not_followed_to_another_host() {
    let target = respond(|stream, _| {
        let _ = stream.write_all(&signed_200(LICENSE_BODY.as_bytes()));
    });
    for status_line in [
        "302 Found",
        "301 Moved Permanently",
        "307 Temporary Redirect",
    ] {
        let location = format!(
            "http://localhost:{}/api/v4/activate_license",
            target.addr.port()
        );
        let server = fixed(response(status_line, &[("Location", &location)], b""));
        let err = activate_fails(&server, Status::LS_ERR_REDIRECT);
        let http: u16 = status_line[..3].parse().unwrap();
        assert_eq!(err.http_status(), Some(http));
        assert_eq!(server.connections(), 1);
    }
    thread::sleep(Duration::from_millis(200));
    assert_eq!(
        target.connections(),
        0,
        "the redirect target must never be contacted"
    );
}

#[test]
fn connection_refused_is_a_connect_error() {
    let addr = closed_port();
    let client = client(&format!("http://{addr}"));
    let err = expect_status(&client, Call::Activate, &request(), Status::LS_ERR_CONNECT);
    assert_eq!(err.http_status(), None);
    assert_eq!(err.server_code(), None);
}

// ---------------------------------------------------------------------------------------------
// Deactivation's text body.

#[test]
fn deactivate_accepts_bare_and_quoted_answers_only() {
    for body in [
        &b"license_deactivated"[..],
        b"\"license_deactivated\"",
        b"license_deactivated\n",
    ] {
        let server = fixed(response("200 OK", &[("Content-Type", "text/plain")], body));
        let client = client(&server.url());
        let (result, elapsed) = run(&client, Call::Deactivate, &request());
        assert!(elapsed <= TOTAL_TIMEOUT + MARGIN);
        result.unwrap_or_else(|e| panic!("{:?} → {e:?}", String::from_utf8_lossy(body)));
    }
    for body in [
        &b"something_else"[..],
        b"",
        b"{\"status\":\"license_deactivated\"}",
        b"license_deactivated_not",
    ] {
        let server = fixed(response("200 OK", &[("Content-Type", "text/plain")], body));
        let err = expect_status(
            &client(&server.url()),
            Call::Deactivate,
            &request(),
            Status::LS_ERR_UNEXPECTED_RESPONSE,
        );
        assert_eq!(err.http_status(), Some(200));
    }
}

// ---------------------------------------------------------------------------------------------
// TLS.

fn write_temp_pem(name: &str, pem: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!(
        "licensespring-hostile-{}-{name}.pem",
        std::process::id()
    ));
    std::fs::write(&path, pem).unwrap();
    path
}

fn tls_server() -> hostile::TlsServer {
    serve_tls(|stream, _| {
        let _ = stream.write_all(&signed_200(LICENSE_BODY.as_bytes()));
    })
}

#[test]
fn tls_with_an_untrusted_certificate_is_a_tls_error() {
    let tls = tls_server();
    let untrusted = client(&tls.server.https_url());
    for call in [Call::Activate, Call::Check] {
        let err = expect_status(&untrusted, call, &request(), Status::LS_ERR_TLS);
        assert_eq!(err.http_status(), None);
    }
    // Secrets stay out of it too.
    let client = secret_client(&tls.server.https_url());
    for request in secret_requests() {
        for call in [Call::Activate, Call::Check] {
            let err = expect_status(&client, call, &request, Status::LS_ERR_TLS);
            assert_error_has_no_secret(&err, &format!("TLS / {call:?}"));
        }
    }
}

#[test]
fn tls_handshake_that_never_starts_times_out() {
    // Accepts TCP, then never answers the ClientHello.
    let server = serve(|mut stream| hold(&mut stream));
    let client = client(&server.https_url());
    let start = Instant::now();
    let err = expect_status(&client, Call::Activate, &request(), Status::LS_ERR_TIMEOUT);
    assert_eq!(err.http_status(), None);
    assert!(
        start.elapsed() <= CONNECT_TIMEOUT + MARGIN,
        "the connect timeout covers the TLS handshake: {:?}",
        start.elapsed()
    );
}

#[test]
fn tls_trusting_the_test_ca_succeeds() {
    let tls = tls_server();
    let ca_file = write_temp_pem("ca", &tls.ca_pem);
    let mut trusting = config(&tls.server.https_url());
    trusting.add_ca_file(&ca_file);
    let client = Client::new(&trusting).unwrap();
    let start = Instant::now();
    let license = client
        .activate(&request())
        .expect("activation over TLS with the test CA trusted");
    assert!(start.elapsed() <= TOTAL_TIMEOUT + MARGIN);
    assert_eq!(license.int(LS_LICENSE_ID), Some(4242));
    assert_eq!(license.json(), LICENSE_BODY);
    assert_eq!(
        client.check(&request()).unwrap().int(LS_LICENSE_ID),
        Some(4242)
    );
    let _ = std::fs::remove_file(ca_file);
}

// ---------------------------------------------------------------------------------------------
// Secrets never leak into errors or Debug output.

const SHARED_SECRET: &str = "sharedkey-SECRET-5d0c7a1e94b2-never-print-me";
const PASSWORD_SECRET: &str = "password-SECRET-8f3b2e6a71c4-never-print-me";
const TOKEN_SECRET: &str = "idtoken-SECRET-2a9e4c7b18d3-never-print-me";
const SECRETS: [&str; 3] = [SHARED_SECRET, PASSWORD_SECRET, TOKEN_SECRET];

fn secret_requests() -> [Request; 2] {
    [
        Request::new("p", "hw").user("alice@example.com", PASSWORD_SECRET),
        Request::new("p", "hw").sso_id_token(TOKEN_SECRET, "acme"),
    ]
}

fn secret_client(url: &str) -> Client {
    let mut config = Config::new("k", SHARED_SECRET).unwrap();
    config.set_base_url(url).unwrap();
    config
        .set_connect_timeout(CONNECT_TIMEOUT)
        .unwrap()
        .set_total_timeout(Duration::from_secs(1))
        .unwrap();
    config.set_public_key_pem(PUBLIC_KEY_PEM).unwrap();
    config.set_proxy(Proxy::Direct).unwrap();
    Client::new(&config).unwrap()
}

fn assert_no_secret(text: &str, what: &str) {
    for secret in SECRETS {
        assert!(
            !text.contains(secret),
            "{what} leaks a secret ({secret}): {text}"
        );
    }
}

fn assert_error_has_no_secret(err: &Error, what: &str) {
    assert_no_secret(&err.to_string(), &format!("{what}: Display"));
    assert_no_secret(&format!("{err:?}"), &format!("{what}: Debug"));
    assert_no_secret(err.message(), &format!("{what}: message"));
}

#[test]
fn debug_output_of_config_request_and_client_has_no_secret() {
    let mut config = Config::new("k", SHARED_SECRET).unwrap();
    config.set_base_url("http://127.0.0.1:9").unwrap();
    assert_no_secret(&format!("{config:?}"), "Config Debug");
    assert_no_secret(&format!("{config:#?}"), "Config pretty Debug");
    let client = Client::new(&config).unwrap();
    assert_no_secret(&format!("{client:?}"), "Client Debug");
    assert_no_secret(&format!("{client:#?}"), "Client pretty Debug");
    for request in secret_requests() {
        assert_no_secret(&format!("{request:?}"), "Request Debug");
        assert_no_secret(&format!("{request:#?}"), "Request pretty Debug");
    }
    let code = Request::new("p", "hw").sso_code(TOKEN_SECRET, "acme");
    assert_no_secret(&format!("{code:?}"), "Request (code grant) Debug");
}

#[test]
fn failures_never_carry_secrets() {
    // Each scenario: (name, server, expected status). Every one is hit with activate (POST,
    // secrets in the body) and check (GET, secrets in the query string), for both a password
    // and an SSO token.
    let echo_head_as_text = |status_line: &'static str| {
        respond(move |stream, req| {
            let _ = stream.write_all(&response(
                status_line,
                &[("Content-Type", "text/plain")],
                req.head.as_bytes(),
            ));
        })
    };
    let scenarios: Vec<(&str, Server, Status)> = vec![
        (
            "stalled head",
            respond(|stream, _| {
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\n");
                hold(stream);
            }),
            Status::LS_ERR_TIMEOUT,
        ),
        (
            "stalled body",
            respond(|stream, _| {
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{");
                hold(stream);
            }),
            Status::LS_ERR_TIMEOUT,
        ),
        (
            "reset mid-body",
            serve(|mut stream| {
                let mut byte = [0u8; 1];
                if stream.peek(&mut byte).is_ok() {
                    let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{");
                    thread::sleep(Duration::from_millis(100));
                }
            }),
            Status::LS_ERR_NETWORK,
        ),
        (
            "redirect back to the request target",
            respond(|stream, req| {
                // Location echoes the request target, query (and so the password) included.
                let target = req.request_line.split(' ').nth(1).unwrap_or("/").to_owned();
                let location = format!("http://localhost:1{target}");
                let _ = stream.write_all(&response("302 Found", &[("Location", &location)], b""));
            }),
            Status::LS_ERR_REDIRECT,
        ),
        (
            "HTML 502 echoing the request head",
            echo_head_as_text("502 Bad Gateway"),
            Status::LS_ERR_SERVER,
        ),
        (
            "text 400 echoing the request head",
            echo_head_as_text("400 Bad Request"),
            Status::LS_ERR_NON_JSON_RESPONSE,
        ),
        (
            "10 GB body",
            fixed(b"HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\n".to_vec()),
            Status::LS_ERR_RESPONSE_TOO_LARGE,
        ),
        (
            "forged signature",
            fixed(response(
                "200 OK",
                &[("LicenseSignature", "AAAA")],
                LICENSE_BODY.as_bytes(),
            )),
            Status::LS_ERR_SIGNATURE_INVALID,
        ),
        (
            "non-JSON signed body",
            fixed(signed_200(b"<html>")),
            Status::LS_ERR_NON_JSON_RESPONSE,
        ),
        ("refused", refusing(), Status::LS_ERR_CONNECT),
    ];
    for (name, server, status) in &scenarios {
        let client = secret_client(&server.url());
        assert_no_secret(&format!("{client:?}"), "Client Debug");
        for request in secret_requests() {
            for call in [Call::Activate, Call::Check] {
                let err = expect_status(&client, call, &request, *status);
                assert_error_has_no_secret(&err, &format!("{name} / {call:?}"));
            }
        }
    }

    // The server's JSON message is passed through as it is. Echoing the request line and
    // headers of a POST (secrets travel in its body, the shared key only as an HMAC) must
    // therefore still show no secret anywhere.
    let echo_head = respond(|stream, req| {
        let _ = stream.write_all(&json_error("400 Bad Request", "brand_new_code", &req.head));
    });
    let client = secret_client(&echo_head.url());
    for request in secret_requests() {
        let err = expect_status(
            &client,
            Call::Activate,
            &request,
            Status::LS_ERR_SERVER_OTHER,
        );
        assert!(err
            .message()
            .starts_with("POST /api/v4/activate_license HTTP/1.1"));
        assert!(err
            .message()
            .to_ascii_lowercase()
            .contains("authorization:"));
        assert_error_has_no_secret(&err, "echoed POST head");
    }

    // A check GET carries its identity in the query: a server that echoes its request line
    // puts the password in its own message, which is carried through verbatim. Everything the
    // library adds around that message must still be free of secrets (no URL, no query).
    let echo_line = respond(|stream, req| {
        let _ = stream.write_all(&json_error(
            "400 Bad Request",
            "brand_new_code",
            &req.request_line,
        ));
    });
    let client = secret_client(&echo_line.url());
    for (request, secret) in secret_requests()
        .iter()
        .zip([PASSWORD_SECRET, TOKEN_SECRET])
    {
        let err = expect_status(&client, Call::Check, request, Status::LS_ERR_SERVER_OTHER);
        let line = err.message().to_owned();
        assert!(line.starts_with("GET /api/v4/check_license?"), "{line}");
        assert!(
            line.contains(secret),
            "the query carried the identity: {line}"
        );
        let display = err.to_string().replace(&line, "<server message>");
        let debug = format!("{err:?}").replace(&format!("{line:?}"), "<server message>");
        assert_no_secret(
            &display,
            "echoed GET line: Display outside the server's message",
        );
        assert_no_secret(
            &debug,
            "echoed GET line: Debug outside the server's message",
        );
        assert_eq!(err.server_code(), Some("brand_new_code"));
    }

    // TLS failure on both calls. The exact status is asserted in
    // `tls_with_an_untrusted_certificate_is_a_tls_error`; here only that the call fails in time
    // and without secrets.
    let tls = serve_tls(|_, _| {});
    let client = secret_client(&tls.server.https_url());
    for request in secret_requests() {
        for call in [Call::Activate, Call::Check] {
            let (result, elapsed) = run(&client, call, &request);
            let err = result.expect_err("an untrusted certificate fails");
            assert!(elapsed <= TOTAL_TIMEOUT + MARGIN, "{elapsed:?}");
            assert_error_has_no_secret(&err, &format!("TLS / {call:?}"));
        }
    }
}

/// Makes sure the raw-request reader also copes with a body split over several reads (it
/// underpins every assertion on what the client sent).
#[test]
fn harness_reads_split_requests() {
    let mut input: &[u8] = b"POST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
    let req = read_request(&mut input).unwrap();
    assert_eq!(req.request_line, "POST /x HTTP/1.1");
    assert_eq!(req.body, b"abc");
}

// ---------------------------------------------------------------------------------------------
// Cancellation: a cancel handle triggered from another thread ends a waiting call at once.

fn call_with(client: &Client, cancel: &licensespring::Cancel) -> licensespring::Result<()> {
    client
        .call(
            licensespring::Operation::LS_OP_ACTIVATE,
            &request(),
            Some(cancel),
        )
        .map(|_| ())
}

#[test]
fn a_call_cancelled_while_waiting_returns_promptly_and_the_client_stays_usable() {
    // The first request is held unanswered; the ones after it are answered.
    let seen = Arc::new(AtomicU64::new(0));
    let counter = seen.clone();
    let server = respond(move |stream, _| {
        if counter.fetch_add(1, Ordering::SeqCst) == 0 {
            hold(stream);
        } else {
            let _ = stream.write_all(&signed_200(br#"{"id":4242}"#));
        }
    });
    let mut config = config(&server.url());
    config.set_total_timeout(Duration::from_secs(30)).unwrap();
    let client = Arc::new(Client::new(&config).unwrap());
    let cancel = licensespring::Cancel::new();
    let (started, trigger) = (Instant::now(), cancel.clone());
    let waiter = {
        let seen = seen.clone();
        thread::spawn(move || {
            while seen.load(Ordering::SeqCst) == 0 {
                thread::sleep(Duration::from_millis(5));
            }
            thread::sleep(Duration::from_millis(100));
            trigger.trigger();
        })
    };
    let err = call_with(&client, &cancel).unwrap_err();
    waiter.join().unwrap();
    assert_eq!(err.status(), Status::LS_ERR_CANCELLED, "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "returned promptly, not at the 30 s timeout"
    );
    // The handle stays triggered: a later call with it fails before sending anything.
    let before = seen.load(Ordering::SeqCst);
    assert_eq!(
        call_with(&client, &cancel).unwrap_err().status(),
        Status::LS_ERR_CANCELLED
    );
    assert_eq!(seen.load(Ordering::SeqCst), before, "nothing was sent");
    // The client is unharmed: a fresh handle, and no handle at all, both work.
    call_with(&client, &licensespring::Cancel::new()).unwrap();
    assert_eq!(
        client.check(&request()).unwrap().int(LS_LICENSE_ID),
        Some(4242)
    );
}

#[test]
fn a_cancel_triggered_before_the_call_sends_nothing() {
    let server = fixed(signed_200(br#"{"id":4242}"#));
    let client = client(&server.url());
    let cancel = licensespring::Cancel::new();
    cancel.trigger();
    assert!(cancel.is_triggered());
    assert_eq!(
        call_with(&client, &cancel).unwrap_err().status(),
        Status::LS_ERR_CANCELLED
    );
    assert_eq!(server.connections(), 0);
}

#[test]
fn a_cancel_triggered_after_the_call_changes_nothing() {
    let server = fixed(signed_200(br#"{"id":4242}"#));
    let client = client(&server.url());
    let cancel = licensespring::Cancel::new();
    call_with(&client, &cancel).unwrap();
    cancel.trigger();
    call_with(&client, &licensespring::Cancel::new()).unwrap();
}

#[test]
fn one_cancel_ends_every_call_waiting_on_it() {
    let server = serve(|mut stream| hold(&mut stream));
    let mut config = config(&server.url());
    config.set_total_timeout(Duration::from_secs(30)).unwrap();
    let client = Arc::new(Client::new(&config).unwrap());
    let cancel = licensespring::Cancel::new();
    let calls: Vec<_> = (0..4)
        .map(|_| {
            let (client, cancel) = (client.clone(), cancel.clone());
            thread::spawn(move || call_with(&client, &cancel))
        })
        .collect();
    while server.connections() < 4 {
        thread::sleep(Duration::from_millis(5));
    }
    let started = Instant::now();
    cancel.trigger();
    for call in calls {
        assert_eq!(
            call.join().unwrap().unwrap_err().status(),
            Status::LS_ERR_CANCELLED
        );
    }
    assert!(started.elapsed() < Duration::from_secs(5));
}

// ---------------------------------------------------------------------------------------------
// Every operation's answer, read against its own shape: a signature is required where the
// operation's answer is signed, required fields must be there, known fields must have their type.

/// A request `op` accepts: a key-based license identity plus every parameter it requires.
fn any_operation_request(op: licensespring::Operation) -> Request {
    let mut request = Request::new("p", "hw").license_key("k");
    for param in op.spec().required {
        request
            .set(*param, licensespring::ParamValue::String("x".into()))
            .unwrap();
    }
    request.set_variable("v", "1").unwrap();
    request
}

fn operation_outcome(
    body: Vec<u8>,
    op: licensespring::Operation,
) -> licensespring::Result<Option<licensespring::Record>> {
    let server = fixed(body);
    client(&server.url()).call(op, &any_operation_request(op), None)
}

/// A JSON value of another type than the field's.
fn wrong_type(field_type: licensespring::FieldType) -> serde_json::Value {
    use licensespring::FieldType::*;
    match field_type {
        Bool => serde_json::json!("yes"),
        Int => serde_json::json!("7"),
        Str => serde_json::json!(7),
        List(_) => serde_json::json!({"not": "a list"}),
        Object(_) => serde_json::json!(["not", "an object"]),
        Text | Json => unreachable!("any JSON value is a text"),
    }
}

#[test]
fn every_operation_answer_is_checked_against_its_shape() {
    use licensespring::operation::Reply;
    let mut checked = 0;
    for op in licensespring::Operation::all() {
        let name = op.spec().name;
        match op.spec().reply {
            Reply::Result { kind, signed } => {
                // A minimal valid answer: every required field present with a value of its type.
                let mut valid = serde_json::Map::new();
                for spec in kind.fields().iter().filter(|f| f.required) {
                    let value = match spec.field_type {
                        licensespring::FieldType::Bool => serde_json::json!(true),
                        licensespring::FieldType::Int => serde_json::json!(1),
                        _ => serde_json::json!("x"),
                    };
                    valid.insert(spec.path.to_owned(), value);
                }
                // A kind that is the whole document (a list of results) reads a JSON array.
                let whole = kind.fields().iter().all(|f| f.path.is_empty());
                let valid_body = if whole {
                    "[]".to_owned()
                } else {
                    serde_json::Value::Object(valid.clone()).to_string()
                };
                let record = operation_outcome(signed_200(valid_body.as_bytes()), op)
                    .unwrap_or_else(|e| panic!("{name}: {e}"))
                    .expect("a result");
                assert_eq!(record.kind(), kind);

                assert!(signed, "{name}: every result this library reads is signed");
                let unsigned = response(
                    "200 OK",
                    &[("Content-Type", "application/json")],
                    valid_body.as_bytes(),
                );
                let e = operation_outcome(unsigned, op).unwrap_err();
                assert_eq!(e.status(), Status::LS_ERR_SIGNATURE_MISSING, "{name}");

                let e = operation_outcome(signed_200(b"<html>oops</html>"), op).unwrap_err();
                assert_eq!(e.status(), Status::LS_ERR_NON_JSON_RESPONSE, "{name}");

                if whole {
                    let e = operation_outcome(signed_200(b"{}"), op).unwrap_err();
                    assert_eq!(
                        e.status(),
                        Status::LS_ERR_UNEXPECTED_RESPONSE,
                        "{name} with an object"
                    );
                    let e = operation_outcome(signed_200(b"[1]"), op).unwrap_err();
                    assert_eq!(
                        e.status(),
                        Status::LS_ERR_UNEXPECTED_RESPONSE,
                        "{name} with [1]"
                    );
                    checked += 2;
                    continue;
                }
                for spec in kind.fields().iter().filter(|f| f.required) {
                    let mut missing = valid.clone();
                    missing.remove(spec.path);
                    let body = serde_json::Value::Object(missing).to_string();
                    let e = operation_outcome(signed_200(body.as_bytes()), op).unwrap_err();
                    assert_eq!(
                        e.status(),
                        Status::LS_ERR_UNEXPECTED_RESPONSE,
                        "{name} without {}",
                        spec.path
                    );
                    assert!(e.message().contains(spec.path), "{name}: {}", e.message());
                }
                for spec in kind.fields().iter().filter(|f| {
                    !matches!(
                        f.field_type,
                        licensespring::FieldType::Text | licensespring::FieldType::Json
                    ) && !f.path.contains('.')
                }) {
                    let mut wrong = valid.clone();
                    wrong.insert(spec.path.to_owned(), wrong_type(spec.field_type));
                    let body = serde_json::Value::Object(wrong).to_string();
                    let e = operation_outcome(signed_200(body.as_bytes()), op).unwrap_err();
                    assert_eq!(
                        e.status(),
                        Status::LS_ERR_UNEXPECTED_RESPONSE,
                        "{name} with a wrong {}",
                        spec.path
                    );
                    checked += 1;
                }
            }
            Reply::Empty => {
                assert_eq!(
                    operation_outcome(response("200 OK", &[], b""), op).unwrap(),
                    None,
                    "{name}"
                );
                let e = operation_outcome(response("200 OK", &[], b"surprise"), op).unwrap_err();
                assert_eq!(e.status(), Status::LS_ERR_UNEXPECTED_RESPONSE, "{name}");
            }
            Reply::Text(text) => {
                assert_eq!(
                    operation_outcome(response("200 OK", &[], text.as_bytes()), op).unwrap(),
                    None
                );
                let e = operation_outcome(response("200 OK", &[], b"\"something_else\""), op)
                    .unwrap_err();
                assert_eq!(e.status(), Status::LS_ERR_UNEXPECTED_RESPONSE, "{name}");
            }
        }
    }
    assert!(checked > 150, "{checked} wrongly typed fields refused");
}
