//! The fields of every result kind: one enum for the C ABI and one table row per field giving its
//! path in the response JSON, its type and whether it must be present.
//!
//! Field numbers are `kind * 1000 + position`: the kind of a field and its slot in a result follow
//! from its number. Adding a field is a variant with the next number and a row; the result parser
//! (`result.rs`), the C ABI and every generated wrapper take it from here.

/// What a result describes. Numbers are stable.
#[repr(u32)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A license: the answer of activate and check.
    LS_KIND_LICENSE = 1,
    /// A product feature on a license.
    LS_KIND_FEATURE = 2,
    /// A custom field on a license.
    LS_KIND_CUSTOM_FIELD = 3,
    /// A product's details: the answer of product_details.
    LS_KIND_PRODUCT = 4,
    /// A custom field of a product, with its default value.
    LS_KIND_PRODUCT_CUSTOM_FIELD = 5,
    /// A trial: the answer of trial_key.
    LS_KIND_TRIAL = 6,
    /// A license's consumption totals: the answer of add_consumption.
    LS_KIND_CONSUMPTION = 7,
    /// A borrowed floating seat: the answer of floating_borrow.
    LS_KIND_BORROW = 8,
    /// The licenses of a bundle: the answer of activate_bundle and check_bundle.
    LS_KIND_BUNDLE = 9,
    /// The versions a license may install: the answer of versions.
    LS_KIND_VERSIONS = 10,
    /// One version.
    LS_KIND_VERSION = 11,
    /// An installer: the answer of installation_file.
    LS_KIND_INSTALLATION_FILE = 12,
    /// A device's variables: the answer of track_device_variables and get_device_variables.
    LS_KIND_DEVICE_VARIABLES = 13,
    /// One device variable.
    LS_KIND_DEVICE_VARIABLE = 14,
    /// A user's licenses: the answer of user_licenses.
    LS_KIND_USER_LICENSES = 15,
    /// One license of a user, with the user's standing on it.
    LS_KIND_USER_LICENSE = 16,
    /// A license user.
    LS_KIND_USER = 17,
    /// A customer's license users: the answer of customer_license_users.
    LS_KIND_CUSTOMER_USERS = 18,
    /// Where a customer account's users sign in: the answer of sso_url.
    LS_KIND_SSO_URL = 19,
}

impl Kind {
    /// Every kind, in numeric order.
    pub const ALL: &'static [Kind] = &[
        Kind::LS_KIND_LICENSE,
        Kind::LS_KIND_FEATURE,
        Kind::LS_KIND_CUSTOM_FIELD,
        Kind::LS_KIND_PRODUCT,
        Kind::LS_KIND_PRODUCT_CUSTOM_FIELD,
        Kind::LS_KIND_TRIAL,
        Kind::LS_KIND_CONSUMPTION,
        Kind::LS_KIND_BORROW,
        Kind::LS_KIND_BUNDLE,
        Kind::LS_KIND_VERSIONS,
        Kind::LS_KIND_VERSION,
        Kind::LS_KIND_INSTALLATION_FILE,
        Kind::LS_KIND_DEVICE_VARIABLES,
        Kind::LS_KIND_DEVICE_VARIABLE,
        Kind::LS_KIND_USER_LICENSES,
        Kind::LS_KIND_USER_LICENSE,
        Kind::LS_KIND_USER,
        Kind::LS_KIND_CUSTOMER_USERS,
        Kind::LS_KIND_SSO_URL,
    ];

    /// The kind with this number, if any.
    pub fn from_u32(n: u32) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| *k as u32 == n)
    }

    /// The constant's name as in the C header, e.g. `"LS_KIND_LICENSE"`.
    pub fn c_name(self) -> &'static str {
        match self {
            Kind::LS_KIND_LICENSE => "LS_KIND_LICENSE",
            Kind::LS_KIND_FEATURE => "LS_KIND_FEATURE",
            Kind::LS_KIND_CUSTOM_FIELD => "LS_KIND_CUSTOM_FIELD",
            Kind::LS_KIND_PRODUCT => "LS_KIND_PRODUCT",
            Kind::LS_KIND_PRODUCT_CUSTOM_FIELD => "LS_KIND_PRODUCT_CUSTOM_FIELD",
            Kind::LS_KIND_TRIAL => "LS_KIND_TRIAL",
            Kind::LS_KIND_CONSUMPTION => "LS_KIND_CONSUMPTION",
            Kind::LS_KIND_BORROW => "LS_KIND_BORROW",
            Kind::LS_KIND_BUNDLE => "LS_KIND_BUNDLE",
            Kind::LS_KIND_VERSIONS => "LS_KIND_VERSIONS",
            Kind::LS_KIND_VERSION => "LS_KIND_VERSION",
            Kind::LS_KIND_INSTALLATION_FILE => "LS_KIND_INSTALLATION_FILE",
            Kind::LS_KIND_DEVICE_VARIABLES => "LS_KIND_DEVICE_VARIABLES",
            Kind::LS_KIND_DEVICE_VARIABLE => "LS_KIND_DEVICE_VARIABLE",
            Kind::LS_KIND_USER_LICENSES => "LS_KIND_USER_LICENSES",
            Kind::LS_KIND_USER_LICENSE => "LS_KIND_USER_LICENSE",
            Kind::LS_KIND_USER => "LS_KIND_USER",
            Kind::LS_KIND_CUSTOMER_USERS => "LS_KIND_CUSTOMER_USERS",
            Kind::LS_KIND_SSO_URL => "LS_KIND_SSO_URL",
        }
    }

    /// The kind's name in every language, e.g. `license`, `custom_field`.
    pub fn name(self) -> String {
        self.c_name()["LS_KIND_".len()..].to_lowercase()
    }

    /// This kind's fields, in numeric order.
    pub fn fields(self) -> &'static [FieldSpec] {
        let first = self as u32 * 1000;
        let start = FIELDS.partition_point(|f| (f.field as u32) < first);
        let end = FIELDS.partition_point(|f| (f.field as u32) < first + 1000);
        &FIELDS[start..end]
    }
}

/// A field of a result. Numbers are stable; `field / 1000` is its `ls_kind`.
#[repr(u32)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// `id`: the license's ID.
    LS_LICENSE_ID = 1000,
    /// `license_key`: the key (NULL on user-based licenses).
    LS_LICENSE_KEY = 1001,
    /// `license_type`: `perpetual`, `time-limited`, `subscription` or `consumption`.
    LS_LICENSE_TYPE = 1002,
    /// `license_active`.
    LS_LICENSE_ACTIVE = 1003,
    /// `license_enabled`.
    LS_LICENSE_ENABLED = 1004,
    /// `is_expired`.
    LS_LICENSE_EXPIRED = 1005,
    /// `is_trial`.
    LS_LICENSE_TRIAL = 1006,
    /// `trial_days`.
    LS_LICENSE_TRIAL_DAYS = 1007,
    /// `validity_period`: the expiry (ISO 8601), NULL when the license does not expire.
    LS_LICENSE_VALIDITY_PERIOD = 1008,
    /// `start_date` (ISO 8601).
    LS_LICENSE_START_DATE = 1009,
    /// `maintenance_period`: end of maintenance (ISO 8601).
    LS_LICENSE_MAINTENANCE_PERIOD = 1010,
    /// `times_activated`: devices active now.
    LS_LICENSE_TIMES_ACTIVATED = 1011,
    /// `max_activations`.
    LS_LICENSE_MAX_ACTIVATIONS = 1012,
    /// `allow_unlimited_activations`.
    LS_LICENSE_ALLOW_UNLIMITED_ACTIVATIONS = 1013,
    /// `transfer_count`.
    LS_LICENSE_TRANSFER_COUNT = 1014,
    /// `max_transfers` (0: unlimited).
    LS_LICENSE_MAX_TRANSFERS = 1015,
    /// `max_license_users`.
    LS_LICENSE_MAX_LICENSE_USERS = 1016,
    /// `prevent_vm`: the license may not run in a virtual machine.
    LS_LICENSE_PREVENT_VM = 1017,
    /// `allow_offline_activation`.
    LS_LICENSE_ALLOW_OFFLINE_ACTIVATION = 1018,
    /// `is_air_gapped`.
    LS_LICENSE_IS_AIR_GAPPED = 1019,
    /// `allow_grace_period`: the license stays valid `grace_period` hours past its expiry.
    LS_LICENSE_ALLOW_GRACE_PERIOD = 1020,
    /// `grace_period` (hours).
    LS_LICENSE_GRACE_PERIOD = 1021,
    /// `is_floating`.
    LS_LICENSE_IS_FLOATING = 1022,
    /// `is_floating_cloud`.
    LS_LICENSE_IS_FLOATING_CLOUD = 1023,
    /// `floating_timeout` (minutes).
    LS_LICENSE_FLOATING_TIMEOUT = 1024,
    /// `floating_users`: seats in the floating pool.
    LS_LICENSE_FLOATING_USERS = 1025,
    /// `floating_in_use_devices`: seats taken now.
    LS_LICENSE_FLOATING_IN_USE_DEVICES = 1026,
    /// `can_borrow`.
    LS_LICENSE_CAN_BORROW = 1027,
    /// `is_borrowed`.
    LS_LICENSE_IS_BORROWED = 1028,
    /// `borrowed_until` (ISO 8601).
    LS_LICENSE_BORROWED_UNTIL = 1029,
    /// `max_borrow_time` (hours).
    LS_LICENSE_MAX_BORROW_TIME = 1030,
    /// `max_consumptions`.
    LS_LICENSE_MAX_CONSUMPTIONS = 1031,
    /// `total_consumptions`.
    LS_LICENSE_TOTAL_CONSUMPTIONS = 1032,
    /// `allow_unlimited_consumptions`.
    LS_LICENSE_ALLOW_UNLIMITED_CONSUMPTIONS = 1033,
    /// `allow_negative_consumptions`.
    LS_LICENSE_ALLOW_NEGATIVE_CONSUMPTIONS = 1034,
    /// `allow_overages`.
    LS_LICENSE_ALLOW_OVERAGES = 1035,
    /// `max_overages`.
    LS_LICENSE_MAX_OVERAGES = 1036,
    /// `reset_consumption`: totals reset every `consumption_period`.
    LS_LICENSE_RESET_CONSUMPTION = 1037,
    /// `consumption_period`: `daily`, `weekly`, `monthly` or `annually`.
    LS_LICENSE_CONSUMPTION_PERIOD = 1038,
    /// `order_store_id`.
    LS_LICENSE_ORDER_STORE_ID = 1039,
    /// `device_id`: the server's ID of this device.
    LS_LICENSE_DEVICE_ID = 1040,
    /// `hardware_id`: the device the answer is for.
    LS_LICENSE_HARDWARE_ID = 1041,
    /// `metadata`, as JSON text.
    LS_LICENSE_METADATA = 1042,
    /// `variables`: the device variables, as JSON text.
    LS_LICENSE_VARIABLES = 1043,
    /// `product_features`: a list of `LS_KIND_FEATURE` results.
    LS_LICENSE_FEATURES = 1044,
    /// `custom_fields`: a list of `LS_KIND_CUSTOM_FIELD` results.
    LS_LICENSE_CUSTOM_FIELDS = 1045,
    /// `customer.email`.
    LS_LICENSE_CUSTOMER_EMAIL = 1046,
    /// `customer.first_name`.
    LS_LICENSE_CUSTOMER_FIRST_NAME = 1047,
    /// `customer.last_name`.
    LS_LICENSE_CUSTOMER_LAST_NAME = 1048,
    /// `customer.company_name`.
    LS_LICENSE_CUSTOMER_COMPANY_NAME = 1049,
    /// `customer.reference`.
    LS_LICENSE_CUSTOMER_REFERENCE = 1050,
    /// `customer.phone`.
    LS_LICENSE_CUSTOMER_PHONE = 1051,
    /// `customer.customer_account`, as JSON text.
    LS_LICENSE_CUSTOMER_ACCOUNT = 1052,
    /// `customer.metadata`, as JSON text.
    LS_LICENSE_CUSTOMER_METADATA = 1053,
    /// `user.id` (user-based licenses).
    LS_LICENSE_USER_ID = 1054,
    /// `user.email` (user-based licenses).
    LS_LICENSE_USER_EMAIL = 1055,
    /// `user.first_name`.
    LS_LICENSE_USER_FIRST_NAME = 1056,
    /// `user.last_name`.
    LS_LICENSE_USER_LAST_NAME = 1057,
    /// `product_details.product_id`.
    LS_LICENSE_PRODUCT_ID = 1058,
    /// `product_details.product_name`.
    LS_LICENSE_PRODUCT_NAME = 1059,
    /// `product_details.short_code`.
    LS_LICENSE_PRODUCT_SHORT_CODE = 1060,
    /// `product_details.authorization_method`: `license-key` or `user`.
    LS_LICENSE_AUTHORIZATION_METHOD = 1061,
    /// `license_signature`: the v1 signature the server sent (the library verifies the v2 header).
    LS_LICENSE_SIGNATURE = 1062,
    /// `company.id`: the vendor's company.
    LS_LICENSE_COMPANY_ID = 1063,
    /// `id`.
    LS_FEATURE_ID = 2000,
    /// `code`: the feature's code.
    LS_FEATURE_CODE = 2001,
    /// `name`.
    LS_FEATURE_NAME = 2002,
    /// `feature_type`: `activation` or `consumption`.
    LS_FEATURE_TYPE = 2003,
    /// `expiry_date` (ISO 8601).
    LS_FEATURE_EXPIRY_DATE = 2004,
    /// `metadata`, as JSON text.
    LS_FEATURE_METADATA = 2005,
    /// `is_floating`.
    LS_FEATURE_IS_FLOATING = 2006,
    /// `is_floating_cloud`.
    LS_FEATURE_IS_FLOATING_CLOUD = 2007,
    /// `floating_timeout` (minutes).
    LS_FEATURE_FLOATING_TIMEOUT = 2008,
    /// `floating_users`.
    LS_FEATURE_FLOATING_USERS = 2009,
    /// `floating_in_use_devices`.
    LS_FEATURE_FLOATING_IN_USE_DEVICES = 2010,
    /// `max_consumption` (singular on features).
    LS_FEATURE_MAX_CONSUMPTION = 2011,
    /// `total_consumptions`.
    LS_FEATURE_TOTAL_CONSUMPTIONS = 2012,
    /// `allow_overages`.
    LS_FEATURE_ALLOW_OVERAGES = 2013,
    /// `max_overages`.
    LS_FEATURE_MAX_OVERAGES = 2014,
    /// `allow_unlimited_consumptions`.
    LS_FEATURE_ALLOW_UNLIMITED_CONSUMPTIONS = 2015,
    /// `allow_negative_consumptions`.
    LS_FEATURE_ALLOW_NEGATIVE_CONSUMPTIONS = 2016,
    /// `reset_consumption`.
    LS_FEATURE_RESET_CONSUMPTION = 2017,
    /// `consumption_period`.
    LS_FEATURE_CONSUMPTION_PERIOD = 2018,
    /// `can_borrow`.
    LS_FEATURE_CAN_BORROW = 2019,
    /// `max_borrow_time` (hours).
    LS_FEATURE_MAX_BORROW_TIME = 2020,
    /// `is_borrowed`: this device borrowed a seat.
    LS_FEATURE_IS_BORROWED = 2021,
    /// `borrowed_until` (ISO 8601): end of this device's borrow.
    LS_FEATURE_BORROWED_UNTIL = 2022,
    /// `license_id`: the license the feature belongs to (feature operations).
    LS_FEATURE_LICENSE_ID = 2023,
    /// `device_id` (feature borrows).
    LS_FEATURE_DEVICE_ID = 2024,
    /// `metadata_string`: the metadata as text, with `LS_PARAM_INCLUDE_METADATA_STRING`.
    LS_FEATURE_METADATA_STRING = 2025,
    /// `name`.
    LS_CUSTOM_FIELD_NAME = 3000,
    /// `value`: a string as it is, any other JSON value as its JSON text.
    LS_CUSTOM_FIELD_VALUE = 3001,
    /// `data_type`.
    LS_CUSTOM_FIELD_DATA_TYPE = 3002,
    /// `product_id`.
    LS_PRODUCT_ID = 4000,
    /// `product_name`.
    LS_PRODUCT_NAME = 4001,
    /// `short_code`.
    LS_PRODUCT_SHORT_CODE = 4002,
    /// `allow_trial`: the product offers trials.
    LS_PRODUCT_ALLOW_TRIAL = 4003,
    /// `trial_days`: length of a trial.
    LS_PRODUCT_TRIAL_DAYS = 4004,
    /// `authorization_method`: `license-key` or `user`.
    LS_PRODUCT_AUTHORIZATION_METHOD = 4005,
    /// `floating_timeout` (minutes).
    LS_PRODUCT_FLOATING_TIMEOUT = 4006,
    /// `allow_overages`.
    LS_PRODUCT_ALLOW_OVERAGES = 4007,
    /// `max_overages`.
    LS_PRODUCT_MAX_OVERAGES = 4008,
    /// `prevent_vm`.
    LS_PRODUCT_PREVENT_VM = 4009,
    /// `metadata`, as JSON text.
    LS_PRODUCT_METADATA = 4010,
    /// `company.id`.
    LS_PRODUCT_COMPANY_ID = 4011,
    /// `latest_version` (with `LS_PARAM_INCLUDE_LATEST_VERSION`), as JSON text.
    LS_PRODUCT_LATEST_VERSION = 4012,
    /// `custom_fields` (with `LS_PARAM_INCLUDE_CUSTOM_FIELDS`): a list of `LS_KIND_PRODUCT_CUSTOM_FIELD` results.
    LS_PRODUCT_CUSTOM_FIELDS = 4013,
    /// `id`.
    LS_PRODUCT_CUSTOM_FIELD_ID = 5000,
    /// `name`.
    LS_PRODUCT_CUSTOM_FIELD_NAME = 5001,
    /// `default_value`: a string as it is, any other JSON value as its JSON text.
    LS_PRODUCT_CUSTOM_FIELD_DEFAULT_VALUE = 5002,
    /// `is_trial` (always true).
    LS_TRIAL_IS_TRIAL = 6000,
    /// `license_type` of the trial license.
    LS_TRIAL_LICENSE_TYPE = 6001,
    /// `license`: the trial's license key (license-key products).
    LS_TRIAL_KEY = 6002,
    /// `license_user`: the trial user's email (user-based products).
    LS_TRIAL_LICENSE_USER = 6003,
    /// `initial_password`: the trial user's password, only when the trial is new (user-based products).
    LS_TRIAL_INITIAL_PASSWORD = 6004,
    /// `license_user_id` (new user-based trials).
    LS_TRIAL_LICENSE_USER_ID = 6005,
    /// `id`: the trial license's ID (new trials).
    LS_TRIAL_ID = 6006,
    /// `trial_days` (new trials).
    LS_TRIAL_TRIAL_DAYS = 6007,
    /// `validity_period`: the trial's end (new trials).
    LS_TRIAL_VALIDITY_PERIOD = 6008,
    /// `max_activations` (new trials).
    LS_TRIAL_MAX_ACTIVATIONS = 6009,
    /// `id`: the license's ID.
    LS_CONSUMPTION_ID = 7000,
    /// `max_consumptions`.
    LS_CONSUMPTION_MAX_CONSUMPTIONS = 7001,
    /// `total_consumptions` after the addition.
    LS_CONSUMPTION_TOTAL_CONSUMPTIONS = 7002,
    /// `allow_unlimited_consumptions`.
    LS_CONSUMPTION_ALLOW_UNLIMITED_CONSUMPTIONS = 7003,
    /// `allow_negative_consumptions`.
    LS_CONSUMPTION_ALLOW_NEGATIVE_CONSUMPTIONS = 7004,
    /// `allow_overages`.
    LS_CONSUMPTION_ALLOW_OVERAGES = 7005,
    /// `max_overages`.
    LS_CONSUMPTION_MAX_OVERAGES = 7006,
    /// `reset_consumption`.
    LS_CONSUMPTION_RESET_CONSUMPTION = 7007,
    /// `consumption_period`.
    LS_CONSUMPTION_CONSUMPTION_PERIOD = 7008,
    /// `borrowed_until` (ISO 8601): the seat is this device's until then.
    LS_BORROW_BORROWED_UNTIL = 8000,
    /// `max_borrow_time` (hours).
    LS_BORROW_MAX_BORROW_TIME = 8001,
    /// `device_id`.
    LS_BORROW_DEVICE_ID = 8002,
    /// `license_id`.
    LS_BORROW_LICENSE_ID = 8003,
    /// The bundle's licenses (the whole answer), a list of `LS_KIND_LICENSE` results.
    LS_BUNDLE_LICENSES = 9000,
    /// The versions (the whole answer), a list of `LS_KIND_VERSION` results, oldest first.
    LS_VERSIONS_ITEMS = 10000,
    /// `version`.
    LS_VERSION_VERSION = 11000,
    /// `release_date`.
    LS_VERSION_RELEASE_DATE = 11001,
    /// `id`.
    LS_INSTALLATION_FILE_ID = 12000,
    /// `version`.
    LS_INSTALLATION_FILE_VERSION = 12001,
    /// `installation_file`: where to download the installer.
    LS_INSTALLATION_FILE_URL = 12002,
    /// `release_date`.
    LS_INSTALLATION_FILE_RELEASE_DATE = 12003,
    /// `hash_md5`.
    LS_INSTALLATION_FILE_HASH_MD5 = 12004,
    /// `sha256`.
    LS_INSTALLATION_FILE_SHA256 = 12005,
    /// `environment`, e.g. `linux64`.
    LS_INSTALLATION_FILE_ENVIRONMENT = 12006,
    /// `channel`.
    LS_INSTALLATION_FILE_CHANNEL = 12007,
    /// `size`.
    LS_INSTALLATION_FILE_SIZE = 12008,
    /// `eula_link`.
    LS_INSTALLATION_FILE_EULA_LINK = 12009,
    /// `release_notes_link`.
    LS_INSTALLATION_FILE_RELEASE_NOTES_LINK = 12010,
    /// `requires_version`: the version that must be installed first.
    LS_INSTALLATION_FILE_REQUIRES_VERSION = 12011,
    /// The variables (the whole answer), a list of `LS_KIND_DEVICE_VARIABLE` results.
    LS_DEVICE_VARIABLES_ITEMS = 13000,
    /// `id`.
    LS_DEVICE_VARIABLE_ID = 14000,
    /// `variable`: the name.
    LS_DEVICE_VARIABLE_NAME = 14001,
    /// `value`.
    LS_DEVICE_VARIABLE_VALUE = 14002,
    /// `device_id`.
    LS_DEVICE_VARIABLE_DEVICE_ID = 14003,
    /// `created_at`, as the server wrote it.
    LS_DEVICE_VARIABLE_CREATED_AT = 14004,
    /// The licenses (the whole answer), a list of `LS_KIND_USER_LICENSE` results.
    LS_USER_LICENSES_ITEMS = 15000,
    /// `license`: an `LS_KIND_LICENSE` result.
    LS_USER_LICENSE_LICENSE = 16000,
    /// `user`: an `LS_KIND_USER` result.
    LS_USER_LICENSE_USER = 16001,
    /// `id`.
    LS_USER_ID = 17000,
    /// `email`.
    LS_USER_EMAIL = 17001,
    /// `first_name`.
    LS_USER_FIRST_NAME = 17002,
    /// `last_name`.
    LS_USER_LAST_NAME = 17003,
    /// `phone_number`.
    LS_USER_PHONE_NUMBER = 17004,
    /// `is_initial_password`: the user never changed the first password.
    LS_USER_IS_INITIAL_PASSWORD = 17005,
    /// `max_activations`.
    LS_USER_MAX_ACTIVATIONS = 17006,
    /// `allow_unlimited_activations`.
    LS_USER_ALLOW_UNLIMITED_ACTIVATIONS = 17007,
    /// `total_activations`: the user's active devices.
    LS_USER_TOTAL_ACTIVATIONS = 17008,
    /// `license_id` (customer_license_users).
    LS_USER_LICENSE_ID = 17009,
    /// `is_active` (customer_license_users).
    LS_USER_IS_ACTIVE = 17010,
    /// `initial_password` (customer_license_users).
    LS_USER_INITIAL_PASSWORD = 17011,
    /// `order_store_id` (customer_license_users).
    LS_USER_ORDER_STORE_ID = 17012,
    /// `customer.email`.
    LS_CUSTOMER_USERS_CUSTOMER_EMAIL = 18000,
    /// `customer.first_name`.
    LS_CUSTOMER_USERS_CUSTOMER_FIRST_NAME = 18001,
    /// `customer.last_name`.
    LS_CUSTOMER_USERS_CUSTOMER_LAST_NAME = 18002,
    /// `customer.company_name`.
    LS_CUSTOMER_USERS_CUSTOMER_COMPANY_NAME = 18003,
    /// `users`: a list of `LS_KIND_USER` results.
    LS_CUSTOMER_USERS_USERS = 18004,
    /// `company.id`.
    LS_CUSTOMER_USERS_COMPANY_ID = 18005,
    /// `url`: the sign-in address.
    LS_SSO_URL_URL = 19000,
    /// `openid_configuration`, as JSON text.
    LS_SSO_URL_OPENID_CONFIGURATION = 19001,
}

/// The type of a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// A JSON boolean.
    Bool,
    /// A JSON integer (64-bit).
    Int,
    /// A JSON string.
    Str,
    /// A string as it is; any other JSON value as its JSON text.
    Text,
    /// Any JSON value, as its JSON text.
    Json,
    /// A JSON array of objects, each a result of this kind.
    List(Kind),
    /// A JSON object, itself a result of this kind.
    Object(Kind),
}

impl FieldType {
    /// The type's name in the ABI description (`ls_abi_describe`).
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Bool => "bool",
            FieldType::Int => "int",
            FieldType::Str => "string",
            FieldType::Text => "text",
            FieldType::Json => "json",
            FieldType::List(_) => "list",
            FieldType::Object(_) => "object",
        }
    }
}

/// One field's row.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub field: Field,
    /// The C name, e.g. `LS_LICENSE_KEY`.
    pub c_name: &'static str,
    /// Dot-separated path from the result's JSON object, e.g. `customer.email`; `""` is the
    /// whole document (a kind that is a list of results has one such field).
    pub path: &'static str,
    pub field_type: FieldType,
    /// A result without this field (absent or null) is `LS_ERR_UNEXPECTED_RESPONSE`.
    pub required: bool,
}

macro_rules! field_table {
    ($($field:ident, $path:expr, $ty:ident $(($kind:ident))?, $required:expr;)*) => {
        /// Every field, in numeric order.
        pub const FIELDS: &[FieldSpec] = &[$(FieldSpec {
            field: Field::$field,
            c_name: stringify!($field),
            path: $path,
            field_type: FieldType::$ty$((Kind::$kind))?,
            required: $required,
        }),*];

        impl Field {
            /// The constant's name as in the C header. The match is exhaustive, so a variant
            /// without a row does not compile.
            pub fn c_name(self) -> &'static str {
                match self {
                    $(Field::$field => stringify!($field),)*
                }
            }
        }
    };
}

field_table! {
LS_LICENSE_ID, "id", Int, true;
LS_LICENSE_KEY, "license_key", Str, false;
LS_LICENSE_TYPE, "license_type", Str, false;
LS_LICENSE_ACTIVE, "license_active", Bool, false;
LS_LICENSE_ENABLED, "license_enabled", Bool, false;
LS_LICENSE_EXPIRED, "is_expired", Bool, false;
LS_LICENSE_TRIAL, "is_trial", Bool, false;
LS_LICENSE_TRIAL_DAYS, "trial_days", Int, false;
LS_LICENSE_VALIDITY_PERIOD, "validity_period", Str, false;
LS_LICENSE_START_DATE, "start_date", Str, false;
LS_LICENSE_MAINTENANCE_PERIOD, "maintenance_period", Str, false;
LS_LICENSE_TIMES_ACTIVATED, "times_activated", Int, false;
LS_LICENSE_MAX_ACTIVATIONS, "max_activations", Int, false;
LS_LICENSE_ALLOW_UNLIMITED_ACTIVATIONS, "allow_unlimited_activations", Bool, false;
LS_LICENSE_TRANSFER_COUNT, "transfer_count", Int, false;
LS_LICENSE_MAX_TRANSFERS, "max_transfers", Int, false;
LS_LICENSE_MAX_LICENSE_USERS, "max_license_users", Int, false;
LS_LICENSE_PREVENT_VM, "prevent_vm", Bool, false;
LS_LICENSE_ALLOW_OFFLINE_ACTIVATION, "allow_offline_activation", Bool, false;
LS_LICENSE_IS_AIR_GAPPED, "is_air_gapped", Bool, false;
LS_LICENSE_ALLOW_GRACE_PERIOD, "allow_grace_period", Bool, false;
LS_LICENSE_GRACE_PERIOD, "grace_period", Int, false;
LS_LICENSE_IS_FLOATING, "is_floating", Bool, false;
LS_LICENSE_IS_FLOATING_CLOUD, "is_floating_cloud", Bool, false;
LS_LICENSE_FLOATING_TIMEOUT, "floating_timeout", Int, false;
LS_LICENSE_FLOATING_USERS, "floating_users", Int, false;
LS_LICENSE_FLOATING_IN_USE_DEVICES, "floating_in_use_devices", Int, false;
LS_LICENSE_CAN_BORROW, "can_borrow", Bool, false;
LS_LICENSE_IS_BORROWED, "is_borrowed", Bool, false;
LS_LICENSE_BORROWED_UNTIL, "borrowed_until", Str, false;
LS_LICENSE_MAX_BORROW_TIME, "max_borrow_time", Int, false;
LS_LICENSE_MAX_CONSUMPTIONS, "max_consumptions", Int, false;
LS_LICENSE_TOTAL_CONSUMPTIONS, "total_consumptions", Int, false;
LS_LICENSE_ALLOW_UNLIMITED_CONSUMPTIONS, "allow_unlimited_consumptions", Bool, false;
LS_LICENSE_ALLOW_NEGATIVE_CONSUMPTIONS, "allow_negative_consumptions", Bool, false;
LS_LICENSE_ALLOW_OVERAGES, "allow_overages", Bool, false;
LS_LICENSE_MAX_OVERAGES, "max_overages", Int, false;
LS_LICENSE_RESET_CONSUMPTION, "reset_consumption", Bool, false;
LS_LICENSE_CONSUMPTION_PERIOD, "consumption_period", Str, false;
LS_LICENSE_ORDER_STORE_ID, "order_store_id", Text, false;
LS_LICENSE_DEVICE_ID, "device_id", Int, false;
LS_LICENSE_HARDWARE_ID, "hardware_id", Str, false;
LS_LICENSE_METADATA, "metadata", Json, false;
LS_LICENSE_VARIABLES, "variables", Json, false;
LS_LICENSE_FEATURES, "product_features", List(LS_KIND_FEATURE), false;
LS_LICENSE_CUSTOM_FIELDS, "custom_fields", List(LS_KIND_CUSTOM_FIELD), false;
LS_LICENSE_CUSTOMER_EMAIL, "customer.email", Str, false;
LS_LICENSE_CUSTOMER_FIRST_NAME, "customer.first_name", Str, false;
LS_LICENSE_CUSTOMER_LAST_NAME, "customer.last_name", Str, false;
LS_LICENSE_CUSTOMER_COMPANY_NAME, "customer.company_name", Str, false;
LS_LICENSE_CUSTOMER_REFERENCE, "customer.reference", Text, false;
LS_LICENSE_CUSTOMER_PHONE, "customer.phone", Text, false;
LS_LICENSE_CUSTOMER_ACCOUNT, "customer.customer_account", Json, false;
LS_LICENSE_CUSTOMER_METADATA, "customer.metadata", Json, false;
LS_LICENSE_USER_ID, "user.id", Int, false;
LS_LICENSE_USER_EMAIL, "user.email", Str, false;
LS_LICENSE_USER_FIRST_NAME, "user.first_name", Str, false;
LS_LICENSE_USER_LAST_NAME, "user.last_name", Str, false;
LS_LICENSE_PRODUCT_ID, "product_details.product_id", Int, false;
LS_LICENSE_PRODUCT_NAME, "product_details.product_name", Str, false;
LS_LICENSE_PRODUCT_SHORT_CODE, "product_details.short_code", Str, false;
LS_LICENSE_AUTHORIZATION_METHOD, "product_details.authorization_method", Str, false;
LS_LICENSE_SIGNATURE, "license_signature", Str, false;
LS_LICENSE_COMPANY_ID, "company.id", Int, false;
LS_FEATURE_ID, "id", Int, false;
LS_FEATURE_CODE, "code", Str, true;
LS_FEATURE_NAME, "name", Str, false;
LS_FEATURE_TYPE, "feature_type", Str, false;
LS_FEATURE_EXPIRY_DATE, "expiry_date", Str, false;
LS_FEATURE_METADATA, "metadata", Json, false;
LS_FEATURE_IS_FLOATING, "is_floating", Bool, false;
LS_FEATURE_IS_FLOATING_CLOUD, "is_floating_cloud", Bool, false;
LS_FEATURE_FLOATING_TIMEOUT, "floating_timeout", Int, false;
LS_FEATURE_FLOATING_USERS, "floating_users", Int, false;
LS_FEATURE_FLOATING_IN_USE_DEVICES, "floating_in_use_devices", Int, false;
LS_FEATURE_MAX_CONSUMPTION, "max_consumption", Int, false;
LS_FEATURE_TOTAL_CONSUMPTIONS, "total_consumptions", Int, false;
LS_FEATURE_ALLOW_OVERAGES, "allow_overages", Bool, false;
LS_FEATURE_MAX_OVERAGES, "max_overages", Int, false;
LS_FEATURE_ALLOW_UNLIMITED_CONSUMPTIONS, "allow_unlimited_consumptions", Bool, false;
LS_FEATURE_ALLOW_NEGATIVE_CONSUMPTIONS, "allow_negative_consumptions", Bool, false;
LS_FEATURE_RESET_CONSUMPTION, "reset_consumption", Bool, false;
LS_FEATURE_CONSUMPTION_PERIOD, "consumption_period", Str, false;
LS_FEATURE_CAN_BORROW, "can_borrow", Bool, false;
LS_FEATURE_MAX_BORROW_TIME, "max_borrow_time", Int, false;
LS_FEATURE_IS_BORROWED, "is_borrowed", Bool, false;
LS_FEATURE_BORROWED_UNTIL, "borrowed_until", Str, false;
LS_FEATURE_LICENSE_ID, "license_id", Int, false;
LS_FEATURE_DEVICE_ID, "device_id", Int, false;
LS_FEATURE_METADATA_STRING, "metadata_string", Str, false;
LS_CUSTOM_FIELD_NAME, "name", Str, true;
LS_CUSTOM_FIELD_VALUE, "value", Text, false;
LS_CUSTOM_FIELD_DATA_TYPE, "data_type", Str, false;
LS_PRODUCT_ID, "product_id", Int, true;
LS_PRODUCT_NAME, "product_name", Str, false;
LS_PRODUCT_SHORT_CODE, "short_code", Str, false;
LS_PRODUCT_ALLOW_TRIAL, "allow_trial", Bool, false;
LS_PRODUCT_TRIAL_DAYS, "trial_days", Int, false;
LS_PRODUCT_AUTHORIZATION_METHOD, "authorization_method", Str, false;
LS_PRODUCT_FLOATING_TIMEOUT, "floating_timeout", Int, false;
LS_PRODUCT_ALLOW_OVERAGES, "allow_overages", Bool, false;
LS_PRODUCT_MAX_OVERAGES, "max_overages", Int, false;
LS_PRODUCT_PREVENT_VM, "prevent_vm", Bool, false;
LS_PRODUCT_METADATA, "metadata", Json, false;
LS_PRODUCT_COMPANY_ID, "company.id", Int, false;
LS_PRODUCT_LATEST_VERSION, "latest_version", Json, false;
LS_PRODUCT_CUSTOM_FIELDS, "custom_fields", List(LS_KIND_PRODUCT_CUSTOM_FIELD), false;
LS_PRODUCT_CUSTOM_FIELD_ID, "id", Int, false;
LS_PRODUCT_CUSTOM_FIELD_NAME, "name", Str, true;
LS_PRODUCT_CUSTOM_FIELD_DEFAULT_VALUE, "default_value", Text, false;
LS_TRIAL_IS_TRIAL, "is_trial", Bool, true;
LS_TRIAL_LICENSE_TYPE, "license_type", Str, false;
LS_TRIAL_KEY, "license", Str, false;
LS_TRIAL_LICENSE_USER, "license_user", Str, false;
LS_TRIAL_INITIAL_PASSWORD, "initial_password", Str, false;
LS_TRIAL_LICENSE_USER_ID, "license_user_id", Int, false;
LS_TRIAL_ID, "id", Int, false;
LS_TRIAL_TRIAL_DAYS, "trial_days", Int, false;
LS_TRIAL_VALIDITY_PERIOD, "validity_period", Str, false;
LS_TRIAL_MAX_ACTIVATIONS, "max_activations", Int, false;
LS_CONSUMPTION_ID, "id", Int, false;
LS_CONSUMPTION_MAX_CONSUMPTIONS, "max_consumptions", Int, false;
LS_CONSUMPTION_TOTAL_CONSUMPTIONS, "total_consumptions", Int, true;
LS_CONSUMPTION_ALLOW_UNLIMITED_CONSUMPTIONS, "allow_unlimited_consumptions", Bool, false;
LS_CONSUMPTION_ALLOW_NEGATIVE_CONSUMPTIONS, "allow_negative_consumptions", Bool, false;
LS_CONSUMPTION_ALLOW_OVERAGES, "allow_overages", Bool, false;
LS_CONSUMPTION_MAX_OVERAGES, "max_overages", Int, false;
LS_CONSUMPTION_RESET_CONSUMPTION, "reset_consumption", Bool, false;
LS_CONSUMPTION_CONSUMPTION_PERIOD, "consumption_period", Str, false;
LS_BORROW_BORROWED_UNTIL, "borrowed_until", Str, true;
LS_BORROW_MAX_BORROW_TIME, "max_borrow_time", Int, false;
LS_BORROW_DEVICE_ID, "device_id", Int, false;
LS_BORROW_LICENSE_ID, "license_id", Int, false;
LS_BUNDLE_LICENSES, "", List(LS_KIND_LICENSE), false;
LS_VERSIONS_ITEMS, "", List(LS_KIND_VERSION), false;
LS_VERSION_VERSION, "version", Str, true;
LS_VERSION_RELEASE_DATE, "release_date", Text, false;
LS_INSTALLATION_FILE_ID, "id", Int, false;
LS_INSTALLATION_FILE_VERSION, "version", Str, true;
LS_INSTALLATION_FILE_URL, "installation_file", Str, false;
LS_INSTALLATION_FILE_RELEASE_DATE, "release_date", Text, false;
LS_INSTALLATION_FILE_HASH_MD5, "hash_md5", Text, false;
LS_INSTALLATION_FILE_SHA256, "sha256", Text, false;
LS_INSTALLATION_FILE_ENVIRONMENT, "environment", Text, false;
LS_INSTALLATION_FILE_CHANNEL, "channel", Text, false;
LS_INSTALLATION_FILE_SIZE, "size", Text, false;
LS_INSTALLATION_FILE_EULA_LINK, "eula_link", Text, false;
LS_INSTALLATION_FILE_RELEASE_NOTES_LINK, "release_notes_link", Text, false;
LS_INSTALLATION_FILE_REQUIRES_VERSION, "requires_version", Text, false;
LS_DEVICE_VARIABLES_ITEMS, "", List(LS_KIND_DEVICE_VARIABLE), false;
LS_DEVICE_VARIABLE_ID, "id", Int, false;
LS_DEVICE_VARIABLE_NAME, "variable", Str, true;
LS_DEVICE_VARIABLE_VALUE, "value", Text, false;
LS_DEVICE_VARIABLE_DEVICE_ID, "device_id", Int, false;
LS_DEVICE_VARIABLE_CREATED_AT, "created_at", Text, false;
LS_USER_LICENSES_ITEMS, "", List(LS_KIND_USER_LICENSE), false;
LS_USER_LICENSE_LICENSE, "license", Object(LS_KIND_LICENSE), true;
LS_USER_LICENSE_USER, "user", Object(LS_KIND_USER), false;
LS_USER_ID, "id", Int, false;
LS_USER_EMAIL, "email", Str, false;
LS_USER_FIRST_NAME, "first_name", Str, false;
LS_USER_LAST_NAME, "last_name", Str, false;
LS_USER_PHONE_NUMBER, "phone_number", Text, false;
LS_USER_IS_INITIAL_PASSWORD, "is_initial_password", Bool, false;
LS_USER_MAX_ACTIVATIONS, "max_activations", Int, false;
LS_USER_ALLOW_UNLIMITED_ACTIVATIONS, "allow_unlimited_activations", Bool, false;
LS_USER_TOTAL_ACTIVATIONS, "total_activations", Int, false;
LS_USER_LICENSE_ID, "license_id", Int, false;
LS_USER_IS_ACTIVE, "is_active", Bool, false;
LS_USER_INITIAL_PASSWORD, "initial_password", Str, false;
LS_USER_ORDER_STORE_ID, "order_store_id", Text, false;
LS_CUSTOMER_USERS_CUSTOMER_EMAIL, "customer.email", Str, false;
LS_CUSTOMER_USERS_CUSTOMER_FIRST_NAME, "customer.first_name", Str, false;
LS_CUSTOMER_USERS_CUSTOMER_LAST_NAME, "customer.last_name", Str, false;
LS_CUSTOMER_USERS_CUSTOMER_COMPANY_NAME, "customer.company_name", Str, false;
LS_CUSTOMER_USERS_USERS, "users", List(LS_KIND_USER), false;
LS_CUSTOMER_USERS_COMPANY_ID, "company.id", Int, false;
LS_SSO_URL_URL, "url", Str, true;
LS_SSO_URL_OPENID_CONFIGURATION, "openid_configuration", Json, false;
}

impl Field {
    /// The field with this number, if any.
    pub fn from_u32(n: u32) -> Option<Field> {
        let spec = Kind::from_u32(n / 1000)?
            .fields()
            .get((n % 1000) as usize)?;
        (spec.field as u32 == n).then_some(spec.field)
    }

    /// The kind of result this field belongs to.
    pub fn kind(self) -> Kind {
        Kind::from_u32(self as u32 / 1000).expect("every field number is kind * 1000 + position")
    }

    /// The field's slot in a result of its kind.
    pub fn position(self) -> usize {
        (self as u32 % 1000) as usize
    }

    /// This field's row.
    pub fn spec(self) -> &'static FieldSpec {
        &self.kind().fields()[self.position()]
    }

    /// The field's name in every language: the C name without `LS_<KIND>_`, in lower case
    /// (`LS_LICENSE_CUSTOMER_EMAIL` → `customer_email`).
    pub fn name(self) -> String {
        let prefix = format!("LS_{}_", &self.kind().c_name()["LS_KIND_".len()..]);
        self.c_name()[prefix.len()..].to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_kind_and_position() {
        for kind in Kind::ALL {
            let fields = kind.fields();
            assert!(!fields.is_empty(), "{kind:?} has fields");
            for (i, spec) in fields.iter().enumerate() {
                let n = spec.field as u32;
                assert_eq!(n, *kind as u32 * 1000 + i as u32, "{}", spec.c_name);
                assert_eq!(Field::from_u32(n), Some(spec.field));
                assert_eq!(spec.field.spec().c_name, spec.c_name);
                assert_eq!(spec.field.c_name(), spec.c_name);
                let prefix = format!("LS_{}_", &kind.c_name()["LS_KIND_".len()..]);
                assert!(
                    spec.c_name.starts_with(&prefix),
                    "{} starts with {prefix}",
                    spec.c_name
                );
                assert!(!spec.field.name().is_empty());
            }
        }
        assert_eq!(
            FIELDS.len(),
            Kind::ALL.iter().map(|k| k.fields().len()).sum::<usize>()
        );
        assert!(
            FIELDS.windows(2).all(|w| w[0].field < w[1].field),
            "FIELDS is sorted"
        );
        assert_eq!(Field::from_u32(0), None);
        assert_eq!(Field::from_u32(1999), None);
    }

    #[test]
    fn names() {
        assert_eq!(Field::LS_LICENSE_CUSTOMER_EMAIL.name(), "customer_email");
        assert_eq!(Field::LS_CUSTOM_FIELD_VALUE.name(), "value");
        assert_eq!(Kind::LS_KIND_CUSTOM_FIELD.name(), "custom_field");
    }
}
