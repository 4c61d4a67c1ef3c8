//! A credential packed for a self-contained QR code: `MC1:` + Base45(deflate(packed)).
//!
//! Modelled on the EU Digital COVID Certificate (`HC1:` + Base45 + zlib): Base45 uses
//! only the QR alphanumeric alphabet, which QR codes store at 5.5 bits a character, so a
//! byte costs 8.25 bits and any scanner reads the text unchanged. Compact JWS and SD-JWT
//! parts are stored decoded (base64url back to bytes, which also compresses far better)
//! and re-encoded on unpacking: the encoding is canonical, so the original text comes
//! back byte for byte, and with it the signature's validity.

use std::io::{Read, Write};

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;

pub const PREFIX: &str = "MC1:";
/// Largest credential unpacked (the verifier's input limit).
pub const MAX_UNPACKED: usize = crate::limits::DOCUMENT;

const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PackError {
    #[error("not a packed credential (it must start with {PREFIX})")]
    NoPrefix,
    #[error("the Base45 text is malformed")]
    Base45,
    #[error("the compressed data is malformed")]
    Inflate,
    #[error("the packed credential is larger than {MAX_UNPACKED} bytes")]
    TooLarge,
    #[error("the packed credential is malformed: {0}")]
    Malformed(&'static str),
    #[error("this text cannot be packed: {0}")]
    Unpackable(&'static str),
}

/// Kinds of packed content, the first byte.
const KIND_JSON: u8 = 1;
const KIND_JWS: u8 = 2;
const KIND_SD_JWT: u8 = 3;

pub fn base45_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3 / 2 + 2);
    for chunk in bytes.chunks(2) {
        let (mut n, digits) = match chunk {
            [a, b] => (*a as u32 * 256 + *b as u32, 3),
            [a] => (*a as u32, 2),
            _ => unreachable!("chunks(2) yields one or two bytes"),
        };
        for _ in 0..digits {
            out.push(ALPHABET[(n % 45) as usize] as char);
            n /= 45;
        }
    }
    out
}

pub fn base45_decode(text: &str) -> Result<Vec<u8>, PackError> {
    let digit = |c: u8| {
        ALPHABET
            .iter()
            .position(|&a| a == c)
            .map(|p| p as u32)
            .ok_or(PackError::Base45)
    };
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() * 2 / 3);
    for chunk in bytes.chunks(3) {
        match chunk {
            [a, b, c] => {
                let n = digit(*a)? + digit(*b)? * 45 + digit(*c)? * 45 * 45;
                if n > 0xffff {
                    return Err(PackError::Base45);
                }
                out.push((n >> 8) as u8);
                out.push(n as u8);
            }
            [a, b] => {
                let n = digit(*a)? + digit(*b)? * 45;
                if n > 0xff {
                    return Err(PackError::Base45);
                }
                out.push(n as u8);
            }
            _ => return Err(PackError::Base45),
        }
    }
    Ok(out)
}

fn put(out: &mut Vec<u8>, bytes: &[u8]) {
    // LEB128 length, then the bytes.
    let mut n = bytes.len();
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(bytes);
}

fn put_jws(out: &mut Vec<u8>, jws: &str) -> Result<(), PackError> {
    let parts: Vec<&str> = jws.split('.').collect();
    if parts.len() != 3 {
        return Err(PackError::Unpackable("a JWS has three parts"));
    }
    for p in parts {
        let bytes = B64
            .decode(p)
            .map_err(|_| PackError::Unpackable("a JWS part is not base64url"))?;
        put(out, &bytes);
    }
    Ok(())
}

/// Packs a credential as it was issued: JSON (Data Integrity), a compact JWS, or an
/// SD-JWT (with or without a key-binding JWT).
pub fn pack(text: &str) -> Result<String, PackError> {
    let mut raw = Vec::with_capacity(text.len());
    let trimmed = text.trim();
    if trimmed.starts_with('{') {
        raw.push(KIND_JSON);
        raw.extend_from_slice(text.as_bytes());
    } else if trimmed.contains('~') {
        raw.push(KIND_SD_JWT);
        let (sd_part, kb) = trimmed
            .rsplit_once('~')
            .ok_or(PackError::Unpackable("no '~'"))?;
        let mut pieces = sd_part.split('~');
        put_jws(&mut raw, pieces.next().unwrap_or_default())?;
        let disclosures: Vec<&str> = pieces.collect();
        put(&mut raw, &(disclosures.len() as u32).to_be_bytes());
        for d in disclosures {
            let bytes = B64
                .decode(d)
                .map_err(|_| PackError::Unpackable("a disclosure is not base64url"))?;
            put(&mut raw, &bytes);
        }
        if kb.is_empty() {
            put(&mut raw, &[]);
        } else {
            put(&mut raw, &[1]);
            put_jws(&mut raw, kb)?;
        }
        if trimmed != text {
            return Err(PackError::Unpackable("surrounding whitespace"));
        }
    } else {
        raw.push(KIND_JWS);
        put_jws(&mut raw, trimmed)?;
        if trimmed != text {
            return Err(PackError::Unpackable("surrounding whitespace"));
        }
    }
    let mut z = DeflateEncoder::new(Vec::new(), Compression::best());
    z.write_all(&raw)
        .map_err(|_| PackError::Unpackable("compression failed"))?;
    let compressed = z
        .finish()
        .map_err(|_| PackError::Unpackable("compression failed"))?;
    Ok(format!("{PREFIX}{}", base45_encode(&compressed)))
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self) -> Result<&'a [u8], PackError> {
        let mut n: usize = 0;
        let mut shift = 0;
        loop {
            let (&b, rest) = self
                .bytes
                .split_first()
                .ok_or(PackError::Malformed("truncated"))?;
            self.bytes = rest;
            if shift > 28 {
                return Err(PackError::Malformed("length too large"));
            }
            n |= ((b & 0x7f) as usize) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                break;
            }
        }
        if n > self.bytes.len() {
            return Err(PackError::Malformed("truncated"));
        }
        let (v, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(v)
    }

    fn jws(&mut self) -> Result<String, PackError> {
        let h = B64.encode(self.take()?);
        let p = B64.encode(self.take()?);
        let s = B64.encode(self.take()?);
        Ok(format!("{h}.{p}.{s}"))
    }
}

/// Unpacks `MC1:…` back into the credential text, byte for byte.
pub fn unpack(text: &str) -> Result<String, PackError> {
    let body = text
        .trim()
        .strip_prefix(PREFIX)
        .ok_or(PackError::NoPrefix)?;
    if body.len() > MAX_UNPACKED * 2 {
        return Err(PackError::TooLarge);
    }
    let compressed = base45_decode(body)?;
    let mut raw = Vec::new();
    DeflateDecoder::new(compressed.as_slice())
        .take(MAX_UNPACKED as u64 + 1)
        .read_to_end(&mut raw)
        .map_err(|_| PackError::Inflate)?;
    if raw.len() > MAX_UNPACKED {
        return Err(PackError::TooLarge);
    }
    let (&kind, rest) = raw.split_first().ok_or(PackError::Malformed("empty"))?;
    let mut r = Reader { bytes: rest };
    let out = match kind {
        KIND_JSON => {
            String::from_utf8(rest.to_vec()).map_err(|_| PackError::Malformed("not UTF-8"))?
        }
        KIND_JWS => r.jws()?,
        KIND_SD_JWT => {
            let mut out = r.jws()?;
            out.push('~');
            let n = u32::from_be_bytes(
                r.take()?
                    .try_into()
                    .map_err(|_| PackError::Malformed("disclosure count"))?,
            );
            if n > crate::sdjwt::MAX_DISCLOSURES as u32 {
                return Err(PackError::Malformed("too many disclosures"));
            }
            for _ in 0..n {
                out.push_str(&B64.encode(r.take()?));
                out.push('~');
            }
            match r.take()? {
                [] => {}
                [1] => out.push_str(&r.jws()?),
                _ => return Err(PackError::Malformed("key-binding marker")),
            }
            out
        }
        _ => return Err(PackError::Malformed("unknown kind")),
    };
    if kind != KIND_JSON && !r.bytes.is_empty() {
        return Err(PackError::Malformed("trailing bytes"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base45_matches_the_rfc_examples() {
        // RFC 9285 §4.
        assert_eq!(base45_encode(b"AB"), "BB8");
        assert_eq!(base45_encode(b"Hello!!"), "%69 VD92EX0");
        assert_eq!(base45_encode(b"base-45"), "UJCLQE7W581");
        assert_eq!(base45_decode("QED8WEX0").unwrap(), b"ietf!");
        assert_eq!(
            base45_decode("GGW"),
            Err(PackError::Base45),
            "65535 < value"
        );
        assert_eq!(base45_decode("a"), Err(PackError::Base45));
    }

    #[test]
    fn round_trips_each_kind_byte_for_byte() {
        let jws = format!(
            "{}.{}.{}",
            B64.encode(br#"{"alg":"EdDSA"}"#),
            B64.encode(br#"{"a":"b"}"#),
            B64.encode([7u8; 64])
        );
        let d = B64.encode(br#"["salt","name","Maija"]"#);
        for text in [
            r#"{"@context":["x"],"name":"Tapahtumatekniikan osaajaksi"}"#.to_string(),
            jws.clone(),
            format!("{jws}~{d}~"),
            format!("{jws}~"),
            format!("{jws}~{d}~{jws}"),
        ] {
            let packed = pack(&text).unwrap();
            assert!(packed.starts_with(PREFIX));
            assert!(packed[4..].bytes().all(|b| ALPHABET.contains(&b)));
            assert_eq!(unpack(&packed).unwrap(), text);
        }
    }

    #[test]
    fn hostile_packs_are_refused() {
        assert_eq!(unpack("HC1:ABC"), Err(PackError::NoPrefix));
        assert_eq!(unpack("MC1:abc"), Err(PackError::Base45));
        // A deflate bomb: 2 MiB of zeros.
        let mut z = DeflateEncoder::new(Vec::new(), Compression::best());
        z.write_all(&vec![0u8; 2 << 20]).unwrap();
        let bomb = format!("{PREFIX}{}", base45_encode(&z.finish().unwrap()));
        assert_eq!(unpack(&bomb), Err(PackError::TooLarge));
        let mut z = DeflateEncoder::new(Vec::new(), Compression::best());
        z.write_all(&[KIND_JWS, 200]).unwrap();
        let truncated = format!("{PREFIX}{}", base45_encode(&z.finish().unwrap()));
        assert!(matches!(unpack(&truncated), Err(PackError::Malformed(_))));
        assert!(pack("not.a.jws!").is_err());
    }
}
