//! `docker inspect` output: a non-empty list of non-empty objects.

use serde_json::Value;

use crate::{Error, Result};

/// Reads `docker inspect` output (a JSON array) or an API object: a non-empty list of non-empty
/// objects; a single object is wrapped in a list.
pub fn parse_inspect(text: &str) -> Result<Value> {
    let doc: Value =
        serde_json::from_str(text).map_err(|e| Error::output(e.line(), e.column(), format!("invalid JSON: {e}")))?;
    let doc = if doc.is_object() { Value::Array(vec![doc]) } else { doc };
    let items = doc
        .as_array()
        .ok_or_else(|| Error::output(1, 1, "inspect output is not a JSON array"))?;
    if items.is_empty() {
        return Err(Error::output(1, 1, "inspect printed an empty list: no such object"));
    }
    if let Some(i) = items
        .iter()
        .position(|v| v.as_object().is_none_or(serde_json::Map::is_empty))
    {
        return Err(Error::output(
            1,
            1,
            format!("inspect item {i} is not a non-empty JSON object"),
        ));
    }
    Ok(doc)
}
