//! TLS to the database when the URL asks for it (`sslmode=require`): rustls with the ring provider and the
//! Mozilla roots (the same stack as the channels' HTTPS clients), verifying the server's certificate.

use std::sync::Arc;

use cekbae_bot::storage::StorageError;
use tokio_postgres_rustls::MakeRustlsConnect;

/// The connector for `sslmode=require`.
pub(crate) fn connector() -> Result<MakeRustlsConnect, StorageError> {
    let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(StorageError::unavailable)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}
