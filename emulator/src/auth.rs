//! Request authorization: `Date` + `Authorization: algorithm="hmac-sha256",headers="date",
//! signature="...",apikey="..."`, exactly as the vendor's License API checks it.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::errors::ApiError;

/// How far the client's `Date` may be from the server clock.
pub const MAX_SKEW: Duration = Duration::from_secs(15 * 60);

type HmacSha256 = Hmac<Sha256>;

fn mac(shared_key: &str, date: &str) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut m = HmacSha256::new_from_slice(shared_key.as_bytes()).expect("hmac key");
    m.update(b"licenseSpring\ndate: ");
    m.update(date.as_bytes());
    m
}

/// The base64 signature a client sends for `date` signed with `shared_key`.
#[cfg(test)]
pub fn sign(shared_key: &str, date: &str) -> String {
    B64.encode(mac(shared_key, date).finalize().into_bytes())
}

/// Parse the `Authorization` parameters; names are lower-cased, values unquoted.
fn parse_params(value: &str) -> Option<HashMap<String, String>> {
    let mut out = HashMap::new();
    for part in value.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (name, val) = part.split_once('=')?;
        let name = name.trim().to_ascii_lowercase();
        let val = val.trim();
        let val = val
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(val);
        out.insert(name, val.to_string());
    }
    Some(out)
}

/// Who a request's `Authorization` names once its headers are checked.
#[derive(Debug, PartialEq, Eq)]
pub enum Credential {
    /// An API key whose HMAC signature matched.
    ApiKey,
    /// An OAuth bearer token, still to be looked up (with the emulator clock).
    Bearer(String),
}

/// `Date` is an RFC 7231 date within `MAX_SKEW` of `now`.
fn check_date(date: &str, now: SystemTime) -> Result<(), ApiError> {
    let sent = httpdate::parse_http_date(date.trim()).map_err(|_| {
        ApiError::new(
            400,
            "date_header_diff",
            "Date header is not an RFC 7231 date (e.g. Thu, 17 Nov 2022 20:51:35 GMT)",
        )
    })?;
    let skew = match now.duration_since(sent) {
        Ok(d) => d,
        Err(e) => e.duration(),
    };
    if skew > MAX_SKEW {
        return Err(ApiError::new(
            400,
            "date_header_diff",
            "Date header differs from the server time by more than 15 minutes",
        ));
    }
    Ok(())
}

/// Check the two headers. `lookup` maps an API key to its shared key. A bearer token is only
/// parsed here; the caller looks it up.
pub fn check(
    date: Option<&str>,
    authorization: Option<&str>,
    now: SystemTime,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<Credential, ApiError> {
    let (date, authorization) = match (date, authorization) {
        (Some(d), Some(a)) if !d.trim().is_empty() && !a.trim().is_empty() => (d, a),
        (d, _) => {
            let missing = if d.map(|d| d.trim().is_empty()).unwrap_or(true) {
                "Date"
            } else {
                "Authorization"
            };
            return Err(ApiError::new(
                400,
                "missing_headers",
                format!("Some headers are missing: {missing}"),
            ));
        }
    };
    let invalid = |why: &str| {
        ApiError::new(
            400,
            "authorization_invalid_headers",
            format!("Invalid Authorization header: {why}"),
        )
    };
    let trimmed = authorization.trim();
    if let Some(rest) = trimmed
        .get(..6)
        .filter(|p| p.eq_ignore_ascii_case("bearer"))
        .map(|_| &trimmed[6..])
    {
        let token = rest.trim();
        if !rest.starts_with(' ') || token.is_empty() || token.contains(char::is_whitespace) {
            return Err(invalid("expected Bearer <token>"));
        }
        check_date(date, now)?;
        return Ok(Credential::Bearer(token.to_string()));
    }
    let params =
        parse_params(authorization).ok_or_else(|| invalid("expected name=\"value\" pairs"))?;
    let algorithm = params
        .get("algorithm")
        .ok_or_else(|| invalid("algorithm is missing"))?;
    if !algorithm.eq_ignore_ascii_case("hmac-sha256") {
        return Err(invalid("algorithm must be hmac-sha256"));
    }
    let headers = params
        .get("headers")
        .ok_or_else(|| invalid("headers is missing"))?;
    if !headers.trim().eq_ignore_ascii_case("date") {
        return Err(invalid("headers must be \"date\""));
    }
    let signature = params
        .get("signature")
        .ok_or_else(|| invalid("signature is missing"))?;
    let api_key = params
        .get("apikey")
        .ok_or_else(|| invalid("apikey is missing"))?;

    check_date(date, now)?;

    let shared_key =
        lookup(api_key).ok_or_else(|| ApiError::new(401, "invalid_api_key", "Invalid API key"))?;
    let mismatch = || ApiError::new(401, "signature_mismatch", "Signature mismatch");
    let sig = B64.decode(signature.trim()).map_err(|_| mismatch())?;
    mac(&shared_key, date)
        .verify_slice(&sig)
        .map_err(|_| mismatch())?;
    Ok(Credential::ApiKey)
}

/// base64 HMAC-SHA256 of `message` with `key`.
pub fn hmac_b64(key: &str, message: &[u8]) -> String {
    let mut m = HmacSha256::new_from_slice(key.as_bytes()).expect("hmac key");
    m.update(message);
    B64.encode(m.finalize().into_bytes())
}

/// Whether `signature` (base64) is the HMAC-SHA256 of `message` with `key`, compared in
/// constant time.
pub fn hmac_matches(key: &str, message: &[u8], signature: &str) -> bool {
    let Ok(sig) = B64.decode(signature.trim()) else {
        return false;
    };
    let mut m = HmacSha256::new_from_slice(key.as_bytes()).expect("hmac key");
    m.update(message);
    m.verify_slice(&sig).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja";
    const DATE: &str = "Tue, 07 Jun 2011 20:51:35 GMT";

    #[test]
    fn vendor_vector() {
        assert_eq!(
            sign(KEY, DATE),
            "UDysfR6MndUZReo07Y9r+vErn8vSxrnQ5ulit18iJ/Q="
        );
    }

    fn at_date() -> SystemTime {
        httpdate::parse_http_date(DATE).unwrap()
    }

    #[test]
    fn accepts_both_spellings_and_separators() {
        let sig = sign(KEY, DATE);
        for h in [
            format!(r#"algorithm="hmac-sha256",headers="date",signature="{sig}",apikey="k""#),
            format!(r#"algorithm="hmac-sha256", headers="date", signature="{sig}", apiKey="k""#),
        ] {
            check(Some(DATE), Some(&h), at_date(), |_| Some(KEY.into())).unwrap();
        }
    }

    #[test]
    fn rejects() {
        let sig = sign(KEY, DATE);
        let h = format!(r#"algorithm="hmac-sha256",headers="date",signature="{sig}",apikey="k""#);
        let code = |r: Result<Credential, ApiError>| r.unwrap_err().code;
        assert_eq!(
            code(check(None, Some(&h), at_date(), |_| Some(KEY.into()))),
            "missing_headers"
        );
        assert_eq!(
            code(check(Some(DATE), None, at_date(), |_| Some(KEY.into()))),
            "missing_headers"
        );
        assert_eq!(
            code(check(Some(DATE), Some(&h), SystemTime::now(), |_| Some(
                KEY.into()
            ))),
            "date_header_diff"
        );
        assert_eq!(
            code(check(Some(DATE), Some(&h), at_date(), |_| None)),
            "invalid_api_key"
        );
        assert_eq!(
            code(check(Some(DATE), Some(&h), at_date(), |_| Some(
                "other".into()
            ))),
            "signature_mismatch"
        );
        assert_eq!(
            code(check(Some(DATE), Some("garbage"), at_date(), |_| Some(
                KEY.into()
            ))),
            "authorization_invalid_headers"
        );
        assert_eq!(
            code(check(Some(DATE), Some("éééé garbage"), at_date(), |_| None)),
            "authorization_invalid_headers"
        );
        assert_eq!(
            code(check(Some(DATE), Some("Bearer "), at_date(), |_| None)),
            "authorization_invalid_headers"
        );
        assert_eq!(
            code(check(
                Some(DATE),
                Some("Bearer abc"),
                SystemTime::now(),
                |_| None
            )),
            "date_header_diff"
        );
        assert_eq!(
            check(Some(DATE), Some("bearer abc"), at_date(), |_| None).unwrap(),
            Credential::Bearer("abc".into())
        );
    }
}
