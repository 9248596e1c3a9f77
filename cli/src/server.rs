//! `cekbae serve`: one HTTP server hosting every configured channel, plus `GET /healthz`.
//!
//! Settings come from environment variables and, optionally, `cekbae.toml`
//! (environment wins): `WHATSAPP_VERIFY_TOKEN` is read from the environment,
//! else from `[whatsapp] verify_token` in the file. Callable in-process, with
//! its own listener and shutdown signal, so tests drive the real server.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context};
use axum::error_handling::HandleErrorLayer;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use tower::ServiceBuilder;

use cekbae_adapter_telegram::{BotMedia, Telegram, TelegramConfig};
use cekbae_adapter_whatsapp::{GraphClient, GraphMedia, RetryPolicy, WebhookState, WhatsApp, WhatsAppConfig};
use cekbae_bot::Engine;
use cekbae_dialogues::Adminduk;
use cekbae_dispatch::fetching::{FetchSettings, DEFAULT_TIMEOUT};
use cekbae_dispatch::{Delivery, Dispatcher, Limits, MediaSources};

use crate::args::EngineArgs;
use crate::desk::api::ADDRESS_FILE;
use crate::desk::web::DeskWebConfig;
use crate::desk::Desk;
use crate::http::HttpLimits;
use crate::permissions;
use crate::secrets::{self, check_admin_token, Secret, ADMIN_TOKEN, DATA_KEY};
use crate::setup::{apply_retention, build_engine};

/// How often undelivered replies are tried again, and messages nobody holds are taken over: with several
/// instances, what a dead one held is taken over within this (its claims end with its connection).
const RESEND_EVERY: Duration = Duration::from_secs(15);
/// How long shutdown waits for messages in hand.
const DRAIN_LIMIT: Duration = Duration::from_secs(30);
/// What a request over the cap of requests in flight is answered.
const OVERLOADED: (StatusCode, &str) = (StatusCode::SERVICE_UNAVAILABLE, "busy");

/// Channel settings, read once at start.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// WhatsApp, when its variables are set.
    pub whatsapp: Option<WhatsAppConfig>,
    /// Telegram, when `TELEGRAM_BOT_TOKEN` is set.
    pub telegram: Option<TelegramConfig>,
    /// How sends are retried.
    pub retry: RetryPolicy,
    /// `CEKBAE_ADMIN_TOKEN`: enables the admin API for desk commands.
    pub admin_token: Option<Secret>,
    /// Flood limits (`CEKBAE_RATE_PER_MINUTE`, `CEKBAE_MAX_QUEUED`).
    pub limits: Limits,
    /// Timeouts and caps of the HTTP listeners.
    pub http: HttpLimits,
    /// The desk in the browser (`CEKBAE_DESK_SECURE_COOKIE`).
    pub desk: DeskWebConfig,
    /// WhatsApp templates for office messages outside the 24-hour window (`[whatsapp.templates]`).
    pub templates: cekbae_adapter_whatsapp::TemplateSettings,
    /// How the files residents send are fetched (`CEKBAE_MEDIA_*`).
    pub media: MediaSettings,
}

/// How the files residents send are fetched from their channel; the size limit is the catalog's.
#[derive(Debug, Clone, Copy)]
pub struct MediaSettings {
    /// `CEKBAE_MEDIA_TIMEOUT_SECS`: the longest one file may take, retries included (default 60).
    pub timeout: Duration,
    /// `CEKBAE_MEDIA_RETRY_FIRST_MS`: the wait before a file that could not be fetched for now is tried
    /// again, doubled each time (default 30 s).
    pub first_retry: Duration,
    /// `CEKBAE_MEDIA_ATTEMPTS`: attempts before the resident is told the file could not be fetched (default 4).
    pub attempts: u32,
}

impl Default for MediaSettings {
    fn default() -> Self {
        let defaults = FetchSettings::new(0, DEFAULT_TIMEOUT);
        Self { timeout: DEFAULT_TIMEOUT, first_retry: defaults.first_retry, attempts: defaults.attempts }
    }
}

impl MediaSettings {
    /// Reads the `CEKBAE_MEDIA_*` variables from `lookup`; the defaults for those not set.
    fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let mut media = Self::default();
        let number = |name: &str| -> anyhow::Result<Option<u64>> {
            match lookup(name) {
                Some(value) => Ok(Some(value.trim().parse().with_context(|| format!("{name} must be a number"))?)),
                None => Ok(None),
            }
        };
        if let Some(seconds) = number("CEKBAE_MEDIA_TIMEOUT_SECS")? {
            if seconds == 0 {
                bail!("CEKBAE_MEDIA_TIMEOUT_SECS must be at least 1");
            }
            media.timeout = Duration::from_secs(seconds);
        }
        if let Some(ms) = number("CEKBAE_MEDIA_RETRY_FIRST_MS")? {
            media.first_retry = Duration::from_millis(ms);
        }
        if let Some(attempts) = number("CEKBAE_MEDIA_ATTEMPTS")? {
            media.attempts = u32::try_from(attempts.clamp(1, 20)).unwrap_or(1);
        }
        Ok(media)
    }

    /// The fetching loop's settings for files up to `max_bytes`.
    pub fn fetch_settings(&self, max_bytes: u64) -> FetchSettings {
        FetchSettings {
            attempts: self.attempts,
            first_retry: self.first_retry,
            // Often enough to try a file again when its wait is over.
            every: self.first_retry.clamp(Duration::from_millis(50), Duration::from_secs(30)),
            ..FetchSettings::new(max_bytes, self.timeout)
        }
    }
}

impl Settings {
    /// Reads settings from `env` (a variable lookup), then the optional file.
    pub fn load(env: impl Fn(&str) -> Option<String>, file: Option<&Path>) -> anyhow::Result<Self> {
        let table = settings_table(file)?;
        let lookup = |name: &str| env(name).or_else(|| from_file(&table, name));
        let whatsapp = WhatsAppConfig::from_lookup(lookup).map_err(anyhow::Error::msg)?;
        let telegram = TelegramConfig::from_lookup(lookup).map_err(anyhow::Error::msg)?;
        let mut retry = RetryPolicy::default();
        if let Some(ms) = lookup("WHATSAPP_RETRY_FIRST_MS") {
            let ms: u64 = ms.trim().parse().context("WHATSAPP_RETRY_FIRST_MS must be a number of milliseconds")?;
            retry.first_backoff = Duration::from_millis(ms);
        }
        let admin_token = match secrets::read(&env, ADMIN_TOKEN)? {
            Some(token) => Some(token),
            None => from_file(&table, ADMIN_TOKEN).filter(|it| !it.trim().is_empty()).map(Secret::new),
        };
        if let Some(token) = &admin_token {
            check_admin_token(token)?;
        }
        let mut limits = Limits::default();
        if let Some(value) = lookup("CEKBAE_RATE_PER_MINUTE") {
            limits.per_resident_per_minute = value.trim().parse().context("CEKBAE_RATE_PER_MINUTE must be a number")?;
        }
        if let Some(value) = lookup("CEKBAE_MAX_QUEUED") {
            limits.max_queued = value.trim().parse().context("CEKBAE_MAX_QUEUED must be a number")?;
        }
        let mut desk = DeskWebConfig::default();
        if let Some(value) = lookup("CEKBAE_DESK_SECURE_COOKIE") {
            desk.secure_cookie = matches!(value.trim(), "1" | "true" | "yes" | "on");
        }
        let templates = crate::commands::templates::template_settings(&env, &table);
        let media = MediaSettings::from_lookup(lookup)?;
        Ok(Self { whatsapp, telegram, retry, admin_token, limits, http: HttpLimits::default(), desk, templates, media })
    }

    /// What `serve` refuses to start without: a data key, and an admin token (when
    /// given) long enough that it cannot be guessed.
    pub fn check_for_serving(&self, engine: &EngineArgs) -> anyhow::Result<()> {
        if crate::setup::data_key(engine)?.is_none() {
            bail!(
                "{DATA_KEY} is not set; `serve` needs it to seal NIKs with a key kept outside the data directory. \
                 Make one with `cekbae keygen`, save it in a file only the service user can read, and set \
                 {DATA_KEY}_FILE to that file (or {DATA_KEY} to the key)"
            );
        }
        if let Some(token) = &self.admin_token {
            check_admin_token(token)?;
        }
        Ok(())
    }
}

/// Reads `cekbae.toml`. A file anyone may change is refused (it names where tokens are
/// sent); one others may read is warned about (it may hold tokens). A syntax error is
/// reported by line and column only: the line itself may hold a token.
fn read_config(path: &Path) -> anyhow::Result<toml::Table> {
    if permissions::writable_by_others(path)? {
        bail!(
            "{file} can be changed by every user of this machine; fix it with: chmod 600 {file}",
            file = path.display()
        );
    }
    if let Some(mode) = permissions::loose(path)? {
        tracing::warn!(file = %path.display(), %mode, "the settings file is readable by other users and may hold tokens; run chmod 600 on it");
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.parse::<toml::Table>().map_err(|err| {
        let at = err.span().map_or(0, |span| span.start).min(text.len());
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
        anyhow::anyhow!(
            "{} is not valid TOML: line {line}, column {column} (the line is not shown, it may hold a secret)",
            path.display()
        )
    })
}

/// The settings file given (`--config`, `CEKBAE_CONFIG`), else the first of
/// [`CONFIG_PLACES`] that exists.
pub fn config_path(given: Option<&Path>) -> Option<PathBuf> {
    match given {
        Some(path) => Some(path.to_owned()),
        None => CONFIG_PLACES.iter().map(PathBuf::from).find(|it| it.is_file()),
    }
}

/// Where settings are looked for without `--config`: the current directory, then
/// where the Debian package keeps them.
pub const CONFIG_PLACES: [&str; 2] = ["cekbae.toml", "/etc/cekbae/cekbae.toml"];

/// The settings file as a table (empty without one), checked as [`read_config`] does.
pub fn settings_table(file: Option<&Path>) -> anyhow::Result<toml::Table> {
    match file {
        Some(path) => read_config(path),
        None => Ok(toml::Table::new()),
    }
}

/// `WHATSAPP_VERIFY_TOKEN` → `[whatsapp] verify_token` in the file.
pub fn from_file(table: &toml::Table, name: &str) -> Option<String> {
    let (section, key) = name.split_once('_')?;
    let value = table.get(&section.to_lowercase())?.get(key.to_lowercase())?;
    match value {
        toml::Value::String(it) => Some(it.clone()),
        toml::Value::Integer(it) => Some(it.to_string()),
        _ => None,
    }
}

/// Where the server listens.
pub struct Listeners {
    /// Webhooks and `/healthz`.
    pub public: tokio::net::TcpListener,
    /// The desk in the browser and, with an admin token, the admin API (127.0.0.1 by default).
    pub admin: Option<tokio::net::TcpListener>,
}

impl From<tokio::net::TcpListener> for Listeners {
    fn from(public: tokio::net::TcpListener) -> Self {
        Self { public, admin: None }
    }
}

/// How often `serve` applies the retention rules (`cekbae purge`).
const PURGE_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Runs the server until `shutdown` completes, then finishes the messages in
/// hand and flushes storage.
pub async fn serve(
    engine_args: EngineArgs,
    settings: Settings,
    listeners: impl Into<Listeners>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    settings.check_for_serving(&engine_args)?;
    let data_dir = engine_args.data.clone();
    let engine = tokio::task::spawn_blocking(move || open_for_serving(&engine_args)).await??;
    serve_engine(engine, &data_dir, settings, listeners, shutdown).await
}

/// Opens the data for serving: the data directory's modes, the store, the data key, the retention rules
/// applied. `cekbae serve` calls it before it announces an address, so a refused directory or key is the
/// only thing it prints.
pub fn open_for_serving(engine_args: &EngineArgs) -> anyhow::Result<Engine<Adminduk>> {
    let engine = build_engine(engine_args, true)?;
    apply_retention(&engine)?;
    Ok(engine)
}

/// [`serve`] with the engine already opened ([`open_for_serving`]) on `data_dir`.
pub async fn serve_engine(
    engine: Engine<Adminduk>,
    data_dir: &Path,
    settings: Settings,
    listeners: impl Into<Listeners>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let Listeners { public: listener, admin: admin_listener } = listeners.into();
    // Template parameters must be in the language the templates were approved in (`[whatsapp.templates]`).
    let engine = Arc::new(engine.with_template_language(&settings.templates.language));
    warn_if_calendar_short(&engine);
    let mut channels: Vec<Arc<dyn Delivery>> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    // Where each channel's files are fetched from.
    let mut media_sources = MediaSources::new();
    if let Some(config) = &settings.whatsapp {
        let whatsapp =
            WhatsApp::new(GraphClient::new(config, settings.retry)).with_templates(settings.templates.clone());
        channels.push(Arc::new(whatsapp));
        names.push(cekbae_adapter_whatsapp::CHANNEL);
        let media = GraphMedia::new(config, settings.retry, settings.media.timeout).map_err(anyhow::Error::msg)?;
        media_sources.insert(cekbae_adapter_whatsapp::CHANNEL.to_owned(), Arc::new(media));
    }
    let telegram_bot = match &settings.telegram {
        Some(config) => {
            let bot = cekbae_adapter_telegram::bot(config).map_err(anyhow::Error::msg)?;
            channels.push(Arc::new(Telegram::new(bot.clone())));
            names.push(cekbae_adapter_telegram::CHANNEL);
            let media = BotMedia::new(bot.clone(), settings.media.timeout);
            media_sources.insert(cekbae_adapter_telegram::CHANNEL.to_owned(), Arc::new(media));
            Some(bot)
        }
        None => None,
    };
    if names.is_empty() {
        tracing::warn!("no channel is configured (set WHATSAPP_* or TELEGRAM_BOT_TOKEN); only /healthz is served");
    }
    // One stop signal for the HTTP server and the Telegram poller.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });
    let dispatcher = Dispatcher::with_limits(Arc::clone(&engine), channels, settings.limits);
    // Messages acknowledged before a stop whose turns were not stored run first,
    // and replies a previous run could not deliver go out.
    dispatcher.replay_inbox();
    dispatcher.keep_resending(RESEND_EVERY);
    // Files residents sent are fetched off their queues; those a stopped process left are fetched now.
    let max_bytes = engine.dialogue().catalog().berkas.max_file_bytes;
    let fetcher = dispatcher.fetch_files(media_sources, settings.media.fetch_settings(max_bytes));
    let calendar_until = engine.dialogue().calendar().known_until();
    // The channels' routes, each request counted against the cap of requests in flight;
    // `/healthz` stays outside it, so a flood of webhooks does not hide a healthy server.
    let mut webhooks = Router::new();
    if let Some(config) = settings.whatsapp.clone() {
        let state = Arc::new(WebhookState { dispatcher: Arc::clone(&dispatcher), config });
        webhooks = webhooks.merge(cekbae_adapter_whatsapp::router(state));
    }
    let mut poller = None;
    if let (Some(bot), Some(config)) = (telegram_bot, &settings.telegram) {
        match (&config.webhook_url, &config.secret_token) {
            (Some(url), Some(secret)) => {
                // Registered in the background, retried until it works: the route is ready meanwhile.
                tokio::spawn(cekbae_adapter_telegram::webhook::keep_registering(
                    bot.clone(),
                    url.clone(),
                    secret.clone(),
                    stop_rx.clone(),
                ));
                let state = Arc::new(cekbae_adapter_telegram::webhook::WebhookState {
                    bot,
                    dispatcher: Arc::clone(&dispatcher),
                    secret: secret.clone(),
                });
                webhooks = webhooks.merge(cekbae_adapter_telegram::webhook::router(state));
            }
            _ => {
                let run = cekbae_adapter_telegram::polling::run(bot, Arc::clone(&dispatcher), stop_rx.clone());
                poller = Some(tokio::spawn(run));
            }
        }
    }
    let permits = Arc::new(tokio::sync::Semaphore::new(settings.http.max_requests_in_flight));
    let in_flight = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(|_: tower::BoxError| async { OVERLOADED }))
        .load_shed()
        .layer(tower::limit::GlobalConcurrencyLimitLayer::with_semaphore(Arc::clone(&permits)));
    let counted = InFlight { permits, max: settings.http.max_requests_in_flight };
    let router = Router::new()
        .route(
            "/healthz",
            get(health(Arc::clone(&dispatcher), Arc::clone(engine.store()), names.clone(), calendar_until, counted)),
        )
        .route("/metrics", get(metrics(Arc::clone(&dispatcher))))
        .merge(webhooks.layer(in_flight));
    let resender = Arc::clone(&dispatcher);
    let desk = Desk::new(
        Arc::clone(&engine),
        Some(Arc::new(move || {
            resender.resend_pending();
        })),
    );
    let purger = spawn_daily_purge(desk.clone(), stop_rx.clone());
    let reminders = crate::desk::notices::spawn_reminders(desk.clone(), stop_rx.clone());
    let admin_file = data_dir.join(ADDRESS_FILE);
    // The admin address serves the desk in the browser, and the admin API when there is a token.
    let admin_server = match admin_listener {
        Some(admin) => {
            let addr = admin.local_addr()?;
            let mut router = crate::desk::web::router(desk.clone(), settings.desk.clone());
            match &settings.admin_token {
                Some(token) => {
                    permissions::write_private(&admin_file, addr.to_string().as_bytes())
                        .context("cannot write the admin address file")?;
                    router = router.merge(crate::desk::api::router(desk.clone(), token.clone()));
                    tracing::info!(%addr, "desk (/desk/) and admin API listening");
                }
                None => {
                    tracing::info!(%addr, "desk (/desk/) listening");
                    tracing::warn!("admin API off: set CEKBAE_ADMIN_TOKEN to use desk commands while the server runs");
                }
            }
            // Other paths (a browser's /favicon.ico) are not found, without counting as wrong admin tokens.
            let router = router.fallback(|| async { StatusCode::NOT_FOUND });
            Some(tokio::spawn(crate::http::serve(admin, router, settings.http, stop_rx.clone())))
        }
        None => None,
    };
    let addr = listener.local_addr()?;
    tracing::info!(%addr, channels = ?names, "serving");
    crate::http::serve(listener, router, settings.http, stop_rx.clone()).await;
    tracing::info!("stopping: finishing messages in hand");
    if let Some(poller) = poller {
        let _ = poller.await;
    }
    if let Some(admin) = admin_server {
        let _ = admin.await;
        let _ = std::fs::remove_file(&admin_file);
    }
    // Everything holding the engine ends before storage is flushed and released.
    let _ = purger.await;
    let _ = reminders.await;
    drop(desk);
    // No new downloads; those in hand finish within the drain, the others are fetched at the next start.
    dispatcher.stop_fetching();
    let _ = fetcher.await;
    if !dispatcher.drain(DRAIN_LIMIT).await {
        tracing::warn!("some messages were still in hand at shutdown; their replies stay in the outbox");
    }
    engine.store().flush().context("cannot flush storage")?;
    Ok(())
}

/// Logs a warning while the office calendar ends within
/// [`CALENDAR_WARNING_DAYS`](cekbae_dialogues::schedule::CALENDAR_WARNING_DAYS):
/// after its end no day is offered, so staff must add next year's holidays.
pub fn warn_if_calendar_short(engine: &Engine<Adminduk>) {
    let calendar = engine.dialogue().calendar();
    let now = engine.now();
    if calendar.is_running_short(now) {
        tracing::warn!(
            calendar_until = %calendar.known_until(),
            days_left = calendar.days_known_ahead(now),
            "the office calendar ends soon and no day after it is offered: add next year's holidays to holidays.toml"
        );
    }
}

/// Applies the retention rules once a day (the first run happens at start-up)
/// and repeats the calendar warning while it holds, until the server stops.
fn spawn_daily_purge(desk: Desk, mut stop: tokio::sync::watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(PURGE_EVERY);
        interval.tick().await;
        loop {
            tokio::select! {
                _ = interval.tick() => {}
                _ = stop.wait_for(|stop| *stop) => break,
            }
            warn_if_calendar_short(desk.engine());
            let desk = desk.clone();
            match tokio::task::spawn_blocking(move || desk.purge()).await {
                Ok(Ok(outcome)) => tracing::info!(?outcome, "daily purge done"),
                Ok(Err(err)) => tracing::error!(error = %format!("{err:#}"), "daily purge failed"),
                Err(err) => tracing::error!(error = %err, "daily purge task failed"),
            }
        }
    })
}

/// The webhook requests in flight: the cap's permits, and how many there are.
#[derive(Clone)]
struct InFlight {
    permits: Arc<tokio::sync::Semaphore>,
    max: usize,
}

/// What `GET /metrics` answers: its content type and the text.
type MetricsPage = ([(axum::http::HeaderName, &'static str); 1], String);

/// `GET /metrics`: this instance's counters and the storage's backlog, in Prometheus' text format.
fn metrics(
    dispatcher: Arc<Dispatcher<Adminduk>>,
) -> impl Fn() -> std::pin::Pin<Box<dyn Future<Output = MetricsPage> + Send>> + Clone + Send + Sync + 'static {
    move || {
        let dispatcher = Arc::clone(&dispatcher);
        Box::pin(async move {
            let text = dispatcher.render_metrics().await;
            ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text)
        })
    }
}

fn health(
    dispatcher: Arc<Dispatcher<Adminduk>>,
    store: Arc<dyn cekbae_bot::Store>,
    channels: Vec<&'static str>,
    calendar_until: chrono::NaiveDate,
    in_flight: InFlight,
) -> impl Fn() -> std::pin::Pin<Box<dyn Future<Output = Json<serde_json::Value>> + Send>> + Clone + Send + Sync + 'static
{
    let calendar_until = calendar_until.format("%Y-%m-%d").to_string();
    move || {
        let (dispatcher, store, channels, calendar_until, in_flight) =
            (Arc::clone(&dispatcher), Arc::clone(&store), channels.clone(), calendar_until.clone(), in_flight.clone());
        Box::pin(async move {
            let backend = store.backend();
            // A database is asked over the network: off the async threads.
            let reachable = match tokio::task::spawn_blocking(move || store.ping()).await {
                Ok(Ok(())) => true,
                Ok(Err(err)) => {
                    tracing::warn!(error = %err, "storage unreachable");
                    false
                }
                Err(_) => false,
            };
            Json(json!({
                "status": if reachable { "ok" } else { "degraded" },
                "channels": channels,
                "busy_residents": dispatcher.busy_residents(),
                "calendar_until": calendar_until,
                // Near the cap, Meta's deliveries start getting 503 (and are retried).
                "requests_in_flight": in_flight.max.saturating_sub(in_flight.permits.available_permits()),
                "storage": { "backend": backend, "reachable": reachable },
            }))
        })
    }
}

/// Completes on Ctrl-C or SIGTERM. The handlers are installed when this is
/// called (not when first polled), so a signal right after start-up is caught.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    #[cfg(unix)]
    let interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok();
    async move {
        #[cfg(unix)]
        {
            let (mut term, mut interrupt) = (term, interrupt);
            let term = async {
                match term.as_mut() {
                    Some(signal) => {
                        signal.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            let interrupt = async {
                match interrupt.as_mut() {
                    Some(signal) => {
                        signal.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = term => {}
                () = interrupt => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_settings_read_their_variables_and_keep_defaults_for_the_others() {
        let media = MediaSettings::from_lookup(|_| None).unwrap();
        assert_eq!((media.timeout, media.attempts), (DEFAULT_TIMEOUT, 4));
        let media = MediaSettings::from_lookup(|name| match name {
            "CEKBAE_MEDIA_TIMEOUT_SECS" => Some("5".into()),
            "CEKBAE_MEDIA_RETRY_FIRST_MS" => Some(" 100 ".into()),
            "CEKBAE_MEDIA_ATTEMPTS" => Some("2".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            (media.timeout, media.first_retry, media.attempts),
            (Duration::from_secs(5), Duration::from_millis(100), 2)
        );
        let fetch = media.fetch_settings(10 * 1024 * 1024);
        assert_eq!(fetch.max_bytes, 10 * 1024 * 1024);
        assert!(fetch.lease > media.timeout, "a live download is never taken over");
        assert!(fetch.every <= Duration::from_millis(100), "a file given back is looked at again soon after its wait");
        for (name, value) in [("CEKBAE_MEDIA_TIMEOUT_SECS", "0"), ("CEKBAE_MEDIA_ATTEMPTS", "many")] {
            let err = MediaSettings::from_lookup(|it| (it == name).then(|| value.to_owned())).unwrap_err();
            assert!(err.to_string().contains(name), "{err}");
        }
    }
}
