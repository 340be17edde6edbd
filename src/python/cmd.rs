//! Bindings for the command runner ([`crate::cmd`]): `run`, `AsyncCmd` and `CmdResult`.
//!
//! A command given as a `str` runs through `/bin/sh -c`; a list or tuple of `str` runs with no shell.
//! Every blocking wait releases the interpreter (`py.detach`), so other Python threads keep running.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple, PyType};

use crate::cmd::{self, AsyncCmd, CmdResult, CmdSpec};

/// The outcome of a command (the core [`CmdResult`]): the one result type, Autotest's
/// `utils.CmdResult`.
///
/// Built by the runner, or from Python with Autotest's signature
/// `CmdResult(command='', stdout='', stderr='', exit_status=None, duration=0)` (plus `timed_out` and
/// `pid`). Fields are settable, the class is subclassable (`__new__` accepts any arguments, so a
/// subclass's own `__init__` decides), instances take extra attributes, and they pickle.
#[pyclass(name = "CmdResult", module = "dockertest._core", subclass, dict)]
pub struct PyCmdResult {
    inner: CmdResult,
}

impl From<CmdResult> for PyCmdResult {
    fn from(inner: CmdResult) -> Self {
        Self { inner }
    }
}

/// The fields of a result in constructor order, as pickled.
type Fields = (String, String, String, Option<i32>, f64, bool, u32);

/// A result from its fields in constructor order.
fn from_fields((command, stdout, stderr, exit_status, duration, timed_out, pid): Fields) -> CmdResult {
    CmdResult {
        command,
        exit_status,
        stdout,
        stderr,
        duration,
        timed_out,
        pid,
    }
}

/// What `__reduce__` returns: `copyreg.__newobj__`, the class, and the fields with the instance dict.
type Reduced<'py> = (Bound<'py, PyAny>, (Bound<'py, PyType>,), (Fields, Bound<'py, PyAny>));

#[pymethods]
impl PyCmdResult {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn py_new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>) -> Self {
        CmdResult::default().into()
    }

    #[pyo3(signature = (command=String::new(), stdout=String::new(), stderr=String::new(), exit_status=None, duration=0.0, timed_out=false, pid=0))]
    #[allow(clippy::too_many_arguments)]
    fn __init__(
        &mut self,
        command: String,
        stdout: String,
        stderr: String,
        exit_status: Option<i32>,
        duration: f64,
        timed_out: bool,
        pid: u32,
    ) {
        self.inner = from_fields((command, stdout, stderr, exit_status, duration, timed_out, pid));
    }

    #[getter]
    fn command(&self) -> &str {
        &self.inner.command
    }

    #[setter]
    fn set_command(&mut self, value: String) {
        self.inner.command = value;
    }

    #[getter]
    fn exit_status(&self) -> Option<i32> {
        self.inner.exit_status
    }

    #[setter]
    fn set_exit_status(&mut self, value: Option<i32>) {
        self.inner.exit_status = value;
    }

    #[getter]
    fn stdout(&self) -> &str {
        &self.inner.stdout
    }

    #[setter]
    fn set_stdout(&mut self, value: String) {
        self.inner.stdout = value;
    }

    #[getter]
    fn stderr(&self) -> &str {
        &self.inner.stderr
    }

    #[setter]
    fn set_stderr(&mut self, value: String) {
        self.inner.stderr = value;
    }

    #[getter]
    fn duration(&self) -> f64 {
        self.inner.duration
    }

    #[setter]
    fn set_duration(&mut self, value: f64) {
        self.inner.duration = value;
    }

    #[getter]
    fn timed_out(&self) -> bool {
        self.inner.timed_out
    }

    #[setter]
    fn set_timed_out(&mut self, value: bool) {
        self.inner.timed_out = value;
    }

    #[getter]
    fn pid(&self) -> u32 {
        self.inner.pid
    }

    #[setter]
    fn set_pid(&mut self, value: u32) {
        self.inner.pid = value;
    }

    fn __repr__(&self) -> String {
        self.inner.report()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py>> {
        let py = slf.py();
        let newobj = py.import("copyreg")?.getattr("__newobj__")?;
        let r = slf.borrow().inner.clone();
        let fields = (
            r.command,
            r.stdout,
            r.stderr,
            r.exit_status,
            r.duration,
            r.timed_out,
            r.pid,
        );
        Ok((newobj, (slf.get_type(),), (fields, slf.getattr("__dict__")?)))
    }

    fn __setstate__(slf: &Bound<'_, Self>, state: (Fields, Bound<'_, PyDict>)) -> PyResult<()> {
        let (fields, extra) = state;
        slf.borrow_mut().inner = from_fields(fields);
        slf.getattr("__dict__")?.cast::<PyDict>()?.update(extra.as_mapping())
    }
}

fn to_spec(
    command: &Bound<'_, PyAny>,
    timeout: Option<f64>,
    stdin: Option<&Bound<'_, PyAny>>,
    env: Option<HashMap<String, String>>,
    cwd: Option<PathBuf>,
) -> PyResult<CmdSpec> {
    let mut spec = if let Ok(line) = command.cast::<PyString>() {
        CmdSpec::shell(line.to_cow()?)
    } else if let Ok(argv) = command.extract::<Vec<String>>() {
        CmdSpec::argv(argv)
    } else {
        return Err(PyTypeError::new_err(format!(
            "command must be a str (run by /bin/sh -c) or a list of str (run directly), not {}",
            command.get_type().name()?
        )));
    };
    if let Some(secs) = timeout {
        let timeout = Duration::try_from_secs_f64(secs).map_err(|_| {
            PyValueError::new_err(format!(
                "timeout for command {:?} must be a finite number of seconds >= 0, got {secs}",
                spec.command_line()
            ))
        })?;
        spec = spec.timeout(Some(timeout));
    }
    if let Some(data) = stdin {
        spec = if let Ok(text) = data.cast::<PyString>() {
            spec.stdin(Some(text.to_cow()?.as_bytes().to_vec()))
        } else if let Ok(raw) = data.cast::<PyBytes>() {
            spec.stdin(Some(raw.as_bytes().to_vec()))
        } else if let Ok(fd) = data.extract::<i32>() {
            spec.stdin_fd(fd)
        } else {
            return Err(PyTypeError::new_err(format!(
                "stdin for command {:?} must be str, bytes or an open file descriptor (int), not {}",
                spec.command_line(),
                data.get_type().name()?
            )));
        };
    }
    spec.env = env.unwrap_or_default().into_iter().collect();
    Ok(spec.cwd(cwd))
}

/// Runs a command to completion (or its timeout) with the interpreter released.
#[pyfunction]
#[pyo3(signature = (command, *, timeout=None, stdin=None, env=None, cwd=None))]
pub fn run(
    py: Python<'_>,
    command: &Bound<'_, PyAny>,
    timeout: Option<f64>,
    stdin: Option<&Bound<'_, PyAny>>,
    env: Option<HashMap<String, String>>,
    cwd: Option<PathBuf>,
) -> PyResult<PyCmdResult> {
    let spec = to_spec(command, timeout, stdin, env, cwd)?;
    let inner = py.detach(|| cmd::run(&spec))?;
    Ok(inner.into())
}

/// A command running in the background (the core [`AsyncCmd`]).
#[pyclass(name = "AsyncCmd", module = "dockertest._core", frozen)]
pub struct PyAsyncCmd {
    inner: AsyncCmd,
}

#[pymethods]
impl PyAsyncCmd {
    #[new]
    #[pyo3(signature = (command, *, timeout=None, stdin=None, env=None, cwd=None))]
    fn py_new(
        py: Python<'_>,
        command: &Bound<'_, PyAny>,
        timeout: Option<f64>,
        stdin: Option<&Bound<'_, PyAny>>,
        env: Option<HashMap<String, String>>,
        cwd: Option<PathBuf>,
    ) -> PyResult<Self> {
        let spec = to_spec(command, timeout, stdin, env, cwd)?;
        let inner = py.detach(|| AsyncCmd::start(&spec))?;
        Ok(Self { inner })
    }

    #[getter]
    fn pid(&self) -> u32 {
        self.inner.pid()
    }

    #[getter]
    fn command(&self) -> &str {
        self.inner.command()
    }

    #[getter]
    fn stdout(&self) -> String {
        self.inner.stdout_so_far()
    }

    #[getter]
    fn stderr(&self) -> String {
        self.inner.stderr_so_far()
    }

    #[getter]
    fn done(&self) -> bool {
        self.inner.is_finished()
    }

    fn poll(&self) -> Option<i32> {
        self.inner.poll()
    }

    #[pyo3(signature = (timeout=None))]
    fn wait(&self, py: Python<'_>, timeout: Option<f64>) -> PyResult<Option<PyCmdResult>> {
        let limit = match timeout {
            None => None,
            Some(secs) => Some(Duration::try_from_secs_f64(secs).map_err(|_| {
                PyValueError::new_err(format!(
                    "wait timeout for command {:?} must be a finite number of seconds >= 0, got {secs}",
                    self.command()
                ))
            })?),
        };
        Ok(py.detach(|| self.inner.wait(limit)).map(PyCmdResult::from))
    }

    fn result(&self) -> PyCmdResult {
        self.inner.snapshot().into()
    }

    #[pyo3(signature = (signal=15))]
    fn kill(&self, signal: i32) {
        self.inner.kill(signal);
    }

    fn __repr__(&self) -> String {
        format!("AsyncCmd({:?}, pid={})", self.inner.command(), self.inner.pid())
    }
}
