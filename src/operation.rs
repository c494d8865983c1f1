//! Every License API operation the library performs, one table row each: method, path, what
//! the request must hold, which parameters it sends, and what a success looks like.
//!
//! Adding an operation is a variant, a row here, and (for C callers) one `ls_<name>` export in
//! `ffi/operations.rs`; the client, the C ABI's `ls_call` and every generated wrapper layer take
//! it from this table.

use crate::request::{Param, ParamSet};
use crate::result::Kind;

/// A License API operation. Numbers are stable.
#[repr(u32)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// POST `activate_license`: activates the license on the request's device; gives an
    /// `LS_KIND_LICENSE` result.
    LS_OP_ACTIVATE = 0,
    /// GET `check_license`: the license's current state on the request's device; gives an
    /// `LS_KIND_LICENSE` result.
    LS_OP_CHECK = 1,
    /// POST `deactivate_license`: frees the request's device (sending `consumptions` if set);
    /// gives no result.
    LS_OP_DEACTIVATE = 2,
    /// GET `product_details`: the product's settings; needs only `product`; gives an
    /// `LS_KIND_PRODUCT` result.
    LS_OP_PRODUCT_DETAILS = 3,
    /// GET `trial_key`: a trial license for the request's device (the same device gets its
    /// existing trial back); needs `product` and `hardware_id` (and `email` on user-based
    /// products); gives an `LS_KIND_TRIAL` result.
    LS_OP_TRIAL_KEY = 4,
    /// GET `check_license_feature`: one feature of the license (needs `feature`); takes a seat
    /// of a floating-cloud feature; gives an `LS_KIND_FEATURE` result.
    LS_OP_CHECK_FEATURE = 5,
    /// POST `add_consumption`: adds `consumptions` (default 1) to the license's total; gives an
    /// `LS_KIND_CONSUMPTION` result.
    LS_OP_ADD_CONSUMPTION = 6,
    /// POST `add_feature_consumption`: adds `consumptions` (default 1) to a feature's total
    /// (needs `feature`); gives an `LS_KIND_FEATURE` result.
    LS_OP_ADD_FEATURE_CONSUMPTION = 7,
    /// POST `floating/borrow`: keeps this device's floating seat until `borrowed_until` (unset:
    /// the longest the license allows); gives an `LS_KIND_BORROW` result.
    LS_OP_FLOATING_BORROW = 8,
    /// POST `floating/release`: gives this device's floating seat back; gives no result.
    LS_OP_FLOATING_RELEASE = 9,
    /// POST `floating/feature_borrow`: borrows a seat of a floating feature (needs `feature`);
    /// gives an `LS_KIND_FEATURE` result.
    LS_OP_FLOATING_FEATURE_BORROW = 10,
    /// POST `floating/feature_release`: gives a floating feature's seat back (needs `feature`);
    /// gives no result.
    LS_OP_FLOATING_FEATURE_RELEASE = 11,
    /// POST `activate_bundle`: activates every license of a bundle (`product` is the bundle's
    /// code) on the request's device; gives an `LS_KIND_BUNDLE` result.
    LS_OP_ACTIVATE_BUNDLE = 12,
    /// GET `check_bundle`: every license of a bundle on the request's device; gives an
    /// `LS_KIND_BUNDLE` result.
    LS_OP_CHECK_BUNDLE = 13,
    /// POST `deactivate_bundle`: frees the request's device from every license of a bundle;
    /// gives no result.
    LS_OP_DEACTIVATE_BUNDLE = 14,
    /// GET `versions`: the versions the license may install (within its maintenance or validity
    /// period), filtered by `env` and `channel`; gives an `LS_KIND_VERSIONS` result.
    LS_OP_VERSIONS = 15,
    /// GET `installation_file`: the installer of `version` (unset: the latest allowed); gives
    /// an `LS_KIND_INSTALLATION_FILE` result.
    LS_OP_INSTALLATION_FILE = 16,
    /// POST `track_device_variables`: stores the request's device variables (at least one);
    /// gives an `LS_KIND_DEVICE_VARIABLES` result.
    LS_OP_TRACK_DEVICE_VARIABLES = 17,
    /// GET `get_device_variables`: every variable stored for the device; gives an
    /// `LS_KIND_DEVICE_VARIABLES` result.
    LS_OP_GET_DEVICE_VARIABLES = 18,
    /// GET `user_licenses`: the licenses of a user (username + password, or SSO) on the product;
    /// gives an `LS_KIND_USER_LICENSES` result.
    LS_OP_USER_LICENSES = 19,
    /// GET `customer_license_users`: the license users of a customer (`customer`, an email);
    /// gives an `LS_KIND_CUSTOMER_USERS` result.
    LS_OP_CUSTOMER_LICENSE_USERS = 20,
    /// GET `sso_url`: where a customer account's users sign in (`customer_account_code`); gives
    /// an `LS_KIND_SSO_URL` result.
    LS_OP_SSO_URL = 21,
    /// POST `change_password`: changes a license user's password (`username`, `password`,
    /// `new_password`; no product); gives no result.
    LS_OP_CHANGE_PASSWORD = 22,
}

/// The HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Parameters in the query string.
    Get,
    /// Parameters in a JSON body.
    Post,
}

/// What the request must hold before it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Nothing beyond the operation's required parameters.
    Global,
    /// `product`.
    Product,
    /// `product` and `hardware_id`.
    Device,
    /// `product`, `hardware_id` and exactly one identity.
    License,
    /// `product` and exactly one identity, no device.
    User,
}

/// Whether an operation sends the request's device variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variables {
    None,
    /// Sent when there are some.
    Optional,
    /// At least one is needed.
    Required,
}

/// What a 200 answer must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// A JSON body read as a result of this kind; `signed` bodies must carry a verifying
    /// `LicenseSignature` (when verification is on).
    Result { kind: Kind, signed: bool },
    /// A fixed text, bare or JSON-quoted (e.g. `license_deactivated`); no result.
    Text(&'static str),
    /// An empty body (white space at most); no result.
    Empty,
}

/// One operation's row.
#[derive(Debug, Clone, Copy)]
pub struct OperationSpec {
    pub operation: Operation,
    /// The operation's name in every language (`activate`, `check`, ...).
    pub name: &'static str,
    pub method: Method,
    /// The path under `/api/v4/`.
    pub path: &'static str,
    pub scope: Scope,
    /// Parameters that must be set, beyond what the scope requires.
    pub required: &'static [Param],
    /// Whether a username must come with its password (operations that create something for
    /// the user); elsewhere the username alone identifies the user, as the vendor SDKs send it.
    pub password_required: bool,
    /// The parameters it sends, when set.
    pub params: ParamSet<'static>,
    /// Whether it sends the request's device variables.
    pub variables: Variables,
    pub reply: Reply,
}

use Param::*;

/// `product`, `hardware_id`, every identity parameter and `license_id`.
const LICENSE: &[Param] = &[
    LS_PARAM_PRODUCT,
    LS_PARAM_HARDWARE_ID,
    LS_PARAM_LICENSE_KEY,
    LS_PARAM_USERNAME,
    LS_PARAM_PASSWORD,
    LS_PARAM_ID_TOKEN,
    LS_PARAM_CODE,
    LS_PARAM_CUSTOMER_ACCOUNT_CODE,
    LS_PARAM_LICENSE_ID,
];

/// What the device says about itself.
const DEVICE: &[Param] = &[
    LS_PARAM_IS_VM,
    LS_PARAM_VM_INFO,
    LS_PARAM_OS_VER,
    LS_PARAM_HOSTNAME,
    LS_PARAM_OS_HOSTNAME,
    LS_PARAM_IP,
    LS_PARAM_IP_LOCAL,
    LS_PARAM_APP_VER,
    LS_PARAM_MAC_ADDRESS,
];

const fn signed(kind: Kind) -> Reply {
    Reply::Result { kind, signed: true }
}

const NONE: &[Param] = &[];
const FEATURE: &[Param] = &[LS_PARAM_FEATURE];
/// What a trial request says about its customer.
const CUSTOMER: &[Param] = &[
    LS_PARAM_EMAIL,
    LS_PARAM_PASSWORD,
    LS_PARAM_FIRST_NAME,
    LS_PARAM_LAST_NAME,
    LS_PARAM_PHONE,
    LS_PARAM_ADDRESS,
    LS_PARAM_POSTCODE,
    LS_PARAM_STATE,
    LS_PARAM_COUNTRY,
    LS_PARAM_CITY,
    LS_PARAM_REFERENCE,
    LS_PARAM_COMPANY_NAME,
    LS_PARAM_LICENSE_POLICY,
];

/// Every operation, in numeric order.
pub const OPERATIONS: &[OperationSpec] = &[
    OperationSpec {
        operation: Operation::LS_OP_ACTIVATE,
        name: "activate",
        method: Method::Post,
        path: "activate_license",
        scope: Scope::License,
        required: NONE,
        password_required: true,
        params: ParamSet(&[LICENSE, DEVICE]),
        variables: Variables::Optional,
        reply: signed(Kind::LS_KIND_LICENSE),
    },
    OperationSpec {
        operation: Operation::LS_OP_CHECK,
        name: "check",
        method: Method::Get,
        path: "check_license",
        scope: Scope::License,
        required: NONE,
        password_required: false,
        params: ParamSet(&[
            LICENSE,
            DEVICE,
            &[LS_PARAM_INCLUDE_EXPIRED_FEATURES, LS_PARAM_ENV],
        ]),
        variables: Variables::None,
        reply: signed(Kind::LS_KIND_LICENSE),
    },
    OperationSpec {
        operation: Operation::LS_OP_DEACTIVATE,
        name: "deactivate",
        method: Method::Post,
        path: "deactivate_license",
        scope: Scope::License,
        required: NONE,
        password_required: false,
        params: ParamSet(&[LICENSE, DEVICE, &[LS_PARAM_CONSUMPTIONS]]),
        variables: Variables::None,
        reply: Reply::Text("license_deactivated"),
    },
    OperationSpec {
        operation: Operation::LS_OP_PRODUCT_DETAILS,
        name: "product_details",
        method: Method::Get,
        path: "product_details",
        scope: Scope::Product,
        required: NONE,
        password_required: false,
        params: ParamSet(&[&[
            LS_PARAM_PRODUCT,
            LS_PARAM_INCLUDE_LATEST_VERSION,
            LS_PARAM_INCLUDE_CUSTOM_FIELDS,
            LS_PARAM_ENV,
        ]]),
        variables: Variables::None,
        reply: signed(Kind::LS_KIND_PRODUCT),
    },
    OperationSpec {
        operation: Operation::LS_OP_TRIAL_KEY,
        name: "trial_key",
        method: Method::Get,
        path: "trial_key",
        scope: Scope::Device,
        required: NONE,
        password_required: false,
        params: ParamSet(&[&[LS_PARAM_PRODUCT, LS_PARAM_HARDWARE_ID], CUSTOMER]),
        variables: Variables::None,
        reply: signed(Kind::LS_KIND_TRIAL),
    },
    OperationSpec {
        operation: Operation::LS_OP_CHECK_FEATURE,
        name: "check_feature",
        method: Method::Get,
        path: "check_license_feature",
        scope: Scope::License,
        required: FEATURE,
        password_required: false,
        params: ParamSet(&[
            LICENSE,
            &[
                LS_PARAM_FEATURE,
                LS_PARAM_INCLUDE_METADATA_STRING,
                LS_PARAM_BUNDLE_CODE,
            ],
        ]),
        variables: Variables::None,
        reply: signed(Kind::LS_KIND_FEATURE),
    },
    OperationSpec {
        operation: Operation::LS_OP_ADD_CONSUMPTION,
        name: "add_consumption",
        method: Method::Post,
        path: "add_consumption",
        scope: Scope::License,
        required: NONE,
        password_required: false,
        params: ParamSet(&[
            LICENSE,
            &[
                LS_PARAM_CONSUMPTIONS,
                LS_PARAM_MAX_OVERAGES,
                LS_PARAM_ALLOW_OVERAGES,
                LS_PARAM_BUNDLE_CODE,
                LS_PARAM_EVENT,
            ],
        ]),
        variables: Variables::None,
        reply: signed(Kind::LS_KIND_CONSUMPTION),
    },
    OperationSpec {
        operation: Operation::LS_OP_ADD_FEATURE_CONSUMPTION,
        name: "add_feature_consumption",
        method: Method::Post,
        path: "add_feature_consumption",
        scope: Scope::License,
        required: FEATURE,
        password_required: false,
        params: ParamSet(&[
            LICENSE,
            &[
                LS_PARAM_FEATURE,
                LS_PARAM_CONSUMPTIONS,
                LS_PARAM_BUNDLE_CODE,
            ],
        ]),
        variables: Variables::None,
        reply: signed(Kind::LS_KIND_FEATURE),
    },
    OperationSpec {
        operation: Operation::LS_OP_FLOATING_BORROW,
        name: "floating_borrow",
        method: Method::Post,
        path: "floating/borrow",
        scope: Scope::License,
        required: NONE,
        password_required: true,
        params: ParamSet(&[LICENSE, &[LS_PARAM_BORROWED_UNTIL, LS_PARAM_BUNDLE_CODE]]),
        variables: Variables::None,
        reply: signed(Kind::LS_KIND_BORROW),
    },
    OperationSpec {
        operation: Operation::LS_OP_FLOATING_RELEASE,
        name: "floating_release",
        method: Method::Post,
        path: "floating/release",
        scope: Scope::License,
        required: NONE,
        password_required: false,
        params: ParamSet(&[LICENSE, &[LS_PARAM_BUNDLE_CODE]]),
        variables: Variables::None,
        reply: Reply::Empty,
    },
    OperationSpec {
        operation: Operation::LS_OP_FLOATING_FEATURE_BORROW,
        name: "floating_feature_borrow",
        method: Method::Post,
        path: "floating/feature_borrow",
        scope: Scope::License,
        required: FEATURE,
        password_required: true,
        params: ParamSet(&[LICENSE, &[LS_PARAM_FEATURE, LS_PARAM_BORROWED_UNTIL]]),
        variables: Variables::None,
        reply: signed(Kind::LS_KIND_FEATURE),
    },
    OperationSpec {
        operation: Operation::LS_OP_FLOATING_FEATURE_RELEASE,
        name: "floating_feature_release",
        method: Method::Post,
        path: "floating/feature_release",
        scope: Scope::License,
        required: FEATURE,
        password_required: false,
        params: ParamSet(&[LICENSE, FEATURE]),
        variables: Variables::None,
        reply: Reply::Empty,
    },
    OperationSpec {
        operation: Operation::LS_OP_ACTIVATE_BUNDLE,
        name: "activate_bundle",
        method: Method::Post,
        path: "activate_bundle",
        scope: Scope::License,
        required: NONE,
        password_required: true,
        params: ParamSet(&[LICENSE, DEVICE]),
        variables: Variables::Optional,
        reply: signed(Kind::LS_KIND_BUNDLE),
    },
    OperationSpec {
        operation: Operation::LS_OP_CHECK_BUNDLE,
        name: "check_bundle",
        method: Method::Get,
        path: "check_bundle",
        scope: Scope::License,
        required: NONE,
        password_required: false,
        params: ParamSet(&[
            LICENSE,
            DEVICE,
            &[LS_PARAM_INCLUDE_EXPIRED_FEATURES, LS_PARAM_ENV],
        ]),
        variables: Variables::None,
        reply: signed(Kind::LS_KIND_BUNDLE),
    },
    OperationSpec {
        operation: Operation::LS_OP_DEACTIVATE_BUNDLE,
        name: "deactivate_bundle",
        method: Method::Post,
        path: "deactivate_bundle",
        scope: Scope::License,
        required: NONE,
        password_required: false,
        params: ParamSet(&[LICENSE, DEVICE, &[LS_PARAM_CONSUMPTIONS]]),
        variables: Variables::None,
        reply: Reply::Text("license_deactivated"),
    },
    OperationSpec {
        operation: Operation::LS_OP_VERSIONS,
        name: "versions",
        method: Method::Get,
        path: "versions",
        scope: Scope::License,
        required: NONE,
        password_required: false,
        params: ParamSet(&[LICENSE, &[LS_PARAM_ENV, LS_PARAM_CHANNEL]]),
        variables: Variables::None,
        reply: signed(Kind::LS_KIND_VERSIONS),
    },
    OperationSpec {
        operation: Operation::LS_OP_INSTALLATION_FILE,
        name: "installation_file",
        method: Method::Get,
        path: "installation_file",
        scope: Scope::License,
        required: NONE,
        password_required: false,
        params: ParamSet(&[LICENSE, &[LS_PARAM_ENV, LS_PARAM_CHANNEL, LS_PARAM_VERSION]]),
        variables: Variables::None,
        reply: signed(Kind::LS_KIND_INSTALLATION_FILE),
    },
    OperationSpec {
        operation: Operation::LS_OP_TRACK_DEVICE_VARIABLES,
        name: "track_device_variables",
        method: Method::Post,
        path: "track_device_variables",
        scope: Scope::License,
        required: NONE,
        password_required: false,
        params: ParamSet(&[LICENSE]),
        variables: Variables::Required,
        reply: signed(Kind::LS_KIND_DEVICE_VARIABLES),
    },
    OperationSpec {
        operation: Operation::LS_OP_GET_DEVICE_VARIABLES,
        name: "get_device_variables",
        method: Method::Get,
        path: "get_device_variables",
        scope: Scope::License,
        required: NONE,
        password_required: false,
        params: ParamSet(&[LICENSE]),
        variables: Variables::None,
        reply: signed(Kind::LS_KIND_DEVICE_VARIABLES),
    },
    OperationSpec {
        operation: Operation::LS_OP_USER_LICENSES,
        name: "user_licenses",
        method: Method::Get,
        path: "user_licenses",
        scope: Scope::User,
        required: NONE,
        password_required: true,
        params: ParamSet(&[LICENSE]),
        variables: Variables::None,
        reply: signed(Kind::LS_KIND_USER_LICENSES),
    },
    OperationSpec {
        operation: Operation::LS_OP_CUSTOMER_LICENSE_USERS,
        name: "customer_license_users",
        method: Method::Get,
        path: "customer_license_users",
        scope: Scope::Product,
        required: &[LS_PARAM_CUSTOMER],
        password_required: false,
        params: ParamSet(&[&[LS_PARAM_PRODUCT, LS_PARAM_CUSTOMER]]),
        variables: Variables::None,
        reply: signed(Kind::LS_KIND_CUSTOMER_USERS),
    },
    OperationSpec {
        operation: Operation::LS_OP_SSO_URL,
        name: "sso_url",
        method: Method::Get,
        path: "sso_url",
        scope: Scope::Product,
        required: &[LS_PARAM_CUSTOMER_ACCOUNT_CODE],
        password_required: false,
        params: ParamSet(&[&[
            LS_PARAM_PRODUCT,
            LS_PARAM_CUSTOMER_ACCOUNT_CODE,
            LS_PARAM_RESPONSE_TYPE,
            LS_PARAM_REDIRECT_URI,
        ]]),
        variables: Variables::None,
        reply: signed(Kind::LS_KIND_SSO_URL),
    },
    OperationSpec {
        operation: Operation::LS_OP_CHANGE_PASSWORD,
        name: "change_password",
        method: Method::Post,
        path: "change_password",
        scope: Scope::Global,
        required: &[LS_PARAM_USERNAME, LS_PARAM_PASSWORD, LS_PARAM_NEW_PASSWORD],
        password_required: true,
        params: ParamSet(&[&[LS_PARAM_USERNAME, LS_PARAM_PASSWORD, LS_PARAM_NEW_PASSWORD]]),
        variables: Variables::None,
        reply: Reply::Text("password_changed"),
    },
];

impl Operation {
    /// Every operation, in numeric order.
    pub fn all() -> impl Iterator<Item = Operation> {
        OPERATIONS.iter().map(|spec| spec.operation)
    }

    /// The operation with this number, if any.
    pub fn from_u32(n: u32) -> Option<Operation> {
        OPERATIONS.get(n as usize).map(|spec| spec.operation)
    }

    /// This operation's row.
    pub fn spec(self) -> &'static OperationSpec {
        &OPERATIONS[self as usize]
    }

    /// The constant's name as in the C header, e.g. `"LS_OP_ACTIVATE"`.
    pub fn c_name(self) -> String {
        format!("LS_OP_{}", self.spec().name.to_uppercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_in_numeric_order_and_consistent() {
        for (i, spec) in OPERATIONS.iter().enumerate() {
            assert_eq!(spec.operation as usize, i, "{}", spec.name);
            assert_eq!(Operation::from_u32(i as u32), Some(spec.operation));
            assert_eq!(format!("{:?}", spec.operation), spec.operation.c_name());
            if spec.scope == Scope::License {
                assert!(spec.params.contains(LS_PARAM_LICENSE_KEY), "{}", spec.name);
            }
            if spec.scope != Scope::Global {
                assert!(spec.params.contains(LS_PARAM_PRODUCT), "{}", spec.name);
            }
            for required in spec.required {
                assert!(
                    spec.params.contains(*required),
                    "{} sends what it requires",
                    spec.name
                );
            }
        }
        assert_eq!(Operation::from_u32(OPERATIONS.len() as u32), None);
    }
}
