//! `cekbae parse`: what the bot reads in each line of stdin, as one JSON object per line.

use std::io::{BufRead, Write};

use serde::Serialize;

use cekbae_bot::GlobalWords;
use cekbae_dialogues::understand::{Parsed, Reading, SlotKind, Understanding};

use crate::args::ParseArgs;
use crate::setup::catalog_from;

/// The published shape: these five keys, `null` when not recognised.
#[derive(Serialize)]
struct Line<'a> {
    document: Option<&'a str>,
    reason: Option<&'a str>,
    nik: Option<&'a str>,
    intent: Option<&'static str>,
    /// The question topic asked (`hours`, `cost`...).
    question: Option<&'a str>,
}

/// With `--explain`: the same keys and how sure the reading is.
#[derive(Serialize)]
struct Explained<'a> {
    #[serde(flatten)]
    line: Line<'a>,
    /// A slot the bot would confirm ("Maksud Anda …?") and its candidates.
    unclear: Option<Unclear<'a>>,
    /// The message names a service the office does not give here.
    not_served: bool,
    /// The resident's desa, if named (`saya dari Karacak`).
    desa: Option<&'a str>,
    /// A 16-digit number introduced as a KK number, so not taken as the NIK.
    kk_number: bool,
    /// The language the bot would switch a resident in `--locale` to, if any.
    switch_to: Option<&'a str>,
    /// The normalised tokens.
    tokens: Vec<String>,
}

#[derive(Serialize)]
struct Unclear<'a> {
    slot: &'static str,
    candidates: &'a [String],
}

/// Reads utterances until end of input; always succeeds on readable input.
pub(crate) fn run<R: BufRead, W: Write>(args: &ParseArgs, stdin: R, mut stdout: W) -> anyhow::Result<bool> {
    let catalog = catalog_from(&args.sources, None).map_err(|errs| anyhow::anyhow!(errs.join("\n")))?;
    let understanding = Understanding::new(&catalog);
    let words = GlobalWords::builtin();
    let locale = args.locale.map_or("id", |it| it.code());
    for line in stdin.split(b'\n') {
        let line = String::from_utf8_lossy(&line?).trim_end_matches('\r').to_owned();
        let Reading { parsed, said, tokens } = understanding.read(&words, &line);
        let intent = said.map(|it| it.name());
        let out = Line {
            document: parsed.document.as_deref(),
            reason: parsed.reason.as_deref(),
            nik: parsed.nik.as_deref(),
            intent,
            question: parsed.question.as_deref(),
        };
        let json = if args.explain {
            serde_json::to_string(&explain(out, &parsed, &words, &line, locale, tokens))?
        } else {
            serde_json::to_string(&out)?
        };
        writeln!(stdout, "{json}")?;
    }
    Ok(true)
}

fn explain<'a>(
    line: Line<'a>,
    parsed: &'a Parsed,
    words: &'a GlobalWords,
    text: &str,
    locale: &str,
    tokens: Vec<String>,
) -> Explained<'a> {
    let unclear = parsed.unclear.as_ref().map(|it| Unclear {
        slot: match it.slot {
            SlotKind::Document => "document",
            SlotKind::Reason => "reason",
        },
        candidates: &it.candidates,
    });
    let switch_to = words.language_of(text).filter(|it| *it != locale);
    Explained {
        line,
        unclear,
        not_served: parsed.not_served && parsed.document.is_none(),
        desa: parsed.desa.as_deref(),
        kk_number: parsed.kk_number,
        switch_to,
        tokens,
    }
}
