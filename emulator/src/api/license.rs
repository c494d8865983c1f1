//! activate_license, deactivate_license, check_license.

use std::collections::BTreeMap;

use rusqlite::Transaction;
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use super::{
    consumption, floating, license_object, millis, App, Call, Facts, LicenseView, Outcome, Params,
    Target,
};
use crate::dates;
use crate::errors::ApiError;
use crate::store;

pub(super) fn run(
    app: &App,
    call: Call,
    req: &Params,
    now: OffsetDateTime,
) -> Result<Outcome, ApiError> {
    let target = app.target(call, req, now)?;

    // Everything below reads or changes devices: one transaction under the lock.
    let mut conn = app.lock();
    let tx = app.begin(&mut conn)?;
    let Some((device_id, variables)) = apply(&tx, &target, call, req, now)? else {
        tx.commit().map_err(ApiError::internal)?;
        return Ok(Outcome::Text("license_deactivated"));
    };
    let facts = Facts::read(&tx, &target.license, target.hardware_id, now)?;
    tx.commit().map_err(ApiError::internal)?;
    drop(conn);
    Ok(Outcome::License {
        object: object(app, &target, call, req, &facts, device_id, &variables, now),
        v1: target.v1(),
    })
}

/// The license object of an activation (`call` Activate) or a check.
#[allow(clippy::too_many_arguments)]
pub(super) fn object(
    app: &App,
    target: &Target,
    call: Call,
    req: &Params,
    facts: &Facts,
    device_id: i64,
    variables: &BTreeMap<String, String>,
    now: OffsetDateTime,
) -> Map<String, Value> {
    let include_expired = call == Call::Activate || req.include_expired_features == Some(true);
    license_object(LicenseView {
        target,
        company_id: app.catalog.company_id,
        facts,
        device_id,
        variables,
        now,
        include_expired_features: include_expired,
    })
}

/// A device after activate or check: its id and variables.
pub(super) type Device = (i64, BTreeMap<String, String>);

/// The state change of activate (`Call::Activate`), deactivate (`Call::Deactivate`) or check
/// (any other call) inside the caller's transaction, after the license rules. Returns the device
/// id and its variables, or None for a deactivation.
pub(super) fn apply(
    tx: &Transaction,
    target: &Target,
    call: Call,
    req: &Params,
    now: OffsetDateTime,
) -> Result<Option<Device>, ApiError> {
    let license = &*target.license;
    let lid = target.license_id();
    let hardware_id = target.hardware_id;
    let user = target.user();
    let now_text = dates::format(now);
    let existing = store::device(tx, lid, hardware_id).map_err(ApiError::internal)?;
    let mut state = store::license_state(tx, lid).map_err(ApiError::internal)?;

    match call {
        Call::Activate => {
            // Already active here.
            if existing.as_ref().map(|d| d.active).unwrap_or(false) {
                return Err(ApiError::new(
                    409,
                    "license_device_exists",
                    "A device matching this hardware_id is already created on the license",
                ));
            }
            // Seats on the license.
            let active = store::active_count(tx, lid).map_err(ApiError::internal)?;
            if !license.allow_unlimited_activations && active >= license.max_activations {
                return Err(ApiError::bad(
                    "license_activated_max_times",
                    "This license has already been activated the maximum number of times",
                ));
            }
            // Seats of the license user.
            if let Some(u) = user {
                let mine = store::active_count_for_user(tx, lid, u.id.unwrap_or(0))
                    .map_err(ApiError::internal)?;
                if mine >= u.max_activations {
                    return Err(ApiError::bad(
                        "license_user_activated_max_times",
                        "License user has activated this license max times",
                    ));
                }
            }
            // Transfers: a hardware id never seen on this license, after a deactivation.
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
                tx,
                lid,
                user.and_then(|u| u.id),
                hardware_id,
                &device_info(req),
                &variables,
                &now_text,
            )
            .map_err(ApiError::internal)?;
            store::set_variables(
                tx,
                id,
                req.variables.as_ref().unwrap_or(&BTreeMap::new()),
                millis(now),
            )
            .map_err(ApiError::internal)?;
            store::save_license_state(tx, lid, &state).map_err(ApiError::internal)?;
            Ok(Some((id, variables)))
        }
        Call::Deactivate => {
            let d = target.active_device(tx)?;
            store::deactivate(tx, d.id, &now_text).map_err(ApiError::internal)?;
            // A device that leaves gives back its floating seats.
            store::drop_device_seats(tx, lid, hardware_id).map_err(ApiError::internal)?;
            state.deactivation_count += 1;
            store::save_license_state(tx, lid, &state).map_err(ApiError::internal)?;
            if let Some(c) = req.consumptions {
                // Consumptions reported at deactivation are recorded as they are (no limit).
                consumption::record_unchecked(tx, license, c, now)?;
            }
            Ok(None)
        }
        _ => {
            let d = target.active_device(tx)?;
            // A check on a floating cloud license takes (or renews) this device's seat.
            if license.is_floating_cloud {
                floating::take_seat(
                    tx,
                    lid,
                    "",
                    hardware_id,
                    license.floating_users,
                    license.floating_timeout,
                    now,
                )?;
            }
            Ok(Some((d.id, d.variables)))
        }
    }
}

fn device_info(req: &Params) -> String {
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
