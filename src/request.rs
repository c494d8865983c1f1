//! What a call sends: parameters by their License API name, typed, plus device variables.
//!
//! One table ([`Param`] and its rows below) names every parameter the library can send, its
//! wire name and its type. Which parameters an operation sends, and which it requires, is the
//! operation table's business (`operation.rs`); a request may be reused for several operations
//! and each sends only what it accepts.

use crate::error::{Error, Result};
use crate::operation::{Operation, Scope, Variables};
use std::collections::BTreeMap;
use std::fmt;

/// A request parameter, by the name the License API gives it. Numbers are stable.
#[repr(u32)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Param {
    /// `product` (string): the product's short code.
    LS_PARAM_PRODUCT = 0,
    /// `hardware_id` (string): the device's ID; see `ls_hardware_id`.
    LS_PARAM_HARDWARE_ID = 1,
    /// `license_key` (string): identity for key-based products.
    LS_PARAM_LICENSE_KEY = 2,
    /// `username` (string): identity for user-based products.
    LS_PARAM_USERNAME = 3,
    /// `password` (string, secret): the license user's password.
    LS_PARAM_PASSWORD = 4,
    /// `id_token` (string, secret): SSO implicit grant (with `customer_account_code`).
    LS_PARAM_ID_TOKEN = 5,
    /// `code` (string, secret): SSO authorization code grant (with `customer_account_code`).
    LS_PARAM_CODE = 6,
    /// `customer_account_code` (string): the SSO customer account.
    LS_PARAM_CUSTOMER_ACCOUNT_CODE = 7,
    /// `vm_info` (string): virtual machine details.
    LS_PARAM_VM_INFO = 8,
    /// `os_ver` (string): operating system version.
    LS_PARAM_OS_VER = 9,
    /// `hostname` (string): device host name.
    LS_PARAM_HOSTNAME = 10,
    /// `os_hostname` (string): the OS's host name.
    LS_PARAM_OS_HOSTNAME = 11,
    /// `ip` (string): IP address.
    LS_PARAM_IP = 12,
    /// `ip_local` (string): local IP address.
    LS_PARAM_IP_LOCAL = 13,
    /// `app_ver` (string): application version (overrides the config's).
    LS_PARAM_APP_VER = 14,
    /// `mac_address` (string): MAC address.
    LS_PARAM_MAC_ADDRESS = 15,
    /// `license_id` (integer): pins the call to one license when a user has several.
    LS_PARAM_LICENSE_ID = 16,
    /// `is_vm` (boolean): whether the device is a virtual machine.
    LS_PARAM_IS_VM = 17,
    /// `consumptions` (integer): consumptions to report (may be negative).
    LS_PARAM_CONSUMPTIONS = 18,
    /// `include_expired_features` (boolean): also list features whose expiry date has passed.
    LS_PARAM_INCLUDE_EXPIRED_FEATURES = 19,
    /// `env` (string): the environment, e.g. `win64`, `linux`, `mac`.
    LS_PARAM_ENV = 20,
    /// `feature` (string): a feature's code.
    LS_PARAM_FEATURE = 21,
    /// `max_overages` (integer): overages the caller allows (add_consumption).
    LS_PARAM_MAX_OVERAGES = 22,
    /// `allow_overages` (boolean): whether overages are allowed (add_consumption).
    LS_PARAM_ALLOW_OVERAGES = 23,
    /// `borrowed_until` (string, ISO 8601 UTC): end of a borrow; unset means the longest the license allows.
    LS_PARAM_BORROWED_UNTIL = 24,
    /// `email` (string): the trial user's email.
    LS_PARAM_EMAIL = 25,
    /// `first_name` (string): the trial customer's first name.
    LS_PARAM_FIRST_NAME = 26,
    /// `last_name` (string).
    LS_PARAM_LAST_NAME = 27,
    /// `phone` (string).
    LS_PARAM_PHONE = 28,
    /// `address` (string).
    LS_PARAM_ADDRESS = 29,
    /// `postcode` (string).
    LS_PARAM_POSTCODE = 30,
    /// `state` (string).
    LS_PARAM_STATE = 31,
    /// `country` (string).
    LS_PARAM_COUNTRY = 32,
    /// `city` (string).
    LS_PARAM_CITY = 33,
    /// `reference` (string): the customer's reference.
    LS_PARAM_REFERENCE = 34,
    /// `company_name` (string).
    LS_PARAM_COMPANY_NAME = 35,
    /// `license_policy` (string): the trial's license policy code.
    LS_PARAM_LICENSE_POLICY = 36,
    /// `include_latest_version` (boolean): product details include the latest version.
    LS_PARAM_INCLUDE_LATEST_VERSION = 37,
    /// `include_custom_fields` (boolean): product details include the product's custom fields.
    LS_PARAM_INCLUDE_CUSTOM_FIELDS = 38,
    /// `include_metadata_string` (boolean): a feature check includes the metadata as text.
    LS_PARAM_INCLUDE_METADATA_STRING = 39,
    /// `bundle_code` (string): the bundle the license belongs to.
    LS_PARAM_BUNDLE_CODE = 40,
    /// `event` (string): a label for a consumption.
    LS_PARAM_EVENT = 41,
    /// `channel` (string): a release channel, e.g. `stable` (versions, installation_file).
    LS_PARAM_CHANNEL = 42,
    /// `version` (string): a version (installation_file; unset means the latest allowed).
    LS_PARAM_VERSION = 43,
    /// `customer` (string): the customer's email (customer_license_users).
    LS_PARAM_CUSTOMER = 44,
    /// `response_type` (string): `token` or `code` (sso_url).
    LS_PARAM_RESPONSE_TYPE = 45,
    /// `redirect_uri` (string): where the sign-in returns to (sso_url).
    LS_PARAM_REDIRECT_URI = 46,
    /// `new_password` (string, secret): the license user's new password (change_password).
    LS_PARAM_NEW_PASSWORD = 47,
}

/// The type of a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    String,
    Int,
    Bool,
}

impl ParamType {
    /// The type's name in the ABI description (`ls_abi_describe`).
    pub fn name(self) -> &'static str {
        match self {
            ParamType::String => "string",
            ParamType::Int => "int",
            ParamType::Bool => "bool",
        }
    }
}

/// One row per parameter, in numeric order: the variant, its wire name, its type and whether it
/// is a secret (never shown in messages or `Debug`). A variant without a row does not compile.
macro_rules! param_table {
    ($($param:ident, $wire:expr, $ty:ident, $secret:expr;)*) => {
        impl Param {
            /// Every parameter, in numeric order.
            pub const ALL: &'static [Param] = &[$(Param::$param),*];

            fn row(self) -> (&'static str, &'static str, ParamType, bool) {
                match self {
                    $(Param::$param => (stringify!($param), $wire, ParamType::$ty, $secret),)*
                }
            }
        }
    };
}

param_table! {
    LS_PARAM_PRODUCT, "product", String, false;
    LS_PARAM_HARDWARE_ID, "hardware_id", String, false;
    LS_PARAM_LICENSE_KEY, "license_key", String, false;
    LS_PARAM_USERNAME, "username", String, false;
    LS_PARAM_PASSWORD, "password", String, true;
    LS_PARAM_ID_TOKEN, "id_token", String, true;
    LS_PARAM_CODE, "code", String, true;
    LS_PARAM_CUSTOMER_ACCOUNT_CODE, "customer_account_code", String, false;
    LS_PARAM_VM_INFO, "vm_info", String, false;
    LS_PARAM_OS_VER, "os_ver", String, false;
    LS_PARAM_HOSTNAME, "hostname", String, false;
    LS_PARAM_OS_HOSTNAME, "os_hostname", String, false;
    LS_PARAM_IP, "ip", String, false;
    LS_PARAM_IP_LOCAL, "ip_local", String, false;
    LS_PARAM_APP_VER, "app_ver", String, false;
    LS_PARAM_MAC_ADDRESS, "mac_address", String, false;
    LS_PARAM_LICENSE_ID, "license_id", Int, false;
    LS_PARAM_IS_VM, "is_vm", Bool, false;
    LS_PARAM_CONSUMPTIONS, "consumptions", Int, false;
    LS_PARAM_INCLUDE_EXPIRED_FEATURES, "include_expired_features", Bool, false;
    LS_PARAM_ENV, "env", String, false;
    LS_PARAM_FEATURE, "feature", String, false;
    LS_PARAM_MAX_OVERAGES, "max_overages", Int, false;
    LS_PARAM_ALLOW_OVERAGES, "allow_overages", Bool, false;
    LS_PARAM_BORROWED_UNTIL, "borrowed_until", String, false;
    LS_PARAM_EMAIL, "email", String, false;
    LS_PARAM_FIRST_NAME, "first_name", String, false;
    LS_PARAM_LAST_NAME, "last_name", String, false;
    LS_PARAM_PHONE, "phone", String, false;
    LS_PARAM_ADDRESS, "address", String, false;
    LS_PARAM_POSTCODE, "postcode", String, false;
    LS_PARAM_STATE, "state", String, false;
    LS_PARAM_COUNTRY, "country", String, false;
    LS_PARAM_CITY, "city", String, false;
    LS_PARAM_REFERENCE, "reference", String, false;
    LS_PARAM_COMPANY_NAME, "company_name", String, false;
    LS_PARAM_LICENSE_POLICY, "license_policy", String, false;
    LS_PARAM_INCLUDE_LATEST_VERSION, "include_latest_version", Bool, false;
    LS_PARAM_INCLUDE_CUSTOM_FIELDS, "include_custom_fields", Bool, false;
    LS_PARAM_INCLUDE_METADATA_STRING, "include_metadata_string", Bool, false;
    LS_PARAM_BUNDLE_CODE, "bundle_code", String, false;
    LS_PARAM_EVENT, "event", String, false;
    LS_PARAM_CHANNEL, "channel", String, false;
    LS_PARAM_VERSION, "version", String, false;
    LS_PARAM_CUSTOMER, "customer", String, false;
    LS_PARAM_RESPONSE_TYPE, "response_type", String, false;
    LS_PARAM_REDIRECT_URI, "redirect_uri", String, false;
    LS_PARAM_NEW_PASSWORD, "new_password", String, true;
}

use Param::*;

impl Param {
    /// The parameter with this number, if any.
    pub fn from_u32(n: u32) -> Option<Param> {
        Param::ALL.get(n as usize).copied()
    }

    /// The constant's name as in the C header, e.g. `"LS_PARAM_LICENSE_KEY"`.
    pub fn name(self) -> &'static str {
        self.row().0
    }

    /// The parameter's name on the wire.
    pub fn wire_name(self) -> &'static str {
        self.row().1
    }

    /// The type of the parameter's value.
    pub fn param_type(self) -> ParamType {
        self.row().2
    }

    /// Whether the value is a credential that must never appear in messages or logs.
    pub fn is_secret(self) -> bool {
        self.row().3
    }
}

/// A parameter's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    String(String),
    Int(i64),
    Bool(bool),
}

impl ParamValue {
    fn param_type(&self) -> ParamType {
        match self {
            ParamValue::String(_) => ParamType::String,
            ParamValue::Int(_) => ParamType::Int,
            ParamValue::Bool(_) => ParamType::Bool,
        }
    }

    fn to_json(&self) -> serde_json::Value {
        match self {
            ParamValue::String(s) => serde_json::Value::String(s.clone()),
            ParamValue::Int(n) => serde_json::Value::from(*n),
            ParamValue::Bool(b) => serde_json::Value::Bool(*b),
        }
    }

    fn to_query(&self) -> String {
        match self {
            ParamValue::String(s) => s.clone(),
            ParamValue::Int(n) => n.to_string(),
            ParamValue::Bool(b) => b.to_string(),
        }
    }
}

/// The parameters an operation sends, as a list of groups (see `operation.rs`).
#[derive(Debug, Clone, Copy)]
pub struct ParamSet<'a>(pub &'a [&'a [Param]]);

impl ParamSet<'_> {
    /// Whether the set holds `param`.
    pub fn contains(&self, param: Param) -> bool {
        self.0.iter().any(|group| group.contains(&param))
    }
}

/// A request: typed parameters and device variables. It is validated against the operation
/// before anything is sent, and may be reused for several calls.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Request {
    params: BTreeMap<Param, ParamValue>,
    variables: BTreeMap<String, String>,
}

impl fmt::Debug for Request {
    // Passwords and SSO tokens are secrets: never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Request");
        for (param, value) in &self.params {
            if param.is_secret() {
                d.field(param.wire_name(), &"<redacted>");
            } else {
                d.field(param.wire_name(), value);
            }
        }
        d.field("variables", &self.variables).finish()
    }
}

/// Which way the request proves the right to use a license.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    LicenseKey,
    User,
    SsoIdToken,
    SsoCode,
}

impl Request {
    /// A request for `product` on the device `hardware_id`; add an identity before sending a
    /// license call.
    pub fn new(product: &str, hardware_id: &str) -> Request {
        let mut r = Request::default();
        r.set(LS_PARAM_PRODUCT, ParamValue::String(product.to_owned()))
            .and_then(|r| {
                r.set(
                    LS_PARAM_HARDWARE_ID,
                    ParamValue::String(hardware_id.to_owned()),
                )
            })
            .expect("product and hardware_id are string parameters");
        r
    }

    /// Sets a parameter. The value's type must be the parameter's; an empty string clears a
    /// string parameter.
    pub fn set(&mut self, param: Param, value: ParamValue) -> Result<&mut Self> {
        if value.param_type() != param.param_type() {
            return Err(Error::invalid_argument(format!(
                "{} is a {} parameter, not {}",
                param.wire_name(),
                param.param_type().name(),
                value.param_type().name()
            )));
        }
        match value {
            ParamValue::String(s) if s.is_empty() => {
                self.params.remove(&param);
            }
            value => {
                self.params.insert(param, value);
            }
        }
        Ok(self)
    }

    /// Removes a parameter, whatever its type.
    pub fn clear(&mut self, param: Param) -> &mut Self {
        self.params.remove(&param);
        self
    }

    /// The value of a parameter, if set.
    pub fn get(&self, param: Param) -> Option<&ParamValue> {
        self.params.get(&param)
    }

    /// The value of a string parameter, if set.
    pub fn get_str(&self, param: Param) -> Option<&str> {
        match self.params.get(&param) {
            Some(ParamValue::String(s)) => Some(s),
            _ => None,
        }
    }

    /// Builder form of [`Request::set`] for a string parameter.
    ///
    /// # Panics
    /// If `param` is not a string parameter.
    pub fn with(mut self, param: Param, value: &str) -> Self {
        self.set(param, ParamValue::String(value.to_owned()))
            .expect("with() takes a string parameter");
        self
    }

    /// Identity for key-based products.
    pub fn license_key(self, key: &str) -> Self {
        self.with(LS_PARAM_LICENSE_KEY, key)
    }

    /// Identity for user-based products.
    pub fn user(self, username: &str, password: &str) -> Self {
        self.with(LS_PARAM_USERNAME, username)
            .with(LS_PARAM_PASSWORD, password)
    }

    /// SSO implicit grant identity.
    pub fn sso_id_token(self, id_token: &str, customer_account_code: &str) -> Self {
        self.with(LS_PARAM_ID_TOKEN, id_token)
            .with(LS_PARAM_CUSTOMER_ACCOUNT_CODE, customer_account_code)
    }

    /// SSO authorization code grant identity.
    pub fn sso_code(self, code: &str, customer_account_code: &str) -> Self {
        self.with(LS_PARAM_CODE, code)
            .with(LS_PARAM_CUSTOMER_ACCOUNT_CODE, customer_account_code)
    }

    /// Sets a device variable, sent by the operations that take variables. The name must not be
    /// empty; setting a name again replaces its value.
    pub fn set_variable(&mut self, name: &str, value: &str) -> Result<&mut Self> {
        if name.is_empty() {
            return Err(Error::invalid_argument("variable name must not be empty"));
        }
        self.variables.insert(name.to_owned(), value.to_owned());
        Ok(self)
    }

    fn has(&self, param: Param) -> bool {
        self.params.contains_key(&param)
    }

    /// Checks the request is complete and unambiguous for `operation`: its scope (product,
    /// device, one identity), the parameters it requires, and a password where it needs one.
    /// For a license-scoped operation returns which identity the request uses.
    pub fn validate(&self, operation: Operation) -> Result<Option<Identity>> {
        let spec = operation.spec();
        if spec.scope != Scope::Global && !self.has(LS_PARAM_PRODUCT) {
            return Err(Error::invalid_argument("product is required"));
        }
        if matches!(spec.scope, Scope::Device | Scope::License) && !self.has(LS_PARAM_HARDWARE_ID) {
            return Err(Error::invalid_argument("hardware_id is required"));
        }
        let identity = match spec.scope {
            Scope::License | Scope::User => Some(self.identity(spec.password_required)?),
            Scope::Global | Scope::Product | Scope::Device => None,
        };
        if let Some(missing) = spec.required.iter().find(|p| !self.has(**p)) {
            return Err(Error::invalid_argument(format!(
                "{} is required by {}",
                missing.wire_name(),
                spec.name
            )));
        }
        if spec.variables == Variables::Required && self.variables.is_empty() {
            return Err(Error::invalid_argument(format!(
                "{} needs at least one device variable",
                spec.name
            )));
        }
        Ok(identity)
    }

    fn identity(&self, password_required: bool) -> Result<Identity> {
        let has = |p: Param| self.has(p);
        if has(LS_PARAM_ID_TOKEN) && has(LS_PARAM_CODE) {
            return Err(Error::invalid_argument(
                "id_token and code are mutually exclusive: set only one",
            ));
        }
        let mut identities = Vec::new();
        if has(LS_PARAM_LICENSE_KEY) {
            identities.push(Identity::LicenseKey);
        }
        if has(LS_PARAM_USERNAME) {
            identities.push(Identity::User);
        }
        if has(LS_PARAM_ID_TOKEN) {
            identities.push(Identity::SsoIdToken);
        }
        if has(LS_PARAM_CODE) {
            identities.push(Identity::SsoCode);
        }
        let identity = match identities.as_slice() {
            [one] => *one,
            [] => {
                if has(LS_PARAM_PASSWORD) {
                    return Err(Error::invalid_argument(
                        "password is set but username is missing",
                    ));
                }
                return Err(Error::invalid_argument(
                    "an identity is required: license_key, username + password, \
                     id_token + customer_account_code, or code + customer_account_code",
                ));
            }
            _ => {
                return Err(Error::invalid_argument(
                    "more than one identity is set: use only one of license_key, username, id_token, code",
                ))
            }
        };
        let sso = matches!(identity, Identity::SsoIdToken | Identity::SsoCode);
        if sso && !has(LS_PARAM_CUSTOMER_ACCOUNT_CODE) {
            return Err(Error::invalid_argument(
                "customer_account_code is required with id_token or code",
            ));
        }
        if !sso && has(LS_PARAM_CUSTOMER_ACCOUNT_CODE) {
            return Err(Error::invalid_argument(
                "customer_account_code is only used with id_token or code",
            ));
        }
        if identity == Identity::User && password_required && !has(LS_PARAM_PASSWORD) {
            return Err(Error::invalid_argument(
                "password is required with username",
            ));
        }
        if identity != Identity::User && has(LS_PARAM_PASSWORD) {
            return Err(Error::invalid_argument(
                "password is only used with username",
            ));
        }
        Ok(identity)
    }

    /// The parameters an operation sends: those set among `accepted`, then `app_ver` from the
    /// config when the request has none, then `sdk_ver`.
    fn sent<'a>(
        &'a self,
        accepted: ParamSet<'a>,
        app_version: Option<&'a str>,
    ) -> impl Iterator<Item = (&'static str, ParamValue)> + 'a {
        let set = self
            .params
            .iter()
            .filter(move |(p, _)| accepted.contains(**p))
            .map(|(p, v)| (p.wire_name(), v.clone()));
        let app = app_version
            .filter(|_| accepted.contains(LS_PARAM_APP_VER) && !self.has(LS_PARAM_APP_VER))
            .map(|app| ("app_ver", ParamValue::String(app.to_owned())));
        set.chain(app)
    }

    /// The JSON body a POST operation sending `accepted` would send.
    pub fn to_json(
        &self,
        accepted: ParamSet<'_>,
        app_version: Option<&str>,
        sdk_version: &str,
        with_variables: bool,
    ) -> Vec<u8> {
        use serde_json::{Map, Value};
        let mut body: Map<String, Value> = self
            .sent(accepted, app_version)
            .map(|(name, v)| (name.to_owned(), v.to_json()))
            .collect();
        body.insert("sdk_ver".into(), Value::String(sdk_version.to_owned()));
        if with_variables && !self.variables.is_empty() {
            let vars = self
                .variables
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            body.insert("variables".into(), Value::Object(vars));
        }
        serde_json::to_vec(&Value::Object(body)).expect("a JSON map of scalars serialises")
    }

    /// The query parameters a GET operation sending `accepted` would send.
    pub fn to_query(
        &self,
        accepted: ParamSet<'_>,
        app_version: Option<&str>,
        sdk_version: &str,
    ) -> Vec<(&'static str, String)> {
        let mut q: Vec<(&'static str, String)> = self
            .sent(accepted, app_version)
            .map(|(name, v)| (name, v.to_query()))
            .collect();
        q.push(("sdk_ver", sdk_version.to_owned()));
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::Status;

    use Operation::*;

    fn msg(r: &Request) -> String {
        let e = r.validate(LS_OP_ACTIVATE).unwrap_err();
        assert_eq!(e.status(), Status::LS_ERR_INVALID_ARGUMENT);
        e.message().to_owned()
    }

    #[test]
    fn validation_names_the_field() {
        assert!(msg(&Request::default()).contains("product"));
        assert!(msg(&Request::new("p", "")).contains("hardware_id"));
        assert!(msg(&Request::new("p", "h")).contains("identity"));
        assert!(msg(&Request::new("p", "h")
            .sso_id_token("t", "c")
            .with(LS_PARAM_CODE, "x"))
        .contains("id_token and code"));
        assert!(msg(&Request::new("p", "h").with(LS_PARAM_ID_TOKEN, "t"))
            .contains("customer_account_code"));
        assert!(
            msg(&Request::new("p", "h").license_key("k").user("u", "p")).contains("more than one")
        );
        assert!(msg(&Request::new("p", "h").with(LS_PARAM_PASSWORD, "x")).contains("username"));
        assert!(msg(&Request::new("p", "h").with(LS_PARAM_USERNAME, "u"))
            .contains("password is required"));
    }

    #[test]
    fn scopes_and_required_parameters() {
        assert_eq!(
            Request::new("p", "").validate(LS_OP_PRODUCT_DETAILS),
            Ok(None)
        );
        assert_eq!(Request::new("p", "h").validate(LS_OP_TRIAL_KEY), Ok(None));
        assert!(Request::new("p", "").validate(LS_OP_TRIAL_KEY).is_err());
        assert!(Request::default().validate(LS_OP_PRODUCT_DETAILS).is_err());
        let e = Request::new("p", "h")
            .license_key("k")
            .validate(LS_OP_CHECK_FEATURE)
            .unwrap_err();
        assert_eq!(e.message(), "feature is required by check_feature");
        let r = Request::new("p", "h")
            .license_key("k")
            .with(LS_PARAM_FEATURE, "f");
        assert_eq!(
            r.validate(LS_OP_CHECK_FEATURE),
            Ok(Some(Identity::LicenseKey))
        );
    }

    #[test]
    fn a_password_is_needed_only_where_the_operation_creates_something() {
        let r = Request::new("p", "h").with(LS_PARAM_USERNAME, "u");
        assert_eq!(r.validate(LS_OP_CHECK), Ok(Some(Identity::User)));
        assert_eq!(r.validate(LS_OP_DEACTIVATE), Ok(Some(Identity::User)));
        for op in [LS_OP_ACTIVATE, LS_OP_FLOATING_BORROW] {
            assert!(r
                .validate(op)
                .unwrap_err()
                .message()
                .contains("password is required"));
        }
    }

    #[test]
    fn identities() {
        let id = |r: Request| r.validate(LS_OP_ACTIVATE).unwrap().unwrap();
        assert_eq!(
            id(Request::new("p", "h").license_key("k")),
            Identity::LicenseKey
        );
        assert_eq!(id(Request::new("p", "h").user("u", "p")), Identity::User);
        assert_eq!(
            id(Request::new("p", "h").sso_id_token("t", "c")),
            Identity::SsoIdToken
        );
        assert_eq!(
            id(Request::new("p", "h").sso_code("t", "c")),
            Identity::SsoCode
        );
    }

    #[test]
    fn types_are_enforced() {
        let mut r = Request::default();
        let e = r
            .set(LS_PARAM_LICENSE_ID, ParamValue::String("7".into()))
            .unwrap_err();
        assert!(e.message().contains("license_id is a int parameter"), "{e}");
        assert!(r.set(LS_PARAM_IS_VM, ParamValue::Int(1)).is_err());
        r.set(LS_PARAM_LICENSE_ID, ParamValue::Int(7)).unwrap();
        assert_eq!(r.get(LS_PARAM_LICENSE_ID), Some(&ParamValue::Int(7)));
        r.clear(LS_PARAM_LICENSE_ID);
        assert_eq!(r.get(LS_PARAM_LICENSE_ID), None);
    }

    #[test]
    fn debug_redacts_secrets() {
        let r = Request::new("p", "h").user("u", "hunter2-password");
        assert!(!format!("{r:?}").contains("hunter2"));
        let r = Request::new("p", "h").sso_id_token("secret-token", "c");
        assert!(!format!("{r:?}").contains("secret-token"));
    }

    #[test]
    fn only_accepted_parameters_are_sent() {
        let mut r = Request::new("p", "h").license_key("k");
        r.set(LS_PARAM_LICENSE_ID, ParamValue::Int(7)).unwrap();
        r.set(LS_PARAM_IS_VM, ParamValue::Bool(true)).unwrap();
        r.set(LS_PARAM_CONSUMPTIONS, ParamValue::Int(3)).unwrap();
        r.set_variable("a", "b").unwrap();
        let accepted = [
            LS_PARAM_PRODUCT,
            LS_PARAM_HARDWARE_ID,
            LS_PARAM_LICENSE_KEY,
            LS_PARAM_LICENSE_ID,
            LS_PARAM_IS_VM,
            LS_PARAM_APP_VER,
        ];
        let v: serde_json::Value =
            serde_json::from_slice(&r.to_json(ParamSet(&[&accepted]), Some("1.2"), "sdk", true))
                .unwrap();
        assert_eq!(v["product"], "p");
        assert_eq!(v["license_key"], "k");
        assert_eq!(v["license_id"], 7);
        assert_eq!(v["is_vm"], true);
        assert_eq!(v["variables"]["a"], "b");
        assert_eq!(v["app_ver"], "1.2");
        assert_eq!(v["sdk_ver"], "sdk");
        assert!(v.get("consumptions").is_none(), "not accepted, not sent");
        let v: serde_json::Value =
            serde_json::from_slice(&r.to_json(ParamSet(&[&accepted[..3]]), None, "sdk", false))
                .unwrap();
        assert!(v.get("variables").is_none() && v.get("app_ver").is_none());
        let q = r.to_query(ParamSet(&[&accepted]), None, "sdk");
        assert!(q.contains(&("license_id", "7".to_owned())));
        assert!(q.contains(&("is_vm", "true".to_owned())));
    }

    #[test]
    fn a_request_app_version_wins_over_the_config() {
        let r = Request::new("p", "h").with(LS_PARAM_APP_VER, "mine");
        let q = r.to_query(ParamSet(&[&[LS_PARAM_APP_VER]]), Some("config"), "sdk");
        assert_eq!(
            q.iter()
                .filter(|(k, _)| *k == "app_ver")
                .collect::<Vec<_>>(),
            vec![&("app_ver", "mine".to_owned())]
        );
    }

    #[test]
    fn param_numbers_round_trip() {
        for (i, p) in Param::ALL.iter().enumerate() {
            assert_eq!(*p as usize, i);
            assert_eq!(Param::from_u32(i as u32), Some(*p));
            assert!(p.name().ends_with(&p.wire_name().to_uppercase()));
        }
        assert_eq!(Param::from_u32(999), None);
    }
}
