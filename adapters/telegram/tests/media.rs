//! `BotMedia` against the local fake Bot API over real HTTP: `getFile`, then the file URL, with the limits.

#[path = "../../../tests/fake_media.rs"]
mod fake_media;

use std::time::{Duration, Instant};

use cekbae_adapter_telegram::{bot, BotMedia, TelegramConfig};
use cekbae_bot::{Attachment, MediaError, MediaSource};
use fake_media::{FakeMedia, MediaFile, Pace};

const MAX: u64 = 100 * 1024;

async fn setup(timeout: Duration) -> (FakeMedia, BotMedia) {
    let media = FakeMedia::default();
    let url = media.serve().await;
    let config =
        TelegramConfig { bot_token: "123:secret".into(), api_url: Some(url), webhook_url: None, secret_token: None };
    (media, BotMedia::new(bot(&config).unwrap(), timeout))
}

fn photo(id: &str, size: Option<u64>) -> Attachment {
    Attachment {
        media_id: id.into(),
        mime_type: Some("image/jpeg".into()),
        declared_size: size,
        sha256: None,
        file_name: None,
    }
}

fn jpeg(len: usize) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend((0..len).map(|n| (n % 253) as u8));
    bytes
}

#[tokio::test]
async fn get_file_then_the_file_url_gives_the_photo_and_the_pdf() {
    let (media, source) = setup(Duration::from_secs(10)).await;
    media.add("AgACphoto", jpeg(40 * 1024), "image/jpeg");
    let got = source.fetch(&photo("AgACphoto", Some(40 * 1024 + 4)), MAX).await.unwrap();
    assert_eq!((got.mime_type.as_str(), got.bytes), ("image/jpeg", jpeg(40 * 1024)));
    assert_eq!((media.lookups("AgACphoto"), media.downloads("AgACphoto")), (1, 1));
    let pdf = b"%PDF-1.7\n%%EOF\n".to_vec();
    media.add("BQACdoc", pdf.clone(), "application/pdf");
    let document = Attachment { mime_type: Some("application/pdf".into()), ..photo("BQACdoc", None) };
    let got = source.fetch(&document, MAX).await.unwrap();
    assert_eq!((got.mime_type.as_str(), got.bytes), ("application/pdf", pdf));
}

#[tokio::test]
async fn too_large_is_refused_from_the_update_from_get_file_and_while_streaming() {
    let (media, source) = setup(Duration::from_secs(10)).await;
    media.add("big1", jpeg(10), "image/jpeg");
    assert_eq!(source.fetch(&photo("big1", Some(MAX + 1)), MAX).await, Err(MediaError::TooLarge { limit: MAX }));
    assert_eq!(media.requests("big1"), 0, "the update's size is enough");
    media.add_file("big2", MediaFile::new(jpeg(10), "image/jpeg").declared_size(MAX + 1));
    assert_eq!(source.fetch(&photo("big2", None), MAX).await, Err(MediaError::TooLarge { limit: MAX }));
    assert_eq!((media.lookups("big2"), media.downloads("big2")), (1, 0), "getFile's size, no download");
    media.add_file("big3", MediaFile::new(jpeg(10), "image/jpeg").declared_size(25 * 1024 * 1024));
    assert_eq!(source.fetch(&photo("big3", None), MAX).await, Err(MediaError::TooLarge { limit: MAX }), "over 20 MB");
    media.add_file("big4", MediaFile::new(jpeg(3 * MAX as usize), "image/jpeg").declared_size(10));
    assert_eq!(source.fetch(&photo("big4", None), MAX).await, Err(MediaError::TooLarge { limit: MAX }));
}

#[tokio::test]
async fn an_unknown_file_is_not_found_and_a_slow_one_times_out() {
    let (media, source) = setup(Duration::from_millis(300)).await;
    assert_eq!(source.fetch(&photo("nope", None), MAX).await, Err(MediaError::NotFound));
    media.add_file("slow", MediaFile::new(jpeg(100), "image/jpeg").pace(Pace::Gated));
    let started = Instant::now();
    assert_eq!(source.fetch(&photo("slow", None), MAX).await, Err(MediaError::TimedOut));
    assert!(started.elapsed() < Duration::from_secs(2));
    media.open("slow");
}
