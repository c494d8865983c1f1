//! A deliberately hostile License API server for fault tests.
//!
//! Plain `std::net::TcpListener` on 127.0.0.1:0, one thread per connection, and every scenario is
//! a closure that writes raw HTTP/1.1 bytes: no HTTP framework stands between a test and the
//! exact misbehaviour it wants. A TLS variant wraps the same streams in rustls with a CA and a
//! leaf certificate made by rcgen at test time.
#![allow(dead_code)]

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

/// The public half of the fixed test signing key.
pub const PUBLIC_KEY_PEM: &str = include_str!("../fixtures/emulator-public-key.pem");
const SIGNING_KEY_PEM: &str = include_str!("../fixtures/emulator-signing-key.pem");

/// How long a handler waits for a client before giving up on it, so no server thread outlives
/// the test binary by much.
const HANDLER_PATIENCE: Duration = Duration::from_secs(15);

/// A compact license object, as the real API sends it (trimmed).
pub const LICENSE_BODY: &str = r#"{"id":4242,"license_key":"k","license_type":"perpetual","license_active":true,"license_enabled":true,"is_trial":false,"is_expired":false,"validity_period":null,"max_activations":3,"times_activated":1,"hardware_id":"hw","product_features":[{"code":"pro","name":"Pro"}],"custom_fields":[],"customer":{"email":"c@example.com"},"brand_new_field":{"x":[1,2]}}"#;

/// What the client sent: the request line, the whole head (request line and headers, without
/// the blank line) and the body.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub request_line: String,
    pub head: String,
    pub body: Vec<u8>,
}

/// A listening hostile server. Threads are left running when it is dropped; each one ends when
/// its client goes away or after [`HANDLER_PATIENCE`].
pub struct Server {
    pub addr: SocketAddr,
    connections: Arc<AtomicUsize>,
}

impl Server {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn https_url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// How many TCP connections were accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// A "server" on a port where nothing listens: connecting to it is refused.
pub fn refusing() -> Server {
    Server {
        addr: closed_port(),
        connections: Arc::default(),
    }
}

/// Serves every accepted connection with `handler` on its own thread.
pub fn serve<F>(handler: F) -> Server
where
    F: Fn(TcpStream) + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    let handler = Arc::new(handler);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let handler = handler.clone();
            thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(HANDLER_PATIENCE));
                let _ = stream.set_write_timeout(Some(HANDLER_PATIENCE));
                handler(stream)
            });
        }
    });
    Server { addr, connections }
}

/// Reads the whole request first (so closing never resets the connection by accident), then
/// lets `respond` write whatever it likes.
pub fn respond<F>(respond: F) -> Server
where
    F: Fn(&mut TcpStream, &RawRequest) + Send + Sync + 'static,
{
    serve(move |mut stream| {
        if let Some(request) = read_request(&mut stream) {
            respond(&mut stream, &request);
            let _ = stream.flush();
        }
    })
}

/// A server that always writes the same bytes after reading the request, then closes.
pub fn fixed(bytes: Vec<u8>) -> Server {
    respond(move |stream, _| {
        let _ = stream.write_all(&bytes);
    })
}

/// An address on which nothing listens (bound, then closed again).
pub fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    addr
}

/// Reads one request: head up to the blank line, then `Content-Length` body bytes.
pub fn read_request(stream: &mut impl Read) -> Option<RawRequest> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        if buf.len() > 1024 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let request_line = head.lines().next().unwrap_or("").to_owned();
    let length: usize = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    Some(RawRequest {
        request_line,
        head,
        body,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Keeps the connection open without sending anything until the client goes away (or the
/// handler's patience runs out).
pub fn hold(stream: &mut impl Read) {
    let start = Instant::now();
    let mut sink = [0u8; 1024];
    while start.elapsed() < HANDLER_PATIENCE {
        match stream.read(&mut sink) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// A complete response: status line, the given header lines, `Content-Length`,
/// `Connection: close`, then the body.
pub fn response(status_line: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status_line}\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// A 200 with the body and its correct `LicenseSignature`.
pub fn signed_200(body: &[u8]) -> Vec<u8> {
    let signature = sign(body);
    response(
        "200 OK",
        &[
            ("Content-Type", "application/json"),
            ("LicenseSignature", &signature),
        ],
        body,
    )
}

/// A JSON error response in the API's shape.
pub fn json_error(status_line: &str, code: &str, message: &str) -> Vec<u8> {
    let http: u16 = status_line[..3].parse().unwrap();
    let body = serde_json::json!({"status": http, "code": code, "message": message}).to_string();
    response(
        status_line,
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
}

/// Base64 RSASSA-PKCS1-v1_5 SHA-256 signature of `body` with the fixed test signing key.
pub fn sign(body: &[u8]) -> String {
    static KEY: OnceLock<RsaKeyPair> = OnceLock::new();
    let key = KEY.get_or_init(|| {
        let b64: String = SIGNING_KEY_PEM
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .map(str::trim)
            .collect();
        let der = BASE64.decode(b64).expect("signing key PEM is base64");
        RsaKeyPair::from_der(&der).expect("signing key is a PKCS#1 RSA private key")
    });
    let mut signature = vec![0u8; key.public().modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &SystemRandom::new(),
        body,
        &mut signature,
    )
    .expect("RSA signing");
    BASE64.encode(signature)
}

/// An HTTPS server whose certificate (for `127.0.0.1` and `localhost`) chains to a CA made for
/// this test alone.
pub struct TlsServer {
    pub server: Server,
    /// The CA certificate, PEM: trusting it makes the server's certificate valid.
    pub ca_pem: String,
}

/// Serves HTTPS: after the handshake and one read request, `respond` writes the response.
pub fn serve_tls<F>(respond: F) -> TlsServer
where
    F: Fn(&mut dyn Write, &RawRequest) + Send + Sync + 'static,
{
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
        KeyUsagePurpose,
    };
    use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "licensespring hostile-test CA");
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca = ca_params.self_signed(&ca_key).unwrap();

    let leaf_key = KeyPair::generate().unwrap();
    let mut leaf_params =
        CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let leaf = leaf_params.signed_by(&leaf_key, &ca, &ca_key).unwrap();

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
        )
        .unwrap();
    let config = Arc::new(config);
    let server = serve(move |tcp| {
        let Ok(conn) = rustls::ServerConnection::new(config.clone()) else {
            return;
        };
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        // A client that rejects the certificate ends the handshake here: nothing to answer.
        if let Some(request) = read_request(&mut tls) {
            respond(&mut tls, &request);
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });
    TlsServer {
        server,
        ca_pem: ca.pem(),
    }
}
