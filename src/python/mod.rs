//! The pyo3 bindings: the only part of the crate that imports pyo3.
//!
//! Every name the compiled module `dockertest._core` exports is listed in [`_core`], so the Python
//! surface can be read in one place. Each binding file wraps one core module.

mod errors;

use pyo3::prelude::*;

/// The compiled extension module `dockertest._core`.
#[pymodule(gil_used = false)]
pub mod _core {
    use pyo3::prelude::*;

    #[pymodule_export]
    use super::errors::DockertestError;

    #[pymodule_init]
    fn module_init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", crate::PACKAGE_VERSION)?;
        let py = m.py();
        m.add("DockerOutputError", super::errors::docker_output_error(py)?)?;
        m.add("DockerFullNameFormatError", super::errors::full_name_format_error(py)?)?;
        m.add("DockerSocketError", super::errors::docker_socket_error(py)?)?;
        Ok(())
    }
}
