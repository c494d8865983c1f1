//! user_licenses, customer_license_users, sso_url, change_password: the calls about license
//! users and customers rather than one device.

use std::borrow::Cow;

use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use super::{
    customer_object, license_object, present, user_not_found, App, Facts, LicenseView, Outcome,
    Params, Target,
};
use crate::errors::ApiError;
use crate::seed::{License, LicenseUser};
use crate::store;

/// The license object without what belongs to one device (`device_id`, `hardware_id`,
/// `variables`, the device's borrow) and without `user`.
fn format_license(app: &App, target: &Target, now: OffsetDateTime) -> Result<Value, ApiError> {
    let mut conn = app.lock();
    let tx = app.begin(&mut conn)?;
    let facts = Facts::read(&tx, &target.license, "", now)?;
    drop(tx);
    drop(conn);
    let empty = Default::default();
    let mut object: Map<String, Value> = license_object(LicenseView {
        target,
        company_id: app.catalog.company_id,
        facts: &facts,
        device_id: 0,
        variables: &empty,
        now,
        include_expired_features: true,
    });
    for field in [
        "device_id",
        "hardware_id",
        "variables",
        "user",
        "is_borrowed",
        "borrowed_until",
    ] {
        object.remove(field);
    }
    Ok(Value::Object(object))
}

/// A license user as the account calls report it.
fn user_object(app: &App, license: &License, u: &LicenseUser) -> Result<Value, ApiError> {
    let conn = app.lock();
    let changed = match u.id {
        Some(id) => store::password_overrides(&conn)
            .map_err(ApiError::internal)?
            .contains_key(&id),
        None => false,
    };
    let total = conn
        .query_row(
            "SELECT COUNT(*) FROM devices WHERE license_id = ?1 AND user_id IS ?2 AND active = 1",
            rusqlite::params![license.id_or_zero(), u.id],
            |r| r.get::<_, i64>(0),
        )
        .map_err(ApiError::internal)?;
    Ok(json!({
        "id": u.id,
        "email": u.email,
        "first_name": u.first_name,
        "last_name": u.last_name,
        "phone_number": null,
        "is_initial_password": !changed,
        "max_activations": u.max_activations,
        "allow_unlimited_activations": false,
        "total_activations": total,
    }))
}

/// `product` and an identity (`username` + `password`, or SSO `id_token` / `code` +
/// `customer_account_code`): every license of the product the user is on, as
/// `[{license, user}]`.
pub(super) fn user_licenses(
    app: &App,
    req: &Params,
    now: OffsetDateTime,
) -> Result<Outcome, ApiError> {
    if present(&req.id_token).is_some() && present(&req.code).is_some() {
        return Err(ApiError::bad(
            "validation_error",
            "Use either id_token or code, not both",
        ));
    }
    let product = app.product(req)?;
    let found = app.user_licenses_of(product, req, true)?;
    if found.is_empty() {
        return Err(user_not_found());
    }
    let mut items = Vec::new();
    for r in &found {
        let target = Target {
            product,
            license: Cow::Borrowed(&*r.license),
            user: r.user,
            hardware_id: "",
        };
        let user = r.user().ok_or_else(user_not_found)?;
        items.push(json!({
            "license": format_license(app, &target, now)?,
            "user": user_object(app, &r.license, user)?,
        }));
    }
    Ok(Outcome::Json(Value::Array(items)))
}

/// `product` and `customer` (the customer's email, any case): the customer and the license
/// users of the product's licenses that belong to that customer.
pub(super) fn customer_license_users(
    app: &App,
    req: &Params,
    _now: OffsetDateTime,
) -> Result<Outcome, ApiError> {
    present(&req.product).ok_or_else(|| ApiError::missing("product"))?;
    let customer = present(&req.customer).ok_or_else(|| ApiError::missing("customer"))?;
    let product = app.product(req)?;
    let licenses: Vec<&License> = product
        .licenses
        .iter()
        .filter(|l| {
            l.customer
                .as_ref()
                .and_then(|c| c.email.as_deref())
                .map(|e| e.eq_ignore_ascii_case(customer))
                .unwrap_or(false)
        })
        .collect();
    let Some(first) = licenses.first() else {
        return Err(ApiError::bad("customer_not_found", "Customer not found"));
    };
    let mut users = Vec::new();
    for l in &licenses {
        for u in l.users.iter().flatten() {
            let Value::Object(mut o) = user_object(app, l, u)? else {
                continue;
            };
            o.insert("license_id".into(), json!(l.id));
            o.insert("is_active".into(), json!(true));
            o.insert("initial_password".into(), json!(u.password));
            o.insert("order_id".into(), Value::Null);
            o.insert("order_store_id".into(), json!(l.order_store_id));
            users.push(Value::Object(o));
        }
    }
    let customer = first
        .customer
        .as_ref()
        .map(customer_object)
        .unwrap_or(Value::Null);
    Ok(Outcome::Json(json!({
        "customer": customer,
        "users": users,
        "company": {"id": app.catalog.company_id},
    })))
}

/// `product`, `customer_account_code` and `response_type` (`token`, the default, or `code`):
/// where the customer's users sign in. The emulator has no identity provider of its own: the
/// URL is built under its own address and the seed's `id_tokens` / `codes` are what a sign-in
/// would give.
pub(super) fn sso_url(app: &App, req: &Params) -> Result<Outcome, ApiError> {
    present(&req.product).ok_or_else(|| ApiError::missing("product"))?;
    let account = present(&req.customer_account_code)
        .ok_or_else(|| ApiError::missing("customer_account_code"))?;
    let response_type = present(&req.response_type).unwrap_or("token");
    if response_type != "token" && response_type != "code" {
        return Err(ApiError::bad(
            "validation_error",
            "response_type: must be token or code",
        ));
    }
    let product = app.product(req)?;
    if !app.catalog.sso.contains_key(account) {
        return Err(ApiError::bad(
            "customer_not_found",
            "No customer account with single sign-on for this customer_account_code",
        ));
    }
    let host = req.host.as_deref().unwrap_or("127.0.0.1");
    let issuer = format!("http://{host}/auth/realms/{}", encode(account));
    let mut url = format!(
        "{issuer}/protocol/openid-connect/auth?client_id={}&response_type={response_type}&scope=openid",
        encode(&product.short_code)
    );
    if let Some(r) = present(&req.redirect_uri) {
        url.push_str(&format!("&redirect_uri={}", encode(r)));
    }
    Ok(Outcome::Json(json!({
        "url": url,
        "openid_configuration": {
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/protocol/openid-connect/auth"),
            "token_endpoint": format!("{issuer}/protocol/openid-connect/token"),
            "response_types_supported": "code,token",
        },
        "alternate_urls": [],
    })))
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// `username`, `password`, `new_password`: every license user with that email (any case) whose
/// current password is `password` gets `new_password` (seed users and trial users alike).
/// Later calls accept only the new password. Answers the text `password_changed`.
pub(super) fn change_password(app: &App, req: &Params) -> Result<Outcome, ApiError> {
    let username = present(&req.username).ok_or_else(|| ApiError::missing("username"))?;
    let password = present(&req.password).ok_or_else(|| ApiError::missing("password"))?;
    let new_password =
        present(&req.new_password).ok_or_else(|| ApiError::missing("new_password"))?;
    let mut conn = app.lock();
    let tx = app.begin(&mut conn)?;
    let overrides = store::password_overrides(&tx).map_err(ApiError::internal)?;
    let mut changed = 0;
    for product in &app.catalog.products {
        for license in &product.licenses {
            for u in license.users.iter().flatten() {
                let current =
                    u.id.and_then(|id| overrides.get(&id))
                        .unwrap_or(&u.password);
                if u.email.eq_ignore_ascii_case(username) && current == password {
                    store::set_user_password(&tx, u.id.unwrap_or(0), new_password)
                        .map_err(ApiError::internal)?;
                    changed += 1;
                }
            }
        }
        let trials = store::trials_by_email(&tx, product.id.unwrap_or(0), &username.to_lowercase())
            .map_err(ApiError::internal)?;
        for t in trials {
            if t.password.as_deref() == Some(password) {
                store::set_trial_password(&tx, t.seq, new_password).map_err(ApiError::internal)?;
                changed += 1;
            }
        }
    }
    if changed == 0 {
        return Err(ApiError::bad(
            "license_not_found",
            "No license user with this username and password",
        ));
    }
    tx.commit().map_err(ApiError::internal)?;
    Ok(Outcome::Text("password_changed"))
}
