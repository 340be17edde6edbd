//! Bindings for [`crate::containers`]: the `DockerContainer` class (the core's struct itself, with
//! a getter and setter per field), the listing parsers returning it, names with links, and inspect.

use pyo3::prelude::*;
use pyo3::types::PyType;

use super::json::to_py;
use crate::containers::{self, DockerContainer, Link};

/// One container as a listing shows it. `DockerContainer(image_name, command, ports=None,
/// container_name=None)`; `ports` None is `''`; `long_id`, `created`, `status`, `size` and `links`
/// start as None and are filled in by listings. Every field may be set.
#[pyclass(module = "dockertest._core", name = "DockerContainer", subclass, eq)]
#[derive(PartialEq)]
pub struct PyDockerContainer(pub DockerContainer);

#[pymethods]
impl PyDockerContainer {
    #[new]
    #[pyo3(signature = (image_name, command, ports = None, container_name = None))]
    fn py_new(
        image_name: Option<&str>,
        command: Option<&str>,
        ports: Option<&str>,
        container_name: Option<&str>,
    ) -> Self {
        PyDockerContainer(DockerContainer::new(image_name, command, ports, container_name))
    }

    /// The image it runs.
    #[getter]
    fn image_name(&self) -> Option<String> {
        self.0.image_name.clone()
    }

    #[setter]
    fn set_image_name(&mut self, value: Option<String>) {
        self.0.image_name = value;
    }

    /// Its command as listed.
    #[getter]
    fn command(&self) -> Option<String> {
        self.0.command.clone()
    }

    #[setter]
    fn set_command(&mut self, value: Option<String>) {
        self.0.command = value;
    }

    /// The PORTS text (`''` when none).
    #[getter]
    fn ports(&self) -> String {
        self.0.ports.clone()
    }

    #[setter]
    fn set_ports(&mut self, value: String) {
        self.0.ports = value;
    }

    /// Its own name, without links.
    #[getter]
    fn container_name(&self) -> Option<String> {
        self.0.container_name.clone()
    }

    #[setter]
    fn set_container_name(&mut self, value: Option<String>) {
        self.0.container_name = value;
    }

    /// The CONTAINER ID.
    #[getter]
    fn long_id(&self) -> Option<String> {
        self.0.long_id.clone()
    }

    #[setter]
    fn set_long_id(&mut self, value: Option<String>) {
        self.0.long_id = value;
    }

    /// The CREATED cell.
    #[getter]
    fn created(&self) -> Option<String> {
        self.0.created.clone()
    }

    #[setter]
    fn set_created(&mut self, value: Option<String>) {
        self.0.created = value;
    }

    /// The STATUS cell.
    #[getter]
    fn status(&self) -> Option<String> {
        self.0.status.clone()
    }

    #[setter]
    fn set_status(&mut self, value: Option<String>) {
        self.0.status = value;
    }

    /// The SIZE cell, when listed.
    #[getter]
    fn size(&self) -> Option<String> {
        self.0.size.clone()
    }

    #[setter]
    fn set_size(&mut self, value: Option<String>) {
        self.0.size = value;
    }

    /// The state in one lower-case word (`running`, `exited`, ...) when the listing gives it (JSON
    /// listings, a STATE column), else None.
    #[getter]
    fn state(&self) -> Option<String> {
        self.0.state.clone()
    }

    #[setter]
    fn set_state(&mut self, value: Option<String>) {
        self.0.state = value;
    }

    /// The `(child, alias)` links of the NAMES cell, None when there are none.
    #[getter]
    fn links(&self) -> Option<Vec<Link>> {
        self.0.links.clone()
    }

    #[setter]
    fn set_links(&mut self, value: Option<Vec<Link>>) {
        self.0.links = value;
    }

    /// Builds one (of `cls`, which may be a subclass) from `(image_name, command, ports,
    /// container_name, long_id, created, status, size, links)`.
    #[classmethod]
    fn from_row<'py>(cls: &Bound<'py, PyType>, row: Row) -> PyResult<Bound<'py, PyAny>> {
        let (image_name, command, ports, container_name, long_id, created, status, size, links) = row;
        let obj = cls.call1((image_name, command, ports, container_name))?;
        obj.setattr("long_id", long_id)?;
        obj.setattr("created", created)?;
        obj.setattr("status", status)?;
        obj.setattr("size", size)?;
        obj.setattr("links", links)?;
        Ok(obj)
    }

    /// Splits a NAMES cell into the name and its `(child, alias)` links.
    #[staticmethod]
    fn parse_container_name(names: &str) -> PyResult<(String, Option<Vec<Link>>)> {
        Ok(containers::parse_container_name(names)?)
    }

    /// A 12-character id compares with the start of `long_id`, anything else exactly.
    fn cmp_id(&self, container_id: &str) -> bool {
        self.0.cmp_id(container_id)
    }

    /// Compares the container's own name.
    fn cmp_name(&self, name: &str) -> bool {
        self.0.cmp_name(name)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("DockerContainer({})", self.__str__())
    }
}

/// `(image_name, command, ports, container_name, long_id, created, status, size, links)`.
type Row = (
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<Vec<Link>>,
);

fn wrap(list: Vec<DockerContainer>) -> Vec<PyDockerContainer> {
    list.into_iter().map(PyDockerContainer).collect()
}

/// Containers of a `docker ps -a` table.
#[pyfunction]
#[pyo3(signature = (text, command = None))]
pub fn containers_from_table(py: Python<'_>, text: &str, command: Option<&str>) -> PyResult<Vec<PyDockerContainer>> {
    Ok(wrap(
        py.detach(|| containers::containers_from_table(text))
            .map_err(|e| e.with_command(command))?,
    ))
}

/// Containers of `ps --format '{{json .}}'` lines, podman's JSON array, or the API's `/containers/json`.
#[pyfunction]
#[pyo3(signature = (text, command = None))]
pub fn containers_from_json(py: Python<'_>, text: &str, command: Option<&str>) -> PyResult<Vec<PyDockerContainer>> {
    Ok(wrap(
        py.detach(|| containers::containers_from_json(text))
            .map_err(|e| e.with_command(command))?,
    ))
}

/// `(name, links)` from a NAMES cell.
#[pyfunction]
pub fn parse_container_name(names: &str) -> PyResult<(String, Option<Vec<Link>>)> {
    Ok(containers::parse_container_name(names)?)
}

/// `docker inspect` output as a list of dicts.
#[pyfunction]
#[pyo3(signature = (text, command = None))]
pub fn parse_inspect<'py>(py: Python<'py>, text: &str, command: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
    let value = containers::parse_inspect(text).map_err(|e| e.with_command(command))?;
    to_py(py, &value)
}
