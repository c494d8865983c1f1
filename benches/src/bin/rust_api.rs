//! rust_api: the Rust API (`licensespring::Client`) under a counting global allocator.
//! Counts heap allocations (and bytes) per `Client::activate`, across every thread of the
//! process (reqwest's blocking client drives its I/O on a runtime thread: counted too), and
//! times the calls with verification on and off.
//!
//!   rust_api --url URL --pubkey PEM [--n 5000]

#[path = "../common.rs"]
mod common;

use common::*;
use licensespring::{Client, Config, Request};
use std::alloc::{GlobalAlloc, Layout, System};
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

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    let args = Args::parse(&argv[1..]);
    let url = args.str("url");
    let pem = std::fs::read_to_string(args.str("pubkey")).unwrap();
    let n = args.num("n", 5000);
    let request = Request::new(PRODUCT, HARDWARE_ID).license_key(LICENSE_KEY);
    for verify in [true, false] {
        let mut config = Config::new(API_KEY, SHARED_KEY).unwrap();
        config.set_base_url(&url).unwrap();
        config.set_proxy(licensespring::Proxy::Direct).unwrap();
        if verify {
            config.set_public_key_pem(&pem).unwrap();
        } else {
            config.disable_signature_verification();
        }
        let client = Client::new(&config).unwrap();
        for _ in 0..200 {
            client.activate(&request).unwrap();
        }
        let (a0, b0) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
        let mut samples = Vec::with_capacity(n);
        for _ in 0..n {
            let t = Instant::now();
            let license = client.activate(&request).unwrap();
            samples.push(t.elapsed().as_nanos() as u64);
            assert_eq!(license.id, 1749538876210079);
        }
        let (a1, b1) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
        let s = stats(&mut samples);
        println!(
            "RESULT rust_api verify={} calls={n} allocs_per_call={:.1} alloc_bytes_per_call={:.0} median_us={:.1} p99_us={:.1}",
            if verify { "on" } else { "off" },
            (a1 - a0) as f64 / n as f64,
            (b1 - b0) as f64 / n as f64,
            s.median_us,
            s.p99_us
        );
    }
}
