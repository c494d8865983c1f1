//! The default hardware ID, computed the way the vendor's SDKs do so a device keeps its identity
//! when an application moves from the vendor's SDK to this library.

use crate::error::{Error, Result};
use crate::status::Status;
use sha2::{Digest, Sha256};

/// The vendor's numbering. Algorithm 5 (cloud platforms) is deliberately absent.
#[repr(i32)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HardwareIdAlgorithm {
    /// The vendor SDKs' default on this operating system.
    LS_HARDWARE_ID_DEFAULT = 0,
    /// Windows: board, processor and system disk (WMI).
    LS_HARDWARE_ID_WINDOWS_HARDWARE_FINGERPRINT = 1,
    /// Windows: `Win32_ComputerSystemProduct.UUID` (WMI).
    LS_HARDWARE_ID_WINDOWS_COMPUTER_SYSTEM_PRODUCT_ID = 2,
    /// Windows: the registry's `MachineGuid`.
    LS_HARDWARE_ID_WINDOWS_CRYPTOGRAPHY_ID = 3,
    /// Linux: `/etc/machine-id`.
    LS_HARDWARE_ID_LINUX_MACHINE_ID = 4,
}

impl HardwareIdAlgorithm {
    /// Every algorithm, in numeric order.
    pub const ALL: &'static [HardwareIdAlgorithm] = &[
        HardwareIdAlgorithm::LS_HARDWARE_ID_DEFAULT,
        HardwareIdAlgorithm::LS_HARDWARE_ID_WINDOWS_HARDWARE_FINGERPRINT,
        HardwareIdAlgorithm::LS_HARDWARE_ID_WINDOWS_COMPUTER_SYSTEM_PRODUCT_ID,
        HardwareIdAlgorithm::LS_HARDWARE_ID_WINDOWS_CRYPTOGRAPHY_ID,
        HardwareIdAlgorithm::LS_HARDWARE_ID_LINUX_MACHINE_ID,
    ];

    /// The algorithm with this number, if any.
    pub fn from_i32(n: i32) -> Option<HardwareIdAlgorithm> {
        Self::ALL.iter().copied().find(|a| *a as i32 == n)
    }
}

/// The hardware ID of this machine by `algorithm`.
pub fn hardware_id(algorithm: HardwareIdAlgorithm) -> Result<String> {
    use HardwareIdAlgorithm::*;
    match algorithm {
        LS_HARDWARE_ID_DEFAULT => default_hardware_id(),
        LS_HARDWARE_ID_LINUX_MACHINE_ID if cfg!(target_os = "linux") => default_hardware_id(),
        other => Err(unavailable(&format!(
            "{other:?} is not available on this platform"
        ))),
    }
}

/// Lower-case hex SHA-256 of a machine identifier with surrounding white space stripped.
pub fn from_machine_id(machine_id: &str) -> String {
    let digest = Sha256::digest(machine_id.trim().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The default hardware ID of this machine.
///
/// Linux: from `/etc/machine-id`, falling back to `/var/lib/dbus/machine-id`.
/// macOS: from the IOPlatformUUID. Windows: from `HKLM\SOFTWARE\Microsoft\Cryptography\MachineGuid`.
/// The vendor's exact macOS and Windows fingerprints are not public; those IDs are stable per
/// machine but may differ from the vendor SDK's, so pass your own ID there if continuity matters.
pub fn default_hardware_id() -> Result<String> {
    machine_id().map(|id| from_machine_id(&id))
}

#[cfg(target_os = "linux")]
fn machine_id() -> Result<String> {
    for path in ["/etc/machine-id", "/var/lib/dbus/machine-id"] {
        if let Ok(id) = std::fs::read_to_string(path) {
            if !id.trim().is_empty() {
                return Ok(id);
            }
        }
    }
    Err(unavailable(
        "neither /etc/machine-id nor /var/lib/dbus/machine-id is readable",
    ))
}

#[cfg(target_os = "macos")]
fn machine_id() -> Result<String> {
    let out = std::process::Command::new("/usr/sbin/ioreg")
        .args(["-rd1", "-c", "IOPlatformExpertDevice"])
        .output()
        .map_err(|_| unavailable("ioreg could not be run"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find(|l| l.contains("IOPlatformUUID"))
        .and_then(|l| l.split('"').nth(3))
        .map(str::to_owned)
        .ok_or_else(|| unavailable("IOPlatformUUID not found"))
}

#[cfg(windows)]
fn machine_id() -> Result<String> {
    let out = std::process::Command::new("reg")
        .args([
            "query",
            r"HKLM\SOFTWARE\Microsoft\Cryptography",
            "/v",
            "MachineGuid",
        ])
        .output()
        .map_err(|_| unavailable("reg could not be run"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find(|l| l.contains("MachineGuid"))
        .and_then(|l| l.split_whitespace().last())
        .map(str::to_owned)
        .ok_or_else(|| unavailable("MachineGuid not found"))
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn machine_id() -> Result<String> {
    Err(unavailable(
        "no machine identifier on this platform; pass your own hardware_id",
    ))
}

fn unavailable(why: &str) -> Error {
    Error::new(
        Status::LS_ERR_HARDWARE_ID_UNAVAILABLE,
        format!("cannot compute the default hardware ID: {why}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_trimmed_machine_id() {
        // sha256("abc")
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(from_machine_id("abc"), abc);
        assert_eq!(from_machine_id("  abc\n"), abc);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn matches_etc_machine_id() {
        if let Ok(raw) = std::fs::read_to_string("/etc/machine-id") {
            if !raw.trim().is_empty() {
                assert_eq!(default_hardware_id().unwrap(), from_machine_id(&raw));
            }
        }
    }
}
