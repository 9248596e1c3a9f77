//! `cekbae templates [--json] [--config FILE]`: the WhatsApp message templates to register in WhatsApp
//! Manager, one per purpose of the office's own messages: name (from `[whatsapp.templates]` or
//! `WHATSAPP_TEMPLATE_*`), category, language, the body with `{{1}}` … placeholders and example values,
//! and the quick-reply buttons, in Indonesian and Sundanese, all from the Fluent files.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use cekbae_adapter_whatsapp::templates::{one_line, TemplateSettings};
use cekbae_bot::{Locales, Say};
use cekbae_dialogues::adminduk::{example_params, TemplateSpec, TEMPLATES};
use cekbae_dialogues::catalog::Catalog;

use crate::args::SourceArgs;
use crate::secrets::Env;
use crate::server::{config_path, settings_table};
use crate::setup::load_checked;

/// Meta's category for messages tied to a resident's own appointment.
const CATEGORY: &str = "UTILITY";
/// The languages the templates are printed in: WhatsApp's Indonesian, and Sundanese for reference.
const LANGUAGES: [&str; 2] = ["id", "su"];

/// Options of `cekbae templates`.
#[derive(Debug, Clone, Args)]
pub struct TemplatesArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Settings file with `[whatsapp.templates]`; environment variables win over it
    /// (default: ./cekbae.toml, else /etc/cekbae/cekbae.toml, when present).
    #[arg(long, value_name = "FILE", env = "CEKBAE_CONFIG")]
    pub config: Option<PathBuf>,
    /// Data file locations (the texts come from Fluent).
    #[command(flatten)]
    pub sources: SourceArgs,
}

/// One template as WhatsApp Manager asks for it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TemplateView {
    /// What the office sends with it: `reminder`, `ready`, `cancelled`, `handover_reply`.
    pub purpose: String,
    /// Its name in the settings; `None` when not configured (then such messages are not sent outside the
    /// 24-hour window).
    pub name: Option<String>,
    /// Meta's category.
    pub category: String,
    /// The language code it is sent with.
    pub language: String,
    /// The text per locale.
    pub texts: Vec<TemplateText>,
}

/// A template's text in one locale.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TemplateText {
    /// `id` or `su`.
    pub locale: String,
    /// The body with `{{1}}` … placeholders.
    pub body: String,
    /// An example value per placeholder, in order.
    pub examples: Vec<String>,
    /// Quick-reply button labels, in order.
    pub buttons: Vec<String>,
}

/// The template settings: `WHATSAPP_TEMPLATE_<KEY>` from `env`, else `[whatsapp.templates] <key>` in `table`.
pub(crate) fn template_settings(env: impl Fn(&str) -> Option<String>, table: &toml::Table) -> TemplateSettings {
    TemplateSettings::from_lookup(|key| {
        env(&TemplateSettings::variable(key)).or_else(|| {
            let value = table.get("whatsapp")?.get("templates")?.get(key)?;
            value.as_str().map(str::to_owned)
        })
    })
}

/// Every template, with the settings' names.
pub(crate) fn views(settings: &TemplateSettings, locales: &Locales, catalog: &Catalog) -> Vec<TemplateView> {
    TEMPLATES
        .iter()
        .map(|spec| TemplateView {
            purpose: spec.purpose.to_owned(),
            name: settings.name(spec.purpose).map(str::to_owned),
            category: CATEGORY.to_owned(),
            language: settings.language.clone(),
            texts: LANGUAGES.iter().map(|locale| text(spec, locale, locales, catalog)).collect(),
        })
        .collect()
}

fn text(spec: &TemplateSpec, locale: &str, locales: &Locales, catalog: &Catalog) -> TemplateText {
    let mut body = Say::new(spec.body);
    for (index, param) in spec.params.iter().enumerate() {
        body = body.arg(param, format!("{{{{{}}}}}", index + 1));
    }
    TemplateText {
        locale: locale.to_owned(),
        body: locales.render(locale, &body),
        examples: example_params(catalog, spec).iter().map(|say| one_line(&locales.render(locale, say))).collect(),
        buttons: spec.buttons.iter().map(|id| locales.render(locale, &Say::new(*id))).collect(),
    }
}

pub(crate) fn run<W: Write>(args: &TemplatesArgs, env: Env<'_>, mut out: W) -> anyhow::Result<bool> {
    let table = settings_table(config_path(args.config.as_deref()).as_deref())?;
    let settings = template_settings(env, &table);
    let (locales, catalog) = load_checked(&args.sources)?;
    let views = views(&settings, &locales, &catalog);
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&views)?)?;
        return Ok(true);
    }
    for view in &views {
        let name = view.name.as_deref().unwrap_or("(not configured: not sent outside the 24-hour window)");
        writeln!(out, "{} — {name}", view.purpose)?;
        writeln!(out, "  category: {}, language: {}", view.category, view.language)?;
        for text in &view.texts {
            writeln!(out, "  [{}] {}", text.locale, text.body)?;
            for (index, example) in text.examples.iter().enumerate() {
                writeln!(out, "       {{{{{}}}}} e.g. {example}", index + 1)?;
            }
            if !text.buttons.is_empty() {
                writeln!(out, "       buttons (quick reply): {}", text.buttons.join(" | "))?;
            }
        }
        writeln!(out)?;
    }
    Ok(true)
}
