//! The store file, version 1, and the seal that authenticates it.
//!
//! ```text
//! offset  size  content
//!      0     8  magic: 89 4C 53 53 54 4F 52 45 ("\x89LSSTORE")
//!      8     2  format version, u16 little-endian: 1
//!     10     2  flags, u16 little-endian: 0
//!     12     4  B = length of the server's body, u32 little-endian (at most 2 MiB)
//!     16     4  S = length of the signature, u32 little-endian (at most 4 KiB)
//!     20     4  T = length of the local state, u32 little-endian (at most 64 KiB)
//!     24     B  the server's body: the exact bytes its RSA signature covers
//!   24+B     S  the signature: base64 RSA PKCS#1 v1.5 SHA-256 (empty when the client does not verify)
//! 24+B+S     T  the local state: a JSON object (UTF-8), see `State`
//!  end-32   32  seal: HMAC-SHA256(seal key, every byte before it)
//! ```
//! The file is exactly `24 + B + S + T + 32` bytes. The seal key is
//! `HMAC-SHA256(key = shared key, message = "licensespring-native store seal v1" 0x00
//! || u32le(len) api key || u32le(len) product || u32le(len) hardware ID || SHA-256(the RSA public
//! key, PKCS#1 DER; 32 zero bytes when the client does not verify))`: it binds the file to the
//! vendor's keys, the product and the device without ever writing a secret into it. The guard
//! of a pending offline activation (`.guard`) has the same layout with magic `"\x89LSGUARD"`, an
//! empty body and signature, and the request in the state.

use crate::error::{Error, Result};
use crate::status::Status;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

pub const STORE_MAGIC: &[u8; 8] = b"\x89LSSTORE";
pub const GUARD_MAGIC: &[u8; 8] = b"\x89LSGUARD";
pub const VERSION: u16 = 1;
const HEADER: usize = 24;
const SEAL: usize = 32;
pub const MAX_BODY: usize = crate::client::MAX_RESPONSE_BYTES as usize;
pub const MAX_SIGNATURE: usize = 4096;
pub const MAX_STATE: usize = 64 * 1024;
/// The largest file this format allows.
pub const MAX_FILE: usize = HEADER + MAX_BODY + MAX_SIGNATURE + MAX_STATE + SEAL;

/// The key that seals a store file (and a guard file) for one product, device and client.
#[derive(Clone, PartialEq, Eq)]
pub struct SealKey([u8; 32]);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(<redacted>)")
    }
}

impl SealKey {
    pub fn derive(
        shared_key: &str,
        api_key: &str,
        product: &str,
        hardware_id: &str,
        public_key_hash: [u8; 32],
    ) -> SealKey {
        let mut mac = Hmac::<Sha256>::new_from_slice(shared_key.as_bytes())
            .expect("HMAC-SHA256 takes keys of any length");
        mac.update(b"licensespring-native store seal v1\0");
        for part in [api_key, product, hardware_id] {
            mac.update(&(part.len() as u32).to_le_bytes());
            mac.update(part.as_bytes());
        }
        mac.update(&public_key_hash);
        SealKey(mac.finalize().into_bytes().into())
    }

    fn seal(&self, bytes: &[u8]) -> [u8; 32] {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC-SHA256 takes keys of any length");
        mac.update(bytes);
        mac.finalize().into_bytes().into()
    }

    fn verifies(&self, bytes: &[u8], seal: &[u8]) -> bool {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC-SHA256 takes keys of any length");
        mac.update(bytes);
        mac.verify_slice(seal).is_ok()
    }
}

/// The local state kept beside the server's answer. Times are milliseconds since the Unix epoch
/// (UTC); 0 or absent means never.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// The product the license is for.
    pub product: String,
    /// The device the license is for.
    pub hardware_id: String,
    /// When this state was written.
    pub saved_at: i64,
    /// The last successful activation or online check.
    pub last_check: i64,
    /// The latest time the license was used; a clock behind it has been set back.
    pub last_use: i64,
    /// When the server first failed to answer since the last success (the grace window's start).
    pub grace_start: Option<i64>,
    /// When the floating seat ends unless an online check renews it.
    pub floating_end: Option<i64>,
    /// Consumptions recorded here and not yet sent to the server.
    pub local_consumptions: i64,
    /// Whether the license came from an offline `.lic` file.
    pub offline_activated: bool,
    /// The server's error code that revoked the license (`license_not_enabled`, ...), if any.
    pub revoked: Option<String>,
    /// When the revocation was recorded.
    pub revoked_at: Option<i64>,
}

/// A pending offline activation: the request made on this machine that a `.lic` must answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Guard {
    pub request_id: String,
    pub product: String,
    pub hardware_id: String,
    pub created: i64,
}

fn tampered(why: impl Into<String>) -> Error {
    Error::new(Status::LS_ERR_LICENSE_FILE_TAMPERED, why.into())
}

/// Writes the file for `body`, `signature` and `state`, sealed with `key`.
pub fn encode(
    magic: &[u8; 8],
    key: &SealKey,
    body: &[u8],
    signature: &str,
    state: &[u8],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + body.len() + signature.len() + state.len() + SEAL);
    out.extend_from_slice(magic);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    for part in [body, signature.as_bytes(), state] {
        out.extend_from_slice(&(part.len() as u32).to_le_bytes());
    }
    out.extend_from_slice(body);
    out.extend_from_slice(signature.as_bytes());
    out.extend_from_slice(state);
    let seal = key.seal(&out);
    out.extend_from_slice(&seal);
    out
}

/// The seal `key` gives `bytes`.
pub fn encode_raw_seal(key: &SealKey, bytes: &[u8]) -> [u8; 32] {
    key.seal(bytes)
}

/// The parts of a file whose structure is sound, before its seal is checked.
pub struct Parts<'a> {
    pub version: u16,
    pub body: &'a [u8],
    pub signature: &'a [u8],
    pub state: &'a [u8],
    sealed: &'a [u8],
    seal: &'a [u8],
}

impl Parts<'_> {
    pub fn sealed_by(&self, key: &SealKey) -> bool {
        key.verifies(self.sealed, self.seal)
    }
}

/// Splits a file into its parts, checking its magic, its lengths and its size; every failure is
/// `LS_ERR_LICENSE_FILE_TAMPERED` with a message saying what is wrong.
pub fn split<'a>(magic: &[u8; 8], what: &str, bytes: &'a [u8]) -> Result<Parts<'a>> {
    if bytes.is_empty() {
        return Err(tampered(format!("the {what} is empty")));
    }
    if bytes.len() < 8 || &bytes[..8] != magic {
        return Err(tampered(format!(
            "the {what} is not a licensespring-native {what} (its first bytes differ)"
        )));
    }
    if bytes.len() < HEADER + SEAL {
        return Err(tampered(format!(
            "the {what} is truncated ({} bytes)",
            bytes.len()
        )));
    }
    if bytes.len() > MAX_FILE {
        return Err(tampered(format!(
            "the {what} is larger than the format allows"
        )));
    }
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at = |i: usize| {
        u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize
    };
    let version = u16_at(8);
    let (b, s, t) = (u32_at(12), u32_at(16), u32_at(20));
    let sealed_len = bytes.len() - SEAL;
    let lengths_ok = u16_at(10) == 0
        && b <= MAX_BODY
        && s <= MAX_SIGNATURE
        && t <= MAX_STATE
        && HEADER + b + s + t == sealed_len;
    if !lengths_ok {
        // A file of a newer version may lay its parts out differently; only the seal can say
        // whether it is intact, so the caller checks it before reporting the version.
        let (sealed, seal) = bytes.split_at(sealed_len);
        return Ok(Parts {
            version: if version == VERSION { 0 } else { version },
            body: &[],
            signature: &[],
            state: &[],
            sealed,
            seal,
        });
    }
    let (sealed, seal) = bytes.split_at(sealed_len);
    let body = &sealed[HEADER..HEADER + b];
    let signature = &sealed[HEADER + b..HEADER + b + s];
    let state = &sealed[HEADER + b + s..];
    Ok(Parts {
        version,
        body,
        signature,
        state,
        sealed,
        seal,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(hw: &str) -> SealKey {
        SealKey::derive("shared", "api", "demo", hw, [7; 32])
    }

    #[test]
    fn round_trip_and_every_flip_breaks_the_seal() {
        let bytes = encode(
            STORE_MAGIC,
            &key("hw"),
            b"{\"id\":1}",
            "c2ln",
            b"{\"product\":\"demo\"}",
        );
        assert_eq!(bytes.len(), 24 + 8 + 4 + 18 + 32);
        let parts = split(STORE_MAGIC, "store file", &bytes).unwrap();
        assert!(parts.sealed_by(&key("hw")));
        assert!(!parts.sealed_by(&key("other")));
        assert_eq!(parts.body, b"{\"id\":1}");
        assert_eq!(parts.signature, b"c2ln");
        for i in 0..bytes.len() {
            let mut copy = bytes.clone();
            copy[i] ^= 0x01;
            let ok = match split(STORE_MAGIC, "store file", &copy) {
                Ok(p) => p.version == VERSION && p.sealed_by(&key("hw")),
                Err(e) => {
                    assert_eq!(e.status(), Status::LS_ERR_LICENSE_FILE_TAMPERED);
                    false
                }
            };
            assert!(!ok, "flipping byte {i} went unnoticed");
        }
        assert!(split(STORE_MAGIC, "store file", b"").is_err());
        assert!(split(STORE_MAGIC, "store file", &bytes[..40]).is_err());
        assert!(split(GUARD_MAGIC, "guard file", &bytes).is_err());
    }
}
