//! Bindings of [`crate::config`]: loading a suite's config, and the parser pieces `ConfigSection`
//! is built from.

// pyo3 extracts Python arguments into owned values; borrowing them is not an option here.
#![allow(clippy::needless_pass_by_value)]

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::config::interpolate::{expand, Scope};
use crate::config::{ini, suite, Config, Kind, Layout, Location, Value};

/// A Python object for a typed value.
fn value_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Int(i) => i.into_pyobject(py)?.into_any(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Float(f) => f.into_pyobject(py)?.into_any(),
        Value::Str(s) => s.into_pyobject(py)?.into_any(),
    })
}

/// Paths reach Python as `str`, as they did in the original API.
pub(crate) fn text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn kind(name: &str) -> PyResult<Kind> {
    Kind::from_name(name).ok_or_else(|| {
        let msg = format!("unknown value kind {name:?}: expected 'int', 'bool', 'float' or 'str'");
        crate::Error::Value(msg).into()
    })
}

/// The loaded configuration of one suite directory.
#[pyclass(module = "dockertest._core", name = "LoadedConfig", frozen)]
pub struct PyLoadedConfig {
    inner: Config,
}

#[pymethods]
impl PyLoadedConfig {
    #[getter]
    fn suite_dir(&self) -> String {
        text(&self.inner.suite_dir)
    }

    #[getter]
    fn files(&self) -> Vec<String> {
        self.inner.files.iter().map(|f| text(f)).collect()
    }

    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }

    #[getter]
    fn engine(&self) -> String {
        self.inner.engine.clone()
    }

    #[getter]
    fn engines(&self) -> Vec<String> {
        self.inner.engines.clone()
    }

    /// A fresh dict: section name → {option: typed value}.
    fn sections<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (name, section) in &self.inner.sections {
            let options = PyDict::new(py);
            for (option, entry) in &section.entries {
                options.set_item(option, value_to_py(py, &entry.value)?)?;
            }
            out.set_item(name, options)?;
        }
        Ok(out)
    }

    /// A fresh dict: section name → {option: rendered `#:` doc}, for the options that have one.
    fn docs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (name, section) in &self.inner.sections {
            let docs = PyDict::new(py);
            for (option, entry) in section.entries.iter().filter(|(_, e)| !e.from_defaults) {
                if let Some(doc) = &entry.doc {
                    docs.set_item(option, ini::render_doc(doc))?;
                }
            }
            out.set_item(name, docs)?;
        }
        Ok(out)
    }

    fn enabled(&self, section: &str) -> PyResult<bool> {
        match self.inner.section(section) {
            Some(s) => Ok(s.enabled()),
            None => Err(Location::default().in_section(section).error("no such section").into()),
        }
    }

    fn get_as<'py>(
        &self,
        py: Python<'py>,
        section: &str,
        option: &str,
        kind_name: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let Some(s) = self.inner.section(section) else {
            return Err(Location::default().in_section(section).error("no such section").into());
        };
        value_to_py(py, &s.get_as(option, kind(kind_name)?)?)
    }

    fn location(&self, section: &str, option: &str) -> Option<(String, usize)> {
        let entry = self.inner.section(section)?.get(option)?;
        Some((text(&entry.file), entry.line))
    }

    fn __repr__(&self) -> String {
        format!(
            "LoadedConfig({:?}, {} sections)",
            self.inner.suite_dir.display().to_string(),
            self.inner.sections.len()
        )
    }
}

/// The stop check the core's long loops call: it runs Python's signal handlers, and once one raises
/// (Ctrl-C's `KeyboardInterrupt`) it keeps that exception and asks the core to stop.
#[derive(Default)]
struct Signals(Mutex<Option<PyErr>>);

impl Signals {
    fn stop(&self) -> bool {
        #[allow(clippy::redundant_closure_for_method_calls)] // the method's lifetime is not general enough
        match Python::attach(|py| py.check_signals()) {
            Ok(()) => false,
            Err(err) => {
                *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(err);
                true
            }
        }
    }

    /// The core's result, or the exception a signal handler raised while it ran.
    fn finish<T>(self, result: crate::Result<T>) -> PyResult<T> {
        match self.0.into_inner().unwrap_or_else(PoisonError::into_inner) {
            Some(err) => Err(err),
            None => Ok(result?),
        }
    }
}

/// Loads the config of the suite in `suite_dir`, from the directories and DEFAULTS file given (the
/// suite's own when `None`), with the engine profile `engine` (default: the one its DEFAULTS name). A pending signal (Ctrl-C) interrupts a long load: its exception is
/// raised instead of the core's "interrupted" error.
#[pyfunction]
#[pyo3(signature = (suite_dir, defaults_dir=None, custom_dir=None, defaults_file=None, engine=None))]
pub fn load_config(
    py: Python<'_>,
    suite_dir: PathBuf,
    defaults_dir: Option<PathBuf>,
    custom_dir: Option<PathBuf>,
    defaults_file: Option<String>,
    engine: Option<String>,
) -> PyResult<PyLoadedConfig> {
    let own = Layout::suite(&suite_dir);
    let layout = Layout::new(
        &suite_dir,
        defaults_dir.as_deref().unwrap_or(&own.defaults_dir),
        custom_dir.as_deref().unwrap_or(&own.custom_dir),
        defaults_file.as_deref().unwrap_or(&own.defaults_file),
    );
    let signals = Signals::default();
    let loaded = py.detach(|| Config::load_with(&layout, engine.as_deref(), &|| signals.stop()));
    let loaded = signals.finish(loaded)?;
    Ok(PyLoadedConfig { inner: loaded })
}

/// Resolves the suite directory from an explicit one, the environment value, then start paths.
#[pyfunction]
#[pyo3(signature = (explicit=None, env=None, starts=Vec::new()))]
pub fn find_suite_dir(explicit: Option<PathBuf>, env: Option<String>, starts: Vec<PathBuf>) -> PyResult<String> {
    Ok(text(&suite::resolve(explicit.as_deref(), env.as_deref(), &starts)?))
}

/// Parses ini text: a list of `(section, line, [(option, value, line, doc)])`.
#[pyfunction]
#[pyo3(signature = (text, filename=None))]
pub fn parse_ini<'py>(py: Python<'py>, text: &[u8], filename: Option<PathBuf>) -> PyResult<Bound<'py, PyList>> {
    Ok(parse_ini_warned(py, text, filename)?.0)
}

/// Parses ini text: the sections as [`parse_ini`] gives them, and the warnings about repeated
/// sections and options.
#[pyfunction]
#[pyo3(signature = (text, filename=None))]
pub fn parse_ini_warned<'py>(
    py: Python<'py>,
    text: &[u8],
    filename: Option<PathBuf>,
) -> PyResult<(Bound<'py, PyList>, Vec<String>)> {
    let signals = Signals::default();
    let parsed = py.detach(|| ini::parse_file(text, filename.as_deref(), &|| signals.stop()));
    let parsed = signals.finish(parsed)?;
    let out = PyList::empty(py);
    for s in parsed.sections {
        let options: Vec<_> = s
            .options
            .into_iter()
            .map(|o| (o.name, o.value, o.line, o.doc))
            .collect();
        out.append((s.name, s.line, options))?;
    }
    Ok((out, parsed.warnings))
}

/// Expands `%(name)s` references in the value of `option`, looking in `options` then `defaults`.
#[pyfunction]
#[pyo3(signature = (option, options, defaults, section=None, filename=None))]
pub fn interpolate(
    option: &str,
    options: Vec<(String, String)>,
    defaults: Vec<(String, String)>,
    section: Option<&str>,
    filename: Option<PathBuf>,
) -> PyResult<String> {
    expand(&Scope::new(&options, &defaults), &option.to_lowercase()).map_err(|err| {
        let mut at = Location {
            file: filename,
            section: section.map(str::to_owned),
            ..Location::default()
        };
        at.option = Some(err.option);
        at.error(err.message).into()
    })
}

/// Types a value by the int, boolean, float, string rule.
#[pyfunction]
#[pyo3(signature = (text))]
pub fn typed_value<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    value_to_py(py, &Value::typed(text))
}

/// Reads `text` as `kind` (`'int'`, `'bool'`, `'float'` or `'str'`); the error names the location.
#[pyfunction]
#[pyo3(signature = (text, kind_name, filename=None, line=None, section=None, option=None))]
pub fn read_value<'py>(
    py: Python<'py>,
    text: &str,
    kind_name: &str,
    filename: Option<PathBuf>,
    line: Option<usize>,
    section: Option<String>,
    option: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let value = Value::read_as(text, kind(kind_name)?).map_err(|msg| {
        Location {
            file: filename,
            line,
            section,
            option,
        }
        .error(msg)
    })?;
    value_to_py(py, &value)
}

/// Writes `[(section, [(option, value)])]` as ini text.
#[pyfunction]
#[pyo3(signature = (sections))]
pub fn format_ini(sections: Vec<(String, Vec<(String, String)>)>) -> String {
    ini::format(&sections)
}

/// Renders a `#:` doc text (`{n}` newline, `{t}` indent, `{{`/`}}` braces).
#[pyfunction]
#[pyo3(signature = (doc))]
pub fn render_doc(doc: &str) -> String {
    ini::render_doc(doc)
}
