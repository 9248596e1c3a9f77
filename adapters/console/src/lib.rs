//! The console adapter: residents' messages from stdin, one per line; replies to stdout.
//!
//! It is the reference adapter and the test double of the project: testers
//! chat with the bot in a terminal, and the transcript tests play
//! conversations through it with `--json` traces.
//!
//! | format | output per input line |
//! |---|---|
//! | [`Format::Text`] | the replies as a resident would read them, options numbered |
//! | [`Format::Json`] | exactly one object: `{"state", "slots", "replies", "locale"}` |
//!
//! A line `/file <type> <size>` sends a photo or document ([`files`]).

use std::future::Future;
use std::io::{BufRead, Write};
use std::pin::pin;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

use cekbae_bot::{Adapter, Dialogue, Engine, Incoming, Outgoing, Say, UserKey};

pub mod files;

/// The channel name of console sessions.
pub const CHANNEL: &str = "console";

/// Longest line read; the rest of a longer line is dropped, never buffered without bound.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// How the console prints each turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable replies.
    Text,
    /// Human-readable replies, each turn preceded by the resident's line as `> line`:
    /// for input piped from a file, where the terminal does not show what was typed.
    TextEcho,
    /// One JSON object per input line, for tests and tools.
    Json,
}

/// Writes replies to a terminal or any writer.
pub struct ConsoleAdapter<W> {
    out: Mutex<W>,
}

impl<W: Write + Send> ConsoleAdapter<W> {
    /// An adapter writing to `out`.
    pub fn new(out: W) -> Self {
        Self { out: Mutex::new(out) }
    }

    /// Gives the writer back.
    pub fn into_inner(self) -> W {
        self.out.into_inner().unwrap_or_else(|it| it.into_inner())
    }

    fn write_text(&self, messages: &[Outgoing]) -> std::io::Result<()> {
        let mut out = self.out.lock().unwrap_or_else(|it| it.into_inner());
        for message in messages {
            writeln!(out, "{}\n", message.to_plain_text())?;
        }
        out.flush()
    }

    fn write_line(&self, line: &str) -> std::io::Result<()> {
        let mut out = self.out.lock().unwrap_or_else(|it| it.into_inner());
        writeln!(out, "{line}")?;
        out.flush()
    }
}

impl<W: Write + Send> Adapter for ConsoleAdapter<W> {
    type Error = std::io::Error;

    fn name(&self) -> &'static str {
        CHANNEL
    }

    async fn send(&self, _to: &UserKey, messages: &[Outgoing]) -> Result<(), Self::Error> {
        self.write_text(messages)
    }
}

/// Reads lines from `input` as messages of `user` until end of input, printing each turn.
///
/// Infrastructure failures are logged and answered with a polite apology; the
/// loop goes on. Only a failure to write the output ends it.
pub fn run<D, R, W>(
    engine: &Engine<D>,
    user: &UserKey,
    mut input: R,
    adapter: &ConsoleAdapter<W>,
    format: Format,
) -> std::io::Result<()>
where
    D: Dialogue,
    R: BufRead,
    W: Write + Send,
{
    // What the office queued for this resident since (a reminder, a petugas's reply) comes first, as plain
    // messages: the console has no window and no buttons.
    let mut queued = take_queued(engine, user);
    if !queued.is_empty() && format != Format::Json {
        block_on(adapter.send(user, &queued))?;
        queued.clear();
    }
    while let Some(line) = read_line(&mut input)? {
        // A dialogue that reads no files gets the line as typed text.
        let attachment = files::parse(&line).filter(|_| engine.dialogue().accepts_files());
        let sends_file = attachment.is_some();
        let incoming = match attachment {
            Some(file) => Incoming { attachment: Some(file), ..Incoming::text(user.clone(), "") },
            None => Incoming::text(user.clone(), line.clone()),
        };
        match engine.handle(&incoming).map(|mut outcome| {
            // The console is its own media source: the file is "fetched" at once, its answer shown with the turn.
            if sends_file {
                outcome.replies.extend(files::fetch_pending(engine, user));
            }
            outcome
        }) {
            Ok(outcome) => match format {
                Format::Text => block_on(adapter.send(user, &outcome.replies))?,
                Format::TextEcho => {
                    adapter.write_line(&format!("> {line}\n"))?;
                    block_on(adapter.send(user, &outcome.replies))?;
                }
                Format::Json => {
                    let slots: serde_json::Map<String, serde_json::Value> =
                        outcome.slots.into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect();
                    let replies: Vec<String> = outcome.replies.iter().map(Outgoing::to_plain_text).collect();
                    let mut json = serde_json::json!({
                        "state": outcome.state,
                        "slots": slots,
                        "replies": replies,
                        "locale": outcome.locale,
                    });
                    // Messages queued before this run ride along with the first turn's answer.
                    if !queued.is_empty() {
                        let texts: Vec<String> = queued.drain(..).map(|it| it.to_plain_text()).collect();
                        json["queued"] = serde_json::json!(texts);
                    }
                    adapter.write_line(&json.to_string())?;
                }
            },
            Err(err) => {
                tracing::error!(user = %user, error = %err, "turn failed");
                let apology = engine.locales().render(engine.locales().default_locale(), &Say::new("engine-apology"));
                match format {
                    Format::Text | Format::TextEcho => adapter.write_text(&[Outgoing::plain(apology)])?,
                    Format::Json => {
                        let json = serde_json::json!({ "state": "error", "slots": {}, "replies": [apology] });
                        adapter.write_line(&json.to_string())?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Takes the messages queued in the outbox for `user` (oldest first) and marks them delivered.
fn take_queued<D: Dialogue>(engine: &Engine<D>, user: &UserKey) -> Vec<Outgoing> {
    let pending = match engine.pending_outbox() {
        Ok(it) => it,
        Err(err) => {
            tracing::error!(user = %user, error = %err, "cannot read queued messages");
            return Vec::new();
        }
    };
    let mut messages = Vec::new();
    for (id, entry) in pending.into_iter().filter(|(_, entry)| &entry.user == user) {
        messages.extend(entry.replies);
        if let Err(err) = engine.delivered(id) {
            tracing::error!(user = %user, error = %err, "cannot mark a queued message delivered");
        }
    }
    messages
}

/// Drives a future that never waits (console writes are synchronous) to completion.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(res) = future.as_mut().poll(&mut cx) {
            return res;
        }
        std::thread::yield_now();
    }
}

/// Reads one line as text, replacing invalid UTF-8 and capping its length.
/// `None` at end of input.
pub fn read_line<R: BufRead>(input: &mut R) -> std::io::Result<Option<String>> {
    let mut bytes = Vec::new();
    let mut total = 0usize;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let (chunk, found_newline) = match buf.iter().position(|b| *b == b'\n') {
            Some(pos) => (&buf[..=pos], true),
            None => (buf, false),
        };
        let len = chunk.len();
        let room = MAX_LINE_BYTES.saturating_sub(bytes.len());
        bytes.extend_from_slice(&chunk[..len.min(room)]);
        total += len;
        input.consume(len);
        if found_newline {
            break;
        }
    }
    if total == 0 {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(Some(text.trim_end_matches(['\n', '\r']).to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<String> {
        let mut reader = std::io::BufReader::with_capacity(8, input);
        std::iter::from_fn(|| read_line(&mut reader).unwrap()).collect()
    }

    #[test]
    fn reads_lines_with_crlf_invalid_utf8_and_no_final_newline() {
        assert_eq!(lines(b"halo\r\nktp\n\nakhir"), ["halo", "ktp", "", "akhir"]);
        assert_eq!(lines(b"ktp \xff hilang\n"), ["ktp \u{fffd} hilang"]);
        assert!(lines(b"").is_empty());
    }

    #[test]
    fn caps_very_long_lines() {
        let long = vec![b'a'; MAX_LINE_BYTES * 3];
        let mut input = long.clone();
        input.extend_from_slice(b"\nnext\n");
        let got = lines(&input);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].len(), MAX_LINE_BYTES);
        assert_eq!(got[1], "next");
    }
}
