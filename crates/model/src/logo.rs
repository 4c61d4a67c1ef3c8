//! The issuer's logo: an image carried inside the issuer profile as a `data:` URI.
//!
//! Only PNG and JPEG, and only inline: a URL would make printing a certificate fetch
//! from the network (slow, and a way to track who prints what), so nothing is fetched.
//! The size limit keeps profiles, pages and PDFs small; decoding the image when the
//! profile is validated means a broken logo is found when it is set, not when a
//! certificate is printed.

use std::io::Cursor;

use base64::Engine;

/// The most bytes a logo may have once decoded: 256 KiB.
pub const MAX_LOGO_BYTES: usize = 256 * 1024;

/// The most pixels a logo may have, so a small file cannot expand into a huge bitmap.
const MAX_PIXELS: u64 = 4096 * 4096;

/// The two image formats a logo may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoFormat {
    Png,
    Jpeg,
}

/// Why a logo was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogoError {
    #[error("not a data:image/png;base64,… or data:image/jpeg;base64,… URI")]
    NotDataUri,
    #[error("the base64 part does not decode")]
    BadBase64,
    #[error("{size} bytes, more than {MAX_LOGO_BYTES}")]
    TooLarge { size: usize },
    #[error("not a readable image: {detail}")]
    NotAnImage { detail: String },
}

/// A decoded logo: its format, the file's bytes and its size in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub format: LogoFormat,
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// For a JPEG, its colour components (1 grey or 3 colour), which a PDF must name.
    pub components: u8,
}

/// A PNG's pixels made ready for a PDF: 8-bit RGB and, when it has one, 8-bit alpha.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pixels {
    pub rgb: Vec<u8>,
    pub alpha: Option<Vec<u8>>,
}

impl Logo {
    /// Reads and checks a `data:` URI: its media type, base64, size, and that the image
    /// decodes.
    pub fn parse(uri: &str) -> Result<Logo, LogoError> {
        let (format, data) = if let Some(d) = uri.strip_prefix("data:image/png;base64,") {
            (LogoFormat::Png, d)
        } else if let Some(d) = uri.strip_prefix("data:image/jpeg;base64,") {
            (LogoFormat::Jpeg, d)
        } else {
            return Err(LogoError::NotDataUri);
        };
        // Refuse an oversize logo before decoding it.
        let estimate = data.len() / 4 * 3;
        if estimate > MAX_LOGO_BYTES + 3 {
            return Err(LogoError::TooLarge { size: estimate });
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|_| LogoError::BadBase64)?;
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(LogoError::TooLarge { size: bytes.len() });
        }
        let mut logo = Logo {
            format,
            bytes,
            width: 0,
            height: 0,
            components: 3,
        };
        match format {
            LogoFormat::Png => {
                let p = logo.png()?;
                logo.width = p.1;
                logo.height = p.2;
            }
            LogoFormat::Jpeg => logo.jpeg()?,
        }
        Ok(logo)
    }

    /// A PNG's pixels as RGB and alpha (for a PDF image and its soft mask).
    pub fn pixels(&self) -> Result<Pixels, LogoError> {
        self.png().map(|(p, _, _)| p)
    }

    fn png(&self) -> Result<(Pixels, u32, u32), LogoError> {
        let bad = |e: png::DecodingError| LogoError::NotAnImage {
            detail: e.to_string(),
        };
        let mut decoder = png::Decoder::new_with_limits(
            Cursor::new(self.bytes.as_slice()),
            png::Limits {
                bytes: (MAX_PIXELS * 4) as usize,
            },
        );
        // Palette and 16-bit images become 8-bit grey or colour, with or without alpha.
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().map_err(bad)?;
        let (width, height) = (reader.info().width, reader.info().height);
        if u64::from(width) * u64::from(height) > MAX_PIXELS || width == 0 || height == 0 {
            return Err(LogoError::NotAnImage {
                detail: format!("{width}×{height} pixels"),
            });
        }
        let size = reader.output_buffer_size().ok_or(LogoError::NotAnImage {
            detail: "too large".into(),
        })?;
        let mut buf = vec![0; size];
        let frame = reader.next_frame(&mut buf).map_err(bad)?;
        let channels = match frame.color_type {
            png::ColorType::Grayscale => 1,
            png::ColorType::GrayscaleAlpha => 2,
            png::ColorType::Rgb => 3,
            png::ColorType::Rgba => 4,
            png::ColorType::Indexed => {
                return Err(LogoError::NotAnImage {
                    detail: "an unexpanded palette".into(),
                })
            }
        };
        let (w, h) = (frame.width as usize, frame.height as usize);
        let has_alpha = channels == 2 || channels == 4;
        let mut rgb = Vec::with_capacity(w * h * 3);
        let mut alpha = Vec::with_capacity(if has_alpha { w * h } else { 0 });
        for y in 0..h {
            let row = buf
                .get(y * frame.line_size..y * frame.line_size + w * channels)
                .ok_or(LogoError::NotAnImage {
                    detail: "fewer pixels than the header says".into(),
                })?;
            for px in row.chunks_exact(channels) {
                match px {
                    [g] => rgb.extend_from_slice(&[*g, *g, *g]),
                    [g, a] => {
                        rgb.extend_from_slice(&[*g, *g, *g]);
                        alpha.push(*a);
                    }
                    [r, g, b] => rgb.extend_from_slice(&[*r, *g, *b]),
                    [r, g, b, a] => {
                        rgb.extend_from_slice(&[*r, *g, *b]);
                        alpha.push(*a);
                    }
                    _ => {}
                }
            }
        }
        let pixels = Pixels {
            rgb,
            alpha: has_alpha.then_some(alpha),
        };
        Ok((pixels, width, height))
    }

    fn jpeg(&mut self) -> Result<(), LogoError> {
        let bad = |e: jpeg_decoder::Error| LogoError::NotAnImage {
            detail: e.to_string(),
        };
        let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(self.bytes.as_slice()));
        decoder.set_max_decoding_buffer_size((MAX_PIXELS * 4) as usize);
        decoder.read_info().map_err(bad)?;
        let info = decoder.info().ok_or(LogoError::NotAnImage {
            detail: "no picture header".into(),
        })?;
        // A PDF shows 8-bit grey and colour JPEGs as they are; others are refused here
        // rather than printed wrong.
        self.components = match info.pixel_format {
            jpeg_decoder::PixelFormat::L8 => 1,
            jpeg_decoder::PixelFormat::RGB24 => 3,
            other => {
                return Err(LogoError::NotAnImage {
                    detail: format!("{other:?} JPEG; use 8-bit grey or colour"),
                })
            }
        };
        self.width = u32::from(info.width);
        self.height = u32::from(info.height);
        if u64::from(self.width) * u64::from(self.height) > MAX_PIXELS
            || self.width == 0
            || self.height == 0
        {
            return Err(LogoError::NotAnImage {
                detail: format!("{}×{} pixels", self.width, self.height),
            });
        }
        decoder.decode().map_err(bad)?;
        Ok(())
    }
}
