//! QR codes in pictures: a PNG or JPEG (a screenshot, a photo of a printed certificate)
//! decoded to the text of the first QR code found in it.
//!
//! Pictures are hostile input: a few kilobytes of PNG can claim a billion pixels. The
//! dimensions are read from the header and refused past [`MAX_PIXELS`] before any pixel
//! is decoded, and the decoders' own memory limits are set as well. Large photos are
//! scaled down (by averaging) before the QR search, which costs time in the square of
//! the side.

use std::io::Cursor;

/// Largest picture accepted, in bytes.
pub const MAX_IMAGE_BYTES: usize = 8 * 1024 * 1024;
/// Most pixels decoded: a 24-megapixel phone photo.
pub const MAX_PIXELS: u64 = 24_000_000;
/// The QR search runs on at most this many pixels (about 2000 × 1500).
const SEARCH_PIXELS: u64 = 3_000_000;

/// What kind of picture the bytes are, by their magic number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picture {
    Png,
    Jpeg,
    /// A picture format not read here (GIF, WebP, HEIC, …).
    Other(&'static str),
}

/// Whether `bytes` begin like a picture file, and which.
pub fn sniff(bytes: &[u8]) -> Option<Picture> {
    const SIGS: [(&[u8], Picture); 5] = [
        (b"\x89PNG\r\n\x1a\n", Picture::Png),
        (b"\xff\xd8\xff", Picture::Jpeg),
        (b"GIF8", Picture::Other("GIF")),
        (b"BM", Picture::Other("BMP")),
        (b"II*\0", Picture::Other("TIFF")),
    ];
    if let Some((_, p)) = SIGS.iter().find(|(s, _)| bytes.starts_with(s)) {
        return Some(*p);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(Picture::Other("WebP"));
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some(Picture::Other("HEIC/AVIF"));
    }
    None
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("the picture is larger than {} MiB", MAX_IMAGE_BYTES / (1024 * 1024))]
    TooLarge,
    #[error("the picture is {width} × {height} pixels, more than {} million", MAX_PIXELS / 1_000_000)]
    TooManyPixels { width: u64, height: u64 },
    #[error("{0} pictures are not read: use PNG or JPEG")]
    Unsupported(&'static str),
    #[error("the picture cannot be read: {0}")]
    Unreadable(String),
    #[error("no QR code was found in the picture")]
    NoCode,
    #[error("a QR code was found but could not be read (blurred, cut off or too small?)")]
    Undecodable,
}

/// Greyscale pixels, one byte each, row by row.
struct Grey {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

/// The text of the first readable QR code in a PNG or JPEG.
pub fn decode(bytes: &[u8]) -> Result<String, ImageError> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ImageError::TooLarge);
    }
    let grey = match sniff(bytes) {
        Some(Picture::Png) => png_grey(bytes)?,
        Some(Picture::Jpeg) => jpeg_grey(bytes)?,
        Some(Picture::Other(name)) => return Err(ImageError::Unsupported(name)),
        None => return Err(ImageError::Unreadable("not a PNG or JPEG file".into())),
    };
    let grey = shrink(grey);
    let (w, h) = (grey.width, grey.height);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| grey.pixels[y * w + x]);
    let grids = img.detect_grids();
    if grids.is_empty() {
        return Err(ImageError::NoCode);
    }
    grids
        .iter()
        .find_map(|g| g.decode().ok().map(|(_, text)| text))
        .ok_or(ImageError::Undecodable)
}

fn check_size(width: u64, height: u64) -> Result<(), ImageError> {
    if width == 0 || height == 0 {
        return Err(ImageError::Unreadable("the picture has no pixels".into()));
    }
    if width.saturating_mul(height) > MAX_PIXELS {
        return Err(ImageError::TooManyPixels { width, height });
    }
    Ok(())
}

fn png_grey(bytes: &[u8]) -> Result<Grey, ImageError> {
    // The size is in the first chunk (IHDR, bytes 16..24): checked before the decoder
    // reads any further.
    if let (Some(w), Some(h)) = (bytes.get(16..20), bytes.get(20..24)) {
        let be = |b: &[u8]| u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
        check_size(be(w), be(h))?;
    }
    let unreadable = |e: png::DecodingError| ImageError::Unreadable(e.to_string());
    let mut decoder = png::Decoder::new_with_limits(
        Cursor::new(bytes),
        png::Limits {
            bytes: (MAX_PIXELS * 4) as usize,
        },
    );
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(unreadable)?;
    let (width, height) = {
        let info = reader.info();
        (u64::from(info.width), u64::from(info.height))
    };
    check_size(width, height)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| ImageError::Unreadable("the picture is too large".into()))?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(unreadable)?;
    let channels = match frame.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => {
            return Err(ImageError::Unreadable("an unexpanded palette".into()))
        }
    };
    let (w, h) = (frame.width as usize, frame.height as usize);
    let stride = frame.line_size;
    let mut pixels = Vec::with_capacity(w * h);
    for y in 0..h {
        let row = buf
            .get(y * stride..y * stride + w * channels)
            .ok_or_else(|| ImageError::Unreadable("a short row".into()))?;
        pixels.extend(row.chunks_exact(channels).map(|p| luma(p, channels)));
    }
    Ok(Grey {
        width: w,
        height: h,
        pixels,
    })
}

/// The brightness of one pixel; transparent pixels count as white (a QR code on a
/// transparent background is dark on light when shown).
fn luma(p: &[u8], channels: usize) -> u8 {
    let (v, alpha) = match channels {
        1 => (u32::from(p[0]), 255),
        2 => (u32::from(p[0]), u32::from(p[1])),
        _ => {
            let v = (299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2])) / 1000;
            (v, if channels == 4 { u32::from(p[3]) } else { 255 })
        }
    };
    ((v * alpha + 255 * (255 - alpha)) / 255) as u8
}

fn jpeg_grey(bytes: &[u8]) -> Result<Grey, ImageError> {
    let unreadable = |e: jpeg_decoder::Error| ImageError::Unreadable(e.to_string());
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.set_max_decoding_buffer_size((MAX_PIXELS * 4) as usize);
    decoder.read_info().map_err(unreadable)?;
    let info = decoder
        .info()
        .ok_or_else(|| ImageError::Unreadable("no picture header".into()))?;
    check_size(u64::from(info.width), u64::from(info.height))?;
    let data = decoder.decode().map_err(unreadable)?;
    let (w, h) = (usize::from(info.width), usize::from(info.height));
    let pixels: Vec<u8> = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => data,
        jpeg_decoder::PixelFormat::L16 => data.chunks_exact(2).map(|p| p[0]).collect(),
        jpeg_decoder::PixelFormat::RGB24 => data.chunks_exact(3).map(|p| luma(p, 3)).collect(),
        jpeg_decoder::PixelFormat::CMYK32 => data
            .chunks_exact(4)
            .map(|p| {
                let k = 255 - u32::from(p[3]);
                let c = |v: u8| (255 - u32::from(v)) * k / 255;
                let rgb = [c(p[0]) as u8, c(p[1]) as u8, c(p[2]) as u8];
                luma(&rgb, 3)
            })
            .collect(),
    };
    if pixels.len() < w * h {
        return Err(ImageError::Unreadable(
            "fewer pixels than the header says".into(),
        ));
    }
    Ok(Grey {
        width: w,
        height: h,
        pixels,
    })
}

/// Scales a large picture down by a whole factor (averaging blocks) so the QR search
/// stays fast; QR modules in a photo are many pixels wide, so nothing is lost.
fn shrink(g: Grey) -> Grey {
    let px = (g.width * g.height) as u64;
    if px <= SEARCH_PIXELS {
        return g;
    }
    let mut f = 2usize;
    while px / (f * f) as u64 > SEARCH_PIXELS {
        f += 1;
    }
    let (w, h) = (g.width / f, g.height / f);
    let mut pixels = Vec::with_capacity(w * h);
    for by in 0..h {
        for bx in 0..w {
            let mut sum = 0u32;
            for y in by * f..by * f + f {
                let row = &g.pixels[y * g.width + bx * f..y * g.width + bx * f + f];
                sum += row.iter().map(|&v| u32::from(v)).sum::<u32>();
            }
            pixels.push((sum / (f * f) as u32) as u8);
        }
    }
    Grey {
        width: w,
        height: h,
        pixels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG header claiming `w` × `h` pixels, with no pixel data.
    fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
        out.extend_from_slice(&13u32.to_be_bytes());
        out.extend_from_slice(b"IHDR");
        out.extend_from_slice(&ihdr);
        let mut crc = flate2::Crc::new();
        crc.update(b"IHDR");
        crc.update(&ihdr);
        out.extend_from_slice(&crc.sum().to_be_bytes());
        out
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        assert_eq!(
            decode(&png_header(100_000, 100_000)),
            Err(ImageError::TooManyPixels {
                width: 100_000,
                height: 100_000
            })
        );
        assert!(matches!(
            decode(&png_header(0, 10)),
            Err(ImageError::Unreadable(_))
        ));
    }

    #[test]
    fn hostile_and_foreign_pictures() {
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\ngarbage"),
            Err(ImageError::Unreadable(_))
        ));
        assert!(matches!(
            decode(b"\xff\xd8\xff\xe0garbage"),
            Err(ImageError::Unreadable(_))
        ));
        assert_eq!(decode(b"GIF89a...."), Err(ImageError::Unsupported("GIF")));
        assert_eq!(
            decode(&vec![0u8; MAX_IMAGE_BYTES + 1]),
            Err(ImageError::TooLarge)
        );
        assert_eq!(sniff(b"hello"), None);
    }

    #[test]
    fn a_blank_picture_has_no_code() {
        // 64 × 64 white, written through the png crate.
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, 64, 64);
            enc.set_color(png::ColorType::Grayscale);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc.write_header().unwrap();
            w.write_image_data(&[255u8; 64 * 64]).unwrap();
        }
        assert_eq!(decode(&out), Err(ImageError::NoCode));
    }
}
