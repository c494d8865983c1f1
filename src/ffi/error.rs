//! The thread-local last error: detail readable after any failing call on the same thread.

use crate::error::Error;
use crate::status::Status;
use std::cell::RefCell;
use std::ffi::{c_char, CString};

struct LastError {
    status: Status,
    message: CString,
    code: CString,
    http_status: i32,
    retry_after: i64,
}

impl LastError {
    fn none() -> LastError {
        LastError {
            status: Status::LS_OK,
            message: CString::default(),
            code: CString::default(),
            http_status: 0,
            retry_after: -1,
        }
    }
}

thread_local! {
    static LAST_ERROR: RefCell<LastError> = RefCell::new(LastError::none());
}

pub(crate) fn clear_last_error() {
    LAST_ERROR.with(|last| {
        let mut last = last.borrow_mut();
        // After a success there is nothing to clear: skip rebuilding the empty strings.
        if last.status != Status::LS_OK {
            *last = LastError::none();
        }
    });
}

pub(crate) fn set_last_error(e: &Error) {
    let value = LastError {
        status: e.status(),
        message: super::to_cstring(e.message()),
        code: super::to_cstring(e.server_code().unwrap_or("")),
        http_status: e.http_status().map_or(0, i32::from),
        retry_after: e
            .retry_after_secs()
            .map_or(-1, |s| i64::try_from(s).unwrap_or(i64::MAX)),
    };
    LAST_ERROR.with(|last| *last.borrow_mut() = value);
}

fn with_last<T>(fallback: T, read: impl FnOnce(&LastError) -> T) -> T {
    super::guard_infallible(fallback, || LAST_ERROR.with(|last| read(&last.borrow())))
}

/// The status of the last failed call on this thread, or `LS_OK` if the last call succeeded.
#[no_mangle]
pub extern "C" fn ls_last_error_status() -> Status {
    with_last(Status::LS_ERR_INTERNAL, |l| l.status)
}

/// The message of the last failed call on this thread; `""` after a success. Never NULL.
/// Borrowed: valid until the next `ls_*` call on this thread; copy it to keep it.
/// Never contains the shared key, passwords or tokens.
#[no_mangle]
pub extern "C" fn ls_last_error_message() -> *const c_char {
    with_last(c"".as_ptr(), |l| l.message.as_ptr())
}

/// The server's error `code` string of the last failed call on this thread (e.g.
/// `"license_expired"`, or a code this library does not know); `""` when the server sent none.
/// Never NULL. Borrowed like `ls_last_error_message`.
#[no_mangle]
pub extern "C" fn ls_last_error_code() -> *const c_char {
    with_last(c"".as_ptr(), |l| l.code.as_ptr())
}

/// The HTTP status of the response behind the last failed call on this thread; 0 when no
/// response arrived (caller or transport errors).
#[no_mangle]
pub extern "C" fn ls_last_error_http_status() -> i32 {
    with_last(0, |l| l.http_status)
}

/// Seconds the server asked to wait (`Retry-After`) in the last failed call on this thread,
/// typically with `LS_ERR_RATE_LIMITED`; -1 when it did not say.
#[no_mangle]
pub extern "C" fn ls_last_error_retry_after() -> i64 {
    with_last(-1, |l| l.retry_after)
}
