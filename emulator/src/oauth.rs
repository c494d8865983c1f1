//! OAuth client credentials: the token endpoint (the vendor's OpenID Connect shape), the
//! discovery call the Python SDK makes first, bearer token checks, and the per-client fault
//! switches tests use to exercise a client's error paths.

use rand::RngCore;
use serde_json::{json, Value};

use crate::api::{millis, App};
use crate::errors::ApiError;
use crate::seed::{OAuthClient, OAuthFault};
use crate::store;

/// Where the token endpoint lives (the vendor's realm path, under the emulator's own address).
pub const TOKEN_PATH: &str = "/auth/realms/user-portal/protocol/openid-connect/token";

/// What the token endpoint does with one request.
pub enum TokenAnswer {
    /// Status and JSON body.
    Json(u16, Value),
    /// The `html` fault: 502 and an HTML page.
    Html,
    /// The `hang` fault: no answer at all.
    Hang,
}

fn oauth_error(status: u16, error: &str, description: &str) -> TokenAnswer {
    TokenAnswer::Json(
        status,
        json!({"error": error, "error_description": description}),
    )
}

/// The fault in force for a client: the one set through `/__emulator/oauth`, else the seed's.
pub fn fault(app: &App, client: &OAuthClient) -> Option<OAuthFault> {
    let overrides = app.oauth_faults.lock().unwrap_or_else(|p| p.into_inner());
    match overrides.get(&client.client_id) {
        Some(f) => *f,
        None => client.fault,
    }
}

/// `POST` the token endpoint: form body `grant_type=client_credentials&client_id&client_secret`
/// (the client may also authenticate with HTTP Basic). Rules in order: a form body
/// (`invalid_request`), a known client with its secret (`invalid_client`, 401; a client whose
/// fault applies answers as the fault says), `grant_type` present (`invalid_request`) and
/// `client_credentials` (`unsupported_grant_type`).
pub fn token(
    app: &App,
    content_type: Option<&str>,
    basic: Option<(String, String)>,
    body: &[u8],
) -> TokenAnswer {
    let is_form = content_type
        .map(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
        .unwrap_or(false);
    if !is_form {
        return oauth_error(
            400,
            "invalid_request",
            "Content-Type must be application/x-www-form-urlencoded",
        );
    }
    let mut grant_type = None;
    let (mut client_id, mut client_secret) = match basic {
        Some((id, secret)) => (Some(id), Some(secret)),
        None => (None, None),
    };
    for (k, v) in form_urlencoded::parse(body) {
        match k.as_ref() {
            "grant_type" => grant_type = Some(v.into_owned()),
            "client_id" if client_id.is_none() => client_id = Some(v.into_owned()),
            "client_secret" if client_secret.is_none() => client_secret = Some(v.into_owned()),
            _ => {}
        }
    }
    let invalid_client = || {
        oauth_error(
            401,
            "invalid_client",
            "Invalid client or Invalid client credentials",
        )
    };
    let Some(client) = client_id
        .as_deref()
        .and_then(|id| app.catalog.oauth_clients.get(id))
    else {
        return invalid_client();
    };
    let fault = fault(app, client);
    match fault {
        Some(OAuthFault::Hang) => return TokenAnswer::Hang,
        Some(OAuthFault::Html) => return TokenAnswer::Html,
        Some(OAuthFault::InvalidClient) => return invalid_client(),
        _ => {}
    }
    if client_secret.as_deref() != Some(client.client_secret.as_str()) {
        return invalid_client();
    }
    match grant_type.as_deref() {
        None | Some("") => {
            return oauth_error(400, "invalid_request", "Missing form parameter: grant_type")
        }
        Some("client_credentials") => {}
        Some(_) => return oauth_error(400, "unsupported_grant_type", "Unsupported grant_type"),
    }

    let mut raw = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    let token: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let token = format!("ls-emulator.{token}");
    let now = millis(app.clock.now());
    let expires_at = if fault == Some(OAuthFault::ExpiredTokens) {
        now - 1
    } else {
        now + client.expires_in * 1000
    };
    let conn = app.lock();
    if let Err(e) = store::insert_token(&conn, &token, &client.client_id, expires_at) {
        return TokenAnswer::Json(
            500,
            json!({"error": "server_error", "error_description": e.to_string()}),
        );
    }
    TokenAnswer::Json(
        200,
        json!({
            "access_token": token,
            "expires_in": client.expires_in,
            "refresh_expires_in": 0,
            "token_type": "Bearer",
            "not-before-policy": 0,
            "scope": "profile email",
        }),
    )
}

/// A bearer token on a License API request: issued here and not expired (emulator clock).
pub fn check_token(app: &App, token: &str) -> Result<(), ApiError> {
    let found = store::token(&app.lock(), token).map_err(ApiError::internal)?;
    match found {
        None => Err(ApiError::new(
            401,
            "oauth_token_malformed",
            "The access token is malformed or unknown",
        )),
        Some((_, expires_at)) if expires_at <= millis(app.clock.now()) => Err(ApiError::new(
            401,
            "oauth_token_expired",
            "The access token has expired",
        )),
        Some(_) => Ok(()),
    }
}

/// `GET /api/v4/oauth_url?login_type=client_credentials` (no authorization, as the vendor's):
/// `{url, login_type}` with the token endpoint at this emulator's address (`host` is the
/// request's `Host`).
pub fn oauth_url(host: &str, query: &str) -> Result<Value, ApiError> {
    let login_type = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "login_type")
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::missing("login_type"))?;
    if login_type != "client_credentials" {
        return Err(ApiError::bad(
            "validation_error",
            "login_type: only client_credentials is supported",
        ));
    }
    Ok(json!({"url": format!("http://{host}{TOKEN_PATH}"), "login_type": login_type}))
}
