//! Bindings for [`crate::output::checks`]: the checks of a command's output.

use pyo3::prelude::*;

use crate::output::checks;

/// Output checks: each returns True when the text is good.
#[pyfunction]
pub fn crash_check(text: &str) -> bool {
    checks::crash_check(text)
}

/// False if a line is docker's usage text.
#[pyfunction]
pub fn usage_check(text: &str) -> bool {
    checks::usage_check(text)
}

/// False if a lower-cased line contains "error: ".
#[pyfunction]
pub fn error_check(text: &str) -> bool {
    checks::error_check(text)
}

/// False if a line carries a `FATA[nnnn]` marker.
#[pyfunction]
pub fn fata_check(text: &str) -> bool {
    checks::fata_check(text)
}
