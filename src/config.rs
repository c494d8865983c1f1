//! Client configuration: credentials, endpoint, timeouts, proxy, TLS and verification.

use crate::error::{Error, Result};
use crate::verify::PublicKey;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// The vendor's License API.
pub const DEFAULT_BASE_URL: &str = "https://api.licensespring.com";
/// The vendor's OAuth token endpoint (client credentials).
pub const DEFAULT_TOKEN_URL: &str =
    "https://auth.licensespring.com/realms/user-portal/protocol/openid-connect/token";
/// Default time allowed to establish a connection (TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for a whole call, from connecting to the last body byte.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(30);
/// What this library reports as `sdk_ver`.
pub const SDK_VERSION: &str = concat!("licensespring-native/", env!("CARGO_PKG_VERSION"));

/// The longest timeout accepted: a day. Longer is surely a unit mistake.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 60 * 60);

/// A timeout given in seconds (fractions allowed, as every language's duration converts to
/// them without rounding): greater than zero and at most [`MAX_TIMEOUT`].
pub fn timeout_from_secs(secs: f64, name: &str) -> Result<Duration> {
    let timeout = Duration::try_from_secs_f64(secs).map_err(|_| {
        Error::invalid_argument(format!("{name} must be a positive number of seconds"))
    })?;
    check_timeout(timeout, name)
}

fn check_timeout(timeout: Duration, name: &str) -> Result<Duration> {
    if timeout.is_zero() || timeout > MAX_TIMEOUT {
        return Err(Error::invalid_argument(format!(
            "{name} must be greater than zero and at most {} seconds",
            MAX_TIMEOUT.as_secs()
        )));
    }
    Ok(timeout)
}

/// How requests reach the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proxy {
    /// Use `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` and honour `NO_PROXY` (the default).
    System,
    /// Connect directly, ignoring the environment.
    Direct,
    /// Send every request through this proxy URL (`http://`, `https://` or `socks5://` is not supported).
    Url(String),
}

/// How requests prove who sends them.
#[derive(Clone)]
pub(crate) enum Credentials {
    /// An API key and its shared key: every request is HMAC-signed.
    ApiKey { api_key: String, shared_key: String },
    /// OAuth client credentials: requests carry a bearer token from the token endpoint.
    OAuth {
        client_id: String,
        client_secret: String,
        token_url: String,
    },
}

impl fmt::Debug for Credentials {
    // The shared key and the client secret are secrets: never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::ApiKey { api_key, .. } => f
                .debug_struct("ApiKey")
                .field("api_key", api_key)
                .field("shared_key", &"<redacted>")
                .finish(),
            Credentials::OAuth {
                client_id,
                token_url,
                ..
            } => f
                .debug_struct("OAuth")
                .field("client_id", client_id)
                .field("client_secret", &"<redacted>")
                .field("token_url", token_url)
                .finish(),
        }
    }
}

/// A client configuration: credentials, endpoint, timeouts, proxy, TLS and verification. Clients
/// copy what they need from it, so it may be changed or freed once they are created.
#[derive(Clone)]
pub struct Config {
    pub(crate) credentials: Credentials,
    pub(crate) base_url: String,
    pub(crate) connect_timeout: Duration,
    pub(crate) total_timeout: Duration,
    pub(crate) proxy: Proxy,
    pub(crate) extra_ca_files: Vec<PathBuf>,
    /// `None` only after an explicit [`Config::disable_signature_verification`].
    pub(crate) public_key: Option<PublicKey>,
    pub(crate) app_version: Option<String>,
}

impl fmt::Debug for Config {
    // The shared key is a secret: never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("connect_timeout", &self.connect_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("proxy", &self.proxy)
            .field("extra_ca_files", &self.extra_ca_files)
            .field("verify_signatures", &self.public_key.is_some())
            .field("app_version", &self.app_version)
            .finish()
    }
}

impl Config {
    /// A config for the vendor's API with the given API key and shared key (both non-empty).
    pub fn new(api_key: &str, shared_key: &str) -> Result<Config> {
        if api_key.is_empty() {
            return Err(Error::invalid_argument("api_key must not be empty"));
        }
        if shared_key.is_empty() {
            return Err(Error::invalid_argument("shared_key must not be empty"));
        }
        Ok(Config::with(Credentials::ApiKey {
            api_key: api_key.to_owned(),
            shared_key: shared_key.to_owned(),
        }))
    }

    /// A config for the vendor's API authenticating with OAuth client credentials (both
    /// non-empty): tokens come from the vendor's token endpoint unless
    /// [`Config::set_token_url`] names another.
    pub fn new_oauth(client_id: &str, client_secret: &str) -> Result<Config> {
        if client_id.is_empty() {
            return Err(Error::invalid_argument("client_id must not be empty"));
        }
        if client_secret.is_empty() {
            return Err(Error::invalid_argument("client_secret must not be empty"));
        }
        Ok(Config::with(Credentials::OAuth {
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            token_url: DEFAULT_TOKEN_URL.to_owned(),
        }))
    }

    fn with(credentials: Credentials) -> Config {
        Config {
            credentials,
            base_url: DEFAULT_BASE_URL.to_owned(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            total_timeout: DEFAULT_TOTAL_TIMEOUT,
            proxy: Proxy::System,
            extra_ca_files: Vec::new(),
            public_key: Some(PublicKey::vendor()),
            app_version: None,
        }
    }

    /// Where an OAuth config fetches its tokens (an http(s) URL). Refused for an API-key config.
    pub fn set_token_url(&mut self, url: &str) -> Result<&mut Self> {
        let Credentials::OAuth { token_url, .. } = &mut self.credentials else {
            return Err(Error::invalid_argument(
                "a token URL applies to OAuth client credentials, not to an API key",
            ));
        };
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| Error::invalid_argument(format!("token_url is not a URL ({e})")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(Error::invalid_argument(
                "token_url must be an http:// or https:// URL with a host",
            ));
        }
        *token_url = url.to_owned();
        Ok(self)
    }

    /// Replaces scheme, host and port (e.g. `http://127.0.0.1:8080` for a local emulator).
    /// Paths are appended as `/api/v4/...`; a trailing slash is ignored.
    pub fn set_base_url(&mut self, url: &str) -> Result<&mut Self> {
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| Error::invalid_argument(format!("base_url is not a URL ({e})")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(Error::invalid_argument(
                "base_url must be an http:// or https:// URL with a host",
            ));
        }
        self.base_url = url.trim_end_matches('/').to_owned();
        Ok(self)
    }

    /// Sets the time allowed to connect (TCP and TLS). See [`timeout_from_secs`] for the range.
    pub fn set_connect_timeout(&mut self, timeout: Duration) -> Result<&mut Self> {
        self.connect_timeout = check_timeout(timeout, "connect timeout")?;
        Ok(self)
    }

    /// Sets the total time allowed for one call, from connecting to the last byte of the
    /// response. See [`timeout_from_secs`] for the range.
    pub fn set_total_timeout(&mut self, timeout: Duration) -> Result<&mut Self> {
        self.total_timeout = check_timeout(timeout, "total timeout")?;
        Ok(self)
    }

    /// Chooses how requests reach the server.
    pub fn set_proxy(&mut self, proxy: Proxy) -> Result<&mut Self> {
        if let Proxy::Url(url) = &proxy {
            reqwest::Proxy::all(url.as_str())
                .map_err(|_| Error::invalid_argument("proxy is not a valid proxy URL"))?;
        }
        self.proxy = proxy;
        Ok(self)
    }

    /// Trusts the certificates in this PEM file in addition to the operating system's store.
    /// The file is read when a client is created.
    pub fn add_ca_file(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.extra_ca_files.push(path.into());
        self
    }

    /// Verifies responses with this PEM public key instead of the vendor's.
    pub fn set_public_key_pem(&mut self, pem: &str) -> Result<&mut Self> {
        self.public_key = Some(PublicKey::from_pem(pem)?);
        Ok(self)
    }

    /// Accepts responses without checking their signature. Only for servers that do not sign.
    pub fn disable_signature_verification(&mut self) -> &mut Self {
        self.public_key = None;
        self
    }

    /// The application version sent as `app_ver` when a request does not set its own.
    pub fn set_app_version(&mut self, version: &str) -> &mut Self {
        self.app_version = (!version.is_empty()).then(|| version.to_owned());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_shared_key_and_the_client_secret() {
        let c = Config::new("key", "very-secret-shared-key").unwrap();
        assert!(!format!("{c:?}").contains("very-secret"));
        let c = Config::new_oauth("client", "very-secret-client-secret").unwrap();
        let shown = format!("{c:?}");
        assert!(
            shown.contains("client") && !shown.contains("very-secret"),
            "{shown}"
        );
    }

    #[test]
    fn token_urls() {
        let mut c = Config::new_oauth("id", "secret").unwrap();
        c.set_token_url("http://127.0.0.1:1/token").unwrap();
        assert!(c.set_token_url("ftp://x").is_err());
        assert!(Config::new("k", "s")
            .unwrap()
            .set_token_url("http://x/")
            .is_err());
        assert!(Config::new_oauth("", "s").is_err());
        assert!(Config::new_oauth("id", "").is_err());
    }

    #[test]
    fn validates() {
        assert!(Config::new("", "s").is_err());
        assert!(Config::new("k", "").is_err());
        let mut c = Config::new("k", "s").unwrap();
        assert!(c.set_base_url("ftp://x").is_err());
        assert!(c.set_base_url("not a url").is_err());
        c.set_base_url("http://127.0.0.1:1/").unwrap();
        assert_eq!(c.base_url, "http://127.0.0.1:1");
        assert!(c.set_connect_timeout(Duration::ZERO).is_err());
        assert!(c.set_total_timeout(Duration::from_secs(86_401)).is_err());
        c.set_total_timeout(Duration::from_millis(1500)).unwrap();
        assert_eq!(c.total_timeout, Duration::from_millis(1500));
        assert_eq!(c.connect_timeout, DEFAULT_CONNECT_TIMEOUT, "set separately");
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e30] {
            assert!(timeout_from_secs(bad, "t").is_err(), "{bad}");
        }
        assert_eq!(
            timeout_from_secs(0.25, "t").unwrap(),
            Duration::from_millis(250)
        );
        assert!(c.set_proxy(Proxy::Url("::::".into())).is_err());
    }
}
