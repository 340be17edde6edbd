//! JSON listings: one object per line (`--format '{{json .}}'`), or one array of objects.

use serde_json::Value;

use crate::{Error, Result};

/// Reads one JSON object per non-blank line, or one JSON array of objects, with the 1-based line
/// each object starts on. Errors name the line and column.
pub fn json_objects(text: &str) -> Result<Vec<(usize, Value)>> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        let first = text.len() - trimmed.len();
        let line0 = text[..first].matches('\n').count();
        let doc: Value = serde_json::from_str(trimmed)
            .map_err(|e| Error::output(line0 + e.line(), e.column(), format!("invalid JSON: {e}")))?;
        let items = doc.as_array().cloned().unwrap_or_default();
        return items
            .into_iter()
            .map(|v| {
                if v.is_object() {
                    Ok((line0 + 1, v))
                } else {
                    Err(Error::output(
                        line0 + 1,
                        1,
                        "the JSON array holds a value that is not an object",
                    ))
                }
            })
            .collect();
    }
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value =
            serde_json::from_str(line).map_err(|e| Error::output(n + 1, e.column(), format!("invalid JSON: {e}")))?;
        if !v.is_object() {
            return Err(Error::output(
                n + 1,
                1,
                format!("expected a JSON object, found {line:?}"),
            ));
        }
        out.push((n + 1, v));
    }
    Ok(out)
}
