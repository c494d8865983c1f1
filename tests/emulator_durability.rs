//! `ls-emulator --db` loses nothing it answered: kill -9 during a burst of activations, restart
//! on the same database, and every activation that was answered 200 is still there.

mod support;

use licensespring::Request;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::{hw, Emulator};

const THREADS: usize = 8;

#[test]
fn kill_9_during_a_burst_loses_no_answered_activation() {
    let dir = std::env::temp_dir().join(format!("ls-durability-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("state.db");
    let db_arg = db.to_str().unwrap();

    let emu = Emulator::start_with(&["--db", db_arg]);
    let mut config = emu.config();
    config
        .set_connect_timeout(Duration::from_secs(2))
        .unwrap()
        .set_total_timeout(Duration::from_secs(5))
        .unwrap();
    let client = Arc::new(licensespring::Client::new(&config).unwrap());
    let answered = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (client, answered, stop) = (client.clone(), answered.clone(), stop.clone());
            std::thread::spawn(move || {
                for i in 0.. {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let device = format!("durable-{t}-{i}-{}", std::process::id());
                    let req = Request::new("demo", &device).license_key("DEMO-UNLIMITED");
                    match client.activate(&req) {
                        Ok(_) => answered.lock().unwrap().push(device),
                        // The server is gone: nothing more can be answered.
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();

    // Let the burst run, then SIGKILL the server mid-flight.
    while answered.lock().unwrap().len() < 50 {
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(emu); // Child::kill sends SIGKILL
    stop.store(true, Ordering::SeqCst);
    for w in workers {
        w.join().unwrap();
    }
    let answered = answered.lock().unwrap().clone();
    assert!(answered.len() >= 50);

    let emu = Emulator::start_with(&["--db", db_arg]);
    let client = emu.client();
    for device in &answered {
        let req = Request::new("demo", device).license_key("DEMO-UNLIMITED");
        client
            .check(&req)
            .unwrap_or_else(|e| panic!("answered activation of {device} was lost: {e}"));
    }
    // Whole transactions only: the active devices are the answered ones plus at most one
    // committed-but-unanswered activation per thread, plus the probe.
    let probe = Request::new("demo", &hw("durable-probe")).license_key("DEMO-UNLIMITED");
    let count = client
        .activate(&probe)
        .unwrap()
        .int(licensespring::Field::LS_LICENSE_TIMES_ACTIVATED)
        .unwrap() as usize;
    assert!(
        (answered.len() + 1..=answered.len() + 1 + THREADS).contains(&count),
        "{count} active devices after {} answered activations",
        answered.len()
    );
    for device in &answered {
        let req = Request::new("demo", device).license_key("DEMO-UNLIMITED");
        client.deactivate(&req).unwrap();
    }
    drop(emu);
    let _ = std::fs::remove_dir_all(&dir);
}
