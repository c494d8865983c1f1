//! `ls_error`: the detail of a failed call, handed to the caller as an owned object.
//!
//! Every fallible function takes `ls_error **error` as its last parameter. When it is not NULL
//! and the call fails, `*error` receives a new error owned by the caller; on success it is not
//! written. The object carries everything about the failure in plain fields, so reading it costs
//! no further call, and it belongs to no thread: it may be read, passed on and freed anywhere.

use crate::error::Error;
use crate::status::Status;
use std::ffi::{c_char, CString};

/// The detail of a failed call. Created only by the library and released with `ls_error_free`;
/// its fields are read directly and never change. The strings belong to the error.
#[repr(C)]
pub struct ErrorObject {
    /// The status the call returned (never `LS_OK`).
    pub status: Status,
    /// The HTTP status of the response behind the failure; 0 when no response arrived.
    pub http_status: i32,
    /// Seconds the server asked to wait (`Retry-After`), typically with `LS_ERR_RATE_LIMITED`;
    /// -1 when it did not say.
    pub retry_after_secs: i64,
    /// What went wrong, for people; never NULL. Never contains the shared key, passwords or
    /// tokens.
    pub message: *const c_char,
    /// The server's error `code` (e.g. `"license_expired"`, or a code this library does not
    /// know); `""` when the server sent none. Never NULL.
    pub server_code: *const c_char,
}

/// The error object and the strings its fields point into. `public` comes first, so a pointer
/// to the allocation is a pointer to the `ls_error` C callers see.
#[repr(C)]
struct Owned {
    public: ErrorObject,
    message: CString,
    server_code: CString,
}

impl ErrorObject {
    /// A new error object describing `e`, owned by the caller.
    pub(crate) fn new_boxed(e: &Error) -> *mut ErrorObject {
        let message = super::to_cstring(e.message());
        let server_code = super::to_cstring(e.server_code().unwrap_or(""));
        let owned = Box::new(Owned {
            public: ErrorObject {
                status: e.status(),
                http_status: e.http_status().map_or(0, i32::from),
                retry_after_secs: e
                    .retry_after_secs()
                    .map_or(-1, |s| i64::try_from(s).unwrap_or(i64::MAX)),
                message: message.as_ptr(),
                server_code: server_code.as_ptr(),
            },
            // Moving a CString moves only its pointer; the bytes the fields point at stay put.
            message,
            server_code,
        });
        Box::into_raw(owned).cast()
    }
}

/// Releases an error handed over by a failed call, and its strings. `NULL` is a no-op. Each error
/// must be freed exactly once; it may be freed on any thread.
#[no_mangle]
pub unsafe extern "C" fn ls_error_free(error: *mut ErrorObject) {
    if !error.is_null() {
        super::guard_infallible((), || drop(Box::from_raw(error.cast::<Owned>())));
    }
}
