//! `cekbae backup --out FILE [--data DIR]` and `cekbae restore FILE --data DIR [--force]`.

use std::io::Write;

use anyhow::{bail, Context};

use crate::args::{BackupArgs, RestoreArgs};
use crate::backup::restore::restore as restore_into;
use crate::commands::desk::connect;
use crate::permissions::write_private;
use crate::secrets::DATA_KEY;

/// `cekbae backup`.
pub(crate) fn backup<W: Write, E: Write>(args: &BackupArgs, mut out: W, mut err: E) -> anyhow::Result<bool> {
    // Opening would create a missing directory, and back up nothing from a mistyped path.
    if args.engine.database.is_none() && !args.engine.data.is_dir() {
        bail!("{} is no data directory; name the one to back up with --data", args.engine.data.display());
    }
    let (conn, how) = connect(&args.engine, &mut err)?;
    // Without the operator's key, the store's own key is all that opens its NIKs: it must travel along.
    let include_own_key = args.engine.secrets.data_key.is_none();
    let bytes = conn.backup(include_own_key)?;
    // Written whole beside the target, then renamed: a failed backup never leaves half a file in its place.
    let partial = args.out.with_extension("partial");
    write_private(&partial, &bytes).with_context(|| format!("cannot write {}", partial.display()))?;
    std::fs::rename(&partial, &args.out).with_context(|| format!("cannot write {}", args.out.display()))?;
    let manifest = crate::backup::archive::read(&args.out)?.manifest;
    writeln!(
        out,
        "Backup of {} record(s) written to {} ({} bytes, compressed; NIKs stay sealed). ({how})",
        manifest.records,
        args.out.display(),
        bytes.len()
    )?;
    if manifest.own_key_included {
        writeln!(
            out,
            "This backup holds the data's own key: anyone with the file can read every NIK in it. Guard it like \
             the data directory (or set {DATA_KEY}, so the key stays outside the data and its backups)."
        )?;
    }
    Ok(true)
}

/// `cekbae restore`.
pub(crate) fn restore<W: Write>(args: &RestoreArgs, mut out: W) -> anyhow::Result<bool> {
    let mut engine = args.engine.clone();
    engine.database = args.database.clone().filter(|it| !it.trim().is_empty());
    let target = match (&engine.database, &args.data) {
        (Some(_), _) => "the database".to_owned(),
        (None, Some(data)) => {
            engine.data = data.clone();
            data.display().to_string()
        }
        (None, None) => bail!("name where to restore: --data DIR, or --database URL for a PostgreSQL backup"),
    };
    let restored = restore_into(&args.file, &engine, args.force)?;
    writeln!(
        out,
        "Restored {} record(s) from the backup of {} into {target}{}.",
        restored.manifest.records,
        restored.manifest.created_at.format("%Y-%m-%d %H:%M UTC"),
        if restored.replaced { ", replacing what it held" } else { "" }
    )?;
    Ok(true)
}
