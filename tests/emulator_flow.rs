//! The Rust API end to end against a real `ls-emulator` over loopback HTTP.

mod support;

use licensespring::{Client, Config, Field::*, Param, ParamValue, Request, Status};
use std::sync::Arc;
use support::{hw, Emulator};

fn key(k: &str, hw_id: &str) -> Request {
    Request::new("demo", hw_id).license_key(k)
}

fn status_of<T: std::fmt::Debug>(r: licensespring::Result<T>) -> Status {
    r.expect_err("the call should fail").status()
}

#[test]
fn key_based_activate_check_deactivate() {
    let emu = Emulator::start();
    let client = emu.client();
    let device = hw("key");
    let mut req = key("DEMO-1111-2222-3333", &device)
        .with(Param::LS_PARAM_OS_VER, "Linux 6")
        .with(Param::LS_PARAM_HOSTNAME, "host")
        .with(Param::LS_PARAM_APP_VER, "2.0");
    req.set_variable("seat", "A").unwrap();
    req.set(Param::LS_PARAM_IS_VM, ParamValue::Bool(false))
        .unwrap();

    let lic = client.activate(&req).unwrap();
    assert_eq!(lic.str(LS_LICENSE_KEY), Some("DEMO-1111-2222-3333"));
    assert_eq!(lic.str(LS_LICENSE_TYPE), Some("perpetual"));
    assert_eq!(
        (
            lic.bool(LS_LICENSE_ACTIVE),
            lic.bool(LS_LICENSE_ENABLED),
            lic.bool(LS_LICENSE_EXPIRED)
        ),
        (Some(true), Some(true), Some(false))
    );
    assert!(lic.int(LS_LICENSE_TIMES_ACTIVATED).unwrap() >= 1);
    assert_eq!(lic.int(LS_LICENSE_MAX_ACTIVATIONS), Some(3));
    let codes: Vec<_> = lic
        .list(LS_LICENSE_FEATURES)
        .iter()
        .map(|f| f.str(LS_FEATURE_CODE).unwrap())
        .collect();
    assert_eq!(codes, ["pro", "export"]);
    assert_eq!(
        lic.list(LS_LICENSE_CUSTOM_FIELDS)[0].str(LS_CUSTOM_FIELD_NAME),
        Some("tier")
    );
    assert_eq!(
        lic.list(LS_LICENSE_CUSTOM_FIELDS)[0].str(LS_CUSTOM_FIELD_VALUE),
        Some("gold")
    );
    assert_eq!(
        lic.str(LS_LICENSE_CUSTOMER_EMAIL),
        Some("customer@example.com")
    );
    let json: serde_json::Value = serde_json::from_str(lic.json()).unwrap();
    assert_eq!(json["hardware_id"], device.as_str());

    let checked = client.check(&req).unwrap();
    assert_eq!(checked.int(LS_LICENSE_ID), lic.int(LS_LICENSE_ID));

    assert_eq!(
        status_of(client.activate(&req)),
        Status::LS_ERR_LICENSE_DEVICE_EXISTS
    );
    client.deactivate(&req).unwrap();
    assert_eq!(
        status_of(client.deactivate(&req)),
        Status::LS_ERR_DEVICE_NOT_FOUND
    );
    assert_eq!(
        status_of(client.check(&req)),
        Status::LS_ERR_DEVICE_NOT_FOUND
    );
}

#[test]
fn user_and_sso_identities() {
    let emu = Emulator::start();
    let client = emu.client();
    let user = Request::new("demo-user", &hw("user")).user("alice@example.com", "alice-password");
    let lic = client.activate(&user).unwrap();
    assert_eq!(lic.str(LS_LICENSE_USER_EMAIL), Some("alice@example.com"));
    assert_eq!(lic.str(LS_LICENSE_KEY), None);
    client.check(&user).unwrap();
    client.deactivate(&user).unwrap();

    let token =
        Request::new("demo-user", &hw("sso")).sso_id_token("sso-id-token-alice", "demo-corp");
    let lic = client.activate(&token).unwrap();
    assert_eq!(lic.str(LS_LICENSE_USER_EMAIL), Some("alice@example.com"));
    client.deactivate(&token).unwrap();

    let code = Request::new("demo-user", &hw("sso")).sso_code("sso-code-bob", "demo-corp");
    let lic = client.activate(&code).unwrap();
    assert_eq!(lic.str(LS_LICENSE_USER_EMAIL), Some("bob@example.com"));
    client.deactivate(&code).unwrap();

    let wrong = Request::new("demo-user", &hw("user")).user("alice@example.com", "nope");
    assert_eq!(
        status_of(client.activate(&wrong)),
        Status::LS_ERR_LICENSE_NOT_FOUND
    );
    let bad_token = Request::new("demo-user", &hw("sso")).sso_id_token("forged", "demo-corp");
    assert_eq!(
        status_of(client.activate(&bad_token)),
        Status::LS_ERR_LICENSE_NOT_FOUND
    );
}

#[test]
fn license_errors_map_to_their_statuses() {
    let emu = Emulator::start();
    let client = emu.client();
    let cases = [
        (
            "DEMO-DISABLED",
            Status::LS_ERR_LICENSE_NOT_ENABLED,
            "license_not_enabled",
        ),
        (
            "DEMO-INACTIVE",
            Status::LS_ERR_LICENSE_NOT_ACTIVE,
            "license_not_active",
        ),
        (
            "DEMO-EXPIRED",
            Status::LS_ERR_LICENSE_EXPIRED,
            "license_expired",
        ),
        (
            "DEMO-NOT-STARTED",
            Status::LS_ERR_LICENSE_START_DATE,
            "license_start_date_error",
        ),
        (
            "NO-SUCH-KEY",
            Status::LS_ERR_LICENSE_NOT_FOUND,
            "license_not_found",
        ),
    ];
    for (k, status, code) in cases {
        let err = client.activate(&key(k, &hw("err"))).unwrap_err();
        assert_eq!(err.status(), status, "{k}: {err}");
        assert_eq!(err.server_code(), Some(code));
        assert_eq!(err.http_status(), Some(400));
        assert!(!err.message().is_empty());
    }
    let err = client
        .activate(&key("DEMO-NOT-STARTED", &hw("err")))
        .unwrap_err();
    assert!(err.message().contains("2099"), "{}", err.message());

    let unknown = Request::new("no-such-product", &hw("err")).license_key("X");
    assert_eq!(
        status_of(client.activate(&unknown)),
        Status::LS_ERR_UNKNOWN_PRODUCT
    );

    let mut vm = key("DEMO-NO-VM", &hw("vm"));
    vm.set(Param::LS_PARAM_IS_VM, ParamValue::Bool(true))
        .unwrap();
    assert_eq!(
        status_of(client.activate(&vm)),
        Status::LS_ERR_VM_NOT_ALLOWED
    );

    let black = key("DEMO-1111-2222-3333", "blacklisted-device");
    assert_eq!(
        status_of(client.activate(&black)),
        Status::LS_ERR_BLACKLISTED
    );

    let first = key("DEMO-SINGLE-SEAT", &hw("seat"));
    client.activate(&first).unwrap();
    assert_eq!(
        status_of(client.activate(&key("DEMO-SINGLE-SEAT", &hw("seat")))),
        Status::LS_ERR_LICENSE_ACTIVATED_MAX_TIMES
    );
    client.deactivate(&first).unwrap();

    let bob = |d: &str| Request::new("demo-user", d).user("bob@example.com", "bob-password");
    let bob1 = bob(&hw("bob"));
    client.activate(&bob1).unwrap();
    assert_eq!(
        status_of(client.activate(&bob(&hw("bob")))),
        Status::LS_ERR_LICENSE_USER_ACTIVATED_MAX_TIMES
    );
    client.deactivate(&bob1).unwrap();

    // max_transfers 1: A, then B (a transfer), then C is refused.
    let a = key("DEMO-NO-TRANSFER", &hw("xfer"));
    client.activate(&a).unwrap();
    client.deactivate(&a).unwrap();
    let b = key("DEMO-NO-TRANSFER", &hw("xfer"));
    client.activate(&b).unwrap();
    client.deactivate(&b).unwrap();
    assert_eq!(
        status_of(client.activate(&key("DEMO-NO-TRANSFER", &hw("xfer")))),
        Status::LS_ERR_LICENSE_TRANSFERRED_MAX_TIMES
    );
}

#[test]
fn authorization_and_verification_failures() {
    let emu = Emulator::start();
    let req = key("DEMO-1111-2222-3333", &hw("auth"));

    let mut wrong_secret = Config::new(support::API_KEY, "not-the-shared-key").unwrap();
    wrong_secret.set_base_url(&emu.url).unwrap();
    let err = Client::new(&wrong_secret)
        .unwrap()
        .activate(&req)
        .unwrap_err();
    assert_eq!(err.status(), Status::LS_ERR_SIGNATURE_MISMATCH);
    assert!(!err.to_string().contains("not-the-shared-key"));

    let mut unknown_key = Config::new("no-such-api-key", support::SHARED_KEY).unwrap();
    unknown_key.set_base_url(&emu.url).unwrap();
    let err = Client::new(&unknown_key)
        .unwrap()
        .activate(&req)
        .unwrap_err();
    assert_eq!(err.status(), Status::LS_ERR_INVALID_API_KEY);
    assert_eq!(err.http_status(), Some(401));

    // The vendor's key (the default) does not verify the emulator's responses.
    let mut vendor_key = Config::new(support::API_KEY, support::SHARED_KEY).unwrap();
    vendor_key.set_base_url(&emu.url).unwrap();
    let err = Client::new(&vendor_key)
        .unwrap()
        .activate(&req)
        .unwrap_err();
    assert_eq!(err.status(), Status::LS_ERR_SIGNATURE_INVALID);

    // Explicitly switched off, such a response is accepted. (The refused call above did activate
    // on the server: only the client refused the answer, so use another device.)
    vendor_key.disable_signature_verification();
    let other = key("DEMO-1111-2222-3333", &hw("auth"));
    let lic = Client::new(&vendor_key).unwrap().activate(&other).unwrap();
    assert_eq!(lic.str(LS_LICENSE_KEY), Some("DEMO-1111-2222-3333"));
}

#[test]
fn invalid_requests_are_refused_before_sending() {
    // Port 9 on loopback: nothing listens, but nothing is ever sent either.
    let mut c = Config::new("k", "s").unwrap();
    c.set_base_url("http://127.0.0.1:9").unwrap();
    let client = Client::new(&c).unwrap();
    let cases = [
        (Request::default(), "product"),
        (Request::new("demo", ""), "hardware_id"),
        (Request::new("demo", "hw"), "identity"),
        (
            Request::new("demo", "hw")
                .sso_id_token("t", "acct")
                .with(Param::LS_PARAM_CODE, "c"),
            "id_token and code",
        ),
    ];
    for (req, needle) in cases {
        let err = client.activate(&req).unwrap_err();
        assert_eq!(err.status(), Status::LS_ERR_INVALID_ARGUMENT);
        assert!(err.message().contains(needle), "{}", err.message());
    }
    let err = client.activate(&key("K", "hw")).unwrap_err();
    assert_eq!(err.status(), Status::LS_ERR_CONNECT);
}

#[test]
fn sixteen_threads_share_one_client() {
    let emu = Emulator::start();
    let client = Arc::new(emu.client());
    let threads: Vec<_> = (0..16)
        .map(|t| {
            let client = Arc::clone(&client);
            std::thread::spawn(move || {
                for i in 0..10 {
                    let req = key(
                        "DEMO-UNLIMITED",
                        &format!("thread-{t}-{i}-{}", std::process::id()),
                    );
                    let lic = client.activate(&req).expect("activate");
                    assert_eq!(lic.str(LS_LICENSE_KEY), Some("DEMO-UNLIMITED"));
                    client.check(&req).expect("check");
                    client.deactivate(&req).expect("deactivate");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}
