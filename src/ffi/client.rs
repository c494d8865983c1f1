//! `ls_client_*` and `ls_call`, the one entry point every operation goes through.

use super::{guard, out_arg, ref_arg, ErrorObject};
use crate::cancel::Cancel;
use crate::client::Client;
use crate::config::Config;
use crate::error::Error;
use crate::operation::Operation;
use crate::request::Request;
use crate::result::Record;
use crate::status::Status;

/// Creates a client from a configuration, which is only read (it may be freed afterwards). The
/// client keeps one pool of keep-alive connections; it is immutable and may be used from many
/// threads at once. It starts no thread: each call does its network I/O on the calling thread.
/// On success `*out` receives a client owned by the caller, to be released with
/// `ls_client_free` once no call on it is in progress.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_ARGUMENT` (an extra CA file that
/// cannot be read or holds no certificate), `LS_ERR_TLS`, or `LS_ERR_INTERNAL` (the operating
/// system refused the client's I/O resources, e.g. no file descriptor left). Does not touch the
/// network.
#[no_mangle]
pub unsafe extern "C" fn ls_client_new(
    config: *const Config,
    out: *mut *mut Client,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let out = out_arg(out, "out")?;
        let client = Client::new(ref_arg(config, "config")?)?;
        *out = Box::into_raw(Box::new(client));
        Ok(())
    })
}

/// Releases a client and closes its connections. `NULL` is a no-op. No other thread may be using
/// the client, and it must not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn ls_client_free(client: *mut Client) {
    if !client.is_null() {
        super::guard_infallible((), || drop(Box::from_raw(client)));
    }
}

/// Performs `operation` (an `ls_operation`) with `request`, which is only read. Blocks until the
/// server answers, the total timeout expires or `cancel` (may be NULL) is triggered.
///
/// On success, for an operation that gives a result, `*out` receives it, owned by the caller, to
/// be released with `ls_result_free`; for one that gives none (`LS_OP_DEACTIVATE`), `*out` is
/// set to NULL. `out` may be NULL when the result is not wanted. On failure `*out` is untouched
/// and `*error` (when `error` is not NULL) receives the detail.
///
/// Returns `LS_OK`; `LS_ERR_NULL_ARGUMENT`; `LS_ERR_INVALID_ARGUMENT` (not an operation; a
/// missing product, hardware ID or identity, or an ambiguous identity; nothing was sent);
/// `LS_ERR_CANCELLED`; transport statuses (`LS_ERR_CONNECT`, `LS_ERR_TIMEOUT`, `LS_ERR_TLS`,
/// `LS_ERR_PROXY`, `LS_ERR_NETWORK`); protocol statuses (`LS_ERR_UNEXPECTED_RESPONSE`,
/// `LS_ERR_NON_JSON_RESPONSE`, `LS_ERR_RESPONSE_TOO_LARGE`, `LS_ERR_SIGNATURE_MISSING`,
/// `LS_ERR_SIGNATURE_INVALID`, `LS_ERR_REDIRECT`); `LS_ERR_SERVER`, `LS_ERR_RATE_LIMITED`,
/// `LS_ERR_SERVER_OTHER`; the authorization statuses (400..499), license statuses (500..599)
/// and request statuses (600..699) the server reports; `LS_ERR_INTERNAL`.
#[no_mangle]
pub unsafe extern "C" fn ls_call(
    client: *const Client,
    operation: u32,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let operation = Operation::from_u32(operation).ok_or_else(|| {
            Error::invalid_argument(format!("operation {operation} is not an ls_operation"))
        })?;
        perform(client, operation, request, cancel, out)
    })
}

/// The body of `ls_call` and of each `ls_<operation>` export.
pub(crate) unsafe fn perform(
    client: *const Client,
    operation: Operation,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
) -> crate::Result<()> {
    // Take the call's own reference first: the caller may free its handle while we run.
    let cancel = cancel.as_ref().cloned();
    let client = ref_arg(client, "client")?;
    let request = ref_arg(request, "request")?;
    let result = client.call(operation, request, cancel.as_ref())?;
    if !out.is_null() {
        *out = result.map_or(std::ptr::null_mut(), |r| Box::into_raw(Box::new(r)));
    }
    Ok(())
}
