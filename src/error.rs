//! The error every fallible call returns: a status plus the detail needed to act on it.

use crate::status::Status;
use std::fmt;

/// A failed call. Carries the [`Status`], a message for people, and when the server answered,
/// its raw error `code`, the HTTP status and any `Retry-After`.
///
/// Messages never contain the shared key, passwords or tokens: they are built from field names
/// and from what the server said, never from the request's secret values.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    status: Status,
    message: String,
    server_code: Option<String>,
    http_status: Option<u16>,
    retry_after_secs: Option<u64>,
}

impl Error {
    /// An error with a status and message, and no server detail.
    pub fn new(status: Status, message: impl Into<String>) -> Self {
        Error {
            status,
            message: message.into(),
            server_code: None,
            http_status: None,
            retry_after_secs: None,
        }
    }

    /// `LS_ERR_INVALID_ARGUMENT` naming what was wrong.
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Error::new(Status::LS_ERR_INVALID_ARGUMENT, message)
    }

    pub(crate) fn with_http_status(mut self, http_status: u16) -> Self {
        self.http_status = Some(http_status);
        self
    }

    pub(crate) fn with_server_code(mut self, code: Option<String>) -> Self {
        self.server_code = code;
        self
    }

    pub(crate) fn with_retry_after(mut self, secs: Option<u64>) -> Self {
        self.retry_after_secs = secs;
        self
    }

    /// What went wrong, as a status.
    pub fn status(&self) -> Status {
        self.status
    }

    /// A human-readable explanation.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The server's error `code` string (e.g. `"license_expired"`), when the server sent one.
    pub fn server_code(&self) -> Option<&str> {
        self.server_code.as_deref()
    }

    /// The HTTP status of the response, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        self.http_status
    }

    /// Seconds the server asked to wait (`Retry-After`), when it said.
    pub fn retry_after_secs(&self) -> Option<u64> {
        self.retry_after_secs
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status.name(), self.message)?;
        if let Some(code) = &self.server_code {
            write!(f, " (server code {code}")?;
            if let Some(http) = self.http_status {
                write!(f, ", HTTP {http}")?;
            }
            write!(f, ")")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("status", &self.status.name())
            .field("message", &self.message)
            .field("server_code", &self.server_code)
            .field("http_status", &self.http_status)
            .field("retry_after_secs", &self.retry_after_secs)
            .finish()
    }
}

impl std::error::Error for Error {}

/// Shorthand for results of this library.
pub type Result<T> = std::result::Result<T, Error>;
