//! The `cekbae` command line: console chat, the server, the desk, NIK and data checks, the parser,
//! links and posters, backups; callable in-process for tests.
//!
//! Exit codes: 0 success; 1 a check failed (invalid NIK, data problems) or the
//! command could not run; 2 bad arguments.

use std::ffi::OsString;
use std::io::{BufRead, Write};

use clap::Parser;

pub mod args;
pub mod backend;
pub mod backup;
mod commands;
pub mod desk;
pub mod http;
pub mod permissions;
pub mod reach;
pub mod secrets;
pub mod server;
pub mod setup;

use args::{Cli, Command};

/// Runs the command line with the given arguments and streams; returns the exit code.
/// Secrets are read from the process environment.
pub fn run<I, T, R, W, E>(args: I, stdin: R, stdout: W, stderr: E) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
    R: BufRead,
    W: Write + Send,
    E: Write,
{
    run_with_env(args, &|name| std::env::var(name).ok(), stdin, stdout, stderr)
}

/// [`run`], with the variables that hold secrets (`CEKBAE_DATA_KEY`,
/// `CEKBAE_ADMIN_TOKEN`, the settings `serve` reads) looked up in `env`, so
/// tests can give each run its own without touching the process environment.
pub fn run_with_env<I, T, R, W, E>(args: I, env: secrets::Env<'_>, stdin: R, mut stdout: W, mut stderr: E) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
    R: BufRead,
    W: Write + Send,
    E: Write,
{
    // Whatever this process creates (the database, the admin address file) is private to its user.
    permissions::private_by_default();
    let mut cli = match Cli::try_parse_from(args) {
        Ok(it) => it,
        Err(err) => {
            let code = err.exit_code();
            let text = err.render().to_string();
            let _ = if code == 0 { write!(stdout, "{text}") } else { write!(stderr, "{text}") };
            return u8::try_from(code).unwrap_or(2);
        }
    };
    // The server reports what it does; the other commands speak only when something is wrong.
    init_logging(if matches!(cli.command, Some(Command::Serve(_))) { "info" } else { "warn" });
    let engine = match cli.command.as_mut() {
        Some(command) => command.engine_args_mut(),
        None => Some(&mut cli.console.engine),
    };
    if let Some(engine) = engine {
        match secrets::Secrets::read(env) {
            Ok(secrets) => engine.secrets = secrets,
            Err(err) => {
                let _ = writeln!(stderr, "error: {err:#}");
                return 1;
            }
        }
    }
    let res = match &cli.command {
        None => commands::console::run(&cli.console, stdin, stdout, &mut stderr).map(|()| true),
        Some(Command::Console(args)) => commands::console::run(args, stdin, stdout, &mut stderr).map(|()| true),
        Some(Command::Nik(args)) => commands::nik::run(args, stdout),
        Some(Command::Check(args)) => commands::check::run(args, stdout),
        Some(Command::Parse(args)) => commands::parse::run(args, stdin, stdout),
        Some(Command::Serve(args)) => commands::serve::run(args, env, &mut stderr),
        Some(Command::Appointments(args)) => commands::desk::appointments(args, stdout, &mut stderr),
        Some(Command::Handover(command)) => commands::desk::handover(command, stdout, &mut stderr),
        Some(Command::Berkas(command)) => commands::berkas::run(command, stdout, &mut stderr),
        Some(Command::Closures(command)) => commands::closures::run(command, stdout, &mut stderr),
        Some(Command::Users(command)) => commands::users::run(command, stdin, stdout, &mut stderr),
        Some(Command::Report(args)) => commands::desk::report(args, stdout, &mut stderr),
        Some(Command::Purge(args)) => commands::desk::purge(args, stdout, &mut stderr),
        Some(Command::Audit(args)) => commands::desk::audit(args, stdout, &mut stderr),
        Some(Command::Link(args)) => commands::link::run(args, env, stdout),
        Some(Command::Poster(args)) => commands::poster::run(args, env, &mut stderr),
        Some(Command::Keygen) => commands::keygen::run(stdout, &mut stderr),
        Some(Command::Migrate(args)) => commands::store::migrate(&args.engine, stdout),
        Some(Command::Store(args::StoreCommand::Copy(args))) => commands::store::copy(args, stdout),
        Some(Command::Reminders(command)) => commands::reminders::run(command, stdout, &mut stderr),
        Some(Command::Templates(args)) => commands::templates::run(args, env, stdout),
        Some(Command::Backup(args)) => commands::backup::backup(args, stdout, &mut stderr),
        Some(Command::Restore(args)) => commands::backup::restore(args, stdout),
    };
    match res {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(err) => {
            // A closed pipe (`cekbae nik ... | head`) is not an error.
            if err.chain().any(|cause| {
                cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return 0;
            }
            let _ = writeln!(stderr, "error: {err:#}");
            1
        }
    }
}

/// Logs go to stderr, at `default` unless `RUST_LOG` says otherwise; colours
/// only on a terminal. Idempotent.
fn init_logging(default: &str) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}
