//! ls-emulator: a local LicenseSpring License API v4 server for development and tests.
//! See README.md in this directory for the CLI, the seed format and the rules.

#![recursion_limit = "256"]

mod api;
mod auth;
mod clock;
mod dates;
mod errors;
mod oauth;
mod seed;
mod signing;
mod store;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::Router;
use clap::Parser;
use http_body_util::BodyExt;

use api::{App, Call};
use axum::extract::ConnectInfo;
use errors::ApiError;

const AFTER_HELP: &str = "\
Endpoints under /api/v4/: POST activate_license, deactivate_license,
add_consumption, add_feature_consumption, floating/borrow, floating/release,
floating/feature_borrow, floating/feature_release, activate_bundle,
deactivate_bundle, track_device_variables, change_password, activate_offline and
deactivate_offline (text body: the base64 request file); GET check_license,
product_details, trial_key, check_license_feature, check_bundle, versions,
installation_file, get_device_variables, user_licenses, customer_license_users,
sso_url. Requests must carry the vendor's Date and Authorization headers:
HMAC-SHA256 with an API key/shared key pair from the seed, or Bearer <token> from
the OAuth token endpoint POST /auth/realms/user-portal/protocol/openid-connect/token
(client credentials of the seed's oauth_clients; discovered with GET
/api/v4/oauth_url?login_type=client_credentials). JSON success bodies carry a
LicenseSignature header (RSA PKCS#1 v1.5, SHA-256, over the body bytes).

With --clock-control, POST /__emulator/clock (from loopback only) moves the
emulator clock that every time rule uses: {\"advance_seconds\": N},
{\"set\": \"2030-01-01T00:00:00Z\"} or {\"reset\": true}; GET reads it. POST
/__emulator/oauth {\"client_id\": ..., \"fault\": \"hang\"|\"html\"|\"invalid_client\"|
\"expired_tokens\"|null|\"seed\"} switches a client's token endpoint fault.

Stdout: exactly one line, `listening on http://HOST:PORT`, once connections are
accepted. Stops on SIGINT/SIGTERM (exit 0). Exits with status 2 and a message on
stderr (naming the field) for a bad seed, key or database.

The seed format, every rule in evaluation order and the persistence semantics are
documented in emulator/README.md.";

/// Largest request body accepted; larger ones get 413 `request_too_large`.
const MAX_BODY: usize = 64 * 1024;

/// A local LicenseSpring License API v4 server (activation, trials, consumption, features,
/// floating) for development and tests. Requests are authorized with the vendor's HMAC scheme against the seed's API keys;
/// responses are signed with an RSA key you choose or one generated at start.
#[derive(Debug, Parser)]
#[command(
    name = "ls-emulator",
    version,
    about = "A local LicenseSpring License API v4 server (activation, trials, consumption, features, floating, bundles, versions, accounts, offline activation, OAuth) for development and tests.",
    after_help = AFTER_HELP
)]
struct Cli {
    /// Address to listen on; port 0 picks a free port. Once the server accepts connections
    /// the first stdout line is exactly `listening on http://HOST:PORT` (the real port).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:0")]
    listen: SocketAddr,

    /// Seed file (JSON) declaring API keys, OAuth clients, products, versions, licenses,
    /// license users, bundles, SSO accounts and blacklisted hardware ids. Read at every start; see emulator/README.md.
    #[arg(long, value_name = "FILE")]
    seed: PathBuf,

    /// SQLite database for state (devices, device variables, transfer counts, consumptions,
    /// floating seats, trial licenses, changed passwords, OAuth tokens) that survives restarts. Created if missing. Without it, state lives in memory only.
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,

    /// RSA private key (PKCS#1 or PKCS#8 PEM) that signs responses. Without it a 2048-bit
    /// key is generated at start.
    #[arg(long, value_name = "PEM")]
    signing_key: Option<PathBuf>,

    /// Write the public half of the signing key here (SPKI PEM, "BEGIN PUBLIC KEY"), for
    /// clients that verify the LicenseSignature header.
    #[arg(long, value_name = "PEM")]
    public_key_out: Option<PathBuf>,

    /// Also stop when standard input reaches end of file (for parents that just close a pipe).
    #[arg(long)]
    exit_on_stdin_eof: bool,

    /// Enable POST /__emulator/clock (loopback clients only) to move the emulator clock that
    /// the time rules use (expiry, trials, floating timeouts, borrowing, consumption periods),
    /// so tests need not sleep, and POST /__emulator/oauth to switch OAuth token endpoint
    /// faults. Off by default.
    #[arg(long)]
    clock_control: bool,
}

fn fail(msg: String) -> ! {
    eprintln!("ls-emulator: error: {msg}");
    std::process::exit(2);
}

fn main() {
    let cli = Cli::parse();

    let seed_text = std::fs::read_to_string(&cli.seed)
        .unwrap_or_else(|e| fail(format!("cannot read seed {}: {e}", cli.seed.display())));
    let seed = seed::parse(&seed_text)
        .unwrap_or_else(|e| fail(format!("invalid seed {}: {e}", cli.seed.display())));

    let signer = match &cli.signing_key {
        Some(p) => {
            let pem = std::fs::read_to_string(p)
                .unwrap_or_else(|e| fail(format!("cannot read signing key {}: {e}", p.display())));
            signing::Signer::from_pem(&pem)
                .unwrap_or_else(|e| fail(format!("signing key {}: {e}", p.display())))
        }
        None => signing::Signer::generate().unwrap_or_else(|e| fail(e)),
    };
    if let Some(p) = &cli.public_key_out {
        let pem = signer.public_pem().unwrap_or_else(|e| fail(e));
        std::fs::write(p, pem)
            .unwrap_or_else(|e| fail(format!("cannot write public key {}: {e}", p.display())));
    }

    let conn = store::open(cli.db.as_deref()).unwrap_or_else(|e| fail(e));
    let app = Arc::new(App {
        catalog: seed::Catalog::new(seed),
        db: Mutex::new(conn),
        signer,
        clock: clock::Clock::default(),
        oauth_faults: Mutex::new(Default::default()),
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(format!("cannot start runtime: {e}")));
    let state = Shared {
        app,
        clock_control: cli.clock_control,
        bound: cli.listen,
    };
    runtime.block_on(serve(cli.listen, state, cli.exit_on_stdin_eof));
}

#[derive(Clone)]
struct Shared {
    app: Arc<App>,
    clock_control: bool,
    /// The address the server listens on (for URLs that point back at it).
    bound: SocketAddr,
}

async fn serve(addr: SocketAddr, mut app: Shared, exit_on_stdin_eof: bool) {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .unwrap_or_else(|e| fail(format!("cannot listen on {addr}: {e}")));
    let bound = listener
        .local_addr()
        .unwrap_or_else(|e| fail(format!("cannot read bound address: {e}")));
    app.bound = bound;
    // Signal handlers are installed before the ready line, so a stop request sent as soon as the
    // line is read is never met by the default action (which would kill the process outright).
    let stop = stop_requests(exit_on_stdin_eof);
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on http://{bound}");
        let _ = out.flush();
    }
    let router = Router::new().fallback(handle).with_state(app);
    let graceful = {
        let mut stop = stop.clone();
        async move {
            let _ = stop.wait_for(|stopped| *stopped).await;
        }
    };
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(graceful);
    let mut stop = stop;
    tokio::select! {
        r = server => {
            if let Err(e) = r {
                fail(format!("server error: {e}"));
            }
        }
        // Do not wait forever for idle keep-alive connections after a stop request.
        _ = async {
            let _ = stop.wait_for(|stopped| *stopped).await;
            tokio::time::sleep(Duration::from_secs(3)).await;
        } => {}
    }
    eprintln!("ls-emulator: stopped");
}

/// Installs the SIGINT and SIGTERM handlers (and, if asked, watches standard input) now, and
/// returns a flag that turns true on the first stop request.
fn stop_requests(exit_on_stdin_eof: bool) -> tokio::sync::watch::Receiver<bool> {
    let (tx, rx) = tokio::sync::watch::channel(false);
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .unwrap_or_else(|e| fail(format!("cannot install the SIGTERM handler: {e}")));
    #[cfg(unix)]
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .unwrap_or_else(|e| fail(format!("cannot install the SIGINT handler: {e}")));
    tokio::spawn(async move {
        #[cfg(unix)]
        let signals = async {
            tokio::select! {
                _ = term.recv() => {}
                _ = interrupt.recv() => {}
            }
        };
        #[cfg(not(unix))]
        let signals = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        let stdin_eof = async {
            if !exit_on_stdin_eof {
                return std::future::pending::<()>().await;
            }
            use tokio::io::AsyncReadExt;
            let mut stdin = tokio::io::stdin();
            let mut buf = [0u8; 1024];
            while let Ok(n) = stdin.read(&mut buf).await {
                if n == 0 {
                    break;
                }
            }
        };
        tokio::select! {
            _ = signals => {}
            _ = stdin_eof => {}
        }
        let _ = tx.send(true);
    });
    rx
}

fn json_error(e: &ApiError) -> Response {
    let mut r = Response::new(Body::from(e.body()));
    *r.status_mut() = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// A header's value; a value that is not visible ASCII is kept (lossily) so that it fails
/// the later checks with a specific error instead of looking absent.
fn header_str(h: &HeaderMap, name: header::HeaderName) -> Option<String> {
    h.get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

/// Read at most MAX_BODY bytes. A larger body is drained (up to DRAIN_LIMIT, so the client
/// sees the 413 instead of a reset connection) and refused with 413 `request_too_large`.
async fn read_body(mut body: Body) -> Result<Vec<u8>, ApiError> {
    const DRAIN_LIMIT: usize = 16 * 1024 * 1024;
    let mut buf = Vec::new();
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            ApiError::bad(
                "invalid_request",
                format!("Could not read request body: {e}"),
            )
        })?;
        if let Ok(data) = frame.into_data() {
            total = total.saturating_add(data.len());
            if total <= MAX_BODY {
                buf.extend_from_slice(&data);
            } else if total > DRAIN_LIMIT {
                break;
            }
        }
    }
    if total > MAX_BODY {
        return Err(ApiError::new(
            413,
            "request_too_large",
            format!("Request body is larger than {MAX_BODY} bytes"),
        ));
    }
    Ok(buf)
}

async fn handle(
    State(shared): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
) -> Response {
    let app = shared.app;
    let (parts, body) = req.into_parts();
    let path = parts.uri.path();
    let path = path.strip_suffix('/').unwrap_or(path);
    if shared.clock_control && path == "/__emulator/clock" {
        return clock_control(&app, &parts.method, peer, body).await;
    }
    if shared.clock_control && path == "/__emulator/oauth" {
        return oauth_control(&app, &parts.method, peer, body).await;
    }
    if path == oauth::TOKEN_PATH {
        return token_endpoint(&app, &parts, body).await;
    }
    if path == "/api/v4/oauth_url" {
        if parts.method != Method::GET {
            return method_not_allowed(path, "GET");
        }
        let host =
            header_str(&parts.headers, header::HOST).unwrap_or_else(|| shared.bound.to_string());
        return match oauth::oauth_url(&host, parts.uri.query().unwrap_or("")) {
            Ok(v) => signed_json(&app, &v),
            Err(e) => json_error(&e),
        };
    }
    let call = match path.strip_prefix("/api/v4/").and_then(Call::route) {
        Some(c) => c,
        None => {
            return json_error(&ApiError::new(
                404,
                "not_found",
                format!("No such endpoint: {path}"),
            ))
        }
    };
    let method = if call.is_get() {
        Method::GET
    } else {
        Method::POST
    };
    if parts.method != method {
        return method_not_allowed(path, method.as_str());
    }

    // Body (bounded) before authorization, so an oversized body is refused cheaply.
    let bytes = match read_body(body).await {
        Ok(b) => b,
        Err(e) => {
            let mut r = json_error(&e);
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return r;
        }
    };

    // The Date header is compared with the real clock, not the emulator clock: clients sign
    // with their own (real) time, and a test that moves the emulator clock must not lock them
    // out. Bearer tokens expire by the emulator clock.
    match auth::check(
        header_str(&parts.headers, header::DATE).as_deref(),
        header_str(&parts.headers, header::AUTHORIZATION).as_deref(),
        SystemTime::now(),
        |k| app.catalog.shared_keys.get(k).cloned(),
    ) {
        Ok(auth::Credential::ApiKey) => {}
        Ok(auth::Credential::Bearer(token)) => {
            let app2 = app.clone();
            match tokio::task::spawn_blocking(move || oauth::check_token(&app2, &token)).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return json_error(&e),
                Err(e) => return json_error(&ApiError::internal(e)),
            }
        }
        Err(e) => return json_error(&e),
    }

    let parsed = if call.is_get() {
        api::parse_query(parts.uri.query().unwrap_or(""))
    } else if call.is_text() {
        api::parse_text(&bytes)
    } else {
        api::parse_body(&bytes)
    };
    let mut request = match parsed {
        Ok(r) => r,
        Err(e) => return json_error(&e),
    };
    request.host =
        Some(header_str(&parts.headers, header::HOST).unwrap_or_else(|| shared.bound.to_string()));

    let app2 = app.clone();
    let result = tokio::task::spawn_blocking(move || app2.run(call, &request)).await;
    match result {
        Ok(Ok(reply)) => {
            let mut r = Response::new(Body::from(reply.body));
            let ct = if reply.signature.is_some() {
                "application/json"
            } else {
                "text/plain; charset=utf-8"
            };
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
            if let Some(sig) = reply.signature {
                if let Ok(v) = HeaderValue::from_str(&sig) {
                    r.headers_mut().insert("LicenseSignature", v);
                }
            }
            r
        }
        Ok(Err(e)) => json_error(&e),
        Err(e) => json_error(&ApiError::internal(e)),
    }
}

fn method_not_allowed(path: &str, method: &str) -> Response {
    let mut r = json_error(&ApiError::new(
        405,
        "method_not_allowed",
        format!("{path} accepts {method} only"),
    ));
    if let Ok(v) = HeaderValue::from_str(method) {
        r.headers_mut().insert(header::ALLOW, v);
    }
    r
}

/// A JSON body signed in `LicenseSignature`, like every License API answer.
fn signed_json(app: &App, v: &serde_json::Value) -> Response {
    let body = v.to_string();
    let sig = app.signer.sign(body.as_bytes());
    let mut r = json_ok_text(body);
    if let Ok(v) = HeaderValue::from_str(&sig) {
        r.headers_mut().insert("LicenseSignature", v);
    }
    r
}

fn json_ok_text(body: String) -> Response {
    let mut r = Response::new(Body::from(body));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// The OAuth token endpoint (`oauth::TOKEN_PATH`); see `oauth::token`.
async fn token_endpoint(
    app: &Arc<App>,
    parts: &axum::http::request::Parts,
    body: Body,
) -> Response {
    if parts.method != Method::POST {
        return method_not_allowed(oauth::TOKEN_PATH, "POST");
    }
    let bytes = match read_body(body).await {
        Ok(b) => b,
        Err(e) => return json_error(&e),
    };
    let basic = header_str(&parts.headers, header::AUTHORIZATION).and_then(|a| {
        let a = a.trim();
        a.get(..6).filter(|p| p.eq_ignore_ascii_case("basic "))?;
        let decoded =
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, a[6..].trim())
                .ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let (id, secret) = text.split_once(':')?;
        let dec = |s: &str| {
            form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        Some((dec(id), dec(secret)))
    });
    let content_type = header_str(&parts.headers, header::CONTENT_TYPE);
    let app2 = app.clone();
    let answer = tokio::task::spawn_blocking(move || {
        oauth::token(&app2, content_type.as_deref(), basic, &bytes)
    })
    .await;
    match answer {
        Ok(oauth::TokenAnswer::Json(status, v)) => {
            let mut r = json_ok_text(v.to_string());
            *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Ok(oauth::TokenAnswer::Html) => {
            let mut r = Response::new(Body::from(
                "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n",
            ));
            *r.status_mut() = StatusCode::BAD_GATEWAY;
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            r
        }
        Ok(oauth::TokenAnswer::Hang) => std::future::pending().await,
        Err(e) => json_error(&ApiError::internal(e)),
    }
}

/// `/__emulator/oauth` (only with `--clock-control`, only from loopback): `POST {"client_id":
/// "...", "fault": "hang" | "html" | "invalid_client" | "expired_tokens" | null}` switches a
/// client's token endpoint fault (null: none) until the emulator stops, whatever the seed says;
/// `{"client_id": "...", "fault": "seed"}` goes back to the seed's. Answers `{"client_id",
/// "fault"}` with the fault now in force.
async fn oauth_control(app: &App, method: &Method, peer: SocketAddr, body: Body) -> Response {
    if !peer.ip().is_loopback() {
        return json_error(&ApiError::new(
            403,
            "forbidden",
            "OAuth faults can only be switched from loopback",
        ));
    }
    if *method != Method::POST {
        return method_not_allowed("/__emulator/oauth", "POST");
    }
    let bytes = match read_body(body).await {
        Ok(b) => b,
        Err(e) => return json_error(&e),
    };
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct FaultRequest {
        client_id: String,
        fault: Option<String>,
    }
    let bad = |m: String| json_error(&ApiError::bad("validation_error", m));
    let req: FaultRequest = match serde_json::from_slice(&bytes) {
        Ok(r) => r,
        Err(e) => return bad(format!("oauth fault request: {e}")),
    };
    let Some(client) = app.catalog.oauth_clients.get(&req.client_id) else {
        return bad(format!(
            "client_id: no OAuth client {:?} in the seed",
            req.client_id
        ));
    };
    {
        let mut faults = app.oauth_faults.lock().unwrap_or_else(|p| p.into_inner());
        match req.fault.as_deref() {
            None => {
                faults.insert(req.client_id.clone(), None);
            }
            Some("seed") => {
                faults.remove(&req.client_id);
            }
            Some(f) => match seed::OAuthFault::parse(f) {
                Some(f) => {
                    faults.insert(req.client_id.clone(), Some(f));
                }
                None => {
                    return bad(format!(
                        "fault: {f:?} is not one of hang, html, invalid_client, expired_tokens, seed, null"
                    ))
                }
            },
        }
    }
    json_ok(serde_json::json!({
        "client_id": req.client_id,
        "fault": oauth::fault(app, client),
    }))
}

fn json_ok(v: serde_json::Value) -> Response {
    let mut r = Response::new(Body::from(v.to_string()));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// `/__emulator/clock` (only with `--clock-control`, only from loopback): GET reads the
/// emulator clock; POST `{"advance_seconds": N}`, `{"set": "<RFC 3339>"}` or `{"reset": true}`
/// moves it. Answers `{"now": "<time>"}`.
async fn clock_control(app: &App, method: &Method, peer: SocketAddr, body: Body) -> Response {
    if !peer.ip().is_loopback() {
        return json_error(&ApiError::new(
            403,
            "forbidden",
            "The clock can only be moved from loopback",
        ));
    }
    let now = |t| json_ok(serde_json::json!({"now": dates::format(t)}));
    if *method == Method::GET {
        return now(app.clock.now());
    }
    if *method != Method::POST {
        let mut r = json_error(&ApiError::new(
            405,
            "method_not_allowed",
            "/__emulator/clock accepts GET and POST",
        ));
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
        return r;
    }
    let bytes = match read_body(body).await {
        Ok(b) => b,
        Err(e) => return json_error(&e),
    };
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ClockRequest {
        advance_seconds: Option<i64>,
        set: Option<String>,
        reset: Option<bool>,
    }
    let bad = |m: String| json_error(&ApiError::bad("validation_error", m));
    let req: ClockRequest = match serde_json::from_slice(&bytes) {
        Ok(r) => r,
        Err(e) => return bad(format!("clock request: {e}")),
    };
    let result = match (req.advance_seconds, req.set, req.reset) {
        (Some(s), None, None) => app.clock.advance(s),
        (None, Some(t), None) => match dates::parse(&t) {
            Some(t) => app.clock.set(t),
            None => Err(format!("set: {t:?} is not an RFC 3339 date")),
        },
        (None, None, Some(true)) => Ok(app.clock.reset()),
        _ => Err("give exactly one of advance_seconds, set, reset: true".into()),
    };
    match result {
        Ok(t) => now(t),
        Err(m) => bad(m),
    }
}
