//! `X-Hub-Signature-256`: HMAC-SHA256 of the raw body with the app secret.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header Meta signs webhooks with.
pub const HEADER: &str = "x-hub-signature-256";

/// Whether `header` (`sha256=<64 hex>`) is the signature of `body` under `secret`.
/// The comparison is constant-time; a header of the wrong shape is simply wrong.
pub fn verify(secret: &[u8], body: &[u8], header: Option<&str>) -> bool {
    let Some(hex_part) = header.and_then(|it| it.strip_prefix("sha256=")) else { return false };
    let Ok(expected) = hex::decode(hex_part) else { return false };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else { return false };
    mac.update(body);
    // `verify_slice` compares in constant time and rejects other lengths.
    mac.verify_slice(&expected).is_ok()
}

/// Whether `header` has the shape of a signature (`sha256=` and 64 hex digits).
/// Checked before a body is read, so requests that cannot be signed cost nothing.
pub fn well_formed(header: Option<&str>) -> bool {
    header
        .and_then(|it| it.strip_prefix("sha256="))
        .is_some_and(|digest| digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The header value for `body` under `secret`, as Meta would send it (for tests and tools).
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_test_vector() {
        let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
        let expected = "sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756";
        assert_eq!(sign(b"test_app_secret", body), expected);
        assert!(verify(b"test_app_secret", body, Some(expected)));
    }

    #[test]
    fn rejects_wrong_missing_and_malformed_signatures() {
        let body = b"{}";
        let good = sign(b"secret", body);
        assert!(!verify(b"other", body, Some(&good)));
        assert!(!verify(b"secret", b"{ }", Some(&good)));
        assert!(!verify(b"secret", body, None));
        assert!(!verify(b"secret", body, Some("sha256=abc")), "wrong length");
        assert!(!verify(b"secret", body, Some(&good[..good.len() - 2])));
        assert!(!verify(b"secret", body, Some("sha1=00")));
        assert!(!verify(b"secret", body, Some("sha256=zz")));
        // The right digest under another algorithm's name, or with no name at all, is still wrong.
        let digest = good.strip_prefix("sha256=").unwrap();
        for prefix in ["sha1=", "sha512=", "md5=", "=", "", "SHA256=", "sha256 ="] {
            assert!(!verify(b"secret", body, Some(&format!("{prefix}{digest}"))), "{prefix:?}");
        }
        assert!(!verify(b"secret", body, Some(&format!(" {good}"))), "the header is compared as sent");
        assert!(well_formed(Some(&good)));
        for header in [None, Some("sha256=abc"), Some(&good[..good.len() - 1]), Some("sha1=00"), Some(digest)] {
            assert!(!well_formed(header), "{header:?}");
        }
        let not_hex = format!("sha256={}", "g".repeat(64));
        assert!(!well_formed(Some(&not_hex)));
    }
}
