//! Version, status names, the hardware ID and owned strings.

use super::{guard, guard_infallible, out_arg, to_cstring, ErrorObject};
use crate::error::Error;
use crate::hardware_id::HardwareIdAlgorithm;
use crate::status::{Category, Status, ALL};
use once_cell::sync::Lazy;
use std::collections::HashMap;
use std::ffi::{c_char, CString};

/// The ABI version of this header. Bumped only when a signature or a type's layout changes
/// incompatibly; wrappers compare it with `ls_abi_version()` when they load the library.
pub const LS_ABI_VERSION: u32 = 2;

/// The library version, e.g. `"0.2.0"`. Static: never freed.
#[no_mangle]
pub extern "C" fn ls_version() -> *const c_char {
    static VERSION: Lazy<CString> = Lazy::new(|| to_cstring(env!("CARGO_PKG_VERSION")));
    guard_infallible(c"".as_ptr(), || VERSION.as_ptr())
}

/// The ABI version the library was built with; equal to `LS_ABI_VERSION` of a matching header.
#[no_mangle]
pub extern "C" fn ls_abi_version() -> u32 {
    LS_ABI_VERSION
}

static STATUS_TEXT: Lazy<HashMap<i32, (CString, CString)>> = Lazy::new(|| {
    ALL.iter()
        .map(|s| {
            (
                *s as i32,
                (to_cstring(s.name()), to_cstring(s.description())),
            )
        })
        .collect()
});

/// The constant's name of a status, e.g. `"LS_ERR_TIMEOUT"`, or `"LS_UNKNOWN_STATUS"` for a
/// number that is not a status. Static: never freed, never NULL.
#[no_mangle]
pub extern "C" fn ls_status_name(status: i32) -> *const c_char {
    guard_infallible(c"LS_UNKNOWN_STATUS".as_ptr(), || {
        STATUS_TEXT
            .get(&status)
            .map_or(c"LS_UNKNOWN_STATUS".as_ptr(), |t| t.0.as_ptr())
    })
}

/// A one-line English description of a status, or `"unknown status"`. Static: never freed,
/// never NULL.
#[no_mangle]
pub extern "C" fn ls_status_description(status: i32) -> *const c_char {
    guard_infallible(c"unknown status".as_ptr(), || {
        STATUS_TEXT
            .get(&status)
            .map_or(c"unknown status".as_ptr(), |t| t.1.as_ptr())
    })
}

/// The group a status belongs to (`LS_CATEGORY_INTERNAL` for a number that is not a status).
#[no_mangle]
pub extern "C" fn ls_status_category(status: i32) -> Category {
    guard_infallible(Category::LS_CATEGORY_INTERNAL, || {
        Status::from_code(status).map_or(Category::LS_CATEGORY_INTERNAL, Status::category)
    })
}

/// Computes this machine's hardware ID with `algorithm` (an `ls_hardware_id_algorithm`; the
/// vendor SDKs' numbering, `LS_HARDWARE_ID_DEFAULT` being what they use by default). On success
/// `*out` receives a string owned by the caller, to be released with `ls_string_free`.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_ARGUMENT` (not an algorithm), or
/// `LS_ERR_HARDWARE_ID_UNAVAILABLE` (the identifier cannot be read here; the message says why).
/// Reads the operating system's identifiers; never touches the network.
#[no_mangle]
pub unsafe extern "C" fn ls_hardware_id(
    algorithm: i32,
    out: *mut *mut c_char,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let out = out_arg(out, "out")?;
        let algorithm = HardwareIdAlgorithm::from_i32(algorithm).ok_or_else(|| {
            Error::invalid_argument(format!("{algorithm} is not an ls_hardware_id_algorithm"))
        })?;
        let id = crate::hardware_id::hardware_id(algorithm)?;
        *out = to_cstring(id).into_raw();
        Ok(())
    })
}

/// Releases a string this library handed over as owned (`ls_hardware_id` and the offline
/// request functions do). `NULL` is a no-op. Never pass a borrowed string.
#[no_mangle]
pub unsafe extern "C" fn ls_string_free(string: *mut c_char) {
    if !string.is_null() {
        guard_infallible((), || drop(CString::from_raw(string)));
    }
}
