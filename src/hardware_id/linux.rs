//! Linux: every algorithm is the machine ID, as in the vendor's generator (its Linux provider
//! ignores the algorithm number).
//!
//! The vendor reads the first line of `/etc/machine-id`, else of `/var/lib/dbus/machine-id`.
//! When both are missing or empty it creates `/var/tmp/.LicenseSpring/machine-id` holding a
//! random UUID and uses that. This library reads that file when it exists (so a device keeps the
//! identity the vendor's SDK gave it) but never creates it: a random ID that lives in `/var/tmp`
//! is not a machine identity, so it reports `LS_ERR_HARDWARE_ID_UNAVAILABLE` instead.

use super::{first_line, unavailable, HardwareIdAlgorithm, Source};
use crate::error::Result;
use std::fs::File;
use std::io::{BufRead, BufReader};

/// Where the machine ID is read from, in the vendor's order.
const MACHINE_ID_FILES: [&str; 3] = [
    "/etc/machine-id",
    "/var/lib/dbus/machine-id",
    // Written by the vendor's generator when neither of the above has an ID; only ever read here.
    "/var/tmp/.LicenseSpring/machine-id",
];

pub(super) fn source(algorithm: HardwareIdAlgorithm) -> Result<Source> {
    for path in MACHINE_ID_FILES {
        let line = read_first_line(path);
        if !line.is_empty() {
            let text = String::from_utf8_lossy(&line).into_owned();
            return Ok(Source { text, bytes: line });
        }
    }
    Err(unavailable(
        algorithm,
        "no machine ID: /etc/machine-id, /var/lib/dbus/machine-id and \
         /var/tmp/.LicenseSpring/machine-id are all missing, unreadable or empty \
         (run systemd-machine-id-setup or dbus-uuidgen --ensure, or pass your own hardware_id)",
    ))
}

/// The first line of a file, empty when it cannot be opened or read (like the vendor's
/// `std::ifstream` + `std::getline`).
fn read_first_line(path: &str) -> Vec<u8> {
    let mut line = Vec::new();
    let Ok(file) = File::open(path) else {
        return line;
    };
    if BufReader::new(file).read_until(b'\n', &mut line).is_err() {
        line.clear();
    }
    let len = first_line(&line).len();
    line.truncate(len);
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_the_first_line() {
        let dir = std::env::temp_dir().join(format!("ls-hwid-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("machine-id");
        std::fs::write(&file, b" id\r\nnext\n").unwrap();
        assert_eq!(read_first_line(file.to_str().unwrap()), b" id\r");
        std::fs::write(&file, b"").unwrap();
        assert!(read_first_line(file.to_str().unwrap()).is_empty());
        // A directory opens but does not read: no ID, like the vendor's getline.
        assert!(read_first_line(dir.to_str().unwrap()).is_empty());
        assert!(read_first_line("/nonexistent/machine-id").is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
