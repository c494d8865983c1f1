//! activate_license, deactivate_license, check_license.

use serde_json::json;
use time::OffsetDateTime;

use super::{
    consumption, floating, license_object, App, Call, Facts, LicenseView, Outcome, Params,
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
    let license = &*target.license;
    let lid = target.license_id();
    let hardware_id = target.hardware_id;
    let user = target.user();

    // Everything below reads or changes devices: one transaction under the lock.
    let mut conn = app.lock();
    let tx = app.begin(&mut conn)?;
    let now_text = dates::format(now);
    let existing = store::device(&tx, lid, hardware_id).map_err(ApiError::internal)?;
    let mut state = store::license_state(&tx, lid).map_err(ApiError::internal)?;

    let (device_id, variables) = match call {
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
            let active = store::active_count(&tx, lid).map_err(ApiError::internal)?;
            if !license.allow_unlimited_activations && active >= license.max_activations {
                return Err(ApiError::bad(
                    "license_activated_max_times",
                    "This license has already been activated the maximum number of times",
                ));
            }
            // Seats of the license user.
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
            let d = target.active_device(&tx)?;
            store::deactivate(&tx, d.id, &now_text).map_err(ApiError::internal)?;
            // A device that leaves gives back its floating seats.
            store::drop_device_seats(&tx, lid, hardware_id).map_err(ApiError::internal)?;
            state.deactivation_count += 1;
            store::save_license_state(&tx, lid, &state).map_err(ApiError::internal)?;
            if let Some(c) = req.consumptions {
                // Consumptions reported at deactivation are recorded as they are (no limit).
                consumption::record_unchecked(&tx, license, c, now)?;
            }
            tx.commit().map_err(ApiError::internal)?;
            return Ok(Outcome::Text("license_deactivated"));
        }
        _ => {
            let d = target.active_device(&tx)?;
            // A check on a floating cloud license takes (or renews) this device's seat.
            if license.is_floating_cloud {
                floating::take_seat(
                    &tx,
                    lid,
                    "",
                    hardware_id,
                    license.floating_users,
                    license.floating_timeout,
                    now,
                )?;
            }
            (d.id, d.variables)
        }
    };
    let facts = Facts::read(&tx, license, hardware_id, now)?;
    tx.commit().map_err(ApiError::internal)?;
    drop(conn);

    let include_expired = call == Call::Activate || req.include_expired_features == Some(true);
    let object = license_object(LicenseView {
        target: &target,
        company_id: app.catalog.company_id,
        facts: &facts,
        device_id,
        variables: &variables,
        now,
        include_expired_features: include_expired,
    });
    Ok(Outcome::License {
        object,
        v1: target.v1(),
    })
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
