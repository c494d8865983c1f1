//! Response verification: the `LicenseSignature` header is an RSA PKCS#1 v1.5 SHA-256 signature
//! over the exact response body bytes.

use crate::error::{Error, Result};
use crate::status::Status;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ring::signature::{UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
use spki::der::{pem::PemLabel, Decode};
use spki::SubjectPublicKeyInfoRef;

/// The vendor's production public key, which verifies responses from api.licensespring.com.
pub const VENDOR_PUBLIC_KEY_PEM: &str = include_str!("vendor-public-key.pem");

/// OID 1.2.840.113549.1.1.1 (rsaEncryption).
const RSA_ENCRYPTION: spki::ObjectIdentifier =
    spki::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// An RSA public key (2048 to 8192 bits) that verifies response signatures.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// PKCS#1 `RSAPublicKey` DER, the form ring verifies with.
    pkcs1_der: Vec<u8>,
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({} DER bytes)", self.pkcs1_der.len())
    }
}

impl PublicKey {
    /// Parses a PEM public key: `BEGIN PUBLIC KEY` (SPKI) or `BEGIN RSA PUBLIC KEY` (PKCS#1).
    pub fn from_pem(pem: &str) -> Result<PublicKey> {
        let bad = |why: String| Error::invalid_argument(format!("public key: {why}"));
        let pem = pem.trim();
        if pem.contains("-----BEGIN RSA PUBLIC KEY-----") {
            let (label, der) = spki::der::pem::decode_vec(pem.as_bytes())
                .map_err(|e| bad(format!("not valid PEM ({e})")))?;
            if label != "RSA PUBLIC KEY" {
                return Err(bad(format!("unexpected PEM label {label}")));
            }
            return Ok(PublicKey { pkcs1_der: der });
        }
        let doc = spki::Document::from_pem(pem)
            .map_err(|e| bad(format!("not a PEM SubjectPublicKeyInfo ({e})")))?;
        if doc.0 != spki::SubjectPublicKeyInfoOwned::PEM_LABEL {
            return Err(bad(format!("unexpected PEM label {}", doc.0)));
        }
        let info = SubjectPublicKeyInfoRef::from_der(doc.1.as_bytes())
            .map_err(|e| bad(format!("not a SubjectPublicKeyInfo ({e})")))?;
        if info.algorithm.oid != RSA_ENCRYPTION {
            return Err(bad(format!(
                "not an RSA key (algorithm {})",
                info.algorithm.oid
            )));
        }
        let bits = info
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| bad("key bits are not whole bytes".into()))?;
        Ok(PublicKey {
            pkcs1_der: bits.to_vec(),
        })
    }

    /// The vendor's production key.
    pub fn vendor() -> PublicKey {
        PublicKey::from_pem(VENDOR_PUBLIC_KEY_PEM).expect("the embedded vendor key parses")
    }

    /// SHA-256 of the key (PKCS#1 DER): what the license store binds its files to.
    pub(crate) fn fingerprint(&self) -> [u8; 32] {
        use sha2::Digest;
        sha2::Sha256::digest(&self.pkcs1_der).into()
    }

    /// Verifies a base64 `LicenseSignature` header value over `body`.
    pub fn verify(&self, body: &[u8], signature_b64: &str) -> Result<()> {
        let signature = BASE64.decode(signature_b64.trim()).map_err(|_| {
            Error::new(
                Status::LS_ERR_SIGNATURE_INVALID,
                "the LicenseSignature header is not valid base64",
            )
        })?;
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &self.pkcs1_der)
            .verify(body, &signature)
            .map_err(|_| {
                Error::new(
                    Status::LS_ERR_SIGNATURE_INVALID,
                    "the LicenseSignature header does not verify over the response body",
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_key_parses() {
        let key = PublicKey::vendor();
        assert!(key.pkcs1_der.len() > 500, "a 4096-bit key");
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(
            PublicKey::from_pem("hello").unwrap_err().status(),
            Status::LS_ERR_INVALID_ARGUMENT
        );
    }

    #[test]
    fn wrong_signature_is_invalid() {
        let key = PublicKey::vendor();
        let err = key.verify(b"{}", "AAAA").unwrap_err();
        assert_eq!(err.status(), Status::LS_ERR_SIGNATURE_INVALID);
        let err = key.verify(b"{}", "not base64!").unwrap_err();
        assert_eq!(err.status(), Status::LS_ERR_SIGNATURE_INVALID);
    }
}
