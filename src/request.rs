//! What a license call sends: the product, the device, one identity, and optional device details.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::fmt;

/// The string fields of a request, by the name the License API gives them.
#[repr(u32)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RequestField {
    /// `product`: the product's short code (required).
    LS_FIELD_PRODUCT = 0,
    /// `hardware_id`: the device's ID (required); see `ls_hardware_id`.
    LS_FIELD_HARDWARE_ID = 1,
    /// `license_key`: identity for key-based products.
    LS_FIELD_LICENSE_KEY = 2,
    /// `username`: identity for user-based products.
    LS_FIELD_USERNAME = 3,
    /// `password`: the license user's password.
    LS_FIELD_PASSWORD = 4,
    /// `id_token`: SSO implicit grant (with `customer_account_code`).
    LS_FIELD_ID_TOKEN = 5,
    /// `code`: SSO authorization code grant (with `customer_account_code`).
    LS_FIELD_CODE = 6,
    /// `customer_account_code`: the SSO customer account.
    LS_FIELD_CUSTOMER_ACCOUNT_CODE = 7,
    /// `vm_info`: virtual machine details.
    LS_FIELD_VM_INFO = 8,
    /// `os_ver`: operating system version.
    LS_FIELD_OS_VER = 9,
    /// `hostname`: device host name.
    LS_FIELD_HOSTNAME = 10,
    /// `os_hostname`: the OS's host name.
    LS_FIELD_OS_HOSTNAME = 11,
    /// `ip`: IP address.
    LS_FIELD_IP = 12,
    /// `ip_local`: local IP address.
    LS_FIELD_IP_LOCAL = 13,
    /// `app_ver`: application version (overrides the config's).
    LS_FIELD_APP_VER = 14,
    /// `mac_address`: MAC address.
    LS_FIELD_MAC_ADDRESS = 15,
}

use RequestField::*;

/// Every field, in numeric order.
pub const ALL_FIELDS: &[RequestField] = &[
    LS_FIELD_PRODUCT,
    LS_FIELD_HARDWARE_ID,
    LS_FIELD_LICENSE_KEY,
    LS_FIELD_USERNAME,
    LS_FIELD_PASSWORD,
    LS_FIELD_ID_TOKEN,
    LS_FIELD_CODE,
    LS_FIELD_CUSTOMER_ACCOUNT_CODE,
    LS_FIELD_VM_INFO,
    LS_FIELD_OS_VER,
    LS_FIELD_HOSTNAME,
    LS_FIELD_OS_HOSTNAME,
    LS_FIELD_IP,
    LS_FIELD_IP_LOCAL,
    LS_FIELD_APP_VER,
    LS_FIELD_MAC_ADDRESS,
];

impl RequestField {
    /// The field with this number, if any.
    pub fn from_u32(n: u32) -> Option<RequestField> {
        ALL_FIELDS.get(n as usize).copied()
    }

    /// The field's name on the wire.
    pub fn wire_name(self) -> &'static str {
        match self {
            LS_FIELD_PRODUCT => "product",
            LS_FIELD_HARDWARE_ID => "hardware_id",
            LS_FIELD_LICENSE_KEY => "license_key",
            LS_FIELD_USERNAME => "username",
            LS_FIELD_PASSWORD => "password",
            LS_FIELD_ID_TOKEN => "id_token",
            LS_FIELD_CODE => "code",
            LS_FIELD_CUSTOMER_ACCOUNT_CODE => "customer_account_code",
            LS_FIELD_VM_INFO => "vm_info",
            LS_FIELD_OS_VER => "os_ver",
            LS_FIELD_HOSTNAME => "hostname",
            LS_FIELD_OS_HOSTNAME => "os_hostname",
            LS_FIELD_IP => "ip",
            LS_FIELD_IP_LOCAL => "ip_local",
            LS_FIELD_APP_VER => "app_ver",
            LS_FIELD_MAC_ADDRESS => "mac_address",
        }
    }

    /// Whether the value is a credential that must never appear in messages or logs.
    pub fn is_secret(self) -> bool {
        matches!(self, LS_FIELD_PASSWORD | LS_FIELD_ID_TOKEN | LS_FIELD_CODE)
    }
}

/// A license request: product, device, one identity and optional device details. It is
/// validated before anything is sent, and may be reused for several calls.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Request {
    strings: BTreeMap<RequestField, String>,
    license_id: Option<i64>,
    is_vm: Option<bool>,
    consumptions: Option<i64>,
    variables: BTreeMap<String, String>,
}

impl fmt::Debug for Request {
    // Passwords and SSO tokens are secrets: never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Request");
        for (field, value) in &self.strings {
            if field.is_secret() {
                d.field(field.wire_name(), &"<redacted>");
            } else {
                d.field(field.wire_name(), value);
            }
        }
        d.field("license_id", &self.license_id)
            .field("is_vm", &self.is_vm)
            .field("consumptions", &self.consumptions)
            .field("variables", &self.variables)
            .finish()
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
    /// A request for `product` on the device `hardware_id`; add an identity before sending.
    pub fn new(product: &str, hardware_id: &str) -> Request {
        let mut r = Request::default();
        r.set(LS_FIELD_PRODUCT, product);
        r.set(LS_FIELD_HARDWARE_ID, hardware_id);
        r
    }

    /// Sets a string field; an empty value clears it.
    pub fn set(&mut self, field: RequestField, value: &str) -> &mut Self {
        if value.is_empty() {
            self.strings.remove(&field);
        } else {
            self.strings.insert(field, value.to_owned());
        }
        self
    }

    /// The value of a string field, if set.
    pub fn get(&self, field: RequestField) -> Option<&str> {
        self.strings.get(&field).map(String::as_str)
    }

    /// Builder form of [`Request::set`].
    pub fn with(mut self, field: RequestField, value: &str) -> Self {
        self.set(field, value);
        self
    }

    /// Identity for key-based products.
    pub fn license_key(self, key: &str) -> Self {
        self.with(LS_FIELD_LICENSE_KEY, key)
    }

    /// Identity for user-based products.
    pub fn user(self, username: &str, password: &str) -> Self {
        self.with(LS_FIELD_USERNAME, username)
            .with(LS_FIELD_PASSWORD, password)
    }

    /// SSO implicit grant identity.
    pub fn sso_id_token(self, id_token: &str, customer_account_code: &str) -> Self {
        self.with(LS_FIELD_ID_TOKEN, id_token)
            .with(LS_FIELD_CUSTOMER_ACCOUNT_CODE, customer_account_code)
    }

    /// SSO authorization code grant identity.
    pub fn sso_code(self, code: &str, customer_account_code: &str) -> Self {
        self.with(LS_FIELD_CODE, code)
            .with(LS_FIELD_CUSTOMER_ACCOUNT_CODE, customer_account_code)
    }

    /// Pins the call to one license when a user has several.
    pub fn set_license_id(&mut self, id: Option<i64>) -> &mut Self {
        self.license_id = id;
        self
    }

    /// Declares whether the device is a virtual machine.
    pub fn set_is_vm(&mut self, is_vm: Option<bool>) -> &mut Self {
        self.is_vm = is_vm;
        self
    }

    /// Consumptions to add (or, negative, return) on deactivation.
    pub fn set_consumptions(&mut self, consumptions: Option<i64>) -> &mut Self {
        self.consumptions = consumptions;
        self
    }

    /// Sets a device variable, sent on activation. The name must not be empty.
    pub fn set_variable(&mut self, name: &str, value: &str) -> Result<&mut Self> {
        if name.is_empty() {
            return Err(Error::invalid_argument("variable name must not be empty"));
        }
        self.variables.insert(name.to_owned(), value.to_owned());
        Ok(self)
    }

    /// Checks the request is complete and unambiguous; returns which identity it uses.
    pub fn validate(&self) -> Result<Identity> {
        let has = |f: RequestField| self.strings.contains_key(&f);
        if !has(LS_FIELD_PRODUCT) {
            return Err(Error::invalid_argument("product is required"));
        }
        if !has(LS_FIELD_HARDWARE_ID) {
            return Err(Error::invalid_argument("hardware_id is required"));
        }
        if has(LS_FIELD_ID_TOKEN) && has(LS_FIELD_CODE) {
            return Err(Error::invalid_argument(
                "id_token and code are mutually exclusive: set only one",
            ));
        }
        let mut identities = Vec::new();
        if has(LS_FIELD_LICENSE_KEY) {
            identities.push(Identity::LicenseKey);
        }
        if has(LS_FIELD_USERNAME) {
            identities.push(Identity::User);
        }
        if has(LS_FIELD_ID_TOKEN) {
            identities.push(Identity::SsoIdToken);
        }
        if has(LS_FIELD_CODE) {
            identities.push(Identity::SsoCode);
        }
        let identity = match identities.as_slice() {
            [one] => *one,
            [] => {
                if has(LS_FIELD_PASSWORD) {
                    return Err(Error::invalid_argument("password is set but username is missing"));
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
        if sso && !has(LS_FIELD_CUSTOMER_ACCOUNT_CODE) {
            return Err(Error::invalid_argument(
                "customer_account_code is required with id_token or code",
            ));
        }
        if !sso && has(LS_FIELD_CUSTOMER_ACCOUNT_CODE) {
            return Err(Error::invalid_argument(
                "customer_account_code is only used with id_token or code",
            ));
        }
        if identity == Identity::User && !has(LS_FIELD_PASSWORD) {
            return Err(Error::invalid_argument(
                "password is required with username",
            ));
        }
        if identity != Identity::User && has(LS_FIELD_PASSWORD) {
            return Err(Error::invalid_argument(
                "password is only used with username",
            ));
        }
        Ok(identity)
    }

    /// The JSON body of a POST call (activate, deactivate).
    pub(crate) fn to_json(
        &self,
        app_version: Option<&str>,
        sdk_version: &str,
        with_variables: bool,
        with_consumptions: bool,
    ) -> Vec<u8> {
        use serde_json::{Map, Value};
        let mut body = Map::new();
        for (field, value) in &self.strings {
            body.insert(field.wire_name().to_owned(), Value::String(value.clone()));
        }
        if let (None, Some(app)) = (self.get(LS_FIELD_APP_VER), app_version) {
            body.insert("app_ver".into(), Value::String(app.to_owned()));
        }
        body.insert("sdk_ver".into(), Value::String(sdk_version.to_owned()));
        if let Some(id) = self.license_id {
            body.insert("license_id".into(), Value::from(id));
        }
        if let Some(is_vm) = self.is_vm {
            body.insert("is_vm".into(), Value::Bool(is_vm));
        }
        if with_variables && !self.variables.is_empty() {
            let vars = self
                .variables
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            body.insert("variables".into(), Value::Object(vars));
        }
        if with_consumptions {
            if let Some(c) = self.consumptions {
                body.insert("consumptions".into(), Value::from(c));
            }
        }
        serde_json::to_vec(&Value::Object(body)).expect("a JSON map of strings serialises")
    }

    /// The query parameters of a GET call (check).
    pub(crate) fn to_query(
        &self,
        app_version: Option<&str>,
        sdk_version: &str,
    ) -> Vec<(String, String)> {
        let mut q: Vec<(String, String)> = self
            .strings
            .iter()
            .map(|(f, v)| (f.wire_name().to_owned(), v.clone()))
            .collect();
        if let (None, Some(app)) = (self.get(LS_FIELD_APP_VER), app_version) {
            q.push(("app_ver".into(), app.to_owned()));
        }
        q.push(("sdk_ver".into(), sdk_version.to_owned()));
        if let Some(id) = self.license_id {
            q.push(("license_id".into(), id.to_string()));
        }
        if let Some(is_vm) = self.is_vm {
            q.push(("is_vm".into(), is_vm.to_string()));
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::Status;

    fn msg(r: &Request) -> String {
        let e = r.validate().unwrap_err();
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
            .with(LS_FIELD_CODE, "x"))
        .contains("id_token and code"));
        assert!(msg(&Request::new("p", "h").with(LS_FIELD_ID_TOKEN, "t"))
            .contains("customer_account_code"));
        assert!(
            msg(&Request::new("p", "h").license_key("k").user("u", "p")).contains("more than one")
        );
        assert!(msg(&Request::new("p", "h").with(LS_FIELD_PASSWORD, "x")).contains("username"));
        assert!(msg(&Request::new("p", "h").with(LS_FIELD_USERNAME, "u"))
            .contains("password is required"));
    }

    #[test]
    fn identities() {
        assert_eq!(
            Request::new("p", "h").license_key("k").validate(),
            Ok(Identity::LicenseKey)
        );
        assert_eq!(
            Request::new("p", "h").user("u", "p").validate(),
            Ok(Identity::User)
        );
        assert_eq!(
            Request::new("p", "h").sso_id_token("t", "c").validate(),
            Ok(Identity::SsoIdToken)
        );
        assert_eq!(
            Request::new("p", "h").sso_code("t", "c").validate(),
            Ok(Identity::SsoCode)
        );
    }

    #[test]
    fn debug_redacts_secrets() {
        let r = Request::new("p", "h").user("u", "hunter2-password");
        assert!(!format!("{r:?}").contains("hunter2"));
        let r = Request::new("p", "h").sso_id_token("secret-token", "c");
        assert!(!format!("{r:?}").contains("secret-token"));
    }

    #[test]
    fn json_body() {
        let mut r = Request::new("p", "h").license_key("k");
        r.set_license_id(Some(7))
            .set_is_vm(Some(true))
            .set_consumptions(Some(3));
        r.set_variable("a", "b").unwrap();
        let v: serde_json::Value =
            serde_json::from_slice(&r.to_json(Some("1.2"), "sdk", true, true)).unwrap();
        assert_eq!(v["product"], "p");
        assert_eq!(v["license_key"], "k");
        assert_eq!(v["license_id"], 7);
        assert_eq!(v["is_vm"], true);
        assert_eq!(v["variables"]["a"], "b");
        assert_eq!(v["consumptions"], 3);
        assert_eq!(v["app_ver"], "1.2");
        assert_eq!(v["sdk_ver"], "sdk");
        let v: serde_json::Value =
            serde_json::from_slice(&r.to_json(None, "sdk", false, false)).unwrap();
        assert!(v.get("variables").is_none() && v.get("consumptions").is_none());
    }

    #[test]
    fn field_numbers_round_trip() {
        for (i, f) in ALL_FIELDS.iter().enumerate() {
            assert_eq!(*f as usize, i);
            assert_eq!(RequestField::from_u32(i as u32), Some(*f));
        }
        assert_eq!(RequestField::from_u32(999), None);
    }
}
