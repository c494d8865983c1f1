//! One export per operation, for C callers: each is `ls_call` with its `ls_operation`. Wrappers
//! call `ls_call` and take the operations from the generated table.

use super::client::perform;
use super::{guard, ErrorObject};
use crate::cancel::Cancel;
use crate::client::Client;
use crate::operation::Operation;
use crate::request::Request;
use crate::result::Record;
use crate::status::Status;

/// `ls_call` with `LS_OP_ACTIVATE`: activates a license on the request's device (POST
/// `activate_license`). On success `*out` (if `out` is not NULL) receives the verified
/// `LS_KIND_LICENSE` result, owned by the caller. Blocks; statuses as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_activate(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(client, Operation::LS_OP_ACTIVATE, request, cancel, out)
    })
}

/// `ls_call` with `LS_OP_CHECK`: reads the license's current state for the request's device
/// (GET `check_license`). On success `*out` (if `out` is not NULL) receives the verified
/// `LS_KIND_LICENSE` result, owned by the caller. Blocks; statuses as for `ls_call` (a device
/// that is not activated typically gives `LS_ERR_DEVICE_NOT_FOUND`).
#[no_mangle]
pub unsafe extern "C" fn ls_check(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(client, Operation::LS_OP_CHECK, request, cancel, out)
    })
}

/// `ls_call` with `LS_OP_DEACTIVATE`: frees the request's device from the license (POST
/// `deactivate_license`), sending `LS_PARAM_CONSUMPTIONS` if set. The server's answer is not
/// signed, so it is not verified; a 200 whose body is not `license_deactivated` is
/// `LS_ERR_UNEXPECTED_RESPONSE`. Blocks; statuses as for `ls_call`, typically
/// `LS_ERR_DEVICE_NOT_FOUND` when the device is not activated.
#[no_mangle]
pub unsafe extern "C" fn ls_deactivate(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(
            client,
            Operation::LS_OP_DEACTIVATE,
            request,
            cancel,
            std::ptr::null_mut(),
        )
    })
}
