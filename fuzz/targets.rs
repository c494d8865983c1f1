//! Entry points shared by the cargo-fuzz targets (`fuzz_targets/`) and by
//! `tests/fuzz_regressions.rs`, which replays the saved corpus; both include this file with
//! `#[path]`, so none of it is compiled into the library. Each takes arbitrary bytes and must
//! never panic; each also checks the invariants that should hold for any input.
#![allow(dead_code)]

use licensespring::client::error_from_response;
use licensespring::operation::Operation;
use licensespring::request::{Param, ParamType, ParamValue, Request};
use licensespring::result::{Kind, Record, Value};
use licensespring::verify::PublicKey;
use licensespring::Status;

/// Response parsing: any body is a license or a protocol error, never anything else; every
/// field of a parsed license reads back as its declared type.
pub fn license_json(data: &[u8]) {
    match Record::from_body(Kind::LS_KIND_LICENSE, data) {
        Ok(license) => {
            assert_eq!(
                license.json().as_bytes(),
                data,
                "the raw body is kept exactly"
            );
            every_field_reads(&license);
            agrees_with_serde_json(&license);
        }
        Err(e) => refused_as_serde_json_would(data, e.status()),
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
    static KEY: std::sync::LazyLock<PublicKey> = std::sync::LazyLock::new(PublicKey::vendor);
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

/// Every result kind's parser: the first byte picks the kind, the rest is the body. Any body is
/// a result or a protocol error, and every field of a result reads back as declared.
pub fn result_json(data: &[u8]) {
    let Some((first, body)) = data.split_first() else {
        return;
    };
    let kind = Kind::ALL[*first as usize % Kind::ALL.len()];
    match Record::from_body(kind, body) {
        Ok(record) => {
            assert_eq!(record.kind(), kind);
            assert_eq!(
                record.json().as_bytes(),
                body,
                "the raw body is kept exactly"
            );
            every_field_reads(&record);
            agrees_with_serde_json(&record);
        }
        Err(e) => refused_as_serde_json_would(body, e.status()),
    }
}

/// A body refused as not JSON is one serde_json refuses too; any other refusal is of JSON that
/// is not a result of the kind.
fn refused_as_serde_json_would(body: &[u8], status: Status) {
    let is_json = serde_json::from_slice::<serde_json::Value>(body).is_ok();
    match status {
        Status::LS_ERR_NON_JSON_RESPONSE => assert!(!is_json, "refused JSON as not JSON"),
        Status::LS_ERR_UNEXPECTED_RESPONSE => assert!(is_json, "took non-JSON for JSON"),
        other => panic!("unexpected status {other:?}"),
    }
}

/// The result reads what `serde_json::Value` reads from the same JSON: every field's value, and
/// for list items and nested results, their JSON text byte for byte (the result's own reader
/// does not use `serde_json::Value`; this is its oracle).
fn agrees_with_serde_json(record: &Record) {
    use licensespring::FieldType;
    let document: serde_json::Value =
        serde_json::from_str(record.json()).expect("a result's JSON is JSON");
    // What the C ABI can hold: a NUL in a string is replaced.
    let c_text = |text: String| text.replace('\0', "\u{FFFD}");
    for spec in record.kind().fields() {
        let mut expected = Some(&document);
        if !spec.path.is_empty() {
            for part in spec.path.split('.') {
                expected = expected.and_then(|v| v.get(part));
            }
        }
        let expected = expected.filter(|v| !v.is_null());
        let got = record
            .get(spec.field)
            .expect("a field of the record's kind");
        match (got, expected) {
            (Value::Null, None) => {}
            (Value::List(items), None) => assert!(items.is_empty(), "{}", spec.c_name),
            (Value::Bool(b), Some(v)) => assert_eq!(v.as_bool(), Some(b), "{}", spec.c_name),
            (Value::Int(n), Some(v)) => assert_eq!(v.as_i64(), Some(n), "{}", spec.c_name),
            (Value::Str(s), Some(v)) => {
                let text = match (spec.field_type, v) {
                    (FieldType::Str | FieldType::Text, serde_json::Value::String(t)) => t.clone(),
                    (FieldType::Text | FieldType::Json, other) => other.to_string(),
                    _ => panic!("{}: a string from {v}", spec.c_name),
                };
                assert_eq!(s, c_text(text), "{}", spec.c_name);
            }
            (Value::List(items), Some(v)) => {
                let array = v.as_array().expect("a list from a JSON array");
                assert_eq!(items.len(), array.len(), "{}", spec.c_name);
                for (item, v) in items.iter().zip(array) {
                    assert_eq!(item.json(), v.to_string(), "{}", spec.c_name);
                    agrees_with_serde_json(item);
                }
            }
            (Value::Object(nested), Some(v)) => {
                assert_eq!(nested.json(), v.to_string(), "{}", spec.c_name);
                agrees_with_serde_json(nested);
            }
            (got, expected) => panic!("{}: read {got:?} from {expected:?}", spec.c_name),
        }
    }
}

fn every_field_reads(record: &Record) {
    for spec in record.kind().fields() {
        match record
            .get(spec.field)
            .expect("a field of the record's kind")
        {
            Value::List(items) => items.iter().for_each(every_field_reads),
            Value::Object(record) => every_field_reads(record),
            Value::Null => assert!(!spec.required, "{} is required", spec.c_name),
            _ => {}
        }
    }
}

/// Request building from arbitrary strings: setting and validation never panic, and whatever is
/// sent is exactly what was set.
pub fn request_building(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut request = Request::default();
    let parts: Vec<&str> = text.split('\u{1}').collect();
    for (param, value) in Param::ALL.iter().zip(parts.iter()) {
        let value = match param.param_type() {
            ParamType::String => ParamValue::String(value.to_string()),
            ParamType::Int => ParamValue::Int(value.len() as i64 - 3),
            ParamType::Bool => ParamValue::Bool(value.len() % 2 == 0),
        };
        request
            .set(*param, value)
            .expect("values of the parameter's type are accepted");
    }
    if let Some(extra) = parts.get(Param::ALL.len()) {
        let _ = request.set_variable(extra, extra);
    }
    for operation in Operation::all() {
        let _ = request.validate(operation);
    }
    let all = licensespring::request::ParamSet(&[Param::ALL]);
    let body: serde_json::Value =
        serde_json::from_slice(&request.to_json(all, Some("app"), "sdk", true)).unwrap();
    for param in Param::ALL {
        match request.get(*param) {
            Some(ParamValue::String(v)) => {
                assert_eq!(body[param.wire_name()].as_str(), Some(v.as_str()))
            }
            Some(ParamValue::Int(n)) => assert_eq!(body[param.wire_name()].as_i64(), Some(*n)),
            Some(ParamValue::Bool(b)) => assert_eq!(body[param.wire_name()].as_bool(), Some(*b)),
            None if param.wire_name() == "app_ver" => {}
            None => assert!(body.get(param.wire_name()).is_none()),
        }
    }
    let query = request.to_query(all, None, "sdk");
    assert!(query.iter().all(|(k, v)| !k.is_empty() && !v.is_empty()));
}

/// The clients the store targets use: the emulator's demo keys, with the emulator's public key
/// (`[1]`) or without verification (`[0]`). Nothing here touches the network.
fn store_clients() -> &'static [licensespring::Client; 2] {
    static CLIENTS: std::sync::LazyLock<[licensespring::Client; 2]> =
        std::sync::LazyLock::new(|| {
            let make = |verify: bool| {
                let mut c = licensespring::Config::new("demo-api-key", "demo-shared-key").unwrap();
                c.set_base_url("http://127.0.0.1:9").unwrap();
                if verify {
                    c.set_public_key_pem(include_str!("../tests/fixtures/emulator-public-key.pem"))
                        .unwrap();
                } else {
                    c.disable_signature_verification();
                }
                licensespring::Client::new(&c).unwrap()
            };
            [make(false), make(true)]
        });
    &CLIENTS
}

/// The store file parser (`Store` load: structure, seal, state, the server's signature, the
/// license, then the local checks). The first byte picks the client (bit 0: verifying) and
/// whether the input's seal is first replaced by the right one (bit 1), so that fuzzing also
/// reaches what lies behind the seal. Any input is a verified license or a store status; a file
/// whose seal was not replaced never passes unless it was sealed with these keys.
pub fn store_file(data: &[u8]) {
    static STORE: std::sync::LazyLock<licensespring::Store> = std::sync::LazyLock::new(|| {
        let s = licensespring::Store::new(Some(std::path::Path::new("/nonexistent/fuzz")), "demo")
            .unwrap();
        s.set_time(4_000_000_000_000).unwrap();
        s
    });
    let Some((mode, bytes)) = data.split_first() else {
        return;
    };
    let client = &store_clients()[usize::from(mode & 1)];
    let request = Request::new("demo", "fuzz-hw");
    let mut bytes = bytes.to_vec();
    if mode & 2 != 0 {
        STORE
            .reseal_file_bytes(client, &request, &mut bytes)
            .unwrap();
    }
    match STORE.check_file_bytes(client, &request, &bytes) {
        Ok((license, state)) => {
            assert_eq!(state.product, "demo");
            assert_eq!(state.hardware_id, "fuzz-hw");
            every_field_reads(&license);
        }
        Err(e) => assert!(
            matches!(
                e.status(),
                Status::LS_ERR_LICENSE_FILE_TAMPERED
                    | Status::LS_ERR_HARDWARE_ID_MISMATCH
                    | Status::LS_ERR_PRODUCT_MISMATCH
                    | Status::LS_ERR_STORE_VERSION_UNSUPPORTED
                    | Status::LS_ERR_CLOCK_TAMPERED
                    | Status::LS_ERR_UNEXPECTED_RESPONSE
                    | Status::LS_ERR_VM_NOT_ALLOWED
                    | Status::LS_ERR_FLOATING_TIMEOUT
                    | Status::LS_ERR_LICENSE_EXPIRED
                    | Status::LS_ERR_LICENSE_NOT_ENABLED
                    | Status::LS_ERR_LICENSE_NOT_ACTIVE
            ) || e.status().category() == licensespring::Category::LS_CATEGORY_LICENSE,
            "{e}"
        ),
    }
}

/// The `.lic` parser and verifier: any text is a license whose compact JSON (what
/// `license_signature_v2` covers) is the license's own JSON, or an offline-license status.
pub fn offline_license(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match licensespring::store::parse_offline_license(&text) {
        Ok(lic) => {
            assert_eq!(lic.license.json(), lic.canonical);
            assert!(licensespring::store::json::Json::parse(&lic.canonical).is_ok());
            every_field_reads(&lic.license);
        }
        Err(e) => assert_eq!(e.status(), Status::LS_ERR_OFFLINE_LICENSE_INVALID, "{e}"),
    }
    for client in store_clients() {
        if let Err(e) = licensespring::store::verify_offline_license(client, &text) {
            assert!(
                matches!(
                    e.status(),
                    Status::LS_ERR_OFFLINE_LICENSE_INVALID
                        | Status::LS_ERR_SIGNATURE_MISSING
                        | Status::LS_ERR_SIGNATURE_INVALID
                ),
                "{e}"
            );
        }
    }
}
