//! Response signatures: RSASSA-PKCS1-v1_5 with SHA-256, base64-encoded.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::RsaPrivateKey;

/// Keys are parsed and generated with `rsa`; signing uses `ring`, several times faster, since
/// every activate and check response is signed twice (v1 body field and v2 header).
pub struct Signer {
    key: RsaKeyPair,
    rng: SystemRandom,
    private: RsaPrivateKey,
}

impl Signer {
    /// Load a PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8 (`BEGIN PRIVATE KEY`) PEM.
    pub fn from_pem(pem: &str) -> Result<Signer, String> {
        let private = RsaPrivateKey::from_pkcs1_pem(pem)
            .or_else(|_| RsaPrivateKey::from_pkcs8_pem(pem))
            .map_err(|e| format!("not an RSA private key in PKCS#1 or PKCS#8 PEM: {e}"))?;
        Signer::new(private)
    }

    /// A fresh 2048-bit key.
    pub fn generate() -> Result<Signer, String> {
        let private = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048)
            .map_err(|e| format!("RSA key generation failed: {e}"))?;
        Signer::new(private)
    }

    fn new(private: RsaPrivateKey) -> Result<Signer, String> {
        let der = private
            .to_pkcs8_der()
            .map_err(|e| format!("cannot encode the RSA key: {e}"))?;
        let key = RsaKeyPair::from_pkcs8(der.as_bytes())
            .map_err(|e| format!("unusable RSA key (2048 to 8192 bits are accepted): {e}"))?;
        Ok(Signer {
            key,
            rng: SystemRandom::new(),
            private,
        })
    }

    /// The public half as SPKI PEM (`BEGIN PUBLIC KEY`).
    pub fn public_pem(&self) -> Result<String, String> {
        self.private
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| e.to_string())
    }

    /// base64 PKCS#1 v1.5 SHA-256 signature of `data`.
    pub fn sign(&self, data: &[u8]) -> String {
        let mut signature = vec![0u8; self.key.public().modulus_len()];
        self.key
            .sign(&RSA_PKCS1_SHA256, &self.rng, data, &mut signature)
            .expect("signing with a valid key into a modulus-sized buffer succeeds");
        B64.encode(signature)
    }
}
