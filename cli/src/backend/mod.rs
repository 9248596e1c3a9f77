//! The one place that knows which storage backend runs: `--database postgres://…` (or
//! `CEKBAE_DATABASE_URL`) selects PostgreSQL, shared by several instances; without it, sled in `--data`.
//! Everything else talks to `Arc<dyn Store>`.

use std::sync::Arc;

use anyhow::{bail, Context};

use cekbae_bot::storage::{ErrorKind, StorageError};
use cekbae_bot::Store;
use cekbae_dialogues::vault::NikVault;
use cekbae_pg_store::PgStore;
use cekbae_sled_store::SledStore;

use crate::args::EngineArgs;
use crate::secrets::{DATA_KEY, DATA_KEY_OLD};
use crate::setup::{data_key, vault_from};

pub mod copy;

/// An opened store and the vault that seals NIKs (one key seals both).
pub struct Opened {
    /// The store.
    pub store: Arc<dyn Store>,
    /// The NIK vault.
    pub vault: NikVault,
}

/// Where the data is, as the arguments say.
enum Location<'a> {
    Sled,
    Postgres(&'a str),
}

fn location(args: &EngineArgs) -> anyhow::Result<Location<'_>> {
    match args.database.as_deref().map(str::trim).filter(|it| !it.is_empty()) {
        None => Ok(Location::Sled),
        Some(url) if cekbae_pg_store::is_database_url(url) => Ok(Location::Postgres(url)),
        Some(_) => {
            bail!("--database (CEKBAE_DATABASE_URL) must be a postgres:// URL; leave it unset to store in --data")
        }
    }
}

/// Where the data is, for messages: the data directory (a running server holds it, so a desk command that
/// opens it directly means the server is not running), or the database (any number of processes).
pub fn describe(args: &EngineArgs) -> String {
    match location(args) {
        Ok(Location::Postgres(_)) => "the database (shared with the running servers)".to_owned(),
        _ => format!("the data directory {} (server not running)", args.data.display()),
    }
}

/// Opens the store the arguments name, with the data key checked against it.
pub fn open(args: &EngineArgs) -> anyhow::Result<Opened> {
    match location(args)? {
        Location::Sled => open_sled(args).map(|(store, vault)| Opened { store: Arc::new(store), vault }),
        Location::Postgres(url) => {
            open_postgres(args, url, None).map(|(store, vault)| Opened { store: Arc::new(store), vault })
        }
    }
}

fn open_sled(args: &EngineArgs) -> anyhow::Result<(SledStore, NikVault)> {
    crate::permissions::prepare_data_dir(&args.data)?;
    let store = SledStore::open(&args.data).map_err(|err| {
        anyhow::anyhow!("cannot open the data directory {} ({err}); is another cekbae using it?", args.data.display())
    })?;
    let database = NikVault::from_store(store.keys()).context("cannot read the data key")?;
    let vault = vault_from(args, &database)?.unwrap_or(database);
    // One key seals NIKs and everything else a resident wrote.
    let store = store.sealed_with(Arc::new(vault.data_vault())).map_err(|err| match err.kind() {
        ErrorKind::WrongKey => anyhow::anyhow!(
            "the data key does not open {}: run with the {DATA_KEY} the data was sealed with (and {DATA_KEY_OLD} \
             while rotating to a new one)",
            args.data.display()
        ),
        _ => anyhow::Error::new(err).context("cannot check the data key"),
    })?;
    Ok((store, vault))
}

/// Key material taken over from another store before the NIK vault is made (`cekbae store copy`).
type Adopted<'a> = Option<(&'a [u8], &'a [u8])>;

/// The PostgreSQL store the arguments name, opened to load a backup into (`cekbae restore --database`):
/// the key is checked against what the backup brings, not against the database.
pub fn open_to_restore(args: &EngineArgs) -> anyhow::Result<Arc<dyn Store>> {
    let Location::Postgres(url) = location(args)? else { bail!("--database names no database to restore into") };
    let operator = operator_vault(args)?;
    let store = PgStore::open_to_restore(url, Arc::new(operator.data_vault())).map_err(|err| database_error(&err))?;
    Ok(Arc::new(store))
}

/// The vault of the operator's key, which PostgreSQL requires.
fn operator_vault(args: &EngineArgs) -> anyhow::Result<NikVault> {
    let Some(key) = data_key(args)? else {
        bail!(
            "{DATA_KEY} is required with PostgreSQL: every instance seals residents' words and NIKs with the same \
             key. Make one with `cekbae keygen` and give it to every instance ({DATA_KEY} or {DATA_KEY}_FILE)"
        );
    };
    Ok(vault_from(args, &NikVault::from_key(&key))?.unwrap_or_else(|| NikVault::from_key(&key)))
}

fn open_postgres(args: &EngineArgs, url: &str, adopt: Adopted<'_>) -> anyhow::Result<(PgStore, NikVault)> {
    // The operator's key seals; the database's own key (an office copied from sled without a data key)
    // is added for reading once the store is open.
    let operator = operator_vault(args)?;
    let store = PgStore::open(url, Arc::new(operator.data_vault())).map_err(|err| database_error(&err))?;
    if let Some((data_key, salt)) = adopt {
        if !store.keys().adopt(data_key, salt).context("cannot store the copied key material")? {
            tracing::warn!("the database has key material of its own; the copied directory's was not taken over");
        }
    }
    let database = NikVault::from_store(store.keys()).context("cannot read the database's key material")?;
    let vault = vault_from(args, &database)?.unwrap_or(operator);
    Ok((store, vault))
}

/// What an operator reads when the database cannot be used (the URL is not repeated: it may hold a
/// password).
fn database_error(err: &StorageError) -> anyhow::Error {
    match err.kind() {
        ErrorKind::WrongKey => anyhow::anyhow!(
            "the data key does not open the database: run with the {DATA_KEY} its data was sealed with (and \
             {DATA_KEY_OLD} while rotating to a new one)"
        ),
        ErrorKind::SchemaTooNew => anyhow::anyhow!("the database cannot be used by this cekbae: {err}"),
        _ => anyhow::anyhow!("cannot open the database named by --database (CEKBAE_DATABASE_URL): {err}"),
    }
}

/// A store that keeps nothing, for tools that need an engine without data.
pub fn scratch() -> anyhow::Result<Arc<dyn Store>> {
    Ok(Arc::new(SledStore::temporary()?))
}

/// Applies the schema migrations of the database the arguments name (`cekbae migrate`); returns what to
/// tell the operator.
pub fn migrate(args: &EngineArgs) -> anyhow::Result<String> {
    match location(args)? {
        Location::Sled => {
            Ok(format!("sled in {} needs no migration: its layout is read as it is", args.data.display()))
        }
        Location::Postgres(url) => {
            let migrated = PgStore::migrate(url).map_err(|err| database_error(&err))?;
            Ok(if migrated.from == migrated.to {
                format!("database schema at version {}: nothing to do", migrated.to)
            } else {
                format!("database schema migrated from version {} to {}", migrated.from, migrated.to)
            })
        }
    }
}
