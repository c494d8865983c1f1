//! The License API calls. This module holds what every call shares: the call table, request
//! parsing, identity resolution, the license rules (in the order documented in README.md) and
//! the license and feature objects. Each concern has its own module:
//! `license` (activate, deactivate, check), `product` (product_details), `trial` (trial_key),
//! `consumption` (add_consumption, add_feature_consumption), `feature` (check_license_feature)
//! and `floating` (borrow, release, their feature forms, and the seats check takes).

mod accounts;
mod bundle;
mod consumption;
mod feature;
mod floating;
mod license;
mod offline;
mod product;
mod trial;
mod variables;
mod versions;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use crate::clock::Clock;
use crate::dates;
use crate::errors::ApiError;
use crate::seed::{
    AuthorizationMethod, Catalog, Feature, License, LicenseUser, OAuthFault, Product,
};
use crate::signing::Signer;
use crate::store;

/// Every License API call the emulator answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Activate,
    Deactivate,
    Check,
    ProductDetails,
    TrialKey,
    CheckFeature,
    AddConsumption,
    AddFeatureConsumption,
    FloatingBorrow,
    FloatingRelease,
    FeatureBorrow,
    FeatureRelease,
    ActivateBundle,
    CheckBundle,
    DeactivateBundle,
    Versions,
    InstallationFile,
    TrackDeviceVariables,
    GetDeviceVariables,
    UserLicenses,
    CustomerLicenseUsers,
    SsoUrl,
    ChangePassword,
    ActivateOffline,
    DeactivateOffline,
}

/// How a call carries its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// GET, query string.
    Get,
    /// POST, JSON body.
    Json,
    /// POST, a text body (the base64 offline request file).
    Text,
}

/// Path (under `/api/v4/`), call, and how it carries its parameters.
const CALLS: &[(&str, Call, Kind)] = &[
    ("activate_license", Call::Activate, Kind::Json),
    ("deactivate_license", Call::Deactivate, Kind::Json),
    ("check_license", Call::Check, Kind::Get),
    ("product_details", Call::ProductDetails, Kind::Get),
    ("trial_key", Call::TrialKey, Kind::Get),
    ("check_license_feature", Call::CheckFeature, Kind::Get),
    ("add_consumption", Call::AddConsumption, Kind::Json),
    (
        "add_feature_consumption",
        Call::AddFeatureConsumption,
        Kind::Json,
    ),
    ("floating/borrow", Call::FloatingBorrow, Kind::Json),
    ("floating/release", Call::FloatingRelease, Kind::Json),
    ("floating/feature_borrow", Call::FeatureBorrow, Kind::Json),
    ("floating/feature_release", Call::FeatureRelease, Kind::Json),
    ("activate_bundle", Call::ActivateBundle, Kind::Json),
    ("check_bundle", Call::CheckBundle, Kind::Get),
    ("deactivate_bundle", Call::DeactivateBundle, Kind::Json),
    ("versions", Call::Versions, Kind::Get),
    ("installation_file", Call::InstallationFile, Kind::Get),
    (
        "track_device_variables",
        Call::TrackDeviceVariables,
        Kind::Json,
    ),
    ("get_device_variables", Call::GetDeviceVariables, Kind::Get),
    ("user_licenses", Call::UserLicenses, Kind::Get),
    (
        "customer_license_users",
        Call::CustomerLicenseUsers,
        Kind::Get,
    ),
    ("sso_url", Call::SsoUrl, Kind::Get),
    ("change_password", Call::ChangePassword, Kind::Json),
    ("activate_offline", Call::ActivateOffline, Kind::Text),
    ("deactivate_offline", Call::DeactivateOffline, Kind::Text),
];

impl Call {
    /// The call at `/api/v4/<name>`.
    pub fn route(name: &str) -> Option<Call> {
        CALLS
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, c, _)| *c)
    }

    fn kind(self) -> Kind {
        CALLS
            .iter()
            .find(|(_, c, _)| *c == self)
            .map(|(_, _, k)| *k)
            .unwrap_or(Kind::Json)
    }

    /// GET with a query string (true) or POST (false).
    pub fn is_get(self) -> bool {
        self.kind() == Kind::Get
    }

    /// POST with a text body rather than JSON.
    pub fn is_text(self) -> bool {
        self.kind() == Kind::Text
    }

    /// Calls that give something back (a device, a seat): they work on a disabled, expired or
    /// not-yet-started license and on a blacklisted device, as deactivation always has.
    fn is_release(self) -> bool {
        matches!(
            self,
            Call::Deactivate
                | Call::FloatingRelease
                | Call::FeatureRelease
                | Call::DeactivateBundle
                | Call::DeactivateOffline
        )
    }

    /// Calls whose `username` must come with its `password` (they create something for the
    /// user). The others identify the user by `username` alone, as the vendor SDKs send them;
    /// a `password` that is sent must still match.
    fn needs_password(self) -> bool {
        matches!(
            self,
            Call::Activate
                | Call::FloatingBorrow
                | Call::FeatureBorrow
                | Call::ActivateBundle
                | Call::ActivateOffline
        )
    }
}

/// The request fields of every call. Unknown fields are ignored; `null` is "absent". Some known
/// fields are only type-checked (a wrong type is a `validation_error`), not used.
#[derive(Debug, Default, Clone, Deserialize)]
#[allow(dead_code)]
pub struct Params {
    pub product: Option<String>,
    pub hardware_id: Option<String>,
    pub license_key: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub id_token: Option<String>,
    pub code: Option<String>,
    pub customer_account_code: Option<String>,
    pub license_id: Option<i64>,
    pub is_vm: Option<bool>,
    pub vm_info: Option<String>,
    pub os_ver: Option<String>,
    pub hostname: Option<String>,
    pub os_hostname: Option<String>,
    pub ip: Option<String>,
    pub ip_local: Option<String>,
    pub app_ver: Option<String>,
    pub sdk_ver: Option<String>,
    pub mac_address: Option<String>,
    pub variables: Option<BTreeMap<String, String>>,
    pub consumptions: Option<i64>,
    pub include_expired_features: Option<bool>,
    // product_details
    pub include_latest_version: Option<bool>,
    pub include_custom_fields: Option<bool>,
    pub env: Option<String>,
    // trial_key
    pub email: Option<String>,
    pub license_policy: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub city: Option<String>,
    pub reference: Option<String>,
    pub company_name: Option<String>,
    // features, consumption, floating
    pub feature: Option<String>,
    pub max_overages: Option<i64>,
    pub allow_overages: Option<bool>,
    pub borrowed_until: Option<String>,
    pub bundle_code: Option<String>,
    pub include_metadata_string: Option<bool>,
    // versions, installation_file
    pub channel: Option<String>,
    pub version: Option<String>,
    // accounts
    pub customer: Option<String>,
    pub response_type: Option<String>,
    pub redirect_uri: Option<String>,
    pub new_password: Option<String>,
    /// The text body of the offline calls.
    #[serde(skip)]
    pub text_body: Option<String>,
    /// The request's `Host` (for URLs that point back at the emulator).
    #[serde(skip)]
    pub host: Option<String>,
}

/// Query fields that carry numbers and booleans as text.
const INTEGER_FIELDS: &[&str] = &["license_id", "consumptions", "max_overages"];
const BOOLEAN_FIELDS: &[&str] = &[
    "is_vm",
    "include_expired_features",
    "include_latest_version",
    "include_custom_fields",
    "include_metadata_string",
    "allow_overages",
];

fn validation(e: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = e.path().to_string();
    ApiError::bad("validation_error", format!("{path}: {}", e.into_inner()))
}

/// Parse a JSON request body.
pub fn parse_body(body: &[u8]) -> Result<Params, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::bad("invalid_json", "Request body is not valid UTF-8"))?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        ApiError::bad(
            "invalid_json",
            format!("Request body is not valid JSON: {e}"),
        )
    })?;
    if !value.is_object() {
        return Err(ApiError::bad(
            "validation_error",
            "Request body must be a JSON object",
        ));
    }
    serde_path_to_error::deserialize(value).map_err(validation)
}

/// The text body of the offline calls (parsed by the call itself).
pub fn parse_text(body: &[u8]) -> Result<Params, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::bad("validation_error", "Request body is not valid UTF-8"))?;
    Ok(Params {
        text_body: Some(text.to_string()),
        ..Params::default()
    })
}

/// Parse a query string: numbers and booleans arrive as text.
pub fn parse_query(query: &str) -> Result<Params, ApiError> {
    let mut map = Map::new();
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        let value = if INTEGER_FIELDS.contains(&k.as_ref()) {
            match v.trim().parse::<i64>() {
                Ok(n) => Value::from(n),
                Err(_) => {
                    return Err(ApiError::bad(
                        "validation_error",
                        format!("{k}: must be an integer"),
                    ))
                }
            }
        } else if BOOLEAN_FIELDS.contains(&k.as_ref()) {
            match v.to_ascii_lowercase().as_str() {
                "true" | "1" => Value::Bool(true),
                "false" | "0" | "" => Value::Bool(false),
                _ => {
                    return Err(ApiError::bad(
                        "validation_error",
                        format!("{k}: must be true or false"),
                    ))
                }
            }
        } else if k == "variables" {
            continue;
        } else {
            Value::String(v.into_owned())
        };
        map.insert(k.into_owned(), value);
    }
    serde_path_to_error::deserialize(Value::Object(map)).map_err(validation)
}

pub(crate) fn present(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// A successful answer, before signing.
pub enum Outcome {
    /// A license object (without `license_signature`) and the v1 string to sign for it.
    License {
        object: Map<String, Value>,
        v1: String,
    },
    /// A list of license objects (bundles), each with its own v1 string.
    Licenses(Vec<(Map<String, Value>, String)>),
    /// Any other JSON body; signed in `LicenseSignature` like the license object.
    Json(Value),
    /// A text body (`license_deactivated`, or empty for the releases); not signed.
    Text(&'static str),
}

/// A response body with its `LicenseSignature` (JSON bodies only).
pub struct Reply {
    pub body: Vec<u8>,
    pub signature: Option<String>,
}

pub struct App {
    pub catalog: Catalog,
    pub db: Mutex<Connection>,
    pub signer: Signer,
    pub clock: Clock,
    /// OAuth faults switched through `/__emulator/oauth`: client id → fault (None = none).
    pub oauth_faults: Mutex<HashMap<String, Option<OAuthFault>>>,
}

impl App {
    /// Run one call to completion: rules and state change under the lock, signing after.
    pub fn run(&self, call: Call, req: &Params) -> Result<Reply, ApiError> {
        let now = self.clock.now();
        let outcome = match call {
            Call::Activate | Call::Deactivate | Call::Check => license::run(self, call, req, now),
            Call::ProductDetails => product::details(self, req),
            Call::TrialKey => trial::trial_key(self, req, now),
            Call::CheckFeature => feature::check(self, req, now),
            Call::AddConsumption => consumption::add(self, req, now),
            Call::AddFeatureConsumption => consumption::add_feature(self, req, now),
            Call::FloatingBorrow | Call::FeatureBorrow => floating::borrow(self, call, req, now),
            Call::FloatingRelease | Call::FeatureRelease => floating::release(self, call, req, now),
            Call::ActivateBundle | Call::CheckBundle | Call::DeactivateBundle => {
                bundle::run(self, call, req, now)
            }
            Call::Versions => versions::versions(self, req, now),
            Call::InstallationFile => versions::installation_file(self, req, now),
            Call::TrackDeviceVariables => variables::track(self, req, now),
            Call::GetDeviceVariables => variables::get(self, req, now),
            Call::UserLicenses => accounts::user_licenses(self, req, now),
            Call::CustomerLicenseUsers => accounts::customer_license_users(self, req, now),
            Call::SsoUrl => accounts::sso_url(self, req),
            Call::ChangePassword => accounts::change_password(self, req),
            Call::ActivateOffline | Call::DeactivateOffline => offline::run(self, call, req, now),
        }?;
        match outcome {
            Outcome::Text(t) => Ok(Reply {
                body: t.as_bytes().to_vec(),
                signature: None,
            }),
            Outcome::License { mut object, v1 } => {
                object.insert(
                    "license_signature".into(),
                    Value::String(self.signer.sign(v1.as_bytes())),
                );
                self.signed(&Value::Object(object))
            }
            Outcome::Licenses(list) => {
                let items: Vec<Value> = list
                    .into_iter()
                    .map(|(mut object, v1)| {
                        object.insert(
                            "license_signature".into(),
                            Value::String(self.signer.sign(v1.as_bytes())),
                        );
                        Value::Object(object)
                    })
                    .collect();
                self.signed(&Value::Array(items))
            }
            Outcome::Json(v) => self.signed(&v),
        }
    }

    fn signed(&self, v: &Value) -> Result<Reply, ApiError> {
        let body = serde_json::to_vec(v).map_err(ApiError::internal)?;
        let signature = Some(self.signer.sign(&body));
        Ok(Reply { body, signature })
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Connection> {
        self.db.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `product` present and known.
    fn product(&self, req: &Params) -> Result<&Product, ApiError> {
        let short_code = present(&req.product).ok_or_else(|| ApiError::missing("product"))?;
        self.catalog.product(short_code).ok_or_else(unknown_product)
    }

    /// The license-scoped rules every call on a license applies before touching state
    /// (README rules 11–22): parameters, product, identity, license state, device.
    fn target<'a>(
        &'a self,
        call: Call,
        req: &'a Params,
        now: OffsetDateTime,
    ) -> Result<Target<'a>, ApiError> {
        present(&req.product).ok_or_else(|| ApiError::missing("product"))?;
        let hardware_id =
            present(&req.hardware_id).ok_or_else(|| ApiError::missing("hardware_id"))?;
        if present(&req.id_token).is_some() && present(&req.code).is_some() {
            return Err(ApiError::bad(
                "validation_error",
                "Use either id_token or code, not both",
            ));
        }
        if matches!(
            call,
            Call::CheckFeature
                | Call::AddFeatureConsumption
                | Call::FeatureBorrow
                | Call::FeatureRelease
        ) && present(&req.feature).is_none()
        {
            return Err(ApiError::missing("feature"));
        }
        let product = self.product(req)?;
        let resolved = self.resolve(product, req, hardware_id, call.needs_password())?;
        let license = &resolved.license;

        if !call.is_release() && !license.enabled {
            return Err(ApiError::bad(
                "license_not_enabled",
                "The license is not enabled",
            ));
        }
        if !license.active {
            return Err(ApiError::bad(
                "license_not_active",
                "The license is not active",
            ));
        }
        if !call.is_release() {
            if let Some(start) = license.start_date {
                if now < start {
                    return Err(ApiError::bad(
                        "license_start_date_error",
                        format!(
                            "This license cannot be activated before start date: {}",
                            dates::format(start)
                        ),
                    ));
                }
            }
            if is_expired(license, now) {
                return Err(if license.is_trial {
                    ApiError::bad("trial_expired", "The license trial period is expired")
                } else {
                    ApiError::bad("license_expired", "License validity period has expired.")
                });
            }
            if license.prevent_vm && req.is_vm == Some(true) {
                return Err(ApiError::bad(
                    "vm_not_allowed",
                    "Virtual machine not allowed",
                ));
            }
            if self.catalog.blacklist.contains(hardware_id) {
                return Err(ApiError::bad("blacklisted", "This device is blacklisted"));
            }
        }
        Ok(Target {
            product,
            license: resolved.license,
            user: resolved.user,
            hardware_id,
        })
    }

    /// Find the license (and license user) the request's identity names: a seed license or a
    /// trial license made by `trial_key`.
    fn resolve<'a>(
        &'a self,
        product: &'a Product,
        req: &Params,
        hardware_id: &str,
        needs_password: bool,
    ) -> Result<Resolved<'a>, ApiError> {
        let not_found = || ApiError::bad("license_not_found", "License not found");
        let pin = |l: &License| req.license_id.map(|id| l.id == Some(id)).unwrap_or(true);
        let product_id = product.id.unwrap_or(0);
        match product.authorization_method {
            AuthorizationMethod::LicenseKey => {
                let key =
                    present(&req.license_key).ok_or_else(|| ApiError::missing("license_key"))?;
                let license = match product
                    .licenses
                    .iter()
                    .find(|l| l.license_key.as_deref() == Some(key))
                {
                    Some(l) => Cow::Borrowed(l),
                    None => {
                        let trial = store::trial_by_key(&self.lock(), product_id, key)
                            .map_err(ApiError::internal)?
                            .ok_or_else(not_found)?;
                        Cow::Owned(trial::license_of(product, &trial))
                    }
                };
                if !pin(&license) {
                    return Err(not_found());
                }
                Ok(Resolved {
                    license,
                    user: None,
                })
            }
            AuthorizationMethod::User => {
                let mut candidates = self.user_licenses_of(product, req, needs_password)?;
                // A user on several licenses: the one this device is active on, else the first.
                if candidates.len() > 1 {
                    let conn = self.lock();
                    for (i, c) in candidates.iter().enumerate() {
                        let uid = c.user().and_then(|u| u.id);
                        if store::device_active_for(&conn, c.license.id_or_zero(), hardware_id, uid)
                            .map_err(ApiError::internal)?
                        {
                            return Ok(candidates.swap_remove(i));
                        }
                    }
                }
                candidates.into_iter().next().ok_or_else(user_not_found)
            }
        }
    }

    /// Every license of a user-based product (seed licenses in file order, then trials) whose
    /// user the request's identity names (`username` with `password` when sent or needed, or
    /// an SSO `id_token` / `code` with `customer_account_code`), and `license_id` when given.
    pub(crate) fn user_licenses_of<'a>(
        &'a self,
        product: &'a Product,
        req: &Params,
        needs_password: bool,
    ) -> Result<Vec<Resolved<'a>>, ApiError> {
        let pin = |l: &License| req.license_id.map(|id| l.id == Some(id)).unwrap_or(true);
        let product_id = product.id.unwrap_or(0);
        let (email, password) = if let Some(username) = present(&req.username) {
            let password = present(&req.password);
            if needs_password && password.is_none() {
                return Err(ApiError::missing("password"));
            }
            (username.to_string(), password)
        } else if present(&req.id_token).is_some() || present(&req.code).is_some() {
            let account = present(&req.customer_account_code)
                .ok_or_else(|| ApiError::missing("customer_account_code"))?;
            let sso = self.catalog.sso.get(account).ok_or_else(user_not_found)?;
            let email = match (present(&req.id_token), present(&req.code)) {
                (Some(t), _) => sso.id_tokens.get(t),
                (_, Some(c)) => sso.codes.get(c),
                _ => None,
            };
            (email.ok_or_else(user_not_found)?.clone(), None)
        } else {
            return Err(ApiError::missing("username"));
        };
        let conn = self.lock();
        let overrides = store::password_overrides(&conn).map_err(ApiError::internal)?;
        let matches = |u: &LicenseUser| {
            let current =
                u.id.and_then(|id| overrides.get(&id))
                    .unwrap_or(&u.password);
            u.email.eq_ignore_ascii_case(&email) && password.map(|p| p == current).unwrap_or(true)
        };
        let mut candidates: Vec<Resolved<'a>> = Vec::new();
        for license in product.licenses.iter().filter(|l| pin(l)) {
            for (i, u) in license.users.iter().flatten().enumerate() {
                if matches(u) {
                    candidates.push(Resolved {
                        license: Cow::Borrowed(license),
                        user: Some(i),
                    });
                }
            }
        }
        let trials = store::trials_by_email(&conn, product_id, &email.to_lowercase())
            .map_err(ApiError::internal)?;
        for t in &trials {
            let license = trial::license_of(product, t);
            if pin(&license) && license.users.iter().flatten().any(matches) {
                candidates.push(Resolved {
                    license: Cow::Owned(license),
                    user: Some(0),
                });
            }
        }
        Ok(candidates)
    }

    /// Open the one write transaction a request gets.
    fn begin<'c>(&self, conn: &'c mut Connection) -> Result<Transaction<'c>, ApiError> {
        conn.transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(ApiError::internal)
    }
}

pub(crate) fn user_not_found() -> ApiError {
    ApiError::bad(
        "license_not_found",
        "License with the provided license user not found",
    )
}

pub(crate) fn unknown_product() -> ApiError {
    ApiError::bad("unknown_product", "Provided product was not found")
}

pub(crate) fn device_not_found() -> ApiError {
    ApiError::bad(
        "device_not_found",
        "An active device matching the hardware_id not found",
    )
}

/// A license named by a request, with the user (index into `license.users`) on user products.
pub(crate) struct Resolved<'a> {
    pub license: Cow<'a, License>,
    pub user: Option<usize>,
}

impl Resolved<'_> {
    pub fn user(&self) -> Option<&LicenseUser> {
        self.user
            .and_then(|i| self.license.users.as_ref().and_then(|u| u.get(i)))
    }
}

/// What a license-scoped call works on once the request has passed the license rules.
pub(crate) struct Target<'a> {
    pub product: &'a Product,
    pub license: Cow<'a, License>,
    pub user: Option<usize>,
    pub hardware_id: &'a str,
}

impl Target<'_> {
    pub fn user(&self) -> Option<&LicenseUser> {
        self.user
            .and_then(|i| self.license.users.as_ref().and_then(|u| u.get(i)))
    }

    pub fn license_id(&self) -> i64 {
        self.license.id_or_zero()
    }

    /// The device row of this hardware id, if it is active on the license (and, on user
    /// products, was activated by the same user).
    pub fn active_device(&self, tx: &Transaction) -> Result<store::Device, ApiError> {
        let d =
            store::device(tx, self.license_id(), self.hardware_id).map_err(ApiError::internal)?;
        let uid = self.user().and_then(|u| u.id);
        d.filter(|d| d.active && (self.user.is_none() || d.user_id == uid))
            .ok_or_else(device_not_found)
    }

    /// The feature the request names, or the call's error for an unknown code.
    pub fn feature(&self, req: &Params, unknown_code: &str) -> Result<&Feature, ApiError> {
        let code = present(&req.feature).unwrap_or_default();
        self.license
            .features
            .iter()
            .find(|f| f.code == code)
            .ok_or_else(|| {
                if unknown_code == "unsupported_product_feature" {
                    ApiError::bad(
                        unknown_code,
                        "One or more of requested product features do not exist or they are not enabled on the product",
                    )
                } else {
                    ApiError::bad(
                        unknown_code,
                        format!(
                            "License feature code: {code} is invalid or not assigned to the license."
                        ),
                    )
                }
            })
    }

    /// The lower-cased v1 signature string for this license and device.
    pub fn v1(&self) -> String {
        let id = match self.user() {
            Some(u) => u.email.split('|').next().unwrap_or_default().to_string(),
            None => self.license.license_key.clone().unwrap_or_default(),
        };
        format!(
            "{}#{id}#{}",
            self.hardware_id,
            self.license
                .validity_period
                .map(dates::format)
                .unwrap_or_default()
        )
        .to_lowercase()
    }
}

impl License {
    pub(crate) fn id_or_zero(&self) -> i64 {
        self.id.unwrap_or(0)
    }
}

pub(crate) fn is_expired(license: &License, now: OffsetDateTime) -> bool {
    license.validity_period.map(|v| v < now).unwrap_or(false)
}

pub(crate) fn millis(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000_000) as i64
}

pub(crate) fn from_millis(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

pub(crate) fn date(d: Option<OffsetDateTime>) -> Value {
    d.map(|d| Value::String(dates::format(d)))
        .unwrap_or(Value::Null)
}

fn date_ms(ms: Option<i64>) -> Value {
    date(ms.map(from_millis))
}

/// The state a license object reports, read inside the request's transaction.
pub(crate) struct Facts {
    pub state: store::LicenseState,
    pub times_activated: i64,
    pub consumption: consumption::Effective,
    pub floating_in_use: i64,
    pub seat: Option<store::Seat>,
    /// Per feature, in the license's order.
    pub features: Vec<FeatureFacts>,
}

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FeatureFacts {
    pub total: i64,
    pub in_use: i64,
    pub seat: Option<store::Seat>,
}

impl Facts {
    pub fn read(
        tx: &Transaction,
        license: &License,
        hardware_id: &str,
        now: OffsetDateTime,
    ) -> Result<Facts, ApiError> {
        let lid = license.id_or_zero();
        let now_ms = millis(now);
        let e = ApiError::internal;
        let state = store::license_state(tx, lid).map_err(e)?;
        let features = license
            .features
            .iter()
            .map(|f| FeatureFacts::read(tx, lid, f, hardware_id, now))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Facts {
            state,
            times_activated: store::active_count(tx, lid).map_err(e)?,
            consumption: consumption::Effective::read(tx, license, &state, now)?,
            floating_in_use: store::seats_in_use(tx, lid, "", now_ms).map_err(e)?,
            seat: store::seat(tx, lid, "", hardware_id, now_ms).map_err(e)?,
            features,
        })
    }
}

impl FeatureFacts {
    pub fn read(
        conn: &Connection,
        license_id: i64,
        f: &Feature,
        hardware_id: &str,
        now: OffsetDateTime,
    ) -> Result<FeatureFacts, ApiError> {
        let now_ms = millis(now);
        let e = ApiError::internal;
        let counter = store::feature_counter(conn, license_id, &f.code).map_err(e)?;
        Ok(FeatureFacts {
            total: consumption::effective_total(
                counter.total,
                counter.period_start,
                f.reset_consumption,
                f.consumption_period,
                now,
            ),
            in_use: store::seats_in_use(conn, license_id, &f.code, now_ms).map_err(e)?,
            seat: store::seat(conn, license_id, &f.code, hardware_id, now_ms).map_err(e)?,
        })
    }
}

/// The borrow fields of a seat: (is_borrowed, borrowed_until).
fn borrow_fields(seat: Option<store::Seat>, now: OffsetDateTime) -> (bool, Value) {
    match seat.and_then(|s| s.borrowed_until) {
        Some(b) if b > millis(now) => (true, date_ms(Some(b))),
        _ => (false, Value::Null),
    }
}

/// The full feature object (`product_features` items, `check_license_feature`).
pub(crate) fn feature_object(f: &Feature, facts: &FeatureFacts, now: OffsetDateTime) -> Value {
    let (is_borrowed, borrowed_until) = borrow_fields(facts.seat, now);
    json!({
        "id": f.id,
        "code": f.code,
        "name": f.name,
        "feature_type": f.feature_type.as_str(),
        "expiry_date": date(f.expiry_date),
        "metadata": f.metadata,
        "is_floating": f.is_floating,
        "is_floating_cloud": f.is_floating_cloud,
        "floating_timeout": f.floating_timeout,
        "floating_users": f.floating_users,
        "floating_in_use_devices": facts.in_use,
        "can_borrow": f.can_borrow,
        "max_borrow_time": f.max_borrow_time,
        "is_borrowed": is_borrowed,
        "borrowed_until": borrowed_until,
        "max_consumption": f.max_consumption,
        "total_consumptions": facts.total,
        "allow_unlimited_consumptions": f.allow_unlimited_consumptions,
        "allow_negative_consumptions": f.allow_negative_consumptions,
        "allow_overages": f.allow_overages,
        "max_overages": f.max_overages,
        "reset_consumption": f.reset_consumption,
        "consumption_period": f.consumption_period.map(|p| p.as_str()),
    })
}

pub(crate) struct LicenseView<'a> {
    pub target: &'a Target<'a>,
    pub company_id: i64,
    pub facts: &'a Facts,
    pub device_id: i64,
    pub variables: &'a BTreeMap<String, String>,
    pub now: OffsetDateTime,
    pub include_expired_features: bool,
}

/// The `customer` object of licenses.
pub(crate) fn customer_object(c: &crate::seed::Customer) -> Value {
    json!({
        "email": c.email,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "company_name": c.company_name,
        "reference": c.reference,
        "phone": c.phone,
        "customer_account": c.customer_account,
        "metadata": c.metadata,
    })
}

/// The license object of activate and check.
pub(crate) fn license_object(v: LicenseView) -> Map<String, Value> {
    let l: &License = &v.target.license;
    let product = v.target.product;
    let features: Vec<Value> = l
        .features
        .iter()
        .zip(v.facts.features.iter())
        .filter(|(f, _)| {
            v.include_expired_features || f.expiry_date.map(|e| e >= v.now).unwrap_or(true)
        })
        .map(|(f, facts)| feature_object(f, facts, v.now))
        .collect();
    let custom_fields: Vec<Value> = l
        .custom_fields
        .iter()
        .map(|c| json!({"name": c.name, "data_type": c.data_type, "value": c.value}))
        .collect();
    let customer = l
        .customer
        .as_ref()
        .map(customer_object)
        .unwrap_or(Value::Null);
    let (is_borrowed, borrowed_until) = borrow_fields(v.facts.seat, v.now);
    let c = &v.facts.consumption;
    let obj = json!({
        "id": l.id,
        "license_key": l.license_key,
        "license_type": l.license_type.as_str(),
        "order_store_id": l.order_store_id,
        "license_active": l.active,
        "license_enabled": l.enabled,
        "is_expired": is_expired(l, v.now),
        "is_trial": l.is_trial,
        "trial_days": l.trial_days,
        "validity_period": date(l.validity_period),
        "start_date": date(l.start_date),
        "maintenance_period": date(l.maintenance_period),
        "times_activated": v.facts.times_activated,
        "max_activations": l.max_activations,
        "allow_unlimited_activations": l.allow_unlimited_activations,
        "transfer_count": v.facts.state.transfer_count,
        "max_transfers": l.max_transfers,
        "prevent_vm": l.prevent_vm,
        "allow_offline_activation": l.allow_offline_activation,
        "is_air_gapped": false,
        "allow_grace_period": l.allow_grace_period,
        "grace_period": l.grace_period,
        "is_floating": l.is_floating,
        "is_floating_cloud": l.is_floating_cloud,
        "floating_timeout": l.floating_timeout,
        "floating_users": l.floating_users,
        "floating_in_use_devices": v.facts.floating_in_use,
        "can_borrow": l.can_borrow,
        "is_borrowed": is_borrowed,
        "borrowed_until": borrowed_until,
        "max_borrow_time": l.max_borrow_time,
        "max_consumptions": l.max_consumptions,
        "total_consumptions": c.total,
        "allow_unlimited_consumptions": l.allow_unlimited_consumptions,
        "allow_negative_consumptions": l.allow_negative_consumptions,
        "allow_overages": c.allow_overages,
        "max_overages": c.max_overages,
        "reset_consumption": l.reset_consumption,
        "consumption_period": l.consumption_period.map(|p| p.as_str()),
        "metadata": l.metadata,
        "custom_fields": custom_fields,
        "product_features": features,
        "customer": customer,
        "company": {"id": v.company_id},
        "product_details": {
            "product_id": product.id,
            "product_name": product.name,
            "short_code": product.short_code,
            "authorization_method": product.authorization_method.as_str(),
            "metadata": product.metadata,
        },
        "device_id": v.device_id,
        "hardware_id": v.target.hardware_id,
        "variables": v.variables,
    });
    let mut obj = match obj {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    if let Some(u) = v.target.user() {
        obj.insert(
            "user".into(),
            json!({
                "id": u.id,
                "email": u.email,
                "first_name": u.first_name,
                "last_name": u.last_name,
                "max_activations": u.max_activations,
            }),
        );
    }
    obj
}
