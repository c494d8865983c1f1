//! 16 threads × 1,000 activate/deactivate pairs on one shared client against a real
//! `ls-emulator`: every call is accounted for and the server's activation count is consistent
//! at the end. `LS_STRESS_PAIRS` changes the pairs per thread.

mod support;

use licensespring::Request;
use std::sync::Arc;
use support::{hw, Emulator};

const THREADS: usize = 16;

#[test]
fn sixteen_threads_thousand_pairs_each() {
    let pairs: usize = std::env::var("LS_STRESS_PAIRS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let emu = Emulator::start();
    let client = Arc::new(emu.client());
    let started = std::time::Instant::now();
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let client = Arc::clone(&client);
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..pairs {
                    let req =
                        Request::new("demo", &format!("stress-{t}-{i}-{}", std::process::id()))
                            .license_key("DEMO-UNLIMITED");
                    match client.activate(&req) {
                        Ok(lic) => assert_eq!(
                            lic.str(licensespring::Field::LS_LICENSE_KEY),
                            Some("DEMO-UNLIMITED")
                        ),
                        Err(e) => failures.push(format!("activate {t}/{i}: {e}")),
                    }
                    if let Err(e) = client.deactivate(&req) {
                        failures.push(format!("deactivate {t}/{i}: {e}"));
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("no worker panics"))
        .collect();
    let calls = THREADS * pairs * 2;
    eprintln!(
        "{calls} calls in {:.1} s, {} failed",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        failures.first()
    );

    // Every device was released: a new activation is the only active one.
    let probe = Request::new("demo", &hw("stress-probe")).license_key("DEMO-UNLIMITED");
    let lic = client.activate(&probe).unwrap();
    assert_eq!(
        lic.int(licensespring::Field::LS_LICENSE_TIMES_ACTIVATED),
        Some(1),
        "the server counts exactly the one active device"
    );
    client.deactivate(&probe).unwrap();
}
