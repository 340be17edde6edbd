//! Bindings for [`crate::output::info`]: `DockerInfo`.

use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::output::info::{normalize_key, DockerInfo, InfoTable, InfoValue};

fn info_table<'py>(py: Python<'py>, table: &InfoTable) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (key, value) in &table.0 {
        match value {
            InfoValue::Text(text) => d.set_item(key, text)?,
            InfoValue::Table(inner) => d.set_item(key, info_table(py, inner)?)?,
        }
    }
    Ok(d)
}

/// Parsed `docker info` (or `podman info`) output.
#[pyclass(module = "dockertest._core", name = "DockerInfo", frozen, subclass)]
pub struct PyDockerInfo(DockerInfo);

#[pymethods]
impl PyDockerInfo {
    #[new]
    #[pyo3(signature = (info_string))]
    fn py_new(info_string: &str) -> Self {
        PyDockerInfo(DockerInfo::parse(info_string))
    }

    /// Server keys, then keys outside any section, then client keys not seen yet; the children of
    /// `key` are a dict under `key + '...'`.
    #[getter]
    fn info_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        info_table(py, &self.0.merged_table())
    }

    /// Each section's table: `client`, `server`, and `''` for text outside any section.
    #[getter]
    fn sections<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (name, nodes) in &self.0.sections {
            out.set_item(name, info_table(py, &InfoTable::of(nodes))?)?;
        }
        Ok(out)
    }

    #[pyo3(signature = (key, sub_key = None))]
    fn get(&self, key: &str, sub_key: Option<&str>) -> PyResult<String> {
        self.0.get(key, sub_key).map(str::to_string).ok_or_else(|| {
            let what = match sub_key {
                Some(s) => format!("{:?} under {:?}", normalize_key(s), normalize_key(key)),
                None => format!("{:?}", normalize_key(key)),
            };
            PyKeyError::new_err(format!("docker info has no key {what}"))
        })
    }
}
