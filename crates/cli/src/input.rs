//! Reading documents from files or standard input, with a size limit.

use std::io::Read;

use anyhow::{bail, Context, Result};

/// Reads `path` (or standard input for `-`), refusing anything over `limit` bytes before
/// reading it all: a mistaken multi-gigabyte file must not exhaust memory.
pub fn read_limited(path: &str, limit: usize) -> Result<Vec<u8>> {
    let buf = read_up_to(path, limit)?;
    if buf.len() > limit {
        bail!(microcred_text::t!(
            crate::default_lang(),
            "cli_larger_than",
            path = path,
            kib = limit / 1024
        ));
    }
    Ok(buf)
}

/// Reads at most `limit + 1` bytes, so the caller can tell "too large" apart and say so
/// in its own words.
pub fn read_up_to(path: &str, limit: usize) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    let reader: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).with_context(|| {
            microcred_text::t!(crate::default_lang(), "cli_cannot_open", path = path)
        })?)
    };
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .with_context(|| {
            microcred_text::t!(crate::default_lang(), "cli_cannot_read", path = path)
        })?;
    Ok(buf)
}
