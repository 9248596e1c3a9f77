//! The command-line contract: `cekbae [console|serve|appointments|handover|closures|users|report|purge|audit|nik|check|parse|keygen|link|poster|backup|restore|reminders|templates]` and their flags.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::secrets::Secrets;

/// CEK BAE WA: the adminduk assistant of Kecamatan Leuwiliang.
///
/// Without a command, runs the console chat (same as `cekbae console`).
#[derive(Debug, Parser)]
#[command(name = "cekbae", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; the console chat when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Console options, when no command is given.
    #[command(flatten)]
    pub console: ConsoleArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Chat with the bot in the terminal, one resident message per line.
    Console(ConsoleArgs),
    /// Check NIKs structurally; prints one JSON object per NIK.
    Nik(NikArgs),
    /// Check every locale and dialogue file and report all problems.
    Check(CheckArgs),
    /// Run the HTTP server for the configured channels (WhatsApp, Telegram), plus GET /healthz.
    Serve(ServeArgs),
    /// List appointments, or mark one done, no-show or cancelled (petugas).
    Appointments(AppointmentsArgs),
    /// Residents waiting for a petugas: list, reply, close.
    #[command(subcommand)]
    Handover(HandoverCommand),
    /// Days the office closes by its own decision (an office event, a camat's decision): add, list, remove.
    #[command(subcommand)]
    Closures(ClosuresCommand),
    /// Staff accounts of the desk in the browser: add, list, disable, passwd.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Users, conversations, funnel, bookings, handovers and the SKM/IKM for a period.
    Report(ReportArgs),
    /// Delete NIKs and conversations past the retention period now (serve does it daily).
    Purge(PurgeArgs),
    /// Who saw full NIKs (--reveal) or changed an appointment, and when.
    Audit(AuditArgs),
    /// Show what the bot understands in each line of stdin, as one JSON object per line:
    /// {"document", "reason", "nik", "intent"}, null for what it does not recognise.
    Parse(ParseArgs),
    /// Print a new random key for CEKBAE_DATA_KEY (or an admin token): 64 hex digits.
    Keygen,
    /// Print the link that opens a chat with the bot (for the kecamatan's website, leaflets, posters).
    Link(LinkArgs),
    /// Draw an A4 poster (SVG or PNG): the service, the QR code of its link, the number,
    /// the hours and example messages.
    Poster(PosterArgs),
    /// Reminders the day before each appointment: `run` sends those due now.
    #[command(subcommand)]
    Reminders(crate::commands::reminders::RemindersCommand),
    /// The WhatsApp message templates to register in WhatsApp Manager (for messages outside the 24-hour window).
    Templates(crate::commands::templates::TemplatesArgs),
    /// Write a compressed backup of the data (through the running server, or directly);
    /// NIKs stay sealed.
    Backup(BackupArgs),
    /// Load a backup into an empty data directory (or, with --force, replace one).
    Restore(RestoreArgs),
    /// Apply the database's schema migrations (serve and every command also apply them at start).
    Migrate(MigrateArgs),
    /// Move the stored data between backends.
    #[command(subcommand)]
    Store(StoreCommand),
}

/// Options of `cekbae migrate`.
#[derive(Debug, Clone, Args)]
pub struct MigrateArgs {
    /// Storage and data files.
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// `cekbae store …`.
#[derive(Debug, Clone, Subcommand)]
pub enum StoreCommand {
    /// Copy an office's sled data directory into PostgreSQL (sessions, bookings and day counters,
    /// surveys, statistics, handovers, audit log, outbox, inbox, records, closures, statuses, keys);
    /// run again, it copies nothing twice. Prints the count per kind.
    Copy(StoreCopyArgs),
}

/// Options of `cekbae store copy`.
#[derive(Debug, Clone, Args)]
pub struct StoreCopyArgs {
    /// The sled data directory to copy from (the server using it stopped).
    #[arg(long, value_name = "DIR")]
    pub from: PathBuf,
    /// The PostgreSQL database to copy into (`postgres://…`).
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// Data keys and data files.
    #[command(flatten)]
    pub engine: EngineArgs,
}

impl Command {
    /// The engine options of a command that opens the data directory.
    pub fn engine_args_mut(&mut self) -> Option<&mut EngineArgs> {
        match self {
            Command::Console(args) => Some(&mut args.engine),
            Command::Serve(args) => Some(&mut args.engine),
            Command::Appointments(args) => Some(&mut args.engine),
            Command::Handover(
                HandoverCommand::List { engine, .. }
                | HandoverCommand::Reply { engine, .. }
                | HandoverCommand::Close { engine, .. },
            ) => Some(engine),
            Command::Users(
                UsersCommand::Add { engine, .. }
                | UsersCommand::List { engine, .. }
                | UsersCommand::Disable { engine, .. }
                | UsersCommand::Passwd { engine, .. },
            ) => Some(engine),
            Command::Report(args) => Some(&mut args.engine),
            Command::Purge(args) => Some(&mut args.engine),
            Command::Audit(args) => Some(&mut args.engine),
            Command::Closures(
                ClosuresCommand::Add { engine, .. }
                | ClosuresCommand::List { engine, .. }
                | ClosuresCommand::Remove { engine, .. },
            ) => Some(engine),
            Command::Migrate(args) => Some(&mut args.engine),
            Command::Store(StoreCommand::Copy(args)) => Some(&mut args.engine),
            Command::Reminders(command) => Some(command.engine_mut()),
            Command::Backup(args) => Some(&mut args.engine),
            Command::Restore(args) => Some(&mut args.engine),
            Command::Nik(_)
            | Command::Templates(_)
            | Command::Check(_)
            | Command::Parse(_)
            | Command::Keygen
            | Command::Link(_)
            | Command::Poster(_) => None,
        }
    }
}

/// Locales a resident can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LocaleArg {
    /// Bahasa Indonesia (default).
    Id,
    /// Basa Sunda.
    Su,
    /// English.
    En,
}

impl LocaleArg {
    /// The locale code.
    pub fn code(self) -> &'static str {
        match self {
            LocaleArg::Id => "id",
            LocaleArg::Su => "su",
            LocaleArg::En => "en",
        }
    }
}

/// Where data files come from; embedded copies are used when not given.
#[derive(Debug, Clone, Args)]
pub struct SourceArgs {
    /// Folder of `.ftl` files, one subfolder per locale (default: the copy built into the binary).
    /// Several folders separated by `:` are layers: each file comes from the first that has it.
    #[arg(long, value_name = "DIR", env = "CEKBAE_LOCALES")]
    pub locales: Option<PathBuf>,
    /// Folder of dialogue data, holding `adminduk/catalog.toml`, `adminduk/holidays.toml` and
    /// `adminduk/questions.toml` (default: the copy built into the binary). Several folders
    /// separated by `:` are layers: each file comes from the first that has it.
    #[arg(long, value_name = "DIR", env = "CEKBAE_DIALOGUES")]
    pub dialogues: Option<PathBuf>,
}

/// How the engine runs: where data lives, the clock, limits, data files. Shared by `console` and `serve`.
#[derive(Debug, Clone, Args)]
pub struct EngineArgs {
    /// Where sessions and bookings are stored (sled), unless --database names a database.
    #[arg(long, value_name = "DIR", env = "CEKBAE_DATA", default_value = "data")]
    pub data: PathBuf,
    /// A PostgreSQL database (`postgres://…`) to store in instead of --data, shared by several
    /// instances; requires CEKBAE_DATA_KEY. `sslmode=require` connects with TLS.
    #[arg(long, value_name = "URL", env = "CEKBAE_DATABASE_URL")]
    pub database: Option<String>,
    /// Fix "now" for the whole run, e.g. 2026-11-30T08:00:00+07:00.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<DateTime<FixedOffset>>,
    /// Places per service day (default: from the catalog, 40).
    #[arg(long, value_name = "N", env = "CEKBAE_CAPACITY", value_parser = clap::value_parser!(u32).range(1..))]
    pub capacity: Option<u32>,
    /// Minutes of silence after which a conversation starts over.
    #[arg(long, value_name = "MINUTES", env = "CEKBAE_IDLE_MINUTES", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    pub idle_minutes: u32,
    /// `CEKBAE_DATA_KEY`, `CEKBAE_DATA_KEY_OLD` and `CEKBAE_ADMIN_TOKEN`: read from the
    /// environment or `<NAME>_FILE` at start, never from the command line (see [`crate::secrets`]).
    #[arg(skip)]
    pub secrets: Secrets,
    /// Days after the pickup day that a NIK is kept (default: from the catalog, 30).
    #[arg(long, value_name = "DAYS", env = "CEKBAE_RETENTION_DAYS")]
    pub retention_days: Option<u32>,
    /// Data file locations.
    #[command(flatten)]
    pub sources: SourceArgs,
}

impl EngineArgs {
    /// The command line's defaults for a data directory, with an optional fixed clock
    /// (for tests and benchmarks that run the server in-process).
    pub fn at(data: impl Into<PathBuf>, now: Option<DateTime<FixedOffset>>) -> Self {
        Self {
            data: data.into(),
            database: None,
            now,
            capacity: None,
            idle_minutes: 30,
            secrets: Secrets::default(),
            retention_days: None,
            sources: SourceArgs { locales: None, dialogues: None },
        }
    }
}

/// Options of the console chat.
#[derive(Debug, Clone, Args)]
pub struct ConsoleArgs {
    /// The resident's id; the same id continues the same conversation.
    #[arg(long, value_name = "ID", default_value = "warga")]
    pub user: String,
    /// The resident's language.
    #[arg(long, value_enum)]
    pub locale: Option<LocaleArg>,
    /// Print one JSON object per input line: {"state", "slots", "replies", "locale"}.
    #[arg(long)]
    pub json: bool,
    /// Storage, clock and data files.
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Options of `cekbae serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on. The default takes requests from this machine only
    /// (a reverse proxy in front); use 0.0.0.0:8080 only when nothing else terminates HTTPS.
    #[arg(long, value_name = "ADDR", env = "CEKBAE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Address of the admin API for desk commands (only with CEKBAE_ADMIN_TOKEN set).
    #[arg(long, value_name = "ADDR", env = "CEKBAE_ADMIN_LISTEN", default_value = "127.0.0.1:8081")]
    pub admin_listen: String,
    /// Allow an --admin-listen address other machines can reach (plain HTTP: the token
    /// travels in the clear; put it behind a VPN or TLS).
    #[arg(long)]
    pub admin_listen_public: bool,
    /// Settings file; environment variables win over it (default: ./cekbae.toml, else
    /// /etc/cekbae/cekbae.toml, when present).
    #[arg(long, value_name = "FILE", env = "CEKBAE_CONFIG")]
    pub config: Option<PathBuf>,
    /// Storage, clock and data files.
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Options of `cekbae nik`.
#[derive(Debug, Clone, Args)]
pub struct NikArgs {
    /// One or more NIKs; spaces, dots and dashes between digit groups are allowed (quote them).
    #[arg(required = true, value_name = "NIK")]
    pub niks: Vec<String>,
    /// The date that decides the century of two-digit years (default: today).
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<DateTime<FixedOffset>>,
}

/// Options of `cekbae check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Data file locations to check (default: the copies built into the binary).
    #[command(flatten)]
    pub sources: SourceArgs,
    /// The day the calendar's end is measured from (default: now), e.g. 2027-11-01T08:00:00+07:00.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<DateTime<FixedOffset>>,
}

/// `--from D --to D`: a period of days, each end optional (default: everything).
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct PeriodArgs {
    /// First day (YYYY-MM-DD).
    #[arg(long, value_name = "D")]
    pub from: Option<NaiveDate>,
    /// Last day (YYYY-MM-DD).
    #[arg(long, value_name = "D")]
    pub to: Option<NaiveDate>,
}

/// What to do to an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AppointmentAction {
    /// The resident came and was served.
    Done,
    /// The resident did not come.
    NoShow,
    /// Cancel: frees the place and tells the resident.
    Cancel,
    /// The document is ready to collect: tells the resident, with the office hours.
    Ready,
}

/// Options of `cekbae appointments`.
#[derive(Debug, Clone, Args)]
pub struct AppointmentsArgs {
    /// Change a status instead of listing: done, no-show or cancel.
    #[arg(value_enum, requires = "ticket")]
    pub action: Option<AppointmentAction>,
    /// The ticket to change, e.g. LWL-20261130-001.
    pub ticket: Option<String>,
    /// Only this pickup day (YYYY-MM-DD).
    #[arg(long, value_name = "D", conflicts_with_all = ["from", "to"])]
    pub date: Option<NaiveDate>,
    /// Pickup days.
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Show full NIKs; writes an audit entry (who, when, which tickets).
    #[arg(long)]
    pub reveal: bool,
    /// Your name, for the audit log (default: the system user).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Storage and data files.
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// `cekbae handover ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum HandoverCommand {
    /// Residents waiting for or talking with a petugas (all, with --all).
    List {
        /// Also closed ones.
        #[arg(long)]
        all: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Storage and data files.
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Send a reply to the resident of handover ID, on their channel.
    Reply {
        /// The handover number shown by `handover list`.
        id: u64,
        /// The text.
        text: String,
        /// Storage and data files.
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// End handover ID; the bot answers the resident again.
    Close {
        /// The handover number.
        id: u64,
        /// Storage and data files.
        #[command(flatten)]
        engine: EngineArgs,
    },
}

/// `cekbae closures ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum ClosuresCommand {
    /// Close the office on DATE: it is no longer offered, and every resident booked that day
    /// is told on their channel, with the reason, and offered other days to pick.
    Add {
        /// The day (YYYY-MM-DD).
        date: NaiveDate,
        /// Why, in words residents read (e.g. "Rapat kerja kecamatan").
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// Your name, for the audit log (default: the system user).
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Storage and data files.
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// The office's closures, earliest first.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Storage and data files.
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Open DATE again (residents already moved to another day keep their new day).
    Remove {
        /// The day (YYYY-MM-DD).
        date: NaiveDate,
        /// Your name, for the audit log (default: the system user).
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
        /// Storage and data files.
        #[command(flatten)]
        engine: EngineArgs,
    },
}

/// A desk role, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Everything, and accounts and the audit log.
    Admin,
    /// Appointments, handovers, closures, the report.
    Petugas,
    /// The report.
    Camat,
}

/// `cekbae users ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum UsersCommand {
    /// Make an account; its password is read from stdin (one line, at least 10 characters).
    Add {
        /// The login name (a-z, 0-9, '.', '_', '-').
        name: String,
        /// What the account may do.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Storage and data files.
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// The accounts.
    List {
        /// Print JSON: [{"name", "role", "disabled", "created_at"}].
        #[arg(long)]
        json: bool,
        /// Storage and data files.
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Stop an account from signing in; its sessions end.
    Disable {
        /// The login name.
        name: String,
        /// Storage and data files.
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Set a new password (read from stdin, one line); enables the account and lifts a lockout.
    Passwd {
        /// The login name.
        name: String,
        /// Storage and data files.
        #[command(flatten)]
        engine: EngineArgs,
    },
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned tables with a conclusion.
    Text,
    /// One JSON object.
    Json,
    /// section,key,value rows.
    Csv,
}

/// Options of `cekbae report`.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// The days reported on.
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Storage and data files.
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Options of `cekbae purge`.
#[derive(Debug, Clone, Args)]
pub struct PurgeArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Storage and data files.
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Options of `cekbae audit`.
#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    /// The days listed.
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Storage and data files.
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Options of `cekbae parse`.
#[derive(Debug, Clone, Args)]
pub struct ParseArgs {
    /// The resident's current language; with `--explain`, shows whether the bot would switch.
    #[arg(long, value_enum)]
    pub locale: Option<LocaleArg>,
    /// Also print how sure each reading is, services not given here, and the tokens.
    #[arg(long)]
    pub explain: bool,
    /// Data file locations (the catalog's aliases are what is matched).
    #[command(flatten)]
    pub sources: SourceArgs,
}

/// Channels a link can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChannelArg {
    /// A `wa.me` link to the business number, the request format prefilled.
    Whatsapp,
    /// A `t.me` link to the bot, with a start parameter.
    Telegram,
}

/// Where a link or poster takes its settings and text from.
#[derive(Debug, Clone, Args)]
pub struct LinkSource {
    /// The channel the link opens.
    #[arg(long, value_enum, default_value = "whatsapp")]
    pub channel: ChannelArg,
    /// A desa: the link carries its mark, so `cekbae report` counts residents who came from it.
    #[arg(long, value_name = "NAME")]
    pub desa: Option<String>,
    /// Settings file with `[whatsapp] display_number` and `[telegram] username`; environment
    /// variables win over it (default: ./cekbae.toml, else /etc/cekbae/cekbae.toml, when present).
    #[arg(long, value_name = "FILE", env = "CEKBAE_CONFIG")]
    pub config: Option<PathBuf>,
    /// Data file locations (the text comes from Fluent, the office's hours from the catalog).
    #[command(flatten)]
    pub sources: SourceArgs,
}

/// How `cekbae link` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LinkFormat {
    /// The link alone.
    Text,
    /// `{"channel": ..., "link": ...}`.
    Json,
}

/// Options of `cekbae link`.
#[derive(Debug, Clone, Args)]
pub struct LinkArgs {
    /// Channel, desa, settings and data files.
    #[command(flatten)]
    pub source: LinkSource,
    /// The text to prefill on WhatsApp (default: the request format the greeting shows), or
    /// the start parameter on Telegram (1-64 of A-Z a-z 0-9 _ -).
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// The language of the prefilled text.
    #[arg(long, value_enum, default_value = "id")]
    pub locale: LocaleArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: LinkFormat,
}

/// Options of `cekbae poster`.
#[derive(Debug, Clone, Args)]
pub struct PosterArgs {
    /// Where to write it; `.svg` or `.png` (300 dpi) says which.
    #[arg(long, value_name = "FILE", value_parser = parse_poster_file)]
    pub out: PathBuf,
    /// The poster's language.
    #[arg(long, value_enum, default_value = "id")]
    pub locale: LocaleArg,
    /// Channel, desa, settings and data files.
    #[command(flatten)]
    pub source: LinkSource,
}

fn parse_poster_file(value: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(value);
    match path.extension().and_then(|it| it.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("svg" | "png") => Ok(path),
        _ => Err(format!("`{value}` must end in .svg or .png")),
    }
}

/// Options of `cekbae backup`.
#[derive(Debug, Clone, Args)]
pub struct BackupArgs {
    /// The backup file to write (a .tar.gz; written 0600, replaced whole only once complete).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Storage and data files.
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Options of `cekbae restore`.
#[derive(Debug, Clone, Args)]
pub struct RestoreArgs {
    /// The backup file (`cekbae backup --out FILE`).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The data directory to restore into; it must be empty or absent unless --force.
    #[arg(long, value_name = "DIR", required_unless_present = "database")]
    pub data: Option<PathBuf>,
    /// The PostgreSQL database (`postgres://…`) to restore into instead of --data (a backup of a PostgreSQL
    /// store); its tables must be empty unless --force. Requires CEKBAE_DATA_KEY.
    #[arg(long, value_name = "URL", env = "CEKBAE_DATABASE_URL")]
    pub database: Option<String>,
    /// Replace what the data directory or the database holds (stop the servers first).
    #[arg(long)]
    pub force: bool,
    /// The data keys that must open the backup (from the environment, like every command's).
    #[arg(skip = EngineArgs::at("data", None))]
    pub engine: EngineArgs,
}

/// Parses `--now`.
pub fn parse_now(value: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(value)
        .map_err(|err| format!("`{value}` is not an RFC 3339 time ({err}); example: 2026-11-30T08:00:00+07:00"))
}
