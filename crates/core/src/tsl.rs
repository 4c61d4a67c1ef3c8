//! IETF Token Status List (draft-ietf-oauth-status-list): the status of each SD-JWT VC as
//! a few bits in a ZLIB-compressed byte array, carried in a signed Status List Token
//! (`typ: statuslist+jwt`).
//!
//! Unlike the W3C Bitstring Status List ([`crate::status`]) one list holds every status
//! type at once: with `bits` = 2 an index reads 0 (valid), 1 (invalid: revoked) or 2
//! (suspended). Bits are packed from the least significant bit of each byte (the W3C
//! list counts from the most significant): the two lists are kept apart for that reason.
//!
//! Hand-written because it is a page of bit arithmetic over `flate2`; the Rust crates that
//! claim the format follow older drafts (MSB-first or without `bits`).

use std::io::{Read, Write};

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use serde_json::{json, Value};

/// Media type of a Status List Token in JWT form.
pub const MEDIA_TYPE: &str = "application/statuslist+jwt";
/// `typ` header of a Status List Token.
pub const TYP: &str = "statuslist+jwt";
/// Largest list a verifier accepts decompressed (8 MiB), so that a hostile list cannot
/// exhaust memory.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// Status Type values (draft section 7).
pub const VALID: u8 = 0x00;
pub const INVALID: u8 = 0x01;
pub const SUSPENDED: u8 = 0x02;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TslError {
    #[error("bits must be 1, 2, 4 or 8")]
    BadBits,
    #[error("lst is not base64url")]
    NotBase64,
    #[error("lst is not ZLIB data")]
    NotZlib,
    #[error("the list decompresses to more than 8 MiB")]
    TooLarge,
    #[error("index {0} is outside the list")]
    OutOfRange(u64),
    #[error("status value {value} does not fit in {bits} bits")]
    ValueTooLarge { value: u8, bits: u8 },
    #[error("the status_list claim is malformed: {0}")]
    Malformed(&'static str),
}

/// A status list: `bits` per referenced token, LSB-first within each byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusList {
    bits: u8,
    bytes: Vec<u8>,
}

impl StatusList {
    /// A list of `entries` statuses, all VALID.
    pub fn new(entries: usize, bits: u8) -> Result<Self, TslError> {
        if !matches!(bits, 1 | 2 | 4 | 8) {
            return Err(TslError::BadBits);
        }
        let len = (entries * bits as usize).div_ceil(8);
        Ok(StatusList {
            bits,
            bytes: vec![0; len],
        })
    }

    pub fn bits(&self) -> u8 {
        self.bits
    }

    /// Bytes held on the heap (what a cache of lists counts).
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity()
    }

    /// How many statuses the list holds.
    pub fn len(&self) -> usize {
        self.bytes.len() * 8 / self.bits as usize
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    fn position(&self, index: u64) -> Result<(usize, u32), TslError> {
        let bit = index
            .checked_mul(self.bits as u64)
            .ok_or(TslError::OutOfRange(index))?;
        let byte = usize::try_from(bit / 8).map_err(|_| TslError::OutOfRange(index))?;
        if byte >= self.bytes.len() {
            return Err(TslError::OutOfRange(index));
        }
        Ok((byte, (bit % 8) as u32))
    }

    fn mask(&self) -> u8 {
        ((1u16 << self.bits) - 1) as u8
    }

    pub fn get(&self, index: u64) -> Result<u8, TslError> {
        let (byte, shift) = self.position(index)?;
        Ok((self.bytes[byte] >> shift) & self.mask())
    }

    pub fn set(&mut self, index: u64, value: u8) -> Result<(), TslError> {
        if value > self.mask() {
            return Err(TslError::ValueTooLarge {
                value,
                bits: self.bits,
            });
        }
        let (byte, shift) = self.position(index)?;
        let mask = self.mask() << shift;
        self.bytes[byte] = (self.bytes[byte] & !mask) | (value << shift);
        Ok(())
    }

    /// The `status_list` claim: `{bits, lst}` with `lst` = base64url(ZLIB(bytes)) at the
    /// highest compression level, as the draft recommends.
    pub fn to_claim(&self) -> Value {
        let mut z = ZlibEncoder::new(Vec::new(), Compression::best());
        // Writing to a Vec cannot fail.
        let _ = z.write_all(&self.bytes);
        let compressed = z.finish().unwrap_or_default();
        json!({ "bits": self.bits, "lst": B64.encode(compressed) })
    }

    /// Reads a `status_list` claim, stopping a decompression bomb at [`MAX_BYTES`].
    pub fn from_claim(claim: &Value) -> Result<Self, TslError> {
        let bits = claim
            .get("bits")
            .and_then(Value::as_u64)
            .ok_or(TslError::Malformed("bits is missing or not a number"))?;
        let bits = u8::try_from(bits).map_err(|_| TslError::BadBits)?;
        if !matches!(bits, 1 | 2 | 4 | 8) {
            return Err(TslError::BadBits);
        }
        let lst = claim
            .get("lst")
            .and_then(Value::as_str)
            .ok_or(TslError::Malformed("lst is missing or not a string"))?;
        if lst.len() > MAX_BYTES {
            return Err(TslError::TooLarge);
        }
        let compressed = B64.decode(lst).map_err(|_| TslError::NotBase64)?;
        let mut bytes = Vec::new();
        ZlibDecoder::new(compressed.as_slice())
            .take(MAX_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| TslError::NotZlib)?;
        if bytes.len() > MAX_BYTES {
            return Err(TslError::TooLarge);
        }
        Ok(StatusList { bits, bytes })
    }
}

/// The `status.status_list` reference of a Referenced Token: `(idx, uri)`.
pub fn reference(claims: &Value) -> Result<Option<(u64, String)>, TslError> {
    let Some(sl) = claims.get("status").and_then(|s| s.get("status_list")) else {
        return Ok(None);
    };
    let idx = sl
        .get("idx")
        .and_then(Value::as_u64)
        .ok_or(TslError::Malformed("idx is not a non-negative integer"))?;
    let uri = sl
        .get("uri")
        .and_then(Value::as_str)
        .ok_or(TslError::Malformed("uri is not a string"))?;
    Ok(Some((idx, uri.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        hex::encode(b)
    }

    #[test]
    fn the_drafts_one_bit_example() {
        // Section 4.1: statuses 1,0,0,1,1,1,0,1, 1,1,0,0,0,1,0,1 -> 0xB9 0xA3.
        let mut l = StatusList::new(16, 1).unwrap();
        for (i, v) in [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]
            .iter()
            .enumerate()
        {
            l.set(i as u64, *v).unwrap();
        }
        assert_eq!(hex(&l.bytes), "b9a3");
        let claim = l.to_claim();
        let compressed = B64.decode(claim["lst"].as_str().unwrap()).unwrap();
        assert_eq!(hex(&compressed), "78dadbb918000217015d");
        assert_eq!(StatusList::from_claim(&claim).unwrap(), l);
    }

    #[test]
    fn the_drafts_two_bit_example() {
        let mut l = StatusList::new(12, 2).unwrap();
        for (i, v) in [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3].iter().enumerate() {
            l.set(i as u64, *v).unwrap();
        }
        assert_eq!(hex(&l.bytes), "c944f9");
        let compressed = B64.decode(l.to_claim()["lst"].as_str().unwrap()).unwrap();
        assert_eq!(hex(&compressed), "78da3be9f2130003df0207");
        assert_eq!(l.get(1).unwrap(), SUSPENDED);
        assert_eq!(l.get(3).unwrap(), 3);
        assert_eq!(l.get(12), Err(TslError::OutOfRange(12)));
        assert!(l.set(0, 4).is_err());
    }

    #[test]
    fn hostile_lists_are_refused() {
        assert_eq!(
            StatusList::from_claim(&json!({"bits": 3, "lst": "eJw"})),
            Err(TslError::BadBits)
        );
        assert_eq!(
            StatusList::from_claim(&json!({"bits": 1, "lst": "!!"})),
            Err(TslError::NotBase64)
        );
        assert_eq!(
            StatusList::from_claim(&json!({"bits": 1, "lst": "AAAA"})),
            Err(TslError::NotZlib)
        );
        assert!(StatusList::from_claim(&json!({"bits": 1})).is_err());
        let bomb = StatusList::new(8 * (MAX_BYTES + 1), 1).unwrap().to_claim();
        assert_eq!(StatusList::from_claim(&bomb), Err(TslError::TooLarge));
        assert_eq!(
            StatusList::new(8, 1).unwrap().get(u64::MAX),
            Err(TslError::OutOfRange(u64::MAX))
        );
        assert_eq!(reference(&json!({"vct": "x"})), Ok(None));
        assert!(reference(&json!({"status": {"status_list": {"idx": -1, "uri": "x"}}})).is_err());
        assert_eq!(
            reference(&json!({"status": {"status_list": {"idx": 7, "uri": "https://a/b"}}})),
            Ok(Some((7, "https://a/b".into())))
        );
    }
}
