//! OAuth client credentials: the access token a client sends as `Authorization: Bearer`.
//!
//! One [`TokenCache`] per client, shared by its threads. A token is fetched when there is none,
//! and again shortly before it expires; when several threads need one at once, one of them
//! fetches and the others wait for it (one request to the token endpoint, not sixteen). A call
//! the server refuses with `oauth_token_expired` or `oauth_token_malformed` drops the token, so
//! the client's single retry fetches a new one. The HTTP exchange itself is the client's
//! (`client.rs`): this module decides when to fetch and reads the endpoint's answer.

use crate::error::{Error, Result};
use crate::status::Status;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The longest a token is refreshed before it expires.
const MAX_REFRESH_MARGIN: Duration = Duration::from_secs(30);

#[derive(Clone)]
struct Token {
    value: String,
    /// When to fetch a new one: a margin before the server's expiry.
    refresh_at: Instant,
}

/// The current token of a client, and the lock that makes fetching it single-flight.
#[derive(Default)]
pub(crate) struct TokenCache {
    current: Mutex<Option<Token>>,
    fetching: Mutex<()>,
}

impl TokenCache {
    /// A token to send now: the cached one while it is fresh, else one from `fetch` (run by one
    /// thread at a time; the others reuse what it fetched).
    pub(crate) fn get(&self, fetch: impl FnOnce() -> Result<(String, Duration)>) -> Result<String> {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let _single_flight = self.fetching.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(token) = self.fresh() {
            return Ok(token); // another thread fetched it while this one waited
        }
        let (value, expires_in) = fetch()?;
        let margin = (expires_in / 10).min(MAX_REFRESH_MARGIN);
        let token = Token {
            value: value.clone(),
            refresh_at: Instant::now() + expires_in.saturating_sub(margin),
        };
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = Some(token);
        Ok(value)
    }

    /// Forgets `token` (the server refused it), unless another thread has replaced it already.
    pub(crate) fn invalidate(&self, token: &str) {
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        if current.as_ref().is_some_and(|t| t.value == token) {
            *current = None;
        }
    }

    fn fresh(&self) -> Option<String> {
        let current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        current
            .as_ref()
            .filter(|t| Instant::now() < t.refresh_at)
            .map(|t| t.value.clone())
    }
}

/// Whether the server refused the request's token, so that a new token may succeed.
pub(crate) fn is_token_refusal(e: &Error) -> bool {
    matches!(
        e.status(),
        Status::LS_ERR_OAUTH_TOKEN_EXPIRED | Status::LS_ERR_OAUTH_TOKEN_MALFORMED
    )
}

/// The form body of a client-credentials token request.
pub(crate) fn token_request_body(client_id: &str, client_secret: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "client_credentials")
        .append_pair("client_id", client_id)
        .append_pair("client_secret", client_secret)
        .finish()
}

#[derive(serde::Deserialize)]
struct TokenBody {
    access_token: Option<String>,
    expires_in: Option<serde_json::Value>,
}

#[derive(serde::Deserialize)]
struct TokenError {
    error: Option<String>,
}

/// Reads the token endpoint's answer: the token and its lifetime, or the error it stands for.
/// Nothing from the request (the secret) and nothing of the token goes into a message.
pub(crate) fn read_token_answer(http_status: u16, body: &[u8]) -> Result<(String, Duration)> {
    let fail = |status: Status, message: String| {
        Err(
            Error::new(status, format!("the OAuth token endpoint {message}"))
                .with_http_status(http_status),
        )
    };
    match http_status {
        200 => {
            let Ok(parsed) = serde_json::from_slice::<TokenBody>(body) else {
                return fail(
                    Status::LS_ERR_NON_JSON_RESPONSE,
                    "answered 200 without a JSON token".into(),
                );
            };
            let token = parsed.access_token.filter(|t| !t.is_empty());
            let Some(token) = token else {
                return fail(
                    Status::LS_ERR_UNEXPECTED_RESPONSE,
                    "answered without an access_token".into(),
                );
            };
            // A lifetime the server does not give, or gives as nonsense, means "use it once".
            let seconds = parsed
                .expires_in
                .and_then(|v| {
                    v.as_u64()
                        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                })
                .unwrap_or(0);
            Ok((token, Duration::from_secs(seconds)))
        }
        300..=399 => fail(
            Status::LS_ERR_REDIRECT,
            format!("answered HTTP {http_status} (a redirect), which is not followed"),
        ),
        _ => {
            let code = serde_json::from_slice::<TokenError>(body)
                .ok()
                .and_then(|e| e.error);
            let status = match (code.as_deref(), http_status) {
                (Some("invalid_client"), _) => Status::LS_ERR_OAUTH_INVALID_CLIENT,
                (_, 429) => Status::LS_ERR_RATE_LIMITED,
                (_, 500..=599) => Status::LS_ERR_SERVER,
                (Some(_), _) => Status::LS_ERR_SERVER_OTHER,
                (None, _) => Status::LS_ERR_NON_JSON_RESPONSE,
            };
            let what = match &code {
                Some(code) => {
                    format!("refused the client credentials: HTTP {http_status}, error `{code}`")
                }
                None => format!("answered HTTP {http_status} without an OAuth error"),
            };
            let e = Error::new(status, format!("the OAuth token endpoint {what}"))
                .with_http_status(http_status)
                .with_server_code(code);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Barrier};

    #[test]
    fn sixteen_threads_starting_at_once_fetch_one_token() {
        let cache = Arc::new(TokenCache::default());
        let fetches = Arc::new(AtomicUsize::new(0));
        let barrier = Arc::new(Barrier::new(16));
        let threads: Vec<_> = (0..16)
            .map(|_| {
                let (cache, fetches, barrier) = (cache.clone(), fetches.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    cache.get(|| {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(50));
                        Ok(("t1".into(), Duration::from_secs(480)))
                    })
                })
            })
            .collect();
        for t in threads {
            assert_eq!(t.join().unwrap().unwrap(), "t1");
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_refused_or_expiring_token_is_fetched_again() {
        let cache = TokenCache::default();
        let fetch = |value: &str, secs| {
            let value = value.to_owned();
            move || Ok((value, Duration::from_secs(secs)))
        };
        assert_eq!(cache.get(fetch("a", 480)).unwrap(), "a");
        assert_eq!(cache.get(fetch("b", 480)).unwrap(), "a", "cached");
        cache.invalidate("not-the-current-one");
        assert_eq!(cache.get(fetch("b", 480)).unwrap(), "a");
        cache.invalidate("a");
        assert_eq!(cache.get(fetch("b", 480)).unwrap(), "b");
        // A token without a lifetime is used once.
        cache.invalidate("b");
        assert_eq!(cache.get(fetch("c", 0)).unwrap(), "c");
        assert_eq!(cache.get(fetch("d", 0)).unwrap(), "d");
    }

    #[test]
    fn token_answers() {
        let ok = read_token_answer(
            200,
            br#"{"access_token":"T","expires_in":480,"token_type":"Bearer"}"#,
        );
        assert_eq!(ok.unwrap(), ("T".to_owned(), Duration::from_secs(480)));
        let s = |http, body: &[u8]| read_token_answer(http, body).unwrap_err().status();
        assert_eq!(s(200, b"<html>"), Status::LS_ERR_NON_JSON_RESPONSE);
        assert_eq!(s(200, b"{}"), Status::LS_ERR_UNEXPECTED_RESPONSE);
        assert_eq!(
            s(401, br#"{"error":"invalid_client"}"#),
            Status::LS_ERR_OAUTH_INVALID_CLIENT
        );
        assert_eq!(s(502, b"<html>bad gateway</html>"), Status::LS_ERR_SERVER);
        assert_eq!(
            s(400, br#"{"error":"unsupported_grant_type"}"#),
            Status::LS_ERR_SERVER_OTHER
        );
        assert_eq!(s(302, b""), Status::LS_ERR_REDIRECT);
        let e = read_token_answer(401, br#"{"error":"invalid_client"}"#).unwrap_err();
        assert_eq!(e.server_code(), Some("invalid_client"));
        assert_eq!(e.http_status(), Some(401));
    }

    #[test]
    fn the_secret_is_form_encoded() {
        assert_eq!(
            token_request_body("id", "s&c=r t"),
            "grant_type=client_credentials&client_id=id&client_secret=s%26c%3Dr+t"
        );
    }
}
