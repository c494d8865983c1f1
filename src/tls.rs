//! TLS set-up: rustls with the operating system's trusted certificates plus any extra CA file.
//!
//! Reading and parsing every file of the system's certificate store was most of the cost of
//! creating a client, so it is done once per process and only when the first TLS handshake needs
//! it: a client that only speaks plain HTTP (an on-premise server, `ls-emulator`) never pays it.

use crate::error::{Error, Result};
use crate::status::Status;
use once_cell::sync::Lazy;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{ring::default_provider, CryptoProvider};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The operating system's trusted certificates, loaded on first use. Certificates the store
/// cannot parse are skipped, as browsers and curl do.
static SYSTEM_ROOTS: Lazy<Arc<RootCertStore>> = Lazy::new(|| {
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    Arc::new(roots)
});

/// The certificates of a PEM file given as an extra trust anchor.
pub fn read_ca_file(path: &Path) -> Result<Vec<CertificateDer<'static>>> {
    let pem = std::fs::read(path)
        .map_err(|e| Error::invalid_argument(format!("extra CA file {}: {e}", path.display())))?;
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|_| {
            Error::invalid_argument(format!(
                "extra CA file {}: not PEM certificates",
                path.display()
            ))
        })?;
    if certs.is_empty() {
        return Err(Error::invalid_argument(format!(
            "extra CA file {}: no certificate in it",
            path.display()
        )));
    }
    Ok(certs)
}

/// A client TLS configuration trusting the system store plus `extra` (TLS 1.2 and 1.3,
/// HTTP/1.1 only). The trust store is built at the first handshake.
pub fn client_config(extra: Vec<CertificateDer<'static>>) -> Result<ClientConfig> {
    // Refuse an unusable extra CA now, not at the first handshake.
    let mut check = RootCertStore::empty();
    for cert in &extra {
        check.add(cert.clone()).map_err(|e| {
            Error::invalid_argument(format!("extra CA certificate is not usable ({e})"))
        })?;
    }
    let provider = Arc::new(default_provider());
    let verifier = Arc::new(LazyWebPkiVerifier {
        extra,
        provider: Arc::clone(&provider),
        inner: OnceLock::new(),
    });
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::new(Status::LS_ERR_TLS, format!("cannot set up TLS: {e}")))?
        .dangerous() // not dangerous here: every decision is delegated to rustls' WebPKI verifier
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// rustls' standard WebPKI verifier, built on first use from the system roots plus the extra CA
/// certificates. Handshake signatures do not depend on the roots and are checked directly.
#[derive(Debug)]
struct LazyWebPkiVerifier {
    extra: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
    inner: OnceLock<std::result::Result<Arc<WebPkiServerVerifier>, rustls::Error>>,
}

impl LazyWebPkiVerifier {
    fn inner(&self) -> std::result::Result<&Arc<WebPkiServerVerifier>, rustls::Error> {
        self.inner
            .get_or_init(|| {
                let mut roots = (**SYSTEM_ROOTS).clone();
                for cert in &self.extra {
                    roots
                        .add(cert.clone())
                        .map_err(|e| rustls::Error::General(format!("extra CA: {e}")))?;
                }
                WebPkiServerVerifier::builder_with_provider(
                    Arc::new(roots),
                    Arc::clone(&self.provider),
                )
                .build()
                .map_err(|e| rustls::Error::General(e.to_string()))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

impl ServerCertVerifier for LazyWebPkiVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        self.inner()?
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
