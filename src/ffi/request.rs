//! `ls_request_*`: what a call sends.

use super::{guard, mut_arg, out_arg, str_arg, ErrorObject};
use crate::error::{Error, Result};
use crate::request::{Param, ParamValue, Request};
use crate::status::Status;
use std::ffi::c_char;

/// Creates an empty request, owned by the caller, to be released with `ls_request_free`. A
/// license operation needs at least `LS_PARAM_PRODUCT`, `LS_PARAM_HARDWARE_ID` and one identity
/// (`LS_PARAM_LICENSE_KEY`; or `LS_PARAM_USERNAME` with `LS_PARAM_PASSWORD`; or
/// `LS_PARAM_ID_TOKEN` or `LS_PARAM_CODE`, each with `LS_PARAM_CUSTOMER_ACCOUNT_CODE`). Each
/// operation sends the parameters it accepts and ignores the others, so one request may serve
/// several operations. A request may be read by several calls at once, but not changed while a
/// call uses it.
///
/// Returns `LS_OK` or `LS_ERR_NULL_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn ls_request_new(
    out: *mut *mut Request,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
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

fn param(n: u32) -> Result<Param> {
    Param::from_u32(n).ok_or_else(|| Error::invalid_argument(format!("{n} is not an ls_param")))
}

unsafe fn set(
    request: *mut Request,
    n: u32,
    value: impl FnOnce() -> Result<ParamValue>,
) -> Result<()> {
    let request = mut_arg(request, "request")?;
    let param = param(n)?;
    request.set(param, value()?)?;
    Ok(())
}

/// Sets the string parameter `param` (an `ls_param`) to `value`, copied; `""` clears it.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_UTF8`, or `LS_ERR_INVALID_ARGUMENT`
/// (`param` is not an `ls_param`, or not a string parameter).
#[no_mangle]
pub unsafe extern "C" fn ls_request_set_string(
    request: *mut Request,
    param: u32,
    value: *const c_char,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        set(request, param, || {
            Ok(ParamValue::String(str_arg(value, "value")?.to_owned()))
        })
    })
}

/// Sets the integer parameter `param` (an `ls_param`, e.g. `LS_PARAM_LICENSE_ID`) to `value`.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, or `LS_ERR_INVALID_ARGUMENT` (`param` is not an
/// `ls_param`, or not an integer parameter).
#[no_mangle]
pub unsafe extern "C" fn ls_request_set_int(
    request: *mut Request,
    param: u32,
    value: i64,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || set(request, param, || Ok(ParamValue::Int(value))))
}

/// Sets the boolean parameter `param` (an `ls_param`, e.g. `LS_PARAM_IS_VM`) to `value`.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, or `LS_ERR_INVALID_ARGUMENT` (`param` is not an
/// `ls_param`, or not a boolean parameter).
#[no_mangle]
pub unsafe extern "C" fn ls_request_set_bool(
    request: *mut Request,
    param: u32,
    value: bool,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        set(request, param, || Ok(ParamValue::Bool(value)))
    })
}

/// Removes the parameter `param` (an `ls_param` of any type) from the request.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, or `LS_ERR_INVALID_ARGUMENT` (not an `ls_param`).
#[no_mangle]
pub unsafe extern "C" fn ls_request_clear(
    request: *mut Request,
    param: u32,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let request = mut_arg(request, "request")?;
        request.clear(self::param(param)?);
        Ok(())
    })
}

/// Sets the device variable `name` to `value` (both copied), sent by the operations that take
/// variables (activate). Setting a name again replaces its value.
///
/// Returns `LS_OK`, `LS_ERR_NULL_ARGUMENT`, `LS_ERR_INVALID_UTF8`, or `LS_ERR_INVALID_ARGUMENT`
/// (an empty name).
#[no_mangle]
pub unsafe extern "C" fn ls_request_set_variable(
    request: *mut Request,
    name: *const c_char,
    value: *const c_char,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        let request = mut_arg(request, "request")?;
        request.set_variable(str_arg(name, "name")?, str_arg(value, "value")?)?;
        Ok(())
    })
}
