//! Every outcome of a library call, with stable numbers shared by the C ABI and all wrappers.
//!
//! The numbers are grouped by hundreds (caller, transport, protocol, server, authorization,
//! license, request) and are never renumbered: a new status only ever gets a new number.
#![allow(non_camel_case_types)]

/// Status returned by every fallible `ls_*` function. `LS_OK` is zero; everything else is an error
/// whose details (message, server code, HTTP status) the call hands back as an `ls_error`.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Success.
    LS_OK = 0,

    // Caller errors (1..99): the call was rejected before anything was sent.
    /// A required pointer argument was NULL.
    LS_ERR_NULL_ARGUMENT = 1,
    /// A string argument was not valid UTF-8.
    LS_ERR_INVALID_UTF8 = 2,
    /// An argument or a required request field was missing or invalid; the message names it.
    LS_ERR_INVALID_ARGUMENT = 3,
    /// An index was past the end of a list (features, custom fields).
    LS_ERR_INDEX_OUT_OF_RANGE = 4,
    /// The hardware ID cannot be computed on this machine with the chosen algorithm; pass your own.
    LS_ERR_HARDWARE_ID_UNAVAILABLE = 5,
    /// The call was cancelled through its `ls_cancel` handle; nothing more was waited for.
    LS_ERR_CANCELLED = 6,

    // Transport errors (100..199): no usable HTTP response arrived.
    /// The TCP connection could not be established (refused, unreachable, DNS failure).
    LS_ERR_CONNECT = 100,
    /// The connect timeout or the total request timeout expired.
    LS_ERR_TIMEOUT = 101,
    /// TLS failed: untrusted or invalid certificate, handshake error.
    LS_ERR_TLS = 102,
    /// The configured proxy could not be reached or refused the tunnel.
    LS_ERR_PROXY = 103,
    /// The connection failed after it was established (reset, closed mid-response).
    LS_ERR_NETWORK = 104,

    // Protocol errors (200..299): a response arrived but cannot be trusted or understood.
    /// The response had an unexpected shape (wrong success body, missing license fields, 1xx/2xx other than 200).
    LS_ERR_UNEXPECTED_RESPONSE = 200,
    /// The response body was not JSON where JSON was required.
    LS_ERR_NON_JSON_RESPONSE = 201,
    /// The response body exceeded the library's fixed size cap; it was not read further.
    LS_ERR_RESPONSE_TOO_LARGE = 202,
    /// Verification is on and the response carried no `LicenseSignature` header.
    LS_ERR_SIGNATURE_MISSING = 203,
    /// Verification is on and `LicenseSignature` does not verify over the received body.
    LS_ERR_SIGNATURE_INVALID = 204,
    /// The server answered with a redirect; redirects are never followed (credentials stay put).
    LS_ERR_REDIRECT = 205,

    // Server errors (300..399).
    /// The server failed (HTTP 5xx, or `internal_error`).
    LS_ERR_SERVER = 300,
    /// The server is rate limiting (HTTP 429); the error's `retry_after_secs` says how long to wait.
    LS_ERR_RATE_LIMITED = 301,
    /// The server answered with an error code this library does not know; read the raw code.
    LS_ERR_SERVER_OTHER = 302,

    // Authorization errors (400..499): the request's credentials or signature were refused.
    /// `missing_headers`: the Date or Authorization header was missing.
    LS_ERR_MISSING_HEADERS = 400,
    /// `date_header_diff`: the local clock is more than 15 minutes off the server's.
    LS_ERR_DATE_HEADER_DIFF = 401,
    /// `hmac_required`: the server requires an HMAC-signed request.
    LS_ERR_HMAC_REQUIRED = 402,
    /// `signature_mismatch`: the shared key does not match the API key.
    LS_ERR_SIGNATURE_MISMATCH = 403,
    /// `invalid_api_key`: the API key is unknown.
    LS_ERR_INVALID_API_KEY = 404,
    /// `authorization_invalid_headers`: the Authorization header is malformed.
    LS_ERR_AUTHORIZATION_INVALID_HEADERS = 405,
    /// `authorization_missing_params`: the Authorization header lacks a parameter.
    LS_ERR_AUTHORIZATION_MISSING_PARAMS = 406,
    /// `api_key_product_not_allowed`: the API key may not access this product.
    LS_ERR_API_KEY_PRODUCT_NOT_ALLOWED = 407,
    /// `oauth_token_expired`.
    LS_ERR_OAUTH_TOKEN_EXPIRED = 408,
    /// `oauth_token_malformed`.
    LS_ERR_OAUTH_TOKEN_MALFORMED = 409,
    /// The OAuth token endpoint refused the client ID or secret (`invalid_client`).
    LS_ERR_OAUTH_INVALID_CLIENT = 410,

    // License errors (500..599): the server refused because of the license's state.
    /// `unknown_product`: no product with this short code.
    LS_ERR_UNKNOWN_PRODUCT = 500,
    /// `license_not_found`: no license for this key, user or SSO identity.
    LS_ERR_LICENSE_NOT_FOUND = 501,
    /// `license_not_enabled`: the license is disabled.
    LS_ERR_LICENSE_NOT_ENABLED = 502,
    /// `license_not_active`: the license is not active.
    LS_ERR_LICENSE_NOT_ACTIVE = 503,
    /// `vm_not_allowed`: the license may not run in a virtual machine.
    LS_ERR_VM_NOT_ALLOWED = 504,
    /// `offline_floating_cloud_not_supported`.
    LS_ERR_OFFLINE_FLOATING_CLOUD_NOT_SUPPORTED = 505,
    /// `license_start_date_error`: the license's start date is in the future (message has it).
    LS_ERR_LICENSE_START_DATE = 506,
    /// `blacklisted`: this device is blacklisted.
    LS_ERR_BLACKLISTED = 507,
    /// `license_activated_max_times`: no activation left on the license.
    LS_ERR_LICENSE_ACTIVATED_MAX_TIMES = 508,
    /// `license_user_activated_max_times`: no activation left for this license user.
    LS_ERR_LICENSE_USER_ACTIVATED_MAX_TIMES = 509,
    /// `license_expired`: the validity period has ended.
    LS_ERR_LICENSE_EXPIRED = 510,
    /// `license_transferred_max_times`: no device transfer left.
    LS_ERR_LICENSE_TRANSFERRED_MAX_TIMES = 511,
    /// `license_device_exists` (HTTP 409): this hardware ID is already activated.
    LS_ERR_LICENSE_DEVICE_EXISTS = 512,
    /// `device_not_found`: no active device with this hardware ID on the license.
    LS_ERR_DEVICE_NOT_FOUND = 513,
    /// `archived_product`.
    LS_ERR_ARCHIVED_PRODUCT = 514,
    /// `disabled_product`.
    LS_ERR_DISABLED_PRODUCT = 515,
    /// `trial_expired`.
    LS_ERR_TRIAL_EXPIRED = 516,
    /// `floating_not_available`: every floating seat is taken.
    LS_ERR_FLOATING_NOT_AVAILABLE = 517,
    /// `unsupported_product_feature`.
    LS_ERR_UNSUPPORTED_PRODUCT_FEATURE = 518,
    /// `customer_not_found`.
    LS_ERR_CUSTOMER_NOT_FOUND = 519,
    /// `trial_not_allowed`: the product offers no trial.
    LS_ERR_TRIAL_NOT_ALLOWED = 520,
    /// `license_not_consumption`: the license is not a consumption license.
    LS_ERR_LICENSE_NOT_CONSUMPTION = 521,
    /// `license_not_enough_consumptions`: the addition would pass the license's limit.
    LS_ERR_LICENSE_NOT_ENOUGH_CONSUMPTIONS = 522,
    /// `feature_not_enough_consumptions`: the addition would pass the feature's limit.
    LS_ERR_FEATURE_NOT_ENOUGH_CONSUMPTIONS = 523,
    /// `negative_consumptions_not_allowed`.
    LS_ERR_NEGATIVE_CONSUMPTIONS_NOT_ALLOWED = 524,
    /// `invalid_license_feature_code`: the license has no feature with this code.
    LS_ERR_INVALID_LICENSE_FEATURE_CODE = 525,
    /// `feature_not_floating`: the feature cannot be borrowed or released.
    LS_ERR_FEATURE_NOT_FLOATING = 526,
    /// `floating_feature_device_not_in_use`: this device holds no seat of the feature.
    LS_ERR_FLOATING_FEATURE_DEVICE_NOT_IN_USE = 527,
    /// `license_borrow_not_allowed`: the license cannot be borrowed.
    LS_ERR_LICENSE_BORROW_NOT_ALLOWED = 528,
    /// `borrow_until_not_valid`: the borrow end is in the past or beyond the longest borrow.
    LS_ERR_BORROW_UNTIL_NOT_VALID = 529,
    /// `version_not_found`: no such version within the license's period.
    LS_ERR_VERSION_NOT_FOUND = 530,
    /// `active_license_required`: the operation needs an active license.
    LS_ERR_ACTIVE_LICENSE_REQUIRED = 531,

    // Request errors reported by the server (600..699).
    /// `missing_parameters`.
    LS_ERR_MISSING_PARAMETERS = 600,
    /// `validation_error`.
    LS_ERR_VALIDATION_ERROR = 601,
    /// `invalid_json`.
    LS_ERR_INVALID_JSON = 602,
    /// `missing_hardware_id`.
    LS_ERR_MISSING_HARDWARE_ID = 603,
    /// `license_key_required`.
    LS_ERR_LICENSE_KEY_REQUIRED = 604,
    /// `not_found` or HTTP 404: the endpoint does not exist (check the base URL).
    LS_ERR_NOT_FOUND = 605,
    /// `request_too_large` or HTTP 413.
    LS_ERR_REQUEST_TOO_LARGE = 606,
    /// `email_missing`: the operation needs an email (user-based trials).
    LS_ERR_EMAIL_MISSING = 607,
    /// `license_key_or_license_user_required`.
    LS_ERR_LICENSE_KEY_OR_LICENSE_USER_REQUIRED = 608,
    /// `missing_content`: the request body was empty.
    LS_ERR_MISSING_CONTENT = 609,

    // Local license store (700..799): decided on this device, without the server.
    /// No license is stored for this product and device (activate first, or it was deactivated).
    LS_ERR_NO_STORED_LICENSE = 700,
    /// The stored license file is not intact: edited, corrupted, truncated, empty, too large, not
    /// a store file, or sealed with other keys; the message says which.
    LS_ERR_LICENSE_FILE_TAMPERED = 701,
    /// The license (stored, or in an offline `.lic`) belongs to another device.
    LS_ERR_HARDWARE_ID_MISMATCH = 702,
    /// The clock is behind the license's last recorded use: it was set back.
    LS_ERR_CLOCK_TAMPERED = 703,
    /// The license (stored, or in an offline `.lic`) belongs to another product.
    LS_ERR_PRODUCT_MISMATCH = 704,
    /// The floating seat's time ran out without an online check renewing it.
    LS_ERR_FLOATING_TIMEOUT = 705,
    /// The server has been unreachable for longer than the grace window; the message says since when.
    LS_ERR_GRACE_PERIOD_EXPIRED = 706,
    /// The offline license (`.lic`) is not one: not base64, not JSON, or not a license object.
    LS_ERR_OFFLINE_LICENSE_INVALID = 707,
    /// The offline license answers a request that was not made on this device (or no longer pending).
    LS_ERR_OFFLINE_REQUEST_MISMATCH = 708,
    /// The store folder does not exist and cannot be created (a path through a missing or non-folder entry).
    LS_ERR_STORE_FOLDER_MISSING = 709,
    /// The operating system refused access to the store folder or file (permissions).
    LS_ERR_STORE_PERMISSION_DENIED = 710,
    /// The store folder is on a read-only file system.
    LS_ERR_STORE_READ_ONLY = 711,
    /// The disk (or the user's quota) holding the store folder is full.
    LS_ERR_STORE_DISK_FULL = 712,
    /// Reading or writing the store failed for another reason; the message has the system's words.
    LS_ERR_STORE_IO = 713,
    /// The store file was written by a newer version of this library, in a format this one does not know.
    LS_ERR_STORE_VERSION_UNSUPPORTED = 714,

    /// A bug inside the library (a caught panic). The process is unharmed.
    LS_ERR_INTERNAL = 900,
}

/// The group a status belongs to; wrappers turn it into an exception subtype or predicate.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// `LS_OK`.
    LS_CATEGORY_NONE = 0,
    /// The caller's input was refused (locally, or by the server's request validation).
    LS_CATEGORY_INVALID_ARGUMENT = 1,
    /// No usable response: connect, timeout, TLS, proxy, connection lost.
    LS_CATEGORY_NETWORK = 2,
    /// The server refused the credentials or the request signature.
    LS_CATEGORY_AUTHORIZATION = 3,
    /// The server refused because of the license's or device's state.
    LS_CATEGORY_LICENSE = 4,
    /// The response's signature is missing or invalid.
    LS_CATEGORY_VERIFICATION = 5,
    /// The server failed or answered something unusable (5xx, 429, non-JSON, unknown code, redirect).
    LS_CATEGORY_SERVER = 6,
    /// A bug inside the library.
    LS_CATEGORY_INTERNAL = 7,
    /// The caller cancelled the call.
    LS_CATEGORY_CANCELLED = 8,
    /// The local license or the clock was tampered with, or the license belongs to another
    /// device or product.
    LS_CATEGORY_TAMPERING = 9,
    /// The local license store cannot be read or written (folder, permission, read-only, disk
    /// full, I/O).
    LS_CATEGORY_STORAGE = 10,
}

use Status::*;

/// One row per status, in numeric order: the variant, the server `code` string that maps to it
/// (if any), its category and its description. The variant's name is its C name. This is the
/// only list to extend when a status is added: a variant without a row does not compile.
macro_rules! status_table {
    ($($status:ident, $server_code:expr, $category:ident, $description:expr;)*) => {
        /// Every status, in numeric order.
        pub const ALL: &[Status] = &[$($status),*];

        impl Status {
            fn row(self) -> (&'static str, Option<&'static str>, Category, &'static str) {
                match self {
                    $($status => (
                        stringify!($status),
                        $server_code,
                        $category,
                        $description,
                    ),)*
                }
            }
        }
    };
}

use Category::{
    LS_CATEGORY_AUTHORIZATION as AUTHORIZATION, LS_CATEGORY_CANCELLED as CANCELLED,
    LS_CATEGORY_INTERNAL as INTERNAL, LS_CATEGORY_INVALID_ARGUMENT as INVALID_ARGUMENT,
    LS_CATEGORY_LICENSE as LICENSE, LS_CATEGORY_NETWORK as NETWORK, LS_CATEGORY_NONE as NONE,
    LS_CATEGORY_SERVER as SERVER, LS_CATEGORY_STORAGE as STORAGE,
    LS_CATEGORY_TAMPERING as TAMPERING, LS_CATEGORY_VERIFICATION as VERIFICATION,
};

status_table! {
    LS_OK, None, NONE, "success";
    LS_ERR_NULL_ARGUMENT, None, INVALID_ARGUMENT, "a required pointer argument was NULL";
    LS_ERR_INVALID_UTF8, None, INVALID_ARGUMENT, "a string argument was not valid UTF-8";
    LS_ERR_INVALID_ARGUMENT, None, INVALID_ARGUMENT, "an argument or required request field was missing or invalid";
    LS_ERR_INDEX_OUT_OF_RANGE, None, INVALID_ARGUMENT, "an index was past the end of the list";
    LS_ERR_HARDWARE_ID_UNAVAILABLE, None, INVALID_ARGUMENT, "the default hardware ID cannot be computed here; pass your own";
    LS_ERR_CANCELLED, None, CANCELLED, "the call was cancelled";
    LS_ERR_CONNECT, None, NETWORK, "could not connect to the server";
    LS_ERR_TIMEOUT, None, NETWORK, "the request timed out";
    LS_ERR_TLS, None, NETWORK, "TLS failed (untrusted or invalid certificate, handshake error)";
    LS_ERR_PROXY, None, NETWORK, "the proxy could not be reached or refused the request";
    LS_ERR_NETWORK, None, NETWORK, "the connection failed while the request was under way";
    LS_ERR_UNEXPECTED_RESPONSE, None, SERVER, "the server's response had an unexpected shape";
    LS_ERR_NON_JSON_RESPONSE, None, SERVER, "the server's response was not JSON";
    LS_ERR_RESPONSE_TOO_LARGE, None, SERVER, "the server's response exceeded the size limit";
    LS_ERR_SIGNATURE_MISSING, None, VERIFICATION, "the response carried no LicenseSignature header";
    LS_ERR_SIGNATURE_INVALID, None, VERIFICATION, "the response's signature did not verify";
    LS_ERR_REDIRECT, None, SERVER, "the server answered with a redirect, which is never followed";
    LS_ERR_SERVER, Some("internal_error"), SERVER, "the server failed (HTTP 5xx)";
    LS_ERR_RATE_LIMITED, None, SERVER, "the server is rate limiting requests (HTTP 429)";
    LS_ERR_SERVER_OTHER, None, SERVER, "the server answered with an error code this library does not know";
    LS_ERR_MISSING_HEADERS, Some("missing_headers"), AUTHORIZATION, "the Date or Authorization header was missing";
    LS_ERR_DATE_HEADER_DIFF, Some("date_header_diff"), AUTHORIZATION, "the local clock differs from the server's by more than 15 minutes";
    LS_ERR_HMAC_REQUIRED, Some("hmac_required"), AUTHORIZATION, "the server requires an HMAC-signed request";
    LS_ERR_SIGNATURE_MISMATCH, Some("signature_mismatch"), AUTHORIZATION, "the request signature did not match (wrong shared key)";
    LS_ERR_INVALID_API_KEY, Some("invalid_api_key"), AUTHORIZATION, "the API key is not known to the server";
    LS_ERR_AUTHORIZATION_INVALID_HEADERS, Some("authorization_invalid_headers"), AUTHORIZATION, "the Authorization header was malformed";
    LS_ERR_AUTHORIZATION_MISSING_PARAMS, Some("authorization_missing_params"), AUTHORIZATION, "the Authorization header lacked a parameter";
    LS_ERR_API_KEY_PRODUCT_NOT_ALLOWED, Some("api_key_product_not_allowed"), AUTHORIZATION, "the API key may not access this product";
    LS_ERR_OAUTH_TOKEN_EXPIRED, Some("oauth_token_expired"), AUTHORIZATION, "the OAuth access token has expired";
    LS_ERR_OAUTH_TOKEN_MALFORMED, Some("oauth_token_malformed"), AUTHORIZATION, "the OAuth access token is malformed";
    LS_ERR_OAUTH_INVALID_CLIENT, None, AUTHORIZATION, "the OAuth token endpoint refused the client ID or secret";
    LS_ERR_UNKNOWN_PRODUCT, Some("unknown_product"), LICENSE, "the product was not found";
    LS_ERR_LICENSE_NOT_FOUND, Some("license_not_found"), LICENSE, "no license matches the given identity";
    LS_ERR_LICENSE_NOT_ENABLED, Some("license_not_enabled"), LICENSE, "the license is not enabled";
    LS_ERR_LICENSE_NOT_ACTIVE, Some("license_not_active"), LICENSE, "the license is not active";
    LS_ERR_VM_NOT_ALLOWED, Some("vm_not_allowed"), LICENSE, "the license may not be used in a virtual machine";
    LS_ERR_OFFLINE_FLOATING_CLOUD_NOT_SUPPORTED, Some("offline_floating_cloud_not_supported"), LICENSE, "floating cloud licenses cannot be activated offline";
    LS_ERR_LICENSE_START_DATE, Some("license_start_date_error"), LICENSE, "the license cannot be activated before its start date";
    LS_ERR_BLACKLISTED, Some("blacklisted"), LICENSE, "this device is blacklisted";
    LS_ERR_LICENSE_ACTIVATED_MAX_TIMES, Some("license_activated_max_times"), LICENSE, "the license has been activated the maximum number of times";
    LS_ERR_LICENSE_USER_ACTIVATED_MAX_TIMES, Some("license_user_activated_max_times"), LICENSE, "the license user has activated the license the maximum number of times";
    LS_ERR_LICENSE_EXPIRED, Some("license_expired"), LICENSE, "the license's validity period has expired";
    LS_ERR_LICENSE_TRANSFERRED_MAX_TIMES, Some("license_transferred_max_times"), LICENSE, "the license has been transferred the maximum number of times";
    LS_ERR_LICENSE_DEVICE_EXISTS, Some("license_device_exists"), LICENSE, "this hardware ID is already activated on the license";
    LS_ERR_DEVICE_NOT_FOUND, Some("device_not_found"), LICENSE, "no active device with this hardware ID on the license";
    LS_ERR_ARCHIVED_PRODUCT, Some("archived_product"), LICENSE, "the product is archived";
    LS_ERR_DISABLED_PRODUCT, Some("disabled_product"), LICENSE, "the product is disabled";
    LS_ERR_TRIAL_EXPIRED, Some("trial_expired"), LICENSE, "the trial has expired";
    LS_ERR_FLOATING_NOT_AVAILABLE, Some("floating_not_available"), LICENSE, "no floating seat is available";
    LS_ERR_UNSUPPORTED_PRODUCT_FEATURE, Some("unsupported_product_feature"), LICENSE, "the product feature is not supported";
    LS_ERR_CUSTOMER_NOT_FOUND, Some("customer_not_found"), LICENSE, "the customer was not found";
    LS_ERR_TRIAL_NOT_ALLOWED, Some("trial_not_allowed"), LICENSE, "the product does not offer a trial";
    LS_ERR_LICENSE_NOT_CONSUMPTION, Some("license_not_consumption"), LICENSE, "the license is not a consumption license";
    LS_ERR_LICENSE_NOT_ENOUGH_CONSUMPTIONS, Some("license_not_enough_consumptions"), LICENSE, "the license has not enough consumptions left";
    LS_ERR_FEATURE_NOT_ENOUGH_CONSUMPTIONS, Some("feature_not_enough_consumptions"), LICENSE, "the feature has not enough consumptions left";
    LS_ERR_NEGATIVE_CONSUMPTIONS_NOT_ALLOWED, Some("negative_consumptions_not_allowed"), LICENSE, "the license does not allow negative consumptions";
    LS_ERR_INVALID_LICENSE_FEATURE_CODE, Some("invalid_license_feature_code"), LICENSE, "the license has no feature with this code";
    LS_ERR_FEATURE_NOT_FLOATING, Some("feature_not_floating"), LICENSE, "the feature is not floating";
    LS_ERR_FLOATING_FEATURE_DEVICE_NOT_IN_USE, Some("floating_feature_device_not_in_use"), LICENSE, "this device holds no seat of the floating feature";
    LS_ERR_LICENSE_BORROW_NOT_ALLOWED, Some("license_borrow_not_allowed"), LICENSE, "the license cannot be borrowed";
    LS_ERR_BORROW_UNTIL_NOT_VALID, Some("borrow_until_not_valid"), LICENSE, "the borrow end is not valid (past, or beyond the longest borrow)";
    LS_ERR_VERSION_NOT_FOUND, Some("version_not_found"), LICENSE, "the version was not found within the license's period";
    LS_ERR_ACTIVE_LICENSE_REQUIRED, Some("active_license_required"), LICENSE, "the operation needs an active license";
    LS_ERR_MISSING_PARAMETERS, Some("missing_parameters"), INVALID_ARGUMENT, "the server reported missing request parameters";
    LS_ERR_VALIDATION_ERROR, Some("validation_error"), INVALID_ARGUMENT, "the server rejected a request parameter";
    LS_ERR_INVALID_JSON, Some("invalid_json"), INVALID_ARGUMENT, "the server could not parse the request body";
    LS_ERR_MISSING_HARDWARE_ID, Some("missing_hardware_id"), INVALID_ARGUMENT, "the server reported a missing hardware ID";
    LS_ERR_LICENSE_KEY_REQUIRED, Some("license_key_required"), INVALID_ARGUMENT, "the server requires a license key for this product";
    LS_ERR_NOT_FOUND, Some("not_found"), SERVER, "the endpoint was not found (check the base URL)";
    LS_ERR_REQUEST_TOO_LARGE, Some("request_too_large"), INVALID_ARGUMENT, "the server rejected the request as too large";
    LS_ERR_EMAIL_MISSING, Some("email_missing"), INVALID_ARGUMENT, "the server requires an email for this operation";
    LS_ERR_LICENSE_KEY_OR_LICENSE_USER_REQUIRED, Some("license_key_or_license_user_required"), INVALID_ARGUMENT, "the server requires a license key or a license user";
    LS_ERR_MISSING_CONTENT, Some("missing_content"), INVALID_ARGUMENT, "the server received an empty request body";
    LS_ERR_NO_STORED_LICENSE, None, LICENSE, "no license is stored for this product and device";
    LS_ERR_LICENSE_FILE_TAMPERED, None, TAMPERING, "the stored license file is not intact (edited, corrupted or not a store file)";
    LS_ERR_HARDWARE_ID_MISMATCH, None, TAMPERING, "the license belongs to another device";
    LS_ERR_CLOCK_TAMPERED, None, TAMPERING, "the clock was set back behind the license's last use";
    LS_ERR_PRODUCT_MISMATCH, None, TAMPERING, "the license belongs to another product";
    LS_ERR_FLOATING_TIMEOUT, None, LICENSE, "the floating seat timed out without an online check";
    LS_ERR_GRACE_PERIOD_EXPIRED, None, NETWORK, "the server has been unreachable for longer than the grace window";
    LS_ERR_OFFLINE_LICENSE_INVALID, None, INVALID_ARGUMENT, "the offline license file is not a license (not base64, not JSON, or not a license)";
    LS_ERR_OFFLINE_REQUEST_MISMATCH, None, VERIFICATION, "the offline license answers a request not made on this device";
    LS_ERR_STORE_FOLDER_MISSING, None, STORAGE, "the store folder does not exist and cannot be created";
    LS_ERR_STORE_PERMISSION_DENIED, None, STORAGE, "access to the store folder or file was denied";
    LS_ERR_STORE_READ_ONLY, None, STORAGE, "the store folder is on a read-only file system";
    LS_ERR_STORE_DISK_FULL, None, STORAGE, "the disk holding the store folder is full";
    LS_ERR_STORE_IO, None, STORAGE, "reading or writing the store failed";
    LS_ERR_STORE_VERSION_UNSUPPORTED, None, STORAGE, "the store file was written by a newer version of this library";
    LS_ERR_INTERNAL, None, INTERNAL, "internal error in the library (a bug); the process is unharmed";
}

impl Status {
    /// The status with this number, if there is one.
    pub fn from_code(code: i32) -> Option<Status> {
        ALL.iter().copied().find(|s| *s as i32 == code)
    }

    /// The status a server error `code` string maps to; `None` for a code this library does not know.
    pub fn from_server_code(code: &str) -> Option<Status> {
        ALL.iter().copied().find(|s| s.server_code() == Some(code))
    }

    /// The server `code` string that maps to this status, if any.
    pub fn server_code(self) -> Option<&'static str> {
        self.row().1
    }

    /// The group this status belongs to.
    pub fn category(self) -> Category {
        self.row().2
    }

    /// The constant's name as in the C header, e.g. `"LS_ERR_TIMEOUT"`.
    pub fn name(self) -> &'static str {
        self.row().0
    }

    /// A one-line, human-readable description of what the status means.
    pub fn description(self) -> &'static str {
        self.row().3
    }
}

impl Category {
    /// Every category, in numeric order.
    pub const ALL: &'static [Category] = &[
        Category::LS_CATEGORY_NONE,
        Category::LS_CATEGORY_INVALID_ARGUMENT,
        Category::LS_CATEGORY_NETWORK,
        Category::LS_CATEGORY_AUTHORIZATION,
        Category::LS_CATEGORY_LICENSE,
        Category::LS_CATEGORY_VERIFICATION,
        Category::LS_CATEGORY_SERVER,
        Category::LS_CATEGORY_INTERNAL,
        Category::LS_CATEGORY_CANCELLED,
        Category::LS_CATEGORY_TAMPERING,
        Category::LS_CATEGORY_STORAGE,
    ];

    /// The constant's name as in the C header, e.g. `"LS_CATEGORY_NETWORK"`.
    pub fn name(self) -> &'static str {
        match self {
            Category::LS_CATEGORY_NONE => "LS_CATEGORY_NONE",
            Category::LS_CATEGORY_INVALID_ARGUMENT => "LS_CATEGORY_INVALID_ARGUMENT",
            Category::LS_CATEGORY_NETWORK => "LS_CATEGORY_NETWORK",
            Category::LS_CATEGORY_AUTHORIZATION => "LS_CATEGORY_AUTHORIZATION",
            Category::LS_CATEGORY_LICENSE => "LS_CATEGORY_LICENSE",
            Category::LS_CATEGORY_VERIFICATION => "LS_CATEGORY_VERIFICATION",
            Category::LS_CATEGORY_SERVER => "LS_CATEGORY_SERVER",
            Category::LS_CATEGORY_INTERNAL => "LS_CATEGORY_INTERNAL",
            Category::LS_CATEGORY_CANCELLED => "LS_CATEGORY_CANCELLED",
            Category::LS_CATEGORY_TAMPERING => "LS_CATEGORY_TAMPERING",
            Category::LS_CATEGORY_STORAGE => "LS_CATEGORY_STORAGE",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_unique_and_round_trip() {
        for (i, s) in ALL.iter().enumerate() {
            assert_eq!(Status::from_code(*s as i32), Some(*s));
            assert!(s.name().starts_with("LS_"));
            assert!(!s.description().is_empty());
            if i > 0 {
                assert!((ALL[i - 1] as i32) < (*s as i32), "ALL is sorted");
            }
        }
        assert_eq!(Status::from_code(7), None);
        assert_eq!(Status::from_code(99), None);
    }

    #[test]
    fn every_seed_license_code_has_its_own_status() {
        let seed_codes = [
            "unknown_product",
            "license_not_found",
            "license_not_enabled",
            "license_not_active",
            "vm_not_allowed",
            "offline_floating_cloud_not_supported",
            "license_start_date_error",
            "blacklisted",
            "license_activated_max_times",
            "license_user_activated_max_times",
            "license_expired",
            "license_transferred_max_times",
            "license_device_exists",
            "device_not_found",
            "missing_headers",
        ];
        let statuses: std::collections::HashSet<_> = seed_codes
            .iter()
            .map(|c| Status::from_server_code(c).expect(c))
            .collect();
        assert_eq!(statuses.len(), seed_codes.len());
        assert_eq!(Status::from_server_code("something_new"), None);
    }

    #[test]
    fn categories() {
        assert_eq!(LS_OK.category(), Category::LS_CATEGORY_NONE);
        assert_eq!(
            LS_ERR_NULL_ARGUMENT.category(),
            Category::LS_CATEGORY_INVALID_ARGUMENT
        );
        assert_eq!(LS_ERR_TIMEOUT.category(), Category::LS_CATEGORY_NETWORK);
        assert_eq!(
            LS_ERR_SIGNATURE_INVALID.category(),
            Category::LS_CATEGORY_VERIFICATION
        );
        assert_eq!(
            LS_ERR_NON_JSON_RESPONSE.category(),
            Category::LS_CATEGORY_SERVER
        );
        assert_eq!(
            LS_ERR_INVALID_API_KEY.category(),
            Category::LS_CATEGORY_AUTHORIZATION
        );
        assert_eq!(
            LS_ERR_LICENSE_EXPIRED.category(),
            Category::LS_CATEGORY_LICENSE
        );
        assert_eq!(LS_ERR_NOT_FOUND.category(), Category::LS_CATEGORY_SERVER);
        assert_eq!(LS_ERR_INTERNAL.category(), Category::LS_CATEGORY_INTERNAL);
        assert_eq!(LS_ERR_CANCELLED.category(), Category::LS_CATEGORY_CANCELLED);
    }
}
