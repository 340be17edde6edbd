//! Bindings for [`crate::build_output`]: `build_step_ids`.

use pyo3::prelude::*;

/// The step images and step containers in the standard output of a finished build, each sorted and
/// without repeats: `(image_ids, container_ids)`.
#[pyfunction]
pub fn build_step_ids(output: &str) -> (Vec<String>, Vec<String>) {
    let ids = crate::build_output::step_ids(output);
    (ids.images, ids.containers)
}
