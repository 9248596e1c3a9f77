//! File modes: the data directory and everything in it belong to the service
//! user alone. At start the process mask is set so that what cekbae creates is
//! private (0700 directories, 0600 files), a data directory other users can
//! enter is refused, and files with secrets that others can read are warned about.

use std::path::Path;

use anyhow::{bail, Context};

/// Makes every file and directory this process creates private to its user
/// (umask 077), whatever the shell's mask was.
pub fn private_by_default() {
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}

/// Permission bits of `path` that give other users access, as octal (`0644`),
/// when there are any; `None` when only the owner has access (or off Unix).
pub fn loose(path: &Path) -> anyhow::Result<Option<String>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?.permissions().mode();
        Ok((mode & 0o077 != 0).then(|| format!("{:04o}", mode & 0o7777)))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(None)
    }
}

/// Whether users other than the owner may write to `path`.
pub fn writable_by_others(path: &Path) -> anyhow::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?.permissions().mode();
        Ok(mode & 0o002 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(false)
    }
}

/// Creates the data directory (0700) if it does not exist, and refuses one
/// that other users can read or enter: a copy of it holds every booking, and
/// without `CEKBAE_DATA_KEY` also the key that opens their NIKs.
pub fn prepare_data_dir(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        create_private_dir(dir).with_context(|| format!("cannot create the data directory {}", dir.display()))?;
        return Ok(());
    }
    if let Some(mode) = loose(dir)? {
        bail!(
            "the data directory {dir} is open to other users (mode {mode}); it holds residents' personal data. \
             Fix it with: chmod 700 {dir} && chmod -R go= {dir}",
            dir = dir.display()
        );
    }
    Ok(())
}

/// Creates `dir` (and its parents) open to this user only (0700), whatever the process mask.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Writes `bytes` to `path` readable and writable by this user only (0600),
/// whatever the process mask (tests call the server without [`private_by_default`]).
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    // An older copy may have been made with a looser mode; the mode applies only to a new file.
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err),
        _ => {}
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn a_new_data_directory_is_private_and_an_open_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("a/data");
        prepare_data_dir(&data).unwrap();
        assert_eq!(std::fs::metadata(&data).unwrap().permissions().mode() & 0o777, 0o700);
        prepare_data_dir(&data).unwrap();
        for mode in [0o755, 0o750, 0o701, 0o710] {
            std::fs::set_permissions(&data, std::fs::Permissions::from_mode(mode)).unwrap();
            let err = prepare_data_dir(&data).unwrap_err().to_string();
            assert!(err.contains("chmod 700") && err.contains(&format!("{mode:04o}")), "{err}");
        }
    }

    #[test]
    fn loose_and_writable_modes_are_seen() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(loose(&file).unwrap(), None);
        assert!(!writable_by_others(&file).unwrap());
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(loose(&file).unwrap().as_deref(), Some("0644"));
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
        assert!(writable_by_others(&file).unwrap());
    }
}
