//! `cekbae migrate` and `cekbae store copy`.

use std::io::Write;

use crate::args::{EngineArgs, StoreCopyArgs};

/// `cekbae migrate`: the schema migrations of the database named by --database.
pub(crate) fn migrate(args: &EngineArgs, mut out: impl Write) -> anyhow::Result<bool> {
    writeln!(out, "{}", crate::backend::migrate(args)?)?;
    Ok(true)
}

/// `cekbae store copy --from DIR --to URL`: prints one line per kind, `<kind>: <copied> copied, <present>
/// already there`.
pub(crate) fn copy(args: &StoreCopyArgs, mut out: impl Write) -> anyhow::Result<bool> {
    let source = EngineArgs { data: args.from.clone(), database: None, ..args.engine.clone() };
    let counts = crate::backend::copy::copy(&source, &args.to)?;
    for count in counts {
        writeln!(out, "{}: {} copied, {} already there", count.kind, count.copied, count.present)?;
    }
    Ok(true)
}
