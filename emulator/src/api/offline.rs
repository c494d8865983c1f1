//! activate_offline, deactivate_offline: a request file made on a machine without network,
//! carried to one with network and posted as text. See README.md, "Offline activation".

use std::time::{Duration, SystemTime};

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::{license, present, App, Call, Facts, Outcome, Params};
use crate::auth::{hmac_b64, hmac_matches};
use crate::errors::ApiError;

#[derive(Deserialize)]
struct Outer<'a> {
    #[serde(borrow)]
    request: &'a RawValue,
    signature: Option<String>,
}

fn invalid(why: impl std::fmt::Display) -> ApiError {
    ApiError::bad("validation_error", format!("Offline request file: {why}"))
}

fn mismatch(what: &str) -> ApiError {
    ApiError::new(401, "signature_mismatch", format!("{what} does not match"))
}

/// The HMAC message of the request's `signature` and of the answer's `offline_signature`.
fn signing_string(date: &str, identity: &str, hardware_id: &str, key_id: &str) -> String {
    format!("licenseSpring\ndate: {date}\n{identity}\n{hardware_id}\n{key_id}")
}

/// The request file's date and the next second, both as the vendor's Python SDK may have written
/// them (it reads the clock once for `date` and again for `signature`).
fn dates_to_try(date: &str) -> Vec<String> {
    let mut out = vec![date.to_string()];
    if let Ok(t) = httpdate::parse_http_date(date) {
        out.push(httpdate::fmt_http_date(t + Duration::from_secs(1)));
    }
    out
}

fn http_date(t: OffsetDateTime) -> String {
    let secs = t.unix_timestamp().max(0) as u64;
    httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
}

pub(super) fn run(
    app: &App,
    call: Call,
    req: &Params,
    now: OffsetDateTime,
) -> Result<Outcome, ApiError> {
    // The body: base64 of {"request": {...}, "signature": "..."}.
    let text = req.text_body.as_deref().unwrap_or("");
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Err(ApiError::bad(
            "missing_content",
            "The request body (the offline request file) is empty",
        ));
    }
    let decoded = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &compact)
        .map_err(|_| invalid("not base64"))?;
    let json = std::str::from_utf8(&decoded).map_err(|_| invalid("not UTF-8 text"))?;
    let outer: Outer = serde_json::from_str(json)
        .map_err(|e| invalid(format!("not {{request, signature}}: {e}")))?;
    // The exact text of the inner object as the client serialised it (the outer HMAC covers it).
    let inner_text = outer.request.get();
    let inner: Map<String, Value> =
        serde_json::from_str(inner_text).map_err(|_| invalid("request must be an object"))?;
    let wanted = if call == Call::ActivateOffline {
        "activation"
    } else {
        "deactivation"
    };
    match inner.get("request").and_then(Value::as_str) {
        Some(kind) if kind == wanted => {}
        _ => return Err(invalid(format!("request.request must be {wanted:?}"))),
    }
    let str_field = |name: &str| -> Result<Option<&str>, ApiError> {
        match inner.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(ApiError::bad(
                "validation_error",
                format!("request.{name}: must be a string"),
            )),
        }
    };

    // Whose keys signed it: an API key (HMAC key: its shared key) or an OAuth client (its
    // secret).
    let (key_id, secret, is_client) = match (str_field("api_key")?, str_field("client_id")?) {
        (Some(k), _) => match app.catalog.shared_keys.get(k) {
            Some(shared) => (k, shared.as_str(), false),
            None => return Err(ApiError::new(401, "invalid_api_key", "Invalid API key")),
        },
        (None, Some(c)) => match app.catalog.oauth_clients.get(c) {
            Some(client) => (c, client.client_secret.as_str(), true),
            None => return Err(ApiError::new(401, "invalid_api_key", "Unknown client_id")),
        },
        (None, None) => return Err(ApiError::missing("api_key")),
    };

    // The request fields, typed as on the online calls.
    let mut params: Params = serde_path_to_error::deserialize(Value::Object(inner.clone()))
        .map_err(|e| {
            let path = e.path().to_string();
            ApiError::bad(
                "validation_error",
                format!("request.{path}: {}", e.into_inner()),
            )
        })?;
    params.text_body = None;
    let date = str_field("date")?.ok_or_else(|| ApiError::missing("date"))?;
    let identity = present(&params.license_key)
        .or(present(&params.username))
        .unwrap_or_default()
        .to_string();
    let hardware_id = present(&params.hardware_id).unwrap_or_default().to_string();

    // Signatures: the outer HMAC over the inner text as received; the inner `signature` when the
    // file has one (the vendor's Node SDK writes none: its outer HMAC covers everything).
    let outer_sig = outer
        .signature
        .as_deref()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::missing("signature"))?;
    let inner_sig = str_field("signature")?;
    let inner_ok = match inner_sig {
        Some(sig) => {
            let ok = dates_to_try(date).iter().any(|d| {
                hmac_matches(
                    secret,
                    signing_string(d, &identity, &hardware_id, key_id).as_bytes(),
                    sig,
                )
            });
            if !ok {
                return Err(mismatch("The request's signature"));
            }
            true
        }
        None => false,
    };
    // The vendor's Python SDK 4.0.0 keys the outer HMAC of an OAuth deactivation with the
    // client id; accepted only behind a valid inner signature (which needs the secret).
    let outer_ok = hmac_matches(secret, inner_text.as_bytes(), outer_sig)
        || (is_client && inner_ok && hmac_matches(key_id, inner_text.as_bytes(), outer_sig));
    if !outer_ok {
        return Err(mismatch("The request file's signature"));
    }

    // The same rules and state change as activate_license / deactivate_license.
    let target = app.target(call, &params, now)?;
    if call == Call::ActivateOffline && target.license.is_floating_cloud {
        return Err(ApiError::bad(
            "offline_floating_cloud_not_supported",
            "Floating cloud licenses cannot be activated offline.",
        ));
    }
    let single = if call == Call::ActivateOffline {
        Call::Activate
    } else {
        Call::Deactivate
    };
    let mut conn = app.lock();
    let tx = app.begin(&mut conn)?;
    let Some((device_id, variables)) = license::apply(&tx, &target, single, &params, now)? else {
        tx.commit().map_err(ApiError::internal)?;
        return Ok(Outcome::Text("license_deactivated"));
    };
    let facts = Facts::read(&tx, &target.license, target.hardware_id, now)?;
    tx.commit().map_err(ApiError::internal)?;
    drop(conn);

    // The .lic content: the activation's license object plus request_id, date and
    // offline_signature; license_signature_v2 signs its compact JSON, then license_signature
    // (v1) and license_signature_v2 are added.
    let mut object = license::object(
        app, &target, single, &params, &facts, device_id, &variables, now,
    );
    if let Some(id) = inner.get("request_id").filter(|v| !v.is_null()) {
        object.insert("request_id".into(), id.clone());
    }
    let answer_date = http_date(now);
    object.insert(
        "offline_signature".into(),
        Value::String(hmac_b64(
            secret,
            signing_string(&answer_date, &identity, &hardware_id, key_id).as_bytes(),
        )),
    );
    object.insert("date".into(), Value::String(answer_date));
    let compact = serde_json::to_string(&object).map_err(ApiError::internal)?;
    let v2 = app.signer.sign(compact.as_bytes());
    object.insert(
        "license_signature".into(),
        Value::String(app.signer.sign(target.v1().as_bytes())),
    );
    object.insert("license_signature_v2".into(), Value::String(v2));
    Ok(Outcome::Json(Value::Object(object)))
}
