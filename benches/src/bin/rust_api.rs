//! rust_api: the Rust API (`licensespring::Client`) under a counting global allocator.
//!
//! 1. Components, CPU only (no network): the request's Date + Authorization, RSA verification of
//!    the bench body, `License::from_json` as the library does it (JSON → `Value` tree →
//!    struct), and the same fields deserialised straight from the bytes (a what-if for the
//!    profile finding on `License::from_json`).
//! 2. End to end against bench_server, interleaved in rounds: the raw client (wire floor),
//!    `Client::activate` with verification on and off, and a reference that does the same work
//!    (JSON body, Date + HMAC, RSA verification, `License::from_json`) over another HTTP client
//!    on the calling thread (ureq, synchronous). It was the what-if that led the library to do
//!    its I/O on the calling thread too; it stays as a yardstick for the HTTP stack's cost.
//!
//! Allocations are counted across every thread of the process.
//!
//!   rust_api --url URL --pubkey PEM --capture FILE [--n 5000] [--rounds 10]

#[path = "../common.rs"]
mod common;

use common::*;
use licensespring::{Client, Config, License, PublicKey, Request};

const LS_ID: licensespring::Field = licensespring::Field::LS_LICENSE_ID;
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

struct Counting;
static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size as u64, Relaxed);
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn counters() -> (u64, u64) {
    (ALLOCS.load(Relaxed), BYTES.load(Relaxed))
}

/// Times `f` `n` times; prints median/p99 and allocations per call.
fn component(name: &str, n: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..n / 10 + 1 {
        f();
    }
    let mut samples = Vec::with_capacity(n);
    let (a0, b0) = counters();
    for _ in 0..n {
        let t = Instant::now();
        f();
        samples.push(t.elapsed().as_nanos() as u64);
    }
    let (a1, b1) = counters();
    let s = stats(&mut samples);
    println!(
        "RESULT component {name} median_us={:.2} p99_us={:.2} allocs_per_call={:.1} alloc_bytes_per_call={:.0}",
        s.median_us,
        s.p99_us,
        (a1 - a0) as f64 / n as f64,
        (b1 - b0) as f64 / n as f64
    );
    s.median_us
}

/// Reference: the library's per-call work over a synchronous HTTP client (ureq) on the calling thread.
struct SyncPrototype {
    agent: ureq::Agent,
    url: String,
    key: PublicKey,
}

impl SyncPrototype {
    fn activate(&self) -> License {
        // The body as Request::to_json builds it (a serde_json map, serialised).
        let mut body = serde_json::Map::new();
        for (k, v) in [
            ("hardware_id", HARDWARE_ID),
            ("license_key", LICENSE_KEY),
            ("product", PRODUCT),
            ("sdk_ver", "licensespring-native/0.1.0"),
        ] {
            body.insert(k.to_owned(), serde_json::Value::String(v.to_owned()));
        }
        let body = serde_json::to_vec(&serde_json::Value::Object(body)).unwrap();
        let date = licensespring::auth::http_date_now();
        let auth = licensespring::auth::authorization_header(API_KEY, SHARED_KEY, &date);
        let response = self
            .agent
            .post(&self.url)
            .set("Content-Type", "application/json")
            .set("Accept", "application/json")
            .set("Date", &date)
            .set("Authorization", &auth)
            .send_bytes(&body)
            .expect("prototype: request");
        let signature = response.header("LicenseSignature").expect("signature").to_owned();
        let mut reply = Vec::with_capacity(4096);
        response
            .into_reader()
            .take(2 * 1024 * 1024)
            .read_to_end(&mut reply)
            .unwrap();
        self.key.verify(&reply, &signature).expect("prototype: verify");
        License::from_body(licensespring::Kind::LS_KIND_LICENSE, &reply).expect("prototype: license")
    }
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    let args = Args::parse(&argv[1..]);
    let url = args.str("url");
    let pem = std::fs::read_to_string(args.str("pubkey")).unwrap();
    let n = args.num("n", 5000);
    let rounds = args.num("rounds", 10).max(1);
    let request = Request::new(PRODUCT, HARDWARE_ID).license_key(LICENSE_KEY);
    let client_for = |verify: bool| {
        let mut config = Config::new(API_KEY, SHARED_KEY).unwrap();
        config.set_base_url(&url).unwrap();
        config.set_proxy(licensespring::Proxy::Direct).unwrap();
        if verify {
            config.set_public_key_pem(&pem).unwrap();
        } else {
            config.disable_signature_verification();
        }
        Client::new(&config).unwrap()
    };
    let on = client_for(true);
    let off = client_for(false);
    on.activate(&request).unwrap();
    let captured = read_capture(&args.str("capture"));
    let mut raw = RawClient::connect(&host_port(&url));
    let (head, body) = raw.fetch(&captured);
    let signature = header(&head, "LicenseSignature").unwrap().to_owned();
    let key = PublicKey::from_pem(&pem).unwrap();

    // ---- 1. components ----
    let k = (n * 2).max(200);
    component("date_and_authorization", k, || {
        let date = licensespring::auth::http_date_now();
        std::hint::black_box(licensespring::auth::authorization_header(API_KEY, SHARED_KEY, &date));
    });
    component("rsa_verify_2048", k, || key.verify(&body, &signature).unwrap());
    component("license_from_json", k, || {
        std::hint::black_box(License::from_body(licensespring::Kind::LS_KIND_LICENSE, &body).unwrap());
    });

    // ---- 2. end to end, interleaved ----
    let proto = SyncPrototype {
        agent: ureq::AgentBuilder::new().build(),
        url: format!("{url}/api/v4/activate_license"),
        key: key.clone(),
    };
    for _ in 0..300 {
        on.activate(&request).unwrap();
        off.activate(&request).unwrap();
        proto.activate();
        raw.call(&captured);
    }
    let names = ["raw", "client_activate_verify_on", "client_activate_verify_off", "ureq_reference_verify_on"];
    let mut samples: Vec<Vec<u64>> = vec![Vec::with_capacity(n); 4];
    let mut allocs = [(0u64, 0u64); 4];
    let per_round = (n / rounds).max(1);
    for r in 0..rounds {
        for j in 0..4 {
            let m = (r + j) % 4;
            let (a0, b0) = counters();
            for _ in 0..per_round {
                let t = Instant::now();
                match m {
                    0 => {
                        raw.call(&captured);
                    }
                    1 => assert_eq!(on.activate(&request).unwrap().int(LS_ID), Some(1749538876210079)),
                    2 => assert_eq!(off.activate(&request).unwrap().int(LS_ID), Some(1749538876210079)),
                    _ => assert_eq!(proto.activate().int(LS_ID), Some(1749538876210079)),
                }
                samples[m].push(t.elapsed().as_nanos() as u64);
            }
            let (a1, b1) = counters();
            allocs[m].0 += a1 - a0;
            allocs[m].1 += b1 - b0;
        }
    }
    let calls = (per_round * rounds) as f64;
    let raw_median = stats(&mut samples[0].clone()).median_us;
    for m in 0..4 {
        let s = stats(&mut samples[m]);
        println!(
            "RESULT rust_api {} calls={} median_us={:.1} p99_us={:.1} ratio_median_vs_raw={:.2} overhead_median_us={:.1} allocs_per_call={:.1} alloc_bytes_per_call={:.0}",
            names[m],
            s.n,
            s.median_us,
            s.p99_us,
            s.median_us / raw_median,
            s.median_us - raw_median,
            allocs[m].0 as f64 / calls,
            allocs[m].1 as f64 / calls
        );
    }
}
