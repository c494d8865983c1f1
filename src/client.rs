//! The client: one connection pool, request signing, response reading, verification and
//! mapping of every failure to a status.

use crate::auth;
use crate::cancel::Cancel;
use crate::config::{Config, Credentials, Proxy, SDK_VERSION};
use crate::error::{Error, Result};
use crate::oauth::{self, TokenCache};
use crate::operation::{Method, Operation, Reply as Expected, OPERATIONS};
use crate::request::Request;
use crate::result::{License, Record};
use crate::runtime::CallerRuntime;
use crate::status::Status;
use crate::verify::PublicKey;
use reqwest::header::{
    HeaderMap, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, DATE, RETRY_AFTER,
};
use reqwest::Response;
use std::time::{Duration, Instant, SystemTime};

/// Largest response body the client reads; a bigger one is `LS_ERR_RESPONSE_TOO_LARGE`.
/// License objects are a few KiB; this bounds memory against a hostile or broken server.
pub const MAX_RESPONSE_BYTES: u64 = 2 * 1024 * 1024;
/// Longest server error message carried to the caller.
const MAX_MESSAGE_CHARS: usize = 1024;
const SIGNATURE_HEADER: &str = "LicenseSignature";

/// A License API client. Immutable once built and safe to share between threads; every call
/// reuses its pool of keep-alive connections.
pub struct Client {
    http: reqwest::Client,
    /// Runs every call's I/O on the calling thread (see runtime.rs).
    runtime: CallerRuntime,
    credentials: Credentials,
    /// The current OAuth token (unused with an API key).
    tokens: TokenCache,
    /// The OAuth token endpoint, parsed once (with an API key: `None`).
    token_url: Option<reqwest::Url>,
    base_url: String,
    /// Each operation's URL, parsed once, indexed by operation number.
    urls: Vec<reqwest::Url>,
    total_timeout: Duration,
    public_key: Option<PublicKey>,
    app_version: Option<String>,
    explicit_proxy: bool,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("verify_signatures", &self.public_key.is_some())
            .finish()
    }
}

fn endpoint_urls(base_url: &str) -> Result<Vec<reqwest::Url>> {
    OPERATIONS
        .iter()
        .map(|op| {
            reqwest::Url::parse(&format!("{base_url}/api/v4/{}", op.path))
                .map_err(|e| Error::invalid_argument(format!("base_url is not usable ({e})")))
        })
        .collect()
}

/// What came back, read in full (within the size cap and the deadline).
struct Reply {
    http_status: u16,
    signature: Option<String>,
    retry_after_secs: Option<u64>,
    body: Vec<u8>,
}

#[derive(Clone)]
enum Payload {
    Json(Vec<u8>),
    Query(Vec<(&'static str, String)>),
}

impl Client {
    /// Builds a client from a config. Fails with `LS_ERR_INVALID_ARGUMENT` when an extra CA file
    /// cannot be read or parsed, `LS_ERR_TLS` when the TLS stack cannot be set up, and
    /// `LS_ERR_INTERNAL` when the operating system refuses the I/O runtime's resources.
    pub fn new(config: &Config) -> Result<Client> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.total_timeout)
            .tcp_nodelay(true)
            .pool_idle_timeout(Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(SDK_VERSION);
        builder = match &config.proxy {
            Proxy::System => builder,
            Proxy::Direct => builder.no_proxy(),
            Proxy::Url(url) => builder.proxy(
                reqwest::Proxy::all(url.as_str())
                    .map_err(|_| Error::invalid_argument("proxy is not a valid proxy URL"))?,
            ),
        };
        let mut extra_roots = Vec::new();
        for path in &config.extra_ca_files {
            extra_roots.extend(crate::tls::read_ca_file(path)?);
        }
        builder = builder.use_preconfigured_tls(crate::tls::client_config(extra_roots)?);
        let http = builder.build().map_err(|e| {
            Error::new(
                Status::LS_ERR_TLS,
                format!("cannot set up the HTTP client: {}", chain(&e)),
            )
        })?;
        let runtime = CallerRuntime::new().map_err(|e| {
            Error::new(
                Status::LS_ERR_INTERNAL,
                format!("cannot set up the I/O runtime: {e}"),
            )
        })?;
        Ok(Client {
            http,
            runtime,
            token_url: match &config.credentials {
                Credentials::OAuth { token_url, .. } => {
                    Some(reqwest::Url::parse(token_url).map_err(|e| {
                        Error::invalid_argument(format!("token_url is not usable ({e})"))
                    })?)
                }
                Credentials::ApiKey { .. } => None,
            },
            credentials: config.credentials.clone(),
            tokens: TokenCache::default(),
            base_url: config.base_url.clone(),
            urls: endpoint_urls(&config.base_url)?,
            total_timeout: config.total_timeout,
            public_key: config.public_key.clone(),
            app_version: config.app_version.clone(),
            explicit_proxy: matches!(config.proxy, Proxy::Url(_)),
        })
    }

    /// Performs one operation: validates the request for it, signs and sends it, and reads the
    /// answer as the operation's table row says (a verified result, or a fixed text). Blocks
    /// until the server answers, the total timeout expires or `cancel` is triggered. Like every
    /// call, it drives its I/O on the calling thread, so from async code run it in
    /// `spawn_blocking`: calling it on an async runtime's thread panics.
    pub fn call(
        &self,
        operation: Operation,
        request: &Request,
        cancel: Option<&Cancel>,
    ) -> Result<Option<Record>> {
        self.call_signed(operation, request, cancel)
            .map(|answer| answer.map(|(record, _)| record))
    }

    /// [`Client::call`], also handing back the `LicenseSignature` header of a signed answer
    /// (`None` when verification is off or the answer carries none), for the license store.
    pub(crate) fn call_signed(
        &self,
        operation: Operation,
        request: &Request,
        cancel: Option<&Cancel>,
    ) -> Result<Option<(Record, Option<String>)>> {
        let spec = operation.spec();
        if cancel.is_some_and(Cancel::is_triggered) {
            return Err(crate::cancel::cancelled());
        }
        request.validate(operation)?;
        let app_version = self.app_version.as_deref();
        let payload = match spec.method {
            Method::Post => Payload::Json(request.to_json(
                spec.params,
                app_version,
                SDK_VERSION,
                spec.variables != crate::operation::Variables::None,
            )),
            Method::Get => Payload::Query(request.to_query(spec.params, app_version, SDK_VERSION)),
        };
        let url = &self.urls[operation as usize];
        let reply = match self.send(url, payload.clone(), cancel) {
            // A token the server refuses (expired early, revoked, garbled) is dropped by send();
            // one retry fetches a new one.
            Err(e) if oauth::is_token_refusal(&e) && self.token_url.is_some() => {
                self.send(url, payload, cancel)?
            }
            other => other?,
        };
        match spec.reply {
            Expected::Result { kind, signed } => {
                if signed {
                    self.verify(&reply)?;
                }
                let signature = reply.signature.clone().filter(|_| signed);
                Record::from_body(kind, &reply.body)
                    .map(|record| Some((record, signature)))
                    .map_err(|e| e.with_http_status(reply.http_status))
            }
            Expected::Empty => {
                if reply.body.iter().all(u8::is_ascii_whitespace) {
                    Ok(None)
                } else {
                    Err(Error::new(
                        Status::LS_ERR_UNEXPECTED_RESPONSE,
                        format!(
                            "{} answered 200 with a body where none was expected",
                            spec.name
                        ),
                    )
                    .with_http_status(reply.http_status))
                }
            }
            Expected::Text(expected) => {
                let text = std::str::from_utf8(&reply.body).unwrap_or("").trim();
                if text == expected
                    || text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) == Some(expected)
                {
                    Ok(None)
                } else {
                    Err(Error::new(
                        Status::LS_ERR_UNEXPECTED_RESPONSE,
                        format!("{} answered 200 without `{expected}`", spec.name),
                    )
                    .with_http_status(reply.http_status))
                }
            }
        }
    }

    /// POST `/api/v4/activate_license`: activates the license on the request's device.
    pub fn activate(&self, request: &Request) -> Result<License> {
        self.call(Operation::LS_OP_ACTIVATE, request, None)
            .map(|r| r.expect("activate gives a result"))
    }

    /// GET `/api/v4/check_license`: the license's current state on the request's device.
    pub fn check(&self, request: &Request) -> Result<License> {
        self.call(Operation::LS_OP_CHECK, request, None)
            .map(|r| r.expect("check gives a result"))
    }

    /// POST `/api/v4/deactivate_license`: frees the request's device from the license.
    pub fn deactivate(&self, request: &Request) -> Result<()> {
        self.call(Operation::LS_OP_DEACTIVATE, request, None)
            .map(|_| ())
    }

    /// The credentials' public half (the API key, or the OAuth client ID), their secret (the
    /// shared key, or the client secret) and the public key responses are verified with: the
    /// license store seals its files, and signs offline requests, with them.
    pub(crate) fn keys(&self) -> (&str, &str, Option<&PublicKey>) {
        let (id, secret) = match &self.credentials {
            Credentials::ApiKey {
                api_key,
                shared_key,
            } => (api_key, shared_key),
            Credentials::OAuth {
                client_id,
                client_secret,
                ..
            } => (client_id, client_secret),
        };
        (id, secret, self.public_key.as_ref())
    }

    /// Whether the client authenticates with OAuth client credentials (offline request files
    /// then name the `client_id` rather than the `api_key`).
    pub(crate) fn uses_oauth(&self) -> bool {
        matches!(self.credentials, Credentials::OAuth { .. })
    }

    /// The application version sent when a request does not set its own.
    pub(crate) fn app_version(&self) -> Option<&str> {
        self.app_version.as_deref()
    }

    fn verify(&self, reply: &Reply) -> Result<()> {
        let Some(key) = &self.public_key else {
            return Ok(());
        };
        let signature = reply.signature.as_deref().ok_or_else(|| {
            Error::new(
                Status::LS_ERR_SIGNATURE_MISSING,
                "the response carries no LicenseSignature header",
            )
            .with_http_status(reply.http_status)
        })?;
        key.verify(&reply.body, signature)
            .map_err(|e| e.with_http_status(reply.http_status))
    }

    /// Signs and sends one call; returns the reply of a 200, or the mapped error of anything else.
    fn send(&self, url: &reqwest::Url, payload: Payload, cancel: Option<&Cancel>) -> Result<Reply> {
        let deadline = Instant::now() + self.total_timeout;
        let url = url.clone();
        let date = auth::http_date_now();
        let (authorization, token) = self.authorization(&date, cancel)?;
        let builder = match payload {
            Payload::Json(body) => self
                .http
                .post(url)
                .header(CONTENT_TYPE, "application/json")
                .body(body),
            Payload::Query(query) => self.http.get(url).query(&query),
        };
        let request = builder
            .timeout(self.total_timeout)
            .header(ACCEPT, "application/json")
            .header(DATE, &date)
            .header(AUTHORIZATION, authorization);
        let exchange = async {
            let response = request.send().await.map_err(|e| self.transport_error(e))?;
            read_reply(response, deadline).await
        };
        let reply = self.runtime.run(async {
            match cancel {
                Some(cancel) => cancel.guard(exchange).await,
                None => exchange.await,
            }
        })?;
        match reply.http_status {
            200 => Ok(reply),
            300..=399 => Err(Error::new(
                Status::LS_ERR_REDIRECT,
                format!(
                    "the server answered HTTP {} (a redirect); redirects are not followed so that credentials are never sent elsewhere",
                    reply.http_status
                ),
            )
            .with_http_status(reply.http_status)),
            400..=599 => {
                let e = server_error(&reply);
                if let (Some(token), true) = (&token, oauth::is_token_refusal(&e)) {
                    self.tokens.invalidate(token);
                }
                Err(e)
            }
            other => Err(Error::new(
                Status::LS_ERR_UNEXPECTED_RESPONSE,
                format!("the server answered HTTP {other} where 200 was expected"),
            )
            .with_http_status(other)),
        }
    }

    /// The `Authorization` header for a request dated `date`, and the OAuth token in it (if any).
    fn authorization(
        &self,
        date: &str,
        cancel: Option<&Cancel>,
    ) -> Result<(String, Option<String>)> {
        match &self.credentials {
            Credentials::ApiKey {
                api_key,
                shared_key,
            } => Ok((auth::authorization_header(api_key, shared_key, date), None)),
            Credentials::OAuth {
                client_id,
                client_secret,
                ..
            } => {
                let token = self
                    .tokens
                    .get(|| self.fetch_token(client_id, client_secret, cancel))?;
                Ok((format!("Bearer {token}"), Some(token)))
            }
        }
    }

    /// One request to the OAuth token endpoint, bounded by the total timeout and the cancel
    /// handle like any call.
    fn fetch_token(
        &self,
        client_id: &str,
        client_secret: &str,
        cancel: Option<&Cancel>,
    ) -> Result<(String, Duration)> {
        let url = self
            .token_url
            .clone()
            .expect("an OAuth client has a token URL");
        let deadline = Instant::now() + self.total_timeout;
        let request = self
            .http
            .post(url)
            .timeout(self.total_timeout)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(oauth::token_request_body(client_id, client_secret));
        let exchange = async {
            let response = request.send().await.map_err(|e| {
                let e = self.transport_error(e);
                let message = format!("the OAuth token endpoint: {}", e.message());
                Error::new(e.status(), message)
            })?;
            read_reply(response, deadline).await
        };
        let reply = self.runtime.run(async {
            match cancel {
                Some(cancel) => cancel.guard(exchange).await,
                None => exchange.await,
            }
        })?;
        oauth::read_token_answer(reply.http_status, &reply.body)
    }

    fn transport_error(&self, e: reqwest::Error) -> Error {
        classify_transport(e, self.explicit_proxy)
    }
}

async fn read_reply(mut response: Response, deadline: Instant) -> Result<Reply> {
    let http_status = response.status().as_u16();
    let headers = response.headers();
    // A header that is present but not text is kept (it will fail verification as invalid):
    // only an absent header is "missing".
    let signature = headers
        .get(SIGNATURE_HEADER)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let retry_after_secs = retry_after(headers);
    let too_large = || {
        Error::new(
            Status::LS_ERR_RESPONSE_TOO_LARGE,
            format!("the response body exceeds {MAX_RESPONSE_BYTES} bytes"),
        )
        .with_http_status(http_status)
    };
    let declared = declared_length(headers);
    if declared.is_some_and(|n| n > MAX_RESPONSE_BYTES) {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(declared.unwrap_or(0) as usize);
    loop {
        if Instant::now() >= deadline {
            return Err(Error::new(
                Status::LS_ERR_TIMEOUT,
                "the total timeout expired while the response body was being read",
            )
            .with_http_status(http_status));
        }
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(e) => return Err(body_error(e, http_status)),
        };
        if body.len() as u64 + chunk.len() as u64 > MAX_RESPONSE_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Reply {
        http_status,
        signature,
        retry_after_secs,
        body,
    })
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// `Retry-After` as seconds from now: either delta-seconds or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<u64> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(secs);
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .map(|d| d.as_secs())
            .unwrap_or(0),
    )
}

fn body_error(e: reqwest::Error, http_status: u16) -> Error {
    let e = e.without_url();
    let status = if e.is_timeout() {
        Status::LS_ERR_TIMEOUT
    } else {
        Status::LS_ERR_NETWORK
    };
    Error::new(
        status,
        format!(
            "the connection failed while the response body was being read: {}",
            chain(&e)
        ),
    )
    .with_http_status(http_status)
}

#[derive(serde::Deserialize)]
struct ErrorBody {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

/// Maps an HTTP 4xx/5xx reply to an error, keeping the server's code and message.
fn server_error(reply: &Reply) -> Error {
    error_from_response(reply.http_status, &reply.body, reply.retry_after_secs)
}

/// Maps an HTTP 4xx/5xx status and body to an error, keeping the server's code and message.
/// Public only for the fuzz targets (`fuzz/targets.rs`).
#[doc(hidden)]
pub fn error_from_response(http: u16, body: &[u8], retry_after_secs: Option<u64>) -> Error {
    let parsed = serde_json::from_slice::<ErrorBody>(body)
        .ok()
        .filter(|b| b.code.is_some() || b.message.is_some());
    let by_http = |json: bool| match http {
        429 => Status::LS_ERR_RATE_LIMITED,
        500..=599 => Status::LS_ERR_SERVER,
        404 => Status::LS_ERR_NOT_FOUND,
        413 => Status::LS_ERR_REQUEST_TOO_LARGE,
        _ if json => Status::LS_ERR_SERVER_OTHER,
        _ => Status::LS_ERR_NON_JSON_RESPONSE,
    };
    let error = match parsed {
        Some(body) => {
            let status = body
                .code
                .as_deref()
                .and_then(Status::from_server_code)
                .unwrap_or_else(|| by_http(true));
            let message = match body.message {
                Some(m) if !m.is_empty() => truncate(m),
                _ => format!("the server answered HTTP {http}"),
            };
            Error::new(status, message).with_server_code(body.code.map(truncate))
        }
        None => Error::new(
            by_http(false),
            format!("the server answered HTTP {http} without a JSON error body"),
        ),
    };
    error
        .with_http_status(http)
        .with_retry_after(retry_after_secs)
}

fn truncate(mut s: String) -> String {
    if let Some((i, _)) = s.char_indices().nth(MAX_MESSAGE_CHARS) {
        s.truncate(i);
        s.push('…');
    }
    s
}

/// Maps a failure before any response arrived. The URL is dropped from the message: a check's
/// query string carries the identity, which may be a password or token.
fn classify_transport(e: reqwest::Error, explicit_proxy: bool) -> Error {
    let e = e.without_url();
    let detail = chain(&e);
    let status = if e.is_timeout() {
        Status::LS_ERR_TIMEOUT
    } else if is_tls(&e) {
        Status::LS_ERR_TLS
    } else if e.is_connect() && explicit_proxy {
        Status::LS_ERR_PROXY
    } else if e.is_connect() {
        Status::LS_ERR_CONNECT
    } else {
        Status::LS_ERR_NETWORK
    };
    Error::new(status, format!("{}: {detail}", status.description()))
}

/// The error and its sources, joined, without repeating identical text.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = Some(e);
    while let Some(err) = current {
        let text = err.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = next_cause(err);
    }
    parts.join(": ")
}

fn is_tls(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(e);
    while let Some(err) = current {
        if err.downcast_ref::<rustls::Error>().is_some() {
            return true;
        }
        current = next_cause(err);
    }
    false
}

/// The next error down the chain. A custom `io::Error` hides the error it wraps from `source()`
/// (it returns the wrapped error's own source), so look inside it with `get_ref()` instead.
fn next_cause<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a (dyn std::error::Error + 'static)> {
    match err.downcast_ref::<std::io::Error>() {
        Some(io) => io
            .get_ref()
            .map(|inner| inner as &(dyn std::error::Error + 'static)),
        None => err.source(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(http: u16, body: &str) -> Reply {
        Reply {
            http_status: http,
            signature: None,
            retry_after_secs: Some(7),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn maps_server_errors() {
        let e = server_error(&reply(
            400,
            r#"{"status":400,"code":"license_expired","message":"gone"}"#,
        ));
        assert_eq!(e.status(), Status::LS_ERR_LICENSE_EXPIRED);
        assert_eq!(e.server_code(), Some("license_expired"));
        assert_eq!(e.message(), "gone");
        assert_eq!(e.http_status(), Some(400));

        let e = server_error(&reply(400, r#"{"code":"brand_new","message":"m"}"#));
        assert_eq!(e.status(), Status::LS_ERR_SERVER_OTHER);
        assert_eq!(e.server_code(), Some("brand_new"));

        let e = server_error(&reply(502, "<html>bad gateway</html>"));
        assert_eq!(e.status(), Status::LS_ERR_SERVER);
        assert_eq!(e.http_status(), Some(502));

        let e = server_error(&reply(429, ""));
        assert_eq!(e.status(), Status::LS_ERR_RATE_LIMITED);
        assert_eq!(e.retry_after_secs(), Some(7));

        let e = server_error(&reply(401, "nope"));
        assert_eq!(e.status(), Status::LS_ERR_NON_JSON_RESPONSE);

        let e = server_error(&reply(
            409,
            r#"{"code":"license_device_exists","message":"m"}"#,
        ));
        assert_eq!(e.status(), Status::LS_ERR_LICENSE_DEVICE_EXISTS);
    }

    #[test]
    fn long_messages_are_truncated() {
        let long = "x".repeat(5000);
        let e = server_error(&reply(
            400,
            &format!(r#"{{"code":"c","message":"{long}"}}"#),
        ));
        assert!(e.message().chars().count() <= MAX_MESSAGE_CHARS + 1);
    }
}
