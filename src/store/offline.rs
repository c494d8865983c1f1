//! Air-gapped activation: the offline request file (`.req`) and the offline license (`.lic`),
//! in the vendor SDKs' formats.
//!
//! A request file is base64 of `{"request": <inner>, "signature": <outer>}`, serialised as the
//! vendor's Python SDK does (`json.dumps`: `", "` and `": "` separators; ASCII-only for an
//! activation, UTF-8 for a deactivation). `<inner>` holds the request's fields in the Python
//! SDK's order, then `date` (IMF-fixdate), `request_id` (a random UUID), `schema_version` 2,
//! `signature` = base64 HMAC-SHA256(shared key, `"licenseSpring\ndate: " + date + "\n" +
//! (license_key or username) + "\n" + hardware_id + "\n" + api_key`) and `api_key`; `<outer>` =
//! base64 HMAC-SHA256(shared key, the exact text of `<inner>`).
//!
//! A `.lic` is base64 of the license object the server activated, plus `request_id`, `date`,
//! `offline_signature` (the HMAC above, with the answer's date), `license_signature` (v1: RSA
//! over the lower-cased `"{hardware_id}#{license_key or username}#{validity .sssZ or ''}"`) and
//! `license_signature_v2` (RSA over the object's compact JSON without the two signature
//! fields, in the server's key order). The store keeps that compact JSON and the v2 signature as
//! its server part, so a stored offline license is re-verified like an online one.

use super::dates;
use super::json::Json;
use crate::client::Client;
use crate::config::SDK_VERSION;
use crate::error::{Error, Result};
use crate::operation::Operation;
use crate::request::{Param, ParamSet, Request};
use crate::result::{Field, Kind, License, Record};
use crate::status::Status;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The largest `.lic` content accepted.
pub const MAX_LIC_BYTES: usize = 4 * 1024 * 1024;

const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

fn hmac_b64(key: &str, message: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes())
        .expect("HMAC-SHA256 takes keys of any length");
    mac.update(message.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

fn hmac_matches(key: &str, message: &str, signature_b64: &str) -> bool {
    let Ok(signature) = STANDARD.decode(signature_b64.trim()) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes())
        .expect("HMAC-SHA256 takes keys of any length");
    mac.update(message.as_bytes());
    mac.verify_slice(&signature).is_ok()
}

/// The message of a request's `signature` and of a `.lic`'s `offline_signature`.
fn signing_string(date: &str, identity: &str, hardware_id: &str, api_key: &str) -> String {
    format!("licenseSpring\ndate: {date}\n{identity}\n{hardware_id}\n{api_key}")
}

fn uuid4() -> String {
    use ring::rand::SecureRandom;
    let mut b = [0u8; 16];
    ring::rand::SystemRandom::new()
        .fill(&mut b)
        .expect("the operating system provides random bytes");
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn from_serde(v: &serde_json::Value) -> Json {
    match v {
        serde_json::Value::Null => Json::Null,
        serde_json::Value::Bool(b) => Json::Bool(*b),
        serde_json::Value::Number(n) => Json::Number(n.to_string()),
        serde_json::Value::String(s) => Json::String(s.clone()),
        serde_json::Value::Array(a) => Json::Array(a.iter().map(from_serde).collect()),
        serde_json::Value::Object(m) => {
            Json::Object(m.iter().map(|(k, v)| (k.clone(), from_serde(v))).collect())
        }
    }
}

/// The content of an offline activation (`activation`) or deactivation request file, and its
/// request ID.
pub fn request_file(
    client: &Client,
    request: &Request,
    activation: bool,
    now_ms: i64,
) -> Result<(String, String)> {
    let operation = if activation {
        Operation::LS_OP_ACTIVATE
    } else {
        Operation::LS_OP_DEACTIVATE
    };
    request.validate(operation)?;
    let identity = request
        .get_str(Param::LS_PARAM_LICENSE_KEY)
        .or_else(|| request.get_str(Param::LS_PARAM_USERNAME))
        .ok_or_else(|| {
            Error::invalid_argument(
                "an offline request needs a license key or a username (SSO identities cannot be used offline)",
            )
        })?
        .to_owned();
    let (api_key, shared_key, _) = client.keys();
    let sent: serde_json::Value = serde_json::from_slice(&request.to_json(
        ParamSet(&[Param::ALL]),
        client.app_version(),
        SDK_VERSION,
        true,
    ))
    .expect("a request serialises to a JSON object");
    let field = |name: &str| sent.get(name).map(from_serde);
    let mut inner: Vec<(String, Json)> = vec![(
        "request".into(),
        Json::String(
            if activation {
                "activation"
            } else {
                "deactivation"
            }
            .into(),
        ),
    )];
    let mut put = |name: &str, value: Option<Json>| {
        if let Some(v) = value {
            inner.push((name.to_owned(), v));
        }
    };
    // The vendor's Python SDK's order: generic data, device data, version data, extras.
    put("product", field("product"));
    put("bundle_code", field("bundle_code"));
    put("hardware_id", field("hardware_id"));
    put("license_key", field("license_key"));
    put("license_id", field("license_id"));
    put("username", field("username"));
    if activation {
        put("password", field("password"));
    }
    for name in ["os_ver", "hostname", "ip", "mac_address"] {
        put(name, Some(field(name).unwrap_or(Json::Null)));
    }
    if activation {
        put("is_vm", Some(field("is_vm").unwrap_or(Json::Bool(false))));
        put("vm_info", Some(field("vm_info").unwrap_or(Json::Null)));
    }
    put("sdk_ver", field("sdk_ver"));
    put("app_ver", field("app_ver"));
    if !activation {
        put("consumptions", field("consumptions"));
    }
    put("variables", field("variables"));
    let date = dates::http_date(now_ms);
    let request_id = uuid4();
    let hardware_id = request
        .get_str(Param::LS_PARAM_HARDWARE_ID)
        .unwrap_or_default();
    put("date", Some(Json::String(date.clone())));
    put("request_id", Some(Json::String(request_id.clone())));
    put("schema_version", Some(Json::Number("2".into())));
    put(
        "signature",
        Some(Json::String(hmac_b64(
            shared_key,
            &signing_string(&date, &identity, hardware_id, api_key),
        ))),
    );
    let id_field = if client.uses_oauth() {
        "client_id"
    } else {
        "api_key"
    };
    put(id_field, Some(Json::String(api_key.to_owned())));
    let inner = Json::Object(inner);
    // Python: json.dumps(data) for an activation (ASCII), ensure_ascii=False for a deactivation.
    let ascii = activation;
    let mut inner_text = String::new();
    inner.write_python(ascii, &mut inner_text);
    let outer = Json::Object(vec![
        ("request".into(), inner),
        (
            "signature".into(),
            Json::String(hmac_b64(shared_key, &inner_text)),
        ),
    ]);
    let mut outer_text = String::new();
    outer.write_python(ascii, &mut outer_text);
    Ok((STANDARD.encode(outer_text.as_bytes()), request_id))
}

/// A parsed `.lic`, before its signatures are checked.
#[derive(Debug)]
pub struct OfflineLicense {
    /// The license, read from `canonical`.
    pub license: License,
    /// The compact JSON `license_signature_v2` covers: the object without its two signatures.
    pub canonical: String,
    /// `license_signature_v2`.
    pub signature: Option<String>,
    /// `license_signature` (v1).
    pub signature_v1: Option<String>,
    pub hardware_id: String,
    pub request_id: Option<String>,
    /// `license_key`, else `username`, else `user.email`: the identity the HMAC and v1 sign.
    pub identity: String,
    pub date: Option<String>,
    pub offline_signature: Option<String>,
}

fn invalid(why: impl std::fmt::Display) -> Error {
    Error::new(
        Status::LS_ERR_OFFLINE_LICENSE_INVALID,
        format!("the offline license {why}"),
    )
}

/// Reads a `.lic`'s content (base64 of the JSON, or the JSON itself, surrounding white space
/// allowed) without checking its signatures. Everything that is not a license object with a
/// hardware ID is `LS_ERR_OFFLINE_LICENSE_INVALID`.
pub fn parse_offline_license(text: &str) -> Result<OfflineLicense> {
    if text.len() > MAX_LIC_BYTES {
        return Err(invalid(format!("is larger than {MAX_LIC_BYTES} bytes")));
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(invalid("is empty"));
    }
    let decoded;
    let json_text = if trimmed.starts_with('{') {
        trimmed
    } else {
        let compact: Vec<u8> = trimmed
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        decoded = LENIENT_BASE64
            .decode(&compact)
            .map_err(|_| invalid("is neither base64 nor JSON"))?;
        std::str::from_utf8(&decoded).map_err(|_| invalid("does not decode to UTF-8 text"))?
    };
    let object = Json::parse(json_text).map_err(|e| invalid(format!("is not JSON ({e})")))?;
    let Json::Object(members) = object else {
        return Err(invalid("is not a JSON object"));
    };
    let text_of = |name: &str| -> Result<Option<String>> {
        match members.iter().find(|(k, _)| k == name).map(|(_, v)| v) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(invalid(format!("has a {name} that is not a string"))),
        }
    };
    let signature = text_of("license_signature_v2")?;
    let signature_v1 = text_of("license_signature")?;
    let date = text_of("date")?;
    let offline_signature = text_of("offline_signature")?;
    let request_id = match members
        .iter()
        .find(|(k, _)| k == "request_id")
        .map(|(_, v)| v)
    {
        Some(Json::String(s)) => Some(s.clone()),
        Some(Json::Number(n)) => Some(n.clone()),
        _ => None,
    };
    let username = text_of("username")?;
    let canonical_object = Json::Object(
        members
            .into_iter()
            .filter(|(k, _)| k != "license_signature" && k != "license_signature_v2")
            .collect(),
    );
    let mut canonical = String::new();
    canonical_object.write_compact(&mut canonical);
    let license = Record::from_body(Kind::LS_KIND_LICENSE, canonical.as_bytes())
        .map_err(|e| invalid(format!("is not a license ({})", e.message())))?;
    let hardware_id = license
        .str(Field::LS_LICENSE_HARDWARE_ID)
        .ok_or_else(|| invalid("names no hardware_id"))?
        .to_owned();
    let identity = license
        .str(Field::LS_LICENSE_KEY)
        .map(str::to_owned)
        .or(username)
        .or_else(|| license.str(Field::LS_LICENSE_USER_EMAIL).map(str::to_owned))
        .unwrap_or_default();
    Ok(OfflineLicense {
        license,
        canonical,
        signature,
        signature_v1,
        hardware_id,
        request_id,
        identity,
        date,
        offline_signature,
    })
}

/// Parses a `.lic` and verifies it with the client's keys: `license_signature_v2` and
/// `license_signature` with the RSA public key (unless the client does not verify), and
/// `offline_signature` with the API key and shared key.
pub fn verify_offline_license(client: &Client, text: &str) -> Result<OfflineLicense> {
    let lic = parse_offline_license(text)?;
    let (api_key, shared_key, public_key) = client.keys();
    if let Some(key) = public_key {
        let v2 = lic.signature.as_deref().ok_or_else(|| {
            Error::new(
                Status::LS_ERR_SIGNATURE_MISSING,
                "the offline license carries no license_signature_v2",
            )
        })?;
        key.verify(lic.canonical.as_bytes(), v2).map_err(|_| {
            Error::new(
                Status::LS_ERR_SIGNATURE_INVALID,
                "the offline license's license_signature_v2 does not verify",
            )
        })?;
        let v1 = lic.signature_v1.as_deref().ok_or_else(|| {
            Error::new(
                Status::LS_ERR_SIGNATURE_MISSING,
                "the offline license carries no license_signature",
            )
        })?;
        let validity = match lic.license.str(Field::LS_LICENSE_VALIDITY_PERIOD) {
            None => String::new(),
            Some(v) => dates::format_iso(dates::parse_iso(v).ok_or_else(|| {
                invalid(format!("has a validity_period {v:?} that is not a date"))
            })?),
        };
        let identity = lic.identity.split('|').next().unwrap_or_default();
        let message = format!("{}#{identity}#{validity}", lic.hardware_id).to_lowercase();
        key.verify(message.as_bytes(), v1).map_err(|_| {
            Error::new(
                Status::LS_ERR_SIGNATURE_INVALID,
                "the offline license's license_signature (v1) does not verify",
            )
        })?;
    }
    let (Some(date), Some(offline_signature)) = (&lic.date, &lic.offline_signature) else {
        return Err(Error::new(
            Status::LS_ERR_SIGNATURE_MISSING,
            "the offline license carries no date or offline_signature",
        ));
    };
    if !hmac_matches(
        shared_key,
        &signing_string(date, &lic.identity, &lic.hardware_id, api_key),
        offline_signature,
    ) {
        return Err(Error::new(
            Status::LS_ERR_SIGNATURE_INVALID,
            "the offline license's offline_signature does not match this client's API key and shared key",
        ));
    }
    Ok(lic)
}

/// Builds a `.lic` for a license object as a server does, signing with `sign` (RSA over bytes,
/// base64): for tests and the fuzz targets' seeds. Not part of the stable API.
#[doc(hidden)]
pub fn build_offline_license(
    license_json: &str,
    request_id: &str,
    date: &str,
    api_key: &str,
    shared_key: &str,
    sign: &dyn Fn(&[u8]) -> String,
) -> Result<String> {
    let Json::Object(mut members) =
        Json::parse(license_json).map_err(|e| invalid(format!("is not JSON ({e})")))?
    else {
        return Err(invalid("is not a JSON object"));
    };
    let find = |m: &[(String, Json)], name: &str| -> Option<String> {
        match m.iter().find(|(k, _)| k == name).map(|(_, v)| v) {
            Some(Json::String(s)) => Some(s.clone()),
            _ => None,
        }
    };
    let hardware_id = find(&members, "hardware_id").unwrap_or_default();
    let identity = find(&members, "license_key")
        .or_else(|| find(&members, "username"))
        .unwrap_or_default();
    members.retain(|(k, _)| {
        !matches!(
            k.as_str(),
            "license_signature"
                | "license_signature_v2"
                | "request_id"
                | "date"
                | "offline_signature"
        )
    });
    members.push(("request_id".into(), Json::String(request_id.into())));
    members.push((
        "offline_signature".into(),
        Json::String(hmac_b64(
            shared_key,
            &signing_string(date, &identity, &hardware_id, api_key),
        )),
    ));
    members.push(("date".into(), Json::String(date.into())));
    let mut compact = String::new();
    Json::Object(members.clone()).write_compact(&mut compact);
    let v2 = sign(compact.as_bytes());
    let validity = match find(&members, "validity_period") {
        Some(v) => dates::parse_iso(&v)
            .map(dates::format_iso)
            .unwrap_or_default(),
        None => String::new(),
    };
    let v1 = sign(
        format!("{hardware_id}#{identity}#{validity}")
            .to_lowercase()
            .as_bytes(),
    );
    members.push(("license_signature".into(), Json::String(v1)));
    members.push(("license_signature_v2".into(), Json::String(v2)));
    let mut text = String::new();
    Json::Object(members).write_compact(&mut text);
    Ok(STANDARD.encode(text))
}
