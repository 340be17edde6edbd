//! The Python exception hierarchy of `dockertest._core`, and the single conversion from the core
//! [`Error`] to a Python exception.
//!
//! The original's exception classes derive from Autotest's and from builtins at once, which
//! `create_exception!` cannot express, so they live in `dockertest.xceptions` and derive from the
//! classes below where they stand for a core error. The conversion raises the `xceptions` class
//! for each variant (so `except DockerConfigError` works on errors from the core) and falls back
//! to the class defined here if that module cannot be imported.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use pyo3::PyErr;

use crate::Error;

create_exception!(
    dockertest._core,
    DockertestError,
    PyException,
    "Base class of every exception raised by the Rust core of dockertest."
);
create_exception!(
    dockertest._core,
    ConfigError,
    DockertestError,
    "A config file could not be read or parsed, or a value in it is unusable."
);
create_exception!(
    dockertest._core,
    VersionError,
    DockertestError,
    "The library, config and Autotest versions do not agree."
);

/// An instance of `dockertest.xceptions.<name>(*args)`, if that module imports.
fn legacy<'py>(py: Python<'py>, name: &str, args: Bound<'py, PyTuple>) -> Option<Bound<'py, PyAny>> {
    py.import("dockertest.xceptions")
        .and_then(|m| m.getattr(name))
        .and_then(|cls| cls.call1(args))
        .ok()
}

fn convert(py: Python<'_>, err: &Error) -> PyResult<PyErr> {
    let message = err.to_string();
    let (name, args, fallback): (_, _, fn(String) -> PyErr) = match err {
        Error::Value(_) => (
            "DockerValueError",
            PyTuple::new(py, [&message])?,
            pyo3::exceptions::PyValueError::new_err,
        ),
        Error::Config { at, .. } => (
            "DockerConfigError",
            (at.option.clone(), at.section.clone(), message.clone()).into_pyobject(py)?,
            ConfigError::new_err,
        ),
        Error::VersionMismatch { library, config } => (
            "DockerVersionError",
            PyTuple::new(py, [library, config])?,
            VersionError::new_err,
        ),
        Error::AutotestTooOld { installed, required } => (
            "DockerAutotestVersionError",
            PyTuple::new(py, [installed, required])?,
            VersionError::new_err,
        ),
    };
    let Some(instance) = legacy(py, name, args) else {
        return Ok(fallback(message));
    };
    if let Error::Config { at, .. } = err {
        instance.setattr("file", at.file.as_deref().map(super::config::text))?;
        instance.setattr("line", at.line)?;
    }
    Ok(PyErr::from_value(instance))
}

impl From<Error> for PyErr {
    fn from(err: Error) -> PyErr {
        Python::attach(|py| convert(py, &err).unwrap_or_else(|e| e))
    }
}
