//! `ls_store_*`: the local license store, offline checks, the grace window and air-gapped files.

use super::{guard, out_arg, ref_arg, str_arg, to_cstring, ErrorObject};
use crate::cancel::Cancel;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::request::Request;
use crate::result::{License, Record};
use crate::status::Status;
use crate::store::{Store, StoreState};
use std::ffi::c_char;
use std::path::Path;

/// What a store call reports besides the license, written by the call when the caller passes
/// one. Times are Unix time in seconds (UTC), 0 meaning never or none; flags are 0 or 1.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreStateOut {
    /// The last successful activation or online check.
    pub last_check: i64,
    /// The latest recorded use of the license.
    pub last_use: i64,
    /// When the grace window opened: the first failure to reach the server since the last
    /// success; 0 when none is open.
    pub grace_start: i64,
    /// When the grace window closes; 0 when none is open.
    pub grace_end: i64,
    /// When the floating seat ends unless an online check renews it; 0 for a license that is
    /// not floating.
    pub floating_end: i64,
    /// When the license expires, its subscription grace period included; 0 when it does not.
    pub valid_until: i64,
    /// Consumptions recorded on this device and not yet sent to the server.
    pub local_consumptions: i64,
    /// `LS_OK` when the store file was written (or nothing needed writing); otherwise the
    /// storage status (e.g. `LS_ERR_STORE_DISK_FULL`) and the license is kept in the handle's
    /// memory, where later calls on the same handle find it.
    pub save_status: Status,
    /// 1 when this call reached the server and stored its answer; 0 when decided locally.
    pub online: i32,
    /// 1 when the server could not be reached and the license passes within the grace window
    /// (until `grace_end`).
    pub in_grace: i32,
    /// 1 when the license came from an offline `.lic` file.
    pub offline_activated: i32,
}

fn secs(ms: i64) -> i64 {
    ms.div_euclid(1000)
}

impl From<&StoreState> for StoreStateOut {
    fn from(s: &StoreState) -> StoreStateOut {
        StoreStateOut {
            last_check: secs(s.last_check_ms),
            last_use: secs(s.last_use_ms),
            grace_start: s.grace_start_ms.map_or(0, secs),
            grace_end: s.grace_end_ms.map_or(0, secs),
            floating_end: s.floating_end_ms.map_or(0, secs),
            valid_until: s.valid_until_ms.map_or(0, secs),
            local_consumptions: s.local_consumptions,
            save_status: s.save_status,
            online: i32::from(s.online),
            in_grace: i32::from(s.in_grace),
            offline_activated: i32::from(s.offline_activated),
        }
    }
}

/// Writes the outputs a store call gives: the license (owned by the caller) and the state,
/// each only when the caller asked for it.
unsafe fn give(
    answer: (License, StoreState),
    out: *mut *mut Record,
    state: *mut StoreStateOut,
) -> Result<()> {
    if !state.is_null() {
        *state = StoreStateOut::from(&answer.1);
    }
    if !out.is_null() {
        *out = Box::into_raw(Box::new(answer.0));
    }
    Ok(())
}

unsafe fn args<'a>(
    store: *const Store,
    client: *const Client,
    request: *const Request,
) -> Result<(&'a Store, &'a Client, &'a Request)> {
    Ok((
        ref_arg(store, "store")?,
        ref_arg(client, "client")?,
        ref_arg(request, "request")?,
    ))
}

/// Creates a store for `product`'s license in `folder`, or, when `folder` is NULL, in the
/// per-user folder the vendor SDKs use (`$HOME/.LicenseSpring/LicenseSpring/<product>` on Linux
/// and macOS, `%LOCALAPPDATA%\LicenseSpring\<product>` on Windows). The store file is
/// `<product>.lsstore` there, beside its lock file; folders are created at the first write.
/// Both strings are copied. On success `*out` receives a store owned by the caller, to be
/// released with `ls_store_free`. A store may be used from many threads at once, and several
/// processes may share its folder. It is used with an `ls_client`, whose keys seal the file.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_UTF8`, `LS_ERR_INVALID_ARGUMENT`
/// (an empty folder, an empty product or one longer than 128 bytes), or
/// `LS_ERR_STORE_FOLDER_MISSING` (no folder given and no `HOME` / `LOCALAPPDATA`). Does not
/// touch the disk.
#[no_mangle]
pub unsafe extern "C" fn ls_store_new(
    folder: *const c_char,
    product: *const c_char,
    out: *mut *mut Store,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let out = out_arg(out, "out")?;
        let folder = if folder.is_null() {
            None
        } else {
            Some(str_arg(folder, "folder")?)
        };
        let product = str_arg(product, "product")?;
        let store = Store::new(folder.map(Path::new), product)?;
        *out = Box::into_raw(Box::new(store));
        Ok(())
    })
}

/// Releases a store. `NULL` is a no-op. No call on it may be in progress. The stored license
/// stays on disk.
#[no_mangle]
pub unsafe extern "C" fn ls_store_free(store: *mut Store) {
    if !store.is_null() {
        super::guard_infallible((), || drop(Box::from_raw(store)));
    }
}

/// `*out` = the store file's path, borrowed from the store (valid until it is freed).
///
/// Returns `LS_OK` or `LS_ERR_NULL_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn ls_store_path(
    store: *const Store,
    out: *mut *const c_char,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let out = out_arg(out, "out")?;
        *out = ref_arg(store, "store")?.path_c().as_ptr();
        Ok(())
    })
}

/// Sets the grace window: for how many hours, from the first failure to reach the server, an
/// online check (`ls_store_check`) still passes with the stored license. 0 turns it off (a
/// network failure then fails the check). The default is 24. Safe while other threads use the
/// store.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, or `LS_ERR_INVALID_ARGUMENT` (more than 8784, a year).
#[no_mangle]
pub unsafe extern "C" fn ls_store_set_grace_hours(
    store: *mut Store,
    hours: u32,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || ref_arg(store, "store")?.set_grace_hours(hours))
}

/// Makes the store read `unix_seconds` (UTC) as the current time instead of the system clock,
/// for every later call on it; 0 goes back to the system clock. Tests move time with it; an
/// application may feed it a clock it trusts. Safe while other threads use the store.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, or `LS_ERR_INVALID_ARGUMENT` (negative, or past the
/// year 9999).
#[no_mangle]
pub unsafe extern "C" fn ls_store_set_time(
    store: *mut Store,
    unix_seconds: i64,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let store = ref_arg(store, "store")?;
        if unix_seconds > 253_402_300_799 {
            return Err(Error::invalid_argument(
                "the time must be before the year 10000",
            ));
        }
        store.set_time(unix_seconds.saturating_mul(1000))
    })
}

/// Activates the license online (`activate_license`, as `ls_activate`) and stores the verified
/// answer: the exact signed bytes, their signature and the sealed local state. `request` needs
/// the store's product, a hardware ID and an identity. Blocks until the server answers, the
/// total timeout expires or `cancel` (may be NULL) is triggered.
///
/// On success `*out` (if `out` is not NULL) receives the `LS_KIND_LICENSE` result, owned by the
/// caller, and `*state` (if `state` is not NULL) the store's state.
///
/// Returns `LS_OK`; every status of `ls_activate`; `LS_ERR_INVALID_ARGUMENT` (the request's
/// product is not the store's); `LS_ERR_HARDWARE_ID_MISMATCH` / `LS_ERR_PRODUCT_MISMATCH` (the
/// server answered for another device or product); a storage status (`LS_ERR_STORE_*`) when the
/// license was activated but could not be written: the handle then keeps it in memory, and
/// `ls_store_check_local` on it passes.
#[no_mangle]
pub unsafe extern "C" fn ls_store_activate(
    store: *const Store,
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    state: *mut StoreStateOut,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let cancel = cancel.as_ref().cloned();
        let (store, client, request) = args(store, client, request)?;
        give(
            store.activate(client, request, cancel.as_ref())?,
            out,
            state,
        )
    })
}

/// Checks the license online (`check_license`) and degrades gracefully. The request needs the
/// store's product and a hardware ID; its identity may be left out (the stored license's is
/// used). Consumptions recorded with `ls_store_add_local_consumption` are sent first.
///
/// - The server confirms: the store is refreshed; `state->online` is 1.
/// - The server revokes (`license_not_enabled`, `license_not_active`, `license_expired`,
///   `device_not_found`, `blacklisted`, `trial_expired`): the revocation is recorded (later local
///   checks fail with it until an online check succeeds) and its status returned.
/// - The server cannot be reached or answers unusably (network, server and verification
///   statuses): a grace window opens at the first such failure; within it the stored license
///   passes after its local checks, with `state->in_grace` 1 and `state->grace_end` set; after
///   it the call fails with `LS_ERR_GRACE_PERIOD_EXPIRED` (the message has the cause). With no
///   stored license, or a grace window of 0 hours, the failure itself is returned.
///
/// Outputs as for `ls_store_activate`. Blocks (network); `cancel` may be NULL.
///
/// Returns `LS_OK`; every status of `ls_check`; `LS_ERR_GRACE_PERIOD_EXPIRED`; the statuses of
/// `ls_store_check_local`; `LS_ERR_NO_STORED_LICENSE` (nothing stored and no identity given).
/// A failure to write the refreshed state does not fail the check: `state->save_status` says it.
#[no_mangle]
pub unsafe extern "C" fn ls_store_check(
    store: *const Store,
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    state: *mut StoreStateOut,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let cancel = cancel.as_ref().cloned();
        let (store, client, request) = args(store, client, request)?;
        give(store.check(client, request, cancel.as_ref())?, out, state)
    })
}

/// Checks the stored license without the network: the file intact (its seal, and the server's
/// RSA signature re-verified with the client's public key), this device (`LS_PARAM_HARDWARE_ID`)
/// and product, the clock not set back behind the last use, no revocation recorded, enabled,
/// active, not expired (the subscription grace period the server sent included), not in a VM if
/// the license forbids it (`LS_PARAM_IS_VM` of the request says whether this is one), and a
/// floating seat not timed out. The use is recorded (written at most once a minute). The
/// request needs the store's product and a hardware ID. Never blocks on the network; a warm
/// check (the file unchanged since this handle last read it) reads the file once and verifies
/// nothing again.
///
/// Outputs as for `ls_store_activate` (`state->online` is 0).
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_ARGUMENT`,
/// `LS_ERR_NO_STORED_LICENSE`, `LS_ERR_LICENSE_FILE_TAMPERED`, `LS_ERR_HARDWARE_ID_MISMATCH`,
/// `LS_ERR_PRODUCT_MISMATCH`, `LS_ERR_CLOCK_TAMPERED`, `LS_ERR_LICENSE_NOT_ENABLED`,
/// `LS_ERR_LICENSE_NOT_ACTIVE`, `LS_ERR_LICENSE_EXPIRED` (and the other statuses of a recorded
/// revocation), `LS_ERR_VM_NOT_ALLOWED`, `LS_ERR_FLOATING_TIMEOUT`,
/// `LS_ERR_STORE_VERSION_UNSUPPORTED`, or a storage status (the file cannot be read). Messages
/// of license statuses say they were decided locally.
#[no_mangle]
pub unsafe extern "C" fn ls_store_check_local(
    store: *const Store,
    client: *const Client,
    request: *const Request,
    out: *mut *mut Record,
    state: *mut StoreStateOut,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let (store, client, request) = args(store, client, request)?;
        give(store.check_local(client, request)?, out, state)
    })
}

/// The stored license, verified (seal and RSA signature, device and product) but not checked
/// for its state: to read it whatever it says. Outputs as for `ls_store_activate`. Never blocks.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_ARGUMENT`,
/// `LS_ERR_NO_STORED_LICENSE`, `LS_ERR_LICENSE_FILE_TAMPERED`, `LS_ERR_HARDWARE_ID_MISMATCH`,
/// `LS_ERR_PRODUCT_MISMATCH`, `LS_ERR_STORE_VERSION_UNSUPPORTED`, or a storage status.
#[no_mangle]
pub unsafe extern "C" fn ls_store_license(
    store: *const Store,
    client: *const Client,
    request: *const Request,
    out: *mut *mut Record,
    state: *mut StoreStateOut,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let (store, client, request) = args(store, client, request)?;
        give(store.license(client, request)?, out, state)
    })
}

/// Records `consumptions` used on this device (negative only where the license allows), to be
/// sent by the next `ls_store_check` or deactivation. The stored license must pass its local
/// checks and be a consumption license with room for them (max consumptions plus max overages
/// at least total plus local, unless unlimited). `*state` (if not NULL) receives the state. Never
/// blocks on the network.
///
/// Returns `LS_OK`; the statuses of `ls_store_check_local`; `LS_ERR_LICENSE_NOT_CONSUMPTION`,
/// `LS_ERR_NEGATIVE_CONSUMPTIONS_NOT_ALLOWED`, `LS_ERR_LICENSE_NOT_ENOUGH_CONSUMPTIONS` (decided
/// locally). A failed write is reported in `state->save_status`.
#[no_mangle]
pub unsafe extern "C" fn ls_store_add_local_consumption(
    store: *const Store,
    client: *const Client,
    request: *const Request,
    consumptions: i64,
    state: *mut StoreStateOut,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let (store, client, request) = args(store, client, request)?;
        let s = store.add_local_consumption(client, request, consumptions)?;
        if !state.is_null() {
            *state = StoreStateOut::from(&s);
        }
        Ok(())
    })
}

/// Deactivates the device online (`deactivate_license`, sending local consumptions) and removes
/// the stored license. The identity may be left out of the request (the stored license's is
/// used). Blocks; `cancel` may be NULL.
///
/// Returns `LS_OK`; every status of `ls_deactivate`; `LS_ERR_NO_STORED_LICENSE` (no identity
/// given and nothing stored); a storage status when the device was deactivated but the file
/// could not be removed.
#[no_mangle]
pub unsafe extern "C" fn ls_store_deactivate(
    store: *const Store,
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let cancel = cancel.as_ref().cloned();
        let (store, client, request) = args(store, client, request)?;
        store.deactivate(client, request, cancel.as_ref())
    })
}

/// Removes the stored license and any pending offline activation, without the network (the
/// server still counts the device until it is deactivated there).
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, or a storage status.
#[no_mangle]
pub unsafe extern "C" fn ls_store_remove(
    store: *const Store,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || ref_arg(store, "store")?.remove())
}

/// Creates an offline activation request (the content of a vendor `activate_offline.req`:
/// base64 text) for a device without network, and records it in the store folder as the
/// pending request that the answering `.lic` must match. The request needs the store's product,
/// a hardware ID, and a license key or a username with its password (the password travels in
/// the file, as with the vendor SDKs). On success `*out` receives the text, owned by the caller,
/// to be released with `ls_string_free`. Never blocks on the network.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_ARGUMENT`, or a storage status (the
/// pending request could not be recorded).
#[no_mangle]
pub unsafe extern "C" fn ls_store_offline_activation_request(
    store: *const Store,
    client: *const Client,
    request: *const Request,
    out: *mut *mut c_char,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let out = out_arg(out, "out")?;
        let (store, client, request) = args(store, client, request)?;
        let text = store.offline_activation_request(client, request)?;
        *out = to_cstring(text).into_raw();
        Ok(())
    })
}

/// `ls_store_offline_activation_request`, writing the text (and a final newline, as the
/// vendor SDKs do) to the file at `path` (replaced atomically; folders created).
///
/// Returns as `ls_store_offline_activation_request`, plus `LS_ERR_INVALID_UTF8` and a storage
/// status for the file.
#[no_mangle]
pub unsafe extern "C" fn ls_store_offline_activation_request_file(
    store: *const Store,
    client: *const Client,
    request: *const Request,
    path: *const c_char,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let path = str_arg(path, "path")?;
        let (store, client, request) = args(store, client, request)?;
        let text = store.offline_activation_request(client, request)?;
        crate::store::write_text_file(Path::new(path), &text)
    })
}

/// Creates an offline deactivation request (a vendor `deactivate_offline.req`) for the stored
/// license (or the request's identity), sending local consumptions, and removes the stored
/// license: the device gives it up now, and the file tells the server. On success `*out`
/// receives the text, owned by the caller (`ls_string_free`). Never blocks on the network.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_ARGUMENT`,
/// `LS_ERR_NO_STORED_LICENSE` (no identity given and nothing stored), or a storage status.
#[no_mangle]
pub unsafe extern "C" fn ls_store_offline_deactivation_request(
    store: *const Store,
    client: *const Client,
    request: *const Request,
    out: *mut *mut c_char,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let out = out_arg(out, "out")?;
        let (store, client, request) = args(store, client, request)?;
        let text = store.offline_deactivation_request(client, request)?;
        *out = to_cstring(text).into_raw();
        Ok(())
    })
}

/// `ls_store_offline_deactivation_request`, writing the text (and a final newline) to the file
/// at `path`.
///
/// Returns as `ls_store_offline_deactivation_request`, plus `LS_ERR_INVALID_UTF8` and a storage
/// status for the file.
#[no_mangle]
pub unsafe extern "C" fn ls_store_offline_deactivation_request_file(
    store: *const Store,
    client: *const Client,
    request: *const Request,
    path: *const c_char,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let path = str_arg(path, "path")?;
        let (store, client, request) = args(store, client, request)?;
        let text = store.offline_deactivation_request(client, request)?;
        crate::store::write_text_file(Path::new(path), &text)
    })
}

/// Loads an offline license: `lic` is the content of a `.lic` file (base64 of the license JSON,
/// or the JSON itself). It is verified — `license_signature_v2` and `license_signature` with
/// the client's RSA public key, `offline_signature` (HMAC) with its API key and shared key, this
/// device and product, and that it answers the offline activation request made on this device
/// with this store — then stored like an online activation. Outputs as for
/// `ls_store_activate`. Never blocks on the network.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_UTF8`, `LS_ERR_INVALID_ARGUMENT`,
/// `LS_ERR_OFFLINE_LICENSE_INVALID`, `LS_ERR_SIGNATURE_MISSING`, `LS_ERR_SIGNATURE_INVALID`,
/// `LS_ERR_HARDWARE_ID_MISMATCH`, `LS_ERR_PRODUCT_MISMATCH`, `LS_ERR_OFFLINE_REQUEST_MISMATCH`
/// (another request's answer, or none pending), or a storage status (kept in memory, as for
/// `ls_store_activate`).
#[no_mangle]
pub unsafe extern "C" fn ls_store_load_offline_license(
    store: *const Store,
    client: *const Client,
    request: *const Request,
    lic: *const c_char,
    out: *mut *mut Record,
    state: *mut StoreStateOut,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let lic = str_arg(lic, "lic")?;
        let (store, client, request) = args(store, client, request)?;
        give(
            store.load_offline_license(client, request, lic)?,
            out,
            state,
        )
    })
}

/// `ls_store_load_offline_license` with the `.lic` read from the file at `path`.
///
/// Returns as `ls_store_load_offline_license`; a missing file is `LS_ERR_INVALID_ARGUMENT`, an
/// unreadable one a storage status.
#[no_mangle]
pub unsafe extern "C" fn ls_store_load_offline_license_file(
    store: *const Store,
    client: *const Client,
    request: *const Request,
    path: *const c_char,
    out: *mut *mut Record,
    state: *mut StoreStateOut,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let path = str_arg(path, "path")?;
        let (store, client, request) = args(store, client, request)?;
        let lic = crate::store::read_text_file(Path::new(path))?;
        give(
            store.load_offline_license(client, request, &lic)?,
            out,
            state,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_arguments_are_named_and_outputs_untouched() {
        let mut out: *mut Store = std::ptr::null_mut();
        let mut error = std::ptr::null_mut();
        let s = unsafe { ls_store_new(std::ptr::null(), std::ptr::null(), &mut out, &mut error) };
        assert_eq!(s, Status::LS_ERR_NULL_ARGUMENT);
        assert!(out.is_null());
        unsafe { super::super::ls_error_free(error) };
        let s = unsafe {
            ls_store_new(
                c"/tmp/x".as_ptr(),
                c"demo".as_ptr(),
                &mut out,
                std::ptr::null_mut(),
            )
        };
        assert_eq!(s, Status::LS_OK);
        let mut state = StoreStateOut::from(&StoreState {
            online: false,
            in_grace: false,
            offline_activated: false,
            save_status: Status::LS_OK,
            last_check_ms: 42_000,
            last_use_ms: 0,
            grace_start_ms: None,
            grace_end_ms: None,
            floating_end_ms: None,
            valid_until_ms: None,
            local_consumptions: 0,
        });
        let s = unsafe {
            ls_store_check_local(
                out,
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null_mut(),
                &mut state,
                std::ptr::null_mut(),
            )
        };
        assert_eq!(s, Status::LS_ERR_NULL_ARGUMENT);
        assert_eq!(state.last_check, 42, "written only on success");
        unsafe { ls_store_free(out) };
        unsafe { ls_store_free(std::ptr::null_mut()) };
    }
}
