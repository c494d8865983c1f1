//! Start an ls-emulator process and talk to it over real HTTP.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, SystemTime};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const API_KEY: &str = "demo-api-key";
pub const SHARED_KEY: &str = "demo-shared-key";

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn demo_seed() -> PathBuf {
    manifest_dir().join("seeds/demo.json")
}

pub fn test_key() -> PathBuf {
    manifest_dir().join("../tests/fixtures/emulator-signing-key.pem")
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_ls-emulator")
}

pub struct Emulator {
    child: Child,
    _stdout: BufReader<ChildStdout>,
    pub url: String,
}

impl Emulator {
    /// Start with the demo seed and the fixed test signing key.
    pub fn demo() -> Emulator {
        Emulator::start(&demo_seed(), &[])
    }

    /// The demo seed with `--clock-control`.
    pub fn demo_clock() -> Emulator {
        Emulator::start(&demo_seed(), &["--clock-control"])
    }

    pub fn start(seed: &Path, extra: &[&str]) -> Emulator {
        let key = test_key();
        let mut args = vec![
            "--listen",
            "127.0.0.1:0",
            "--seed",
            seed.to_str().unwrap(),
            "--signing-key",
            key.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        Emulator::start_args(&args)
    }

    pub fn start_args(args: &[&str]) -> Emulator {
        let mut child = Command::new(bin())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn ls-emulator");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        if line.is_empty() {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("emulator exited before listening: {err}");
        }
        let url = line
            .trim_end()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        Emulator {
            child,
            _stdout: stdout,
            url,
        }
    }

    pub fn api(&self, call: &str) -> String {
        format!("{}/api/v4/{call}", self.url)
    }

    pub fn post(&self, call: &str, body: &str) -> Resp {
        self.post_bytes(call, body.as_bytes())
    }

    pub fn post_bytes(&self, call: &str, body: &[u8]) -> Resp {
        let (date, auth) = signed_headers(API_KEY, SHARED_KEY);
        send(
            ureq::post(&self.api(call))
                .set("Date", &date)
                .set("Authorization", &auth)
                .set("Content-Type", "application/json"),
            Some(body),
        )
    }

    /// GET check_license with `query` (already encoded).
    pub fn check(&self, query: &str) -> Resp {
        let (date, auth) = signed_headers(API_KEY, SHARED_KEY);
        send(
            ureq::get(&format!("{}?{query}", self.api("check_license")))
                .set("Date", &date)
                .set("Authorization", &auth),
            None,
        )
    }

    /// GET `/api/v4/{call}?{query}` (query already encoded), signed.
    pub fn get(&self, call: &str, query: &str) -> Resp {
        let (date, auth) = signed_headers(API_KEY, SHARED_KEY);
        send(
            ureq::get(&format!("{}?{query}", self.api(call)))
                .set("Date", &date)
                .set("Authorization", &auth),
            None,
        )
    }

    /// POST `/api/v4/{call}` with a JSON value, signed.
    pub fn post_json(&self, call: &str, body: &serde_json::Value) -> Resp {
        self.post(call, &body.to_string())
    }

    /// Move the emulator clock (needs `--clock-control`); returns the new emulator time.
    pub fn clock(&self, body: serde_json::Value) -> Resp {
        send(
            ureq::post(&format!("{}/__emulator/clock", self.url))
                .set("Content-Type", "application/json"),
            Some(body.to_string().as_bytes()),
        )
    }

    #[track_caller]
    pub fn advance(&self, seconds: i64) {
        let r = self.clock(serde_json::json!({ "advance_seconds": seconds }));
        assert_eq!(r.status, 200, "{}", r.text());
    }

    pub fn activate(&self, product: &str, key: &str, hw: &str) -> Resp {
        self.post(
            "activate_license",
            &format!(r#"{{"product":"{product}","license_key":"{key}","hardware_id":"{hw}"}}"#),
        )
    }

    pub fn deactivate(&self, product: &str, key: &str, hw: &str) -> Resp {
        self.post(
            "deactivate_license",
            &format!(r#"{{"product":"{product}","license_key":"{key}","hardware_id":"{hw}"}}"#),
        )
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.stop();
    }
}

pub struct Resp {
    pub status: u16,
    pub body: Vec<u8>,
    pub signature: Option<String>,
    pub content_type: Option<String>,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Assert an error response with this status and code; returns the message.
    #[track_caller]
    pub fn error(&self, status: u16, code: &str) -> String {
        assert_eq!(self.status, status, "body: {}", self.text());
        assert_eq!(
            self.content_type.as_deref(),
            Some("application/json"),
            "{}",
            self.text()
        );
        let v = self.json();
        assert_eq!(v["code"], code, "body: {}", self.text());
        assert_eq!(v["status"], status, "body: {}", self.text());
        v["message"].as_str().expect("message").to_string()
    }

    #[track_caller]
    pub fn ok(&self) -> serde_json::Value {
        assert_eq!(self.status, 200, "body: {}", self.text());
        self.json()
    }
}

pub fn send(req: ureq::Request, body: Option<&[u8]>) -> Resp {
    let result = match body {
        Some(b) => req.send_bytes(b),
        None => req.call(),
    };
    let resp = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("transport error: {e}"),
    };
    let status = resp.status();
    let signature = resp.header("LicenseSignature").map(str::to_string);
    let content_type = resp.header("Content-Type").map(str::to_string);
    let mut body = Vec::new();
    resp.into_reader().read_to_end(&mut body).unwrap();
    Resp {
        status,
        body,
        signature,
        content_type,
    }
}

pub fn hmac_signature(shared_key: &str, date: &str) -> String {
    let mut m = Hmac::<Sha256>::new_from_slice(shared_key.as_bytes()).unwrap();
    m.update(format!("licenseSpring\ndate: {date}").as_bytes());
    B64.encode(m.finalize().into_bytes())
}

pub fn date_now() -> String {
    httpdate::fmt_http_date(SystemTime::now())
}

pub fn date_offset(secs: i64) -> String {
    let now = SystemTime::now();
    let t = if secs >= 0 {
        now + Duration::from_secs(secs as u64)
    } else {
        now - Duration::from_secs((-secs) as u64)
    };
    httpdate::fmt_http_date(t)
}

pub fn signed_headers(api_key: &str, shared_key: &str) -> (String, String) {
    let date = date_now();
    let sig = hmac_signature(shared_key, &date);
    (
        date,
        format!(r#"algorithm="hmac-sha256",headers="date",signature="{sig}",apikey="{api_key}""#),
    )
}

pub fn verify(public_pem: &str, data: &[u8], sig_b64: &str) -> bool {
    use rsa::pkcs8::DecodePublicKey;
    use rsa::signature::Verifier;
    let key = rsa::RsaPublicKey::from_public_key_pem(public_pem).expect("public key");
    let vk = rsa::pkcs1v15::VerifyingKey::<rsa::sha2::Sha256>::new(key);
    let Ok(bytes) = B64.decode(sig_b64) else {
        return false;
    };
    let Ok(sig) = rsa::pkcs1v15::Signature::try_from(bytes.as_slice()) else {
        return false;
    };
    vk.verify(data, &sig).is_ok()
}
