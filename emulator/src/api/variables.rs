//! track_device_variables, get_device_variables: named values a device reports, stored per
//! device.

use serde_json::{json, Value};
use time::OffsetDateTime;

use super::{date, from_millis, millis, App, Call, Outcome, Params};
use crate::errors::ApiError;
use crate::store;

/// Store the request's `variables` on the active device; answers the stored rows of the names
/// sent: `[{variable, value, device_id, created_at (unix ms)}]`.
pub(super) fn track(app: &App, req: &Params, now: OffsetDateTime) -> Result<Outcome, ApiError> {
    let target = app.target(Call::TrackDeviceVariables, req, now)?;
    let vars = req
        .variables
        .as_ref()
        .ok_or_else(|| ApiError::missing("variables"))?;
    let mut conn = app.lock();
    let tx = app.begin(&mut conn)?;
    let device = target.active_device(&tx)?;
    let rows =
        store::set_variables(&tx, device.id, vars, millis(now)).map_err(ApiError::internal)?;
    tx.commit().map_err(ApiError::internal)?;
    let list: Vec<Value> = rows
        .iter()
        .map(|v| {
            json!({
                "variable": v.name,
                "value": v.value,
                "device_id": device.id,
                "created_at": v.created_at,
            })
        })
        .collect();
    Ok(Outcome::Json(Value::Array(list)))
}

/// Every variable of the active device, oldest first:
/// `[{id, variable, value, device_id, created_at (ISO 8601)}]`.
pub(super) fn get(app: &App, req: &Params, now: OffsetDateTime) -> Result<Outcome, ApiError> {
    let target = app.target(Call::GetDeviceVariables, req, now)?;
    let mut conn = app.lock();
    let tx = app.begin(&mut conn)?;
    let device = target.active_device(&tx)?;
    let rows = store::variables(&tx, device.id).map_err(ApiError::internal)?;
    tx.commit().map_err(ApiError::internal)?;
    let list: Vec<Value> = rows
        .iter()
        .map(|v| {
            json!({
                "id": v.id,
                "variable": v.name,
                "value": v.value,
                "device_id": device.id,
                "created_at": date(Some(from_millis(v.created_at))),
            })
        })
        .collect();
    Ok(Outcome::Json(Value::Array(list)))
}
