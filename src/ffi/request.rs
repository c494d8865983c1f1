//! `ls_request_*`: what a license call sends.

use super::{guard, mut_arg, out_arg, str_arg};
use crate::error::Error;
use crate::request::{Request, RequestField};
use crate::status::Status;
use once_cell::sync::Lazy;
use std::ffi::{c_char, CString};

/// Creates an empty request, owned by the caller, to be released with `ls_request_free`. Set at
/// least `LS_FIELD_PRODUCT`, `LS_FIELD_HARDWARE_ID` and one identity (`LS_FIELD_LICENSE_KEY`;
/// or `LS_FIELD_USERNAME` with `LS_FIELD_PASSWORD`; or `LS_FIELD_ID_TOKEN` or `LS_FIELD_CODE`,
/// each with `LS_FIELD_CUSTOMER_ACCOUNT_CODE`). A request may be reused for several calls and
/// read by several threads at once, but not changed while a call uses it.
///
/// Returns `LS_OK` or `LS_ERR_NULL_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn ls_request_new(out: *mut *mut Request) -> Status {
    guard(|| {
        let out = out_arg(out, "out")?;
        *out = Box::into_raw(Box::new(Request::default()));
        Ok(())
    })
}

/// Releases a request. `NULL` is a no-op.
#[no_mangle]
pub unsafe extern "C" fn ls_request_free(request: *mut Request) {
    if !request.is_null() {
        super::guard_infallible((), || drop(Box::from_raw(request)));
    }
}

/// Sets the string field `field` (an `ls_request_field` value) to `value`, copied; `""` clears
/// the field. Completeness is checked when the request is sent.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_UTF8`, or `LS_ERR_INVALID_ARGUMENT`
/// (`field` is not an `ls_request_field`).
#[no_mangle]
pub unsafe extern "C" fn ls_request_set(
    request: *mut Request,
    field: u32,
    value: *const c_char,
) -> Status {
    guard(|| {
        let request = mut_arg(request, "request")?;
        let field = RequestField::from_u32(field).ok_or_else(|| {
            Error::invalid_argument(format!("field {field} is not an ls_request_field"))
        })?;
        request.set(field, str_arg(value, "value")?);
        Ok(())
    })
}

/// Pins the call to the license with this ID (when a user has several licenses).
///
/// Returns `LS_OK` or `LS_ERR_NULL_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn ls_request_set_license_id(
    request: *mut Request,
    license_id: i64,
) -> Status {
    guard(|| {
        mut_arg(request, "request")?.set_license_id(Some(license_id));
        Ok(())
    })
}

/// Declares whether the device is a virtual machine (`is_vm`).
///
/// Returns `LS_OK` or `LS_ERR_NULL_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn ls_request_set_is_vm(request: *mut Request, is_vm: bool) -> Status {
    guard(|| {
        mut_arg(request, "request")?.set_is_vm(Some(is_vm));
        Ok(())
    })
}

/// Sets the consumptions reported on deactivation (`consumptions`; may be negative).
///
/// Returns `LS_OK` or `LS_ERR_NULL_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn ls_request_set_consumptions(
    request: *mut Request,
    consumptions: i64,
) -> Status {
    guard(|| {
        mut_arg(request, "request")?.set_consumptions(Some(consumptions));
        Ok(())
    })
}

/// Sets the device variable `name` to `value` (both copied), sent on activation. Setting a name
/// again replaces its value.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_UTF8`, or `LS_ERR_INVALID_ARGUMENT`
/// (an empty name).
#[no_mangle]
pub unsafe extern "C" fn ls_request_set_variable(
    request: *mut Request,
    name: *const c_char,
    value: *const c_char,
) -> Status {
    guard(|| {
        let request = mut_arg(request, "request")?;
        request.set_variable(str_arg(name, "name")?, str_arg(value, "value")?)?;
        Ok(())
    })
}

/// The wire name of an `ls_request_field` (e.g. `"license_key"`), or NULL if `field` is not one.
/// Static: never freed.
#[no_mangle]
pub extern "C" fn ls_request_field_name(field: u32) -> *const c_char {
    static NAMES: Lazy<Vec<CString>> = Lazy::new(|| {
        crate::request::ALL_FIELDS
            .iter()
            .map(|f| super::to_cstring(f.wire_name()))
            .collect()
    });
    super::guard_infallible(std::ptr::null(), || {
        NAMES
            .get(field as usize)
            .map_or(std::ptr::null(), |n| n.as_ptr())
    })
}
