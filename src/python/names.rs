//! Bindings for [`crate::names`]: `unique_name`.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::prelude::*;

use crate::names::{self, NamePattern, Variable};

/// A seed that differs from call to call and process to process.
fn seed() -> u64 {
    let mut h = DefaultHasher::new();
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
        .hash(&mut h);
    std::process::id().hash(&mut h);
    h.finish()
}

/// A name `prefix_variable_suffix` that is not in `existing` and that `is_free` (if given)
/// accepts: `length` random characters, or with `length` None a counter from `start`. With
/// `lowercase`, the prefix and suffix are lower-cased and the random characters are lower-case
/// letters and digits (valid in any docker name); otherwise letters of either case and digits.
#[pyfunction]
#[pyo3(signature = (prefix, suffix, length, existing = None, is_free = None, lowercase = true, start = 0))]
#[allow(clippy::needless_pass_by_value)]
pub fn unique_name(
    prefix: &str,
    suffix: &str,
    length: Option<usize>,
    existing: Option<Bound<'_, PyAny>>,
    is_free: Option<Bound<'_, PyAny>>,
    lowercase: bool,
    start: u64,
) -> PyResult<String> {
    let pattern = NamePattern {
        prefix,
        suffix,
        variable: length.map_or(Variable::Counter(start), Variable::Random),
        lowercase,
    };
    let existing: Option<HashSet<String>> = match existing {
        Some(names) => Some(names.try_iter()?.map(|n| n?.extract()).collect::<PyResult<_>>()?),
        None => None,
    };
    names::unique_name(&pattern, seed(), |name| {
        if existing.as_ref().is_some_and(|taken| taken.contains(name)) {
            return Ok(false);
        }
        match &is_free {
            Some(check) => check.call1((name,))?.is_truthy(),
            None => Ok(true),
        }
    })
}
