//! Where a resident came from: the mark of a desa's poster or link. A WhatsApp link
//! prefills `#desa-<id>` after the request; a Telegram link starts the bot with
//! `start=desa-<id>`, which arrives as the same tag ([`cekbae_bot::link_tag`]).
//! The dialogue keeps the desa as the statistics fact [`FACT`], so `cekbae report`
//! counts residents per desa by the poster they came from, apart from the desa
//! residents name themselves.

use cekbae_bot::link_tag;

/// What starts the payload of a desa's mark.
pub const PAYLOAD_PREFIX: &str = "desa-";
/// The statistics fact: the desa whose poster or link brought the resident.
pub const FACT: &str = "source_desa";

/// The payload of a desa's mark: `desa-<id>`.
pub fn payload(desa: &str) -> String {
    format!("{PAYLOAD_PREFIX}{desa}")
}

/// A desa's mark found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The desa id, lower case.
    pub desa: String,
    /// The message without the mark, to be read as the resident's words.
    pub rest: String,
}

/// The desa mark in `text`, if there is one.
pub fn take(text: &str) -> Option<Mark> {
    let found = link_tag::take(text, PAYLOAD_PREFIX)?;
    let desa = found.payload[PAYLOAD_PREFIX.len()..].to_ascii_lowercase();
    Some(Mark { desa, rest: found.rest })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_names_its_desa_and_leaves_the_request() {
        let mark = take(&format!("KTP 3201014502900003 BARU {}", link_tag::tag(&payload("karacak")))).unwrap();
        assert_eq!(mark, Mark { desa: "karacak".into(), rest: "KTP 3201014502900003 BARU".into() });
        assert_eq!(take("halo #DESA-Cibeber_1").unwrap().desa, "cibeber_1");
        assert_eq!(take("desa karacak"), None, "a desa named in words is not a mark");
    }
}
