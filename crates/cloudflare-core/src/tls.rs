//! Extra certificate authorities for the clients' TLS: parsed and checked here (pure parsing,
//! no IO), handed to rustls by each client's builder.

use std::fmt;

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

use crate::error::Error;

/// Certificate authorities to trust, from PEM: for a TLS-inspecting corporate proxy or gateway,
/// or a private endpoint in front of the API. Added with `ClientBuilder::add_root_certificates`,
/// they are trusted besides the bundled webpki roots (or instead of them, with
/// `ClientBuilder::built_in_roots(false)`). Certificate verification stays on.
///
/// ```no_run
/// use cloudflare_core::tls::RootCertificates;
///
/// let corporate = RootCertificates::from_pem(std::fs::read("/etc/ssl/corporate-ca.pem")?)?;
/// // Then: `Client::builder(options).add_root_certificates(corporate).build()?` in either client.
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct RootCertificates {
    certs: Vec<CertificateDer<'static>>,
}

impl RootCertificates {
    /// Every `CERTIFICATE` block in `pem` (other blocks, such as keys, are skipped). Fails with
    /// [`Error::Configuration`] if a block is malformed, if there is no certificate, or if a
    /// certificate cannot serve as a trust anchor.
    pub fn from_pem(pem: impl AsRef<[u8]>) -> Result<Self, Error> {
        let certs = CertificateDer::pem_slice_iter(pem.as_ref())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| configuration(format!("invalid PEM: {e}")))?;
        if certs.is_empty() {
            return Err(configuration(
                "no CERTIFICATE block in the PEM data".to_owned(),
            ));
        }
        for cert in &certs {
            webpki::anchor_from_trusted_cert(cert)
                .map_err(|e| configuration(format!("a PEM certificate is not a usable CA: {e}")))?;
        }
        Ok(RootCertificates { certs })
    }

    /// These certificates and `other`'s.
    pub fn merged(mut self, other: RootCertificates) -> Self {
        self.certs.extend(other.certs);
        self
    }

    /// How many certificates there are.
    pub fn len(&self) -> usize {
        self.certs.len()
    }

    /// Whether there are none (only [`RootCertificates::default`] is empty).
    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }

    /// The certificates, DER-encoded, for the TLS library.
    pub fn certs(&self) -> &[CertificateDer<'static>] {
        &self.certs
    }
}

impl fmt::Debug for RootCertificates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RootCertificates")
            .field("len", &self.certs.len())
            .finish()
    }
}

fn configuration(message: String) -> Error {
    Error::Configuration {
        source: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_without_a_certificate_is_refused() {
        for pem in [
            &b""[..],
            b"not pem at all",
            b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        ] {
            let err = RootCertificates::from_pem(pem).unwrap_err();
            assert!(matches!(err, Error::Configuration { .. }), "{err:?}");
        }
    }

    #[test]
    fn a_certificate_that_is_not_der_is_refused() {
        let pem = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        let err = RootCertificates::from_pem(pem).unwrap_err();
        assert!(err.to_string().contains("not a usable CA"), "{err}");
    }
}
