//! `cekbae link`: the click-to-chat link (`wa.me`, the request format prefilled) or the
//! Telegram deep link (`t.me/<bot>?start=`), from the settings alone; no network.
//! With a desa, the link carries its mark ([`cekbae_dialogues::source`]), which the bot
//! recognises so the report counts residents per desa by the poster they came from.

use std::path::Path;

use anyhow::{bail, Context};
use serde::Serialize;

use cekbae_adapter_telegram::deep_link::{self, BOT_USERNAME};
use cekbae_adapter_whatsapp::click_to_chat::{self, DISPLAY_NUMBER};
use cekbae_bot::{link_tag, Locales, Say};
use cekbae_dialogues::catalog::desa_label;
use cekbae_dialogues::{source, Catalog};

use crate::args::{ChannelArg, LinkSource};
use crate::secrets::Env;
use crate::server::{config_path, from_file, settings_table};
use crate::setup::load_checked;

/// The Fluent message with the text a WhatsApp link prefills: the request format of the greeting.
pub const PREFILL: &str = "poster-link-text";
/// What a Telegram link starts the bot with when nothing else is asked for: a greeting.
pub const DEFAULT_START: &str = "halo";
/// `[telegram] username` in `cekbae.toml`, read the way every other setting is.
const USERNAME_IN_FILE: &str = "TELEGRAM_USERNAME";

/// The settings links are made from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkSettings {
    /// The business number residents write to, digits only (`6281234567890`).
    pub display_number: Option<String>,
    /// The Telegram bot's username, without `@`.
    pub bot_username: Option<String>,
}

impl LinkSettings {
    /// `WHATSAPP_DISPLAY_NUMBER` (or `[whatsapp] display_number`) and `TELEGRAM_BOT_USERNAME`
    /// (or `[telegram] username`); the environment wins over the file.
    pub fn load(env: impl Fn(&str) -> Option<String>, file: Option<&Path>) -> anyhow::Result<Self> {
        let table = settings_table(file)?;
        let set = |value: Option<String>| value.map(|it| it.trim().to_owned()).filter(|it| !it.is_empty());
        let number = set(env(DISPLAY_NUMBER).or_else(|| from_file(&table, DISPLAY_NUMBER)));
        let username = set(env(BOT_USERNAME).or_else(|| from_file(&table, USERNAME_IN_FILE)));
        Ok(Self {
            display_number: number
                .map(|it| click_to_chat::display_number(&it))
                .transpose()
                .map_err(anyhow::Error::msg)?,
            bot_username: username.map(|it| deep_link::bot_username(&it)).transpose().map_err(anyhow::Error::msg)?,
        })
    }
}

/// Everything `link` and `poster` read before they make anything: the settings
/// (from the process environment and the settings file), the desa, texts and catalog.
pub struct Inputs {
    /// The number and the bot's username.
    pub settings: LinkSettings,
    /// `--desa`.
    pub desa: Option<Desa>,
    /// The checked locales.
    pub locales: std::sync::Arc<Locales>,
    /// The checked catalog.
    pub catalog: Catalog,
}

impl Inputs {
    /// Reads them for `source`, settings looked up in `env` (the environment) before the file.
    pub fn load(source: &LinkSource, env: Env<'_>) -> anyhow::Result<Self> {
        let file = config_path(source.config.as_deref());
        let settings = LinkSettings::load(env, file.as_deref())?;
        let (locales, catalog) = load_checked(&source.sources)?;
        let desa = source.desa.as_deref().map(|name| desa(name, &catalog, &locales)).transpose()?;
        Ok(Self { settings, desa, locales, catalog })
    }

    /// The link for `source`'s channel and desa, with `text` and the default prefill in `locale`.
    pub fn link(&self, source: &LinkSource, text: Option<&str>, locale: &str) -> anyhow::Result<Link> {
        let desa = self.desa.as_ref().map(|it| it.id.as_str());
        build(&self.settings, LinkRequest { channel: source.channel, text, desa, locale }, &self.locales)
    }
}

/// A link, and how a poster names where it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// `whatsapp` or `telegram`.
    pub channel: &'static str,
    /// The URL.
    pub link: String,
    /// The number (`+62 812-3456-7890`) or the bot (`@cekbae_bot`), for people.
    #[serde(skip)]
    pub address: String,
}

/// What a link is made of besides the settings.
#[derive(Debug, Clone, Copy)]
pub struct LinkRequest<'a> {
    /// The channel.
    pub channel: ChannelArg,
    /// `--text`: the prefill (WhatsApp) or the start parameter (Telegram).
    pub text: Option<&'a str>,
    /// The desa id whose mark the link carries.
    pub desa: Option<&'a str>,
    /// The language of the default prefill.
    pub locale: &'a str,
}

/// Builds the link; an error names the setting that is missing.
pub fn build(settings: &LinkSettings, request: LinkRequest<'_>, locales: &Locales) -> anyhow::Result<Link> {
    let mark = request.desa.map(source::payload);
    match request.channel {
        ChannelArg::Whatsapp => {
            let Some(number) = &settings.display_number else {
                bail!(
                    "the WhatsApp number is not set: set {DISPLAY_NUMBER} (or display_number in the [whatsapp] \
                     section of cekbae.toml) to the business number residents write to, e.g. 0812-3456-7890"
                );
            };
            let mut text = match request.text {
                Some(text) => text.to_owned(),
                None => locales.render(request.locale, &Say::new(PREFILL)),
            };
            if let Some(mark) = &mark {
                text = format!("{} {}", text.trim_end(), link_tag::tag(mark));
            }
            Ok(Link {
                channel: cekbae_adapter_whatsapp::CHANNEL,
                link: click_to_chat::link(number, text.trim()),
                address: click_to_chat::for_people(number),
            })
        }
        ChannelArg::Telegram => {
            let Some(username) = &settings.bot_username else {
                bail!(
                    "the Telegram bot is not named: set {BOT_USERNAME} (or username in the [telegram] section of \
                     cekbae.toml) to the bot's username from BotFather, e.g. cekbae_leuwiliang_bot"
                );
            };
            let start = match (request.text, &mark) {
                (Some(_), Some(_)) => {
                    bail!("a Telegram link carries one start parameter: give --text or --desa, not both")
                }
                (Some(text), None) => text,
                (None, Some(mark)) => mark.as_str(),
                (None, None) => DEFAULT_START,
            };
            let link = deep_link::link(username, start).map_err(anyhow::Error::msg).context("--text")?;
            Ok(Link { channel: cekbae_adapter_telegram::CHANNEL, link, address: format!("@{username}") })
        }
    }
}

/// A desa named by `--desa`: the id its mark carries and the name a poster shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desa {
    /// The catalog's id, carried in the mark (`cibeber_2`).
    pub id: String,
    /// The Fluent message with its name (`desa-cibeber_2`: `Cibeber II`).
    pub label: String,
}

/// Finds `--desa` among the catalog's desa: by its name (`Cibeber II`, as the default
/// locale writes it), id (`cibeber_2`), Kemendagri code (`32.01.14.2010`, or `2010`) or
/// an alias residents use (`cibeber 2`); case and spacing do not matter.
pub fn desa(name: &str, catalog: &Catalog, locales: &Locales) -> anyhow::Result<Desa> {
    let key = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let wanted = key(name);
    let name_of = |id: &str| locales.render(locales.default_locale(), &Say::new(desa_label(id)));
    let found = catalog.desa.iter().find(|desa| {
        let code_tail = desa.code.rsplit('.').next().unwrap_or_default();
        [key(&name_of(&desa.id)), desa.id.clone(), key(&desa.code), code_tail.to_owned()]
            .into_iter()
            .chain(desa.aliases.iter().map(|alias| key(&alias.text)))
            .any(|it| it == wanted)
    });
    match found {
        Some(desa) => Ok(Desa { id: desa.id.clone(), label: desa_label(&desa.id) }),
        None => {
            let names: Vec<String> = catalog.desa.iter().map(|it| name_of(&it.id)).collect();
            bail!("--desa `{name}` is not a desa in the catalog; one of: {}", names.join(", "))
        }
    }
}
