//! Sealing at rest: everything a backend stores that may carry a resident's words (the inbox, the outbox,
//! handover conversations, sessions, dialogue records) is sealed with ChaCha20-Poly1305 before it is written,
//! so a copy of the data files or a database dump holds no message text, no NIK, in the clear.
//!
//! Backends call a [`Sealer`]; [`Vault`] is the one implementation (RustCrypto's `chacha20poly1305`). Its key
//! is the database's own (kept by [`crate::storage::Keys::data_key`], for the console and tests) unless the
//! operator gives one (`CEKBAE_DATA_KEY`), which then wins.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};

/// Seals and opens bytes a backend keeps at rest.
pub trait Sealer: Send + Sync {
    /// The sealed form of `plain` (a fresh nonce every time).
    fn seal(&self, plain: &[u8]) -> Vec<u8>;

    /// The plain bytes of a sealed value; `None` when it was sealed with a key this sealer does not have, or
    /// is damaged.
    fn open(&self, sealed: &[u8]) -> Option<Vec<u8>>;
}

/// ChaCha20-Poly1305 with a current key and, during a key rotation, older ones (read only).
/// Sealed form: 12-byte nonce ‖ ciphertext with its tag.
#[derive(Clone)]
pub struct Vault {
    current: ChaCha20Poly1305,
    readers: Vec<ChaCha20Poly1305>,
}

const NONCE_LEN: usize = 12;

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(..)")
    }
}

impl Vault {
    /// A vault over ready ciphers: `current` seals, `readers` only open (the NIK vault hands over its own,
    /// so one key seals everything).
    pub fn new(current: ChaCha20Poly1305, readers: Vec<ChaCha20Poly1305>) -> Self {
        Self { current, readers }
    }

    /// A vault keyed by stored key material (SHA-256 of it makes the 256-bit key, as the NIK vault does with
    /// the database's own key).
    pub fn from_key_material(material: &[u8]) -> Self {
        Self::new(ChaCha20Poly1305::new(Key::from_slice(&Sha256::digest(material))), Vec::new())
    }

    /// 32 random bytes from the operating system, for a database's own key.
    pub fn random_key() -> Vec<u8> {
        ChaCha20Poly1305::generate_key(&mut OsRng).to_vec()
    }
}

impl Sealer for Vault {
    fn seal(&self, plain: &[u8]) -> Vec<u8> {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        // Encryption with a fresh nonce fails only for inputs beyond 256 GiB.
        let sealed = self.current.encrypt(&nonce, plain).unwrap_or_default();
        let mut res = nonce.to_vec();
        res.extend(sealed);
        res
    }

    fn open(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() <= NONCE_LEN {
            return None;
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let nonce = Nonce::from_slice(nonce);
        self.current
            .decrypt(nonce, ciphertext)
            .ok()
            .or_else(|| self.readers.iter().find_map(|reader| reader.decrypt(nonce, ciphertext).ok()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_with_a_fresh_nonce_opens_and_reads_the_old_key() {
        let vault = Vault::from_key_material(b"kunci kantor");
        let sealed = vault.seal(b"NIK saya 3201014502900003");
        assert!(!sealed.windows(16).any(|w| w == b"3201014502900003"));
        assert_ne!(sealed, vault.seal(b"NIK saya 3201014502900003"));
        assert_eq!(vault.open(&sealed).as_deref(), Some(&b"NIK saya 3201014502900003"[..]));
        assert_eq!(Vault::from_key_material(b"kunci lain").open(&sealed), None);
        let old = ChaCha20Poly1305::new(Key::from_slice(&Sha256::digest(b"kunci kantor")));
        let rotated = Vault::new(ChaCha20Poly1305::new(Key::from_slice(&[7; 32])), vec![old]);
        assert!(rotated.open(&sealed).is_some(), "the previous key still reads");
        assert_eq!(vault.open(b"short"), None);
    }
}
