//! End-to-end tests: each starts a real ls-emulator process and talks HTTP to it.

mod common;

use std::process::Command;
use std::sync::{Arc, Barrier};

use common::*;
use serde_json::{json, Value};

fn fixture_public_key() -> String {
    std::fs::read_to_string(manifest_dir().join("../tests/fixtures/emulator-public-key.pem"))
        .unwrap()
}

#[test]
fn hmac_vector_matches_vendor_docs() {
    assert_eq!(
        hmac_signature(
            "kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja",
            "Tue, 07 Jun 2011 20:51:35 GMT"
        ),
        "UDysfR6MndUZReo07Y9r+vErn8vSxrnQ5ulit18iJ/Q="
    );
}

#[test]
fn activate_check_deactivate_key_license() {
    let dir = tempfile::tempdir().unwrap();
    let pub_out = dir.path().join("pub.pem");
    let emu = Emulator::start(
        &demo_seed(),
        &["--public-key-out", pub_out.to_str().unwrap()],
    );
    let public = std::fs::read_to_string(&pub_out).unwrap();
    assert!(public.starts_with("-----BEGIN PUBLIC KEY-----"), "{public}");

    let r = emu.post(
        "activate_license",
        r#"{"product":"demo","license_key":"DEMO-1111-2222-3333","hardware_id":"HW-One",
            "is_vm":false,"vm_info":"none","os_ver":"Linux 6","hostname":"h","os_hostname":"oh",
            "ip":"10.0.0.1","ip_local":"192.168.0.2","app_ver":"1.0","sdk_ver":"0.1",
            "mac_address":"00:11:22:33:44:55","variables":{"gpu":"rtx","seats":"4"}}"#,
    );
    let v = r.ok();
    assert_eq!(r.content_type.as_deref(), Some("application/json"));
    // Compact JSON.
    assert!(!r.text().contains(": ") && !r.text().contains('\n'));
    assert_eq!(v["id"], 1001);
    assert_eq!(v["license_key"], "DEMO-1111-2222-3333");
    assert_eq!(v["license_type"], "perpetual");
    assert_eq!(v["license_active"], true);
    assert_eq!(v["license_enabled"], true);
    assert_eq!(v["is_expired"], false);
    assert_eq!(v["is_trial"], false);
    assert_eq!(v["validity_period"], Value::Null);
    assert_eq!(v["start_date"], Value::Null);
    assert_eq!(v["maintenance_period"], Value::Null);
    assert_eq!(v["times_activated"], 1);
    assert_eq!(v["max_activations"], 3);
    assert_eq!(v["allow_unlimited_activations"], false);
    assert_eq!(v["transfer_count"], 0);
    assert_eq!(v["max_transfers"], 0);
    assert_eq!(v["prevent_vm"], false);
    assert_eq!(v["is_floating"], false);
    assert_eq!(v["total_consumptions"], 0);
    assert_eq!(v["metadata"], json!({"edition": "pro"}));
    assert_eq!(
        v["custom_fields"],
        json!([{"name": "tier", "value": "gold", "data_type": null}])
    );
    let features = v["product_features"].as_array().unwrap();
    assert_eq!(features.len(), 2);
    assert_eq!(features[0]["code"], "pro");
    assert_eq!(features[0]["name"], "Pro features");
    assert_eq!(features[0]["feature_type"], "activation");
    assert_eq!(features[1]["code"], "export");
    assert_eq!(v["customer"]["email"], "customer@example.com");
    assert_eq!(v["customer"]["first_name"], "Ada");
    assert_eq!(v["customer"]["last_name"], "Lovelace");
    assert_eq!(v["customer"]["company_name"], "Example Ltd");
    assert_eq!(
        v["product_details"],
        json!({"product_id": 1, "product_name": "Demo App", "short_code": "demo",
               "authorization_method": "license-key", "metadata": {}})
    );
    assert_eq!(v["hardware_id"], "HW-One");
    assert_eq!(v["variables"], json!({"gpu": "rtx", "seats": "4"}));
    assert!(v.get("user").is_none());
    let device_id = v["device_id"].as_i64().unwrap();

    // v2: header over the exact body bytes, with the key written by --public-key-out and
    // with the committed fixture public key.
    let sig = r.signature.clone().expect("LicenseSignature header");
    assert!(verify(&public, &r.body, &sig));
    assert!(verify(&fixture_public_key(), &r.body, &sig));
    let mut tampered = r.body.clone();
    tampered[5] ^= 1;
    assert!(!verify(&public, &tampered, &sig));
    // v1: lower-cased "hardware_id#license_key#validity".
    let v1 = v["license_signature"].as_str().unwrap();
    assert!(verify(&public, b"hw-one#demo-1111-2222-3333#", v1));

    let c =
        emu.check("product=demo&license_key=DEMO-1111-2222-3333&hardware_id=HW-One&app_ver=1.0");
    let cv = c.ok();
    assert_eq!(cv["device_id"], device_id);
    assert_eq!(cv["times_activated"], 1);
    assert!(verify(&public, &c.body, c.signature.as_deref().unwrap()));

    let d = emu.post(
        "deactivate_license",
        r#"{"product":"demo","license_key":"DEMO-1111-2222-3333","hardware_id":"HW-One","sdk_ver":"0.1"}"#,
    );
    assert_eq!(d.status, 200);
    assert_eq!(d.text(), "license_deactivated");
    assert!(d.signature.is_none());

    emu.check("product=demo&license_key=DEMO-1111-2222-3333&hardware_id=HW-One")
        .error(400, "device_not_found");
    emu.deactivate("demo", "DEMO-1111-2222-3333", "HW-One")
        .error(400, "device_not_found");
    // Re-activation after deactivation keeps the device id.
    let again = emu.activate("demo", "DEMO-1111-2222-3333", "HW-One").ok();
    assert_eq!(again["device_id"], device_id);
    assert_eq!(again["times_activated"], 1);
    assert_eq!(again["variables"], json!({"gpu": "rtx", "seats": "4"}));
}

#[test]
fn time_limited_license_dates_and_v1_signature() {
    let emu = Emulator::demo();
    let r = emu.activate("demo", "DEMO-TIME-LIMITED", "Dev-1");
    let v = r.ok();
    assert_eq!(v["license_type"], "time-limited");
    assert_eq!(v["validity_period"], "2099-12-31T23:59:59.000Z");
    assert_eq!(v["max_activations"], 100);
    let v1 = v["license_signature"].as_str().unwrap();
    assert!(verify(
        &fixture_public_key(),
        b"dev-1#demo-time-limited#2099-12-31t23:59:59.000z",
        v1
    ));
}

#[test]
fn license_state_rules() {
    let emu = Emulator::demo();
    emu.activate("demo", "DEMO-DISABLED", "hw")
        .error(400, "license_not_enabled");
    emu.activate("demo", "DEMO-INACTIVE", "hw")
        .error(400, "license_not_active");
    emu.activate("demo", "DEMO-EXPIRED", "hw")
        .error(400, "license_expired");
    let msg = emu
        .activate("demo", "DEMO-NOT-STARTED", "hw")
        .error(400, "license_start_date_error");
    assert!(msg.contains("2099-01-01"), "{msg}");
    emu.activate("nope", "DEMO-1111-2222-3333", "hw")
        .error(400, "unknown_product");
    emu.activate("demo", "DEMO-WRONG", "hw")
        .error(400, "license_not_found");
    emu.activate("demo", "DEMO-1111-2222-3333", "blacklisted-device")
        .error(400, "blacklisted");
    // Check and deactivate follow the same state rules.
    emu.check("product=demo&license_key=DEMO-DISABLED&hardware_id=hw")
        .error(400, "license_not_enabled");
    emu.deactivate("demo", "DEMO-INACTIVE", "hw")
        .error(400, "license_not_active");
    emu.check("product=demo&license_key=DEMO-EXPIRED&hardware_id=hw")
        .error(400, "license_expired");
}

#[test]
fn vm_rule() {
    let emu = Emulator::demo();
    emu.post(
        "activate_license",
        r#"{"product":"demo","license_key":"DEMO-NO-VM","hardware_id":"vm1","is_vm":true}"#,
    )
    .error(400, "vm_not_allowed");
    let v = emu
        .post(
            "activate_license",
            r#"{"product":"demo","license_key":"DEMO-NO-VM","hardware_id":"vm1","is_vm":false}"#,
        )
        .ok();
    assert_eq!(v["prevent_vm"], true);
    // VMs are fine elsewhere.
    emu.post(
        "activate_license",
        r#"{"product":"demo","license_key":"DEMO-UNLIMITED","hardware_id":"vm1","is_vm":true}"#,
    )
    .ok();
}

#[test]
fn license_id_pins_the_license() {
    let emu = Emulator::demo();
    emu.post(
        "activate_license",
        r#"{"product":"demo","license_key":"DEMO-UNLIMITED","hardware_id":"p1","license_id":1}"#,
    )
    .error(400, "license_not_found");
    emu.post(
        "activate_license",
        r#"{"product":"demo","license_key":"DEMO-UNLIMITED","hardware_id":"p1","license_id":1010}"#,
    )
    .ok();
    emu.check("product=demo&license_key=DEMO-UNLIMITED&hardware_id=p1&license_id=1010")
        .ok();
    emu.check("product=demo&license_key=DEMO-UNLIMITED&hardware_id=p1&license_id=5")
        .error(400, "license_not_found");
}

#[test]
fn activation_limits_and_existing_device() {
    let emu = Emulator::demo();
    let v = emu.activate("demo", "DEMO-SINGLE-SEAT", "A").ok();
    assert_eq!(v["times_activated"], 1);
    emu.activate("demo", "DEMO-SINGLE-SEAT", "B")
        .error(400, "license_activated_max_times");
    // Same device again: 409, counts unchanged.
    emu.activate("demo", "DEMO-SINGLE-SEAT", "A")
        .error(409, "license_device_exists");
    let c = emu
        .check("product=demo&license_key=DEMO-SINGLE-SEAT&hardware_id=A")
        .ok();
    assert_eq!(c["times_activated"], 1);
    emu.check("product=demo&license_key=DEMO-SINGLE-SEAT&hardware_id=B")
        .error(400, "device_not_found");
    // Unlimited ignores max_activations.
    for i in 0..5 {
        emu.activate("demo", "DEMO-UNLIMITED", &format!("u{i}"))
            .ok();
    }
}

#[test]
fn transfers() {
    let emu = Emulator::demo();
    let key = "DEMO-NO-TRANSFER";
    emu.activate("demo", key, "A").ok();
    emu.deactivate("demo", key, "A").ok_text();
    let b = emu.activate("demo", key, "B").ok();
    assert_eq!(b["transfer_count"], 1);
    assert_eq!(b["max_transfers"], 1);
    emu.deactivate("demo", key, "B").ok_text();
    emu.activate("demo", key, "C")
        .error(400, "license_transferred_max_times");
    // A hardware id seen before is not a transfer.
    let a = emu.activate("demo", key, "A").ok();
    assert_eq!(a["transfer_count"], 1);
}

trait OkText {
    fn ok_text(&self);
}
impl OkText for Resp {
    #[track_caller]
    fn ok_text(&self) {
        assert_eq!(self.status, 200, "{}", self.text());
        assert_eq!(self.text(), "license_deactivated");
    }
}

#[test]
fn consumptions_on_deactivate() {
    let emu = Emulator::demo();
    let v = emu.activate("demo", "DEMO-CONSUMPTION", "c1").ok();
    assert_eq!(v["license_type"], "consumption");
    assert_eq!(v["max_consumptions"], 100);
    emu.post(
        "deactivate_license",
        r#"{"product":"demo","license_key":"DEMO-CONSUMPTION","hardware_id":"c1","consumptions":7}"#,
    )
    .ok_text();
    let v = emu.activate("demo", "DEMO-CONSUMPTION", "c1").ok();
    assert_eq!(v["total_consumptions"], 7);
    let f = emu.activate("demo", "DEMO-FLOATING", "f1").ok();
    assert_eq!(f["is_floating"], true);
    assert_eq!(f["floating_users"], 2);
}

fn user_body(extra: &str, hw: &str) -> String {
    format!(r#"{{"product":"demo-user","hardware_id":"{hw}",{extra}}}"#)
}

#[test]
fn user_based_license() {
    let emu = Emulator::demo();
    let alice = r#""username":"alice@example.com","password":"alice-password""#;
    let r = emu.post("activate_license", &user_body(alice, "a1"));
    let v = r.ok();
    assert_eq!(v["id"], 2001);
    assert_eq!(v["license_key"], Value::Null);
    assert_eq!(v["product_details"]["authorization_method"], "user");
    assert_eq!(v["user"]["email"], "alice@example.com");
    assert_eq!(v["user"]["id"], 3001);
    assert_eq!(v["user"]["max_activations"], 2);
    assert!(verify(
        &fixture_public_key(),
        b"a1#alice@example.com#",
        v["license_signature"].as_str().unwrap()
    ));
    emu.post(
        "activate_license",
        &user_body(r#""username":"alice@example.com","password":"wrong""#, "a2"),
    )
    .error(400, "license_not_found");
    emu.post(
        "activate_license",
        &user_body(r#""username":"nobody@example.com","password":"x""#, "a2"),
    )
    .error(400, "license_not_found");
    let m = emu
        .post(
            "activate_license",
            &user_body(r#""username":"alice@example.com""#, "a2"),
        )
        .error(400, "missing_parameters");
    assert!(m.contains("password"), "{m}");
    // A license key is not an identity on a user-based product.
    let m = emu
        .post("activate_license", &user_body(r#""license_key":"X""#, "a2"))
        .error(400, "missing_parameters");
    assert!(m.contains("username"), "{m}");

    // SSO implicit grant maps to alice: her second seat.
    let sso_alice = r#""id_token":"sso-id-token-alice","customer_account_code":"demo-corp""#;
    let v = emu
        .post("activate_license", &user_body(sso_alice, "a2"))
        .ok();
    assert_eq!(v["user"]["email"], "alice@example.com");
    assert_eq!(v["times_activated"], 2);
    emu.post("activate_license", &user_body(alice, "a3"))
        .error(400, "license_user_activated_max_times");

    // SSO authorization code maps to bob.
    let sso_bob = r#""code":"sso-code-bob","customer_account_code":"demo-corp""#;
    let v = emu.post("activate_license", &user_body(sso_bob, "b1")).ok();
    assert_eq!(v["user"]["email"], "bob@example.com");
    assert_eq!(v["times_activated"], 3);
    // Bob cannot see or deactivate alice's device.
    emu.post("deactivate_license", &user_body(sso_bob, "a1"))
        .error(400, "device_not_found");
    emu.check("product=demo-user&hardware_id=b1&username=bob%40example.com&password=bob-password")
        .ok();
    emu.check("product=demo-user&hardware_id=b1&code=sso-code-bob&customer_account_code=demo-corp")
        .ok();

    // SSO errors.
    let m = emu
        .post(
            "activate_license",
            &user_body(
                r#""id_token":"sso-id-token-alice","code":"sso-code-bob","customer_account_code":"demo-corp""#,
                "x",
            ),
        )
        .error(400, "validation_error");
    assert!(m.contains("id_token") && m.contains("code"), "{m}");
    emu.post(
        "activate_license",
        &user_body(
            r#""id_token":"bogus","customer_account_code":"demo-corp""#,
            "x",
        ),
    )
    .error(400, "license_not_found");
    emu.post(
        "activate_license",
        &user_body(
            r#""code":"sso-code-bob","customer_account_code":"other""#,
            "x",
        ),
    )
    .error(400, "license_not_found");
    let m = emu
        .post(
            "activate_license",
            &user_body(r#""code":"sso-code-bob""#, "x"),
        )
        .error(400, "missing_parameters");
    assert!(m.contains("customer_account_code"), "{m}");
    emu.post(
        "activate_license",
        &user_body(&format!(r#"{alice},"license_id":999"#), "x"),
    )
    .error(400, "license_not_found");

    emu.post("deactivate_license", &user_body(alice, "a1"))
        .ok_text();
    emu.post("activate_license", &user_body(alice, "a3")).ok();
}

#[test]
fn missing_parameters() {
    let emu = Emulator::demo();
    for (body, field) in [
        (
            r#"{"license_key":"DEMO-UNLIMITED","hardware_id":"h"}"#,
            "product",
        ),
        (
            r#"{"product":"demo","license_key":"DEMO-UNLIMITED"}"#,
            "hardware_id",
        ),
        (r#"{"product":"demo","hardware_id":"h"}"#, "license_key"),
        (
            r#"{"product":"","license_key":"DEMO-UNLIMITED","hardware_id":"h"}"#,
            "product",
        ),
    ] {
        let m = emu
            .post("activate_license", body)
            .error(400, "missing_parameters");
        assert!(m.contains(field), "{m}");
        emu.post("deactivate_license", body)
            .error(400, "missing_parameters");
    }
    let m = emu
        .check("product=demo&license_key=DEMO-UNLIMITED")
        .error(400, "missing_parameters");
    assert!(m.contains("hardware_id"), "{m}");
}

fn raw_post(emu: &Emulator, date: Option<&str>, auth: Option<&str>) -> Resp {
    let mut req = ureq::post(&emu.api("activate_license"));
    if let Some(d) = date {
        req = req.set("Date", d);
    }
    if let Some(a) = auth {
        req = req.set("Authorization", a);
    }
    send(
        req,
        Some(br#"{"product":"demo","license_key":"DEMO-UNLIMITED","hardware_id":"auth"}"#),
    )
}

fn auth_header(sig: &str, key: &str) -> String {
    format!(r#"algorithm="hmac-sha256",headers="date",signature="{sig}",apikey="{key}""#)
}

#[test]
fn authorization_rules() {
    let emu = Emulator::demo();
    let date = date_now();
    let sig = hmac_signature(SHARED_KEY, &date);
    let good = auth_header(&sig, API_KEY);

    raw_post(&emu, None, Some(&good)).error(400, "missing_headers");
    raw_post(&emu, Some(&date), None).error(400, "missing_headers");
    raw_post(&emu, None, None).error(400, "missing_headers");

    let old = date_offset(-16 * 60);
    raw_post(
        &emu,
        Some(&old),
        Some(&auth_header(&hmac_signature(SHARED_KEY, &old), API_KEY)),
    )
    .error(400, "date_header_diff");
    let future = date_offset(16 * 60);
    raw_post(
        &emu,
        Some(&future),
        Some(&auth_header(&hmac_signature(SHARED_KEY, &future), API_KEY)),
    )
    .error(400, "date_header_diff");
    raw_post(
        &emu,
        Some("yesterday"),
        Some(&auth_header(
            &hmac_signature(SHARED_KEY, "yesterday"),
            API_KEY,
        )),
    )
    .error(400, "date_header_diff");
    // Within 15 minutes is fine.
    let near = date_offset(-10 * 60);
    raw_post(
        &emu,
        Some(&near),
        Some(&auth_header(&hmac_signature(SHARED_KEY, &near), API_KEY)),
    )
    .ok();

    raw_post(&emu, Some(&date), Some(&auth_header(&sig, "unknown-key")))
        .error(401, "invalid_api_key");
    raw_post(
        &emu,
        Some(&date),
        Some(&auth_header(&hmac_signature("wrong", &date), API_KEY)),
    )
    .error(401, "signature_mismatch");
    raw_post(
        &emu,
        Some(&date),
        Some(&auth_header("not base64!!", API_KEY)),
    )
    .error(401, "signature_mismatch");
    // Signed for another date.
    raw_post(
        &emu,
        Some(&date),
        Some(&auth_header(&hmac_signature(SHARED_KEY, &old), API_KEY)),
    )
    .error(401, "signature_mismatch");

    for bad in [
        "garbage".to_string(),
        format!(r#"headers="date",signature="{sig}",apikey="{API_KEY}""#),
        format!(r#"algorithm="hmac-sha1",headers="date",signature="{sig}",apikey="{API_KEY}""#),
        format!(r#"algorithm="hmac-sha256",headers="date",signature="{sig}""#),
        "Bearer".to_string(),
    ] {
        raw_post(&emu, Some(&date), Some(&bad)).error(400, "authorization_invalid_headers");
    }
    // A bearer token the token endpoint never issued.
    raw_post(&emu, Some(&date), Some("Bearer abc")).error(401, "oauth_token_malformed");

    // Accepted spellings: apiKey, ", " separators, any parameter order.
    raw_post(
        &emu,
        Some(&date),
        Some(&format!(
            r#"algorithm="hmac-sha256", headers="date", signature="{sig}", apiKey="{API_KEY}""#
        )),
    )
    .error(409, "license_device_exists");
    raw_post(
        &emu,
        Some(&date),
        Some(&format!(
            r#"APIKEY="{API_KEY}",Signature="{sig}",Headers="date",Algorithm="hmac-sha256""#
        )),
    )
    .error(409, "license_device_exists");
}

#[test]
fn bad_input_never_breaks_the_server() {
    let emu = Emulator::demo();
    let good = |hw: &str| {
        emu.activate("demo", "DEMO-UNLIMITED", hw).ok();
    };
    emu.post("activate_license", "{\"product\": ")
        .error(400, "invalid_json");
    good("g1");
    emu.post("activate_license", "").error(400, "invalid_json");
    good("g2");
    emu.post_bytes("activate_license", b"{\"product\":\"demo\xff\xfe\"}")
        .error(400, "invalid_json");
    good("g3");
    let m = emu
        .post(
            "activate_license",
            r#"{"product":"demo","license_key":"DEMO-UNLIMITED","hardware_id":5}"#,
        )
        .error(400, "validation_error");
    assert!(m.contains("hardware_id"), "{m}");
    good("g4");
    emu.post(
        "activate_license",
        r#"{"product":"demo","license_key":"DEMO-UNLIMITED","hardware_id":"x","is_vm":"yes"}"#,
    )
    .error(400, "validation_error");
    emu.post(
        "activate_license",
        r#"{"product":"demo","license_key":"DEMO-UNLIMITED","hardware_id":"x","variables":{"a":1}}"#,
    )
    .error(400, "validation_error");
    emu.post(
        "activate_license",
        r#"{"product":"demo","license_key":"DEMO-UNLIMITED","hardware_id":"x","license_id":"abc"}"#,
    )
    .error(400, "validation_error");
    emu.post("activate_license", "[1,2,3]")
        .error(400, "validation_error");
    emu.check("product=demo&license_key=DEMO-UNLIMITED&hardware_id=g1&license_id=abc")
        .error(400, "validation_error");
    emu.check("product=demo&license_key=DEMO-UNLIMITED&hardware_id=g1&is_vm=maybe")
        .error(400, "validation_error");
    good("g5");
    // Huge body.
    let huge = format!(
        r#"{{"product":"demo","license_key":"DEMO-UNLIMITED","hardware_id":"big","pad":"{}"}}"#,
        "x".repeat(200 * 1024)
    );
    emu.post("activate_license", &huge)
        .error(413, "request_too_large");
    good("g6");
    // Unknown fields are ignored; nulls are "absent".
    emu.post(
        "activate_license",
        r#"{"product":"demo","license_key":"DEMO-UNLIMITED","hardware_id":"g7","new_field":{"x":[1]},"os_ver":null}"#,
    )
    .ok();
    // Unknown paths and wrong methods.
    send(ureq::get(&format!("{}/nope", emu.url)), None).error(404, "not_found");
    send(ureq::get(&emu.api("device_licenses")), None).error(404, "not_found");
    send(ureq::get(&emu.api("activate_license")), None).error(405, "method_not_allowed");
    send(ureq::post(&emu.api("check_license")), Some(b"{}")).error(405, "method_not_allowed");
    good("g8");
    // Nothing above changed state: exactly the good activations exist.
    let v = emu.activate("demo", "DEMO-UNLIMITED", "g9").ok();
    assert_eq!(v["times_activated"], 9);
}

#[test]
fn concurrent_activations_respect_the_limit() {
    let emu = Arc::new(Emulator::start(
        &manifest_dir().join("tests/seeds/concurrency.json"),
        &[],
    ));
    let n = 32;
    let barrier = Arc::new(Barrier::new(n));
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let emu = emu.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let (date, auth) = signed_headers("test-api-key", "test-shared-key");
                let body = format!(
                    r#"{{"product":"race","license_key":"RACE-FIVE","hardware_id":"hw-{i}"}}"#
                );
                barrier.wait();
                let r = send(
                    ureq::post(&emu.api("activate_license"))
                        .set("Date", &date)
                        .set("Authorization", &auth),
                    Some(body.as_bytes()),
                );
                if r.status == 200 {
                    "ok".to_string()
                } else {
                    r.json()["code"].as_str().unwrap().to_string()
                }
            })
        })
        .collect();
    let results: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let ok = results.iter().filter(|r| *r == "ok").count();
    let max = results
        .iter()
        .filter(|r| *r == "license_activated_max_times")
        .count();
    assert_eq!((ok, max), (5, 27), "{results:?}");
}

#[test]
fn state_persists_with_db() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.sqlite");
    let db = db.to_str().unwrap();
    {
        let emu = Emulator::start(&demo_seed(), &["--db", db]);
        emu.activate("demo", "DEMO-SINGLE-SEAT", "A").ok();
        emu.activate("demo", "DEMO-NO-TRANSFER", "T1").ok();
        emu.deactivate("demo", "DEMO-NO-TRANSFER", "T1").ok_text();
        emu.activate("demo", "DEMO-NO-TRANSFER", "T2").ok();
    }
    let emu = Emulator::start(&demo_seed(), &["--db", db]);
    let c = emu
        .check("product=demo&license_key=DEMO-SINGLE-SEAT&hardware_id=A")
        .ok();
    assert_eq!(c["times_activated"], 1);
    emu.activate("demo", "DEMO-SINGLE-SEAT", "B")
        .error(400, "license_activated_max_times");
    let t = emu
        .check("product=demo&license_key=DEMO-NO-TRANSFER&hardware_id=T2")
        .ok();
    assert_eq!(t["transfer_count"], 1);
    drop(emu);
    // Without --db nothing survives.
    let emu = Emulator::demo();
    emu.check("product=demo&license_key=DEMO-SINGLE-SEAT&hardware_id=A")
        .error(400, "device_not_found");
}

#[test]
fn generated_key_signs_and_is_exported() {
    let dir = tempfile::tempdir().unwrap();
    let pub_out = dir.path().join("generated.pem");
    let emu = Emulator::start_args(&[
        "--listen",
        "127.0.0.1:0",
        "--seed",
        demo_seed().to_str().unwrap(),
        "--public-key-out",
        pub_out.to_str().unwrap(),
    ]);
    let public = std::fs::read_to_string(&pub_out).unwrap();
    let r = emu.activate("demo", "DEMO-UNLIMITED", "gen");
    r.ok();
    assert!(verify(&public, &r.body, r.signature.as_deref().unwrap()));
    assert!(!verify(
        &fixture_public_key(),
        &r.body,
        r.signature.as_deref().unwrap()
    ));
}

#[test]
fn bad_seed_names_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            r#"{"api_keys":[{"api_key":"k","shared_key":"s"}],"products":[{"short_code":"p","name":"P","licenses":[{"license_key":"K","max_activation":2}]}]}"#,
            "products[0].licenses[0]",
        ),
        (
            r#"{"api_keys":[{"api_key":"k","shared_key":"s"}],"products":[{"short_code":"p","name":"P","licenses":[{"license_key":"K","validity_period":"next year"}]}]}"#,
            "products[0].licenses[0].validity_period",
        ),
        (
            r#"{"api_keys":[{"api_key":"k","shared_key":"s"}],"products":[{"short_code":"p","name":"P","authorization_method":"magic"}]}"#,
            "products[0].authorization_method",
        ),
        (
            r#"{"api_keys":[{"api_key":"k","shared_key":"s"}],"products":[{"short_code":"p","name":"P","licenses":[{"max_activations":2}]}]}"#,
            "products[0].licenses[0].license_key",
        ),
        (
            r#"{"api_keys":[{"api_key":"k","shared_key":7}]}"#,
            "api_keys[0].shared_key",
        ),
    ];
    for (i, (text, field)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("bad{i}.json"));
        std::fs::write(&path, text).unwrap();
        let out = Command::new(bin())
            .args(["--listen", "127.0.0.1:0", "--seed", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(!out.status.success());
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(field), "expected {field} in: {err}");
    }
}

#[test]
fn help_documents_the_options() {
    let out = Command::new(bin()).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for opt in [
        "--listen",
        "--seed",
        "--db",
        "--signing-key",
        "--public-key-out",
        "--clock-control",
    ] {
        assert!(help.contains(opt), "{opt} missing from:\n{help}");
    }
}

#[test]
fn pkcs8_signing_key_and_public_key_out() {
    use rsa::pkcs1::DecodeRsaPrivateKey;
    use rsa::pkcs8::{EncodePrivateKey, LineEnding};
    let dir = tempfile::tempdir().unwrap();
    let pkcs1 = std::fs::read_to_string(test_key()).unwrap();
    let key = rsa::RsaPrivateKey::from_pkcs1_pem(&pkcs1).unwrap();
    let pkcs8 = key.to_pkcs8_pem(LineEnding::LF).unwrap();
    assert!(pkcs8.starts_with("-----BEGIN PRIVATE KEY-----"));
    let key_path = dir.path().join("pkcs8.pem");
    std::fs::write(&key_path, pkcs8.as_bytes()).unwrap();
    let pub_out = dir.path().join("pub.pem");
    let emu = Emulator::start_args(&[
        "--listen",
        "127.0.0.1:0",
        "--seed",
        demo_seed().to_str().unwrap(),
        "--signing-key",
        key_path.to_str().unwrap(),
        "--public-key-out",
        pub_out.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read_to_string(&pub_out).unwrap(),
        fixture_public_key()
    );
    let r = emu.activate("demo", "DEMO-UNLIMITED", "pkcs8");
    r.ok();
    assert!(verify(
        &fixture_public_key(),
        &r.body,
        r.signature.as_deref().unwrap()
    ));
}

#[test]
fn bad_signing_key_fails_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let key_path = dir.path().join("junk.pem");
    std::fs::write(&key_path, "not a key").unwrap();
    let out = Command::new(bin())
        .args([
            "--seed",
            demo_seed().to_str().unwrap(),
            "--signing-key",
            key_path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("signing key"));
}

fn wait_with_timeout(child: &mut std::process::Child) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "emulator did not stop"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn spawn_piped(extra: &[&str]) -> std::process::Child {
    use std::io::BufRead;
    let mut child = Command::new(bin())
        .args([
            "--listen",
            "127.0.0.1:0",
            "--seed",
            demo_seed().to_str().unwrap(),
        ])
        .args(["--signing-key", test_key().to_str().unwrap()])
        .args(extra)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("listening on http://127.0.0.1:"), "{line}");
    child
}

#[cfg(unix)]
#[test]
fn stops_cleanly_on_sigterm() {
    let mut child = spawn_piped(&[]);
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(wait_with_timeout(&mut child).success());
}

#[test]
fn stops_on_stdin_eof_when_asked() {
    let mut child = spawn_piped(&["--exit-on-stdin-eof"]);
    drop(child.stdin.take());
    assert!(wait_with_timeout(&mut child).success());
}
