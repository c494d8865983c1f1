//! The C ABI. Every function here only converts between C and the Rust API: it checks pointers
//! and UTF-8, runs the call inside [`guard`] so no panic crosses the boundary, hands a failure
//! back as an owned `ls_error` when the caller asked for one, and writes out-parameters only on
//! success.
//!
//! Functions are `unsafe extern "C"`: their pointer contracts are stated in each doc comment,
//! which cbindgen copies into `include/licensespring.h`.
#![allow(clippy::missing_safety_doc)]

mod cancel;
mod client;
mod config;
mod describe;
mod error;
mod misc;
mod operations;
mod request;
mod result;
mod store;

pub use cancel::*;
pub use client::*;
pub use config::*;
pub use describe::*;
pub use error::*;
pub use misc::*;
pub use operations::*;
pub use request::*;
pub use result::*;
pub use store::*;

use crate::error::{Error, Result};
use crate::status::Status;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs one exported call: catches panics, and on failure hands the caller an owned error
/// object through `error` (when it is not NULL).
pub(crate) fn guard(error: *mut *mut ErrorObject, call: impl FnOnce() -> Result<()>) -> Status {
    let failure = match catch_unwind(AssertUnwindSafe(call)) {
        Ok(Ok(())) => return Status::LS_OK,
        Ok(Err(e)) => e,
        Err(_) => Error::new(
            Status::LS_ERR_INTERNAL,
            "a panic was caught inside the library (a bug; please report it); the process is unharmed",
        ),
    };
    let status = failure.status();
    if !error.is_null() {
        // Building the error object cannot panic short of allocation failure, which aborts.
        // SAFETY: the caller passes NULL or a valid `ls_error **`.
        unsafe { *error = ErrorObject::new_boxed(&failure) };
    }
    status
}

/// Runs a call that cannot fail (frees, static lookups), still never letting a panic escape.
pub(crate) fn guard_infallible<T>(fallback: T, call: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(call)).unwrap_or(fallback)
}

fn null(name: &str) -> Error {
    Error::new(Status::LS_ERR_NULL_ARGUMENT, format!("{name} is NULL"))
}

/// Borrows a NUL-terminated UTF-8 argument.
pub(crate) unsafe fn str_arg<'a>(ptr: *const c_char, name: &str) -> Result<&'a str> {
    if ptr.is_null() {
        return Err(null(name));
    }
    CStr::from_ptr(ptr).to_str().map_err(|_| {
        Error::new(
            Status::LS_ERR_INVALID_UTF8,
            format!("{name} is not valid UTF-8"),
        )
    })
}

/// Borrows a handle argument.
pub(crate) unsafe fn ref_arg<'a, T>(ptr: *const T, name: &str) -> Result<&'a T> {
    ptr.as_ref().ok_or_else(|| null(name))
}

/// Borrows a handle argument mutably.
pub(crate) unsafe fn mut_arg<'a, T>(ptr: *mut T, name: &str) -> Result<&'a mut T> {
    ptr.as_mut().ok_or_else(|| null(name))
}

/// Checks an out-parameter; the caller writes it only once the call has succeeded.
pub(crate) fn out_arg<T>(ptr: *mut T, name: &str) -> Result<*mut T> {
    if ptr.is_null() {
        Err(null(name))
    } else {
        Ok(ptr)
    }
}

/// A C string from Rust text, borrowed (copied into one allocation of its length and the NUL)
/// or owned (its buffer reused). NUL cannot occur in a C string, so an embedded NUL (possible
/// only through a JSON `\u0000` escape) becomes U+FFFD.
pub(crate) fn to_cstring<T: Into<String> + Into<Vec<u8>>>(text: T) -> CString {
    CString::new(text).unwrap_or_else(|e| {
        let text = String::from_utf8_lossy(&e.into_vec()).replace('\0', "\u{FFFD}");
        CString::new(text).expect("no NUL left after replacing NUL")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shaped exactly like every export: `extern "C"`, body inside `guard`. Were the panic to
    /// escape, Rust would abort the whole test process at the `extern "C"` boundary.
    extern "C" fn export_that_panics(error: *mut *mut ErrorObject) -> Status {
        guard(error, || panic!("deliberate panic inside an export"))
    }

    #[test]
    fn a_panic_inside_an_export_becomes_ls_err_internal() {
        let mut error = std::ptr::null_mut();
        assert_eq!(export_that_panics(&mut error), Status::LS_ERR_INTERNAL);
        let e = unsafe { &*error };
        assert_eq!(e.status, Status::LS_ERR_INTERNAL);
        let message = unsafe { CStr::from_ptr(e.message) };
        assert!(message.to_str().unwrap().contains("panic"));
        unsafe { ls_error_free(error) };
        // The process lives on and later calls work normally; no error object is asked for.
        let mut out = std::ptr::null_mut();
        assert_eq!(
            unsafe { ls_request_new(&mut out, std::ptr::null_mut()) },
            Status::LS_OK
        );
        unsafe { ls_request_free(out) };
        assert_eq!(
            export_that_panics(std::ptr::null_mut()),
            Status::LS_ERR_INTERNAL
        );
    }

    #[test]
    fn an_embedded_nul_becomes_a_replacement_character() {
        assert_eq!(to_cstring("plain").to_str().unwrap(), "plain");
        assert_eq!(to_cstring("a\0b").to_str().unwrap(), "a\u{FFFD}b");
        assert_eq!(
            to_cstring(String::from("\0é\0")).to_str().unwrap(),
            "\u{FFFD}é\u{FFFD}"
        );
    }

    #[test]
    fn null_and_invalid_utf8_are_named() {
        let mut out = std::ptr::null_mut();
        let mut error = std::ptr::null_mut();
        let status =
            unsafe { ls_config_new(std::ptr::null(), c"s".as_ptr(), &mut out, &mut error) };
        assert_eq!(status, Status::LS_ERR_NULL_ARGUMENT);
        assert!(out.is_null(), "out is written only on success");
        let message = unsafe { CStr::from_ptr((*error).message) };
        assert_eq!(message.to_str().unwrap(), "api_key is NULL");
        unsafe { ls_error_free(error) };
        let bad = [0xffu8, 0xfe, 0];
        let status = unsafe {
            ls_config_new(
                c"k".as_ptr(),
                bad.as_ptr().cast(),
                &mut out,
                std::ptr::null_mut(),
            )
        };
        assert_eq!(status, Status::LS_ERR_INVALID_UTF8);
        assert!(out.is_null());
    }
}
