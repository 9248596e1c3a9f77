//! `cekbae serve`: starts the runtime and the server, stops on Ctrl-C or SIGTERM.

use std::io::Write;
use std::net::SocketAddr;

use anyhow::{bail, Context};

use crate::args::ServeArgs;
use crate::http::raise_open_file_limit;
use crate::secrets::Env;
use crate::server::{config_path, open_for_serving, serve_engine, shutdown_signal, Listeners, Settings};

pub(crate) fn run<E: Write>(args: &ServeArgs, env: Env<'_>, mut stderr: E) -> anyhow::Result<bool> {
    let file = config_path(args.config.as_deref());
    let mut settings = Settings::load(env, file.as_deref())?;
    settings.check_for_serving(&args.engine)?;
    if let Some(open_files) = raise_open_file_limit() {
        let wanted = settings.http.max_connections;
        settings.http = settings.http.within_open_files(open_files);
        if settings.http.max_connections < wanted {
            tracing::warn!(
                open_files,
                max_connections = settings.http.max_connections,
                "few files may be open; fewer connections are served at once"
            );
        }
    }
    // The data directory's modes, the store and the key are checked before any address is announced.
    let engine = open_for_serving(&args.engine)?;
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the runtime")?;
    runtime.block_on(async {
        // Installed before anything is announced, so an early SIGTERM is a clean stop.
        let stop = shutdown_signal();
        let admin = match &settings.admin_token {
            Some(_) => {
                let admin = tokio::net::TcpListener::bind(&args.admin_listen)
                    .await
                    .with_context(|| format!("cannot listen on {} for the admin API", args.admin_listen))?;
                check_admin_address(admin.local_addr()?, args.admin_listen_public)?;
                Some(admin)
            }
            None => None,
        };
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let mut channels: Vec<&str> = Vec::new();
        if settings.whatsapp.is_some() {
            channels.push("whatsapp");
        }
        match &settings.telegram {
            Some(config) if config.uses_webhook() => channels.push("telegram (webhook)"),
            Some(_) => channels.push("telegram (long polling)"),
            None => {}
        }
        let channels = if channels.is_empty() {
            "none (set WHATSAPP_* or TELEGRAM_BOT_TOKEN)".to_owned()
        } else {
            channels.join(", ")
        };
        writeln!(stderr, "cekbae serve: listening on http://{}; channels: {channels}", listener.local_addr()?)?;
        if let Some(admin) = &admin {
            writeln!(stderr, "cekbae serve: admin API on http://{}", admin.local_addr()?)?;
        }
        serve_engine(engine, &args.engine.data, settings, Listeners { public: listener, admin }, stop).await
    })?;
    Ok(true)
}

/// The admin API speaks plain HTTP: its token must not cross a network unless the
/// operator says so (`--admin-listen-public`, for a VPN or a TLS proxy in front).
fn check_admin_address(addr: SocketAddr, public_allowed: bool) -> anyhow::Result<()> {
    if addr.ip().is_loopback() {
        return Ok(());
    }
    if !public_allowed {
        bail!(
            "--admin-listen {addr} can be reached from other machines, and the admin API is plain HTTP: \
             the token would cross the network in the clear. Keep the default 127.0.0.1:8081, or add \
             --admin-listen-public when a VPN or a TLS proxy protects that address"
        );
    }
    tracing::warn!(%addr, "the admin API listens on an address other machines can reach (--admin-listen-public); its token travels in plain HTTP unless a VPN or TLS proxy protects it");
    Ok(())
}
