//! Bindings for [`crate::shlex`].

use pyo3::prelude::*;

/// Splits legacy sub-arguments like a POSIX shell; `ValueError` for text that needs a real shell.
#[pyfunction]
pub fn split_subargs(text: &str) -> PyResult<Vec<String>> {
    Ok(crate::shlex::split_subargs(text)?)
}
