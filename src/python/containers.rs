//! Bindings for [`crate::containers`]: listing parsers returning row tuples that
//! `dockertest.containers.DockerContainer` is built from, names with links, and inspect.

use pyo3::prelude::*;

use super::json::to_py;
use crate::containers::{self, DockerContainer, Link};

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

fn rows(list: Vec<DockerContainer>) -> Vec<Row> {
    list.into_iter()
        .map(|c| {
            (
                c.image_name,
                c.command,
                c.ports,
                c.container_name,
                c.long_id,
                c.created,
                c.status,
                c.size,
                c.links,
            )
        })
        .collect()
}

/// Rows of a `docker ps -a` table.
#[pyfunction]
#[pyo3(signature = (text, command = None))]
pub fn containers_from_table(py: Python<'_>, text: &str, command: Option<&str>) -> PyResult<Vec<Row>> {
    Ok(rows(
        py.detach(|| containers::containers_from_table(text))
            .map_err(|e| e.with_command(command))?,
    ))
}

/// Rows of `ps --format '{{json .}}'` lines, podman's JSON array, or the API's `/containers/json`.
#[pyfunction]
#[pyo3(signature = (text, command = None))]
pub fn containers_from_json(py: Python<'_>, text: &str, command: Option<&str>) -> PyResult<Vec<Row>> {
    Ok(rows(
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
