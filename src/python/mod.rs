//! The pyo3 bindings: the only part of the crate that imports pyo3.
//!
//! Every name the compiled module `dockertest._core` exports is listed in [`_core`], so the Python
//! surface can be read in one place. Each binding file wraps one core module.

mod cmd;
mod errors;

use pyo3::prelude::*;

/// The compiled extension module `dockertest._core`.
#[pymodule(gil_used = false)]
pub mod _core {
    use pyo3::prelude::*;

    #[pymodule_export]
    use super::errors::DockertestError;

    #[pymodule_export]
    use super::cmd::{run, PyAsyncCmd, PyCmdResult};
    #[pymodule_export]
    use super::errors::CommandError;

    #[pymodule_init]
    fn module_init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", crate::PACKAGE_VERSION)?;
        Ok(())
    }
}
