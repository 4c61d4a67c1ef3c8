//! Reading JSON that arrived from outside (a credential, a request body, a fetched
//! document): its size and nesting are limited, so no later recursive walk can be driven
//! deep and a hostile input costs at most a scan of [`crate::limits::DOCUMENT`] bytes.

use serde_json::Value;

use crate::limits;

/// Deepest JSON nesting accepted. Credentials nest about ten levels; the limit leaves
/// room for rich ones while keeping every recursive walk shallow.
pub const MAX_DEPTH: usize = 64;

/// Why JSON from outside was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    #[error("larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("nested deeper than {limit} levels")]
    TooDeep { limit: usize },
    #[error("JSON: {0}")]
    Malformed(String),
}

/// Parses JSON after checking its size, then its nesting depth.
///
/// serde_json itself stops at 128 levels, so parsing first is safe; the tree is then
/// walked once for the tighter limit (cheaper than scanning the text).
pub fn parse_limited(bytes: &[u8]) -> Result<Value, JsonError> {
    if bytes.len() > limits::DOCUMENT {
        return Err(JsonError::TooLarge {
            limit: limits::DOCUMENT,
        });
    }
    match serde_json::from_slice(bytes) {
        Ok(v) => check_depth(v),
        // serde_json's own limit (and any error met that deep) is reported as ours.
        Err(_) if nests_deeper_than(bytes, MAX_DEPTH) => {
            Err(JsonError::TooDeep { limit: MAX_DEPTH })
        }
        Err(e) => Err(JsonError::Malformed(e.to_string())),
    }
}

/// Whether JSON text opens more than `limit` arrays or objects inside one another,
/// counting brackets outside strings: told from the text, since serde_json says why it
/// stopped only in words.
fn nests_deeper_than(bytes: &[u8], limit: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in bytes {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// The depth limit for JSON parsed elsewhere (a JWT payload).
pub fn check_depth(v: Value) -> Result<Value, JsonError> {
    fn depth(v: &Value, d: usize) -> bool {
        if d > MAX_DEPTH {
            return false;
        }
        match v {
            Value::Array(a) => a.iter().all(|x| depth(x, d + 1)),
            Value::Object(m) => m.values().all(|x| depth(x, d + 1)),
            _ => true,
        }
    }
    if depth(&v, 0) {
        Ok(v)
    } else {
        Err(JsonError::TooDeep { limit: MAX_DEPTH })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_and_depth_are_limited() {
        assert!(parse_limited(br#"{"a":[1,2]}"#).is_ok());
        let deep = format!("{}{}", "[".repeat(70), "]".repeat(70));
        assert_eq!(
            parse_limited(deep.as_bytes()),
            Err(JsonError::TooDeep { limit: MAX_DEPTH })
        );
        let huge = vec![b' '; limits::DOCUMENT + 1];
        assert_eq!(
            parse_limited(&huge),
            Err(JsonError::TooLarge {
                limit: limits::DOCUMENT
            })
        );
        assert!(matches!(parse_limited(b"{"), Err(JsonError::Malformed(_))));
    }
}
