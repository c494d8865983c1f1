//! trial_key: trial licenses, one per device and product (and license user on user products).

use rand::Rng;
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use super::{date, from_millis, millis, present, App, Outcome, Params};
use crate::errors::ApiError;
use crate::seed::{
    AuthorizationMethod, Customer, License, LicenseType, LicenseUser, Product, TRIAL_ID_BASE,
};
use crate::store;

/// The license a stored trial stands for: the product's trial template with the trial's own id,
/// key or user, customer and validity.
pub(crate) fn license_of(product: &Product, t: &store::Trial) -> License {
    let mut l = product.trial_template();
    if product.trial_license.is_none() {
        l.license_type = LicenseType::TimeLimited;
    }
    let id = TRIAL_ID_BASE + t.seq;
    l.id = Some(id);
    l.is_trial = true;
    l.trial_days = product.trial_days;
    l.validity_period = Some(from_millis(t.validity_period));
    let customer: Option<Customer> = serde_json::from_str(&t.customer).ok();
    match product.authorization_method {
        AuthorizationMethod::LicenseKey => l.license_key = t.license_key.clone(),
        AuthorizationMethod::User => {
            l.users = Some(vec![LicenseUser {
                id: Some(id),
                email: t.email.clone(),
                password: t.password.clone().unwrap_or_default(),
                max_activations: l.max_activations,
                first_name: customer.as_ref().and_then(|c| c.first_name.clone()),
                last_name: customer.as_ref().and_then(|c| c.last_name.clone()),
            }]);
        }
    }
    l.customer = customer;
    l
}

fn random_text(groups: usize, len: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..groups)
        .map(|_| {
            (0..len)
                .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

pub(super) fn trial_key(app: &App, req: &Params, now: OffsetDateTime) -> Result<Outcome, ApiError> {
    present(&req.product).ok_or_else(|| ApiError::missing("product"))?;
    let hardware_id = present(&req.hardware_id).ok_or_else(|| {
        ApiError::bad(
            "missing_hardware_id",
            "The hardware_id missing in the request",
        )
    })?;
    let product = app.product(req)?;
    if !product.allow_trial {
        return Err(ApiError::bad(
            "trial_not_allowed",
            "Product does not allow trial",
        ));
    }
    let user_based = product.authorization_method == AuthorizationMethod::User;
    let email = present(&req.email);
    if email.is_none() && (user_based || product.trial_requires_email) {
        return Err(ApiError::bad(
            "email_missing",
            "An email is missing for user-based product",
        ));
    }
    // A trial is identified by product + device (+ license user on user products).
    let email_key = if user_based {
        email.unwrap_or_default().to_lowercase()
    } else {
        String::new()
    };
    let product_id = product.id.unwrap_or(0);

    let mut conn = app.lock();
    let tx = app.begin(&mut conn)?;
    if let Some(t) = store::trial_for_device(&tx, product_id, hardware_id, &email_key)
        .map_err(ApiError::internal)?
    {
        let license = license_of(product, &t);
        let mut answer = json!({
            "license_type": license.license_type.as_str(),
            "is_trial": true,
        });
        if let Value::Object(m) = &mut answer {
            match &license.license_key {
                Some(k) => m.insert("license".into(), json!(k)),
                None => m.insert("license_user".into(), json!(t.email)),
            };
        }
        return Ok(Outcome::Json(answer));
    }

    let (license_key, password) = if user_based {
        let pw = present(&req.password)
            .map(str::to_string)
            .unwrap_or_else(|| random_text(1, 12));
        (None, Some(pw))
    } else {
        let key = loop {
            let k = random_text(4, 4);
            let in_seed = product
                .licenses
                .iter()
                .any(|l| l.license_key.as_deref() == Some(k.as_str()));
            if !in_seed
                && store::trial_by_key(&tx, product_id, &k)
                    .map_err(ApiError::internal)?
                    .is_none()
            {
                break k;
            }
        };
        (Some(key), None)
    };
    let customer = json!({
        "email": email,
        "first_name": req.first_name,
        "last_name": req.last_name,
        "company_name": req.company_name,
        "reference": req.reference,
        "phone": req.phone,
    });
    let created = millis(now);
    let validity = millis(now + Duration::days(product.trial_days));
    let seq = store::insert_trial(
        &tx,
        product_id,
        hardware_id,
        &email_key,
        license_key.as_deref(),
        password.as_deref(),
        &customer.to_string(),
        created,
        validity,
    )
    .map_err(ApiError::internal)?;
    tx.commit().map_err(ApiError::internal)?;
    drop(conn);

    let t = store::Trial {
        seq,
        email: email_key,
        license_key,
        password,
        customer: customer.to_string(),
        created_at: created,
        validity_period: validity,
    };
    let l = license_of(product, &t);
    Ok(Outcome::Json(new_trial(app, product, &l, &t)))
}

/// The answer for a new trial: the license record as the vendor's service creates it.
fn new_trial(app: &App, product: &Product, l: &License, t: &store::Trial) -> Value {
    let features: Vec<Value> = l
        .features
        .iter()
        .map(|f| {
            json!({
                "id": f.id,
                "product_feature_id": f.id,
                "code": f.code,
                "name": f.name,
                "feature_type": f.feature_type.as_str(),
                "max_consumption": f.max_consumption,
                "allow_overages": f.allow_overages,
                "max_overages": f.max_overages,
                "reset_consumption": f.reset_consumption,
                "consumption_period": f.consumption_period.map(|p| p.as_str()),
                "is_floating": f.is_floating,
                "is_floating_cloud": f.is_floating_cloud,
                "metadata": f.metadata,
                "floating_timeout": f.floating_timeout,
                "floating_users": f.floating_users,
            })
        })
        .collect();
    let custom_fields: Vec<Value> = l
        .custom_fields
        .iter()
        .map(|c| {
            let id = product
                .custom_fields
                .iter()
                .find(|p| p.name == c.name)
                .and_then(|p| p.id);
            json!({"product_custom_field_id": id, "value": c.value})
        })
        .collect();
    let mut obj = json!({
        "id": l.id,
        "order_id": l.id,
        "product_id": product.id,
        "created_at": t.created_at,
        "updated_at": t.created_at,
        "active": l.active,
        "enabled": l.enabled,
        "enable_maintenance_period": l.maintenance_period.is_some(),
        "maintenance_duration": null,
        "is_floating": l.is_floating,
        "is_floating_cloud": l.is_floating_cloud,
        "is_hardware_key_auth": false,
        "is_trial": true,
        "license_type": l.license_type.as_str(),
        "max_activations": l.max_activations,
        "max_transfers": l.max_transfers,
        "metadata": l.metadata,
        "prevent_vm": l.prevent_vm,
        "times_activated": 0,
        "trial_days": l.trial_days,
        "validity_period": date(l.validity_period),
        "valid_duration": null,
        "company": {"id": app.catalog.company_id},
        "LicenseProductFeatures": features,
        "LicenseCustomFields": custom_fields,
        "floating_users": l.floating_users,
        "floating_timeout": l.floating_timeout,
        "allow_overages": l.allow_overages,
        "max_overages": l.max_overages,
        "max_consumptions": l.max_consumptions,
        "consumption_period": l.consumption_period.map(|p| p.as_str()),
        "reset_consumption": l.reset_consumption,
        "grace_period": l.grace_period,
        "allow_grace_period": l.allow_grace_period,
    });
    if let Value::Object(m) = &mut obj {
        match &l.license_key {
            Some(k) => {
                m.insert("license".into(), json!(k));
                m.insert("license_key".into(), json!(k));
            }
            None => {
                m.insert("license_user".into(), json!(t.email));
                m.insert("initial_password".into(), json!(t.password));
                m.insert("license_user_id".into(), json!(l.id));
                m.insert("max_license_users".into(), json!(1));
            }
        }
    }
    obj
}
