//! Floating cloud seats: taken by check_license / check_license_feature, kept for
//! `floating_timeout` minutes after the last check, borrowed with floating/borrow and
//! floating/feature_borrow, given back with floating/release and floating/feature_release
//! (or by deactivation).

use rusqlite::Transaction;
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use super::{feature_object, millis, present, App, Call, FeatureFacts, Outcome, Params};
use crate::dates;
use crate::errors::ApiError;
use crate::store;

fn not_available() -> ApiError {
    ApiError::bad(
        "floating_not_available",
        "No available slots for floating license",
    )
}

/// Take or renew this device's seat in a pool (`feature` '' = the license's own): it lasts
/// `timeout_minutes` from now, or until its borrow ends if that is later. A device without a
/// seat gets one only while fewer than `users` seats are live.
pub(crate) fn take_seat(
    tx: &Transaction,
    license_id: i64,
    feature: &str,
    hardware_id: &str,
    users: i64,
    timeout_minutes: i64,
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    let now_ms = millis(now);
    let held =
        store::seat(tx, license_id, feature, hardware_id, now_ms).map_err(ApiError::internal)?;
    if held.is_none() {
        let in_use =
            store::seats_in_use(tx, license_id, feature, now_ms).map_err(ApiError::internal)?;
        if in_use >= users {
            return Err(not_available());
        }
    }
    let borrowed_until = held.and_then(|s| s.borrowed_until).filter(|b| *b > now_ms);
    let timeout_end = now_ms.saturating_add(timeout_minutes.saturating_mul(60_000));
    let seat = store::Seat {
        expires_at: timeout_end.max(borrowed_until.unwrap_or(i64::MIN)),
        borrowed_until,
    };
    store::put_seat(tx, license_id, feature, hardware_id, seat).map_err(ApiError::internal)
}

/// `borrowed_until`: null or absent means now + `max_borrow_time` hours; a date must be in the
/// future and no later than that.
fn borrow_end(
    req: &Params,
    max_borrow_hours: i64,
    now: OffsetDateTime,
) -> Result<OffsetDateTime, ApiError> {
    let limit = now + Duration::hours(max_borrow_hours);
    let invalid = |why: &str| {
        ApiError::bad(
            "borrow_until_not_valid",
            format!("borrowed_until is not valid: {why}"),
        )
    };
    match present(&req.borrowed_until) {
        None => Ok(limit),
        Some(text) => {
            let until = dates::parse(text)
                .ok_or_else(|| invalid("expected an ISO 8601 date, e.g. 2030-01-01T00:00:00Z"))?;
            if until <= now {
                return Err(invalid("it is not in the future"));
            }
            if until > limit {
                return Err(invalid(&format!(
                    "it is later than the maximum borrow time ({max_borrow_hours} hours)"
                )));
            }
            Ok(until)
        }
    }
}

fn borrow_not_allowed() -> ApiError {
    ApiError::bad(
        "license_borrow_not_allowed",
        "Borrowing is not allowed for this license",
    )
}

fn feature_not_floating() -> ApiError {
    ApiError::bad(
        "feature_not_floating",
        "License feature is not floating cloud feature",
    )
}

pub(super) fn borrow(
    app: &App,
    call: Call,
    req: &Params,
    now: OffsetDateTime,
) -> Result<Outcome, ApiError> {
    let target = app.target(call, req, now)?;
    let license = &*target.license;
    let lid = target.license_id();
    let hw = target.hardware_id;
    let feature = if call == Call::FeatureBorrow {
        let f = target.feature(req, "invalid_license_feature_code")?;
        if !f.is_floating_cloud && !f.is_floating {
            return Err(feature_not_floating());
        }
        if !f.can_borrow {
            return Err(borrow_not_allowed());
        }
        Some(f)
    } else {
        if !license.is_floating_cloud || !license.can_borrow {
            return Err(borrow_not_allowed());
        }
        None
    };
    let (pool, users, max_hours) = match feature {
        Some(f) => (f.code.as_str(), f.floating_users, f.max_borrow_time),
        None => ("", license.floating_users, license.max_borrow_time),
    };
    let until = borrow_end(req, max_hours, now)?;

    let mut conn = app.lock();
    let tx = app.begin(&mut conn)?;
    let device = target.active_device(&tx)?;
    let now_ms = millis(now);
    let held = store::seat(&tx, lid, pool, hw, now_ms).map_err(ApiError::internal)?;
    if held.is_none()
        && store::seats_in_use(&tx, lid, pool, now_ms).map_err(ApiError::internal)? >= users
    {
        return Err(not_available());
    }
    let until_ms = millis(until);
    store::put_seat(
        &tx,
        lid,
        pool,
        hw,
        store::Seat {
            expires_at: until_ms,
            borrowed_until: Some(until_ms),
        },
    )
    .map_err(ApiError::internal)?;
    let answer = match feature {
        None => json!({
            "borrowed_until": dates::format(until),
            "max_borrow_time": license.max_borrow_time,
            "device_id": device.id,
            "license_id": lid,
            "company": {"id": app.catalog.company_id},
        }),
        Some(f) => {
            let facts = FeatureFacts::read(&tx, lid, f, hw, now)?;
            let mut obj = feature_object(f, &facts, now);
            if let Value::Object(m) = &mut obj {
                m.insert("license_id".into(), json!(lid));
                m.insert("device_id".into(), json!(device.id));
            }
            obj
        }
    };
    tx.commit().map_err(ApiError::internal)?;
    Ok(Outcome::Json(answer))
}

pub(super) fn release(
    app: &App,
    call: Call,
    req: &Params,
    now: OffsetDateTime,
) -> Result<Outcome, ApiError> {
    let target = app.target(call, req, now)?;
    let lid = target.license_id();
    let hw = target.hardware_id;
    let pool = if call == Call::FeatureRelease {
        let f = target.feature(req, "invalid_license_feature_code")?;
        if !f.is_floating_cloud && !f.is_floating {
            return Err(feature_not_floating());
        }
        f.code.as_str()
    } else {
        if !target.license.is_floating_cloud {
            return Err(ApiError::bad(
                "floating_not_available",
                "The license is not a floating cloud license",
            ));
        }
        ""
    };

    let mut conn = app.lock();
    let tx = app.begin(&mut conn)?;
    target.active_device(&tx)?;
    let held = store::seat(&tx, lid, pool, hw, millis(now)).map_err(ApiError::internal)?;
    if held.is_none() && call == Call::FeatureRelease {
        return Err(ApiError::bad(
            "floating_feature_device_not_in_use",
            "Floating feature device is not in use",
        ));
    }
    store::drop_seat(&tx, lid, pool, hw).map_err(ApiError::internal)?;
    tx.commit().map_err(ApiError::internal)?;
    Ok(Outcome::Text(""))
}
