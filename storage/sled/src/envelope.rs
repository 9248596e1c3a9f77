//! A resident's record in the turn tree: the sealed session, and beside it in clear the id of the message the
//! last turn answered (and when) and the id of the outbox entry that turn wrote.
//!
//! Why: a sled batch or transaction closes the log buffer it is written to, which makes it cost three to four
//! plain inserts (BENCHMARKS.md, benchmark 1). So a plain turn commits by writing this one record with one
//! plain insert, atomic by itself, and everything else it writes is ordered around that insert so that the
//! record decides whether the turn happened (`turn::SledTurn::apply_record`):
//!
//! - the processed-message mark is the record's `last_message`; the next turn moves it to the seen part
//!   before replacing the record, so no id is ever unmarked;
//! - the turn's outbox entry is written before the record, marked unconfirmed ([`crate::codec::UNCONFIRMED`]);
//!   the record names it in `outbox`. Opening the store confirms the entries their record names and drops the
//!   others (a turn that died between the two inserts); a turn replacing a record confirms the entry the
//!   record named first, so no committed entry loses its confirmation.
//!
//! Message and outbox ids are not personal; the session is sealed as before. Records written before envelopes
//! (the sealed session alone) read as an envelope without marks.

/// The first bytes of an envelope: no sealed value and no JSON text starts with them.
const ENVELOPE: &[u8] = b"\xC5\x03";

/// A resident's record, decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Envelope {
    /// The message the last turn answered: processed, not yet in the seen part.
    pub(crate) last_message: Option<String>,
    /// When it was processed (seconds), for `prune_seen` once it is in the seen part.
    pub(crate) last_at: i64,
    /// The outbox entry the last turn wrote, which this record confirms.
    pub(crate) outbox: Option<u64>,
    /// The session as `codec::seal` wrote it (or clear JSON from older versions).
    pub(crate) session: Vec<u8>,
}

impl Envelope {
    /// A record as stored. Bytes that are no envelope are a session alone.
    pub(crate) fn decode(bytes: &[u8]) -> Self {
        Self::parse(bytes).unwrap_or_else(|| Self { session: bytes.to_vec(), ..Self::default() })
    }

    fn parse(bytes: &[u8]) -> Option<Self> {
        let rest = bytes.strip_prefix(ENVELOPE)?;
        let (outbox, rest) = rest.split_first_chunk::<8>()?;
        let (at, rest) = rest.split_first_chunk::<8>()?;
        let (len, rest) = rest.split_first_chunk::<2>()?;
        let len = usize::from(u16::from_be_bytes(*len));
        let (last, session) = (rest.get(..len)?, rest.get(len..)?);
        Some(Self {
            last_message: (!last.is_empty()).then(|| String::from_utf8_lossy(last).into_owned()),
            outbox: Some(u64::from_be_bytes(*outbox)).filter(|id| *id != 0),
            last_at: i64::from_be_bytes(*at),
            session: session.to_vec(),
        })
    }

    /// The record as stored. A message id too long for the mark (no channel has one) is left out, and the
    /// turn then marks it in the seen part instead (`turn`).
    pub(crate) fn encode(&self) -> Vec<u8> {
        let last = self.last_message.as_deref().filter(|it| fits(it)).unwrap_or("");
        let mut res = Vec::with_capacity(ENVELOPE.len() + 18 + last.len() + self.session.len());
        res.extend_from_slice(ENVELOPE);
        res.extend_from_slice(&self.outbox.unwrap_or(0).to_be_bytes());
        res.extend_from_slice(&self.last_at.to_be_bytes());
        res.extend_from_slice(&(last.len() as u16).to_be_bytes());
        res.extend_from_slice(last.as_bytes());
        res.extend_from_slice(&self.session);
        res
    }
}

/// Whether a message id fits an envelope's mark.
pub(crate) fn fits(message_id: &str) -> bool {
    message_id.len() <= usize::from(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_envelope_round_trips_and_a_bare_session_reads_as_one_without_marks() {
        let full = Envelope {
            last_message: Some("wamid.X".into()),
            last_at: 1_764_640_800,
            outbox: Some(42),
            session: b"\xC5\x01abc".to_vec(),
        };
        assert_eq!(Envelope::decode(&full.encode()), full);
        let bare = Envelope { session: b"{\"schema\":1}".to_vec(), ..Envelope::default() };
        assert_eq!(Envelope::decode(&bare.encode()), bare);
        assert_eq!(
            Envelope::decode(b"\xC5\x01sealed"),
            Envelope { session: b"\xC5\x01sealed".to_vec(), ..Envelope::default() }
        );
        // Cut short: read as a session alone, which then does not open (the resident starts over).
        assert_eq!(Envelope::decode(b"\xC5\x03\0\0").session, b"\xC5\x03\0\0");
    }
}
