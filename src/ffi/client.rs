//! `ls_client_*` and the license calls.

use super::license::LicenseHandle;
use super::{guard, out_arg, ref_arg};
use crate::client::Client;
use crate::config::Config;
use crate::request::Request;
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
pub unsafe extern "C" fn ls_client_new(config: *const Config, out: *mut *mut Client) -> Status {
    guard(|| {
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

unsafe fn license_call(
    client: *const Client,
    request: *const Request,
    out: *mut *mut LicenseHandle,
    call: fn(&Client, &Request) -> crate::Result<crate::License>,
) -> Status {
    guard(|| {
        let out = out_arg(out, "out")?;
        let client = ref_arg(client, "client")?;
        let request = ref_arg(request, "request")?;
        let license = call(client, request)?;
        *out = Box::into_raw(Box::new(LicenseHandle::new(license)));
        Ok(())
    })
}

/// Activates a license on the request's device (POST `/api/v4/activate_license`). Blocks until
/// the server answers or the total timeout expires. The request is only read.
///
/// On success `*out` receives the verified license, owned by the caller, to be released with
/// `ls_license_free`. On failure `*out` is untouched and `ls_last_error_*` give the detail.
///
/// Returns `LS_OK`; `LS_ERR_NULL_ARGUMENT`; `LS_ERR_INVALID_ARGUMENT` (missing product,
/// hardware ID or identity, or an ambiguous identity; nothing was sent); transport statuses
/// (`LS_ERR_CONNECT`, `LS_ERR_TIMEOUT`, `LS_ERR_TLS`, `LS_ERR_PROXY`, `LS_ERR_NETWORK`);
/// protocol statuses (`LS_ERR_UNEXPECTED_RESPONSE`, `LS_ERR_NON_JSON_RESPONSE`,
/// `LS_ERR_RESPONSE_TOO_LARGE`, `LS_ERR_SIGNATURE_MISSING`, `LS_ERR_SIGNATURE_INVALID`,
/// `LS_ERR_REDIRECT`); `LS_ERR_SERVER`, `LS_ERR_RATE_LIMITED`, `LS_ERR_SERVER_OTHER`; the
/// authorization statuses (400..499), license statuses (500..599) and request statuses
/// (600..699) the server reports; `LS_ERR_INTERNAL`.
#[no_mangle]
pub unsafe extern "C" fn ls_activate(
    client: *const Client,
    request: *const Request,
    out: *mut *mut LicenseHandle,
) -> Status {
    license_call(client, request, out, Client::activate)
}

/// Reads the license's current state for the request's device (GET `/api/v4/check_license`).
/// Blocks; ownership and statuses as for `ls_activate` (a device that is not activated gives the
/// server's status, typically `LS_ERR_DEVICE_NOT_FOUND`).
#[no_mangle]
pub unsafe extern "C" fn ls_check(
    client: *const Client,
    request: *const Request,
    out: *mut *mut LicenseHandle,
) -> Status {
    license_call(client, request, out, Client::check)
}

/// Deactivates the license on the request's device (POST `/api/v4/deactivate_license`), sending
/// the request's consumptions if set. Blocks. The server's answer is not signed, so it is not
/// verified; a 200 whose body is not `license_deactivated` is `LS_ERR_UNEXPECTED_RESPONSE`.
///
/// Returns the statuses of `ls_activate` except the signature ones; typically
/// `LS_ERR_DEVICE_NOT_FOUND` when the device is not activated.
#[no_mangle]
pub unsafe extern "C" fn ls_deactivate(client: *const Client, request: *const Request) -> Status {
    guard(|| {
        let client = ref_arg(client, "client")?;
        let request = ref_arg(request, "request")?;
        client.deactivate(request)
    })
}
