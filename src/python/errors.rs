//! The Python exceptions of the core's errors, and the single conversion from the core [`Error`]
//! to a Python exception.
//!
//! There is one set of exception classes. The classes the original defined (and the two of the
//! Engine API client) derive from Autotest's classes and from builtins at once, which
//! `create_exception!` cannot express, so they are written once, in `dockertest.xceptions`: the
//! core imports each class the first time it raises it (a `PyOnceLock` keeps it) and raises it
//! directly. The classes with a single base, `DockertestError`, `ConfigError`, `VersionError` and
//! `CommandError`, are made here, and `xceptions` builds on them. The module's `__getattr__` also
//! answers the imported names, so `_core.DockerOutputError` is the very class `xceptions` defines.

use pyo3::create_exception;
use pyo3::exceptions::{PyAttributeError, PyException, PyOSError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;
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
create_exception!(
    dockertest._core,
    CommandError,
    PyOSError,
    "A command could not be started (missing program, bad working directory, empty argument list)."
);

/// The module holding the classes with several bases.
const XCEPTIONS: &str = "dockertest.xceptions";

/// One class of [`XCEPTIONS`], imported when first needed.
struct Imported {
    name: &'static str,
    class: PyOnceLock<Py<PyType>>,
}

impl Imported {
    const fn new(name: &'static str) -> Self {
        Imported {
            name,
            class: PyOnceLock::new(),
        }
    }

    fn get<'py>(&self, py: Python<'py>) -> PyResult<&Bound<'py, PyType>> {
        self.class.import(py, XCEPTIONS, self.name)
    }
}

static OUTPUT: Imported = Imported::new("DockerOutputError");
static FULL_NAME: Imported = Imported::new("DockerFullNameFormatError");
static SOCKET: Imported = Imported::new("DockerSocketError");
static API: Imported = Imported::new("DockerAPIError");
static CONFIG: Imported = Imported::new("DockerConfigError");
static VERSION: Imported = Imported::new("DockerVersionError");
static AUTOTEST_VERSION: Imported = Imported::new("DockerAutotestVersionError");
static VALUE: Imported = Imported::new("DockerValueError");

/// The classes of [`XCEPTIONS`] that `_core` also answers by name.
static REEXPORTED: [&Imported; 4] = [&OUTPUT, &FULL_NAME, &SOCKET, &API];

/// `_core.DockerOutputError`, `DockerFullNameFormatError`, `DockerSocketError` and `DockerAPIError`:
/// the classes of `dockertest.xceptions` the core raises (the module-level `__getattr__` of PEP 562).
#[pyfunction]
pub fn __getattr__<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyType>> {
    match REEXPORTED.iter().find(|c| c.name == name) {
        Some(class) => class.get(py).cloned(),
        None => Err(PyAttributeError::new_err(format!(
            "module 'dockertest._core' has no attribute {name:?}"
        ))),
    }
}

/// The exception instance for `err`.
fn instance(py: Python<'_>, err: Error) -> PyResult<PyErr> {
    let message = err.to_string();
    let exc = match err {
        Error::Output {
            command, line, column, ..
        } => {
            let exc = OUTPUT.get(py)?.call1((message,))?;
            exc.setattr("command", command)?;
            exc.setattr("line", line)?;
            exc.setattr("column", column)?;
            exc
        }
        Error::FullNameFormat(name) => {
            let exc = FULL_NAME.get(py)?.call1((&name,))?;
            exc.setattr("name", name)?;
            exc
        }
        Error::Api {
            request,
            status,
            message: text,
        } => {
            let exc = API.get(py)?.call1((message,))?;
            exc.setattr("request", request)?;
            exc.setattr("status", status)?;
            exc.setattr("message", text)?;
            exc
        }
        Error::Socket(_) => SOCKET.get(py)?.call1((message,))?,
        Error::Config { at, .. } => {
            let exc = CONFIG
                .get(py)?
                .call1((at.option.clone(), at.section.clone(), message))?;
            exc.setattr("file", at.file.as_deref().map(super::config::text))?;
            exc.setattr("line", at.line)?;
            exc
        }
        Error::VersionMismatch { library, config } => VERSION.get(py)?.call1((library, config))?,
        Error::AutotestTooOld { installed, required } => AUTOTEST_VERSION.get(py)?.call1((installed, required))?,
        Error::Command { .. } => return Ok(CommandError::new_err(message)),
        Error::Value(_) => VALUE.get(py)?.call1((message,))?,
    };
    Ok(PyErr::from_value(exc))
}

impl From<Error> for PyErr {
    fn from(err: Error) -> PyErr {
        Python::attach(|py| instance(py, err).unwrap_or_else(|failed| failed))
    }
}
