//! NIKs at rest: sealed with ChaCha20-Poly1305 (RustCrypto) before they reach
//! storage, so no full NIK is ever written to disk in the clear, not even in the
//! stale copies a log-structured store keeps for a while.
//!
//! The key is a [`DataKey`]: 32 random bytes, from `CEKBAE_DATA_KEY` (64 hex
//! digits or base64, as `cekbae keygen` prints), kept outside the data
//! directory. A passphrase is refused: one unsalted hash of it, as earlier
//! versions made, falls to a guessing attack in hours. Without a key (the
//! console, tests) a random key is made once and kept by the store
//! ([`cekbae_bot::storage::Keys::data_key`]), which protects exports and logs but not a copy of the
//! whole directory. A vault can also *read* with older keys (rotation, and
//! data sealed by earlier versions); it always seals with its own key.

use base64::Engine as _;
use cekbae_bot::storage::{Keys, StorageError};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};

/// Marks a sealed value: `nik1:<hex of nonce ‖ ciphertext>`.
pub const SEALED_PREFIX: &str = "nik1:";
const NONCE_LEN: usize = 12;
const KEY_LEN: usize = 32;

/// A 256-bit random key for sealing NIKs.
#[derive(Clone, PartialEq, Eq)]
pub struct DataKey([u8; KEY_LEN]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

/// Why a text is not a [`DataKey`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a 32-byte key written as 64 hex digits or in base64 (a passphrase is not accepted)")]
pub struct NotAKey;

impl DataKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Self {
        let key = ChaCha20Poly1305::generate_key(&mut OsRng);
        let mut bytes = [0u8; KEY_LEN];
        bytes.copy_from_slice(&key);
        Self(bytes)
    }

    /// Reads a key written as 64 hex digits or as base64 (standard or URL-safe,
    /// padded or not) of exactly 32 bytes; whitespace around it is ignored.
    pub fn parse(text: &str) -> Result<Self, NotAKey> {
        let text = text.trim();
        let bytes = if text.len() == 2 * KEY_LEN && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            hex::decode(text).map_err(|_| NotAKey)?
        } else {
            let base64 = [
                &base64::engine::general_purpose::STANDARD,
                &base64::engine::general_purpose::STANDARD_NO_PAD,
                &base64::engine::general_purpose::URL_SAFE,
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            ];
            base64.iter().find_map(|engine| engine.decode(text).ok()).ok_or(NotAKey)?
        };
        let bytes: [u8; KEY_LEN] = bytes.try_into().map_err(|_| NotAKey)?;
        Ok(Self(bytes))
    }

    /// The key as 64 hex digits (what `cekbae keygen` prints).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

/// Seals and opens NIKs.
#[derive(Clone)]
pub struct NikVault {
    cipher: ChaCha20Poly1305,
    /// Keys that only open: older keys, earlier derivations, the database's own key.
    readers: Vec<ChaCha20Poly1305>,
}

impl std::fmt::Debug for NikVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NikVault(..)")
    }
}

/// How earlier versions made a key of `CEKBAE_DATA_KEY`: one SHA-256 of the text.
fn cipher_from_passphrase(secret: &[u8]) -> ChaCha20Poly1305 {
    let digest = Sha256::digest(secret);
    ChaCha20Poly1305::new(Key::from_slice(&digest))
}

impl NikVault {
    /// A vault sealing with `key`.
    pub fn from_key(key: &DataKey) -> Self {
        Self { cipher: ChaCha20Poly1305::new(Key::from_slice(&key.0)), readers: Vec::new() }
    }

    /// Also opens what `key` sealed (the previous key, while rotating).
    pub fn also_reading_key(mut self, key: &DataKey) -> Self {
        self.readers.push(ChaCha20Poly1305::new(Key::from_slice(&key.0)));
        self
    }

    /// Also opens what earlier versions sealed with `CEKBAE_DATA_KEY` set to
    /// `text` (they hashed the text once with SHA-256, whatever it was).
    pub fn also_reading_passphrase(mut self, text: &str) -> Self {
        self.readers.push(cipher_from_passphrase(text.as_bytes()));
        self
    }

    /// Also opens what `other` can open (e.g. the database's own key, for data
    /// sealed while the server ran without `CEKBAE_DATA_KEY`).
    pub fn also_reading(mut self, other: &NikVault) -> Self {
        self.readers.push(other.cipher.clone());
        self.readers.extend(other.readers.iter().cloned());
        self
    }

    /// The vault of a store without `CEKBAE_DATA_KEY`: its own random key, made once ([`Keys::data_key`]).
    pub fn from_store(keys: &dyn Keys) -> Result<Self, StorageError> {
        let key = keys.data_key()?;
        Ok(Self { cipher: cipher_from_passphrase(&key), readers: Vec::new() })
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
        let plain = std::iter::once(&self.cipher)
            .chain(&self.readers)
            .find_map(|cipher| cipher.decrypt(nonce, ciphertext).ok())?;
        String::from_utf8(plain).ok()
    }

    /// The same keys as a [`cekbae_bot::storage::Vault`], so the store seals residents' words with the key
    /// that seals NIKs.
    pub fn data_vault(&self) -> cekbae_bot::storage::Vault {
        cekbae_bot::storage::Vault::new(self.cipher.clone(), self.readers.clone())
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

    const HEX_KEY: &str = "8f3a0c2d9b7e41f5a6c8d0e2f4b6a8c0e1d3f5a7b9c1e3f5a7b9d1f3e5c7a9b1";

    #[test]
    fn seals_opens_and_rotates() {
        let key = DataKey::generate();
        let vault = NikVault::from_key(&key);
        let sealed = vault.seal("3201014502900003");
        assert!(sealed.starts_with(SEALED_PREFIX));
        assert!(!sealed.contains("3201014502900003"));
        assert_ne!(sealed, vault.seal("3201014502900003"), "a fresh nonce every time");
        assert_eq!(vault.open(&sealed).as_deref(), Some("3201014502900003"));
        assert_eq!(vault.masked(&sealed), "************0003");
        assert_eq!(vault.open("************0003").as_deref(), Some("************0003"), "clear values pass");
        let other = NikVault::from_key(&DataKey::generate());
        assert_eq!(other.open(&sealed), None, "another key cannot read it");
        assert_eq!(other.masked(&sealed), "****************");
        let rotated = NikVault::from_key(&DataKey::generate()).also_reading_key(&key);
        assert_eq!(rotated.open(&sealed).as_deref(), Some("3201014502900003"), "the old key still reads");
        assert_eq!(
            NikVault::from_key(&DataKey::generate()).also_reading(&rotated).open(&sealed).as_deref(),
            Some("3201014502900003")
        );
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
    fn keys_are_32_random_bytes_in_hex_or_base64_and_passphrases_are_refused() {
        let key = DataKey::parse(HEX_KEY).unwrap();
        assert_eq!(key.to_hex(), HEX_KEY);
        assert_eq!(DataKey::parse(&format!("  {HEX_KEY}\n")).unwrap(), key, "a key file's newline is fine");
        let base64 = base64::engine::general_purpose::STANDARD.encode(hex::decode(HEX_KEY).unwrap());
        assert_eq!(DataKey::parse(&base64).unwrap(), key);
        assert_eq!(DataKey::parse(base64.trim_end_matches('=')).unwrap(), key);
        let generated = DataKey::generate();
        assert_eq!(DataKey::parse(&generated.to_hex()).unwrap(), generated);
        assert_ne!(generated, DataKey::generate());
        for passphrase in ["leuwiliang2026", "rahasia kantor kecamatan leuwiliang bogor", "", &HEX_KEY[..62], "AAAA"] {
            assert_eq!(DataKey::parse(passphrase), Err(NotAKey), "{passphrase:?}");
        }
        assert_eq!(format!("{key:?}"), "DataKey(..)", "never printed");
    }

    #[test]
    fn data_sealed_under_the_old_passphrase_derivation_stays_readable() {
        // Earlier versions keyed the vault with SHA-256 of CEKBAE_DATA_KEY's text.
        let old = NikVault { cipher: cipher_from_passphrase(b"leuwiliang2026"), readers: Vec::new() };
        let sealed = old.seal("3201014502900003");
        let new = NikVault::from_key(&DataKey::parse(HEX_KEY).unwrap());
        assert_eq!(new.open(&sealed), None);
        let rotating = new.clone().also_reading_passphrase("leuwiliang2026");
        assert_eq!(rotating.open(&sealed).as_deref(), Some("3201014502900003"));
        // A hex key used as a passphrase before (`openssl rand -hex 32`) reads its old data too.
        let hex_before = NikVault { cipher: cipher_from_passphrase(HEX_KEY.as_bytes()), readers: Vec::new() };
        let sealed = hex_before.seal("3201011705900001");
        let now = NikVault::from_key(&DataKey::parse(HEX_KEY).unwrap()).also_reading_passphrase(HEX_KEY);
        assert_eq!(now.open(&sealed).as_deref(), Some("3201011705900001"));
        assert_ne!(now.seal("3201011705900001"), sealed);
        assert_eq!(hex_before.open(&now.seal("3201011705900001")), None, "new seals use the raw key");
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
