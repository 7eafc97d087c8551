//! The TLS choices the crate features make: the crypto provider, and the certificates trusted
//! by default. Passed explicitly to rustls, so no process-level `CryptoProvider` is ever needed
//! or consulted, whatever else the program links.

use std::sync::Arc;

use cloudflare_core::Error;
use cloudflare_core::tls::RootCertificates;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::CertificateDer;

#[cfg(not(any(feature = "ring", feature = "aws-lc-rs")))]
compile_error!("enable a TLS crypto provider: the `ring` feature (default) or `aws-lc-rs`");

/// The crypto provider: aws-lc-rs when its feature is on, else ring.
pub(crate) fn provider() -> Arc<CryptoProvider> {
    #[cfg(feature = "aws-lc-rs")]
    let provider = rustls::crypto::aws_lc_rs::default_provider();
    #[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
    let provider = rustls::crypto::ring::default_provider();
    Arc::new(provider)
}

/// The certificates to trust: the built-in ones (webpki's bundled roots and the operating
/// system's store, as the features say) unless `built_in` is false, and `extra`.
pub(crate) fn trusted_roots(
    extra: &RootCertificates,
    built_in: bool,
) -> Result<Vec<CertificateDer<'static>>, Error> {
    let mut roots: Vec<CertificateDer<'static>> = Vec::new();
    #[cfg(feature = "webpki-roots")]
    if built_in {
        roots.extend(webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().cloned());
    }
    #[cfg(feature = "native-roots")]
    if built_in {
        roots.extend(native_roots());
    }
    roots.extend(extra.certs().iter().cloned());
    if roots.is_empty() {
        return Err(Error::Configuration {
            source: format!(
                "no trusted root: {}, and no certificate was added (ClientBuilder::add_root_certificates)",
                if !built_in {
                    "built-in roots are off"
                } else if cfg!(feature = "native-roots") {
                    "the operating system's store has none"
                } else {
                    "the crate was built with neither `webpki-roots` nor `native-roots`"
                }
            )
            .into(),
        });
    }
    Ok(roots)
}

/// The operating system's trusted certificates (`SSL_CERT_FILE` / `SSL_CERT_DIR` when set, as
/// OpenSSL reads them), read when a client is built; a certificate that cannot be read is
/// skipped with a warning.
#[cfg(feature = "native-roots")]
fn native_roots() -> Vec<CertificateDer<'static>> {
    let found = rustls_native_certs::load_native_certs();
    for error in &found.errors {
        tracing::warn!(%error, "cloudflare: a certificate of the operating system's store was skipped");
    }
    found.certs
}
