//! `cekbae serve`: starts the runtime and the server, stops on Ctrl-C or SIGTERM.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use crate::args::ServeArgs;
use crate::server::{serve, shutdown_signal, Settings};

/// The settings file looked for when `--config` is not given.
const DEFAULT_CONFIG: &str = "cekbae.toml";

pub(crate) fn run<E: Write>(args: &ServeArgs, mut stderr: E) -> anyhow::Result<bool> {
    let file = match &args.config {
        Some(path) => Some(path.clone()),
        None => Some(PathBuf::from(DEFAULT_CONFIG)).filter(|it| it.is_file()),
    };
    let settings = Settings::load(|name| std::env::var(name).ok(), file.as_deref())?;
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let channels = if settings.whatsapp.is_some() { "whatsapp" } else { "none (set WHATSAPP_* variables)" };
        writeln!(stderr, "cekbae serve: listening on http://{}; channels: {channels}", listener.local_addr()?)?;
        serve(args.engine.clone(), settings, listener, shutdown_signal()).await
    })?;
    Ok(true)
}
