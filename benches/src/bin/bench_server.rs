//! bench_server: a minimal keep-alive HTTP/1.1 server that answers every request with one
//! prepared license body and its `LicenseSignature`, both made once at start. It exists so that
//! client-side costs are visible: per request it only parses the head, reads the body by
//! Content-Length and writes a prepared buffer (no JSON, no crypto, no database).
//!
//! Usage: bench_server [--listen 127.0.0.1:0] --key SIGNING_KEY.pem [--capture FILE]
//! The first stdout line is `listening on http://HOST:PORT`. With --capture, the first request
//! received (head and body, byte for byte) is written to FILE before it is answered, so a raw
//! client can replay exactly what the library sends. Stops on stdin EOF or SIGTERM.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::RsaPrivateKey;
use sha2::Sha256;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// The identity every bench client sends; the body's v1 `license_signature` is made for it so
/// that SDKs checking the v1 field accept the answer too.
pub const HARDWARE_ID: &str = "bench-hardware-id-0001";
pub const LICENSE_KEY: &str = "BENCH-AAAA-BBBB-CCCC";
pub const PRODUCT: &str = "bench";

fn usage() -> ! {
    eprintln!("usage: bench_server [--listen ADDR] --key SIGNING_KEY.pem [--capture FILE]");
    std::process::exit(2)
}

fn main() {
    let mut listen = "127.0.0.1:0".to_string();
    let mut key_path = None;
    let mut capture = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--listen" => listen = args.next().unwrap_or_else(|| usage()),
            "--key" => key_path = Some(args.next().unwrap_or_else(|| usage())),
            "--capture" => capture = Some(args.next().unwrap_or_else(|| usage())),
            _ => usage(),
        }
    }
    let key_path = key_path.unwrap_or_else(|| usage());
    let pem = std::fs::read_to_string(&key_path).expect("read signing key");
    let private = RsaPrivateKey::from_pkcs1_pem(&pem)
        .or_else(|_| RsaPrivateKey::from_pkcs8_pem(&pem))
        .expect("signing key is PKCS#1 or PKCS#8 PEM");
    let signer = SigningKey::<Sha256>::new(private);
    let sign = |msg: &[u8]| BASE64.encode(signer.sign(msg).to_bytes());

    // v1: RSA over lower("{hardware_id}#{license_key}#{validity_period or ''}").
    let v1 = sign(format!("{HARDWARE_ID}#{LICENSE_KEY}#").to_lowercase().as_bytes());
    let body = license_body(&v1);
    let v2 = sign(body.as_bytes());
    let mut response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nLicenseSignature: {}\r\n\r\n",
        body.len(),
        v2
    )
    .into_bytes();
    response.extend_from_slice(body.as_bytes());
    let response: Arc<[u8]> = response.into();

    let listener = TcpListener::bind(&listen).expect("bind");
    let addr = listener.local_addr().unwrap();
    println!("listening on http://{addr}");
    std::io::stdout().flush().unwrap();
    eprintln!(
        "bench_server: body {} bytes, response {} bytes",
        body.len(),
        response.len()
    );

    // Stop when stdin closes (the driver script holds it open) so no server outlives its run.
    std::thread::spawn(|| {
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
        std::process::exit(0);
    });

    let captured = Arc::new(AtomicBool::new(capture.is_none()));
    let capture: Arc<Option<String>> = Arc::new(capture);
    let served = Arc::new(AtomicU64::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let response = response.clone();
        let captured = captured.clone();
        let capture = capture.clone();
        let served = served.clone();
        std::thread::spawn(move || {
            let _ = serve(stream, &response, &captured, &capture, &served);
        });
    }
}

/// One connection: requests in sequence until the peer closes.
fn serve(
    stream: TcpStream,
    response: &[u8],
    captured: &AtomicBool,
    capture: &Option<String>,
    served: &AtomicU64,
) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::with_capacity(16 * 1024, stream);
    let mut head = Vec::with_capacity(1024);
    let mut body = Vec::with_capacity(1024);
    loop {
        head.clear();
        let mut content_length = 0usize;
        let mut close = false;
        loop {
            let start = head.len();
            if reader.read_until(b'\n', &mut head)? == 0 {
                return Ok(()); // peer closed
            }
            let line = &head[start..];
            if line == b"\r\n" || line == b"\n" {
                break;
            }
            if let Some(v) = header_value(line, b"content-length") {
                content_length = std::str::from_utf8(v)
                    .ok()
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(0);
            } else if let Some(v) = header_value(line, b"connection") {
                close = v.trim_ascii().eq_ignore_ascii_case(b"close");
            }
        }
        body.resize(content_length, 0);
        reader.read_exact(&mut body)?;
        if !captured.swap(true, Ordering::SeqCst) {
            if let Some(path) = capture {
                let tmp = format!("{path}.tmp");
                let mut all = head.clone();
                all.extend_from_slice(&body);
                std::fs::write(&tmp, &all)?;
                std::fs::rename(&tmp, path)?;
            }
        }
        writer.write_all(response)?;
        served.fetch_add(1, Ordering::Relaxed);
        if close {
            return Ok(());
        }
    }
}

/// The value of header `name` (lower-case) if `line` is that header.
fn header_value<'a>(line: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let colon = line.iter().position(|&b| b == b':')?;
    if line[..colon].trim_ascii().eq_ignore_ascii_case(name) {
        Some(&line[colon + 1..])
    } else {
        None
    }
}

/// A realistic license object (the shape of the vendor's trimmed example, ~1.4 KB).
fn license_body(v1_signature: &str) -> String {
    format!(
        concat!(
            r#"{{"id":1749538876210079,"license_key":"{key}","hardware_id":"{hw}","license_type":"perpetual","#,
            r#""license_active":true,"license_enabled":true,"is_trial":false,"trial_days":0,"is_expired":false,"#,
            r#""validity_period":null,"start_date":null,"maintenance_period":null,"max_activations":1000000,"#,
            r#""times_activated":1,"allow_unlimited_activations":false,"transfer_count":0,"max_transfers":0,"#,
            r#""prevent_vm":false,"allow_grace_period":false,"grace_period":0,"is_floating":false,"#,
            r#""is_floating_cloud":false,"floating_timeout":120,"floating_users":0,"can_borrow":false,"#,
            r#""is_borrowed":false,"borrowed_until":null,"max_borrow_time":0,"max_consumptions":0,"#,
            r#""total_consumptions":0,"allow_unlimited_consumptions":false,"allow_negative_consumptions":false,"#,
            r#""allow_overages":false,"max_overages":0,"reset_consumption":false,"consumption_period":null,"#,
            r#""order_store_id":"","allow_offline_activation":false,"is_air_gapped":false,"max_license_users":0,"#,
            r#""metadata":{{}},"custom_fields":[{{"name":"seats","data_type":"number","value":"5"}},"#,
            r#"{{"name":"tier","data_type":"text","value":"gold"}}],"#,
            r#""product_features":[{{"id":1749538876113049,"code":"export","name":"Export","feature_type":"activation","expiry_date":null,"metadata":{{}},"is_floating":false,"is_floating_cloud":false}},"#,
            r#"{{"id":1749538876113050,"code":"sync","name":"Sync","feature_type":"activation","expiry_date":null,"metadata":{{}},"is_floating":false,"is_floating_cloud":false}}],"#,
            r#""customer":{{"email":"bench@example.com","first_name":"Bench","last_name":"Mark","company_name":"Bench Co","reference":"","phone":"","customer_account":null,"metadata":{{}}}},"#,
            r#""product_details":{{"product_id":1584723961091040,"product_name":"Bench","short_code":"{product}","authorization_method":"license-key","metadata":{{}}}},"#,
            r#""device_id":1749551075232009,"variables":[],"license_signature":"{v1}"}}"#
        ),
        key = LICENSE_KEY,
        hw = HARDWARE_ID,
        product = PRODUCT,
        v1 = v1_signature
    )
}
