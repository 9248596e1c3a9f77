//! Reaching residents: the link that opens a chat with the bot (`cekbae link`) and the
//! A4 poster with its QR code (`cekbae poster`), which the office spreads on the
//! kecamatan's website and in the desa. Text from Fluent (`locales/*/poster.ftl`),
//! the office's name and hours from the catalog, settings as `cekbae serve` reads them.

mod fonts;
pub mod link;
pub mod poster;
pub mod raster;

/// Every Fluent message links and posters use; `cekbae check` proves each exists.
pub const MESSAGE_IDS: &[&str] = &[
    link::PREFILL,
    "poster-service",
    "poster-service-long",
    "poster-tagline",
    "poster-desa",
    "poster-what",
    "poster-scan-whatsapp",
    "poster-scan-telegram",
    "poster-hours",
    "poster-examples",
    "poster-example-1",
    "poster-example-2",
    "poster-example-3",
    "poster-footer",
];
