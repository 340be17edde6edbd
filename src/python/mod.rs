//! The pyo3 bindings: the only part of the crate that imports pyo3.
//!
//! Every name the compiled module `dockertest._core` exports is listed in [`_core`], so the Python
//! surface can be read in one place. Each binding file wraps one core module.

mod config;
mod errors;
mod version;

use pyo3::prelude::*;

/// The compiled extension module `dockertest._core`.
#[pymodule(gil_used = false)]
pub mod _core {
    use pyo3::prelude::*;

    #[pymodule_export]
    use super::errors::DockertestError;

    // config and version (dockertest.config, dockertest.version)
    #[pymodule_export]
    use super::config::{
        find_suite_dir, format_ini, interpolate, load_config, parse_ini, read_value, render_doc, typed_value,
        PyLoadedConfig,
    };
    #[pymodule_export]
    use super::errors::{ConfigError, VersionError};
    #[pymodule_export]
    use super::version::{
        api_version, check_autotest_version, check_config_version, compare_loose, compare_parts, compare_versions,
        int2str, str2int,
    };
    #[pymodule_export]
    const NOVERSIONCHECK: &str = crate::version::NOVERSIONCHECK;
    #[pymodule_export]
    const SUITE_DIR_ENV: &str = crate::config::suite::SUITE_DIR_ENV;

    #[pymodule_init]
    fn module_init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", crate::PACKAGE_VERSION)?;
        Ok(())
    }
}
