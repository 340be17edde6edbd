//! Bindings for [`crate::images`]: the `DockerImage` value and the listing parsers.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;

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
        self.0.name.repo.as_deref()
    }

    #[getter]
    fn tag(&self) -> Option<&str> {
        self.0.name.tag.as_deref()
    }

    #[getter]
    fn repo_addr(&self) -> Option<&str> {
        self.0.name.repo_addr.as_deref()
    }

    #[getter]
    fn user(&self) -> Option<&str> {
        self.0.name.user.as_deref()
    }

    #[getter]
    fn full_name(&self) -> Option<&str> {
        self.0.full_name.as_deref()
    }

    #[getter]
    fn long_id(&self) -> &str {
        &self.0.long_id
    }

    #[getter]
    fn short_id(&self) -> &str {
        &self.0.short_id
    }

    #[getter]
    fn created(&self) -> Option<&str> {
        self.0.created.as_deref()
    }

    #[getter]
    fn size(&self) -> Option<&str> {
        self.0.size.as_deref()
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
    /// raises `DockerFullNameFormatError`.
    #[staticmethod]
    #[allow(clippy::type_complexity)]
    fn split_to_component(
        full_name: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<(Option<String>, Option<String>, Option<String>, Option<String>)> {
        let p = match full_name {
            Some(n) => {
                let Ok(text) = n.extract::<String>() else {
                    let what = format!("{} (a {}, not a string)", n.repr()?, n.get_type().name()?);
                    return Err(crate::Error::FullNameFormat(what).into());
                };
                images::split_to_component(&text)?
            }
            None => NameParts::default(),
        };
        Ok((p.repo, p.tag, p.repo_addr, p.user))
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
        self.0.full_name == images::full_name_from_component(&parts(repo, tag, repo_addr, user))
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
        let s = |v: &Option<String>| v.clone().unwrap_or_else(|| "None".to_string());
        format!(
            "full_name:{} LONG_ID:{} CREATED:{} SIZE:{}",
            s(&self.0.full_name),
            self.0.long_id,
            s(&self.0.created),
            s(&self.0.size)
        )
    }

    fn __repr__(&self) -> String {
        format!("DockerImage({})", self.__str__())
    }
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

/// A random name that is not in `existing`.
#[pyfunction]
#[pyo3(signature = (prefix, suffix, length, existing))]
pub fn unique_name(prefix: &str, suffix: &str, length: usize, existing: Vec<String>) -> PyResult<String> {
    let existing: HashSet<String> = existing.into_iter().collect();
    let mut h = DefaultHasher::new();
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
        .hash(&mut h);
    std::process::id().hash(&mut h);
    Ok(images::unique_name(prefix, suffix, length, &existing, h.finish())?)
}
