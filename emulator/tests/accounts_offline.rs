//! OAuth client credentials, bundles, versions, device variables, the account calls and
//! offline activation, over real HTTP.

mod common;

use std::time::Duration;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use common::*;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

const TOKEN_PATH: &str = "/auth/realms/user-portal/protocol/openid-connect/token";

fn public_key() -> String {
    std::fs::read_to_string(manifest_dir().join("../tests/fixtures/emulator-public-key.pem"))
        .unwrap()
}

#[track_caller]
fn signed_ok(r: &Resp) -> Value {
    let v = r.ok();
    let sig = r.signature.as_deref().expect("LicenseSignature header");
    assert!(verify(&public_key(), &r.body, sig), "bad signature");
    v
}

fn hmac_b64(key: &str, msg: &str) -> String {
    let mut m = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    m.update(msg.as_bytes());
    B64.encode(m.finalize().into_bytes())
}

/// POST the token endpoint with a form body.
fn token_request(emu: &Emulator, form: &str) -> Resp {
    send(
        ureq::post(&format!("{}{TOKEN_PATH}", emu.url))
            .set("Content-Type", "application/x-www-form-urlencoded"),
        Some(form.as_bytes()),
    )
}

fn token_for(emu: &Emulator, client: &str) -> String {
    let r = token_request(
        emu,
        &format!(
            "grant_type=client_credentials&client_id={client}&client_secret=demo-client-secret"
        ),
    );
    r.ok()["access_token"].as_str().unwrap().to_string()
}

fn bearer_post(emu: &Emulator, token: &str, call: &str, body: &Value) -> Resp {
    send(
        ureq::post(&emu.api(call))
            .set("Date", &date_now())
            .set("Authorization", &format!("Bearer {token}"))
            .set("Content-Type", "application/json"),
        Some(body.to_string().as_bytes()),
    )
}

fn bearer_get(emu: &Emulator, token: &str, call: &str, query: &str) -> Resp {
    send(
        ureq::get(&format!("{}?{query}", emu.api(call)))
            .set("Date", &date_now())
            .set("Authorization", &format!("Bearer {token}")),
        None,
    )
}

fn activate_body(key: &str, hw: &str) -> Value {
    json!({"product": "demo", "license_key": key, "hardware_id": hw})
}

#[test]
fn oauth_token_endpoint_and_bearer_authorization() {
    let emu = Emulator::demo_clock();
    // Discovery, without authorization headers, points at this emulator.
    let d = send(
        ureq::get(&format!(
            "{}?login_type=client_credentials",
            emu.api("oauth_url")
        )),
        None,
    )
    .ok();
    assert_eq!(d["login_type"], "client_credentials");
    assert_eq!(d["url"], format!("{}{TOKEN_PATH}", emu.url));
    send(ureq::get(&emu.api("oauth_url")), None).error(400, "missing_parameters");
    send(
        ureq::get(&format!("{}?login_type=password", emu.api("oauth_url"))),
        None,
    )
    .error(400, "validation_error");

    let t = token_request(
        &emu,
        "grant_type=client_credentials&client_id=demo-client&client_secret=demo-client-secret",
    )
    .ok();
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["expires_in"], 480);
    let token = t["access_token"].as_str().unwrap().to_string();
    assert!(!token.is_empty());

    // The token authorizes License API calls, GET and POST, like an API key.
    let a = signed_ok(&bearer_post(
        &emu,
        &token,
        "activate_license",
        &activate_body("DEMO-UNLIMITED", "oauth-1"),
    ));
    assert_eq!(a["license_key"], "DEMO-UNLIMITED");
    signed_ok(&bearer_get(
        &emu,
        &token,
        "check_license",
        "product=demo&license_key=DEMO-UNLIMITED&hardware_id=oauth-1",
    ));
    // Client authentication with HTTP Basic works too.
    let basic = B64.encode("demo-client:demo-client-secret");
    let r = send(
        ureq::post(&format!("{}{TOKEN_PATH}", emu.url))
            .set("Content-Type", "application/x-www-form-urlencoded")
            .set("Authorization", &format!("Basic {basic}")),
        Some(b"grant_type=client_credentials"),
    );
    assert!(r.ok()["access_token"].is_string());

    // Token endpoint errors, in the OAuth shape.
    for (form, status, error) in [
        (
            "grant_type=client_credentials&client_id=demo-client&client_secret=wrong",
            401,
            "invalid_client",
        ),
        (
            "grant_type=client_credentials&client_id=nobody&client_secret=demo-client-secret",
            401,
            "invalid_client",
        ),
        (
            "grant_type=client_credentials&client_secret=demo-client-secret",
            401,
            "invalid_client",
        ),
        (
            "grant_type=password&client_id=demo-client&client_secret=demo-client-secret",
            400,
            "unsupported_grant_type",
        ),
        (
            "client_id=demo-client&client_secret=demo-client-secret",
            400,
            "invalid_request",
        ),
    ] {
        let r = token_request(&emu, form);
        assert_eq!(r.status, status, "{form}: {}", r.text());
        assert_eq!(r.json()["error"], error, "{form}");
        assert!(r.json()["error_description"].is_string());
    }
    let r = send(
        ureq::post(&format!("{}{TOKEN_PATH}", emu.url)).set("Content-Type", "application/json"),
        Some(br#"{"grant_type":"client_credentials"}"#),
    );
    assert_eq!(
        (r.status, r.json()["error"].clone()),
        (400, json!("invalid_request"))
    );
    send(ureq::get(&format!("{}{TOKEN_PATH}", emu.url)), None).error(405, "method_not_allowed");

    // Bearer requests still need Date.
    send(
        ureq::post(&emu.api("activate_license")).set("Authorization", &format!("Bearer {token}")),
        Some(b"{}"),
    )
    .error(400, "missing_headers");
    // Unknown and garbled tokens; a refused request changes nothing.
    for bad in ["not-a-token", "ls-emulator.00", &format!("{token}x")] {
        bearer_post(
            &emu,
            bad,
            "activate_license",
            &activate_body("DEMO-UNLIMITED", "oauth-2"),
        )
        .error(401, "oauth_token_malformed");
    }
    emu.check("product=demo&license_key=DEMO-UNLIMITED&hardware_id=oauth-2")
        .error(400, "device_not_found");

    // Expiry follows the emulator clock: 60 s for demo-client-short.
    let short = token_for(&emu, "demo-client-short");
    let q = "product=demo&license_key=DEMO-UNLIMITED&hardware_id=oauth-1";
    signed_ok(&bearer_get(&emu, &short, "check_license", q));
    emu.advance(59);
    signed_ok(&bearer_get(&emu, &short, "check_license", q));
    emu.advance(2);
    bearer_get(&emu, &short, "check_license", q).error(401, "oauth_token_expired");
    bearer_post(
        &emu,
        &short,
        "activate_license",
        &activate_body("DEMO-UNLIMITED", "oauth-3"),
    )
    .error(401, "oauth_token_expired");
    emu.check("product=demo&license_key=DEMO-UNLIMITED&hardware_id=oauth-3")
        .error(400, "device_not_found");
    // The 480 s token is still good; a new token works again.
    signed_ok(&bearer_get(&emu, &token, "check_license", q));
    let fresh = token_for(&emu, "demo-client-short");
    signed_ok(&bearer_get(&emu, &fresh, "check_license", q));
}

#[test]
fn oauth_fault_modes() {
    let emu = Emulator::demo_clock();
    let form = |client: &str| {
        format!("grant_type=client_credentials&client_id={client}&client_secret=demo-client-secret")
    };
    // hang: no answer; the client's own timeout is all that ends the wait.
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_millis(800))
        .build();
    let started = std::time::Instant::now();
    let r = agent
        .post(&format!("{}{TOKEN_PATH}", emu.url))
        .set("Content-Type", "application/x-www-form-urlencoded")
        .send_string(&form("demo-client-hang"));
    assert!(
        matches!(r, Err(ureq::Error::Transport(_))),
        "expected a timeout, got {:?}",
        r.map(|r| r.status())
    );
    assert!(started.elapsed() >= Duration::from_millis(700));
    // html: a proxy's error page.
    let r = token_request(&emu, &form("demo-client-html"));
    assert_eq!(r.status, 502);
    assert!(r.content_type.as_deref().unwrap().starts_with("text/html"));
    assert!(r.text().contains("<html>"));
    // invalid_client even with the right secret.
    let r = token_request(&emu, &form("demo-client-invalid"));
    assert_eq!(
        (r.status, r.json()["error"].clone()),
        (401, json!("invalid_client"))
    );
    // expired_tokens: a token is issued, and the API finds it expired at once.
    let t = token_request(&emu, &form("demo-client-expired")).ok();
    assert_eq!(t["expires_in"], 480);
    let token = t["access_token"].as_str().unwrap();
    bearer_get(&emu, token, "product_details", "product=demo").error(401, "oauth_token_expired");

    // Switched at run time through /__emulator/oauth.
    let switch = |body: Value| {
        send(
            ureq::post(&format!("{}/__emulator/oauth", emu.url))
                .set("Content-Type", "application/json"),
            Some(body.to_string().as_bytes()),
        )
    };
    let s = switch(json!({"client_id": "demo-client", "fault": "html"})).ok();
    assert_eq!(s, json!({"client_id": "demo-client", "fault": "html"}));
    assert_eq!(token_request(&emu, &form("demo-client")).status, 502);
    switch(json!({"client_id": "demo-client", "fault": "invalid_client"})).ok();
    assert_eq!(token_request(&emu, &form("demo-client")).status, 401);
    switch(json!({"client_id": "demo-client", "fault": "seed"})).ok();
    token_request(&emu, &form("demo-client")).ok();
    // null turns a seed fault off.
    let s = switch(json!({"client_id": "demo-client-html", "fault": null})).ok();
    assert_eq!(s["fault"], Value::Null);
    token_request(&emu, &form("demo-client-html")).ok();
    switch(json!({"client_id": "demo-client", "fault": "sometimes"}))
        .error(400, "validation_error");
    switch(json!({"client_id": "nobody", "fault": "html"})).error(400, "validation_error");
    switch(json!({"client": "demo-client"})).error(400, "validation_error");

    // Without --clock-control the switch does not exist.
    let plain = Emulator::demo();
    send(
        ureq::post(&format!("{}/__emulator/oauth", plain.url)),
        Some(br#"{"client_id":"demo-client","fault":"html"}"#),
    )
    .error(404, "not_found");
}

#[test]
fn bundles() {
    let emu = Emulator::demo();
    let body =
        json!({"product": "demo-suite", "license_key": "DEMO-SUITE-KEY", "hardware_id": "b1"});
    let r = emu.post_json("activate_bundle", &body);
    let list = signed_ok(&r);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["product_details"]["short_code"], "demo");
    assert_eq!(list[0]["id"], 1019);
    assert_eq!(list[0]["product_features"][0]["code"], "suite");
    assert_eq!(list[1]["product_details"]["short_code"], "demo-addon");
    assert_eq!(list[1]["id"], 1101);
    for l in list {
        assert_eq!(l["hardware_id"], "b1");
        assert_eq!(l["times_activated"], 1);
        let v1 = "b1#demo-suite-key#";
        assert!(verify(
            &public_key(),
            v1.as_bytes(),
            l["license_signature"].as_str().unwrap()
        ));
    }
    emu.post_json("activate_bundle", &body)
        .error(409, "license_device_exists");
    // Each license is an ordinary license of its product afterwards.
    emu.check("product=demo-addon&license_key=DEMO-SUITE-KEY&hardware_id=b1")
        .ok();
    let c = signed_ok(&emu.get(
        "check_bundle",
        "product=demo-suite&license_key=DEMO-SUITE-KEY&hardware_id=b1",
    ));
    assert_eq!(c.as_array().unwrap().len(), 2);
    assert!(c[1]["license_signature"].is_string());

    // All or nothing: a device already on one license of the bundle activates none.
    emu.activate("demo", "DEMO-SUITE-KEY", "b2").ok();
    emu.post_json(
        "activate_bundle",
        &json!({"product": "demo-suite", "license_key": "DEMO-SUITE-KEY", "hardware_id": "b2"}),
    )
    .error(409, "license_device_exists");
    emu.check("product=demo-addon&license_key=DEMO-SUITE-KEY&hardware_id=b2")
        .error(400, "device_not_found");
    // check_bundle needs the device on every license of the bundle.
    emu.get(
        "check_bundle",
        "product=demo-suite&license_key=DEMO-SUITE-KEY&hardware_id=b2",
    )
    .error(400, "device_not_found");
    // deactivate_bundle frees every license the device is on.
    let d = emu.post_json(
        "deactivate_bundle",
        &json!({"product": "demo-suite", "license_key": "DEMO-SUITE-KEY", "hardware_id": "b2"}),
    );
    assert_eq!((d.status, d.text()), (200, "license_deactivated".into()));
    emu.check("product=demo&license_key=DEMO-SUITE-KEY&hardware_id=b2")
        .error(400, "device_not_found");
    emu.post_json(
        "deactivate_bundle",
        &json!({"product": "demo-suite", "license_key": "DEMO-SUITE-KEY", "hardware_id": "b2"}),
    )
    .error(400, "device_not_found");

    // Request errors.
    for (body, status, code) in [
        (
            json!({"product": "no-bundle", "license_key": "K", "hardware_id": "b3"}),
            400,
            "unknown_product",
        ),
        (
            json!({"product": "demo", "license_key": "DEMO-SUITE-KEY", "hardware_id": "b3"}),
            400,
            "unknown_product",
        ),
        (
            json!({"product": "demo-suite", "license_key": "NOPE", "hardware_id": "b3"}),
            400,
            "license_not_found",
        ),
        (
            json!({"product": "demo-suite", "license_key": "DEMO-SUITE-KEY"}),
            400,
            "missing_parameters",
        ),
        (
            json!({"product": "demo-suite", "hardware_id": "b3"}),
            400,
            "missing_parameters",
        ),
        (
            json!({"license_key": "DEMO-SUITE-KEY", "hardware_id": "b3"}),
            400,
            "missing_parameters",
        ),
        (
            json!({"product": "demo-suite", "license_key": 7, "hardware_id": "b3"}),
            400,
            "validation_error",
        ),
        (
            json!({"product": "demo-suite", "license_key": "DEMO-SUITE-KEY", "hardware_id": "blacklisted-device"}),
            400,
            "blacklisted",
        ),
    ] {
        emu.post_json("activate_bundle", &body).error(status, code);
    }
    emu.check("product=demo&license_key=DEMO-SUITE-KEY&hardware_id=b3")
        .error(400, "device_not_found");
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x["version"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn versions_and_installation_files() {
    let emu = Emulator::demo();
    emu.activate("demo", "DEMO-1111-2222-3333", "v1").ok();
    emu.activate("demo", "DEMO-MAINTENANCE", "v1").ok();
    let key = "product=demo&license_key=DEMO-1111-2222-3333&hardware_id=v1";
    let all = signed_ok(&emu.get("versions", key));
    assert_eq!(ids(&all), ["1.0.0", "1.1.0", "2.0.0", "2.1.0-beta"]);
    assert_eq!(all[0]["release_date"], "2020-01-01T00:00:00.000Z");
    let stable = signed_ok(&emu.get("versions", &format!("{key}&env=linux&channel=stable")));
    assert_eq!(ids(&stable), ["1.0.0", "1.1.0", "2.0.0"]);
    assert_eq!(
        ids(&signed_ok(
            &emu.get("versions", &format!("{key}&env=win64"))
        )),
        ["1.0.0"]
    );
    assert!(signed_ok(&emu.get("versions", &format!("{key}&env=mac")))
        .as_array()
        .unwrap()
        .is_empty());
    // Maintenance until 2022-01-01: versions released after it are not offered.
    let m = "product=demo&license_key=DEMO-MAINTENANCE&hardware_id=v1";
    assert_eq!(ids(&signed_ok(&emu.get("versions", m))), ["1.0.0", "1.1.0"]);

    let f = signed_ok(&emu.get(
        "installation_file",
        &format!("{key}&env=linux&channel=stable"),
    ));
    assert_eq!(f["id"], 9004);
    assert_eq!(f["version"], "2.0.0");
    assert_eq!(f["environment"], "linux");
    assert_eq!(f["channel"], "stable");
    assert_eq!(
        f["installation_file"],
        "https://downloads.example.com/demo/2.0.0/demo-linux.tar.gz"
    );
    assert_eq!(f["hash_md5"], "9e107d9d372bb6826bd81d3542a419d6");
    assert_eq!(f["requires_version"], "1.1.0");
    assert_eq!(f["release_date"], "2024-01-01T00:00:00.000Z");
    let f = signed_ok(&emu.get(
        "installation_file",
        &format!("{key}&env=linux&version=1.1.0"),
    ));
    assert_eq!(f["id"], 9003);
    assert_eq!(f["eula_link"], "https://example.com/demo/eula");
    let f = signed_ok(&emu.get(
        "installation_file",
        &format!("{key}&env=win64&version=1.0.0"),
    ));
    assert_eq!(
        f["installation_file"],
        "https://downloads.example.com/demo/1.0.0/demo-win64.msi"
    );
    assert_eq!(
        signed_ok(&emu.get("installation_file", m))["version"],
        "1.1.0"
    );

    emu.get("installation_file", &format!("{m}&version=2.0.0"))
        .error(400, "version_not_found");
    emu.get("installation_file", &format!("{key}&version=9.9.9"))
        .error(400, "version_not_found");
    emu.get("installation_file", &format!("{key}&env=mac"))
        .error(400, "version_not_found");
    emu.get("versions", &format!("{key}&env=bsd"))
        .error(400, "validation_error");
    emu.get(
        "versions",
        "product=demo&license_key=DEMO-1111-2222-3333&hardware_id=other",
    )
    .error(400, "device_not_found");
    emu.get(
        "versions",
        "product=demo&license_key=DEMO-EXPIRED&hardware_id=v1",
    )
    .error(400, "license_expired");
    emu.get("versions", "product=demo&hardware_id=v1")
        .error(400, "missing_parameters");
    // A product without versions lists none.
    emu.activate("demo-addon", "DEMO-SUITE-KEY", "v1").ok();
    let none = signed_ok(&emu.get(
        "versions",
        "product=demo-addon&license_key=DEMO-SUITE-KEY&hardware_id=v1",
    ));
    assert_eq!(none, json!([]));
}

#[test]
fn device_variables() {
    let emu = Emulator::demo();
    emu.post_json(
        "activate_license",
        &json!({"product": "demo", "license_key": "DEMO-UNLIMITED", "hardware_id": "dv1",
                "variables": {"os": "linux"}}),
    )
    .ok();
    let body = json!({"product": "demo", "license_key": "DEMO-UNLIMITED", "hardware_id": "dv1",
                      "variables": {"gpu": "rtx", "os": "linux-6"}});
    let t = signed_ok(&emu.post_json("track_device_variables", &body));
    let t = t.as_array().unwrap();
    assert_eq!(t.len(), 2);
    let device_id = t[0]["device_id"].as_i64().unwrap();
    assert!(t
        .iter()
        .all(|v| v["device_id"] == device_id && v["created_at"].is_i64()));
    let os = t.iter().find(|v| v["variable"] == "os").unwrap();
    assert_eq!(os["value"], "linux-6");

    let g = signed_ok(&emu.get(
        "get_device_variables",
        "product=demo&license_key=DEMO-UNLIMITED&hardware_id=dv1",
    ));
    let g = g.as_array().unwrap();
    assert_eq!(g.len(), 2);
    assert_eq!(
        (g[0]["variable"].as_str(), g[0]["value"].as_str()),
        (Some("os"), Some("linux-6"))
    );
    assert_eq!(
        (g[1]["variable"].as_str(), g[1]["value"].as_str()),
        (Some("gpu"), Some("rtx"))
    );
    assert!(g[0]["id"].is_i64() && g[0]["created_at"].is_string());
    assert_eq!(g[0]["device_id"], device_id);
    let c = emu
        .check("product=demo&license_key=DEMO-UNLIMITED&hardware_id=dv1")
        .ok();
    assert_eq!(c["variables"], json!({"gpu": "rtx", "os": "linux-6"}));

    // Errors; none changes anything.
    let mut missing = body.clone();
    missing.as_object_mut().unwrap().remove("variables");
    emu.post_json("track_device_variables", &missing)
        .error(400, "missing_parameters");
    let mut typed = body.clone();
    typed["variables"] = json!({"n": 1});
    emu.post_json("track_device_variables", &typed)
        .error(400, "validation_error");
    let mut other = body.clone();
    other["hardware_id"] = json!("dv-unknown");
    emu.post_json("track_device_variables", &other)
        .error(400, "device_not_found");
    emu.get(
        "get_device_variables",
        "product=demo&license_key=DEMO-UNLIMITED&hardware_id=dv-unknown",
    )
    .error(400, "device_not_found");
    emu.post("track_device_variables", "{not json")
        .error(400, "invalid_json");
    let g = emu
        .get(
            "get_device_variables",
            "product=demo&license_key=DEMO-UNLIMITED&hardware_id=dv1",
        )
        .ok();
    assert_eq!(g.as_array().unwrap().len(), 2);
}

#[test]
fn account_calls() {
    let emu = Emulator::demo();
    // user_licenses
    let u = signed_ok(&emu.get(
        "user_licenses",
        "product=demo-user&username=alice%40example.com&password=alice-password",
    ));
    let u = u.as_array().unwrap();
    assert_eq!(u.len(), 1);
    assert_eq!(u[0]["license"]["id"], 2001);
    assert_eq!(u[0]["license"]["license_active"], true);
    assert!(u[0]["license"].get("device_id").is_none());
    assert_eq!(u[0]["user"]["email"], "alice@example.com");
    assert_eq!(u[0]["user"]["id"], 3001);
    assert_eq!(u[0]["user"]["is_initial_password"], true);
    let sso = signed_ok(&emu.get(
        "user_licenses",
        "product=demo-user&id_token=sso-id-token-alice&customer_account_code=demo-corp",
    ));
    assert_eq!(sso[0]["user"]["email"], "alice@example.com");
    let carol = signed_ok(&emu.get(
        "user_licenses",
        "product=demo-user&username=carol%40example.com&password=carol-password",
    ));
    assert_eq!(carol[0]["license"]["id"], 2002);
    assert_eq!(
        carol[0]["license"]["customer"]["email"],
        "buyer@example.com"
    );
    emu.get(
        "user_licenses",
        "product=demo-user&username=alice%40example.com&password=nope",
    )
    .error(400, "license_not_found");
    emu.get(
        "user_licenses",
        "product=demo-user&username=alice%40example.com",
    )
    .error(400, "missing_parameters");
    emu.get(
        "user_licenses",
        "username=alice%40example.com&password=alice-password",
    )
    .error(400, "missing_parameters");
    emu.get("user_licenses", "product=nope&username=a&password=b")
        .error(400, "unknown_product");

    // customer_license_users
    let c = signed_ok(&emu.get(
        "customer_license_users",
        "product=demo-user&customer=BUYER%40example.com",
    ));
    assert_eq!(c["customer"]["email"], "buyer@example.com");
    assert_eq!(c["customer"]["company_name"], "Example Corp");
    let users: Vec<&str> = c["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(users, ["carol@example.com", "dave@example.com"]);
    assert_eq!(c["users"][0]["license_id"], 2002);
    assert_eq!(c["users"][0]["max_activations"], 2);
    emu.get(
        "customer_license_users",
        "product=demo-user&customer=nobody%40example.com",
    )
    .error(400, "customer_not_found");
    emu.get("customer_license_users", "product=demo-user")
        .error(400, "missing_parameters");
    // A license-key product's customer has licenses but no license users.
    let k = signed_ok(&emu.get(
        "customer_license_users",
        "product=demo&customer=customer%40example.com",
    ));
    assert_eq!(k["users"], json!([]));

    // sso_url
    let s = signed_ok(&emu.get(
        "sso_url",
        "product=demo-user&customer_account_code=demo-corp",
    ));
    let url = s["url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/auth/realms/demo-corp/", emu.url)),
        "{url}"
    );
    assert!(url.contains("response_type=token"), "{url}");
    assert!(s["openid_configuration"].is_object());
    assert_eq!(s["alternate_urls"], json!([]));
    let s = signed_ok(&emu.get(
        "sso_url",
        "product=demo-user&customer_account_code=demo-corp&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb",
    ));
    let url = s["url"].as_str().unwrap();
    assert!(url.contains("response_type=code"), "{url}");
    assert!(
        url.contains("redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb"),
        "{url}"
    );
    emu.get(
        "sso_url",
        "product=demo-user&customer_account_code=demo-corp&response_type=id",
    )
    .error(400, "validation_error");
    emu.get("sso_url", "product=demo-user&customer_account_code=nobody")
        .error(400, "customer_not_found");
    emu.get("sso_url", "product=demo-user")
        .error(400, "missing_parameters");

    // change_password
    let change = |user: &str, old: &str, new: &str| {
        emu.post_json(
            "change_password",
            &json!({"username": user, "password": old, "new_password": new}),
        )
    };
    change("dave@example.com", "wrong", "x").error(400, "license_not_found");
    emu.post_json(
        "change_password",
        &json!({"username": "dave@example.com", "password": "dave-password"}),
    )
    .error(400, "missing_parameters");
    let r = change("DAVE@example.com", "dave-password", "dave-new");
    assert_eq!((r.status, r.text()), (200, "password_changed".to_string()));
    assert!(r.signature.is_none());
    let act = |pw: &str, hw: &str| {
        emu.post_json(
            "activate_license",
            &json!({"product": "demo-user", "username": "dave@example.com", "password": pw, "hardware_id": hw}),
        )
    };
    act("dave-password", "cp1").error(400, "license_not_found");
    act("dave-new", "cp1").ok();
    change("dave@example.com", "dave-password", "again").error(400, "license_not_found");
    let u = emu
        .get(
            "user_licenses",
            "product=demo-user&username=dave%40example.com&password=dave-new",
        )
        .ok();
    assert_eq!(u[0]["user"]["is_initial_password"], false);
    assert_eq!(u[0]["user"]["total_activations"], 1);
}

// ---------------------------------------------------------------------------------------------
// Offline activation.

/// A flat JSON object as the vendor's Python SDK writes it (`json.dumps`: ", " and ": ").
fn python_dumps(fields: &[(&str, Value)]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}: {}", json!(k), v))
        .collect();
    format!("{{{}}}", parts.join(", "))
}

fn signing_string(date: &str, identity: &str, hw: &str, key_id: &str) -> String {
    format!("licenseSpring\ndate: {date}\n{identity}\n{hw}\n{key_id}")
}

/// An offline request file in the Python SDK's form: spaced JSON, inner signature.
fn python_request(kind: &str, key: &str, hw: &str, request_id: &str) -> String {
    python_request_signed_later(kind, key, hw, request_id, 0)
}

/// The same, with the inner signature made `later` seconds after the file's `date` (the Python
/// SDK reads its clock twice).
fn python_request_signed_later(
    kind: &str,
    key: &str,
    hw: &str,
    request_id: &str,
    later: u64,
) -> String {
    let now = std::time::SystemTime::now();
    let date = httpdate::fmt_http_date(now);
    let sig_date = httpdate::fmt_http_date(now + Duration::from_secs(later));
    let sig = hmac_b64(SHARED_KEY, &signing_string(&sig_date, key, hw, API_KEY));
    let inner = python_dumps(&[
        ("request", json!(kind)),
        ("product", json!("demo")),
        ("hardware_id", json!(hw)),
        ("license_key", json!(key)),
        ("os_ver", json!("Linux test")),
        ("hostname", json!("offline-box")),
        ("ip", json!("127.0.0.1")),
        ("mac_address", json!("00:00:00:00:00:00")),
        ("is_vm", json!(false)),
        ("vm_info", Value::Null),
        ("sdk_ver", json!("PythonSDK 4.0.0")),
        ("variables", json!({"site": "lab"})),
        ("date", json!(date)),
        ("request_id", json!(request_id)),
        ("schema_version", json!(2)),
        ("signature", json!(sig)),
        ("api_key", json!(API_KEY)),
    ]);
    let outer_sig = hmac_b64(SHARED_KEY, &inner);
    let outer = format!(
        "{{\"request\": {inner}, \"signature\": {}}}",
        json!(outer_sig)
    );
    B64.encode(outer)
}

/// The Node SDK's form: compact JSON, no inner signature, its own date format.
fn node_request(kind: &str, key: &str, hw: &str, secret: &str, key_field: (&str, &str)) -> String {
    let mut inner = serde_json::Map::new();
    inner.insert("product".into(), json!("demo"));
    inner.insert("license_key".into(), json!(key));
    inner.insert("hardware_id".into(), json!(hw));
    inner.insert("sdk_ver".into(), json!("1.4.17"));
    inner.insert("request_id".into(), json!("node-req-1"));
    inner.insert("request".into(), json!(kind));
    inner.insert("schema_version".into(), json!(2));
    inner.insert(key_field.0.into(), json!(key_field.1));
    inner.insert("date".into(), json!("Sun Nov 30 2025 02:05:03 GMT+0000"));
    let inner = Value::Object(inner).to_string();
    let outer = format!(
        r#"{{"request":{inner},"signature":{}}}"#,
        json!(hmac_b64(secret, &inner))
    );
    B64.encode(outer)
}

fn post_text(emu: &Emulator, call: &str, body: &str) -> Resp {
    let (date, auth) = signed_headers(API_KEY, SHARED_KEY);
    send(
        ureq::post(&emu.api(call))
            .set("Date", &date)
            .set("Authorization", &auth)
            .set("Content-Type", "text/plain"),
        Some(body.as_bytes()),
    )
}

/// Check a .lic answer exactly as the vendor SDKs do, and return it.
#[track_caller]
fn check_lic(r: &Resp, key: &str, hw: &str, secret: &str, key_id: &str) -> Value {
    let v = signed_ok(r);
    let obj = v.as_object().unwrap();
    // v2: the compact JSON of the object without both signature fields, in the order received.
    let mut rest = obj.clone();
    rest.remove("license_signature");
    let v2 = rest.remove("license_signature_v2").unwrap();
    let compact = serde_json::to_string(&rest).unwrap();
    assert!(
        verify(&public_key(), compact.as_bytes(), v2.as_str().unwrap()),
        "v2"
    );
    // The body, minus the two fields, is that same text (the SDKs re-serialise what they got).
    let body = r.text();
    assert!(body.starts_with('{') && body.contains("\"license_signature_v2\":"));
    // v1.
    let v1 = format!(
        "{hw}#{key}#{}",
        obj["validity_period"].as_str().unwrap_or("")
    )
    .to_lowercase();
    assert!(
        verify(
            &public_key(),
            v1.as_bytes(),
            obj["license_signature"].as_str().unwrap()
        ),
        "v1"
    );
    // offline_signature: the request signature's HMAC with the answer's date.
    let date = obj["date"].as_str().unwrap();
    assert!(httpdate::parse_http_date(date).is_ok(), "{date}");
    assert_eq!(
        obj["offline_signature"].as_str().unwrap(),
        hmac_b64(secret, &signing_string(date, key, hw, key_id))
    );
    v
}

#[test]
fn offline_activation_round_trip() {
    let emu = Emulator::demo();
    let req = python_request("activation", "DEMO-OFFLINE", "off-1", "req-1");
    let r = post_text(&emu, "activate_offline", &req);
    let lic = check_lic(&r, "DEMO-OFFLINE", "off-1", SHARED_KEY, API_KEY);
    assert_eq!(lic["request_id"], "req-1");
    assert_eq!(lic["license_key"], "DEMO-OFFLINE");
    assert_eq!(lic["hardware_id"], "off-1");
    assert_eq!(lic["allow_offline_activation"], true);
    assert_eq!(lic["variables"], json!({"site": "lab"}));
    assert_eq!(lic["product_features"][0]["code"], "offline");
    // The .lic file is the base64 of this body; the device is now active online too.
    let online = emu
        .check("product=demo&license_key=DEMO-OFFLINE&hardware_id=off-1")
        .ok();
    assert_eq!(online["device_id"], lic["device_id"]);
    // The same request again: the device exists.
    post_text(&emu, "activate_offline", &req).error(409, "license_device_exists");

    let d = post_text(
        &emu,
        "deactivate_offline",
        &python_request("deactivation", "DEMO-OFFLINE", "off-1", "req-2"),
    );
    assert_eq!(
        (d.status, d.text()),
        (200, "license_deactivated".to_string())
    );
    emu.check("product=demo&license_key=DEMO-OFFLINE&hardware_id=off-1")
        .error(400, "device_not_found");
    post_text(
        &emu,
        "deactivate_offline",
        &python_request("deactivation", "DEMO-OFFLINE", "off-1", "req-3"),
    )
    .error(400, "device_not_found");

    // The Node SDK's form.
    let r = post_text(
        &emu,
        "activate_offline",
        &node_request(
            "activation",
            "DEMO-OFFLINE",
            "off-2",
            SHARED_KEY,
            ("api_key", API_KEY),
        ),
    );
    check_lic(&r, "DEMO-OFFLINE", "off-2", SHARED_KEY, API_KEY);
    // Signed by an OAuth client: its client id and secret.
    let r = post_text(
        &emu,
        "activate_offline",
        &node_request(
            "activation",
            "DEMO-OFFLINE",
            "off-3",
            "demo-client-secret",
            ("client_id", "demo-client"),
        ),
    );
    check_lic(
        &r,
        "DEMO-OFFLINE",
        "off-3",
        "demo-client-secret",
        "demo-client",
    );
}

#[test]
fn offline_errors_change_nothing() {
    let emu = Emulator::demo();
    post_text(&emu, "activate_offline", "").error(400, "missing_content");
    post_text(&emu, "activate_offline", " \n").error(400, "missing_content");
    post_text(&emu, "activate_offline", "%%% not base64").error(400, "validation_error");
    post_text(&emu, "activate_offline", &B64.encode("not json")).error(400, "validation_error");
    post_text(
        &emu,
        "activate_offline",
        &B64.encode(r#"{"request":"x","signature":"y"}"#),
    )
    .error(400, "validation_error");
    // A deactivation file posted as an activation.
    post_text(
        &emu,
        "activate_offline",
        &python_request("deactivation", "DEMO-OFFLINE", "off-e", "r"),
    )
    .error(400, "validation_error");

    // Tampering: the outer HMAC covers the inner text byte for byte.
    let good = String::from_utf8(
        B64.decode(python_request("activation", "DEMO-OFFLINE", "off-e", "r"))
            .unwrap(),
    )
    .unwrap();
    let tampered = good.replace("offline-box", "offline-bix");
    post_text(&emu, "activate_offline", &B64.encode(&tampered)).error(401, "signature_mismatch");
    let respaced = good.replacen("\"product\": \"demo\"", "\"product\":\"demo\"", 1);
    post_text(&emu, "activate_offline", &B64.encode(&respaced)).error(401, "signature_mismatch");
    // A wrong inner signature, even under a valid outer one.
    let v: Value = serde_json::from_str(&good).unwrap();
    let mut inner = v["request"].clone();
    inner["signature"] = json!(hmac_b64(SHARED_KEY, "something else"));
    let inner_text = inner.to_string();
    let outer = format!(
        r#"{{"request":{inner_text},"signature":{}}}"#,
        json!(hmac_b64(SHARED_KEY, &inner_text))
    );
    post_text(&emu, "activate_offline", &B64.encode(outer)).error(401, "signature_mismatch");
    // Signed with another shared key; an unknown API key; no outer signature.
    post_text(
        &emu,
        "activate_offline",
        &node_request(
            "activation",
            "DEMO-OFFLINE",
            "off-e",
            "other-key",
            ("api_key", API_KEY),
        ),
    )
    .error(401, "signature_mismatch");
    post_text(
        &emu,
        "activate_offline",
        &node_request(
            "activation",
            "DEMO-OFFLINE",
            "off-e",
            SHARED_KEY,
            ("api_key", "nobody"),
        ),
    )
    .error(401, "invalid_api_key");
    let no_sig = format!(r#"{{"request":{}}}"#, inner_text);
    post_text(&emu, "activate_offline", &B64.encode(no_sig)).error(400, "missing_parameters");

    // License rules, as activate_license applies them.
    for (key, code) in [
        (
            "DEMO-FLOATING-CLOUD",
            "offline_floating_cloud_not_supported",
        ),
        ("DEMO-EXPIRED", "license_expired"),
        ("NOPE", "license_not_found"),
    ] {
        post_text(
            &emu,
            "activate_offline",
            &python_request("activation", key, "off-e", "r"),
        )
        .error(400, code);
    }
    emu.check("product=demo&license_key=DEMO-OFFLINE&hardware_id=off-e")
        .error(400, "device_not_found");
    emu.check("product=demo&license_key=DEMO-FLOATING-CLOUD&hardware_id=off-e")
        .error(400, "device_not_found");
}

#[test]
fn offline_inner_signature_may_be_one_second_late() {
    let emu = Emulator::demo();
    post_text(
        &emu,
        "activate_offline",
        &python_request_signed_later("activation", "DEMO-OFFLINE", "late-1", "r", 1),
    )
    .ok();
    post_text(
        &emu,
        "activate_offline",
        &python_request_signed_later("activation", "DEMO-OFFLINE", "late-2", "r", 2),
    )
    .error(401, "signature_mismatch");
    emu.check("product=demo&license_key=DEMO-OFFLINE&hardware_id=late-2")
        .error(400, "device_not_found");
}

#[test]
fn new_state_persists_with_db() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.sqlite");
    let db = db.to_str().unwrap();
    let token;
    {
        let emu = Emulator::start(&demo_seed(), &["--db", db]);
        token = token_for(&emu, "demo-client");
        let r = emu.post_json(
            "change_password",
            &json!({"username": "carol@example.com", "password": "carol-password", "new_password": "carol-2"}),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        emu.post_json(
            "activate_bundle",
            &json!({"product": "demo-suite", "license_key": "DEMO-SUITE-KEY", "hardware_id": "p1"}),
        )
        .ok();
        emu.post_json(
            "track_device_variables",
            &json!({"product": "demo", "license_key": "DEMO-SUITE-KEY", "hardware_id": "p1", "variables": {"k": "v"}}),
        )
        .ok();
        post_text(
            &emu,
            "activate_offline",
            &python_request("activation", "DEMO-OFFLINE", "p1", "r"),
        )
        .ok();
    }
    let emu = Emulator::start(&demo_seed(), &["--db", db]);
    // The token is still valid, the password still changed, the devices still there.
    signed_ok(&bearer_get(
        &emu,
        &token,
        "check_bundle",
        "product=demo-suite&license_key=DEMO-SUITE-KEY&hardware_id=p1",
    ));
    let g = emu
        .get(
            "get_device_variables",
            "product=demo&license_key=DEMO-SUITE-KEY&hardware_id=p1",
        )
        .ok();
    assert_eq!(
        (g[0]["variable"].as_str(), g[0]["value"].as_str()),
        (Some("k"), Some("v"))
    );
    emu.check("product=demo&license_key=DEMO-OFFLINE&hardware_id=p1")
        .ok();
    emu.get(
        "user_licenses",
        "product=demo-user&username=carol%40example.com&password=carol-password",
    )
    .error(400, "license_not_found");
    emu.get(
        "user_licenses",
        "product=demo-user&username=carol%40example.com&password=carol-2",
    )
    .ok();
}

#[test]
fn schema_2_variables_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO meta VALUES ('schema_version', '2');
             CREATE TABLE devices (id INTEGER PRIMARY KEY AUTOINCREMENT, license_id INTEGER NOT NULL,
                 user_id INTEGER, hardware_id TEXT NOT NULL, active INTEGER NOT NULL,
                 info TEXT NOT NULL, variables TEXT NOT NULL, activated_at TEXT NOT NULL,
                 deactivated_at TEXT);
             INSERT INTO devices (license_id, hardware_id, active, info, variables, activated_at)
                 VALUES (1010, 'old-device', 1, '{}', '{\"a\":\"1\"}', '2024-01-01T00:00:00.000Z');",
        )
        .unwrap();
    }
    let emu = Emulator::start(&demo_seed(), &["--db", path.to_str().unwrap()]);
    let g = emu
        .get(
            "get_device_variables",
            "product=demo&license_key=DEMO-UNLIMITED&hardware_id=old-device",
        )
        .ok();
    assert_eq!(g[0]["variable"], "a");
    assert_eq!(g[0]["value"], "1");
}

#[test]
fn bad_new_seed_fields_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let head = r#"{"api_keys":[{"api_key":"k","shared_key":"s"}],"products":[{"short_code":"p","name":"P","licenses":[{"license_key":"K"}]},{"short_code":"u","name":"U","authorization_method":"user","licenses":[{"users":[{"email":"a@b","password":"x"}]}]}],"#;
    let cases = [
        (
            r#""oauth_clients":[{"client_id":"c","client_secret":"s"},{"client_id":"c","client_secret":"t"}]}"#,
            "oauth_clients[1].client_id",
        ),
        (
            r#""oauth_clients":[{"client_id":"c","client_secret":"s","expires_in":0}]}"#,
            "oauth_clients[0].expires_in",
        ),
        (
            r#""oauth_clients":[{"client_id":"c","client_secret":"s","fault":"sometimes"}]}"#,
            "oauth_clients[0].fault",
        ),
        (
            r#""oauth_clients":[{"client_id":"c"}]}"#,
            "oauth_clients[0]",
        ),
        (
            r#""bundles":[{"short_code":"b","products":["p","nope"]}]}"#,
            "bundles[0].products[1]",
        ),
        (
            r#""bundles":[{"short_code":"p","products":["p"]}]}"#,
            "bundles[0].short_code",
        ),
        (
            r#""bundles":[{"short_code":"b","products":["p","u"]}]}"#,
            "bundles[0].products[1]",
        ),
        (
            r#""bundles":[{"short_code":"b","products":[]}]}"#,
            "bundles[0].products",
        ),
        (
            r#""bundles":[{"short_code":"b","name":"B","products":["p"]}]}"#,
            "bundles[0]",
        ),
    ];
    let product_cases = [
        (
            r#"{"version":"1","env":"bsd","release_date":"2020-01-01","installation_file":"f"}"#,
            "products[0].versions[0].env",
        ),
        (
            r#"{"version":"1","env":"linux","release_date":"soon","installation_file":"f"}"#,
            "products[0].versions[0].release_date",
        ),
        (
            r#"{"version":"","env":"linux","release_date":"2020-01-01","installation_file":"f"}"#,
            "products[0].versions[0].version",
        ),
        (
            r#"{"version":"1","env":"linux","release_date":"2020-01-01"}"#,
            "products[0].versions[0]",
        ),
    ];
    let mut all: Vec<(String, &str)> = cases
        .iter()
        .map(|(t, f)| (format!("{head}{t}"), *f))
        .collect();
    for (v, f) in product_cases {
        all.push((
            format!(r#"{{"api_keys":[{{"api_key":"k","shared_key":"s"}}],"products":[{{"short_code":"p","name":"P","versions":[{v}]}}]}}"#),
            f,
        ));
    }
    for (i, (text, field)) in all.iter().enumerate() {
        let path = dir.path().join(format!("bad{i}.json"));
        std::fs::write(&path, text).unwrap();
        let out = std::process::Command::new(bin())
            .args(["--listen", "127.0.0.1:0", "--seed", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(!out.status.success(), "case {i} started");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(field), "case {i}: expected {field} in: {err}");
    }
}
