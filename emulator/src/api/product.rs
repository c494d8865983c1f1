//! product_details.

use serde_json::{json, Value};

use super::{App, Outcome, Params};
use crate::errors::ApiError;

pub(super) fn details(app: &App, req: &Params) -> Result<Outcome, ApiError> {
    let p = app.product(req)?;
    let mut obj = json!({
        "product_id": p.id,
        "product_name": p.name,
        "short_code": p.short_code,
        "allow_trial": p.allow_trial,
        "trial_days": p.trial_days,
        "authorization_method": p.authorization_method.as_str(),
        "floating_timeout": p.floating_timeout,
        "allow_overages": p.allow_overages,
        "max_overages": p.max_overages,
        "prevent_vm": p.prevent_vm,
        "metadata": p.metadata,
        "company": {"id": app.catalog.company_id},
    });
    if let Value::Object(m) = &mut obj {
        if req.include_latest_version == Some(true) {
            let latest = p
                .latest_version
                .clone()
                .map(Value::Object)
                .unwrap_or(Value::Null);
            m.insert("latest_version".into(), latest);
        }
        if req.include_custom_fields == Some(true) {
            let fields: Vec<Value> = p
                .custom_fields
                .iter()
                .map(|c| json!({"id": c.id, "name": c.name, "default_value": c.default_value}))
                .collect();
            m.insert("custom_fields".into(), Value::Array(fields));
        }
    }
    Ok(Outcome::Json(obj))
}
