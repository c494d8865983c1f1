//! `ls_license_*`: reading a license returned by `ls_activate` or `ls_check`.

use super::{guard, out_arg, ref_arg, to_cstring};
use crate::error::{Error, Result};
use crate::license::License;
use crate::status::Status;
use std::ffi::{c_char, CString};

/// A license returned by `ls_activate` or `ls_check`. Every string its accessors lend out stays
/// valid until `ls_license_free`.
pub struct LicenseHandle {
    id: i64,
    active: bool,
    enabled: bool,
    expired: bool,
    trial: bool,
    times_activated: i64,
    max_activations: i64,
    json: CString,
    key: Option<CString>,
    license_type: Option<CString>,
    validity_period: Option<CString>,
    customer_email: Option<CString>,
    user_email: Option<CString>,
    features: Vec<(CString, CString)>,
    custom_fields: Vec<(CString, CString)>,
}

impl LicenseHandle {
    /// Takes the license apart: its strings move into C strings, so nothing is kept twice.
    pub(crate) fn new(mut license: License) -> LicenseHandle {
        let features = std::mem::take(&mut license.features)
            .into_iter()
            .map(|f| (to_cstring(f.code), to_cstring(f.name)))
            .collect();
        let custom_fields = std::mem::take(&mut license.custom_fields)
            .into_iter()
            .map(|f| (to_cstring(f.name), to_cstring(f.value)))
            .collect();
        LicenseHandle {
            id: license.id,
            active: license.active,
            enabled: license.enabled,
            expired: license.expired,
            trial: license.trial,
            times_activated: license.times_activated,
            max_activations: license.max_activations,
            key: license.license_key.take().map(to_cstring),
            license_type: license.license_type.take().map(to_cstring),
            validity_period: license.validity_period.take().map(to_cstring),
            customer_email: license.customer_email.take().map(to_cstring),
            user_email: license.user_email.take().map(to_cstring),
            features,
            custom_fields,
            json: to_cstring(license.into_json()),
        }
    }
}

/// Reads one value out of a license into `*out`, written only on success.
unsafe fn read<T>(
    license: *const LicenseHandle,
    out: *mut T,
    get: impl FnOnce(&LicenseHandle) -> Result<T>,
) -> Status {
    guard(|| {
        let out = out_arg(out, "out")?;
        let value = get(ref_arg(license, "license")?)?;
        *out = value;
        Ok(())
    })
}

fn borrow(s: &Option<CString>) -> Result<*const c_char> {
    Ok(s.as_ref().map_or(std::ptr::null(), |c| c.as_ptr()))
}

fn at<T>(list: &[T], index: usize) -> Result<&T> {
    list.get(index).ok_or_else(|| {
        Error::new(
            Status::LS_ERR_INDEX_OUT_OF_RANGE,
            format!(
                "index {index} is out of range (the list has {} entries)",
                list.len()
            ),
        )
    })
}

/// Releases a license and every string borrowed from it. `NULL` is a no-op.
#[no_mangle]
pub unsafe extern "C" fn ls_license_free(license: *mut LicenseHandle) {
    if !license.is_null() {
        super::guard_infallible((), || drop(Box::from_raw(license)));
    }
}

/// `*out` = the response body exactly as received and verified (JSON text). Borrowed from the
/// license: valid until `ls_license_free`.
///
/// All `ls_license_*` accessors return `LS_OK` or `LS_ERR_NULL_ARGUMENT`; the indexed ones also
/// `LS_ERR_INDEX_OUT_OF_RANGE`. None blocks.
#[no_mangle]
pub unsafe extern "C" fn ls_license_json(
    license: *const LicenseHandle,
    out: *mut *const c_char,
) -> Status {
    read(license, out, |l| Ok(l.json.as_ptr()))
}

/// `*out` = the license's `id`.
#[no_mangle]
pub unsafe extern "C" fn ls_license_id(license: *const LicenseHandle, out: *mut i64) -> Status {
    read(license, out, |l| Ok(l.id))
}

/// `*out` = the license key, or NULL for user-based licenses. Borrowed until `ls_license_free`.
#[no_mangle]
pub unsafe extern "C" fn ls_license_key(
    license: *const LicenseHandle,
    out: *mut *const c_char,
) -> Status {
    read(license, out, |l| borrow(&l.key))
}

/// `*out` = `license_type` (`"perpetual"`, `"time-limited"`, `"subscription"`, `"consumption"`),
/// or NULL if the server sent none. Borrowed until `ls_license_free`.
#[no_mangle]
pub unsafe extern "C" fn ls_license_type(
    license: *const LicenseHandle,
    out: *mut *const c_char,
) -> Status {
    read(license, out, |l| borrow(&l.license_type))
}

/// `*out` = `license_active` (false if absent).
#[no_mangle]
pub unsafe extern "C" fn ls_license_is_active(
    license: *const LicenseHandle,
    out: *mut bool,
) -> Status {
    read(license, out, |l| Ok(l.active))
}

/// `*out` = `license_enabled` (false if absent).
#[no_mangle]
pub unsafe extern "C" fn ls_license_is_enabled(
    license: *const LicenseHandle,
    out: *mut bool,
) -> Status {
    read(license, out, |l| Ok(l.enabled))
}

/// `*out` = `is_expired` (false if absent).
#[no_mangle]
pub unsafe extern "C" fn ls_license_is_expired(
    license: *const LicenseHandle,
    out: *mut bool,
) -> Status {
    read(license, out, |l| Ok(l.expired))
}

/// `*out` = `is_trial` (false if absent).
#[no_mangle]
pub unsafe extern "C" fn ls_license_is_trial(
    license: *const LicenseHandle,
    out: *mut bool,
) -> Status {
    read(license, out, |l| Ok(l.trial))
}

/// `*out` = `validity_period`, the expiry as the server wrote it (ISO 8601), or NULL when the
/// license does not expire. Borrowed until `ls_license_free`.
#[no_mangle]
pub unsafe extern "C" fn ls_license_validity_period(
    license: *const LicenseHandle,
    out: *mut *const c_char,
) -> Status {
    read(license, out, |l| borrow(&l.validity_period))
}

/// `*out` = `times_activated` (0 if absent).
#[no_mangle]
pub unsafe extern "C" fn ls_license_times_activated(
    license: *const LicenseHandle,
    out: *mut i64,
) -> Status {
    read(license, out, |l| Ok(l.times_activated))
}

/// `*out` = `max_activations` (0 if absent).
#[no_mangle]
pub unsafe extern "C" fn ls_license_max_activations(
    license: *const LicenseHandle,
    out: *mut i64,
) -> Status {
    read(license, out, |l| Ok(l.max_activations))
}

/// `*out` = the number of product features.
#[no_mangle]
pub unsafe extern "C" fn ls_license_feature_count(
    license: *const LicenseHandle,
    out: *mut usize,
) -> Status {
    read(license, out, |l| Ok(l.features.len()))
}

/// `*out` = the `code` of feature `index` (0-based). Borrowed until `ls_license_free`.
#[no_mangle]
pub unsafe extern "C" fn ls_license_feature_code(
    license: *const LicenseHandle,
    index: usize,
    out: *mut *const c_char,
) -> Status {
    read(license, out, |l| Ok(at(&l.features, index)?.0.as_ptr()))
}

/// `*out` = the `name` of feature `index` (0-based). Borrowed until `ls_license_free`.
#[no_mangle]
pub unsafe extern "C" fn ls_license_feature_name(
    license: *const LicenseHandle,
    index: usize,
    out: *mut *const c_char,
) -> Status {
    read(license, out, |l| Ok(at(&l.features, index)?.1.as_ptr()))
}

/// `*out` = the number of custom fields.
#[no_mangle]
pub unsafe extern "C" fn ls_license_custom_field_count(
    license: *const LicenseHandle,
    out: *mut usize,
) -> Status {
    read(license, out, |l| Ok(l.custom_fields.len()))
}

/// `*out` = the name of custom field `index` (0-based). Borrowed until `ls_license_free`.
#[no_mangle]
pub unsafe extern "C" fn ls_license_custom_field_name(
    license: *const LicenseHandle,
    index: usize,
    out: *mut *const c_char,
) -> Status {
    read(license, out, |l| {
        Ok(at(&l.custom_fields, index)?.0.as_ptr())
    })
}

/// `*out` = the value of custom field `index` (0-based); a non-string value is given as its JSON
/// text, a null as `""`. Borrowed until `ls_license_free`.
#[no_mangle]
pub unsafe extern "C" fn ls_license_custom_field_value(
    license: *const LicenseHandle,
    index: usize,
    out: *mut *const c_char,
) -> Status {
    read(license, out, |l| {
        Ok(at(&l.custom_fields, index)?.1.as_ptr())
    })
}

/// `*out` = `customer.email`, or NULL if absent. Borrowed until `ls_license_free`.
#[no_mangle]
pub unsafe extern "C" fn ls_license_customer_email(
    license: *const LicenseHandle,
    out: *mut *const c_char,
) -> Status {
    read(license, out, |l| borrow(&l.customer_email))
}

/// `*out` = `user.email` (user-based licenses), or NULL if absent. Borrowed until
/// `ls_license_free`.
#[no_mangle]
pub unsafe extern "C" fn ls_license_user_email(
    license: *const LicenseHandle,
    out: *mut *const c_char,
) -> Status {
    read(license, out, |l| borrow(&l.user_email))
}
