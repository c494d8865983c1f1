//! The seed file: the emulator's static configuration (API keys, products, licenses, license
//! users, SSO accounts, blacklisted devices). Parsed strictly: unknown fields are rejected and
//! every error names the offending field by its path.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::dates;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub api_keys: Vec<ApiKey>,
    #[serde(default)]
    pub products: Vec<Product>,
    #[serde(default)]
    pub sso_accounts: Vec<SsoAccount>,
    #[serde(default)]
    pub blacklisted_hardware_ids: Vec<String>,
    /// `company.id` in responses.
    #[serde(default = "one")]
    pub company_id: i64,
    /// OAuth clients (client credentials grant) whose tokens authorize requests.
    #[serde(default)]
    pub oauth_clients: Vec<OAuthClient>,
    /// Bundles: a short code that activates, checks and deactivates the licenses of several
    /// products at once.
    #[serde(default)]
    pub bundles: Vec<Bundle>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthClient {
    pub client_id: String,
    pub client_secret: String,
    /// Token lifetime in seconds.
    #[serde(default = "token_lifetime_default")]
    pub expires_in: i64,
    /// A misbehaviour of the token endpoint for this client (tests of client error paths).
    #[serde(default)]
    pub fault: Option<OAuthFault>,
}

fn token_lifetime_default() -> i64 {
    480
}

/// How the token endpoint misbehaves for one client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OAuthFault {
    /// Never answers (the connection stays open until the client gives up).
    Hang,
    /// Answers 502 with an HTML page, as a proxy in the way would.
    Html,
    /// Answers 401 `invalid_client` even for the right secret.
    InvalidClient,
    /// Issues tokens that are already expired (the API then answers `oauth_token_expired`).
    ExpiredTokens,
}

impl OAuthFault {
    pub fn parse(s: &str) -> Option<OAuthFault> {
        serde_json::from_value(Value::String(s.to_string())).ok()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    #[serde(default)]
    pub id: Option<i64>,
    /// The request's `product` for the bundle calls; not a product short code.
    pub short_code: String,
    /// Short codes of the products in the bundle, in answer order. A bundle license is the set
    /// of licenses of these products that the request's identity names (the same license key,
    /// or the same license user).
    pub products: Vec<String>,
}

/// Environments a version can be built for.
pub const ENVIRONMENTS: &[&str] = &[
    "win", "win32", "win64", "mac", "linux", "linux32", "linux64",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    #[serde(default)]
    pub id: Option<i64>,
    pub version: String,
    /// One of `ENVIRONMENTS`.
    pub env: String,
    #[serde(default = "stable")]
    pub channel: String,
    #[serde(deserialize_with = "req_date")]
    pub release_date: OffsetDateTime,
    pub installation_file: String,
    #[serde(default)]
    pub hash_md5: Option<String>,
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(default)]
    pub size: Option<String>,
    #[serde(default)]
    pub eula_link: Option<String>,
    #[serde(default)]
    pub release_notes_link: Option<String>,
    #[serde(default)]
    pub requires_version: Option<String>,
}

fn stable() -> String {
    "stable".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKey {
    pub api_key: String,
    pub shared_key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum AuthorizationMethod {
    #[serde(rename = "license-key")]
    LicenseKey,
    #[serde(rename = "user")]
    User,
}

impl AuthorizationMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthorizationMethod::LicenseKey => "license-key",
            AuthorizationMethod::User => "user",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    #[serde(default)]
    pub id: Option<i64>,
    pub short_code: String,
    pub name: String,
    #[serde(default = "default_auth_method")]
    pub authorization_method: AuthorizationMethod,
    #[serde(default)]
    pub metadata: Map<String, Value>,
    #[serde(default)]
    pub licenses: Vec<License>,
    /// Trial licenses can be requested through `trial_key`.
    #[serde(default)]
    pub allow_trial: bool,
    /// Length of a trial license, in days.
    #[serde(default = "trial_days_default")]
    pub trial_days: i64,
    /// License-key products: `trial_key` needs an `email` (user products always need one).
    #[serde(default)]
    pub trial_requires_email: bool,
    /// The template every trial license of this product is made from (type, limits, features,
    /// floating and consumption settings). `id`, `license_key` and `users` are not allowed here.
    #[serde(default)]
    pub trial_license: Option<License>,
    /// Reported by `product_details`.
    #[serde(default = "floating_timeout_default")]
    pub floating_timeout: i64,
    #[serde(default)]
    pub allow_overages: bool,
    #[serde(default)]
    pub max_overages: i64,
    #[serde(default)]
    pub prevent_vm: bool,
    /// `product_details.latest_version` when `include_latest_version=true` (free-form object).
    #[serde(default)]
    pub latest_version: Option<Map<String, Value>>,
    /// `product_details.custom_fields` when `include_custom_fields=true`.
    #[serde(default)]
    pub custom_fields: Vec<ProductCustomField>,
    /// Released versions, served by `versions` and `installation_file`.
    #[serde(default)]
    pub versions: Vec<Version>,
}

fn trial_days_default() -> i64 {
    14
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductCustomField {
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    #[serde(default)]
    pub default_value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsumptionPeriod {
    Daily,
    Weekly,
    Monthly,
    Annually,
}

impl ConsumptionPeriod {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsumptionPeriod::Daily => "daily",
            ConsumptionPeriod::Weekly => "weekly",
            ConsumptionPeriod::Monthly => "monthly",
            ConsumptionPeriod::Annually => "annually",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeatureType {
    Activation,
    Consumption,
}

impl FeatureType {
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureType::Activation => "activation",
            FeatureType::Consumption => "consumption",
        }
    }
}

impl Product {
    /// The license every new trial of this product copies (the seed's `trial_license`, or a
    /// perpetual single-device license).
    pub fn trial_template(&self) -> License {
        self.trial_license.clone().unwrap_or_else(|| {
            serde_json::from_value(Value::Object(Map::new()))
                .expect("a license with every field defaulted")
        })
    }
}

fn default_auth_method() -> AuthorizationMethod {
    AuthorizationMethod::LicenseKey
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LicenseType {
    Perpetual,
    TimeLimited,
    Subscription,
    Consumption,
}

impl LicenseType {
    pub fn as_str(self) -> &'static str {
        match self {
            LicenseType::Perpetual => "perpetual",
            LicenseType::TimeLimited => "time-limited",
            LicenseType::Subscription => "subscription",
            LicenseType::Consumption => "consumption",
        }
    }
}

fn yes() -> bool {
    true
}
fn one() -> i64 {
    1
}
fn floating_timeout_default() -> i64 {
    120
}
fn perpetual() -> LicenseType {
    LicenseType::Perpetual
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct License {
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(default)]
    pub license_key: Option<String>,
    #[serde(default)]
    pub users: Option<Vec<LicenseUser>>,
    #[serde(default = "perpetual")]
    pub license_type: LicenseType,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default, deserialize_with = "opt_date")]
    pub start_date: Option<OffsetDateTime>,
    #[serde(default, deserialize_with = "opt_date")]
    pub validity_period: Option<OffsetDateTime>,
    #[serde(default, deserialize_with = "opt_date")]
    pub maintenance_period: Option<OffsetDateTime>,
    #[serde(default = "one")]
    pub max_activations: i64,
    #[serde(default)]
    pub allow_unlimited_activations: bool,
    #[serde(default)]
    pub max_transfers: i64,
    #[serde(default)]
    pub prevent_vm: bool,
    #[serde(default)]
    pub is_trial: bool,
    #[serde(default)]
    pub trial_days: i64,
    #[serde(default)]
    pub is_floating: bool,
    #[serde(default)]
    pub is_floating_cloud: bool,
    #[serde(default = "one")]
    pub floating_users: i64,
    #[serde(default = "floating_timeout_default")]
    pub floating_timeout: i64,
    #[serde(default)]
    pub max_consumptions: i64,
    #[serde(default)]
    pub allow_unlimited_consumptions: bool,
    #[serde(default)]
    pub allow_negative_consumptions: bool,
    #[serde(default)]
    pub allow_overages: bool,
    #[serde(default)]
    pub max_overages: i64,
    #[serde(default)]
    pub reset_consumption: bool,
    #[serde(default)]
    pub consumption_period: Option<ConsumptionPeriod>,
    #[serde(default)]
    pub can_borrow: bool,
    /// Hours.
    #[serde(default)]
    pub max_borrow_time: i64,
    #[serde(default)]
    pub allow_grace_period: bool,
    #[serde(default)]
    pub grace_period: i64,
    #[serde(default)]
    pub allow_offline_activation: bool,
    #[serde(default)]
    pub order_store_id: Option<String>,
    #[serde(default)]
    pub features: Vec<Feature>,
    #[serde(default)]
    pub custom_fields: Vec<CustomField>,
    #[serde(default)]
    pub metadata: Map<String, Value>,
    #[serde(default)]
    pub customer: Option<Customer>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseUser {
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(alias = "username")]
    pub email: String,
    pub password: String,
    #[serde(default = "one")]
    pub max_activations: i64,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
}

fn activation() -> FeatureType {
    FeatureType::Activation
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feature {
    #[serde(default)]
    pub id: Option<i64>,
    pub code: String,
    pub name: String,
    #[serde(default = "activation")]
    pub feature_type: FeatureType,
    #[serde(default, deserialize_with = "opt_date")]
    pub expiry_date: Option<OffsetDateTime>,
    #[serde(default)]
    pub metadata: Map<String, Value>,
    #[serde(default)]
    pub max_consumption: i64,
    #[serde(default)]
    pub allow_unlimited_consumptions: bool,
    #[serde(default)]
    pub allow_negative_consumptions: bool,
    #[serde(default)]
    pub allow_overages: bool,
    #[serde(default)]
    pub max_overages: i64,
    #[serde(default)]
    pub reset_consumption: bool,
    #[serde(default)]
    pub consumption_period: Option<ConsumptionPeriod>,
    #[serde(default)]
    pub is_floating: bool,
    #[serde(default)]
    pub is_floating_cloud: bool,
    #[serde(default = "one")]
    pub floating_users: i64,
    /// Minutes.
    #[serde(default = "floating_timeout_default")]
    pub floating_timeout: i64,
    #[serde(default)]
    pub can_borrow: bool,
    /// Hours.
    #[serde(default)]
    pub max_borrow_time: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomField {
    pub name: String,
    pub value: String,
    #[serde(default)]
    pub data_type: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub company_name: Option<String>,
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub customer_account: Option<String>,
    #[serde(default)]
    pub metadata: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsoAccount {
    pub customer_account_code: String,
    /// id_token (implicit grant) → license user email.
    #[serde(default)]
    pub id_tokens: BTreeMap<String, String>,
    /// code (authorization-code grant) → license user email.
    #[serde(default)]
    pub codes: BTreeMap<String, String>,
}

fn req_date<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
    let s = String::deserialize(d)?;
    dates::parse(&s).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "invalid date {s:?}: expected RFC 3339 (2099-12-31T23:59:59Z) or YYYY-MM-DD"
        ))
    })
}

fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<OffsetDateTime>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    match s {
        None => Ok(None),
        Some(s) => dates::parse(&s).map(Some).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid date {s:?}: expected RFC 3339 (2099-12-31T23:59:59Z) or YYYY-MM-DD"
            ))
        }),
    }
}

/// Trial licenses and their users are numbered from here, so they never meet a seed id.
pub const TRIAL_ID_BASE: i64 = 1_000_000_000_000_000;

/// Numbers that must not be negative, features (unique codes, numbered ids).
fn check_license_settings(lp: &str, l: &mut License, next_feature: &mut i64) -> Result<(), String> {
    for (field, value) in [
        ("max_activations", l.max_activations),
        ("max_transfers", l.max_transfers),
        ("floating_users", l.floating_users),
        ("floating_timeout", l.floating_timeout),
        ("max_consumptions", l.max_consumptions),
        ("max_overages", l.max_overages),
        ("max_borrow_time", l.max_borrow_time),
        ("trial_days", l.trial_days),
        ("grace_period", l.grace_period),
    ] {
        if value < 0 {
            return Err(bad(format!("{lp}.{field}"), "must not be negative"));
        }
    }
    if l.reset_consumption && l.consumption_period.is_none() {
        return Err(bad(
            format!("{lp}.consumption_period"),
            "required when reset_consumption is true",
        ));
    }
    let mut codes = HashSet::new();
    for (fi, f) in l.features.iter_mut().enumerate() {
        let fp = format!("{lp}.features[{fi}]");
        if f.code.is_empty() {
            return Err(bad(format!("{fp}.code"), "must not be empty"));
        }
        if !codes.insert(f.code.clone()) {
            return Err(bad(
                format!("{fp}.code"),
                "duplicate feature code in this license",
            ));
        }
        for (field, value) in [
            ("max_consumption", f.max_consumption),
            ("max_overages", f.max_overages),
            ("floating_users", f.floating_users),
            ("floating_timeout", f.floating_timeout),
            ("max_borrow_time", f.max_borrow_time),
        ] {
            if value < 0 {
                return Err(bad(format!("{fp}.{field}"), "must not be negative"));
            }
        }
        if f.reset_consumption && f.consumption_period.is_none() {
            return Err(bad(
                format!("{fp}.consumption_period"),
                "required when reset_consumption is true",
            ));
        }
        f.id.get_or_insert_with(|| {
            *next_feature += 1;
            *next_feature - 1
        });
    }
    Ok(())
}

/// A seed problem found after parsing (duplicates, missing identity, dangling SSO users).
fn bad(path: String, msg: &str) -> String {
    format!("{path}: {msg}")
}

/// Parse a seed file's text. The error names the field by its path.
pub fn parse(text: &str) -> Result<Seed, String> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let mut seed: Seed = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." || path.is_empty() {
            inner.to_string()
        } else {
            format!("{path}: {inner}")
        }
    })?;
    validate_and_fill(&mut seed)?;
    Ok(seed)
}

fn validate_and_fill(seed: &mut Seed) -> Result<(), String> {
    if seed.api_keys.is_empty() {
        return Err(bad("api_keys".into(), "at least one API key is required"));
    }
    let mut keys = HashSet::new();
    for (i, k) in seed.api_keys.iter().enumerate() {
        if k.api_key.is_empty() {
            return Err(bad(format!("api_keys[{i}].api_key"), "must not be empty"));
        }
        if !keys.insert(k.api_key.clone()) {
            return Err(bad(format!("api_keys[{i}].api_key"), "duplicate API key"));
        }
    }
    // Ids that the seed leaves out are numbered in file order, after the largest explicit id.
    let mut next_product = 1 + seed.products.iter().filter_map(|p| p.id).max().unwrap_or(0);
    let all_licenses = || seed.products.iter().flat_map(|p| p.licenses.iter());
    let mut next_license = 1 + all_licenses().filter_map(|l| l.id).max().unwrap_or(0);
    let mut next_user = 1 + all_licenses()
        .flat_map(|l| l.users.iter().flatten())
        .filter_map(|u| u.id)
        .max()
        .unwrap_or(0);
    let mut next_feature = 1 + all_licenses()
        .chain(
            seed.products
                .iter()
                .filter_map(|p| p.trial_license.as_ref()),
        )
        .flat_map(|l| l.features.iter())
        .filter_map(|f| f.id)
        .max()
        .unwrap_or(0);
    let mut next_custom_field = 1 + seed
        .products
        .iter()
        .flat_map(|p| p.custom_fields.iter())
        .filter_map(|c| c.id)
        .max()
        .unwrap_or(0);

    let mut next_version = 1 + seed
        .products
        .iter()
        .flat_map(|p| p.versions.iter())
        .filter_map(|v| v.id)
        .max()
        .unwrap_or(0);
    let mut version_ids = HashSet::new();
    let mut product_ids = HashSet::new();
    let mut short_codes = HashSet::new();
    let mut license_ids = HashSet::new();
    let mut user_ids = HashSet::new();
    for (pi, p) in seed.products.iter_mut().enumerate() {
        let pp = format!("products[{pi}]");
        if p.short_code.is_empty() {
            return Err(bad(format!("{pp}.short_code"), "must not be empty"));
        }
        if !short_codes.insert(p.short_code.clone()) {
            return Err(bad(format!("{pp}.short_code"), "duplicate short_code"));
        }
        let id = *p.id.get_or_insert_with(|| {
            next_product += 1;
            next_product - 1
        });
        if id <= 0 || !product_ids.insert(id) {
            return Err(bad(format!("{pp}.id"), "must be a unique positive number"));
        }
        let mut license_keys = HashSet::new();
        for (li, l) in p.licenses.iter_mut().enumerate() {
            let lp = format!("{pp}.licenses[{li}]");
            let id = *l.id.get_or_insert_with(|| {
                next_license += 1;
                next_license - 1
            });
            if id <= 0 || !license_ids.insert(id) {
                return Err(bad(format!("{lp}.id"), "must be a unique positive number"));
            }
            if l.max_activations < 0 {
                return Err(bad(format!("{lp}.max_activations"), "must not be negative"));
            }
            if l.max_transfers < 0 {
                return Err(bad(format!("{lp}.max_transfers"), "must not be negative"));
            }
            match p.authorization_method {
                AuthorizationMethod::LicenseKey => {
                    if l.users.is_some() {
                        return Err(bad(
                            format!("{lp}.users"),
                            "not allowed on a license-key product (use license_key)",
                        ));
                    }
                    match &l.license_key {
                        None => {
                            return Err(bad(
                                format!("{lp}.license_key"),
                                "required on a license-key product",
                            ))
                        }
                        Some(k) if k.is_empty() => {
                            return Err(bad(format!("{lp}.license_key"), "must not be empty"))
                        }
                        Some(k) => {
                            if !license_keys.insert(k.clone()) {
                                return Err(bad(
                                    format!("{lp}.license_key"),
                                    "duplicate license key in this product",
                                ));
                            }
                        }
                    }
                }
                AuthorizationMethod::User => {
                    if l.license_key.is_some() {
                        return Err(bad(
                            format!("{lp}.license_key"),
                            "not allowed on a user-based product (use users)",
                        ));
                    }
                    let users = match &mut l.users {
                        Some(u) if !u.is_empty() => u,
                        _ => {
                            return Err(bad(
                                format!("{lp}.users"),
                                "at least one user is required on a user-based product",
                            ))
                        }
                    };
                    let mut emails = HashSet::new();
                    for (ui, u) in users.iter_mut().enumerate() {
                        let up = format!("{lp}.users[{ui}]");
                        if u.email.is_empty() {
                            return Err(bad(format!("{up}.email"), "must not be empty"));
                        }
                        if !emails.insert(u.email.to_lowercase()) {
                            return Err(bad(format!("{up}.email"), "duplicate user"));
                        }
                        if u.max_activations < 0 {
                            return Err(bad(
                                format!("{up}.max_activations"),
                                "must not be negative",
                            ));
                        }
                        let id = *u.id.get_or_insert_with(|| {
                            next_user += 1;
                            next_user - 1
                        });
                        if id <= 0 || !user_ids.insert(id) {
                            return Err(bad(
                                format!("{up}.id"),
                                "must be a unique positive number",
                            ));
                        }
                    }
                }
            }
            if id >= TRIAL_ID_BASE {
                return Err(bad(
                    format!("{lp}.id"),
                    "must be below 1000000000000000 (trial licenses are numbered from there)",
                ));
            }
            check_license_settings(&lp, l, &mut next_feature)?;
        }
        if p.allow_trial && p.trial_days < 1 {
            return Err(bad(
                format!("{pp}.trial_days"),
                "must be at least 1 when allow_trial is true",
            ));
        }
        if p.floating_timeout < 0 || p.max_overages < 0 {
            let field = if p.floating_timeout < 0 {
                "floating_timeout"
            } else {
                "max_overages"
            };
            return Err(bad(format!("{pp}.{field}"), "must not be negative"));
        }
        for c in p.custom_fields.iter_mut() {
            c.id.get_or_insert_with(|| {
                next_custom_field += 1;
                next_custom_field - 1
            });
        }
        for (vi, v) in p.versions.iter_mut().enumerate() {
            let vp = format!("{pp}.versions[{vi}]");
            for (field, value) in [
                ("version", &v.version),
                ("channel", &v.channel),
                ("installation_file", &v.installation_file),
            ] {
                if value.is_empty() {
                    return Err(bad(format!("{vp}.{field}"), "must not be empty"));
                }
            }
            if !ENVIRONMENTS.contains(&v.env.as_str()) {
                return Err(bad(
                    format!("{vp}.env"),
                    &format!("must be one of {}", ENVIRONMENTS.join(", ")),
                ));
            }
            let id = *v.id.get_or_insert_with(|| {
                next_version += 1;
                next_version - 1
            });
            if id <= 0 || !version_ids.insert(id) {
                return Err(bad(format!("{vp}.id"), "must be a unique positive number"));
            }
        }
        if let Some(t) = &mut p.trial_license {
            let tp = format!("{pp}.trial_license");
            for (field, set) in [
                ("id", t.id.is_some()),
                ("license_key", t.license_key.is_some()),
                ("users", t.users.is_some()),
            ] {
                if set {
                    return Err(bad(
                        format!("{tp}.{field}"),
                        "not allowed in a trial template (every trial license gets its own)",
                    ));
                }
            }
            check_license_settings(&tp, t, &mut next_feature)?;
        }
    }

    // Every SSO mapping must name an existing user of a user-based license.
    let user_emails: HashSet<String> = seed
        .products
        .iter()
        .flat_map(|p| p.licenses.iter())
        .flat_map(|l| l.users.iter().flatten())
        .map(|u| u.email.to_lowercase())
        .collect();
    let mut accounts = HashSet::new();
    for (si, s) in seed.sso_accounts.iter().enumerate() {
        let sp = format!("sso_accounts[{si}]");
        if !accounts.insert(s.customer_account_code.clone()) {
            return Err(bad(
                format!("{sp}.customer_account_code"),
                "duplicate customer_account_code",
            ));
        }
        for (field, map) in [("id_tokens", &s.id_tokens), ("codes", &s.codes)] {
            for (token, email) in map {
                if !user_emails.contains(&email.to_lowercase()) {
                    return Err(bad(
                        format!("{sp}.{field}.{token}"),
                        &format!("no license user with email {email:?}"),
                    ));
                }
            }
        }
    }

    let mut client_ids = HashSet::new();
    for (ci, c) in seed.oauth_clients.iter().enumerate() {
        let cp = format!("oauth_clients[{ci}]");
        if c.client_id.is_empty() {
            return Err(bad(format!("{cp}.client_id"), "must not be empty"));
        }
        if !client_ids.insert(c.client_id.clone()) {
            return Err(bad(format!("{cp}.client_id"), "duplicate client_id"));
        }
        if c.client_secret.is_empty() {
            return Err(bad(format!("{cp}.client_secret"), "must not be empty"));
        }
        if !(1..=31_536_000).contains(&c.expires_in) {
            return Err(bad(
                format!("{cp}.expires_in"),
                "must be between 1 and 31536000 seconds",
            ));
        }
    }

    let mut next_bundle = 1 + seed.bundles.iter().filter_map(|b| b.id).max().unwrap_or(0);
    let mut bundle_ids = HashSet::new();
    let mut bundle_codes = HashSet::new();
    for (bi, b) in seed.bundles.iter_mut().enumerate() {
        let bp = format!("bundles[{bi}]");
        if b.short_code.is_empty() {
            return Err(bad(format!("{bp}.short_code"), "must not be empty"));
        }
        if short_codes.contains(&b.short_code) {
            return Err(bad(
                format!("{bp}.short_code"),
                "already the short_code of a product",
            ));
        }
        if !bundle_codes.insert(b.short_code.clone()) {
            return Err(bad(
                format!("{bp}.short_code"),
                "duplicate bundle short_code",
            ));
        }
        let id = *b.id.get_or_insert_with(|| {
            next_bundle += 1;
            next_bundle - 1
        });
        if id <= 0 || !bundle_ids.insert(id) {
            return Err(bad(format!("{bp}.id"), "must be a unique positive number"));
        }
        if b.products.is_empty() {
            return Err(bad(
                format!("{bp}.products"),
                "at least one product is required",
            ));
        }
        let mut method = None;
        let mut seen = HashSet::new();
        for (i, code) in b.products.iter().enumerate() {
            let path = format!("{bp}.products[{i}]");
            let product = seed
                .products
                .iter()
                .find(|p| &p.short_code == code)
                .ok_or_else(|| bad(path.clone(), &format!("no product {code:?}")))?;
            if !seen.insert(code.clone()) {
                return Err(bad(path, "duplicate product in this bundle"));
            }
            if *method.get_or_insert(product.authorization_method) != product.authorization_method {
                return Err(bad(
                    path,
                    "every product of a bundle must have the same authorization_method",
                ));
            }
        }
    }
    Ok(())
}

/// Lookup structures built from a validated seed.
pub struct Catalog {
    pub company_id: i64,
    pub shared_keys: HashMap<String, String>,
    pub products: Vec<Product>,
    pub sso: HashMap<String, SsoIndex>,
    pub blacklist: HashSet<String>,
    pub oauth_clients: HashMap<String, OAuthClient>,
    pub bundles: Vec<Bundle>,
}

pub struct SsoIndex {
    pub id_tokens: HashMap<String, String>,
    pub codes: HashMap<String, String>,
}

impl Catalog {
    pub fn new(seed: Seed) -> Catalog {
        Catalog {
            company_id: seed.company_id,
            shared_keys: seed
                .api_keys
                .into_iter()
                .map(|k| (k.api_key, k.shared_key))
                .collect(),
            products: seed.products,
            sso: seed
                .sso_accounts
                .into_iter()
                .map(|s| {
                    (
                        s.customer_account_code,
                        SsoIndex {
                            id_tokens: s.id_tokens.into_iter().collect(),
                            codes: s.codes.into_iter().collect(),
                        },
                    )
                })
                .collect(),
            blacklist: seed.blacklisted_hardware_ids.into_iter().collect(),
            oauth_clients: seed
                .oauth_clients
                .into_iter()
                .map(|c| (c.client_id.clone(), c))
                .collect(),
            bundles: seed.bundles,
        }
    }

    pub fn bundle(&self, short_code: &str) -> Option<&Bundle> {
        self.bundles.iter().find(|b| b.short_code == short_code)
    }

    pub fn product(&self, short_code: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.short_code == short_code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_is_named() {
        let err = parse(r#"{"api_keys":[{"api_key":"a","shared_key":"b"}],"products":[{"short_code":"x","name":"X","licenses":[{"license_key":"K","max_activation":3}]}]}"#).unwrap_err();
        assert!(err.contains("products[0].licenses[0]"), "{err}");
        assert!(err.contains("max_activation"), "{err}");
    }

    #[test]
    fn bad_date_is_named() {
        let err = parse(r#"{"api_keys":[{"api_key":"a","shared_key":"b"}],"products":[{"short_code":"x","name":"X","licenses":[{"license_key":"K","validity_period":"soon"}]}]}"#).unwrap_err();
        assert!(
            err.contains("products[0].licenses[0].validity_period"),
            "{err}"
        );
    }

    #[test]
    fn demo_seed_parses() {
        let text = include_str!("../seeds/demo.json");
        let seed = parse(text).expect("demo seed");
        assert_eq!(seed.products.len(), 5);
        assert_eq!(seed.bundles.len(), 1);
        assert_eq!(seed.oauth_clients.len(), 6);
    }
}
