//! This library's hardware IDs on the machine the test runs on (integration test `hardware_id`).
//!
//! `print_ids` (ignored by default) prints one line per algorithm for the comparison scripts in
//! this folder, which run the vendor's generator on the same machine and compare:
//!
//! ```text
//! ours <algorithm> ok <id> <before-hash string, escaped>
//! ours <algorithm> err <status> <message>
//! ```
//!
//! `compare-linux.sh` runs it natively, `compare-windows.sh` cross-compiles it for
//! `x86_64-pc-windows-gnu` and runs it under Wine.

use licensespring::hardware_id::{
    default_hardware_id, hardware_id, hardware_id_source, HardwareIdAlgorithm,
};
use licensespring::Status;

/// Escapes a string onto one line: `\` `\n` `\r` `\t` and other control characters.
fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[test]
#[ignore = "prints this machine's IDs for tests/hardware_id/compare-*.sh"]
fn print_ids() {
    // libtest may have started a line ("test print_ids ... "): start a fresh one.
    println!();
    for a in HardwareIdAlgorithm::ALL {
        match (hardware_id(*a), hardware_id_source(*a)) {
            (Ok(id), Ok(source)) => println!("ours {} ok {id} {}", *a as i32, escape(&source)),
            (Err(e), _) | (_, Err(e)) => println!(
                "ours {} err {} {}",
                *a as i32,
                e.status().name(),
                escape(e.message())
            ),
        }
    }
}

#[test]
fn every_algorithm_answers_or_says_why() {
    for a in HardwareIdAlgorithm::ALL {
        match hardware_id(*a) {
            Ok(id) => {
                assert_eq!(id.len(), 64, "{a:?}: {id}");
                assert!(id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
                assert!(!hardware_id_source(*a).unwrap().is_empty());
            }
            Err(e) => {
                assert_eq!(e.status(), Status::LS_ERR_HARDWARE_ID_UNAVAILABLE, "{a:?}");
                assert!(e.message().contains(a.vendor_name()), "{}", e.message());
            }
        }
    }
    assert_eq!(
        default_hardware_id().ok(),
        hardware_id(HardwareIdAlgorithm::LS_HARDWARE_ID_DEFAULT).ok()
    );
}

/// The vendor's Linux and macOS generators ignore the algorithm number; so does this library.
#[cfg(any(target_os = "linux", target_os = "macos"))]
#[test]
fn every_algorithm_is_the_default_here() {
    let default = hardware_id(HardwareIdAlgorithm::LS_HARDWARE_ID_DEFAULT).ok();
    for a in HardwareIdAlgorithm::ALL {
        assert_eq!(hardware_id(*a).ok(), default, "{a:?}");
    }
}

/// On Windows, 2 and 4 are the default (the computer system product UUID), 3 differs from it.
#[cfg(windows)]
#[test]
fn windows_algorithms_share_the_product_uuid() {
    use HardwareIdAlgorithm as A;
    let default = hardware_id(A::LS_HARDWARE_ID_DEFAULT).ok();
    assert_eq!(
        hardware_id(A::LS_HARDWARE_ID_WINDOWS_COMPUTER_SYSTEM_PRODUCT_ID).ok(),
        default
    );
    assert_eq!(
        hardware_id(A::LS_HARDWARE_ID_LINUX_MACHINE_ID).ok(),
        default
    );
}
