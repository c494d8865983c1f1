//! check_license_feature.

use serde_json::{json, Value};
use time::OffsetDateTime;

use super::{feature_object, floating, App, Call, FeatureFacts, Outcome, Params};
use crate::errors::ApiError;

pub(super) fn check(app: &App, req: &Params, now: OffsetDateTime) -> Result<Outcome, ApiError> {
    let target = app.target(Call::CheckFeature, req, now)?;
    let lid = target.license_id();
    let feature = target.feature(req, "invalid_license_feature_code")?;

    let mut conn = app.lock();
    let tx = app.begin(&mut conn)?;
    target.active_device(&tx)?;
    // Checking a floating cloud feature takes (or renews) this device's seat in its pool.
    if feature.is_floating_cloud {
        floating::take_seat(
            &tx,
            lid,
            &feature.code,
            target.hardware_id,
            feature.floating_users,
            feature.floating_timeout,
            now,
        )?;
    }
    let facts = FeatureFacts::read(&tx, lid, feature, target.hardware_id, now)?;
    tx.commit().map_err(ApiError::internal)?;

    let mut obj = feature_object(feature, &facts, now);
    if let Value::Object(m) = &mut obj {
        m.insert("license_id".into(), json!(lid));
        if req.include_metadata_string == Some(true) {
            m.insert(
                "metadata_string".into(),
                json!(Value::Object(feature.metadata.clone()).to_string()),
            );
        }
    }
    Ok(Outcome::Json(obj))
}
