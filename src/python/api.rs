//! Bindings for [`crate::api`]: `SocketClient` and its responses. Blocking I/O runs with the GIL
//! released.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::json::to_py;
use crate::api::{Response, SocketClient, DEFAULT_SOCKET};

/// One HTTP answer from the Engine API.
#[pyclass(module = "dockertest._core", name = "ApiResponse", frozen)]
pub struct PyApiResponse(Response);

#[pymethods]
impl PyApiResponse {
    #[getter]
    fn status(&self) -> u16 {
        self.0.status
    }

    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }

    #[getter]
    fn headers(&self) -> Vec<(String, String)> {
        self.0.headers.clone()
    }

    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.body)
    }

    #[getter]
    fn resource(&self) -> &str {
        &self.0.resource
    }

    #[getter]
    fn socket(&self) -> &str {
        &self.0.socket
    }

    /// The value of a header (case-insensitive), or None.
    fn header(&self, name: &str) -> Option<&str> {
        self.0.header(name)
    }

    /// The body as JSON.
    fn json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = self.0.json()?;
        to_py(py, &value)
    }

    fn __repr__(&self) -> String {
        format!(
            "ApiResponse(GET {} on {}: {} {})",
            self.0.resource, self.0.socket, self.0.status, self.0.reason
        )
    }
}

/// An HTTP/1.1 client for the Engine API over a unix socket.
#[pyclass(module = "dockertest._core", name = "SocketClient", frozen)]
pub struct PySocketClient(SocketClient);

#[pymethods]
impl PySocketClient {
    #[new]
    #[pyo3(signature = (uri = None, timeout = 60.0))]
    fn py_new(uri: Option<&str>, timeout: f64) -> Self {
        let uri = uri.unwrap_or(DEFAULT_SOCKET);
        PySocketClient(SocketClient::new(uri.strip_prefix("unix://").unwrap_or(uri), timeout))
    }

    #[getter]
    fn uri(&self) -> &str {
        &self.0.path
    }

    #[getter]
    fn timeout(&self) -> f64 {
        self.0.timeout
    }

    /// `GET resource`, whatever the status.
    fn get(&self, py: Python<'_>, resource: &str) -> PyResult<PyApiResponse> {
        Ok(PyApiResponse(py.detach(|| self.0.get(resource))?))
    }

    /// `GET resource` as JSON.
    fn get_json<'py>(&self, py: Python<'py>, resource: &str) -> PyResult<Bound<'py, PyAny>> {
        let value = py.detach(|| self.0.get_json(resource))?;
        to_py(py, &value)
    }

    /// `GET /version` as JSON.
    fn version<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.get_json(py, "/version")
    }

    fn __repr__(&self) -> String {
        format!("SocketClient({:?}, timeout={})", self.0.path, self.0.timeout)
    }
}
