//! What every intake channel shares: the deployment's settings for reports and the cleaning of
//! photos.
//!
//! A photo is decoded and re-encoded as a new JPEG, so that nothing but its pixels survives:
//! no EXIF, no GPS position, no camera serial, no comment, no thumbnail of the uncropped
//! picture. Its orientation is applied first, so the picture still stands the right way up.
//! Decoding is bounded before it starts (bytes, width × height, and what it will cost, which
//! the caller reserves from the shared budget of `crate::decoding`), so a small file that
//! claims a huge picture costs nothing.

use crate::decoding::{Decoding, Refused};
use faro_domain::Message;
use faro_domain::OrganisationId;
use faro_i18n::key;
use faro_store::Photo;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use std::io::Cursor;

/// A service whose emergency number the report pages show, in words from the translation
/// files (`emergency-<code>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Emergency,
    Police,
    Ambulance,
    Hotline,
}

impl Service {
    pub const ALL: [Service; 4] = [
        Service::Emergency,
        Service::Police,
        Service::Ambulance,
        Service::Hotline,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Service::Emergency => "emergency",
            Service::Police => "police",
            Service::Ambulance => "ambulance",
            Service::Hotline => "hotline",
        }
    }

    /// Its name's key in the translation files.
    pub fn key(self) -> &'static str {
        match self {
            Service::Emergency => "emergency-emergency",
            Service::Police => "emergency-police",
            Service::Ambulance => "emergency-ambulance",
            Service::Hotline => "emergency-hotline",
        }
    }

    pub fn parse(code: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A number to call, configured per deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmergencyNumber {
    pub service: Service,
    pub number: String,
}

/// The deployment's settings for reports (`[reports]` in `faro.toml`).
#[derive(Debug, Clone)]
pub struct Reporting {
    /// The organisation that receives public reports.
    pub organisation: OrganisationId,
    /// Shown first when a reporter says someone is in danger now.
    pub emergency: Vec<EmergencyNumber>,
    /// The largest photo file accepted (above the API's 1 MiB: phones take large pictures).
    pub photo_max_bytes: usize,
    /// The largest picture accepted, in pixels (width × height).
    pub photo_max_pixels: u64,
    /// Photos per message.
    pub max_photos: usize,
    /// The memory all photos being decoded at once may take (`crate::decoding`).
    pub photo_memory_bytes: u64,
    /// Where "leave this site quickly" goes: an ordinary site that draws no attention.
    pub exit_url: String,
}

impl Default for Reporting {
    fn default() -> Self {
        Reporting {
            organisation: faro_store::DEFAULT_ORGANISATION,
            emergency: vec![EmergencyNumber {
                service: Service::Emergency,
                number: "112".into(),
            }],
            photo_max_bytes: 8 << 20,
            photo_max_pixels: 40_000_000,
            max_photos: 3,
            photo_memory_bytes: crate::decoding::DEFAULT_BYTES,
            exit_url: "https://www.wikipedia.org/".into(),
        }
    }
}

impl Reporting {
    /// The largest body a report form may send: its photos and a margin for the fields.
    pub fn body_limit(&self) -> usize {
        self.photo_max_bytes
            .saturating_mul(self.max_photos)
            .saturating_add(crate::MAX_BODY_BYTES)
    }
}

/// The longest side a stored photo keeps: enough to read a sign or a number plate, small
/// enough that a report is not megabytes of sealed data.
const MAX_SIDE: u32 = 3000;
const JPEG_QUALITY: u8 = 85;

/// What a picture is, for the words of its problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picture {
    /// A photo sent with a report.
    Photo,
    /// The scan of a consent's signed form.
    Scan,
}

/// Why a photo was refused, in words the pages translate ([`PhotoProblem::message`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhotoProblem {
    #[error("the file is not a picture Faro can read (JPEG, PNG, WebP or GIF)")]
    NotAnImage,
    #[error("the file is larger than {max_bytes} bytes")]
    TooLarge { max_bytes: usize },
    #[error("the picture has more than {max_pixels} pixels")]
    TooManyPixels { max_pixels: u64 },
    #[error("more than {max} photos were sent")]
    TooMany { max: usize },
}

impl PhotoProblem {
    pub fn code(self) -> &'static str {
        match self {
            PhotoProblem::NotAnImage => "not_an_image",
            PhotoProblem::TooLarge { .. } => "too_large",
            PhotoProblem::TooManyPixels { .. } => "too_many_pixels",
            PhotoProblem::TooMany { .. } => "too_many",
        }
    }

    /// The problem, said of a report's photo or of a consent form's scan.
    pub fn message(self, of: Picture) -> Message {
        let photo = of == Picture::Photo;
        let message = match self {
            PhotoProblem::NotAnImage if photo => Message::new(key!("photo-not_an_image")),
            PhotoProblem::NotAnImage => Message::new(key!("scan-not_an_image")),
            PhotoProblem::TooLarge { .. } if photo => Message::new(key!("photo-too_large")),
            PhotoProblem::TooLarge { .. } => Message::new(key!("scan-too_large")),
            PhotoProblem::TooManyPixels { .. } if photo => {
                Message::new(key!("photo-too_many_pixels"))
            }
            PhotoProblem::TooManyPixels { .. } => Message::new(key!("scan-too_many_pixels")),
            PhotoProblem::TooMany { .. } if photo => Message::new(key!("photo-too_many")),
            PhotoProblem::TooMany { .. } => Message::new(key!("scan-too_many")),
        };
        match self {
            PhotoProblem::TooLarge { max_bytes } => message.with("megabytes", max_bytes >> 20),
            PhotoProblem::TooManyPixels { max_pixels } => {
                message.with("megapixels", max_pixels / 1_000_000)
            }
            PhotoProblem::TooMany { max } => message.with("max", max),
            PhotoProblem::NotAnImage => message,
        }
    }
}

/// What decoding a photo costs beyond its pixels: the copy at most [`MAX_SIDE`] a side
/// (four bytes a pixel) and its RGB copy for the encoder (three).
const COPIES_PER_PIXEL: u64 = 7;

/// Reads a photo's header within the limits: its decoder, not yet decoding. Only the header
/// is read, so a small file that claims a huge picture costs nothing here.
fn open<'a>(
    bytes: &'a [u8],
    settings: &Reporting,
) -> Result<Opened<impl ImageDecoder + 'a>, PhotoProblem> {
    if bytes.len() > settings.photo_max_bytes {
        return Err(PhotoProblem::TooLarge {
            max_bytes: settings.photo_max_bytes,
        });
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| PhotoProblem::NotAnImage)?;
    let Some(format) = reader.format() else {
        return Err(PhotoProblem::NotAnImage);
    };
    let decoder = reader
        .into_decoder()
        .map_err(|_| PhotoProblem::NotAnImage)?;
    let (w, h) = decoder.dimensions();
    let pixels = u64::from(w) * u64::from(h);
    if pixels > settings.photo_max_pixels {
        return Err(PhotoProblem::TooManyPixels {
            max_pixels: settings.photo_max_pixels,
        });
    }
    // A progressive JPEG keeps its coefficients beside the picture until the last scan:
    // as much again for the usual 4:2:0 sampling.
    let decoding = if format == ImageFormat::Jpeg { 2 } else { 1 };
    let side = u64::from(MAX_SIDE);
    let cost =
        decoder.total_bytes().saturating_mul(decoding) + pixels.min(side * side) * COPIES_PER_PIXEL;
    Ok(Opened { decoder, cost })
}

struct Opened<D> {
    decoder: D,
    cost: u64,
}

/// The memory decoding a photo will take at most, in bytes, read from its header; or why it
/// is refused before any decoding.
pub fn cost(bytes: &[u8], settings: &Reporting) -> Result<u64, PhotoProblem> {
    open(bytes, settings).map(|o| o.cost)
}

/// Decodes a photo within the limits and re-encodes its pixels alone as JPEG. Run it within
/// a share of the decoding budget as large as [`cost`] (`crate::decoding`).
pub fn clean(bytes: &[u8], settings: &Reporting) -> Result<Photo, PhotoProblem> {
    let Opened { mut decoder, .. } = open(bytes, settings)?;
    let orientation = decoder.orientation().ok();
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|_| PhotoProblem::NotAnImage)?;
    // Made smaller first, turned after: turning the large picture would copy it whole. The
    // square box gives the same size either way; `thumbnail` averages areas without the
    // full-width buffer of floats that a filtered resize of a large picture builds.
    if picture.width() > MAX_SIDE || picture.height() > MAX_SIDE {
        picture = picture.thumbnail(MAX_SIDE, MAX_SIDE);
    }
    if let Some(o) = orientation {
        picture.apply_orientation(o);
    }
    let rgb = picture.to_rgb8();
    drop(picture);
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|_| PhotoProblem::NotAnImage)?;
    Ok(Photo {
        media_type: "image/jpeg",
        width: rgb.width(),
        height: rgb.height(),
        bytes: out,
    })
}

/// Why pictures were not cleaned.
#[derive(Debug)]
pub enum Cleaning {
    /// One of them, and so the form: the sender can fix it.
    Refused(PhotoProblem),
    /// The decoding budget stayed taken (`crate::decoding::WAIT`): nothing was kept; send
    /// again later.
    Busy,
}

/// Decodes and re-encodes every picture off the async threads (decoding is CPU work), one at
/// a time, each within its share of the decoding budget. The share goes into the decoding
/// work and is returned when it ends, even if the request has ended first; a request that
/// ends stops before its next picture.
pub async fn clean_all(
    pictures: Vec<Vec<u8>>,
    settings: &Reporting,
    decoding: &Decoding,
) -> Result<Vec<Photo>, Cleaning> {
    let mut cleaned = Vec::with_capacity(pictures.len());
    for bytes in pictures {
        let cost = cost(&bytes, settings).map_err(Cleaning::Refused)?;
        let share = decoding
            .reserve(cost)
            .await
            .map_err(|refused| match refused {
                Refused::TooCostly => Cleaning::Refused(PhotoProblem::TooManyPixels {
                    max_pixels: settings.photo_max_pixels,
                }),
                Refused::Busy => Cleaning::Busy,
            })?;
        let settings = settings.clone();
        let photo = tokio::task::spawn_blocking(move || {
            let _share = share;
            clean(&bytes, &settings)
        })
        .await
        .unwrap_or(Err(PhotoProblem::NotAnImage));
        cleaned.push(photo.map_err(Cleaning::Refused)?);
    }
    Ok(cleaned)
}

/// One picture cleaned as [`clean_all`] cleans each.
pub async fn clean_one(
    picture: Vec<u8>,
    settings: &Reporting,
    decoding: &Decoding,
) -> Result<Photo, Cleaning> {
    let mut cleaned = clean_all(vec![picture], settings, decoding).await?;
    cleaned
        .pop()
        .ok_or(Cleaning::Refused(PhotoProblem::NotAnImage))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageEncoder, Rgb, RgbImage};

    fn settings() -> Reporting {
        Reporting::default()
    }

    /// A JPEG with an EXIF block holding a GPS tag and a camera comment.
    fn jpeg_with_exif() -> Vec<u8> {
        let img = RgbImage::from_fn(32, 16, |x, _| Rgb([x as u8 * 8, 100, 200]));
        let mut plain = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut plain)
            .write_image(img.as_raw(), 32, 16, image::ExtendedColorType::Rgb8)
            .unwrap();
        // APP1 "Exif\0\0" + a little-endian TIFF header whose text we can search for.
        let mut exif =
            b"Exif\0\0II*\0\x08\0\0\0GPSLatitude 38.0154 N CameraSerial 1234567".to_vec();
        let len = (exif.len() + 2) as u16;
        let mut segment = vec![0xFF, 0xE1];
        segment.extend_from_slice(&len.to_be_bytes());
        segment.append(&mut exif);
        let mut out = plain[..2].to_vec(); // SOI
        out.extend_from_slice(&segment);
        out.extend_from_slice(&plain[2..]);
        out
    }

    #[test]
    fn metadata_is_gone_and_the_pixels_stay() {
        let original = jpeg_with_exif();
        assert!(original.windows(11).any(|w| w == b"GPSLatitude"));
        let photo = clean(&original, &settings()).unwrap();
        assert_eq!((photo.width, photo.height), (32, 16));
        assert_eq!(photo.media_type, "image/jpeg");
        for marker in [&b"GPSLatitude"[..], b"CameraSerial", b"Exif"] {
            assert!(
                !photo.bytes.windows(marker.len()).any(|w| w == marker),
                "{} survived",
                String::from_utf8_lossy(marker)
            );
        }
        let back = image::load_from_memory(&photo.bytes).unwrap();
        assert_eq!((back.width(), back.height()), (32, 16));
    }

    #[test]
    fn what_is_not_a_picture_is_refused() {
        for bad in [
            &b"%PDF-1.7 not a picture"[..],
            b"",
            b"\xFF\xD8\xFF\xE0 truncated jpeg",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        ] {
            assert_eq!(
                clean(bad, &settings()).map(|_| ()),
                Err(PhotoProblem::NotAnImage)
            );
        }
    }

    #[test]
    fn size_and_pixel_limits_hold_before_decoding() {
        let mut s = settings();
        s.photo_max_bytes = 10;
        assert_eq!(
            clean(&jpeg_with_exif(), &s).map(|_| ()),
            Err(PhotoProblem::TooLarge { max_bytes: 10 })
        );
        let mut s = settings();
        s.photo_max_pixels = 100;
        assert_eq!(
            clean(&jpeg_with_exif(), &s).map(|_| ()),
            Err(PhotoProblem::TooManyPixels { max_pixels: 100 })
        );
        // A tiny PNG header that claims 100,000 × 100,000 pixels.
        let mut bomb = Vec::new();
        image::codecs::png::PngEncoder::new(&mut bomb)
            .write_image(&[0u8; 3], 1, 1, image::ExtendedColorType::Rgb8)
            .unwrap();
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(matches!(
            clean(&bomb, &settings()),
            Err(PhotoProblem::TooManyPixels { .. } | PhotoProblem::NotAnImage)
        ));
    }

    #[test]
    fn the_cost_of_decoding_is_known_from_the_header_and_covers_the_picture() {
        let (w, h) = (2_000u32, 1_000u32);
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(
                &vec![0u8; (w * h * 4) as usize],
                w,
                h,
                image::ExtendedColorType::Rgba8,
            )
            .unwrap();
        let cost = cost(&png, &settings()).unwrap();
        let pixels = u64::from(w * h);
        assert!(png.len() < 100_000, "a small file");
        assert!(cost >= pixels * 4, "at least the decoded picture: {cost}");
        assert!(cost <= pixels * 12, "not wildly more: {cost}");
        let photo = clean(&png, &settings()).unwrap();
        assert_eq!((photo.width, photo.height), (w, h));
    }
}
