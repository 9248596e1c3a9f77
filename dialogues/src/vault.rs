//! NIKs at rest: sealed with ChaCha20-Poly1305 (RustCrypto) before they reach
//! sled, so no full NIK is ever written to disk in the clear, not even in the
//! stale copies a log-structured store keeps for a while.
//!
//! The key comes from `CEKBAE_DATA_KEY` (any passphrase; SHA-256 makes the
//! 256-bit key) — keep it outside the data directory. Without it, a random key
//! is made once and kept in the database (`meta/nik_key`), which protects
//! exports and logs but not a copy of the whole directory. `CEKBAE_DATA_KEY_OLD`
//! lets a new key read what the old one sealed, for rotation.

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

    /// The vault of a database without `CEKBAE_DATA_KEY`: a random key made once, kept in `meta`.
    pub fn from_db(db: &sled::Db) -> Result<Self, sled::Error> {
        let meta = db.open_tree("meta")?;
        let key = match meta.get("nik_key")? {
            Some(key) => key.to_vec(),
            None => {
                let key = ChaCha20Poly1305::generate_key(&mut OsRng).to_vec();
                // Two processes never share a directory (sled locks it), so a plain insert is safe.
                meta.insert("nik_key", key.as_slice())?;
                meta.flush()?;
                key
            }
        };
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

    #[test]
    fn a_database_keeps_its_own_key() {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::Config::new().path(dir.path()).open().unwrap();
        let sealed = NikVault::from_db(&db).unwrap().seal("3201014502900003");
        assert_eq!(NikVault::from_db(&db).unwrap().open(&sealed).as_deref(), Some("3201014502900003"));
    }
}
