//! QR codes: a link to a share, or the credential itself for verifying a printed
//! certificate offline.
//!
//! A self-contained code holds `MC1:` + Base45 of the compressed credential
//! ([`microcred_core::qrpack`]) in alphanumeric mode at error correction M. The largest QR
//! code (version 40, 177×177 modules) holds 3,391 such characters, which is about
//! 2,250 bytes of compressed credential: a one-language credential of 4–6 KB fits, a
//! full three-language one (11–16 KB) does not, and then a link is the way.

use std::io::Write;

use qrcode::render::{svg, unicode};
use qrcode::{EcLevel, QrCode};

use crate::error::{Result, WalletError};

/// Characters a self-contained QR code can hold (version 40-M, alphanumeric).
pub const SELF_CONTAINED_LIMIT: usize = 3_391;
/// Pixels per module in PNG output, and the quiet zone in modules.
const PNG_SCALE: usize = 4;
const QUIET: usize = 4;

/// What a QR code carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// A share link.
    Link(String),
    /// A credential packed whole (`MC1:…`).
    Credential(String),
}

impl Payload {
    pub fn text(&self) -> &str {
        match self {
            Payload::Link(t) | Payload::Credential(t) => t,
        }
    }
}

pub fn code(text: &str) -> Result<QrCode> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|e| {
        WalletError::Refused(format!(
            "{} characters do not fit in a QR code ({e})",
            text.len()
        ))
    })
}

/// For a terminal: two modules a character, dark on light.
pub fn to_terminal(text: &str) -> Result<String> {
    Ok(code(text)?
        .render::<unicode::Dense1x2>()
        .dark_color(unicode::Dense1x2::Light)
        .light_color(unicode::Dense1x2::Dark)
        .quiet_zone(true)
        .build())
}

pub fn to_svg(text: &str) -> Result<String> {
    Ok(code(text)?
        .render::<svg::Color<'_>>()
        .min_dimensions(400, 400)
        .quiet_zone(true)
        .build())
}

/// A greyscale PNG, written here from the module matrix (no image library needed).
pub fn to_png(text: &str) -> Result<Vec<u8>> {
    let qr = code(text)?;
    let modules = qr.width();
    let colors = qr.to_colors();
    let side = (modules + 2 * QUIET) * PNG_SCALE;
    // Each row: filter byte 0, then one byte a pixel.
    let mut raw = Vec::with_capacity(side * (side + 1));
    for y in 0..side {
        raw.push(0);
        for x in 0..side {
            let (mx, my) = (x / PNG_SCALE, y / PNG_SCALE);
            let dark = mx >= QUIET
                && my >= QUIET
                && mx < QUIET + modules
                && my < QUIET + modules
                && colors[(my - QUIET) * modules + (mx - QUIET)] == qrcode::Color::Dark;
            raw.push(if dark { 0 } else { 255 });
        }
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&raw)
        .map_err(|e| WalletError::Store(e.to_string()))?;
    let idat = z.finish().map_err(|e| WalletError::Store(e.to_string()))?;
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&(side as u32).to_be_bytes());
    ihdr.extend_from_slice(&(side as u32).to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit greyscale, deflate, no filter, no interlace
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &idat);
    chunk(&mut png, b"IEND", &[]);
    Ok(png)
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
}

/// What [`crate::Wallet::qr_payload`] chose, and why.
#[derive(Debug, Clone)]
pub struct QrChoice {
    pub payload: Payload,
    /// A share made because the credential was too large to carry whole.
    pub made_share: Option<crate::share::Share>,
    /// The packed size, when a credential was packed.
    pub packed_len: Option<usize>,
}

impl crate::wallet::Wallet {
    /// The QR payload for `arg`: a share token gives its link; a credential ID gives the
    /// credential itself when it fits, else — when `make_link`, because the caller will
    /// publish it where it can be opened — a new share link (default lifetime). Without
    /// `make_link` a credential that does not fit is refused, saying so: a link nobody
    /// serves would be a dead one.
    pub fn qr_payload(&self, arg: &str, make_link: bool) -> Result<QrChoice> {
        let arg = arg.trim();
        if crate::share::token_well_formed(arg) {
            if let Some(s) = self.shares()?.into_iter().find(|s| s.token == arg) {
                if !s.active(chrono::Utc::now().timestamp()) {
                    return Err(WalletError::Refused(
                        "that link has ended or expired".into(),
                    ));
                }
                return Ok(QrChoice {
                    payload: Payload::Link(self.link_of(&s)),
                    made_share: None,
                    packed_len: None,
                });
            }
        }
        let e = self.find(arg)?;
        let bytes = self.store.credential(&e.id)?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| WalletError::Corrupt("a credential is not text".into()))?;
        let packed =
            microcred_core::qrpack::pack(text).map_err(|e| WalletError::Corrupt(e.to_string()))?;
        if packed.len() <= SELF_CONTAINED_LIMIT {
            return Ok(QrChoice {
                packed_len: Some(packed.len()),
                payload: Payload::Credential(packed),
                made_share: None,
            });
        }
        if !make_link {
            return Err(WalletError::QrTooLarge {
                len: packed.len(),
                limit: SELF_CONTAINED_LIMIT,
            });
        }
        let expires = crate::share::parse_expiry(None, chrono::Utc::now())?;
        let share = self.share(
            std::slice::from_ref(&e.id),
            expires,
            &crate::present::Disclose::All,
        )?;
        Ok(QrChoice {
            payload: Payload::Link(self.share_url(&share.token)),
            packed_len: Some(packed.len()),
            made_share: Some(share),
        })
    }
}
