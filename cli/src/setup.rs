//! Start-up: loads and checks locales and the catalog once, opens storage, builds the engine.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context};
use chrono::{Duration, Utc};

use cekbae_adapter_whatsapp::statuses;
use cekbae_bot::i18n::read_dir_sources;
use cekbae_bot::i18n_check::{check_sources, Problem};
use cekbae_bot::{
    Clock, Engine, EngineConfig, FixedClock, FtlSource, GlobalWords, Locales, SystemClock, ENGINE_MESSAGE_IDS,
};
use cekbae_dialogues::embedded::{locale_sources, DEFAULT_LOCALE};
use cekbae_dialogues::vault::{DataKey, NikVault};
use cekbae_dialogues::{Adminduk, Catalog};
use cekbae_dispatch::freshness;

use crate::args::{EngineArgs, SourceArgs};
use crate::desk::PurgeOutcome;
use crate::secrets::{DATA_KEY, DATA_KEY_OLD};

/// The locale sources named by `--locales`, or the embedded ones. Several folders
/// separated by `:` are layers: each `<locale>/<file>.ftl` comes from the first folder
/// that has it (a translator's copy in `/etc/cekbae/locales` over `/usr/share/cekbae/locales`).
pub fn locale_sources_from(args: &SourceArgs) -> Result<Vec<FtlSource>, Vec<String>> {
    let Some(dirs) = &args.locales else { return Ok(locale_sources()) };
    let mut sources: Vec<FtlSource> = Vec::new();
    for dir in layers(dirs) {
        let layer = read_dir_sources(&dir).map_err(|errs| errs.iter().map(ToString::to_string).collect::<Vec<_>>())?;
        for source in layer {
            let shadowed =
                sources.iter().any(|it| it.locale == source.locale && it.path.file_name() == source.path.file_name());
            if !shadowed {
                sources.push(source);
            }
        }
    }
    Ok(sources)
}

/// The catalog named by `--dialogues` (folders separated by `:` are layers, file by
/// file, like `--locales`), or the embedded one.
pub fn catalog_from(args: &SourceArgs, locales: Option<&Locales>) -> Result<Catalog, Vec<String>> {
    match &args.dialogues {
        Some(dirs) => {
            let dirs: Vec<PathBuf> = layers(dirs).iter().map(|it| adminduk_dir(it)).collect();
            Catalog::load_layers(&dirs.iter().map(PathBuf::as_path).collect::<Vec<_>>(), locales)
        }
        None => Catalog::embedded(locales),
    }
}

/// `a:b:c` as folders, first first.
fn layers(dirs: &Path) -> Vec<PathBuf> {
    std::env::split_paths(dirs.as_os_str()).filter(|it| !it.as_os_str().is_empty()).collect()
}

/// Accepts either the `dialogues/` folder or `dialogues/adminduk/` itself.
pub fn adminduk_dir(dir: &Path) -> PathBuf {
    let nested = dir.join("adminduk");
    if nested.is_dir() {
        nested
    } else {
        dir.to_owned()
    }
}

/// Loads locales and catalog and checks them together. Problems that would
/// show residents a raw message id stop the start; lesser ones are logged.
pub fn load_checked(args: &SourceArgs) -> anyhow::Result<(Arc<Locales>, Catalog)> {
    let sources = locale_sources_from(args).map_err(|errs| anyhow::anyhow!(errs.join("\n")))?;
    let locales = Locales::from_sources(DEFAULT_LOCALE, sources)
        .map_err(|errs| anyhow::anyhow!(errs.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")))
        .context("cannot load locales")?;
    let catalog = catalog_from(args, Some(&locales))
        .map_err(|errs| anyhow::anyhow!(errs.join("\n")))
        .context("cannot load the catalog")?;
    let (fatal, lesser): (Vec<Problem>, Vec<Problem>) =
        check_sources(DEFAULT_LOCALE, locales.sources(), &used_message_ids(&catalog))
            .into_iter()
            .partition(Problem::shows_raw_ids);
    if !fatal.is_empty() {
        let list = fatal.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
        bail!("{list}\nrun `cekbae check` for every problem");
    }
    for problem in lesser {
        tracing::warn!(%problem, "locale problem; run `cekbae check`");
    }
    Ok((Arc::new(locales), catalog))
}

/// Every message id the engine, the adminduk dialogue, links and posters can emit.
pub fn used_message_ids(catalog: &Catalog) -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = ENGINE_MESSAGE_IDS.iter().map(|it| (*it).to_owned()).collect();
    ids.extend(cekbae_dialogues::adminduk::message_ids(catalog));
    ids.extend(crate::reach::MESSAGE_IDS.iter().map(|it| (*it).to_owned()));
    ids.extend(crate::desk::web::MESSAGE_IDS.iter().map(|it| (*it).to_owned()));
    ids.extend(crate::desk::refusal::Refusal::MESSAGE_IDS.iter().map(|it| (*it).to_owned()));
    ids.extend(crate::desk::report::text::MESSAGE_IDS.iter().map(|it| (*it).to_owned()));
    ids.extend(crate::desk::berkas::MESSAGE_IDS.iter().map(|it| (*it).to_owned()));
    ids
}

/// Builds the adminduk engine. `outbox` keeps replies until delivered (network
/// channels). Callers that start serving residents apply the retention rules first.
pub fn build_engine(args: &EngineArgs, outbox: bool) -> anyhow::Result<Engine<Adminduk>> {
    let (locales, catalog) = load_checked(&args.sources)?;
    let crate::backend::Opened { store, vault } = crate::backend::open(args)?;
    let mut dialogue = Adminduk::new(catalog, vault).with_closures(Arc::clone(&store));
    if let Some(capacity) = args.capacity {
        dialogue = dialogue.with_capacity(capacity);
    }
    if let Some(days) = args.retention_days {
        dialogue = dialogue.with_retention_days(days);
    }
    let clock: Arc<dyn Clock> = match args.now {
        Some(now) => Arc::new(FixedClock::new(now.with_timezone(&Utc))),
        None => Arc::new(SystemClock),
    };
    let config = EngineConfig {
        idle_timeout: Duration::minutes(i64::from(args.idle_minutes)),
        outbox,
        ..EngineConfig::default()
    };
    let engine = Engine::new(dialogue, locales, GlobalWords::builtin(), store, clock, config);
    Ok(engine)
}

/// `CEKBAE_DATA_KEY`, when it is set; an error when it is not a key (a passphrase).
pub fn data_key(args: &EngineArgs) -> anyhow::Result<Option<DataKey>> {
    let Some(text) = &args.secrets.data_key else { return Ok(None) };
    let key = DataKey::parse(text.expose()).map_err(|err| {
        anyhow::anyhow!(
            "{DATA_KEY} is {err}. Make a key with `cekbae keygen` and put it in {DATA_KEY} or in a file named by \
             {DATA_KEY}_FILE; to keep reading NIKs sealed with the old passphrase, also set {DATA_KEY_OLD} to it"
        )
    })?;
    Ok(Some(key))
}

/// The vault keyed by `CEKBAE_DATA_KEY`, when it is set. It seals with the key and also
/// opens what was sealed before: by `CEKBAE_DATA_KEY_OLD` (a key, or the passphrase
/// earlier versions took), by the same text under the earlier derivation, and by the
/// database's own key (`database`, from runs without `CEKBAE_DATA_KEY`).
pub fn vault_from(args: &EngineArgs, database: &NikVault) -> anyhow::Result<Option<NikVault>> {
    let (Some(text), Some(key)) = (&args.secrets.data_key, data_key(args)?) else { return Ok(None) };
    let mut vault = NikVault::from_key(&key).also_reading_passphrase(text.expose());
    if let Some(old) = &args.secrets.data_key_old {
        if let Ok(old_key) = DataKey::parse(old.expose()) {
            vault = vault.also_reading_key(&old_key);
        }
        vault = vault.also_reading_passphrase(old.expose());
    }
    Ok(Some(vault.also_reading(database)))
}

/// An engine over a throw-away in-memory database, only to render names
/// (document and reason labels) when the real data sits behind the admin API.
pub fn names_only() -> anyhow::Result<Engine<Adminduk>> {
    let (locales, catalog) = load_checked(&SourceArgs { locales: None, dialogues: None })?;
    let store = crate::backend::scratch()?;
    let dialogue = Adminduk::new(catalog, NikVault::from_store(store.keys())?);
    Ok(Engine::new(dialogue, locales, GlobalWords::builtin(), store, Arc::new(SystemClock), EngineConfig::default()))
}

/// Deletes what the data-protection notice promises to delete: NIKs of bookings past
/// the retention period, and conversations idle that long (they may hold a NIK).
pub fn apply_retention(engine: &Engine<Adminduk>) -> anyhow::Result<PurgeOutcome> {
    let now = engine.now();
    let days = engine.dialogue().catalog().retention_days;
    let sessions = engine
        .store()
        .sessions()
        .purge_idle(now - Duration::days(i64::from(days)))
        .context("cannot purge old sessions")?;
    let niks = engine
        .dialogue()
        .apply_retention(engine.store().bookings(), now)
        .context("cannot apply NIK retention to bookings")?;
    // Channels redeliver for a few days at most, and older messages are refused
    // (`freshness`): older processed-message ids are dead weight.
    let seen = engine
        .store()
        .sessions()
        .prune_seen(now - Duration::days(freshness::SEEN_IDS_KEPT_DAYS))
        .context("cannot prune message ids")?;
    let statuses = statuses::prune_before(&**engine.store(), now - Duration::days(i64::from(days)))
        .context("cannot prune WhatsApp delivery statuses")?;
    tracing::info!(sessions, niks, seen, statuses, days, "retention applied");
    Ok(PurgeOutcome {
        niks_masked: niks,
        sessions_deleted: sessions,
        message_ids_pruned: seen,
        delivery_statuses_pruned: statuses,
        retention_days: days,
        ..PurgeOutcome::default()
    })
}
