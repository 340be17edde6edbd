//! Bindings for the command runner ([`crate::cmd`]): `run`, `AsyncCmd` and `CmdResult`.
//!
//! A command given as a `str` runs through `/bin/sh -c`; a list or tuple of `str` runs with no shell.
//! Every blocking wait releases the interpreter (`py.detach`), so other Python threads keep running.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::cmd::{self, AsyncCmd, CmdResult, CmdSpec};

/// The outcome of a command (the core [`CmdResult`]).
#[pyclass(name = "CmdResult", module = "dockertest._core", frozen)]
pub struct PyCmdResult {
    inner: CmdResult,
}

#[pymethods]
impl PyCmdResult {
    #[getter]
    fn command(&self) -> &str {
        &self.inner.command
    }

    #[getter]
    fn exit_status(&self) -> Option<i32> {
        self.inner.exit_status
    }

    #[getter]
    fn stdout(&self) -> &str {
        &self.inner.stdout
    }

    #[getter]
    fn stderr(&self) -> &str {
        &self.inner.stderr
    }

    #[getter]
    fn duration(&self) -> f64 {
        self.inner.duration
    }

    #[getter]
    fn timed_out(&self) -> bool {
        self.inner.timed_out
    }

    #[getter]
    fn pid(&self) -> u32 {
        self.inner.pid
    }

    fn __repr__(&self) -> String {
        let r = &self.inner;
        let status = r.exit_status.map_or_else(|| "None".to_owned(), |s| s.to_string());
        format!(
            "CmdResult(command={:?}, exit_status={status}, duration={:.3}, timed_out={}, pid={})",
            r.command,
            r.duration,
            if r.timed_out { "True" } else { "False" },
            r.pid
        )
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
    Ok(PyCmdResult { inner })
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
        Ok(py.detach(|| self.inner.wait(limit)).map(|inner| PyCmdResult { inner }))
    }

    fn result(&self) -> PyCmdResult {
        PyCmdResult {
            inner: self.inner.snapshot(),
        }
    }

    #[pyo3(signature = (signal=15))]
    fn kill(&self, signal: i32) {
        self.inner.kill(signal);
    }

    fn __repr__(&self) -> String {
        format!("AsyncCmd({:?}, pid={})", self.inner.command(), self.inner.pid())
    }
}
