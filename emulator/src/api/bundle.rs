//! activate_bundle, check_bundle, deactivate_bundle: the licenses that one identity names in
//! every product of a bundle, activated, checked or deactivated together (all or nothing).

use time::OffsetDateTime;

use super::{license, present, App, Call, Facts, Outcome, Params, Target};
use crate::errors::ApiError;

fn unknown_bundle() -> ApiError {
    ApiError::bad("unknown_product", "Provided bundle was not found")
}

pub(super) fn run(
    app: &App,
    call: Call,
    req: &Params,
    now: OffsetDateTime,
) -> Result<Outcome, ApiError> {
    let code = present(&req.product).ok_or_else(|| ApiError::missing("product"))?;
    present(&req.hardware_id).ok_or_else(|| ApiError::missing("hardware_id"))?;
    let bundle = app.catalog.bundle(code).ok_or_else(unknown_bundle)?;

    // The same request for each product of the bundle.
    let requests: Vec<Params> = bundle
        .products
        .iter()
        .map(|p| Params {
            product: Some(p.clone()),
            ..req.clone()
        })
        .collect();
    // Every product's license rules, in bundle order; a product without a license for this
    // identity is left out, and a bundle with none is `license_not_found`.
    let mut targets: Vec<Target> = Vec::new();
    let mut first_error = None;
    for r in &requests {
        match app.target(call, r, now) {
            Ok(t) => targets.push(t),
            Err(e) if e.code == "license_not_found" => {
                first_error.get_or_insert(e);
            }
            Err(e) => return Err(e),
        }
    }
    if targets.is_empty() {
        return Err(
            first_error.unwrap_or_else(|| ApiError::bad("license_not_found", "License not found"))
        );
    }
    let single = match call {
        Call::ActivateBundle => Call::Activate,
        Call::DeactivateBundle => Call::Deactivate,
        _ => Call::Check,
    };

    let mut conn = app.lock();
    let tx = app.begin(&mut conn)?;
    if single == Call::Deactivate {
        // Every license of the bundle this device is active on; none is `device_not_found`.
        let mut any = false;
        for t in &targets {
            if t.active_device(&tx).is_ok() {
                license::apply(&tx, t, single, &requests[0], now)?;
                any = true;
            }
        }
        if !any {
            return Err(super::device_not_found());
        }
        tx.commit().map_err(ApiError::internal)?;
        return Ok(Outcome::Text("license_deactivated"));
    }
    let mut done = Vec::new();
    for t in &targets {
        let (device_id, variables) = license::apply(&tx, t, single, req, now)?.unwrap_or_default();
        let facts = Facts::read(&tx, &t.license, t.hardware_id, now)?;
        done.push((device_id, variables, facts));
    }
    tx.commit().map_err(ApiError::internal)?;
    drop(conn);
    let list = targets
        .iter()
        .zip(done.iter())
        .map(|(t, (device_id, variables, facts))| {
            (
                license::object(app, t, single, req, facts, *device_id, variables, now),
                t.v1(),
            )
        })
        .collect();
    Ok(Outcome::Licenses(list))
}
