//! Bindings for [`crate::images`]: the `DockerImage` value and the listing parsers.

use pyo3::exceptions::PyKeyError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use crate::images::{self, DockerImage, NameParts};

fn parts(repo: Option<String>, tag: Option<String>, repo_addr: Option<String>, user: Option<String>) -> NameParts {
    NameParts {
        repo,
        tag,
        repo_addr,
        user,
    }
}

/// One image: name parts, ids, and the CREATED and SIZE cells.
#[pyclass(module = "dockertest._core", name = "DockerImage", frozen, subclass, eq, hash)]
#[derive(PartialEq, Eq, Hash)]
pub struct PyDockerImage(pub DockerImage);

#[pymethods]
impl PyDockerImage {
    #[new]
    #[pyo3(signature = (repo, tag, long_id, created, size, repo_addr = None, user = None))]
    fn py_new(
        repo: Option<&str>,
        tag: Option<&str>,
        long_id: &str,
        created: Option<&str>,
        size: Option<&str>,
        repo_addr: Option<&str>,
        user: Option<&str>,
    ) -> PyResult<Self> {
        Ok(PyDockerImage(DockerImage::new(
            repo, tag, long_id, created, size, repo_addr, user,
        )?))
    }

    #[getter]
    fn repo(&self) -> Option<&str> {
        self.0.repo()
    }

    #[getter]
    fn tag(&self) -> Option<&str> {
        self.0.tag()
    }

    #[getter]
    fn repo_addr(&self) -> Option<&str> {
        self.0.repo_addr()
    }

    #[getter]
    fn user(&self) -> Option<&str> {
        self.0.user()
    }

    #[getter]
    fn full_name(&self) -> Option<String> {
        self.0.full_name()
    }

    #[getter]
    fn long_id(&self) -> &str {
        self.0.long_id()
    }

    #[getter]
    fn short_id(&self) -> &str {
        self.0.short_id()
    }

    #[getter]
    fn created(&self) -> Option<&str> {
        self.0.created()
    }

    #[getter]
    fn size(&self) -> Option<&str> {
        self.0.size()
    }

    /// The original's compiled pattern (`re.Pattern`) of the full names `split_to_component` reads.
    #[classattr]
    fn repo_split_p(py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(py
            .import("re")?
            .call_method1("compile", (images::FULL_NAME_PATTERN,))?
            .unbind())
    }

    /// Splits a full name into `(repo, tag, repo_addr, user)`; anything but a string or `None`
    /// raises `DockerFullNameFormatError`. A part that is the whole name is the name object
    /// itself; any other part is copied once, straight out of the name (see
    /// [`super::text::substring`]).
    #[staticmethod]
    fn split_to_component<'py>(full_name: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTuple>> {
        let py = full_name.py();
        // SAFETY: None lives for as long as the interpreter.
        let none = unsafe { ffi::Py_None() };
        if full_name.is_none() {
            return pack4(py, [none; 4]);
        }
        let Ok(full_name) = full_name.cast::<PyString>() else {
            let what = format!(
                "{} (a {}, not a string)",
                full_name.repr()?,
                full_name.get_type().name()?
            );
            return Err(crate::Error::FullNameFormat(what).into());
        };
        let text = super::text::borrow_str(full_name)?;
        let p = images::split_to_component_ref(text)?;
        let ascii = text.is_ascii();
        // The new parts, owned here until the tuple holds its own references.
        let mut made: [Option<Bound<'py, PyString>>; 4] = [const { None }; 4];
        let mut items = [none; 4];
        for ((item, made), part) in items
            .iter_mut()
            .zip(&mut made)
            .zip([p.repo, p.tag, p.repo_addr, p.user])
        {
            match part {
                None => {}
                Some(part) if part.len() == text.len() => *item = full_name.as_ptr(),
                Some(part) => {
                    *item = made
                        .insert(super::text::substring(full_name, text, part, ascii)?)
                        .as_ptr();
                }
            }
        }
        pack4(py, items)
    }

    /// Joins the parts as `addr/user/repo:tag`.
    #[staticmethod]
    #[pyo3(signature = (repo, tag = None, repo_addr = None, user = None))]
    fn full_name_from_component(
        repo: Option<String>,
        tag: Option<String>,
        repo_addr: Option<String>,
        user: Option<String>,
    ) -> Option<String> {
        images::full_name_from_component(&parts(repo, tag, repo_addr, user))
    }

    /// The default image's name from a mapping holding the four DEFAULTS options.
    #[staticmethod]
    #[pyo3(signature = (config, min_length = 4))]
    fn full_name_from_defaults(config: &Bound<'_, PyAny>, min_length: usize) -> PyResult<String> {
        let get = |key: &str| -> PyResult<Option<String>> {
            match config.get_item(key) {
                Ok(v) if v.is_none() => Ok(None),
                Ok(v) => Ok(Some(v.str()?.to_string())),
                Err(e) if e.is_instance_of::<PyKeyError>(config.py()) => Ok(None),
                Err(e) => Err(e),
            }
        };
        let p = parts(
            get("docker_repo_name")?,
            get("docker_repo_tag")?,
            get("docker_registry_host")?,
            get("docker_registry_user")?,
        );
        Ok(images::full_name_from_defaults(&p, min_length)?)
    }

    fn cmp_id(&self, image_id: &str) -> bool {
        self.0.cmp_id(image_id)
    }

    fn cmp_full_name(&self, full_name: &str) -> bool {
        self.0.cmp_full_name(full_name)
    }

    #[pyo3(signature = (repo, tag = None, repo_addr = None, user = None))]
    fn cmp_full_name_with_component(
        &self,
        repo: Option<String>,
        tag: Option<String>,
        repo_addr: Option<String>,
        user: Option<String>,
    ) -> bool {
        self.0.cmp_full_name_with_component(&parts(repo, tag, repo_addr, user))
    }

    #[pyo3(signature = (repo = None, tag = None, repo_addr = None, user = None))]
    fn cmp_greedy(
        &self,
        repo: Option<String>,
        tag: Option<String>,
        repo_addr: Option<String>,
        user: Option<String>,
    ) -> bool {
        self.0.cmp_greedy(&parts(repo, tag, repo_addr, user))
    }

    fn cmp_greedy_full_name(&self, full_name: &str) -> PyResult<bool> {
        Ok(self.0.cmp_greedy_full_name(full_name)?)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("DockerImage({})", self.__str__())
    }
}

/// A new 4-tuple of `items`, borrowed pointers to live objects (the tuple takes its own
/// references): one call into the interpreter instead of one per item.
fn pack4(py: Python<'_>, items: [*mut ffi::PyObject; 4]) -> PyResult<Bound<'_, PyTuple>> {
    let [a, b, c, d] = items;
    // SAFETY: the GIL is held and every item is a live object.
    unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyTuple_Pack(4, a, b, c, d)) }
        .map(|t| unsafe { t.cast_into_unchecked() })
}

fn wrap(list: Vec<DockerImage>) -> Vec<PyDockerImage> {
    list.into_iter().map(PyDockerImage).collect()
}

/// Images from a `docker images` table.
#[pyfunction]
#[pyo3(signature = (text, command = None))]
pub fn images_from_table(py: Python<'_>, text: &str, command: Option<&str>) -> PyResult<Vec<PyDockerImage>> {
    let list = py
        .detach(|| images::images_from_table(text))
        .map_err(|e| e.with_command(command))?;
    Ok(wrap(list))
}

/// Images from `docker images --format '{{json .}}'` lines (or a JSON array).
#[pyfunction]
#[pyo3(signature = (text, command = None))]
pub fn images_from_json(py: Python<'_>, text: &str, command: Option<&str>) -> PyResult<Vec<PyDockerImage>> {
    let list = py
        .detach(|| images::images_from_json_lines(text))
        .map_err(|e| e.with_command(command))?;
    Ok(wrap(list))
}
