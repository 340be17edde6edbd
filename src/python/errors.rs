//! The Python exception hierarchy of `dockertest._core`, and the single conversion from the core
//! [`Error`] to a Python exception.

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
        &["command", "line", "column", "reason"],
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

fn raise<'py>(
    ty: PyResult<Bound<'py, PyType>>,
    message: String,
    set_attrs: impl FnOnce(&Bound<'py, PyAny>) -> PyResult<()>,
) -> PyErr {
    let instance = ty.and_then(|ty| {
        let exc = ty.call1((message,))?;
        set_attrs(&exc)?;
        Ok(exc)
    });
    match instance {
        Ok(exc) => PyErr::from_value(exc),
        Err(err) => err,
    }
}

impl From<Error> for PyErr {
    fn from(err: Error) -> PyErr {
        let message = err.to_string();
        match err {
            Error::Value(_) => PyValueError::new_err(message),
            Error::Output {
                command,
                line,
                column,
                reason,
            } => Python::attach(|py| {
                raise(docker_output_error(py), message, |exc| {
                    exc.setattr("command", command)?;
                    exc.setattr("line", line)?;
                    exc.setattr("column", column)?;
                    exc.setattr("reason", reason)
                })
            }),
            Error::FullNameFormat(name) => {
                Python::attach(|py| raise(full_name_format_error(py), message, |exc| exc.setattr("name", name)))
            }
            Error::Api {
                request,
                status,
                message: text,
            } => Python::attach(|py| {
                raise(docker_api_error(py), message, |exc| {
                    exc.setattr("request", request)?;
                    exc.setattr("status", status)?;
                    exc.setattr("message", text)
                })
            }),
            Error::Socket(_) => Python::attach(|py| raise(docker_socket_error(py), message, |_| Ok(()))),
        }
    }
}
