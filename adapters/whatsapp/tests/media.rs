//! `GraphMedia` against the local fake Graph API over real HTTP: the media endpoint, the download with the
//! token, the size limit declared and while streaming, the checksum, the deadline, retries, and the rule that
//! the token goes nowhere else.

#[path = "../../../tests/fake_media.rs"]
mod fake_media;

use std::time::{Duration, Instant};

use cekbae_adapter_whatsapp::{GraphMedia, RetryPolicy, WhatsAppConfig};
use cekbae_bot::{Attachment, MediaError, MediaSource};
use fake_media::{FakeMedia, MediaFile, Pace};

const MAX: u64 = 100 * 1024;
const TOKEN: &str = "media-token";

fn config(base: &str) -> WhatsAppConfig {
    WhatsAppConfig {
        verify_token: "v".into(),
        app_secret: "s".into(),
        access_token: TOKEN.into(),
        phone_number_id: "106540352242922".into(),
        api_base: format!("{base}/v25.0"),
    }
}

/// Media on a fresh fake, fetched within `timeout`, retrying quickly.
async fn setup(timeout: Duration) -> (FakeMedia, GraphMedia, String) {
    let media = FakeMedia::default();
    let base = media.serve().await;
    let retry =
        RetryPolicy { attempts: 3, first_backoff: Duration::from_millis(10), max_backoff: Duration::from_millis(50) };
    (media, GraphMedia::new(&config(&base), retry, timeout).unwrap(), base)
}

fn attachment(id: &str) -> Attachment {
    Attachment { media_id: id.into(), mime_type: None, declared_size: None, sha256: None, file_name: None }
}

fn jpeg(len: usize) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend((0..len).map(|n| (n % 251) as u8));
    bytes
}

#[tokio::test]
async fn a_jpeg_and_a_pdf_arrive_whole_with_their_type_fetched_with_the_token() {
    let (media, source, _) = setup(Duration::from_secs(10)).await;
    let photo = jpeg(60 * 1024);
    media.add("111", photo.clone(), "image/jpeg");
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".to_vec();
    media.add("222", pdf.clone(), "application/pdf");
    let got = source.fetch(&attachment("111"), MAX).await.unwrap();
    assert_eq!((got.mime_type.as_str(), got.bytes), ("image/jpeg", photo));
    let got = source.fetch(&attachment("222"), MAX).await.unwrap();
    assert_eq!((got.mime_type.as_str(), got.bytes), ("application/pdf", pdf));
    assert_eq!((media.lookups("111"), media.downloads("111")), (1, 1));
    let bearer = format!("Bearer {TOKEN}");
    assert_eq!(media.authorizations("111"), vec![bearer.clone(), bearer], "lookup and download carry the token");
}

#[tokio::test]
async fn a_file_declared_too_large_is_not_downloaded() {
    let (media, source, _) = setup(Duration::from_secs(10)).await;
    media.add_file("333", MediaFile::new(jpeg(10), "image/jpeg").declared_size(MAX + 1));
    assert_eq!(source.fetch(&attachment("333"), MAX).await, Err(MediaError::TooLarge { limit: MAX }));
    assert_eq!(media.downloads("333"), 0);
}

#[tokio::test]
async fn a_file_larger_than_declared_is_cut_off_while_streaming() {
    let (media, source, _) = setup(Duration::from_secs(10)).await;
    media.add_file("444", MediaFile::new(jpeg(3 * MAX as usize), "image/jpeg").declared_size(1000));
    assert_eq!(source.fetch(&attachment("444"), MAX).await, Err(MediaError::TooLarge { limit: MAX }));
    assert_eq!(media.downloads("444"), 1, "not retried: it would be as large again");
}

#[tokio::test]
async fn an_unknown_media_id_is_not_found_and_not_retried() {
    let (media, source, _) = setup(Duration::from_secs(10)).await;
    assert_eq!(source.fetch(&attachment("555"), MAX).await, Err(MediaError::NotFound));
    assert_eq!(media.lookups("555"), 1);
    assert_eq!(source.fetch(&attachment("../555"), MAX).await, Err(MediaError::NotFound), "never put in a path");
    assert_eq!(media.lookups("../555") + media.lookups(".."), 0);
}

#[tokio::test]
async fn a_slow_download_times_out_within_the_deadline() {
    let (media, source, _) = setup(Duration::from_millis(300)).await;
    media.add_file("666", MediaFile::new(jpeg(1000), "image/jpeg").pace(Pace::Gated));
    let started = Instant::now();
    assert_eq!(source.fetch(&attachment("666"), MAX).await, Err(MediaError::TimedOut));
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(media.downloads("666"), 1, "the download had started");
    // A trickle that ends within the deadline is fine.
    let trickle = Pace::Trickle { chunk: 200, pause: Duration::from_millis(10) };
    media.add_file("667", MediaFile::new(jpeg(1000), "image/jpeg").pace(trickle));
    assert_eq!(source.fetch(&attachment("667"), MAX).await.unwrap().bytes, jpeg(1000));
}

#[tokio::test]
async fn content_that_does_not_match_the_declared_sha256_is_refused() {
    let (media, source, _) = setup(Duration::from_secs(10)).await;
    media.add_file("777", MediaFile::new(jpeg(100), "image/jpeg").wrong_sha256());
    assert_eq!(source.fetch(&attachment("777"), MAX).await, Err(MediaError::ChecksumMismatch));
    // Without one from the endpoint, the webhook's (base64) is checked.
    let mut file = MediaFile::new(jpeg(100), "image/jpeg");
    file.sha256 = None;
    media.add_file("778", file);
    let mut announced = attachment("778");
    announced.sha256 = Some("Vx1p8kO7b5rj2kz9J0uXQeQ8nWm3r2cHqkX2tY5n0Lk=".into());
    assert_eq!(source.fetch(&announced, MAX).await, Err(MediaError::ChecksumMismatch));
}

#[tokio::test]
async fn server_errors_and_rate_limits_are_retried_then_it_works_or_is_unavailable() {
    let (media, source, _) = setup(Duration::from_secs(10)).await;
    media.add("888", jpeg(100), "image/jpeg");
    media.fail_next("888", vec![503, 429]);
    assert_eq!(source.fetch(&attachment("888"), MAX).await.unwrap().bytes, jpeg(100));
    assert_eq!(media.lookups("888"), 3);
    media.add("889", jpeg(100), "image/jpeg");
    media.fail_next("889", vec![500, 500, 500, 500]);
    let err = source.fetch(&attachment("889"), MAX).await.unwrap_err();
    assert!(matches!(err, MediaError::Unavailable(_)) && err.retry_later(), "{err:?}");
    assert_eq!(media.lookups("889"), 3, "the policy's attempts");
}

#[tokio::test]
async fn a_download_address_of_another_origin_over_http_gets_no_request() {
    let (media, source, _) = setup(Duration::from_secs(10)).await;
    let elsewhere = FakeMedia::default();
    let other = elsewhere.serve().await;
    elsewhere.add("999", jpeg(100), "image/jpeg");
    media.add_file("999", MediaFile::new(jpeg(100), "image/jpeg").url(&format!("{other}/download/999?hash=x")));
    let err = source.fetch(&attachment("999"), MAX).await.unwrap_err();
    assert!(matches!(err, MediaError::Refused(_)), "{err:?}");
    assert_eq!(elsewhere.downloads("999"), 0);
    assert!(elsewhere.authorizations("999").is_empty(), "the token went nowhere else");
}
