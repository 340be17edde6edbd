//! Bindings for [`crate::output::table`]: `ColumnRanges` and the table parser.

use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use crate::output::table::{ColumnRanges, TableView};

use crate::python::text::Repeats;

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
/// copied straight out of `table` (no UTF-8 decoding when it is ASCII), or reused when the same short text was made recently
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
    let whole = table;
    let table = crate::python::text::borrow_str(whole)?;
    let ascii = crate::python::text::is_ascii(whole, table);
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
    let rows = crate::python::text::with_str_cache(|mut cache| {
        parsed
            .rows()
            .map(|row| {
                let dict = template.copy()?;
                for ((key, value), repeats) in keys.iter().zip(row).zip(&mut repeats) {
                    if let Some(value) = value {
                        // A cell is a slice of the table's text, copied straight out of it.
                        let new_str = || crate::python::text::substring(whole, table, value, ascii);
                        let cell = match cache.as_deref_mut() {
                            Some(cache) => cache.get_in(py, value, repeats, new_str)?,
                            None => new_str()?,
                        };
                        dict.set_item(key, cell)?;
                    }
                }
                Ok(dict)
            })
            .collect::<PyResult<Vec<_>>>()
    })?;
    Ok((PyColumnRanges(parsed.columns), PyList::new(py, rows)?))
}
