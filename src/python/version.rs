//! Bindings of [`crate::version`].

// pyo3 extracts Python arguments into owned values; borrowing them is not an option here.
#![allow(clippy::needless_pass_by_value)]

use pyo3::prelude::*;

use crate::version;

/// The API version as `(major, minor, revision)`.
#[pyfunction]
pub fn api_version() -> (u8, u8, u8) {
    let [x, y, z] = version::api_version();
    (x, y, z)
}

/// Packs `x.y.z` into a 24-bit int.
#[pyfunction]
#[pyo3(signature = (text))]
pub fn str2int(text: &str) -> PyResult<u32> {
    Ok(version::str2int(text)?)
}

/// The inverse of `str2int`.
#[pyfunction]
#[pyo3(signature = (number))]
pub fn int2str(number: i64) -> PyResult<String> {
    Ok(version::int2str(number)?)
}

/// Compares version part lists by major and minor only.
#[pyfunction]
#[pyo3(signature = (lhs, rhs))]
pub fn compare_parts(lhs: Vec<i64>, rhs: Vec<i64>) -> PyResult<i8> {
    Ok(version::compare_parts(&lhs, &rhs)?)
}

/// Compares `x.y.z` strings by major and minor only.
#[pyfunction]
#[pyo3(signature = (lhs, rhs))]
pub fn compare_versions(lhs: &str, rhs: &str) -> PyResult<i8> {
    Ok(version::compare_str(lhs, rhs)?)
}

/// Compares free-form versions as `LooseVersion` did: -1, 0 or 1.
#[pyfunction]
#[pyo3(signature = (lhs, rhs))]
pub fn compare_loose(lhs: &str, rhs: &str) -> i8 {
    version::compare_loose(lhs, rhs) as i8
}

/// Checks a `config_version`; `False` when the check is off.
#[pyfunction]
#[pyo3(signature = (config_version))]
pub fn check_config_version(config_version: &str) -> PyResult<bool> {
    Ok(version::check_config_version(config_version)?)
}

/// Checks the installed Autotest against the configured minimum; `False` when the check is off.
#[pyfunction]
#[pyo3(signature = (configured, installed))]
pub fn check_autotest_version(configured: &str, installed: &str) -> PyResult<bool> {
    Ok(version::check_autotest_version(configured, installed)?)
}
