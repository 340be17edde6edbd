//! The Python exception hierarchy of `dockertest._core`, and the single conversion from the core
//! [`Error`] to a Python exception.

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyOSError};
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
    CommandError,
    PyOSError,
    "A command could not be started (missing program, bad working directory, empty argument list)."
);

impl From<Error> for PyErr {
    fn from(err: Error) -> PyErr {
        match err {
            Error::Value(_) => pyo3::exceptions::PyValueError::new_err(err.to_string()),
            Error::Command { .. } => CommandError::new_err(err.to_string()),
        }
    }
}
