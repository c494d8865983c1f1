//! Hardware IDs computed exactly like the vendor's native generator
//! (`licensespring-hardware-id-generator` 1.8.0), so a device keeps its identity on the license
//! server when an application moves from the vendor's SDK to this library.
//!
//! Every ID is the lower-case hex SHA-256 of a "before hash" string. What that string is depends
//! on the operating system and the algorithm; each [`HardwareIdAlgorithm`] variant says which.
//! Everything is computed in-process: files on Linux, WMI and the registry through their APIs on
//! Windows, `gethostuuid` on macOS. Nothing here starts a process or touches the network.
//!
//! When an identifier cannot be read, the call fails with `LS_ERR_HARDWARE_ID_UNAVAILABLE` and a
//! message naming what was missing; an empty string is never hashed into an ID.

use crate::error::{Error, Result};
use crate::status::Status;
use sha2::{Digest, Sha256};

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
use linux as os;

#[cfg(target_os = "macos")]
mod macos;
#[cfg(target_os = "macos")]
use macos as os;

#[cfg(windows)]
mod windows;
#[cfg(windows)]
use self::windows as os;

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
mod os {
    use super::{unavailable, HardwareIdAlgorithm, Source};

    pub(super) fn source(algorithm: HardwareIdAlgorithm) -> crate::Result<Source> {
        Err(unavailable(
            algorithm,
            "no hardware identifier is known on this operating system; pass your own hardware_id",
        ))
    }
}

/// How a hardware ID is computed, numbered like the vendor's generator. Algorithm 5 of the
/// vendor's generator (cloud platforms) is deliberately absent: it queries cloud metadata
/// addresses over the network.
#[repr(i32)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HardwareIdAlgorithm {
    /// The vendor SDKs' default, and this library's. Linux: the first line of `/etc/machine-id`
    /// (else of `/var/lib/dbus/machine-id`, else of the vendor generator's own
    /// `/var/tmp/.LicenseSpring/machine-id` when it exists). Windows: the `UUID` of WMI
    /// `Win32_ComputerSystemProduct` as WMI returns it. macOS: the host UUID (`gethostuuid`),
    /// upper case with dashes.
    LS_HARDWARE_ID_DEFAULT = 0,
    /// Windows: `BASE >> ` base board manufacturer and serial number, `CPU >> ` first
    /// processor's name and processor ID, `DISK >> ` model and serial number of the disk drive
    /// that holds the system volume, one per line, from WMI; at least two of the three must be
    /// known. Linux and macOS: the same as the default, as the vendor's generator does.
    LS_HARDWARE_ID_WINDOWS_HARDWARE_FINGERPRINT = 1,
    /// Windows: the `UUID` of WMI `Win32_ComputerSystemProduct` (the same as the default there).
    /// Linux and macOS: the same as the default, as the vendor's generator does.
    LS_HARDWARE_ID_WINDOWS_COMPUTER_SYSTEM_PRODUCT_ID = 2,
    /// Windows: the registry value `HKLM\SOFTWARE\Microsoft\Cryptography\MachineGuid`.
    /// Linux and macOS: the same as the default, as the vendor's generator does.
    LS_HARDWARE_ID_WINDOWS_CRYPTOGRAPHY_ID = 3,
    /// Linux: the machine ID (the same as the default there). Windows and macOS: the same as the
    /// default, as the vendor's generator does.
    LS_HARDWARE_ID_LINUX_MACHINE_ID = 4,
}

impl HardwareIdAlgorithm {
    /// Every algorithm, in the vendor's numbering.
    pub const ALL: &'static [Self] = &[
        Self::LS_HARDWARE_ID_DEFAULT,
        Self::LS_HARDWARE_ID_WINDOWS_HARDWARE_FINGERPRINT,
        Self::LS_HARDWARE_ID_WINDOWS_COMPUTER_SYSTEM_PRODUCT_ID,
        Self::LS_HARDWARE_ID_WINDOWS_CRYPTOGRAPHY_ID,
        Self::LS_HARDWARE_ID_LINUX_MACHINE_ID,
    ];

    /// The algorithm with the vendor's number `n`, or `None` (5, the cloud platforms algorithm,
    /// is never accepted).
    pub fn from_i32(n: i32) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| *a as i32 == n)
    }

    /// The vendor's name for the algorithm, e.g. `"WindowsCryptographyId"`.
    pub fn vendor_name(self) -> &'static str {
        match self {
            Self::LS_HARDWARE_ID_DEFAULT => "Default",
            Self::LS_HARDWARE_ID_WINDOWS_HARDWARE_FINGERPRINT => "WindowsHardwareFingerprintId",
            Self::LS_HARDWARE_ID_WINDOWS_COMPUTER_SYSTEM_PRODUCT_ID => {
                "WindowsComputerSystemProductId"
            }
            Self::LS_HARDWARE_ID_WINDOWS_CRYPTOGRAPHY_ID => "WindowsCryptographyId",
            Self::LS_HARDWARE_ID_LINUX_MACHINE_ID => "LinuxMachineId",
        }
    }
}

/// Lower-case hex SHA-256 of the algorithm's "before hash" string, exactly like the vendor's
/// generator on this OS. Fails with `LS_ERR_HARDWARE_ID_UNAVAILABLE` naming what was missing.
///
/// On Windows this may block while WMI answers (the first query after boot can take seconds).
pub fn hardware_id(algorithm: HardwareIdAlgorithm) -> Result<String> {
    source(algorithm).map(|s| sha256_hex(&s.bytes))
}

/// The algorithm's string before hashing (for diagnostics and tests); the same errors as
/// [`hardware_id`].
pub fn hardware_id_source(algorithm: HardwareIdAlgorithm) -> Result<String> {
    source(algorithm).map(|s| s.text)
}

/// The default hardware ID of this machine: `hardware_id(LS_HARDWARE_ID_DEFAULT)`.
pub fn default_hardware_id() -> Result<String> {
    hardware_id(HardwareIdAlgorithm::LS_HARDWARE_ID_DEFAULT)
}

/// A "before hash" string: its text, and the exact bytes the vendor's generator hashes (the same
/// as the text's UTF-8 except on Windows, where the vendor hashes the ANSI code page's bytes).
pub(crate) struct Source {
    text: String,
    bytes: Vec<u8>,
}

impl Source {
    #[cfg(target_os = "macos")]
    fn utf8(text: String) -> Source {
        let bytes = text.clone().into_bytes();
        Source { text, bytes }
    }
}

fn source(algorithm: HardwareIdAlgorithm) -> Result<Source> {
    let source = os::source(algorithm)?;
    if source.bytes.is_empty() {
        // The vendor's generator fails here too (it returns an empty string); never hash "".
        return Err(unavailable(algorithm, "the identifier is empty"));
    }
    Ok(source)
}

/// Lower-case hex SHA-256, as the vendor's generator (picosha2) prints it.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The first line of a file's content without its `\n`, like C++ `std::getline`: nothing else is
/// stripped (a `\r` or spaces stay, as they do in the vendor's generator).
#[cfg(any(target_os = "linux", test))]
fn first_line(content: &[u8]) -> &[u8] {
    match content.iter().position(|&b| b == b'\n') {
        Some(end) => &content[..end],
        None => content,
    }
}

/// The Windows hardware fingerprint (algorithm 1) from its three parts, each the concatenation of
/// its WMI values: base board `Manufacturer` + `SerialNumber`, processor `Name` + `ProcessorId`,
/// disk drive `Model` + `SerialNumber`. `None` when fewer than two parts are non-empty (the
/// vendor's generator fails then); an empty part stays as an empty line remainder.
#[cfg(any(windows, test))]
fn windows_fingerprint(base: &str, cpu: &str, disk: &str) -> Option<String> {
    let known = [base, cpu, disk].iter().filter(|p| !p.is_empty()).count();
    (known >= 2).then(|| format!("BASE >> {base}\nCPU >> {cpu}\nDISK >> {disk}"))
}

/// A UUID as `uuid_unparse_upper` writes it: upper-case hex, dashes after bytes 4, 6, 8, 10.
#[cfg(any(target_os = "macos", test))]
fn uuid_upper(id: &[u8; 16]) -> String {
    let mut out = String::with_capacity(36);
    for (i, b) in id.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push_str(&format!("{b:02X}"));
    }
    out
}

fn unavailable(algorithm: HardwareIdAlgorithm, why: &str) -> Error {
    Error::new(
        Status::LS_ERR_HARDWARE_ID_UNAVAILABLE,
        format!(
            "cannot compute hardware ID algorithm {} ({}): {why}",
            algorithm as i32,
            algorithm.vendor_name()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::HardwareIdAlgorithm as A;
    use super::*;

    #[test]
    fn hashes_like_the_vendor() {
        // sha256("abc")
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // Measured with the vendor's generator 1.8.0: Linux before hash and ID.
        assert_eq!(
            sha256_hex(b"3d1219c7c4c5404aaa1f6d2a48adfda4"),
            "0035969ec53f6e7f0fb40f08cc9ed4783aa99c2000cf1ebe4187c10dd0d8370f"
        );
        // Windows (under Wine), algorithm 0: the computer system product UUID.
        assert_eq!(
            sha256_hex(b"3D1219C7-C4C5-404A-AA1F-6D2A48ADFDA4"),
            "db5cae5e40ffa6da181f4ff065ebd20c1ea4e1eba25187230b337248e3dce962"
        );
    }

    #[test]
    fn formats_the_windows_fingerprint_like_the_vendor() {
        // Measured with the vendor's generator 1.8.0 under Wine 8.0, algorithm 1.
        let text = windows_fingerprint(
            "Intel CorporationNone",
            "AMD EPYC178BFBFF00A00F11",
            "Wine Disk DriveWINEHDISK",
        )
        .unwrap();
        assert_eq!(
            text,
            "BASE >> Intel CorporationNone\nCPU >> AMD EPYC178BFBFF00A00F11\nDISK >> Wine Disk DriveWINEHDISK"
        );
        assert_eq!(
            sha256_hex(text.as_bytes()),
            "50eb6b4bf88999271d03830ce1104da5585819e5f1167972276540c2e2adab3a"
        );
        // Two parts are enough; the missing one stays an empty remainder, nothing is trimmed.
        assert_eq!(
            windows_fingerprint(" M ", "", "D").unwrap(),
            "BASE >>  M \nCPU >> \nDISK >> D"
        );
        assert_eq!(windows_fingerprint("", "", "D"), None);
        assert_eq!(windows_fingerprint("", "", ""), None);
    }

    #[test]
    fn takes_the_first_line_like_getline() {
        assert_eq!(first_line(b"abc\n"), b"abc");
        assert_eq!(first_line(b"abc"), b"abc");
        assert_eq!(first_line(b" abc \r\nsecond\n"), b" abc \r");
        assert_eq!(first_line(b"\nsecond\n"), b"");
        assert_eq!(first_line(b""), b"");
    }

    #[test]
    fn unparses_uuids_in_upper_case() {
        let id = [
            0x3d, 0x12, 0x19, 0xc7, 0xc4, 0xc5, 0x40, 0x4a, 0xaa, 0x1f, 0x6d, 0x2a, 0x48, 0xad,
            0xfd, 0xa4,
        ];
        assert_eq!(uuid_upper(&id), "3D1219C7-C4C5-404A-AA1F-6D2A48ADFDA4");
    }

    #[test]
    fn numbers_follow_the_vendor() {
        for (n, a) in A::ALL.iter().enumerate() {
            assert_eq!(*a as i32, n as i32);
            assert_eq!(A::from_i32(n as i32), Some(*a));
        }
        assert_eq!(
            A::from_i32(5),
            None,
            "the cloud platforms algorithm is absent"
        );
        assert_eq!(A::from_i32(-1), None);
        assert_eq!(A::ALL.len(), 5);
    }

    #[test]
    fn errors_name_the_algorithm() {
        let e = unavailable(A::LS_HARDWARE_ID_WINDOWS_CRYPTOGRAPHY_ID, "why");
        assert_eq!(e.status(), Status::LS_ERR_HARDWARE_ID_UNAVAILABLE);
        assert_eq!(
            e.message(),
            "cannot compute hardware ID algorithm 3 (WindowsCryptographyId): why"
        );
    }

    /// Every algorithm either gives a 64-digit lower-case hex ID that is the hash of its source,
    /// or fails with LS_ERR_HARDWARE_ID_UNAVAILABLE and a message.
    #[test]
    fn ids_hash_their_sources_or_fail_clearly() {
        for a in A::ALL {
            match (source(*a), hardware_id(*a)) {
                (Ok(s), Ok(id)) => {
                    assert!(!s.text.is_empty());
                    assert_eq!(id, sha256_hex(&s.bytes));
                    assert_eq!(id.len(), 64);
                    assert!(id
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
                }
                (Err(e), Err(e2)) => {
                    assert_eq!(e.status(), Status::LS_ERR_HARDWARE_ID_UNAVAILABLE);
                    assert_eq!(e, e2);
                    assert!(e.message().contains("cannot compute hardware ID"));
                }
                (s, id) => panic!(
                    "source and ID disagree for {a:?}: {:?} / {id:?}",
                    s.map(|s| s.text)
                ),
            }
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn linux_hashes_the_first_line_of_etc_machine_id() {
        if let Ok(raw) = std::fs::read("/etc/machine-id") {
            let line = first_line(&raw);
            if !line.is_empty() {
                for a in A::ALL {
                    assert_eq!(hardware_id(*a).unwrap(), sha256_hex(line));
                }
                assert_eq!(default_hardware_id().unwrap(), sha256_hex(line));
            }
        }
    }
}
