//! NIKs at rest: sealed with ChaCha20-Poly1305 (RustCrypto) before they reach
//! storage, so no full NIK is ever written to disk in the clear, not even in the
//! stale copies a log-structured store keeps for a while.
//!
//! The key comes from `CEKBAE_DATA_KEY` (any passphrase; SHA-256 makes the
//! 256-bit key) — keep it outside the data directory. Without it, a random key
//! is made once and kept by the store ([`cekbae_bot::storage::Keys::data_key`]),
//! which protects exports and logs but not a copy of the whole directory. `CEKBAE_DATA_KEY_OLD`
//! lets a new key read what the old one sealed, for rotation.

use cekbae_bot::storage::{Keys, StorageError};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};

/// Marks a sealed value: `nik1:<hex of nonce ‖ ciphertext>`.
pub const SEALED_PREFIX: &str = "nik1:";
const NONCE_LEN: usize = 12;

/// Seals and opens NIKs.
#[derive(Clone)]
pub struct NikVault {
    cipher: ChaCha20Poly1305,
    old: Option<ChaCha20Poly1305>,
}

impl std::fmt::Debug for NikVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NikVault(..)")
    }
}

fn cipher_from_secret(secret: &[u8]) -> ChaCha20Poly1305 {
    let digest = Sha256::digest(secret);
    ChaCha20Poly1305::new(Key::from_slice(&digest))
}

impl NikVault {
    /// A vault keyed by a passphrase (e.g. `CEKBAE_DATA_KEY`), optionally able to read an old one's seals.
    pub fn from_secret(secret: &str, old: Option<&str>) -> Self {
        Self { cipher: cipher_from_secret(secret.as_bytes()), old: old.map(|it| cipher_from_secret(it.as_bytes())) }
    }

    /// The vault of a store without `CEKBAE_DATA_KEY`: its own random key, made once ([`Keys::data_key`]).
    pub fn from_store(keys: &dyn Keys) -> Result<Self, StorageError> {
        let key = keys.data_key()?;
        Ok(Self { cipher: cipher_from_secret(&key), old: None })
    }

    /// Seals a NIK for storage.
    pub fn seal(&self, nik: &str) -> String {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        // Encrypting a short string with a fresh nonce cannot fail.
        let sealed = self.cipher.encrypt(&nonce, nik.as_bytes()).unwrap_or_default();
        let mut bytes = nonce.to_vec();
        bytes.extend(sealed);
        format!("{SEALED_PREFIX}{}", hex::encode(bytes))
    }

    /// Opens a stored value: a sealed NIK, or a value stored in the clear
    /// (masked NIKs, data written before sealing existed). `None` when it is
    /// sealed with a key this vault does not have.
    pub fn open(&self, stored: &str) -> Option<String> {
        let Some(hex_part) = stored.strip_prefix(SEALED_PREFIX) else { return Some(stored.to_owned()) };
        let bytes = hex::decode(hex_part).ok()?;
        if bytes.len() <= NONCE_LEN {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::from_slice(nonce);
        let plain = self
            .cipher
            .decrypt(nonce, ciphertext)
            .ok()
            .or_else(|| self.old.as_ref().and_then(|old| old.decrypt(nonce, ciphertext).ok()))?;
        String::from_utf8(plain).ok()
    }

    /// The same keys as a [`cekbae_bot::storage::Vault`], so the store seals residents' words with the key
    /// that seals NIKs.
    pub fn data_vault(&self) -> cekbae_bot::storage::Vault {
        cekbae_bot::storage::Vault::new(self.cipher.clone(), self.old.clone())
    }

    /// The masked form of a stored NIK (`************0003`), for display.
    pub fn masked(&self, stored: &str) -> String {
        match self.open(stored) {
            Some(nik) => crate::nik::mask(&nik),
            None => "****************".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_opens_and_rotates() {
        let vault = NikVault::from_secret("rahasia kantor", None);
        let sealed = vault.seal("3201014502900003");
        assert!(sealed.starts_with(SEALED_PREFIX));
        assert!(!sealed.contains("3201014502900003"));
        assert_ne!(sealed, vault.seal("3201014502900003"), "a fresh nonce every time");
        assert_eq!(vault.open(&sealed).as_deref(), Some("3201014502900003"));
        assert_eq!(vault.masked(&sealed), "************0003");
        assert_eq!(vault.open("************0003").as_deref(), Some("************0003"), "clear values pass");
        let other = NikVault::from_secret("kunci lain", None);
        assert_eq!(other.open(&sealed), None, "another key cannot read it");
        let rotated = NikVault::from_secret("kunci baru", Some("rahasia kantor"));
        assert_eq!(rotated.open(&sealed).as_deref(), Some("3201014502900003"), "the old key still reads");
        assert_eq!(vault.open("nik1:zz"), None);
        assert_eq!(vault.open("nik1:00"), None);
    }

    /// Key material as a store keeps it.
    struct OneKey(Vec<u8>);

    impl Keys for OneKey {
        fn data_key(&self) -> Result<Vec<u8>, StorageError> {
            Ok(self.0.clone())
        }
        fn pseudonym_salt(&self) -> Result<Vec<u8>, StorageError> {
            Ok(vec![0; 32])
        }
    }

    #[test]
    fn a_store_keeps_its_own_key_and_seals_words_with_it() {
        let keys = OneKey(b"the store's own random key".to_vec());
        let sealed = NikVault::from_store(&keys).unwrap().seal("3201014502900003");
        let vault = NikVault::from_store(&keys).unwrap();
        assert_eq!(vault.open(&sealed).as_deref(), Some("3201014502900003"));
        let words = cekbae_bot::storage::Sealer::seal(&vault.data_vault(), b"NIK saya 3201014502900003");
        let store_vault = cekbae_bot::storage::Vault::from_key_material(&keys.0);
        let opened = cekbae_bot::storage::Sealer::open(&store_vault, &words);
        assert_eq!(opened.as_deref(), Some(&b"NIK saya 3201014502900003"[..]), "one key for NIKs and words");
    }
}
