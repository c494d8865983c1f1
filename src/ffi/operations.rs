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

/// `ls_call` with `LS_OP_PRODUCT_DETAILS`: the product's details (GET `product_details`); the
/// request needs only `LS_PARAM_PRODUCT`. On success `*out` (if `out` is not NULL) receives the
/// verified `LS_KIND_PRODUCT` result. Blocks; statuses as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_product_details(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(
            client,
            Operation::LS_OP_PRODUCT_DETAILS,
            request,
            cancel,
            out,
        )
    })
}

/// `ls_call` with `LS_OP_TRIAL_KEY`: a trial license for the request's device (GET `trial_key`);
/// the request needs `LS_PARAM_PRODUCT` and `LS_PARAM_HARDWARE_ID` (and `LS_PARAM_EMAIL` on user-
/// based products), no identity. The same device gets its existing trial back. On success `*out`
/// (if `out` is not NULL) receives the verified `LS_KIND_TRIAL` result. Blocks; statuses as for
/// `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_trial_key(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(client, Operation::LS_OP_TRIAL_KEY, request, cancel, out)
    })
}

/// `ls_call` with `LS_OP_CHECK_FEATURE`: one feature of the license (GET `check_license_feature`,
/// needs `LS_PARAM_FEATURE`); takes a seat of a floating-cloud feature. On success `*out` (if `out`
/// is not NULL) receives the verified `LS_KIND_FEATURE` result. Blocks; statuses as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_check_feature(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(client, Operation::LS_OP_CHECK_FEATURE, request, cancel, out)
    })
}

/// `ls_call` with `LS_OP_ADD_CONSUMPTION`: adds `LS_PARAM_CONSUMPTIONS` (default 1; negative only
/// where the license allows) to the license's total (POST `add_consumption`). On success `*out` (if
/// `out` is not NULL) receives the verified `LS_KIND_CONSUMPTION` result. Blocks; statuses as for
/// `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_add_consumption(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(
            client,
            Operation::LS_OP_ADD_CONSUMPTION,
            request,
            cancel,
            out,
        )
    })
}

/// `ls_call` with `LS_OP_ADD_FEATURE_CONSUMPTION`: adds `LS_PARAM_CONSUMPTIONS` (default 1) to the
/// total of feature `LS_PARAM_FEATURE` (POST `add_feature_consumption`). On success `*out` (if
/// `out` is not NULL) receives the verified `LS_KIND_FEATURE` result. Blocks; statuses as for
/// `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_add_feature_consumption(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(
            client,
            Operation::LS_OP_ADD_FEATURE_CONSUMPTION,
            request,
            cancel,
            out,
        )
    })
}

/// `ls_call` with `LS_OP_FLOATING_BORROW`: keeps this device's floating seat until
/// `LS_PARAM_BORROWED_UNTIL` (unset: the longest the license allows) (POST `floating/borrow`). On
/// success `*out` (if `out` is not NULL) receives the verified `LS_KIND_BORROW` result. Blocks;
/// statuses as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_floating_borrow(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(
            client,
            Operation::LS_OP_FLOATING_BORROW,
            request,
            cancel,
            out,
        )
    })
}

/// `ls_call` with `LS_OP_FLOATING_RELEASE`: gives this device's floating seat back (POST
/// `floating/release`). The server's empty answer is not signed, so it is not verified; a 200 with
/// a body is `LS_ERR_UNEXPECTED_RESPONSE`. Blocks; statuses as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_floating_release(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(
            client,
            Operation::LS_OP_FLOATING_RELEASE,
            request,
            cancel,
            std::ptr::null_mut(),
        )
    })
}

/// `ls_call` with `LS_OP_FLOATING_FEATURE_BORROW`: borrows a seat of the floating feature
/// `LS_PARAM_FEATURE` until `LS_PARAM_BORROWED_UNTIL` (POST `floating/feature_borrow`). On success
/// `*out` (if `out` is not NULL) receives the verified `LS_KIND_FEATURE` result. Blocks; statuses
/// as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_floating_feature_borrow(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(
            client,
            Operation::LS_OP_FLOATING_FEATURE_BORROW,
            request,
            cancel,
            out,
        )
    })
}

/// `ls_call` with `LS_OP_FLOATING_FEATURE_RELEASE`: gives the seat of the floating feature
/// `LS_PARAM_FEATURE` back (POST `floating/feature_release`); the empty answer is not verified.
/// Blocks; statuses as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_floating_feature_release(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(
            client,
            Operation::LS_OP_FLOATING_FEATURE_RELEASE,
            request,
            cancel,
            std::ptr::null_mut(),
        )
    })
}

/// `ls_call` with `LS_OP_ACTIVATE_BUNDLE`: activates every license of a bundle (`LS_PARAM_PRODUCT`
/// is the bundle's code) on the request's device (POST `activate_bundle`). On success `*out` (if
/// `out` is not NULL) receives the verified `LS_KIND_BUNDLE` result. Blocks; statuses as for
/// `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_activate_bundle(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(
            client,
            Operation::LS_OP_ACTIVATE_BUNDLE,
            request,
            cancel,
            out,
        )
    })
}

/// `ls_call` with `LS_OP_CHECK_BUNDLE`: every license of a bundle on the request's device (GET
/// `check_bundle`). On success `*out` (if `out` is not NULL) receives the verified `LS_KIND_BUNDLE`
/// result. Blocks; statuses as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_check_bundle(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(client, Operation::LS_OP_CHECK_BUNDLE, request, cancel, out)
    })
}

/// `ls_call` with `LS_OP_DEACTIVATE_BUNDLE`: frees the request's device from every license of a
/// bundle (POST `deactivate_bundle`); the answer is not signed, so it is not verified. Blocks;
/// statuses as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_deactivate_bundle(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(
            client,
            Operation::LS_OP_DEACTIVATE_BUNDLE,
            request,
            cancel,
            std::ptr::null_mut(),
        )
    })
}

/// `ls_call` with `LS_OP_VERSIONS`: the versions the license may install, within its maintenance or
/// validity period, filtered by `LS_PARAM_ENV` and `LS_PARAM_CHANNEL` (GET `versions`). On success
/// `*out` (if `out` is not NULL) receives the verified `LS_KIND_VERSIONS` result. Blocks; statuses
/// as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_versions(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(client, Operation::LS_OP_VERSIONS, request, cancel, out)
    })
}

/// `ls_call` with `LS_OP_INSTALLATION_FILE`: the installer of `LS_PARAM_VERSION` (unset: the latest
/// allowed) (GET `installation_file`). On success `*out` (if `out` is not NULL) receives the
/// verified `LS_KIND_INSTALLATION_FILE` result. Blocks; statuses as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_installation_file(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(
            client,
            Operation::LS_OP_INSTALLATION_FILE,
            request,
            cancel,
            out,
        )
    })
}

/// `ls_call` with `LS_OP_TRACK_DEVICE_VARIABLES`: stores the request's device variables, at least
/// one (POST `track_device_variables`). On success `*out` (if `out` is not NULL) receives the
/// verified `LS_KIND_DEVICE_VARIABLES` result. Blocks; statuses as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_track_device_variables(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(
            client,
            Operation::LS_OP_TRACK_DEVICE_VARIABLES,
            request,
            cancel,
            out,
        )
    })
}

/// `ls_call` with `LS_OP_GET_DEVICE_VARIABLES`: every variable stored for the device (GET
/// `get_device_variables`). On success `*out` (if `out` is not NULL) receives the verified
/// `LS_KIND_DEVICE_VARIABLES` result. Blocks; statuses as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_get_device_variables(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(
            client,
            Operation::LS_OP_GET_DEVICE_VARIABLES,
            request,
            cancel,
            out,
        )
    })
}

/// `ls_call` with `LS_OP_USER_LICENSES`: the licenses of a user on the product (GET
/// `user_licenses`); the request needs `LS_PARAM_PRODUCT` and a user identity, no hardware ID. On
/// success `*out` (if `out` is not NULL) receives the verified `LS_KIND_USER_LICENSES` result.
/// Blocks; statuses as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_user_licenses(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(client, Operation::LS_OP_USER_LICENSES, request, cancel, out)
    })
}

/// `ls_call` with `LS_OP_CUSTOMER_LICENSE_USERS`: the license users of the customer
/// `LS_PARAM_CUSTOMER` (an email) on the product (GET `customer_license_users`). On success `*out`
/// (if `out` is not NULL) receives the verified `LS_KIND_CUSTOMER_USERS` result. Blocks; statuses
/// as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_customer_license_users(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(
            client,
            Operation::LS_OP_CUSTOMER_LICENSE_USERS,
            request,
            cancel,
            out,
        )
    })
}

/// `ls_call` with `LS_OP_SSO_URL`: where the users of `LS_PARAM_CUSTOMER_ACCOUNT_CODE` sign in (GET
/// `sso_url`). On success `*out` (if `out` is not NULL) receives the verified `LS_KIND_SSO_URL`
/// result. Blocks; statuses as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_sso_url(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    out: *mut *mut Record,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(client, Operation::LS_OP_SSO_URL, request, cancel, out)
    })
}

/// `ls_call` with `LS_OP_CHANGE_PASSWORD`: changes a license user's password (POST
/// `change_password`; `LS_PARAM_USERNAME`, `LS_PARAM_PASSWORD`, `LS_PARAM_NEW_PASSWORD`, no
/// product); a 200 whose body is not `password_changed` is `LS_ERR_UNEXPECTED_RESPONSE`. Blocks;
/// statuses as for `ls_call`.
#[no_mangle]
pub unsafe extern "C" fn ls_change_password(
    client: *const Client,
    request: *const Request,
    cancel: *const Cancel,
    error: *mut *mut ErrorObject,
) -> Status {
    guard(error, || {
        perform(
            client,
            Operation::LS_OP_CHANGE_PASSWORD,
            request,
            cancel,
            std::ptr::null_mut(),
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::operation::{Reply, OPERATIONS};

    /// Every operation has its `ls_<name>` export, shaped by whether it gives a result.
    #[test]
    fn every_operation_has_its_export() {
        let header = include_str!("../../include/licensespring.h");
        let flat = header.split_whitespace().collect::<Vec<_>>().join(" ");
        for op in OPERATIONS {
            let with_out = !matches!(op.reply, Reply::Text(_) | Reply::Empty);
            let out = if with_out {
                "struct ls_result **out, "
            } else {
                ""
            };
            let signature = format!(
                "ls_status ls_{}(const struct ls_client *client, const struct ls_request *request, \
                 const struct ls_cancel *cancel, {out}struct ls_error **error);",
                op.name
            );
            assert!(flat.contains(&signature), "the header declares {signature}");
        }
    }
}
