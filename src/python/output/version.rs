//! Bindings for [`crate::output::version`]: `DockerVersion`.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::output::version::{DockerVersion, Section};

fn section_dict<'py>(py: Python<'py>, sec: &Section) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in &sec.entries {
        d.set_item(k, v)?;
    }
    for c in &sec.components {
        let comp = PyDict::new(py);
        for (k, v) in &c.entries {
            comp.set_item(k, v)?;
        }
        d.set_item(&c.name, comp)?;
    }
    Ok(d)
}

/// Parsed `docker version` output (2014 lines, today's sections, or JSON).
#[pyclass(module = "dockertest._core", name = "DockerVersion", frozen, subclass)]
pub struct PyDockerVersion(DockerVersion);

#[pymethods]
impl PyDockerVersion {
    #[new]
    #[pyo3(signature = (version_string))]
    fn py_new(version_string: &str) -> Self {
        PyDockerVersion(DockerVersion::parse(version_string))
    }

    #[getter]
    fn version_string(&self) -> &str {
        &self.0.version_string
    }

    #[getter]
    fn version_lines(&self) -> Vec<String> {
        self.0.version_lines()
    }

    /// The client version; `DockerOutputError` when the output has none.
    #[getter]
    fn client(&self) -> PyResult<String> {
        Ok(self.0.client()?)
    }

    /// The server (Engine) version; `DockerOutputError` when the output has none.
    #[getter]
    fn server(&self) -> PyResult<String> {
        Ok(self.0.server()?)
    }

    #[getter]
    fn client_lines(&self) -> Vec<String> {
        self.0.client_section.lines.clone()
    }

    #[getter]
    fn server_lines(&self) -> Vec<String> {
        self.0.server_section.lines.clone()
    }

    /// The client section as a dict (components as nested dicts).
    #[getter]
    fn client_section<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        section_dict(py, &self.0.client_section)
    }

    /// The server section as a dict (components as nested dicts).
    #[getter]
    fn server_section<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        section_dict(py, &self.0.server_section)
    }

    fn client_info(&self, key: &str) -> Option<String> {
        self.0.client_section.info(key).map(str::to_string)
    }

    fn server_info(&self, key: &str) -> Option<String> {
        self.0.server_section.info(key).map(str::to_string)
    }

    fn __repr__(&self) -> String {
        let v = |r: crate::Result<String>| r.unwrap_or_else(|_| "?".to_string());
        format!(
            "DockerVersion(client={:?}, server={:?})",
            v(self.0.client()),
            v(self.0.server())
        )
    }
}
