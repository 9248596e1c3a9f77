//! `cekbae store copy`: an office's sled directory into PostgreSQL, the upgrade path from one server to
//! several. Everything the store holds moves with its ids (sessions, bookings and day counters, surveys,
//! statistics, handovers, audit log, outbox, inbox, dialogue records and sequences, closures, delivery
//! statuses, residents' files pending and stored), in one transaction; the directory's own key material
//! moves too, so NIKs it sealed stay readable and the statistics' pseudonyms stay the same. Run again,
//! nothing is copied twice. The dump is held in memory, but not files' content: each file is read from the
//! directory as it is written (a week's papers need not fit in memory).

use anyhow::{bail, Context};

use cekbae_bot::storage::KindCount;
use cekbae_bot::Store;

use crate::args::EngineArgs;

/// Copies the sled directory `args.data` into the database at `url`; returns the count per kind.
pub fn copy(args: &EngineArgs, url: &str) -> anyhow::Result<Vec<KindCount>> {
    if !cekbae_pg_store::is_database_url(url) {
        bail!("--to must be a postgres:// URL");
    }
    if !args.data.is_dir() {
        bail!("{} is no data directory", args.data.display());
    }
    let (sled, _) = super::open_sled(args)?;
    let dump = sled.dump().context("cannot read the data directory")?;
    let data_key = sled.keys().data_key().context("cannot read the directory's key material")?;
    let salt = sled.keys().pseudonym_salt().context("cannot read the directory's key material")?;
    let target = EngineArgs { database: Some(url.to_owned()), ..args.clone() };
    let (pg, _) = super::open_postgres(&target, url, Some((&data_key, &salt)))?;
    pg.load(&dump, sled.files())
        .map_err(|err| anyhow::anyhow!("cannot copy into the database (nothing was written): {err}"))
}
