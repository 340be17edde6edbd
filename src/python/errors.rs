//! The Python exception hierarchy of `dockertest._core`, and the single conversion from the core
//! [`Error`] to a Python exception.
//!
//! The original's exception classes derive from Autotest's and from builtins at once, which
//! `create_exception!` cannot express, so they live in `dockertest.xceptions` and derive from the
//! classes below where they stand for a core error. The conversion raises the `xceptions` class
//! for each variant (so `except DockerConfigError` works on errors from the core) and falls back
//! to the class defined here if that module cannot be imported.

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::type_object::PyTypeInfo;
use pyo3::types::{PyDict, PyTuple, PyType};
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
        // `Value`, and the parser and Engine API variants that `parser_error` converts before this is called.
        _ => ("DockerValueError", PyTuple::new(py, [&message])?, PyValueError::new_err),
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

// `create_exception!` takes one base only; these classes also derive from a builtin so that legacy
// callers catching `ValueError` or `OSError` keep working. They are made once with `type()`.
static OUTPUT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static FULL_NAME_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static SOCKET_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static API_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn two_base_class<'py, B: PyTypeInfo>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyType>>,
    name: &str,
    doc: &str,
    attributes: &[&str],
) -> PyResult<Bound<'py, PyType>> {
    let ty = cell.get_or_try_init(py, || {
        let bases = PyTuple::new(py, [py.get_type::<DockertestError>(), py.get_type::<B>()])?;
        let namespace = PyDict::new(py);
        namespace.set_item("__module__", "dockertest._core")?;
        namespace.set_item("__doc__", doc)?;
        // Class-level defaults, so an instance raised from Python code still has the attributes.
        for attr in attributes {
            namespace.set_item(*attr, py.None())?;
        }
        let class = py.get_type::<PyType>().call1((name, bases, namespace))?;
        Ok::<_, PyErr>(class.cast_into::<PyType>()?.unbind())
    })?;
    Ok(ty.bind(py).clone())
}

/// `DockerOutputError(DockertestError, ValueError)`: output that cannot be parsed.
pub fn docker_output_error(py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
    two_base_class::<PyValueError>(
        py,
        &OUTPUT_ERROR,
        "DockerOutputError",
        "Docker output could not be parsed; the message names the command, the line and the column.",
        &["command", "line", "column"],
    )
}

/// `DockerFullNameFormatError(DockertestError, ValueError)`: a malformed image name.
pub fn full_name_format_error(py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
    two_base_class::<PyValueError>(
        py,
        &FULL_NAME_ERROR,
        "DockerFullNameFormatError",
        "An image name does not have the form [registry_hostname[:port]/][user_name/](repository_name[:version_tag]).",
        &["name"],
    )
}

/// `DockerSocketError(DockertestError, OSError)`: the Engine API socket failed.
pub fn docker_socket_error(py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
    two_base_class::<PyOSError>(
        py,
        &SOCKET_ERROR,
        "DockerSocketError",
        "The Engine API over a unix socket failed; the message names the socket.",
        &[],
    )
}

/// `DockerAPIError(DockertestError, ValueError)`: the Engine API answered with an HTTP error.
pub fn docker_api_error(py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
    two_base_class::<PyValueError>(
        py,
        &API_ERROR,
        "DockerAPIError",
        "The Engine API answered with an HTTP error status; the message names the request, socket and status.",
        &["request", "status", "message"],
    )
}

/// An instance of `dockertest.xceptions.<legacy>(legacy_arg)` when that module defines the class
/// (the original's Autotest-aware exception, which callers catch), else of `fallback(message)`;
/// either way with `set_attrs` applied.
fn raise<'py>(
    py: Python<'py>,
    legacy: Option<(&str, String)>,
    fallback: PyResult<Bound<'py, PyType>>,
    message: String,
    set_attrs: impl FnOnce(&Bound<'py, PyAny>) -> PyResult<()>,
) -> PyErr {
    let legacy_class = legacy.and_then(|(name, arg)| {
        let class = py.import("dockertest.xceptions").and_then(|m| m.getattr(name)).ok()?;
        Some((class, arg))
    });
    let instance = match legacy_class {
        Some((class, arg)) => class.call1((arg,)),
        None => fallback.and_then(|ty| ty.call1((message,))),
    };
    match instance.and_then(|exc| set_attrs(&exc).map(|()| exc)) {
        Ok(exc) => PyErr::from_value(exc),
        Err(err) => err,
    }
}

/// The Python exception for the parser and Engine API variants of [`Error`]; any other variant is
/// handed back unchanged, so that a single `From` impl can try this first.
pub(crate) fn parser_error(py: Python<'_>, err: Error) -> Result<PyErr, Error> {
    let message = err.to_string();
    Ok(match err {
        Error::Output {
            command, line, column, ..
        } => raise(
            py,
            Some(("DockerOutputError", message.clone())),
            docker_output_error(py),
            message,
            |exc| {
                exc.setattr("command", command)?;
                exc.setattr("line", line)?;
                exc.setattr("column", column)
            },
        ),
        Error::FullNameFormat(name) => {
            let legacy = Some(("DockerFullNameFormatError", name.clone()));
            raise(py, legacy, full_name_format_error(py), message, |exc| {
                exc.setattr("name", name)
            })
        }
        Error::Api {
            request,
            status,
            message: text,
        } => raise(py, None, docker_api_error(py), message, |exc| {
            exc.setattr("request", request)?;
            exc.setattr("status", status)?;
            exc.setattr("message", text)
        }),
        Error::Socket(_) => raise(py, None, docker_socket_error(py), message, |_| Ok(())),
        other => return Err(other),
    })
}

create_exception!(
    dockertest._core,
    CommandError,
    PyOSError,
    "A command could not be started (missing program, bad working directory, empty argument list)."
);

impl From<Error> for PyErr {
    fn from(err: Error) -> PyErr {
        if let Error::Command { .. } = err {
            return CommandError::new_err(err.to_string());
        }
        Python::attach(|py| match parser_error(py, err) {
            Ok(exc) => exc,
            Err(other) => convert(py, &other).unwrap_or_else(|e| e),
        })
    }
}
