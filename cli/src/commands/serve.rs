//! `cekbae serve`: starts the runtime and the server, stops on Ctrl-C or SIGTERM.

use std::io::Write;

use anyhow::Context;

use crate::args::ServeArgs;
use crate::server::{config_path, serve, shutdown_signal, Listeners, Settings};

pub(crate) fn run<E: Write>(args: &ServeArgs, mut stderr: E) -> anyhow::Result<bool> {
    let file = config_path(args.config.as_deref());
    let settings = Settings::load(|name| std::env::var(name).ok(), file.as_deref())?;
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the runtime")?;
    runtime.block_on(async {
        // Installed before anything is announced, so an early SIGTERM is a clean stop.
        let stop = shutdown_signal();
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
        let admin = match &settings.admin_token {
            Some(_) => Some(
                tokio::net::TcpListener::bind(&args.admin_listen)
                    .await
                    .with_context(|| format!("cannot listen on {} for the admin API", args.admin_listen))?,
            ),
            None => None,
        };
        if let Some(admin) = &admin {
            writeln!(stderr, "cekbae serve: admin API on http://{}", admin.local_addr()?)?;
        }
        serve(args.engine.clone(), settings, Listeners { public: listener, admin }, stop).await
    })?;
    Ok(true)
}
