//! Entry points shared by the cargo-fuzz targets in `fuzz/` and by `tests/fuzz_regressions.rs`,
//! which replays the saved corpus. Each takes arbitrary bytes and must never panic; each also
//! checks the invariants that should hold for any input.
#![doc(hidden)]

use crate::client::error_from_response;
use crate::license::License;
use crate::request::{Request, ALL_FIELDS};
use crate::status::Status;
use crate::verify::PublicKey;

/// Response parsing: any body is a license or a protocol error, never anything else.
pub fn license_json(data: &[u8]) {
    match License::from_json(data) {
        Ok(license) => assert_eq!(
            license.json().as_bytes(),
            data,
            "the raw body is kept exactly"
        ),
        Err(e) => assert!(matches!(
            e.status(),
            Status::LS_ERR_NON_JSON_RESPONSE | Status::LS_ERR_UNEXPECTED_RESPONSE
        )),
    }
}

/// Error bodies: the first two bytes choose the HTTP status (400..=599), the rest is the body.
pub fn error_body(data: &[u8]) {
    if data.len() < 2 {
        return;
    }
    let http = 400 + u16::from_le_bytes([data[0], data[1]]) % 200;
    let e = error_from_response(http, &data[2..], None);
    assert_ne!(e.status(), Status::LS_OK);
    assert_eq!(e.http_status(), Some(http));
    assert!(!e.message().is_empty());
    assert!(e.message().chars().count() <= 1025);
}

/// Signature header and key parsing: arbitrary header text never verifies, arbitrary PEM text
/// never panics.
pub fn signature_header(data: &[u8]) {
    static KEY: once_cell::sync::Lazy<PublicKey> = once_cell::sync::Lazy::new(PublicKey::vendor);
    let text = String::from_utf8_lossy(data);
    // Split at a character boundary near the middle: header text first, body bytes after.
    let mid = (0..=text.len() / 2)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    let (header, body) = text.split_at(mid);
    let e = KEY.verify(body.as_bytes(), header).unwrap_err();
    assert_eq!(e.status(), Status::LS_ERR_SIGNATURE_INVALID);
    let _ = PublicKey::from_pem(&text);
}

/// Request building from arbitrary strings: validation never panics, and whatever is sent is
/// exactly what was set.
pub fn request_building(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut request = Request::default();
    let parts: Vec<&str> = text.split('\u{1}').collect();
    for (field, value) in ALL_FIELDS.iter().zip(parts.iter()) {
        request.set(*field, value);
    }
    if let Some(extra) = parts.get(ALL_FIELDS.len()) {
        let _ = request.set_variable(extra, extra);
    }
    let _ = request.validate();
    let body: serde_json::Value =
        serde_json::from_slice(&request.to_json(Some("app"), "sdk", true, true)).unwrap();
    for field in ALL_FIELDS {
        match request.get(*field) {
            Some(v) => assert_eq!(body[field.wire_name()].as_str(), Some(v)),
            None if field.wire_name() == "app_ver" => {}
            None => assert!(body.get(field.wire_name()).is_none()),
        }
    }
    let query = request.to_query(None, "sdk");
    assert!(query.iter().all(|(k, v)| !k.is_empty() && !v.is_empty()));
}
