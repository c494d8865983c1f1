//! `ls_cancel_*`: cancelling a call from another thread.

use super::{guard, out_arg, ErrorObject};
use crate::cancel::Cancel;
use crate::status::Status;

/// Creates a cancel handle, owned by the caller, to be released with `ls_cancel_free`. Pass it
/// to any number of calls; `ls_cancel_trigger` from any thread makes each of them return
/// `LS_ERR_CANCELLED` promptly. Triggering is permanent: use a new handle for new calls.
///
/// Returns `LS_OK` or `LS_ERR_NULL_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn ls_cancel_new(
    out: *mut *mut Cancel,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let out = out_arg(out, "out")?;
        *out = Box::into_raw(Box::new(Cancel::new()));
        Ok(())
    })
}

/// Cancels every call given this handle: those in progress stop waiting and return
/// `LS_ERR_CANCELLED` (their connection is dropped; the client stays usable), and later calls
/// given it fail at once. Safe from any thread and any number of times; never blocks. `NULL` is
/// a no-op.
#[no_mangle]
pub unsafe extern "C" fn ls_cancel_trigger(cancel: *const Cancel) {
    if let Some(cancel) = cancel.as_ref() {
        super::guard_infallible((), || cancel.trigger());
    }
}

/// Whether `ls_cancel_trigger` was called on this handle (false for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn ls_cancel_is_triggered(cancel: *const Cancel) -> bool {
    cancel
        .as_ref()
        .is_some_and(|c| super::guard_infallible(false, || c.is_triggered()))
}

/// Releases the caller's cancel handle. `NULL` is a no-op. A call holds its own reference from the
/// moment it starts, so the handle may be freed while a call given it is in progress (that call
/// then simply can no longer be cancelled).
#[no_mangle]
pub unsafe extern "C" fn ls_cancel_free(cancel: *mut Cancel) {
    if !cancel.is_null() {
        super::guard_infallible((), || drop(Box::from_raw(cancel)));
    }
}
