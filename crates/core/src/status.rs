//! W3C Bitstring Status List v1.0: the compressed bitstring and its entries.
//!
//! Bit `i` (counting from the most significant bit of the first byte) is the status of
//! the credential holding index `i`. The list is GZIP-compressed and base64url-encoded
//! with the multibase prefix `u`.

use std::io::{Read, Write};

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use serde::{Deserialize, Serialize};

/// The specification's minimum list size: 16 KiB of bits, so that one revoked index
/// hides among 131,072 (herd privacy).
pub const MIN_ENTRIES: usize = 131_072;
/// Largest list a verifier accepts (2^26 bits = 8 MiB uncompressed), so a hostile list
/// cannot exhaust memory when decompressed.
pub const MAX_ENTRIES: usize = 1 << 26;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StatusError {
    #[error("encodedList must start with the multibase prefix 'u'")]
    NotMultibase,
    #[error("encodedList is not base64url")]
    NotBase64,
    #[error("encodedList is not GZIP data")]
    NotGzip,
    #[error("the list decompresses to more than {MAX_ENTRIES} entries")]
    TooLarge,
    #[error("the list has {0} entries; at least {MIN_ENTRIES} are required")]
    TooSmall(usize),
    #[error("index {index} is outside the list of {len} entries")]
    OutOfRange { index: usize, len: usize },
}

/// Why a credential's status is being recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusPurpose {
    Revocation,
    Suspension,
    /// Several bits per credential (`statusSize`), each value named by the entry's
    /// `statusMessage` list.
    Message,
}

impl StatusPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusPurpose::Revocation => "revocation",
            StatusPurpose::Suspension => "suspension",
            StatusPurpose::Message => "message",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "revocation" => Some(StatusPurpose::Revocation),
            "suspension" => Some(StatusPurpose::Suspension),
            "message" => Some(StatusPurpose::Message),
            _ => None,
        }
    }
}

/// A bitstring of status bits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitstring {
    bytes: Vec<u8>,
}

impl Bitstring {
    /// A list of `entries` zero bits (rounded up to whole bytes).
    pub fn new(entries: usize) -> Self {
        Bitstring {
            bytes: vec![0; entries.div_ceil(8)],
        }
    }

    pub fn len(&self) -> usize {
        self.bytes.len() * 8
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub fn get(&self, index: usize) -> Result<bool, StatusError> {
        let byte = self.bytes.get(index / 8).ok_or(StatusError::OutOfRange {
            index,
            len: self.len(),
        })?;
        Ok(byte & (0x80 >> (index % 8)) != 0)
    }

    pub fn set(&mut self, index: usize, value: bool) -> Result<(), StatusError> {
        let len = self.len();
        let byte = self
            .bytes
            .get_mut(index / 8)
            .ok_or(StatusError::OutOfRange { index, len })?;
        let mask = 0x80 >> (index % 8);
        if value {
            *byte |= mask;
        } else {
            *byte &= !mask;
        }
        Ok(())
    }

    /// The `size`-bit value of entry `index` (bits `index × size` onwards, most
    /// significant first: Bitstring Status List §3.4).
    pub fn value(&self, index: usize, size: usize) -> Result<u64, StatusError> {
        read_value(self.len(), index, size, |i| self.get(i))
    }

    /// Sets entry `index` of `size` bits to `value`.
    pub fn set_value(&mut self, index: usize, size: usize, value: u64) -> Result<(), StatusError> {
        let len = self.len();
        let start = index
            .checked_mul(size)
            .filter(|_| (1..=64).contains(&size))
            .ok_or(StatusError::OutOfRange { index, len })?;
        for b in 0..size {
            let bit = (value >> (size - 1 - b)) & 1 == 1;
            self.set(start + b, bit)
                .map_err(|_| StatusError::OutOfRange {
                    index,
                    len: len / size,
                })?;
        }
        Ok(())
    }

    /// `u` + base64url(GZIP(bits)).
    pub fn encode(&self) -> String {
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        // Writing to a Vec cannot fail.
        let _ = gz.write_all(&self.bytes);
        let compressed = gz.finish().unwrap_or_default();
        format!("u{}", B64.encode(compressed))
    }

    /// Decodes an `encodedList`, refusing lists below the minimum size or beyond
    /// [`MAX_ENTRIES`] (a decompression bomb is stopped as soon as it passes the limit).
    pub fn decode(encoded: &str) -> Result<Self, StatusError> {
        let body = encoded.strip_prefix('u').ok_or(StatusError::NotMultibase)?;
        if body.len() > MAX_ENTRIES / 8 {
            return Err(StatusError::TooLarge);
        }
        let compressed = B64.decode(body).map_err(|_| StatusError::NotBase64)?;
        let mut bytes = Vec::new();
        let limit = (MAX_ENTRIES / 8) as u64;
        GzDecoder::new(compressed.as_slice())
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| StatusError::NotGzip)?;
        if bytes.len() as u64 > limit {
            return Err(StatusError::TooLarge);
        }
        let list = Bitstring { bytes };
        if list.len() < MIN_ENTRIES {
            return Err(StatusError::TooSmall(list.len()));
        }
        Ok(list)
    }
}

/// A decoded list as a verifier keeps it: the bitstring itself, or only the positions
/// of its set bits when that is smaller (a list of 2^26 entries with a handful revoked is
/// a few bytes instead of 8 MiB). Either way its size is known, so a cache can be
/// bounded by bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusBits {
    Dense(Bitstring),
    Sparse { len: usize, set: Box<[u32]> },
}

impl StatusBits {
    pub fn new(list: Bitstring) -> StatusBits {
        // Dense as soon as the set bits would take as much room as the bitstring.
        let limit = list.bytes.len() / std::mem::size_of::<u32>();
        let mut ones = 0usize;
        for chunk in list.bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            ones += u64::from_ne_bytes(word).count_ones() as usize;
            if ones >= limit {
                return StatusBits::Dense(list);
            }
        }
        let mut set = Vec::with_capacity(ones);
        for (i, b) in list.bytes.iter().enumerate() {
            for bit in 0..8 {
                if b & (0x80 >> bit) != 0 {
                    // Lists hold at most MAX_ENTRIES (2^26) bits: every index fits.
                    set.push((i * 8 + bit) as u32);
                }
            }
        }
        StatusBits::Sparse {
            len: list.len(),
            set: set.into_boxed_slice(),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            StatusBits::Dense(b) => b.len(),
            StatusBits::Sparse { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, index: usize) -> Result<bool, StatusError> {
        match self {
            StatusBits::Dense(b) => b.get(index),
            StatusBits::Sparse { len, set } => {
                if index >= *len {
                    return Err(StatusError::OutOfRange { index, len: *len });
                }
                Ok(u32::try_from(index).is_ok_and(|i| set.binary_search(&i).is_ok()))
            }
        }
    }

    /// The `size`-bit value of entry `index`, as [`Bitstring::value`] reads it.
    pub fn value(&self, index: usize, size: usize) -> Result<u64, StatusError> {
        read_value(self.len(), index, size, |i| self.get(i))
    }

    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        match self {
            StatusBits::Dense(b) => b.bytes.capacity(),
            StatusBits::Sparse { set, .. } => std::mem::size_of_val(&**set),
        }
    }
}

/// The `size`-bit value of entry `index` of a list of `len` bits read by `get` (bits
/// `index × size` onwards, most significant first: Bitstring Status List §3.4); the one
/// reading for a bitstring and its compact form alike.
fn read_value(
    len: usize,
    index: usize,
    size: usize,
    get: impl Fn(usize) -> Result<bool, StatusError>,
) -> Result<u64, StatusError> {
    let start = index
        .checked_mul(size)
        .filter(|_| (1..=64).contains(&size))
        .ok_or(StatusError::OutOfRange { index, len })?;
    let mut v = 0u64;
    for b in 0..size {
        let bit = get(start + b).map_err(|_| StatusError::OutOfRange {
            index,
            len: len / size,
        })?;
        v = (v << 1) | u64::from(bit);
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_lists_answer_as_the_list_does() {
        let mut few = Bitstring::new(MIN_ENTRIES);
        for i in [0, 9, 77_777, MIN_ENTRIES - 1] {
            few.set(i, true).unwrap();
        }
        let compact = StatusBits::new(few.clone());
        assert!(matches!(compact, StatusBits::Sparse { .. }));
        assert_eq!(compact.heap_bytes(), 16);
        let mut many = Bitstring::new(MIN_ENTRIES);
        for i in (0..MIN_ENTRIES).step_by(3) {
            many.set(i, true).unwrap();
        }
        let dense = StatusBits::new(many.clone());
        assert!(matches!(dense, StatusBits::Dense(_)));
        assert_eq!(dense.heap_bytes(), MIN_ENTRIES / 8);
        for (bits, list) in [(compact, few), (dense, many)] {
            assert_eq!(bits.len(), list.len());
            for i in (0..MIN_ENTRIES)
                .step_by(7)
                .chain([9, 77_777, MIN_ENTRIES - 1])
            {
                assert_eq!(bits.get(i), list.get(i), "{i}");
            }
            assert!(bits.get(MIN_ENTRIES).is_err());
        }
    }

    #[test]
    fn set_get_encode_decode() {
        let mut l = Bitstring::new(MIN_ENTRIES);
        assert_eq!(l.len(), MIN_ENTRIES);
        l.set(0, true).unwrap();
        l.set(131_071, true).unwrap();
        l.set(42, true).unwrap();
        l.set(42, false).unwrap();
        let enc = l.encode();
        assert!(enc.starts_with('u'));
        assert!(enc.len() < 400, "mostly zeros compress well: {}", enc.len());
        let back = Bitstring::decode(&enc).unwrap();
        assert_eq!(back, l);
        assert!(back.get(0).unwrap() && back.get(131_071).unwrap() && !back.get(42).unwrap());
        assert_eq!(
            back.get(131_072),
            Err(StatusError::OutOfRange {
                index: 131_072,
                len: 131_072
            })
        );
        // Entries of two bits: entry 1 is bits 2 and 3.
        let mut two = Bitstring::new(16);
        two.set_value(1, 2, 0b10).unwrap();
        two.set_value(2, 2, 0b01).unwrap();
        assert_eq!(two.bytes, vec![0b0010_0100, 0]);
        assert_eq!(
            (two.value(1, 2), two.value(2, 2), two.value(0, 2)),
            (Ok(2), Ok(1), Ok(0))
        );
        assert!(two.value(8, 2).is_err() && two.set_value(8, 2, 1).is_err());
        // Bit order: index 0 is the most significant bit of byte 0.
        let mut one = Bitstring::new(8);
        one.set(0, true).unwrap();
        assert_eq!(one.bytes, vec![0x80]);
    }

    #[test]
    fn hostile_lists_are_refused() {
        assert_eq!(Bitstring::decode("H4sI"), Err(StatusError::NotMultibase));
        assert_eq!(Bitstring::decode("u!!"), Err(StatusError::NotBase64));
        assert_eq!(Bitstring::decode("uAAAA"), Err(StatusError::NotGzip));
        assert_eq!(
            Bitstring::decode(&Bitstring::new(1024).encode()),
            Err(StatusError::TooSmall(1024))
        );
        // A decompression bomb: 64 MiB of zeros compresses to a few tens of KiB.
        let bomb = Bitstring::new(8 * 64 * 1024 * 1024).encode();
        assert_eq!(Bitstring::decode(&bomb), Err(StatusError::TooLarge));
    }
}
