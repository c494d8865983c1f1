//! License models over real HTTP: product details, trials, feature checks, consumption,
//! floating seats and borrowing, the movable clock, races and persistence.

mod common;

use std::sync::{Arc, Barrier};

use common::*;
use serde_json::{json, Value};

fn public_key() -> String {
    std::fs::read_to_string(manifest_dir().join("../tests/fixtures/emulator-public-key.pem"))
        .unwrap()
}

/// A success with a JSON body signed in `LicenseSignature`.
#[track_caller]
fn signed_ok(r: &Resp) -> Value {
    let v = r.ok();
    assert_eq!(r.content_type.as_deref(), Some("application/json"));
    let sig = r.signature.as_deref().expect("LicenseSignature header");
    assert!(verify(&public_key(), &r.body, sig), "bad signature");
    v
}

fn key_body(key: &str, hw: &str, extra: Value) -> Value {
    let mut v = json!({"product": "demo", "license_key": key, "hardware_id": hw});
    if let (Value::Object(m), Value::Object(e)) = (&mut v, extra) {
        m.extend(e);
    }
    v
}

fn q(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[test]
fn product_details() {
    let emu = Emulator::demo();
    let v = signed_ok(&emu.get("product_details", "product=demo-trial"));
    assert_eq!(v["product_id"], 3);
    assert_eq!(v["product_name"], "Demo Trial App");
    assert_eq!(v["short_code"], "demo-trial");
    assert_eq!(v["allow_trial"], true);
    assert_eq!(v["trial_days"], 14);
    assert_eq!(v["authorization_method"], "license-key");
    assert_eq!(v["floating_timeout"], 30);
    assert_eq!(v["allow_overages"], false);
    assert_eq!(v["max_overages"], 0);
    assert_eq!(v["prevent_vm"], false);
    assert_eq!(v["metadata"], json!({"channel": "trial"}));
    assert_eq!(v["company"], json!({"id": 1}));
    assert!(v.get("latest_version").is_none() && v.get("custom_fields").is_none());

    let v = signed_ok(&emu.get(
        "product_details",
        "product=demo-trial&include_latest_version=true&include_custom_fields=true&env=linux",
    ));
    assert_eq!(v["latest_version"]["version"], "2.1.0");
    assert_eq!(
        v["custom_fields"],
        json!([{"id": 7001, "name": "region", "default_value": "eu"}])
    );
    // A product without versions answers null when asked.
    let v = signed_ok(&emu.get(
        "product_details",
        "product=demo-user&include_latest_version=true",
    ));
    assert_eq!(v["latest_version"], Value::Null);
    assert_eq!(v["authorization_method"], "user");
    assert_eq!(v["allow_trial"], false);

    let m = emu
        .get("product_details", "")
        .error(400, "missing_parameters");
    assert!(m.contains("product"), "{m}");
    emu.get("product_details", "product=nope")
        .error(400, "unknown_product");
    emu.get(
        "product_details",
        "product=demo&include_latest_version=maybe",
    )
    .error(400, "validation_error");
    emu.post("product_details", "{}")
        .error(405, "method_not_allowed");
}

#[test]
fn key_trial() {
    let emu = Emulator::demo();
    let r = emu.get(
        "trial_key",
        &format!(
            "product=demo-trial&hardware_id=t1&email={}&first_name=Tia",
            q("tia@example.com")
        ),
    );
    let v = signed_ok(&r);
    let key = v["license"].as_str().unwrap().to_string();
    assert_eq!(v["license_key"], key.as_str());
    assert_eq!(key.len(), 19, "{key}");
    assert_eq!(v["is_trial"], true);
    assert_eq!(v["trial_days"], 14);
    assert_eq!(v["license_type"], "time-limited");
    assert_eq!(v["max_activations"], 2);
    assert_eq!(v["times_activated"], 0);
    assert_eq!(v["product_id"], 3);
    assert_eq!(v["LicenseProductFeatures"][0]["code"], "preview");
    assert!(v.get("license_user").is_none());
    let id = v["id"].as_i64().unwrap();
    assert!(id >= 1_000_000_000_000_000, "{id}");

    // The same device gets its trial back, in the short form.
    let again = signed_ok(&emu.get("trial_key", "product=demo-trial&hardware_id=t1"));
    assert_eq!(
        again,
        json!({"license": key, "license_type": "time-limited", "is_trial": true})
    );
    // Another device gets another trial.
    let other = signed_ok(&emu.get("trial_key", "product=demo-trial&hardware_id=t2"));
    assert_ne!(other["license"], key.as_str());

    // The trial key is a license: activate and check it.
    let a = emu.activate("demo-trial", &key, "t1").ok();
    assert_eq!(a["id"], id);
    assert_eq!(a["is_trial"], true);
    assert_eq!(a["trial_days"], 14);
    assert_eq!(a["customer"]["email"], "tia@example.com");
    assert_eq!(a["customer"]["first_name"], "Tia");
    assert_eq!(a["product_features"][0]["code"], "preview");
    let validity = a["validity_period"].as_str().unwrap();
    let until =
        time::OffsetDateTime::parse(validity, &time::format_description::well_known::Rfc3339)
            .unwrap();
    let days = (until - time::OffsetDateTime::now_utc()).whole_hours();
    assert!((14 * 24 - 1..=14 * 24).contains(&days), "{validity}");
    assert!(verify(
        &public_key(),
        format!("t1#{}#{validity}", key.to_lowercase())
            .to_lowercase()
            .as_bytes(),
        a["license_signature"].as_str().unwrap()
    ));
    emu.check(&format!(
        "product=demo-trial&license_key={key}&hardware_id=t1"
    ))
    .ok();
    // Trials of one product are not keys of another.
    emu.activate("demo", &key, "t1")
        .error(400, "license_not_found");

    // Errors.
    emu.get("trial_key", "product=demo&hardware_id=t1")
        .error(400, "trial_not_allowed");
    emu.get("trial_key", "product=demo-trial")
        .error(400, "missing_hardware_id");
    emu.get("trial_key", "product=demo-trial&hardware_id=")
        .error(400, "missing_hardware_id");
    emu.get("trial_key", "hardware_id=x")
        .error(400, "missing_parameters");
    emu.get("trial_key", "product=nope&hardware_id=x")
        .error(400, "unknown_product");
    emu.post("trial_key", "{}").error(405, "method_not_allowed");
}

#[test]
fn user_trial() {
    let emu = Emulator::demo();
    emu.get("trial_key", "product=demo-trial-user&hardware_id=u1")
        .error(400, "email_missing");
    let v = signed_ok(&emu.get(
        "trial_key",
        &format!(
            "product=demo-trial-user&hardware_id=u1&email={}",
            q("Una@Example.com")
        ),
    ));
    assert!(v.get("license").is_none() && v.get("license_key").is_none());
    let user = v["license_user"].as_str().unwrap().to_string();
    assert_eq!(user, "una@example.com");
    let password = v["initial_password"].as_str().unwrap().to_string();
    assert!(password.len() >= 8);
    assert_eq!(v["license_user_id"], v["id"]);
    assert_eq!(v["trial_days"], 7);
    assert_eq!(v["license_type"], "time-limited");

    let again = signed_ok(&emu.get(
        "trial_key",
        &format!(
            "product=demo-trial-user&hardware_id=u1&email={}",
            q("una@example.com")
        ),
    ));
    assert_eq!(
        again,
        json!({"license_user": user, "license_type": "time-limited", "is_trial": true})
    );
    // A chosen password is the user's password.
    let chosen = signed_ok(&emu.get(
        "trial_key",
        &format!(
            "product=demo-trial-user&hardware_id=u2&email={}&password=chosen-pw",
            q("vic@example.com")
        ),
    ));
    assert_eq!(chosen["initial_password"], "chosen-pw");

    let body = |pw: Option<&str>, hw: &str| {
        let mut b = json!({"product": "demo-trial-user", "hardware_id": hw, "username": user});
        if let Some(p) = pw {
            b["password"] = json!(p);
        }
        b
    };
    emu.post_json("activate_license", &body(Some("wrong"), "u1"))
        .error(400, "license_not_found");
    emu.post_json("activate_license", &body(None, "u1"))
        .error(400, "missing_parameters");
    let a = emu
        .post_json("activate_license", &body(Some(&password), "u1"))
        .ok();
    assert_eq!(a["user"]["email"], user.as_str());
    assert_eq!(a["is_trial"], true);
    assert!(verify(
        &public_key(),
        format!("u1#{user}#{}", a["validity_period"].as_str().unwrap())
            .to_lowercase()
            .as_bytes(),
        a["license_signature"].as_str().unwrap()
    ));
    // Check, as the vendor SDKs send it: username without password.
    emu.check(&format!(
        "product=demo-trial-user&hardware_id=u1&username={}",
        q(&user)
    ))
    .ok();
    emu.check(&format!(
        "product=demo-trial-user&hardware_id=u1&username={}&password=wrong",
        q(&user)
    ))
    .error(400, "license_not_found");
}

#[test]
fn expired_trial_answers_trial_expired() {
    let emu = Emulator::demo_clock();
    let v = signed_ok(&emu.get("trial_key", "product=demo-trial&hardware_id=e1"));
    let key = v["license"].as_str().unwrap().to_string();
    emu.activate("demo-trial", &key, "e1").ok();
    emu.advance(13 * 86400);
    emu.check(&format!(
        "product=demo-trial&license_key={key}&hardware_id=e1"
    ))
    .ok();
    emu.advance(2 * 86400);
    emu.check(&format!(
        "product=demo-trial&license_key={key}&hardware_id=e1"
    ))
    .error(400, "trial_expired");
    emu.activate("demo-trial", &key, "e2")
        .error(400, "trial_expired");
    // The device still gets the same (expired) trial back, and can deactivate.
    let again = signed_ok(&emu.get("trial_key", "product=demo-trial&hardware_id=e1"));
    assert_eq!(again["license"], key.as_str());
    assert_eq!(
        emu.deactivate("demo-trial", &key, "e1").text(),
        "license_deactivated"
    );
    // Seed licenses expire with the emulator clock too.
    emu.clock(json!({"set": "2100-01-02T00:00:00Z"}));
    emu.activate("demo", "DEMO-TIME-LIMITED", "e3")
        .error(400, "license_expired");
}

#[test]
fn check_license_feature() {
    let emu = Emulator::demo_clock();
    let key = "DEMO-FEATURES";
    let query = |feature: &str, hw: &str| {
        format!("product=demo&license_key={key}&hardware_id={hw}&feature={feature}")
    };
    emu.get("check_license_feature", &query("basic", "f1"))
        .error(400, "device_not_found");
    let a = emu.activate("demo", key, "f1").ok();
    // Feature objects in the license carry every field.
    let credits = &a["product_features"][0];
    for field in [
        "id",
        "code",
        "name",
        "feature_type",
        "expiry_date",
        "metadata",
        "is_floating",
        "is_floating_cloud",
        "floating_timeout",
        "floating_users",
        "floating_in_use_devices",
        "max_consumption",
        "total_consumptions",
        "allow_overages",
        "max_overages",
        "allow_unlimited_consumptions",
        "allow_negative_consumptions",
        "reset_consumption",
        "consumption_period",
        "can_borrow",
        "max_borrow_time",
        "is_borrowed",
        "borrowed_until",
    ] {
        assert!(credits.get(field).is_some(), "{field} missing: {credits}");
    }
    assert_eq!(credits["feature_type"], "consumption");
    assert_eq!(credits["consumption_period"], "daily");

    let v = signed_ok(&emu.get("check_license_feature", &query("basic", "f1")));
    assert_eq!(v["id"], 5005);
    assert_eq!(v["code"], "basic");
    assert_eq!(v["license_id"], 1016);
    assert_eq!(v["feature_type"], "activation");
    assert_eq!(v["metadata"], json!({"tier": 1}));
    assert!(v.get("metadata_string").is_none());
    let v = signed_ok(&emu.get(
        "check_license_feature",
        &format!("{}&include_metadata_string=true", query("basic", "f1")),
    ));
    assert_eq!(v["metadata_string"], r#"{"tier":1}"#);

    emu.get("check_license_feature", &query("nope", "f1"))
        .error(400, "invalid_license_feature_code");
    let m = emu
        .get(
            "check_license_feature",
            &format!("product=demo&license_key={key}&hardware_id=f1"),
        )
        .error(400, "missing_parameters");
    assert!(m.contains("feature"), "{m}");

    // A floating cloud feature: checking takes a seat; one user only.
    emu.activate("demo", key, "f2").ok();
    let v = signed_ok(&emu.get("check_license_feature", &query("render", "f1")));
    assert_eq!(v["floating_in_use_devices"], 1);
    emu.get("check_license_feature", &query("render", "f2"))
        .error(400, "floating_not_available");
    // Renewing keeps the seat; after the timeout (15 minutes) without a check it is free.
    emu.advance(14 * 60);
    signed_ok(&emu.get("check_license_feature", &query("render", "f1")));
    emu.advance(14 * 60);
    emu.get("check_license_feature", &query("render", "f2"))
        .error(400, "floating_not_available");
    emu.advance(2 * 60);
    let v = signed_ok(&emu.get("check_license_feature", &query("render", "f2")));
    assert_eq!(v["floating_in_use_devices"], 1);
    // The license object reports the pool.
    let c = emu
        .check(&format!("product=demo&license_key={key}&hardware_id=f2"))
        .ok();
    assert_eq!(c["product_features"][1]["floating_in_use_devices"], 1);
}

#[test]
fn add_consumption() {
    let emu = Emulator::demo();
    let add = |key: &str, hw: &str, extra: Value| {
        emu.post_json("add_consumption", &key_body(key, hw, extra))
    };
    add("DEMO-METERED", "c1", json!({})).error(400, "device_not_found");
    emu.activate("demo", "DEMO-METERED", "c1").ok();
    let v = signed_ok(&add("DEMO-METERED", "c1", json!({})));
    assert_eq!(
        v,
        json!({"id": 1013, "max_consumptions": 10, "total_consumptions": 1,
               "allow_unlimited_consumptions": false, "allow_negative_consumptions": true,
               "allow_overages": true, "max_overages": 2, "reset_consumption": true,
               "consumption_period": "monthly", "company": {"id": 1}})
    );
    let v = signed_ok(&add("DEMO-METERED", "c1", json!({"consumptions": 9})));
    assert_eq!(v["total_consumptions"], 10);
    // Overages: up to 10 + 2.
    add("DEMO-METERED", "c1", json!({"consumptions": 3}))
        .error(400, "license_not_enough_consumptions");
    let v = signed_ok(&add("DEMO-METERED", "c1", json!({"consumptions": 2})));
    assert_eq!(v["total_consumptions"], 12);
    add("DEMO-METERED", "c1", json!({"consumptions": 1}))
        .error(400, "license_not_enough_consumptions");
    // Negative consumptions are allowed here.
    let v = signed_ok(&add("DEMO-METERED", "c1", json!({"consumptions": -5})));
    assert_eq!(v["total_consumptions"], 7);
    // The request can change the overage policy: no overages, then 10 more.
    add(
        "DEMO-METERED",
        "c1",
        json!({"consumptions": 4, "allow_overages": false}),
    )
    .error(400, "license_not_enough_consumptions");
    let v = signed_ok(&add(
        "DEMO-METERED",
        "c1",
        json!({"consumptions": 3, "allow_overages": false, "max_overages": 0}),
    ));
    assert_eq!(v["total_consumptions"], 10);
    assert_eq!(v["allow_overages"], false);
    add("DEMO-METERED", "c1", json!({"consumptions": 1}))
        .error(400, "license_not_enough_consumptions");
    let v = signed_ok(&add(
        "DEMO-METERED",
        "c1",
        json!({"consumptions": 10, "allow_overages": true, "max_overages": 10}),
    ));
    assert_eq!(v["total_consumptions"], 20);
    let c = emu
        .check("product=demo&license_key=DEMO-METERED&hardware_id=c1")
        .ok();
    assert_eq!(c["total_consumptions"], 20);
    assert_eq!(c["max_overages"], 10);
    assert_eq!(c["reset_consumption"], true);
    assert_eq!(c["consumption_period"], "monthly");

    // Negative consumptions are refused where not allowed.
    emu.activate("demo", "DEMO-CONSUMPTION", "c1").ok();
    add("DEMO-CONSUMPTION", "c1", json!({"consumptions": -1}))
        .error(400, "negative_consumptions_not_allowed");
    add("DEMO-CONSUMPTION", "c1", json!({"consumptions": 101}))
        .error(400, "license_not_enough_consumptions");
    // Unlimited.
    emu.activate("demo", "DEMO-UNLIMITED-CONSUMPTION", "c1")
        .ok();
    let v = signed_ok(&add(
        "DEMO-UNLIMITED-CONSUMPTION",
        "c1",
        json!({"consumptions": 1_000_000}),
    ));
    assert_eq!(v["total_consumptions"], 1_000_000);
    // Not a consumption license.
    emu.activate("demo", "DEMO-FEATURES", "c1").ok();
    add("DEMO-FEATURES", "c1", json!({})).error(400, "license_not_consumption");
    // Bad input changes nothing.
    add("DEMO-CONSUMPTION", "c1", json!({"consumptions": "5"})).error(400, "validation_error");
    add("DEMO-CONSUMPTION", "c1", json!({"consumptions": 1.5})).error(400, "validation_error");
    add("DEMO-CONSUMPTION", "c1", json!({"max_overages": -1})).error(400, "validation_error");
    add("DEMO-CONSUMPTION", "c1", json!({"allow_overages": "yes"})).error(400, "validation_error");
    add(
        "DEMO-UNLIMITED-CONSUMPTION",
        "c1",
        json!({"consumptions": i64::MAX}),
    )
    .error(400, "validation_error");
    emu.post("add_consumption", "{not json")
        .error(400, "invalid_json");
    emu.get("add_consumption", "product=demo")
        .error(405, "method_not_allowed");
    let v = signed_ok(&add("DEMO-CONSUMPTION", "c1", json!({"consumptions": 0})));
    assert_eq!(v["total_consumptions"], 0);
    let c = emu
        .check("product=demo&license_key=DEMO-METERED&hardware_id=c1")
        .ok();
    assert_eq!(c["total_consumptions"], 20);
}

#[test]
fn add_feature_consumption() {
    let emu = Emulator::demo_clock();
    emu.clock(json!({"set": "2030-03-10T12:00:00Z"}));
    let add = |feature: &str, n: i64| {
        emu.post_json(
            "add_feature_consumption",
            &key_body(
                "DEMO-FEATURES",
                "fc1",
                json!({"feature": feature, "consumptions": n}),
            ),
        )
    };
    add("credits", 1).error(400, "device_not_found");
    emu.activate("demo", "DEMO-FEATURES", "fc1").ok();
    let v = signed_ok(&add("credits", 4));
    assert_eq!(v["id"], 5003);
    assert_eq!(v["license_id"], 1016);
    assert_eq!(v["code"], "credits");
    assert_eq!(v["total_consumptions"], 4);
    assert_eq!(v["max_consumption"], 5);
    assert_eq!(v["max_consumptions"], 5);
    add("credits", 2).error(400, "feature_not_enough_consumptions");
    assert_eq!(signed_ok(&add("credits", 1))["total_consumptions"], 5);
    add("credits", 1).error(400, "feature_not_enough_consumptions");
    add("credits", -1).error(400, "negative_consumptions_not_allowed");
    add("basic", 1).error(400, "feature_not_enough_consumptions");
    add("nope", 1).error(400, "unsupported_product_feature");
    let v = signed_ok(&add("tokens", 1_000));
    assert_eq!(v["total_consumptions"], 1000);
    assert_eq!(signed_ok(&add("tokens", -1_001))["total_consumptions"], -1);
    // The license object shows the totals.
    let c = emu
        .check("product=demo&license_key=DEMO-FEATURES&hardware_id=fc1")
        .ok();
    assert_eq!(c["product_features"][0]["total_consumptions"], 5);
    assert_eq!(c["product_features"][3]["total_consumptions"], -1);
    // Daily reset: the next day (UTC) starts from zero.
    emu.clock(json!({"set": "2030-03-10T23:59:00Z"}));
    add("credits", 1).error(400, "feature_not_enough_consumptions");
    emu.clock(json!({"set": "2030-03-11T00:00:01Z"}));
    let c = emu
        .check("product=demo&license_key=DEMO-FEATURES&hardware_id=fc1")
        .ok();
    assert_eq!(c["product_features"][0]["total_consumptions"], 0);
    assert_eq!(signed_ok(&add("credits", 5))["total_consumptions"], 5);
    // Unlimited features never reset unless asked.
    assert_eq!(c["product_features"][3]["total_consumptions"], -1);
    // Missing feature, wrong types.
    let m = emu
        .post_json(
            "add_feature_consumption",
            &key_body("DEMO-FEATURES", "fc1", json!({})),
        )
        .error(400, "missing_parameters");
    assert!(m.contains("feature"), "{m}");
    emu.post_json(
        "add_feature_consumption",
        &key_body("DEMO-FEATURES", "fc1", json!({"feature": 5})),
    )
    .error(400, "validation_error");
}

#[test]
fn license_consumption_resets_monthly() {
    let emu = Emulator::demo_clock();
    emu.clock(json!({"set": "2030-01-31T23:00:00Z"}));
    emu.activate("demo", "DEMO-METERED", "m1").ok();
    let add = |n: i64| {
        emu.post_json(
            "add_consumption",
            &key_body("DEMO-METERED", "m1", json!({"consumptions": n})),
        )
    };
    signed_ok(&add(12));
    add(1).error(400, "license_not_enough_consumptions");
    emu.advance(3600 + 1);
    let c = emu
        .check("product=demo&license_key=DEMO-METERED&hardware_id=m1")
        .ok();
    assert_eq!(c["total_consumptions"], 0);
    assert_eq!(signed_ok(&add(10))["total_consumptions"], 10);
    // A clock moved back does not bring old totals back.
    emu.clock(json!({"set": "2030-01-15T00:00:00Z"}));
    assert_eq!(signed_ok(&add(1))["total_consumptions"], 11);
}

fn floating_check(emu: &Emulator, hw: &str) -> Resp {
    emu.check(&format!(
        "product=demo&license_key=DEMO-FLOATING-CLOUD&hardware_id={hw}"
    ))
}

#[test]
fn floating_cloud_seats() {
    let emu = Emulator::demo_clock();
    for hw in ["s1", "s2", "s3"] {
        let a = emu.activate("demo", "DEMO-FLOATING-CLOUD", hw).ok();
        // Activation does not take a seat.
        assert_eq!(a["floating_in_use_devices"], 0);
        assert_eq!(a["is_floating_cloud"], true);
        assert_eq!(a["can_borrow"], true);
        assert_eq!(a["max_borrow_time"], 48);
    }
    assert_eq!(
        floating_check(&emu, "s1").ok()["floating_in_use_devices"],
        1
    );
    assert_eq!(
        floating_check(&emu, "s2").ok()["floating_in_use_devices"],
        2
    );
    floating_check(&emu, "s3").error(400, "floating_not_available");
    // A device that holds a seat keeps it.
    assert_eq!(
        floating_check(&emu, "s1").ok()["floating_in_use_devices"],
        2
    );
    // Release frees it (and answers an empty body).
    let r = emu.post_json(
        "floating/release",
        &key_body("DEMO-FLOATING-CLOUD", "s1", json!({})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.text(), "");
    assert!(r.signature.is_none());
    assert_eq!(
        floating_check(&emu, "s3").ok()["floating_in_use_devices"],
        2
    );
    floating_check(&emu, "s1").error(400, "floating_not_available");
    // Releasing without a seat is harmless.
    let r = emu.post_json(
        "floating/release",
        &key_body("DEMO-FLOATING-CLOUD", "s1", json!({})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // Timeout (10 minutes without a check) frees a seat, which another device then takes.
    emu.advance(5 * 60);
    floating_check(&emu, "s2").ok();
    emu.advance(5 * 60 + 1);
    // s3 (last checked 10 minutes + 1 s ago) timed out; s2 did not.
    assert_eq!(
        floating_check(&emu, "s1").ok()["floating_in_use_devices"],
        2
    );
    floating_check(&emu, "s3").error(400, "floating_not_available");
    // Deactivation gives the seat back.
    assert_eq!(
        emu.deactivate("demo", "DEMO-FLOATING-CLOUD", "s1").text(),
        "license_deactivated"
    );
    assert_eq!(
        floating_check(&emu, "s3").ok()["floating_in_use_devices"],
        2
    );
    // Release needs an active device and a floating cloud license.
    emu.post_json(
        "floating/release",
        &key_body("DEMO-FLOATING-CLOUD", "never", json!({})),
    )
    .error(400, "device_not_found");
    emu.activate("demo", "DEMO-UNLIMITED", "s1").ok();
    emu.post_json(
        "floating/release",
        &key_body("DEMO-UNLIMITED", "s1", json!({})),
    )
    .error(400, "floating_not_available");
    // Offline-floating licenses (is_floating) have no cloud seats.
    emu.activate("demo", "DEMO-FLOATING", "s1").ok();
    let c = emu
        .check("product=demo&license_key=DEMO-FLOATING&hardware_id=s1")
        .ok();
    assert_eq!(c["floating_in_use_devices"], 0);
}

#[test]
fn floating_borrow() {
    let emu = Emulator::demo_clock();
    let borrow = |hw: &str, until: Value| {
        emu.post_json(
            "floating/borrow",
            &key_body("DEMO-FLOATING-CLOUD", hw, json!({"borrowed_until": until})),
        )
    };
    borrow("b1", Value::Null).error(400, "device_not_found");
    for hw in ["b1", "b2", "b3"] {
        emu.activate("demo", "DEMO-FLOATING-CLOUD", hw).ok();
    }
    let now = time::OffsetDateTime::now_utc();
    let v = signed_ok(&borrow("b1", Value::Null));
    let until = time::OffsetDateTime::parse(
        v["borrowed_until"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let hours = (until - now).whole_minutes();
    assert!((48 * 60 - 1..=48 * 60 + 1).contains(&hours), "{v}");
    assert_eq!(v["max_borrow_time"], 48);
    assert_eq!(v["license_id"], 1015);
    assert!(v["device_id"].as_i64().unwrap() > 0);
    assert_eq!(v["company"], json!({"id": 1}));
    // The license object shows the borrow for this device only.
    let c = floating_check(&emu, "b1").ok();
    assert_eq!(c["is_borrowed"], true);
    assert_eq!(c["borrowed_until"], v["borrowed_until"]);
    assert_eq!(c["floating_in_use_devices"], 1);
    let c = floating_check(&emu, "b2").ok();
    assert_eq!(c["is_borrowed"], false);
    assert_eq!(c["borrowed_until"], Value::Null);
    // Dates: in the future and within max_borrow_time.
    let in_hours = |h: i64| {
        let t = time::OffsetDateTime::now_utc() + time::Duration::hours(h);
        json!(t
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap())
    };
    borrow("b3", in_hours(-1)).error(400, "borrow_until_not_valid");
    borrow("b3", in_hours(49)).error(400, "borrow_until_not_valid");
    borrow("b3", json!("next week")).error(400, "borrow_until_not_valid");
    // The pool is full (b1 borrowed, b2 checked): b3 cannot borrow.
    borrow("b3", in_hours(2)).error(400, "floating_not_available");
    let v = signed_ok(&borrow("b2", in_hours(2)));
    assert!(v["borrowed_until"].as_str().unwrap().ends_with('Z'));
    borrow("b1", json!(5)).error(400, "validation_error");
    // A borrowed seat outlives the floating timeout, and ends with the borrow.
    emu.advance(3 * 3600);
    assert_eq!(
        floating_check(&emu, "b3").ok()["floating_in_use_devices"],
        2
    );
    let c = floating_check(&emu, "b1").ok();
    assert_eq!(c["is_borrowed"], true);
    // Release ends a borrow early.
    emu.post_json(
        "floating/release",
        &key_body("DEMO-FLOATING-CLOUD", "b1", json!({})),
    );
    let c = floating_check(&emu, "b3").ok();
    assert_eq!(c["floating_in_use_devices"], 1);
    // Borrowing not allowed.
    emu.activate("demo", "DEMO-FLOATING-NO-BORROW", "b1").ok();
    emu.post_json(
        "floating/borrow",
        &key_body(
            "DEMO-FLOATING-NO-BORROW",
            "b1",
            json!({"borrowed_until": null}),
        ),
    )
    .error(400, "license_borrow_not_allowed");
    emu.activate("demo", "DEMO-UNLIMITED", "b1").ok();
    emu.post_json(
        "floating/borrow",
        &key_body("DEMO-UNLIMITED", "b1", json!({"borrowed_until": null})),
    )
    .error(400, "license_borrow_not_allowed");
}

#[test]
fn floating_features() {
    let emu = Emulator::demo_clock();
    let call = |path: &str, hw: &str, extra: Value| {
        emu.post_json(path, &key_body("DEMO-FEATURES", hw, extra))
    };
    for hw in ["ff1", "ff2"] {
        emu.activate("demo", "DEMO-FEATURES", hw).ok();
    }
    call(
        "floating/feature_borrow",
        "ff1",
        json!({"feature": "basic", "borrowed_until": null}),
    )
    .error(400, "feature_not_floating");
    call(
        "floating/feature_borrow",
        "ff1",
        json!({"feature": "nope", "borrowed_until": null}),
    )
    .error(400, "invalid_license_feature_code");
    call(
        "floating/feature_borrow",
        "ff1",
        json!({"borrowed_until": null}),
    )
    .error(400, "missing_parameters");
    call(
        "floating/feature_borrow",
        "ff1",
        json!({"feature": "render", "borrowed_until": "2000-01-01T00:00:00Z"}),
    )
    .error(400, "borrow_until_not_valid");
    let v = signed_ok(&call(
        "floating/feature_borrow",
        "ff1",
        json!({"feature": "render", "borrowed_until": null}),
    ));
    assert_eq!(v["code"], "render");
    assert_eq!(v["is_borrowed"], true);
    assert!(v["borrowed_until"].as_str().unwrap().ends_with('Z'));
    assert_eq!(v["floating_in_use_devices"], 1);
    call(
        "floating/feature_borrow",
        "ff2",
        json!({"feature": "render", "borrowed_until": null}),
    )
    .error(400, "floating_not_available");
    call(
        "floating/feature_release",
        "ff2",
        json!({"feature": "render"}),
    )
    .error(400, "floating_feature_device_not_in_use");
    call(
        "floating/feature_release",
        "ff2",
        json!({"feature": "basic"}),
    )
    .error(400, "feature_not_floating");
    call(
        "floating/feature_release",
        "ff2",
        json!({"feature": "nope"}),
    )
    .error(400, "invalid_license_feature_code");
    let r = call(
        "floating/feature_release",
        "ff1",
        json!({"feature": "render"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.text(), "");
    let v = signed_ok(&emu.get(
        "check_license_feature",
        "product=demo&license_key=DEMO-FEATURES&hardware_id=ff2&feature=render",
    ));
    assert_eq!(v["floating_in_use_devices"], 1);
    assert_eq!(v["is_borrowed"], false);
    call(
        "floating/feature_release",
        "ff1",
        json!({"feature": "render"}),
    )
    .error(400, "floating_feature_device_not_in_use");
}

#[test]
fn user_products_identify_by_username_on_device_calls() {
    let emu = Emulator::demo();
    let alice = json!({"product": "demo-user", "hardware_id": "ua1",
                       "username": "alice@example.com", "password": "alice-password"});
    emu.post_json("activate_license", &alice).ok();
    // Username alone works where the vendor SDKs send no password.
    emu.check("product=demo-user&hardware_id=ua1&username=alice%40example.com")
        .ok();
    // But not for somebody else's device, and a wrong password is still wrong.
    emu.check("product=demo-user&hardware_id=ua1&username=bob%40example.com")
        .error(400, "device_not_found");
    emu.check("product=demo-user&hardware_id=ua1&username=alice%40example.com&password=nope")
        .error(400, "license_not_found");
    let r = emu.post_json(
        "deactivate_license",
        &json!({"product": "demo-user", "hardware_id": "ua1", "username": "alice@example.com"}),
    );
    assert_eq!(r.text(), "license_deactivated");
}

#[test]
fn clock_control() {
    // Off by default: the path does not exist.
    let emu = Emulator::demo();
    emu.clock(json!({"advance_seconds": 10}))
        .error(404, "not_found");
    drop(emu);

    let emu = Emulator::demo_clock();
    let r = send(ureq::get(&format!("{}/__emulator/clock", emu.url)), None);
    let before = r.ok()["now"].as_str().unwrap().to_string();
    assert!(before.ends_with('Z'));
    let v = emu.clock(json!({"set": "2031-06-01T10:00:00Z"})).ok();
    assert!(
        v["now"].as_str().unwrap().starts_with("2031-06-01T10:00:0"),
        "{v}"
    );
    let v = emu.clock(json!({"advance_seconds": 86400})).ok();
    assert!(
        v["now"].as_str().unwrap().starts_with("2031-06-02T10:00:0"),
        "{v}"
    );
    // Requests signed with the real time still pass the Date check.
    emu.activate("demo", "DEMO-UNLIMITED", "clk").ok();
    for bad in [
        json!({}),
        json!({"advance_seconds": 1, "set": "2031-01-01T00:00:00Z"}),
        json!({"advance_seconds": "1"}),
        json!({"set": "tomorrow"}),
        json!({"advance_seconds": i64::MAX}),
        json!({"set": "1960-01-01"}),
        json!({"bogus": 1}),
    ] {
        emu.clock(bad).error(400, "validation_error");
    }
    let v = emu.clock(json!({"reset": true})).ok();
    assert!(v["now"].as_str().unwrap() >= before.as_str());
}

#[test]
fn bad_input_changes_nothing() {
    let emu = Emulator::demo();
    emu.activate("demo", "DEMO-FLOATING-CLOUD", "bi1").ok();
    emu.activate("demo", "DEMO-CONSUMPTION", "bi1").ok();
    for (call, body) in [
        ("add_consumption", "[1]"),
        ("add_consumption", "null"),
        ("floating/borrow", "{\"product\":"),
        ("floating/release", ""),
        ("add_feature_consumption", "\"x\""),
        (
            "floating/feature_borrow",
            "{\"product\":\"demo\",\"license_key\":5}",
        ),
    ] {
        let r = emu.post(call, body);
        assert!(r.status == 400, "{call} {body}: {}", r.text());
        let code = r.json()["code"].as_str().unwrap().to_string();
        assert!(
            code == "invalid_json" || code == "validation_error",
            "{call} {body}: {code}"
        );
    }
    for (call, query) in [
        ("check_license_feature", "product=demo&license_id=x"),
        (
            "trial_key",
            "product=demo-trial&hardware_id=h&license_id=1.5",
        ),
        ("product_details", "product=demo&include_custom_fields=2"),
    ] {
        emu.get(call, query).error(400, "validation_error");
    }
    // Missing pieces on every license call.
    for (call, disabled) in [
        ("add_consumption", "license_not_enabled"),
        ("add_feature_consumption", "license_not_enabled"),
        ("floating/borrow", "license_not_enabled"),
        // Releases work on disabled licenses, like deactivation; these fail later.
        ("floating/release", "floating_not_available"),
        ("floating/feature_borrow", "license_not_enabled"),
        ("floating/feature_release", "invalid_license_feature_code"),
    ] {
        emu.post(call, "{}").error(400, "missing_parameters");
        emu.post(call, r#"{"product":"demo"}"#)
            .error(400, "missing_parameters");
        emu.post(
            call,
            r#"{"product":"nope","hardware_id":"x","license_key":"k","feature":"f"}"#,
        )
        .error(400, "unknown_product");
        emu.post(
            call,
            r#"{"product":"demo","hardware_id":"x","license_key":"WRONG","feature":"f"}"#,
        )
        .error(400, "license_not_found");
        emu.post(
            call,
            r#"{"product":"demo","hardware_id":"x","license_key":"DEMO-DISABLED","feature":"f"}"#,
        )
        .error(400, disabled);
    }
    // Nothing above changed any state.
    let c = emu
        .check("product=demo&license_key=DEMO-CONSUMPTION&hardware_id=bi1")
        .ok();
    assert_eq!(c["total_consumptions"], 0);
    let c = emu
        .check("product=demo&license_key=DEMO-FLOATING-CLOUD&hardware_id=bi1")
        .ok();
    assert_eq!(c["floating_in_use_devices"], 1);
    assert_eq!(c["is_borrowed"], false);
}

/// Run `n` requests at once (each thread builds its own) and collect "ok" or the error code.
fn race(n: usize, request: impl Fn(usize) -> Resp + Send + Sync + 'static) -> Vec<String> {
    let barrier = Arc::new(Barrier::new(n));
    let request = Arc::new(request);
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let barrier = barrier.clone();
            let request = request.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let r = request(i);
                if r.status == 200 {
                    "ok".to_string()
                } else {
                    r.json()["code"].as_str().unwrap().to_string()
                }
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

fn count(results: &[String], what: &str) -> usize {
    results.iter().filter(|r| *r == what).count()
}

#[test]
fn sixteen_clients_get_exactly_two_seats() {
    let emu = Arc::new(Emulator::demo_clock());
    for i in 0..16 {
        emu.activate("demo", "DEMO-FLOATING-CLOUD", &format!("race-{i}"))
            .ok();
    }
    // Checks.
    let e = emu.clone();
    let results = race(16, move |i| floating_check(&e, &format!("race-{i}")));
    assert_eq!(count(&results, "ok"), 2, "{results:?}");
    assert_eq!(count(&results, "floating_not_available"), 14, "{results:?}");
    // Borrows, once the check seats have timed out.
    emu.advance(11 * 60);
    let e = emu.clone();
    let results = race(16, move |i| {
        e.post_json(
            "floating/borrow",
            &key_body(
                "DEMO-FLOATING-CLOUD",
                &format!("race-{i}"),
                json!({"borrowed_until": null}),
            ),
        )
    });
    assert_eq!(count(&results, "ok"), 2, "{results:?}");
    assert_eq!(count(&results, "floating_not_available"), 14, "{results:?}");
    let c = floating_check(&emu, "race-0");
    if c.status == 200 {
        assert_eq!(c.json()["floating_in_use_devices"], 2);
    } else {
        c.error(400, "floating_not_available");
    }
}

#[test]
fn concurrent_consumption_never_exceeds_the_limit() {
    let emu = Arc::new(Emulator::start(
        &manifest_dir().join("tests/seeds/license_models.json"),
        &[],
    ));
    let (date, auth) = signed_headers("test-api-key", "test-shared-key");
    let activate = send(
        ureq::post(&emu.api("activate_license"))
            .set("Date", &date)
            .set("Authorization", &auth),
        Some(br#"{"product":"meter","license_key":"METER-100","hardware_id":"m"}"#),
    );
    activate.ok();
    let e = emu.clone();
    let results = race(32, move |_| {
        let (date, auth) = signed_headers("test-api-key", "test-shared-key");
        send(
            ureq::post(&e.api("add_consumption"))
                .set("Date", &date)
                .set("Authorization", &auth),
            Some(br#"{"product":"meter","license_key":"METER-100","hardware_id":"m","consumptions":4}"#),
        )
    });
    assert_eq!(count(&results, "ok"), 25, "{results:?}");
    assert_eq!(
        count(&results, "license_not_enough_consumptions"),
        7,
        "{results:?}"
    );
    let (date, auth) = signed_headers("test-api-key", "test-shared-key");
    let c = send(
        ureq::get(&format!(
            "{}?product=meter&license_key=METER-100&hardware_id=m",
            emu.api("check_license")
        ))
        .set("Date", &date)
        .set("Authorization", &auth),
        None,
    )
    .ok();
    assert_eq!(c["total_consumptions"], 100);
}

#[test]
fn new_state_persists_with_db() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.sqlite");
    let db = db.to_str().unwrap();
    let (trial_key, user, password);
    {
        let emu = Emulator::start(&demo_seed(), &["--db", db]);
        let t = signed_ok(&emu.get("trial_key", "product=demo-trial&hardware_id=p1"));
        trial_key = t["license"].as_str().unwrap().to_string();
        emu.activate("demo-trial", &trial_key, "p1").ok();
        let u = signed_ok(&emu.get(
            "trial_key",
            "product=demo-trial-user&hardware_id=p1&email=pat%40example.com",
        ));
        user = u["license_user"].as_str().unwrap().to_string();
        password = u["initial_password"].as_str().unwrap().to_string();
        emu.activate("demo", "DEMO-METERED", "p1").ok();
        signed_ok(&emu.post_json(
            "add_consumption",
            &key_body(
                "DEMO-METERED",
                "p1",
                json!({"consumptions": 7, "max_overages": 5}),
            ),
        ));
        emu.activate("demo", "DEMO-FEATURES", "p1").ok();
        signed_ok(&emu.post_json(
            "add_feature_consumption",
            &key_body(
                "DEMO-FEATURES",
                "p1",
                json!({"feature": "credits", "consumptions": 3}),
            ),
        ));
        emu.activate("demo", "DEMO-FLOATING-CLOUD", "p1").ok();
        signed_ok(&emu.post_json(
            "floating/borrow",
            &key_body("DEMO-FLOATING-CLOUD", "p1", json!({"borrowed_until": null})),
        ));
        emu.activate("demo", "DEMO-FLOATING-CLOUD", "p2").ok();
        floating_check(&emu, "p2").ok();
    }
    let emu = Emulator::start(&demo_seed(), &["--db", db]);
    let again = signed_ok(&emu.get("trial_key", "product=demo-trial&hardware_id=p1"));
    assert_eq!(again["license"], trial_key.as_str());
    emu.check(&format!(
        "product=demo-trial&license_key={trial_key}&hardware_id=p1"
    ))
    .ok();
    emu.post_json(
        "activate_license",
        &json!({"product": "demo-trial-user", "hardware_id": "p1", "username": user,
                "password": password}),
    )
    .ok();
    let c = emu
        .check("product=demo&license_key=DEMO-METERED&hardware_id=p1")
        .ok();
    assert_eq!(c["total_consumptions"], 7);
    assert_eq!(c["max_overages"], 5);
    let c = emu
        .check("product=demo&license_key=DEMO-FEATURES&hardware_id=p1")
        .ok();
    assert_eq!(c["product_features"][0]["total_consumptions"], 3);
    let c = floating_check(&emu, "p1").ok();
    assert_eq!(c["is_borrowed"], true);
    assert_eq!(c["floating_in_use_devices"], 2);
    emu.activate("demo", "DEMO-FLOATING-CLOUD", "p3").ok();
    floating_check(&emu, "p3").error(400, "floating_not_available");
}

#[test]
fn schema_1_database_is_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO meta VALUES ('schema_version', '1');
             CREATE TABLE license_state (license_id INTEGER PRIMARY KEY,
                 transfer_count INTEGER NOT NULL DEFAULT 0,
                 deactivation_count INTEGER NOT NULL DEFAULT 0,
                 total_consumptions INTEGER NOT NULL DEFAULT 0);
             INSERT INTO license_state VALUES (1012, 0, 0, 42);",
        )
        .unwrap();
    }
    let emu = Emulator::start(&demo_seed(), &["--db", path.to_str().unwrap()]);
    let a = emu.activate("demo", "DEMO-CONSUMPTION", "old").ok();
    assert_eq!(a["total_consumptions"], 42);
    signed_ok(&emu.get("trial_key", "product=demo-trial&hardware_id=old"));
}

#[test]
fn bad_seed_fields_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let head = r#"{"api_keys":[{"api_key":"k","shared_key":"s"}],"products":[{"short_code":"p","name":"P","#;
    let cases = [
        (
            r#""allow_trial":true,"trial_license":{"license_key":"K"}}]}"#,
            "products[0].trial_license.license_key",
        ),
        (
            r#""allow_trial":true,"trial_days":0}]}"#,
            "products[0].trial_days",
        ),
        (
            r#""licenses":[{"license_key":"K","features":[{"code":"f","name":"F","feature_type":"magic"}]}]}]}"#,
            "products[0].licenses[0].features[0].feature_type",
        ),
        (
            r#""licenses":[{"license_key":"K","consumption_period":"hourly"}]}]}"#,
            "products[0].licenses[0].consumption_period",
        ),
        (
            r#""licenses":[{"license_key":"K","reset_consumption":true}]}]}"#,
            "products[0].licenses[0].consumption_period",
        ),
        (
            r#""licenses":[{"license_key":"K","features":[{"code":"f","name":"F"},{"code":"f","name":"G"}]}]}]}"#,
            "products[0].licenses[0].features[1].code",
        ),
        (
            r#""licenses":[{"license_key":"K","floating_users":-1}]}]}"#,
            "products[0].licenses[0].floating_users",
        ),
        (
            r#""licenses":[{"id":1000000000000000,"license_key":"K"}]}]}"#,
            "products[0].licenses[0].id",
        ),
        (
            r#""custom_fields":[{"name":"x","value":"y"}]}]}"#,
            "products[0].custom_fields[0]",
        ),
        (
            r#""licenses":[{"license_key":"K","features":[{"code":"f","name":"F","max_borrow_time":"1"}]}]}]}"#,
            "products[0].licenses[0].features[0].max_borrow_time",
        ),
    ];
    for (i, (tail, field)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("bad{i}.json"));
        std::fs::write(&path, format!("{head}{tail}")).unwrap();
        let out = std::process::Command::new(bin())
            .args(["--listen", "127.0.0.1:0", "--seed", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(!out.status.success(), "case {i} started");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(field), "expected {field} in: {err}");
    }
}
