//! Secrets (`CEKBAE_DATA_KEY`, `CEKBAE_DATA_KEY_OLD`, `CEKBAE_ADMIN_TOKEN`) come
//! from the environment or from a file named by `<NAME>_FILE`, never from the
//! command line: arguments are visible to every local user in the process list.

use std::path::Path;

use anyhow::{bail, Context};

use crate::permissions;

/// The data key (`cekbae keygen`), required by `serve`.
pub const DATA_KEY: &str = "CEKBAE_DATA_KEY";
/// The previous data key (or passphrase of earlier versions) while rotating.
pub const DATA_KEY_OLD: &str = "CEKBAE_DATA_KEY_OLD";
/// The admin API's token (server and desk commands alike).
pub const ADMIN_TOKEN: &str = "CEKBAE_ADMIN_TOKEN";
/// The shortest admin token accepted.
pub const ADMIN_TOKEN_MIN_CHARS: usize = 32;

/// A variable lookup: the process environment, or a map in tests.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// A secret value; `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// The secrets a command may use, read once at start.
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    /// `CEKBAE_DATA_KEY`.
    pub data_key: Option<Secret>,
    /// `CEKBAE_DATA_KEY_OLD`.
    pub data_key_old: Option<Secret>,
    /// `CEKBAE_ADMIN_TOKEN`.
    pub admin_token: Option<Secret>,
}

impl Secrets {
    /// Reads every secret from `env` (or the files it names).
    pub fn read(env: Env<'_>) -> anyhow::Result<Self> {
        Ok(Self {
            data_key: read(env, DATA_KEY)?,
            data_key_old: read(env, DATA_KEY_OLD)?,
            admin_token: read(env, ADMIN_TOKEN)?,
        })
    }
}

/// `NAME` from the environment, or the contents of the file named by
/// `NAME_FILE` (one trailing newline dropped). Empty counts as not set.
/// Setting both is an error; a file other users can read is warned about.
pub fn read(env: Env<'_>, name: &str) -> anyhow::Result<Option<Secret>> {
    let direct = env(name).filter(|it| !it.is_empty());
    let file_variable = format!("{name}_FILE");
    let file = env(&file_variable).filter(|it| !it.is_empty());
    match (direct, file) {
        (Some(_), Some(_)) => bail!("both {name} and {file_variable} are set; keep one"),
        (Some(value), None) => Ok(Some(Secret(value))),
        (None, Some(path)) => {
            let path = Path::new(&path);
            if let Some(loose) = permissions::loose(path)? {
                tracing::warn!(file = %path.display(), mode = %loose, "{file_variable} names a file other users can read; run chmod 600 on it");
            }
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {file_variable} ({})", path.display()))?;
            let value = text.strip_suffix('\n').map(|it| it.strip_suffix('\r').unwrap_or(it)).unwrap_or(&text);
            Ok(Some(Secret(value.to_owned())).filter(|it| !it.0.is_empty()))
        }
        (None, None) => Ok(None),
    }
}

/// Checks an admin token: long enough that guessing it is hopeless.
pub fn check_admin_token(token: &Secret) -> anyhow::Result<()> {
    let chars = token.expose().trim().chars().count();
    if chars < ADMIN_TOKEN_MIN_CHARS {
        bail!(
            "{ADMIN_TOKEN} is {chars} characters long; it must have at least {ADMIN_TOKEN_MIN_CHARS} \
             (make one with `cekbae keygen`)"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn env(vars: &[(&str, String)]) -> impl Fn(&str) -> Option<String> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        move |name| vars.get(name).cloned()
    }

    #[test]
    fn reads_a_secret_from_the_environment_or_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("key");
        std::fs::write(&file, "abc\n").unwrap();
        let direct = env(&[(DATA_KEY, "xyz".into())]);
        assert_eq!(read(&direct, DATA_KEY).unwrap(), Some(Secret::new("xyz")));
        let from_file = env(&[("CEKBAE_DATA_KEY_FILE", file.display().to_string())]);
        assert_eq!(read(&from_file, DATA_KEY).unwrap(), Some(Secret::new("abc")));
        let both = env(&[(DATA_KEY, "xyz".into()), ("CEKBAE_DATA_KEY_FILE", file.display().to_string())]);
        assert!(read(&both, DATA_KEY).unwrap_err().to_string().contains("both"));
        let missing = env(&[("CEKBAE_DATA_KEY_FILE", dir.path().join("nope").display().to_string())]);
        assert!(read(&missing, DATA_KEY).is_err());
        assert_eq!(read(&env(&[(DATA_KEY, String::new())]), DATA_KEY).unwrap(), None);
        assert_eq!(format!("{:?}", Secret::new("xyz")), "Secret(..)");
    }

    #[test]
    fn admin_tokens_shorter_than_32_characters_are_refused() {
        assert!(check_admin_token(&Secret::new("x")).is_err());
        assert!(check_admin_token(&Secret::new("a".repeat(31))).is_err());
        assert!(check_admin_token(&Secret::new(format!("{}   ", "a".repeat(31)))).is_err(), "spaces do not count");
        assert!(check_admin_token(&Secret::new("a".repeat(32))).is_ok());
    }
}
