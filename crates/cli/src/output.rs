//! Writing what a command makes to a file the user named: atomically, so an interrupted
//! run leaves the earlier file whole, and with the path in the message when it fails.

use std::path::Path;

use anyhow::{Context, Result};

/// Writes `bytes` to `path` (replacing it atomically).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    microcred_core::files::write_atomic(path, bytes, false).with_context(|| {
        microcred_text::t!(
            crate::default_lang(),
            "cli_cannot_write",
            path = path.display().to_string()
        )
    })
}
