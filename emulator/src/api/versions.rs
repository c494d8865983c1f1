//! versions, installation_file: the product's released versions that a license may install.

use serde_json::{json, Value};
use time::OffsetDateTime;

use super::{date, present, App, Call, Outcome, Params, Target};
use crate::errors::ApiError;
use crate::seed::{Version, ENVIRONMENTS};

fn version_not_found() -> ApiError {
    ApiError::bad("version_not_found", "Version not found")
}

/// `env` and `channel` checked, the license rules, and the device active; then the versions the
/// license may have: matching `env` and `channel` when given, released no later than the end
/// of the license's maintenance period, or of its validity period when it has no maintenance
/// period (no limit when it has neither), oldest release first.
fn allowed<'a>(
    app: &'a App,
    call: Call,
    req: &'a Params,
    now: OffsetDateTime,
) -> Result<(Target<'a>, Vec<&'a Version>), ApiError> {
    if let Some(env) = present(&req.env) {
        if !ENVIRONMENTS.contains(&env) {
            return Err(ApiError::bad(
                "validation_error",
                format!("env: must be one of {}", ENVIRONMENTS.join(", ")),
            ));
        }
    }
    let target = app.target(call, req, now)?;
    {
        let mut conn = app.lock();
        let tx = app.begin(&mut conn)?;
        target.active_device(&tx)?;
    }
    let limit = target
        .license
        .maintenance_period
        .or(target.license.validity_period);
    let env = present(&req.env);
    let channel = present(&req.channel);
    let mut list: Vec<&Version> = target
        .product
        .versions
        .iter()
        .filter(|v| env.map(|e| v.env == e).unwrap_or(true))
        .filter(|v| channel.map(|c| v.channel == c).unwrap_or(true))
        .filter(|v| limit.map(|l| v.release_date <= l).unwrap_or(true))
        .collect();
    list.sort_by_key(|v| (v.release_date, v.id));
    Ok((target, list))
}

/// `[{version, release_date}]`, each version once.
pub(super) fn versions(app: &App, req: &Params, now: OffsetDateTime) -> Result<Outcome, ApiError> {
    let (_, list) = allowed(app, Call::Versions, req, now)?;
    let mut seen = std::collections::HashSet::new();
    let items: Vec<Value> = list
        .into_iter()
        .filter(|v| seen.insert(v.version.as_str()))
        .map(|v| json!({"version": v.version, "release_date": date(Some(v.release_date))}))
        .collect();
    Ok(Outcome::Json(Value::Array(items)))
}

/// The installation file of `version` (or of the latest allowed version).
pub(super) fn installation_file(
    app: &App,
    req: &Params,
    now: OffsetDateTime,
) -> Result<Outcome, ApiError> {
    let (_, list) = allowed(app, Call::InstallationFile, req, now)?;
    let chosen = match present(&req.version) {
        Some(wanted) => list.into_iter().rev().find(|v| v.version == wanted),
        None => list.into_iter().next_back(),
    }
    .ok_or_else(version_not_found)?;
    Ok(Outcome::Json(json!({
        "id": chosen.id,
        "version": chosen.version,
        "installation_file": chosen.installation_file,
        "release_date": date(Some(chosen.release_date)),
        "hash_md5": chosen.hash_md5,
        "sha256": chosen.sha256,
        "environment": chosen.env,
        "eula_link": chosen.eula_link,
        "release_notes_link": chosen.release_notes_link,
        "size": chosen.size,
        "requires_version": chosen.requires_version,
        "channel": chosen.channel,
        "company": {"id": app.catalog.company_id},
    })))
}
