//! TLS set-up: rustls with the operating system's trusted certificates plus any extra CA file.
//!
//! The system store is read once per process and shared: reading and parsing every file under
//! the system's certificate directory was most of the cost of creating a client.

use crate::error::{Error, Result};
use crate::status::Status;
use once_cell::sync::Lazy;
use rustls::crypto::ring::default_provider;
use rustls::{ClientConfig, RootCertStore};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use std::path::Path;
use std::sync::Arc;

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
/// HTTP/1.1 only).
pub fn client_config(extra: Vec<CertificateDer<'static>>) -> Result<ClientConfig> {
    let roots = if extra.is_empty() {
        Arc::clone(&SYSTEM_ROOTS)
    } else {
        let mut roots = (**SYSTEM_ROOTS).clone();
        for cert in extra {
            roots.add(cert).map_err(|e| {
                Error::invalid_argument(format!("extra CA certificate is not usable ({e})"))
            })?;
        }
        Arc::new(roots)
    };
    let mut config = ClientConfig::builder_with_provider(Arc::new(default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::new(Status::LS_ERR_TLS, format!("cannot set up TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}
