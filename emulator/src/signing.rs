//! Response signatures: RSASSA-PKCS1-v1_5 with SHA-256, base64-encoded.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use rsa::sha2::Sha256;
use rsa::signature::{SignatureEncoding, Signer as _};
use rsa::RsaPrivateKey;

pub struct Signer {
    key: SigningKey<Sha256>,
    private: RsaPrivateKey,
}

impl Signer {
    /// Load a PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8 (`BEGIN PRIVATE KEY`) PEM.
    pub fn from_pem(pem: &str) -> Result<Signer, String> {
        let private = RsaPrivateKey::from_pkcs1_pem(pem)
            .or_else(|_| RsaPrivateKey::from_pkcs8_pem(pem))
            .map_err(|e| format!("not an RSA private key in PKCS#1 or PKCS#8 PEM: {e}"))?;
        Ok(Signer::new(private))
    }

    /// A fresh 2048-bit key.
    pub fn generate() -> Result<Signer, String> {
        let private = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048)
            .map_err(|e| format!("RSA key generation failed: {e}"))?;
        Ok(Signer::new(private))
    }

    fn new(private: RsaPrivateKey) -> Signer {
        Signer {
            key: SigningKey::<Sha256>::new(private.clone()),
            private,
        }
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
        B64.encode(self.key.sign(data).to_bytes())
    }
}
