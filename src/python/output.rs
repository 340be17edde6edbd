//! Bindings for [`crate::output`]: `ColumnRanges`, table rows, `DockerVersion`, `DockerInfo`,
//! timestamps and the output checks.

use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use crate::output::info::{normalize_key, DockerInfo, InfoTable, InfoValue};
use crate::output::table::{ColumnRanges, TableView};
use crate::output::version::{DockerVersion, Section};
use crate::output::{checks, time};

use super::text::Repeats;

/// A table header as an immutable mapping between `(start, end)` ranges and column names.
#[pyclass(module = "dockertest._core", name = "ColumnRanges", frozen, eq)]
#[derive(PartialEq)]
pub struct PyColumnRanges(pub ColumnRanges);

impl PyColumnRanges {
    fn index_of_key(&self, key: &Bound<'_, PyAny>) -> Option<(usize, bool)> {
        if key.is_instance_of::<PyString>() {
            let name: String = key.extract().ok()?;
            return self.0.index_of(&name).map(|i| (i, true));
        }
        let (start, end): (usize, Option<usize>) = key.extract().ok()?;
        self.0.index_of_range(start, end).map(|i| (i, false))
    }
}

#[pymethods]
impl PyColumnRanges {
    #[new]
    #[pyo3(signature = (header, min_col_len = 3, expected = None))]
    fn py_new(header: &str, min_col_len: usize, expected: Option<usize>) -> PyResult<Self> {
        Ok(PyColumnRanges(ColumnRanges::new(header, min_col_len, expected)?))
    }

    /// The column names, left to right.
    #[getter]
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.0.columns())
    }

    /// The keys of a row dict: the column names, a repeated one with a `_2`, `_3`... suffix.
    #[getter]
    fn row_keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.0.row_keys())
    }

    /// The `(start, end)` ranges; the last end is None.
    #[getter]
    fn ranges<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.0.ranges())
    }

    #[getter]
    fn count(&self) -> usize {
        self.0.count()
    }

    fn __len__(&self) -> usize {
        self.0.count()
    }

    fn __getitem__<'py>(&self, key: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = key.py();
        match self.index_of_key(key) {
            Some((i, true)) => Ok(self.0.ranges()[i].into_pyobject(py)?.into_any()),
            Some((i, false)) => Ok(PyString::new(py, &self.0.columns()[i]).into_any()),
            None => Err(PyKeyError::new_err(format!(
                "{key} is neither a column name nor a column range"
            ))),
        }
    }

    fn __contains__(&self, key: &Bound<'_, PyAny>) -> bool {
        self.index_of_key(key).is_some()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.ranges(py)?.try_iter().map(Bound::into_any)
    }

    fn keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.0.ranges())
    }

    fn values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.0.columns())
    }

    fn items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.0.ranges().into_iter().zip(self.0.columns().iter().cloned()))
    }

    /// The name of the column holding character `n`.
    #[pyo3(signature = (n = None))]
    fn offset(&self, n: Option<i64>) -> String {
        self.0.columns()[self.0.offset(n)].clone()
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("ColumnRanges({})", self.0)
    }
}

/// Parses a table into its header and a list of row dicts keyed by
/// [`ColumnRanges::row_keys`]. With `columnranges`, `table` holds only the rows and is cut by that
/// header.
///
/// Each row dict is a copy of one template dict holding every key (a copy of a dict of the same
/// keys is a single block copy, and setting an existing key never resizes it); a cell's string is
/// made straight from its slice of `table`, or reused when the same short text was made recently
/// (images, statuses and commands repeat down a column; a column of ids or names stops looking).
#[pyfunction]
#[pyo3(signature = (table, allow_duplicate = false, command = None, columnranges = None))]
pub fn parse_table<'py>(
    py: Python<'py>,
    table: &Bound<'py, PyString>,
    allow_duplicate: bool,
    command: Option<&str>,
    columnranges: Option<&PyColumnRanges>,
) -> PyResult<(PyColumnRanges, Bound<'py, PyList>)> {
    // The table's text is read where it lies, not copied first.
    let table = super::text::borrow_str(table)?;
    let parsed = match columnranges {
        Some(cr) => TableView::with_columns(cr.0.clone(), table.lines(), 1, allow_duplicate),
        None => TableView::parse(table, allow_duplicate),
    }
    .map_err(|e| e.with_command(command))?;
    let template = PyDict::new(py);
    let keys: Vec<Bound<'py, PyString>> = parsed
        .columns
        .row_keys()
        .iter()
        .map(|k| PyString::intern(py, k))
        .collect();
    for key in &keys {
        template.set_item(key, py.None())?;
    }
    let mut repeats = vec![Repeats::default(); keys.len()];
    let rows = super::text::with_str_cache(|mut cache| {
        parsed
            .rows()
            .map(|row| {
                let dict = template.copy()?;
                for ((key, value), repeats) in keys.iter().zip(row).zip(&mut repeats) {
                    if let Some(value) = value {
                        let made = match cache.as_deref_mut() {
                            Some(cache) => cache.get_in(py, value, repeats),
                            None => PyString::new(py, value),
                        };
                        dict.set_item(key, made)?;
                    }
                }
                Ok(dict)
            })
            .collect::<PyResult<Vec<_>>>()
    })?;
    Ok((PyColumnRanges(parsed.columns), PyList::new(py, rows)?))
}

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

/// `(year, month, day, hour, minute, second, microsecond, utc_offset_seconds)`.
type TimeParts = (i32, u8, u8, u8, u8, u8, u32, i32);

/// Parses the first timestamp in `text` into
/// `(year, month, day, hour, minute, second, microsecond, utc_offset_seconds)`.
#[pyfunction]
pub fn parse_docker_time(text: &Bound<'_, PyAny>) -> PyResult<TimeParts> {
    let Ok(text) = text.extract::<String>() else {
        return Err(PyTypeError::new_err(format!(
            "a docker timestamp must be a str, not {}",
            text.get_type()
        )));
    };
    let t = time::DockerTime::parse(&text)?;
    Ok((
        t.year,
        t.month,
        t.day,
        t.hour,
        t.minute,
        t.second,
        t.microsecond,
        t.offset_seconds,
    ))
}

/// Parses `+HH:MM`, `-HHMM` or `Z` into seconds east of UTC.
#[pyfunction]
pub fn parse_utc_offset(text: &str) -> PyResult<i32> {
    Ok(time::parse_utc_offset(text)?)
}

/// Output checks: each returns True when the text is good.
#[pyfunction]
pub fn crash_check(text: &str) -> bool {
    checks::crash_check(text)
}

/// False if a line is docker's usage text.
#[pyfunction]
pub fn usage_check(text: &str) -> bool {
    checks::usage_check(text)
}

/// False if a lower-cased line contains "error: ".
#[pyfunction]
pub fn error_check(text: &str) -> bool {
    checks::error_check(text)
}

/// False if a line carries a `FATA[nnnn]` marker.
#[pyfunction]
pub fn fata_check(text: &str) -> bool {
    checks::fata_check(text)
}
