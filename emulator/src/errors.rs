//! The JSON error every failure returns: `{"status":<int>,"code":"...","message":"..."}`.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code: code.to_string(),
            message: message.into(),
        }
    }

    pub fn bad(code: &str, message: impl Into<String>) -> ApiError {
        ApiError::new(400, code, message)
    }

    pub fn missing(field: &str) -> ApiError {
        ApiError::bad(
            "missing_parameters",
            format!("Missing required parameter: {field}"),
        )
    }

    pub fn internal(message: impl std::fmt::Display) -> ApiError {
        ApiError::new(500, "internal_error", format!("Internal error: {message}"))
    }

    pub fn body(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_else(|_| b"{\"status\":500}".to_vec())
    }
}
