//! The License API calls: request parsing, the license rules (in the order documented in
//! README.md) and the license object.

use std::collections::BTreeMap;
use std::sync::Mutex;

use rusqlite::{Connection, TransactionBehavior};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use crate::dates;
use crate::errors::ApiError;
use crate::seed::{AuthorizationMethod, Catalog, License, LicenseUser, Product};
use crate::signing::Signer;
use crate::store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Activate,
    Deactivate,
    Check,
}

/// Fields of activate / deactivate / check. Unknown fields are ignored; `null` is "absent".
#[derive(Debug, Default, Deserialize)]
pub struct LicenseRequest {
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
}

fn validation(e: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = e.path().to_string();
    ApiError::bad("validation_error", format!("{path}: {}", e.into_inner()))
}

/// Parse a JSON request body.
pub fn parse_body(body: &[u8]) -> Result<LicenseRequest, ApiError> {
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

/// Parse a query string (check_license): numbers and booleans arrive as text.
pub fn parse_query(query: &str) -> Result<LicenseRequest, ApiError> {
    let mut map = Map::new();
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        let value = match k.as_ref() {
            "license_id" | "consumptions" => match v.trim().parse::<i64>() {
                Ok(n) => Value::from(n),
                Err(_) => {
                    return Err(ApiError::bad(
                        "validation_error",
                        format!("{k}: must be an integer"),
                    ))
                }
            },
            "is_vm" | "include_expired_features" => match v.to_ascii_lowercase().as_str() {
                "true" | "1" => Value::Bool(true),
                "false" | "0" | "" => Value::Bool(false),
                _ => {
                    return Err(ApiError::bad(
                        "validation_error",
                        format!("{k}: must be true or false"),
                    ))
                }
            },
            "variables" => continue,
            _ => Value::String(v.into_owned()),
        };
        map.insert(k.into_owned(), value);
    }
    serde_path_to_error::deserialize(Value::Object(map)).map_err(validation)
}

fn present(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// What the locked part of a request produced; signing happens after the lock is released.
pub enum Outcome {
    /// A license object (without `license_signature`) and the v1 string to sign for it.
    License {
        object: Map<String, Value>,
        v1: String,
    },
    Deactivated,
}

pub struct App {
    pub catalog: Catalog,
    pub db: Mutex<Connection>,
    pub signer: Signer,
}

impl App {
    /// Run one call to completion: rules and state change under the lock, signing after.
    /// Returns (body, LicenseSignature header value if any).
    pub fn run(
        &self,
        call: Call,
        req: &LicenseRequest,
    ) -> Result<(Vec<u8>, Option<String>), ApiError> {
        let outcome = self.apply(call, req, OffsetDateTime::now_utc())?;
        match outcome {
            Outcome::Deactivated => Ok((b"license_deactivated".to_vec(), None)),
            Outcome::License { mut object, v1 } => {
                object.insert(
                    "license_signature".into(),
                    Value::String(self.signer.sign(v1.as_bytes())),
                );
                let body =
                    serde_json::to_vec(&Value::Object(object)).map_err(ApiError::internal)?;
                let sig = self.signer.sign(&body);
                Ok((body, Some(sig)))
            }
        }
    }

    fn apply(
        &self,
        call: Call,
        req: &LicenseRequest,
        now: OffsetDateTime,
    ) -> Result<Outcome, ApiError> {
        // 1. Required parameters.
        let short_code = present(&req.product).ok_or_else(|| ApiError::missing("product"))?;
        let hardware_id =
            present(&req.hardware_id).ok_or_else(|| ApiError::missing("hardware_id"))?;
        if present(&req.id_token).is_some() && present(&req.code).is_some() {
            return Err(ApiError::bad(
                "validation_error",
                "Use either id_token or code, not both",
            ));
        }
        // 2. Product.
        let product = self
            .catalog
            .product(short_code)
            .ok_or_else(|| ApiError::bad("unknown_product", "Provided product was not found"))?;
        // 3. Identity → license (and license user).
        let (license, user) = self.resolve(product, req)?;

        // 4. License state (deactivate checks only `active`, as the vendor documents).
        if call != Call::Deactivate && !license.enabled {
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
        if call != Call::Deactivate {
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
                return Err(ApiError::bad(
                    "license_expired",
                    "License validity period has expired.",
                ));
            }
            // 5. Virtual machines.
            if license.prevent_vm && req.is_vm == Some(true) {
                return Err(ApiError::bad(
                    "vm_not_allowed",
                    "Virtual machine not allowed",
                ));
            }
            // 6. Blacklisted devices.
            if self.catalog.blacklist.contains(hardware_id) {
                return Err(ApiError::bad("blacklisted", "This device is blacklisted"));
            }
        }

        // Everything below reads or changes devices: one transaction under the lock.
        let mut conn = self.db.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(ApiError::internal)?;
        let now_text = dates::format(now);
        let existing =
            store::device(&tx, license.id_or_zero(), hardware_id).map_err(ApiError::internal)?;
        let mut state =
            store::license_state(&tx, license.id_or_zero()).map_err(ApiError::internal)?;
        let lid = license.id_or_zero();
        let owned_by_caller =
            |d: &store::Device| user.is_none() || d.user_id == user.and_then(|u| u.id);

        let (device_id, variables) = match call {
            Call::Activate => {
                // 7. Already active here.
                if existing.as_ref().map(|d| d.active).unwrap_or(false) {
                    return Err(ApiError::new(
                        409,
                        "license_device_exists",
                        "A device matching this hardware_id is already created on the license",
                    ));
                }
                // 8. Seats on the license.
                let active = store::active_count(&tx, lid).map_err(ApiError::internal)?;
                if !license.allow_unlimited_activations && active >= license.max_activations {
                    return Err(ApiError::bad(
                        "license_activated_max_times",
                        "This license has already been activated the maximum number of times",
                    ));
                }
                // 9. Seats of the license user.
                if let Some(u) = user {
                    let mine = store::active_count_for_user(&tx, lid, u.id.unwrap_or(0))
                        .map_err(ApiError::internal)?;
                    if mine >= u.max_activations {
                        return Err(ApiError::bad(
                            "license_user_activated_max_times",
                            "License user has activated this license max times",
                        ));
                    }
                }
                // 10. Transfers: a hardware id never seen on this license, after a deactivation.
                if existing.is_none() && state.deactivation_count > 0 {
                    if license.max_transfers > 0 && state.transfer_count >= license.max_transfers {
                        return Err(ApiError::bad(
                            "license_transferred_max_times",
                            "This license has already been transferred the maximum number of times",
                        ));
                    }
                    state.transfer_count += 1;
                }
                let mut variables = existing.map(|d| d.variables).unwrap_or_default();
                if let Some(v) = &req.variables {
                    variables.extend(v.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                let id = store::activate(
                    &tx,
                    lid,
                    user.and_then(|u| u.id),
                    hardware_id,
                    &device_info(req),
                    &variables,
                    &now_text,
                )
                .map_err(ApiError::internal)?;
                store::save_license_state(&tx, lid, &state).map_err(ApiError::internal)?;
                (id, variables)
            }
            Call::Deactivate => {
                let d = existing
                    .filter(|d| d.active && owned_by_caller(d))
                    .ok_or_else(device_not_found)?;
                store::deactivate(&tx, d.id, &now_text).map_err(ApiError::internal)?;
                state.deactivation_count += 1;
                if let Some(c) = req.consumptions {
                    state.total_consumptions = state.total_consumptions.saturating_add(c);
                }
                store::save_license_state(&tx, lid, &state).map_err(ApiError::internal)?;
                tx.commit().map_err(ApiError::internal)?;
                return Ok(Outcome::Deactivated);
            }
            Call::Check => {
                let d = existing
                    .filter(|d| d.active && owned_by_caller(d))
                    .ok_or_else(device_not_found)?;
                (d.id, d.variables)
            }
        };
        let times_activated = store::active_count(&tx, lid).map_err(ApiError::internal)?;
        tx.commit().map_err(ApiError::internal)?;
        drop(conn);

        let include_expired = call == Call::Activate || req.include_expired_features == Some(true);
        let object = license_object(LicenseView {
            product,
            license,
            user,
            state: &state,
            times_activated,
            device_id,
            hardware_id,
            variables: &variables,
            now,
            include_expired_features: include_expired,
        });
        let id = match user {
            Some(u) => u.email.split('|').next().unwrap_or_default().to_string(),
            None => license.license_key.clone().unwrap_or_default(),
        };
        let v1 = format!(
            "{hardware_id}#{id}#{}",
            license
                .validity_period
                .map(dates::format)
                .unwrap_or_default()
        )
        .to_lowercase();
        Ok(Outcome::License { object, v1 })
    }

    /// Find the license (and license user) the request's identity names.
    fn resolve<'a>(
        &'a self,
        product: &'a Product,
        req: &LicenseRequest,
    ) -> Result<(&'a License, Option<&'a LicenseUser>), ApiError> {
        let not_found = || ApiError::bad("license_not_found", "License not found");
        let pin = |l: &License| req.license_id.map(|id| l.id == Some(id)).unwrap_or(true);
        match product.authorization_method {
            AuthorizationMethod::LicenseKey => {
                let key =
                    present(&req.license_key).ok_or_else(|| ApiError::missing("license_key"))?;
                let license = product
                    .licenses
                    .iter()
                    .find(|l| l.license_key.as_deref() == Some(key))
                    .ok_or_else(not_found)?;
                if !pin(license) {
                    return Err(not_found());
                }
                Ok((license, None))
            }
            AuthorizationMethod::User => {
                let user_not_found = || {
                    ApiError::bad(
                        "license_not_found",
                        "License with the provided license user not found",
                    )
                };
                let (email, password) = if let Some(username) = present(&req.username) {
                    let password =
                        present(&req.password).ok_or_else(|| ApiError::missing("password"))?;
                    (username.to_string(), Some(password))
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
                for license in product.licenses.iter().filter(|l| pin(l)) {
                    for u in license.users.iter().flatten() {
                        if u.email.eq_ignore_ascii_case(&email)
                            && password.map(|p| p == u.password).unwrap_or(true)
                        {
                            return Ok((license, Some(u)));
                        }
                    }
                }
                Err(user_not_found())
            }
        }
    }
}

fn device_not_found() -> ApiError {
    ApiError::bad(
        "device_not_found",
        "An active device matching the hardware_id not found",
    )
}

impl License {
    fn id_or_zero(&self) -> i64 {
        self.id.unwrap_or(0)
    }
}

fn is_expired(license: &License, now: OffsetDateTime) -> bool {
    license.validity_period.map(|v| v < now).unwrap_or(false)
}

fn device_info(req: &LicenseRequest) -> String {
    json!({
        "is_vm": req.is_vm.unwrap_or(false),
        "vm_info": req.vm_info,
        "os_ver": req.os_ver,
        "hostname": req.hostname,
        "os_hostname": req.os_hostname,
        "ip": req.ip,
        "ip_local": req.ip_local,
        "app_ver": req.app_ver,
        "sdk_ver": req.sdk_ver,
        "mac_address": req.mac_address,
    })
    .to_string()
}

struct LicenseView<'a> {
    product: &'a Product,
    license: &'a License,
    user: Option<&'a LicenseUser>,
    state: &'a store::LicenseState,
    times_activated: i64,
    device_id: i64,
    hardware_id: &'a str,
    variables: &'a BTreeMap<String, String>,
    now: OffsetDateTime,
    include_expired_features: bool,
}

fn date(d: Option<OffsetDateTime>) -> Value {
    d.map(|d| Value::String(dates::format(d)))
        .unwrap_or(Value::Null)
}

fn license_object(v: LicenseView) -> Map<String, Value> {
    let l = v.license;
    let features: Vec<Value> = l
        .features
        .iter()
        .filter(|f| v.include_expired_features || f.expiry_date.map(|e| e >= v.now).unwrap_or(true))
        .map(|f| {
            json!({
                "id": f.id,
                "code": f.code,
                "name": f.name,
                "feature_type": f.feature_type,
                "expiry_date": date(f.expiry_date),
                "metadata": f.metadata,
                "max_consumption": f.max_consumption,
                "is_floating": f.is_floating,
                "is_floating_cloud": f.is_floating_cloud,
            })
        })
        .collect();
    let custom_fields: Vec<Value> = l
        .custom_fields
        .iter()
        .map(|c| json!({"name": c.name, "data_type": c.data_type, "value": c.value}))
        .collect();
    let customer = match &l.customer {
        Some(c) => json!({
            "email": c.email,
            "first_name": c.first_name,
            "last_name": c.last_name,
            "company_name": c.company_name,
            "reference": c.reference,
            "phone": c.phone,
            "customer_account": c.customer_account,
            "metadata": c.metadata,
        }),
        None => Value::Null,
    };
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
        "times_activated": v.times_activated,
        "max_activations": l.max_activations,
        "allow_unlimited_activations": l.allow_unlimited_activations,
        "transfer_count": v.state.transfer_count,
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
        "can_borrow": false,
        "is_borrowed": false,
        "borrowed_until": null,
        "max_borrow_time": 0,
        "max_consumptions": l.max_consumptions,
        "total_consumptions": v.state.total_consumptions,
        "allow_unlimited_consumptions": l.allow_unlimited_consumptions,
        "allow_negative_consumptions": l.allow_negative_consumptions,
        "allow_overages": l.allow_overages,
        "max_overages": l.max_overages,
        "metadata": l.metadata,
        "custom_fields": custom_fields,
        "product_features": features,
        "customer": customer,
        "product_details": {
            "product_id": v.product.id,
            "product_name": v.product.name,
            "short_code": v.product.short_code,
            "authorization_method": v.product.authorization_method.as_str(),
            "metadata": v.product.metadata,
        },
        "device_id": v.device_id,
        "hardware_id": v.hardware_id,
        "variables": v.variables,
    });
    let mut obj = match obj {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    if let Some(u) = v.user {
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
