//! add_consumption, add_feature_consumption, and the consumption periods that reset totals.

use rusqlite::Transaction;
use serde_json::{json, Value};
use time::{Date, Duration, Month, OffsetDateTime, Time};

use super::{feature_object, millis, App, Call, FeatureFacts, Outcome, Params};
use crate::errors::ApiError;
use crate::seed::{ConsumptionPeriod, FeatureType, License, LicenseType};
use crate::store;

/// Start of the calendar period (UTC) that `now` falls in: midnight, Monday, the 1st of the
/// month, the 1st of January.
pub(crate) fn period_start(period: ConsumptionPeriod, now: OffsetDateTime) -> OffsetDateTime {
    let d = now.date();
    let start = match period {
        ConsumptionPeriod::Daily => d,
        ConsumptionPeriod::Weekly => {
            d - Duration::days(i64::from(d.weekday().number_days_from_monday()))
        }
        ConsumptionPeriod::Monthly => Date::from_calendar_date(d.year(), d.month(), 1).unwrap_or(d),
        ConsumptionPeriod::Annually => {
            Date::from_calendar_date(d.year(), Month::January, 1).unwrap_or(d)
        }
    };
    start.with_time(Time::MIDNIGHT).assume_utc()
}

/// The period a counter belongs to from now on (None when it never resets).
fn current_period(
    reset: bool,
    period: Option<ConsumptionPeriod>,
    now: OffsetDateTime,
) -> Option<i64> {
    match (reset, period) {
        (true, Some(p)) => Some(millis(period_start(p, now))),
        _ => None,
    }
}

/// A total as of `now`: zero once a period boundary has passed since it was counted.
pub(crate) fn effective_total(
    total: i64,
    counted_in: Option<i64>,
    reset: bool,
    period: Option<ConsumptionPeriod>,
    now: OffsetDateTime,
) -> i64 {
    match (current_period(reset, period, now), counted_in) {
        (Some(current), Some(start)) if start < current => 0,
        _ => total,
    }
}

/// The license's consumption numbers as of now: total (after any period reset) and the
/// overage settings in force (the seed's, or what add_consumption last asked for).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Effective {
    pub total: i64,
    pub allow_overages: bool,
    pub max_overages: i64,
}

impl Effective {
    pub fn read(
        tx: &Transaction,
        license: &License,
        state: &store::LicenseState,
        now: OffsetDateTime,
    ) -> Result<Effective, ApiError> {
        let c = store::license_consumption(tx, license.id_or_zero()).map_err(ApiError::internal)?;
        Ok(Effective {
            total: effective_total(
                state.total_consumptions,
                c.period_start,
                license.reset_consumption,
                license.consumption_period,
                now,
            ),
            allow_overages: c.allow_overages.unwrap_or(license.allow_overages),
            max_overages: c.max_overages.unwrap_or(license.max_overages),
        })
    }
}

/// Whether `total + n` stays within the limit. Negative additions are never limited (whether
/// they are allowed is decided before); overages with `max_overages` 0 are unlimited, as the
/// vendor SDKs count them.
fn within_limit(
    total: i64,
    n: i64,
    max: i64,
    unlimited: bool,
    allow_overages: bool,
    max_overages: i64,
) -> bool {
    if unlimited || n <= 0 || (allow_overages && max_overages == 0) {
        return true;
    }
    let cap = max.saturating_add(if allow_overages { max_overages } else { 0 });
    total + n <= cap
}

fn checked_total(total: i64, n: i64) -> Result<i64, ApiError> {
    total
        .checked_add(n)
        .ok_or_else(|| ApiError::bad("validation_error", "consumptions: out of range"))
}

fn negative_not_allowed() -> ApiError {
    ApiError::bad(
        "negative_consumptions_not_allowed",
        "Negative consumptions not allowed",
    )
}

/// Add `n` to the license total without any limit (consumptions reported by deactivation).
pub(crate) fn record_unchecked(
    tx: &Transaction,
    license: &License,
    n: i64,
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    let lid = license.id_or_zero();
    let mut state = store::license_state(tx, lid).map_err(ApiError::internal)?;
    let eff = Effective::read(tx, license, &state, now)?;
    let mut meta = store::license_consumption(tx, lid).map_err(ApiError::internal)?;
    state.total_consumptions = eff.total.saturating_add(n);
    meta.period_start = current_period(license.reset_consumption, license.consumption_period, now);
    store::save_license_state(tx, lid, &state).map_err(ApiError::internal)?;
    store::save_license_consumption(tx, lid, &meta).map_err(ApiError::internal)
}

pub(super) fn add(app: &App, req: &Params, now: OffsetDateTime) -> Result<Outcome, ApiError> {
    let target = app.target(Call::AddConsumption, req, now)?;
    let license = &*target.license;
    let lid = target.license_id();
    if license.license_type != LicenseType::Consumption {
        return Err(ApiError::bad(
            "license_not_consumption",
            "The license needs to be of consumption type",
        ));
    }
    let n = req.consumptions.unwrap_or(1);
    if req.max_overages.map(|m| m < 0).unwrap_or(false) {
        return Err(ApiError::bad(
            "validation_error",
            "max_overages: must not be negative",
        ));
    }

    let mut conn = app.lock();
    let tx = app.begin(&mut conn)?;
    target.active_device(&tx)?;
    if n < 0 && !license.allow_negative_consumptions {
        return Err(negative_not_allowed());
    }
    let mut state = store::license_state(&tx, lid).map_err(ApiError::internal)?;
    let mut meta = store::license_consumption(&tx, lid).map_err(ApiError::internal)?;
    let eff = Effective::read(&tx, license, &state, now)?;
    // The request may set the license's overage policy (the vendor SDKs' "requested overages").
    if let Some(a) = req.allow_overages {
        meta.allow_overages = Some(a);
    }
    if let Some(m) = req.max_overages {
        meta.max_overages = Some(m);
    }
    let allow_overages = meta.allow_overages.unwrap_or(license.allow_overages);
    let max_overages = meta.max_overages.unwrap_or(license.max_overages);
    let total = checked_total(eff.total, n)?;
    if !within_limit(
        eff.total,
        n,
        license.max_consumptions,
        license.allow_unlimited_consumptions,
        allow_overages,
        max_overages,
    ) {
        return Err(ApiError::bad(
            "license_not_enough_consumptions",
            "Not enough consumptions left",
        ));
    }
    state.total_consumptions = total;
    meta.period_start = current_period(license.reset_consumption, license.consumption_period, now);
    store::save_license_state(&tx, lid, &state).map_err(ApiError::internal)?;
    store::save_license_consumption(&tx, lid, &meta).map_err(ApiError::internal)?;
    tx.commit().map_err(ApiError::internal)?;

    Ok(Outcome::Json(json!({
        "id": license.id,
        "max_consumptions": license.max_consumptions,
        "total_consumptions": total,
        "allow_unlimited_consumptions": license.allow_unlimited_consumptions,
        "allow_negative_consumptions": license.allow_negative_consumptions,
        "allow_overages": allow_overages,
        "max_overages": max_overages,
        "reset_consumption": license.reset_consumption,
        "consumption_period": license.consumption_period.map(|p| p.as_str()),
        "company": {"id": app.catalog.company_id},
    })))
}

pub(super) fn add_feature(
    app: &App,
    req: &Params,
    now: OffsetDateTime,
) -> Result<Outcome, ApiError> {
    let target = app.target(Call::AddFeatureConsumption, req, now)?;
    let lid = target.license_id();
    let feature = target.feature(req, "unsupported_product_feature")?;
    let n = req.consumptions.unwrap_or(1);

    let mut conn = app.lock();
    let tx = app.begin(&mut conn)?;
    target.active_device(&tx)?;
    if n < 0 && !feature.allow_negative_consumptions {
        return Err(negative_not_allowed());
    }
    let counter = store::feature_counter(&tx, lid, &feature.code).map_err(ApiError::internal)?;
    let current = effective_total(
        counter.total,
        counter.period_start,
        feature.reset_consumption,
        feature.consumption_period,
        now,
    );
    let total = checked_total(current, n)?;
    // An activation feature has nothing to consume: its limit is its max_consumption (0).
    let unlimited =
        feature.feature_type == FeatureType::Consumption && feature.allow_unlimited_consumptions;
    if !within_limit(
        current,
        n,
        feature.max_consumption,
        unlimited,
        feature.allow_overages,
        feature.max_overages,
    ) {
        return Err(ApiError::bad(
            "feature_not_enough_consumptions",
            "Not enough consumptions left",
        ));
    }
    let counter = store::FeatureCounter {
        total,
        period_start: current_period(feature.reset_consumption, feature.consumption_period, now),
    };
    store::save_feature_counter(&tx, lid, &feature.code, &counter).map_err(ApiError::internal)?;
    let facts = FeatureFacts::read(&tx, lid, feature, target.hardware_id, now)?;
    tx.commit().map_err(ApiError::internal)?;

    let mut obj = feature_object(feature, &facts, now);
    if let Value::Object(m) = &mut obj {
        m.insert("license_id".into(), json!(lid));
        // The vendor's own type for this answer spells the limit in the plural.
        m.insert("max_consumptions".into(), json!(feature.max_consumption));
        m.insert("company".into(), json!({"id": app.catalog.company_id}));
    }
    Ok(Outcome::Json(obj))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates;

    #[test]
    fn period_starts() {
        let t = dates::parse("2024-05-15T13:45:00Z").unwrap(); // a Wednesday
        let s = |p| dates::format(period_start(p, t));
        assert_eq!(s(ConsumptionPeriod::Daily), "2024-05-15T00:00:00.000Z");
        assert_eq!(s(ConsumptionPeriod::Weekly), "2024-05-13T00:00:00.000Z");
        assert_eq!(s(ConsumptionPeriod::Monthly), "2024-05-01T00:00:00.000Z");
        assert_eq!(s(ConsumptionPeriod::Annually), "2024-01-01T00:00:00.000Z");
    }

    #[test]
    fn limits() {
        assert!(within_limit(90, 10, 100, false, false, 0));
        assert!(!within_limit(90, 11, 100, false, false, 0));
        assert!(within_limit(100, 5, 100, false, true, 5));
        assert!(!within_limit(100, 6, 100, false, true, 5));
        assert!(within_limit(100, 1000, 100, false, true, 0));
        assert!(within_limit(100, 1000, 100, true, false, 0));
        assert!(within_limit(100, -3, 100, false, false, 0));
    }
}
