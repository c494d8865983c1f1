//! Trials, product details, features, consumption and floating seats through the Rust API,
//! against a real `ls-emulator` (demo seed) over loopback HTTP.

mod support;

use licensespring::{
    Client, Field::*, Operation::*, Param::*, ParamValue, Record, Request, Status,
};
use std::sync::{Arc, Barrier};
use support::{hw, Emulator};

fn call(
    client: &Client,
    op: licensespring::Operation,
    request: &Request,
) -> licensespring::Result<Option<Record>> {
    client.call(op, request, None)
}

fn result(client: &Client, op: licensespring::Operation, request: &Request) -> Record {
    call(client, op, request)
        .unwrap_or_else(|e| panic!("{op:?}: {e}"))
        .expect("the operation gives a result")
}

fn fails(
    client: &Client,
    op: licensespring::Operation,
    request: &Request,
    status: Status,
    code: &str,
) {
    let e = call(client, op, request).expect_err("the call fails");
    assert_eq!(e.status(), status, "{op:?}: {e}");
    assert_eq!(e.server_code(), Some(code));
    assert_eq!(e.http_status(), Some(400));
}

fn key(license_key: &str, device: &str) -> Request {
    Request::new("demo", device).license_key(license_key)
}

fn with_int(mut r: Request, param: licensespring::Param, n: i64) -> Request {
    r.set(param, ParamValue::Int(n)).unwrap();
    r
}

fn with_bool(mut r: Request, param: licensespring::Param, b: bool) -> Request {
    r.set(param, ParamValue::Bool(b)).unwrap();
    r
}

#[test]
fn product_details() {
    let emu = Emulator::start();
    let client = emu.client();
    let plain = result(
        &client,
        LS_OP_PRODUCT_DETAILS,
        &Request::default().with(LS_PARAM_PRODUCT, "demo-trial"),
    );
    assert_eq!(plain.int(LS_PRODUCT_ID), Some(3));
    assert_eq!(plain.str(LS_PRODUCT_NAME), Some("Demo Trial App"));
    assert_eq!(plain.bool(LS_PRODUCT_ALLOW_TRIAL), Some(true));
    assert_eq!(plain.int(LS_PRODUCT_TRIAL_DAYS), Some(14));
    assert_eq!(
        plain.str(LS_PRODUCT_AUTHORIZATION_METHOD),
        Some("license-key")
    );
    assert_eq!(
        plain.str(LS_PRODUCT_METADATA),
        Some(r#"{"channel":"trial"}"#)
    );
    assert_eq!(plain.str(LS_PRODUCT_LATEST_VERSION), None, "not asked for");
    assert!(plain.list(LS_PRODUCT_CUSTOM_FIELDS).is_empty());

    let request = with_bool(
        with_bool(
            Request::default().with(LS_PARAM_PRODUCT, "demo-trial"),
            LS_PARAM_INCLUDE_LATEST_VERSION,
            true,
        ),
        LS_PARAM_INCLUDE_CUSTOM_FIELDS,
        true,
    );
    let full = result(&client, LS_OP_PRODUCT_DETAILS, &request);
    assert!(full
        .str(LS_PRODUCT_LATEST_VERSION)
        .unwrap()
        .contains(r#""version":"2.1.0""#));
    let fields = full.list(LS_PRODUCT_CUSTOM_FIELDS);
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].str(LS_PRODUCT_CUSTOM_FIELD_NAME), Some("region"));
    assert_eq!(
        fields[0].str(LS_PRODUCT_CUSTOM_FIELD_DEFAULT_VALUE),
        Some("eu")
    );

    fails(
        &client,
        LS_OP_PRODUCT_DETAILS,
        &Request::default().with(LS_PARAM_PRODUCT, "no-such-product"),
        Status::LS_ERR_UNKNOWN_PRODUCT,
        "unknown_product",
    );
    let e = call(&client, LS_OP_PRODUCT_DETAILS, &Request::default()).unwrap_err();
    assert_eq!(
        e.status(),
        Status::LS_ERR_INVALID_ARGUMENT,
        "nothing sent without a product"
    );
}

#[test]
fn key_and_user_trials() {
    let emu = Emulator::start();
    let client = emu.client();
    let device = hw("trial");
    let ask = Request::new("demo-trial", &device).with(LS_PARAM_EMAIL, "trial@example.com");
    let trial = result(&client, LS_OP_TRIAL_KEY, &ask);
    assert_eq!(trial.bool(LS_TRIAL_IS_TRIAL), Some(true));
    assert_eq!(trial.int(LS_TRIAL_TRIAL_DAYS), Some(14));
    let trial_key = trial.str(LS_TRIAL_KEY).expect("a license key").to_owned();
    // The same device gets the same trial back.
    let again = result(
        &client,
        LS_OP_TRIAL_KEY,
        &Request::new("demo-trial", &device),
    );
    assert_eq!(again.str(LS_TRIAL_KEY), Some(trial_key.as_str()));
    // The trial is a license like any other.
    let lic = client
        .activate(&Request::new("demo-trial", &device).license_key(&trial_key))
        .unwrap();
    assert_eq!(lic.bool(LS_LICENSE_TRIAL), Some(true));
    assert!(lic.str(LS_LICENSE_VALIDITY_PERIOD).is_some());

    fails(
        &client,
        LS_OP_TRIAL_KEY,
        &Request::new("demo", &device),
        Status::LS_ERR_TRIAL_NOT_ALLOWED,
        "trial_not_allowed",
    );
    fails(
        &client,
        LS_OP_TRIAL_KEY,
        &Request::new("demo-trial-user", &device),
        Status::LS_ERR_EMAIL_MISSING,
        "email_missing",
    );
    let user_trial = result(
        &client,
        LS_OP_TRIAL_KEY,
        &Request::new("demo-trial-user", &device).with(LS_PARAM_EMAIL, "newcomer@example.com"),
    );
    assert_eq!(
        user_trial.str(LS_TRIAL_LICENSE_USER),
        Some("newcomer@example.com")
    );
    let password = user_trial
        .str(LS_TRIAL_INITIAL_PASSWORD)
        .expect("a first password")
        .to_owned();
    let lic = client
        .activate(&Request::new("demo-trial-user", &device).user("newcomer@example.com", &password))
        .unwrap();
    assert_eq!(lic.str(LS_LICENSE_USER_EMAIL), Some("newcomer@example.com"));
}

#[test]
fn features_and_their_consumption() {
    let emu = Emulator::start();
    let client = emu.client();
    let device = hw("features");
    let base = key("DEMO-FEATURES", &device);
    let lic = client.activate(&base).unwrap();
    let codes: Vec<_> = lic
        .list(LS_LICENSE_FEATURES)
        .iter()
        .map(|f| f.str(LS_FEATURE_CODE).unwrap())
        .collect();
    assert_eq!(codes, ["credits", "render", "basic", "tokens"]);
    let credits = &lic.list(LS_LICENSE_FEATURES)[0];
    assert_eq!(credits.str(LS_FEATURE_TYPE), Some("consumption"));
    assert_eq!(credits.int(LS_FEATURE_MAX_CONSUMPTION), Some(5));
    assert_eq!(credits.bool(LS_FEATURE_RESET_CONSUMPTION), Some(true));
    assert_eq!(credits.str(LS_FEATURE_CONSUMPTION_PERIOD), Some("daily"));

    let basic = result(
        &client,
        LS_OP_CHECK_FEATURE,
        &base.clone().with(LS_PARAM_FEATURE, "basic"),
    );
    assert_eq!(basic.str(LS_FEATURE_CODE), Some("basic"));
    assert_eq!(basic.str(LS_FEATURE_METADATA), Some(r#"{"tier":1}"#));
    assert_eq!(basic.int(LS_FEATURE_LICENSE_ID), Some(1016));
    fails(
        &client,
        LS_OP_CHECK_FEATURE,
        &base.clone().with(LS_PARAM_FEATURE, "nope"),
        Status::LS_ERR_INVALID_LICENSE_FEATURE_CODE,
        "invalid_license_feature_code",
    );
    let e = call(&client, LS_OP_CHECK_FEATURE, &base).unwrap_err();
    assert_eq!(
        (e.status(), e.message()),
        (
            Status::LS_ERR_INVALID_ARGUMENT,
            "feature is required by check_feature"
        )
    );

    let spend = |n: i64| {
        with_int(
            base.clone().with(LS_PARAM_FEATURE, "credits"),
            LS_PARAM_CONSUMPTIONS,
            n,
        )
    };
    let after = result(&client, LS_OP_ADD_FEATURE_CONSUMPTION, &spend(3));
    assert_eq!(after.int(LS_FEATURE_TOTAL_CONSUMPTIONS), Some(3));
    fails(
        &client,
        LS_OP_ADD_FEATURE_CONSUMPTION,
        &spend(3),
        Status::LS_ERR_FEATURE_NOT_ENOUGH_CONSUMPTIONS,
        "feature_not_enough_consumptions",
    );
    let after = result(&client, LS_OP_ADD_FEATURE_CONSUMPTION, &spend(2));
    assert_eq!(
        after.int(LS_FEATURE_TOTAL_CONSUMPTIONS),
        Some(5),
        "a refused addition changed nothing"
    );
}

#[test]
fn license_consumption_limits_overages_and_negatives() {
    let emu = Emulator::start();
    let client = emu.client();
    let device = hw("metered");
    let base = key("DEMO-METERED", &device);
    client.activate(&base).unwrap();
    let add = |n: i64| with_int(base.clone(), LS_PARAM_CONSUMPTIONS, n);
    let c = result(&client, LS_OP_ADD_CONSUMPTION, &add(10));
    assert_eq!(c.int(LS_CONSUMPTION_TOTAL_CONSUMPTIONS), Some(10));
    assert_eq!(c.int(LS_CONSUMPTION_MAX_CONSUMPTIONS), Some(10));
    assert_eq!(c.bool(LS_CONSUMPTION_ALLOW_OVERAGES), Some(true));
    assert_eq!(c.int(LS_CONSUMPTION_MAX_OVERAGES), Some(2));
    let c = result(&client, LS_OP_ADD_CONSUMPTION, &add(2));
    assert_eq!(
        c.int(LS_CONSUMPTION_TOTAL_CONSUMPTIONS),
        Some(12),
        "overages up to 2"
    );
    fails(
        &client,
        LS_OP_ADD_CONSUMPTION,
        &add(1),
        Status::LS_ERR_LICENSE_NOT_ENOUGH_CONSUMPTIONS,
        "license_not_enough_consumptions",
    );
    let c = result(&client, LS_OP_ADD_CONSUMPTION, &add(-5));
    assert_eq!(
        c.int(LS_CONSUMPTION_TOTAL_CONSUMPTIONS),
        Some(7),
        "negative consumptions allowed here"
    );
    assert_eq!(
        client
            .check(&base)
            .unwrap()
            .int(LS_LICENSE_TOTAL_CONSUMPTIONS),
        Some(7)
    );

    let plain = key("DEMO-1111-2222-3333", &device);
    fails(
        &client,
        LS_OP_ADD_CONSUMPTION,
        &plain,
        Status::LS_ERR_LICENSE_NOT_CONSUMPTION,
        "license_not_consumption",
    );
    let unlimited = key("DEMO-CONSUMPTION", &device);
    client.activate(&unlimited).unwrap();
    fails(
        &client,
        LS_OP_ADD_CONSUMPTION,
        &with_int(unlimited, LS_PARAM_CONSUMPTIONS, -1),
        Status::LS_ERR_NEGATIVE_CONSUMPTIONS_NOT_ALLOWED,
        "negative_consumptions_not_allowed",
    );
}

#[test]
fn thirty_two_concurrent_additions_never_pass_the_limit() {
    let emu = Emulator::start();
    let client = Arc::new(emu.client());
    let device = hw("race");
    let base = key("DEMO-CONSUMPTION", &device);
    client.activate(&base).unwrap();
    let barrier = Arc::new(Barrier::new(32));
    let outcomes: Vec<_> = (0..32)
        .map(|_| {
            let (client, barrier) = (client.clone(), barrier.clone());
            let request = with_int(base.clone(), LS_PARAM_CONSUMPTIONS, 4);
            std::thread::spawn(move || {
                barrier.wait();
                call(&client, LS_OP_ADD_CONSUMPTION, &request)
                    .map(|_| ())
                    .map_err(|e| e.status())
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    let ok = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(ok, 25, "100 / 4 additions fit");
    assert!(outcomes
        .iter()
        .all(|o| o.is_ok() || *o == Err(Status::LS_ERR_LICENSE_NOT_ENOUGH_CONSUMPTIONS)));
    assert_eq!(
        client
            .check(&base)
            .unwrap()
            .int(LS_LICENSE_TOTAL_CONSUMPTIONS),
        Some(100)
    );
}

#[test]
fn floating_cloud_seats_borrow_release_and_timeout() {
    let emu = Emulator::start_with(&["--clock-control"]);
    let client = Arc::new(emu.client());
    // 16 devices check a 2-seat license at once: exactly 2 get a seat.
    let devices: Vec<String> = (0..16).map(|_| hw("seat")).collect();
    for d in &devices {
        client.activate(&key("DEMO-FLOATING-CLOUD", d)).unwrap();
    }
    let barrier = Arc::new(Barrier::new(16));
    let outcomes: Vec<_> = devices
        .iter()
        .map(|d| {
            let (client, barrier, request) = (
                client.clone(),
                barrier.clone(),
                key("DEMO-FLOATING-CLOUD", d),
            );
            std::thread::spawn(move || {
                barrier.wait();
                client.check(&request).map(|_| ()).map_err(|e| e.status())
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    let holders: Vec<_> = devices
        .iter()
        .zip(&outcomes)
        .filter(|(_, o)| o.is_ok())
        .map(|(d, _)| d.clone())
        .collect();
    assert_eq!(holders.len(), 2);
    assert!(outcomes
        .iter()
        .all(|o| o.is_ok() || *o == Err(Status::LS_ERR_FLOATING_NOT_AVAILABLE)));
    let waiting = devices
        .iter()
        .find(|d| !holders.contains(d))
        .unwrap()
        .clone();

    // A release frees a seat at once.
    let released = key("DEMO-FLOATING-CLOUD", &holders[0]);
    assert_eq!(
        call(&client, LS_OP_FLOATING_RELEASE, &released).unwrap(),
        None
    );
    let lic = client.check(&key("DEMO-FLOATING-CLOUD", &waiting)).unwrap();
    assert_eq!(lic.int(LS_LICENSE_FLOATING_IN_USE_DEVICES), Some(2));

    // A borrowed seat outlives the timeout; an unborrowed one is freed by it.
    let borrower = key("DEMO-FLOATING-CLOUD", &holders[1]);
    let borrow = result(&client, LS_OP_FLOATING_BORROW, &borrower);
    assert!(borrow.str(LS_BORROW_BORROWED_UNTIL).is_some());
    assert_eq!(borrow.int(LS_BORROW_MAX_BORROW_TIME), Some(48));
    fails(
        &client,
        LS_OP_FLOATING_BORROW,
        &borrower
            .clone()
            .with(LS_PARAM_BORROWED_UNTIL, "2000-01-01T00:00:00Z"),
        Status::LS_ERR_BORROW_UNTIL_NOT_VALID,
        "borrow_until_not_valid",
    );
    let third = devices
        .iter()
        .find(|d| **d != waiting && !holders.contains(d))
        .unwrap()
        .clone();
    assert_eq!(
        client
            .check(&key("DEMO-FLOATING-CLOUD", &third))
            .unwrap_err()
            .status(),
        Status::LS_ERR_FLOATING_NOT_AVAILABLE
    );
    emu.advance_clock(11 * 60);
    let lic = client.check(&key("DEMO-FLOATING-CLOUD", &third)).unwrap();
    assert_eq!(
        lic.int(LS_LICENSE_FLOATING_IN_USE_DEVICES),
        Some(2),
        "the timed-out seat is reused"
    );
    assert_eq!(
        client
            .check(&borrower)
            .unwrap()
            .bool(LS_LICENSE_IS_BORROWED),
        Some(true)
    );

    fails(
        &client,
        LS_OP_FLOATING_BORROW,
        &key("DEMO-FLOATING-NO-BORROW", &hw("nb")),
        Status::LS_ERR_LICENSE_BORROW_NOT_ALLOWED,
        "license_borrow_not_allowed",
    );
}

#[test]
fn floating_features() {
    let emu = Emulator::start();
    let client = emu.client();
    let (a, b) = (hw("fa"), hw("fb"));
    for d in [&a, &b] {
        client.activate(&key("DEMO-FEATURES", d)).unwrap();
    }
    let render = |d: &str| key("DEMO-FEATURES", d).with(LS_PARAM_FEATURE, "render");
    let borrowed = result(&client, LS_OP_FLOATING_FEATURE_BORROW, &render(&a));
    assert_eq!(borrowed.bool(LS_FEATURE_IS_BORROWED), Some(true));
    assert!(borrowed.str(LS_FEATURE_BORROWED_UNTIL).is_some());
    assert_eq!(
        call(&client, LS_OP_CHECK_FEATURE, &render(&b))
            .unwrap_err()
            .status(),
        Status::LS_ERR_FLOATING_NOT_AVAILABLE
    );
    assert_eq!(
        call(&client, LS_OP_FLOATING_FEATURE_RELEASE, &render(&a)).unwrap(),
        None
    );
    assert_eq!(
        result(&client, LS_OP_CHECK_FEATURE, &render(&b)).int(LS_FEATURE_FLOATING_IN_USE_DEVICES),
        Some(1)
    );
    fails(
        &client,
        LS_OP_FLOATING_FEATURE_RELEASE,
        &render(&a),
        Status::LS_ERR_FLOATING_FEATURE_DEVICE_NOT_IN_USE,
        "floating_feature_device_not_in_use",
    );
    fails(
        &client,
        LS_OP_FLOATING_FEATURE_BORROW,
        &key("DEMO-FEATURES", &a).with(LS_PARAM_FEATURE, "basic"),
        Status::LS_ERR_FEATURE_NOT_FLOATING,
        "feature_not_floating",
    );
}
