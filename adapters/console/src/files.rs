//! Files in the console, for testers and the transcript tests: a line `/file <type> <size>` (`/file image/jpeg
//! 120kb`, `/file application/pdf 2mb`) sends a photo or document of that type and declared size. The console
//! is its own media source: right after the turn it "fetches" what the turn recorded as pending, content of the
//! announced type (its first bytes are that type's) and size, and hands it to the engine as a channel's
//! fetching loop would ([`Engine::file_fetched`]); what the dialogue then says comes with the turn's replies.

use std::sync::atomic::{AtomicU64, Ordering};

use cekbae_bot::{Attachment, Dialogue, Engine, FetchedMedia, Outgoing, UserKey};

/// What a tester writes to send a file.
pub const FILE_COMMAND: &str = "/file";
/// The largest content the console makes up (a larger declared size is still announced as it is).
const MAX_MADE_UP: u64 = 32 * 1024 * 1024;

/// The attachment a `/file <type> <size>` line announces; `None` for any other line.
pub fn parse(line: &str) -> Option<Attachment> {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let mut words = line.split_whitespace();
    if words.next()? != FILE_COMMAND {
        return None;
    }
    let mime_type = words.next()?.to_ascii_lowercase();
    let size = size(words.next().unwrap_or("100kb"))?;
    Some(Attachment {
        media_id: format!("console-{}", NEXT.fetch_add(1, Ordering::Relaxed)),
        mime_type: Some(mime_type),
        declared_size: Some(size),
        sha256: None,
        file_name: None,
    })
}

/// `120kb`, `2mb`, `500b` or a number of bytes.
fn size(text: &str) -> Option<u64> {
    let text = text.to_ascii_lowercase();
    let (digits, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text.as_str(), ""),
    };
    let number: u64 = digits.parse().ok()?;
    let factor = match unit {
        "" | "b" => 1,
        "kb" | "k" => 1024,
        "mb" | "m" => 1024 * 1024,
        _ => return None,
    };
    number.checked_mul(factor)
}

/// Content of `mime_type` and `size` bytes: the type's first bytes, then filler.
fn content(mime_type: &str, size: u64) -> Vec<u8> {
    let head: &[u8] = match mime_type {
        "image/jpeg" => &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00],
        "image/png" => &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A],
        "image/webp" => b"RIFF\x24\x00\x00\x00WEBPVP8 ",
        "application/pdf" => b"%PDF-1.4\n",
        _ => b"",
    };
    let mut bytes = head.to_vec();
    bytes.resize(usize::try_from(size.min(MAX_MADE_UP)).unwrap_or(0).max(head.len()), b' ');
    bytes
}

/// Fetches every file of `user` still pending (the console's own content) and returns what the dialogue says.
pub fn fetch_pending<D: Dialogue>(engine: &Engine<D>, user: &UserKey) -> Vec<Outgoing> {
    let files = engine.store().files();
    let pending: Vec<_> = match files.subjects() {
        Ok(subjects) => subjects
            .iter()
            .filter_map(|subject| files.pending_of_subject(subject).ok())
            .flatten()
            .filter(|it| &it.user == user)
            .collect(),
        Err(err) => {
            tracing::error!(user = %user, error = %err, "cannot list the files to fetch");
            return Vec::new();
        }
    };
    let mut replies = Vec::new();
    for file in pending {
        let mime_type = file.media.mime_type.clone().unwrap_or_default();
        let bytes = content(&mime_type, file.media.declared_size.unwrap_or(0));
        match engine.file_fetched(&file, Ok(FetchedMedia { mime_type, bytes })) {
            Ok(notice) => {
                // The console shows them now: nothing waits in the outbox.
                if let Some(id) = notice.outbox_id {
                    if let Err(err) = engine.delivered(id) {
                        tracing::error!(user = %user, error = %err, "cannot mark a file's answer delivered");
                    }
                }
                replies.extend(notice.replies);
            }
            Err(err) => tracing::error!(user = %user, file = file.id, error = %err, "cannot hand a file over"),
        }
    }
    replies
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_line_announces_its_type_and_size_and_other_lines_are_text() {
        let photo = parse("/file image/jpeg 120kb").unwrap();
        assert_eq!(photo.mime_type.as_deref(), Some("image/jpeg"));
        assert_eq!(photo.declared_size, Some(120 * 1024));
        assert_eq!(parse("/file application/pdf 2MB").unwrap().declared_size, Some(2 * 1024 * 1024));
        assert_eq!(parse("/file image/png 500").unwrap().declared_size, Some(500));
        assert!(parse("/file image/png 5 parsecs").is_some() && parse("/file image/png 5pc").is_none());
        assert!(parse("file image/jpeg 1kb").is_none() && parse("/file").is_none() && parse("halo").is_none());
    }

    #[test]
    fn made_up_content_starts_as_its_type_does() {
        assert!(content("image/jpeg", 3).starts_with(&[0xFF, 0xD8, 0xFF]));
        assert_eq!(content("application/pdf", 2048).len(), 2048);
        assert!(content("application/pdf", 2048).starts_with(b"%PDF-"));
        assert_eq!(content("image/gif", 10), vec![b' '; 10]);
    }
}
