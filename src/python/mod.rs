//! The pyo3 bindings: the only part of the crate that imports pyo3.
//!
//! Every name the compiled module `dockertest._core` exports is listed in [`_core`], so the Python
//! surface can be read in one place. Each binding file wraps one core module.

mod api;
mod build_output;
mod cmd;
mod config;
mod containers;
mod errors;
mod images;
mod json;
mod names;
mod networking;
mod output;
mod shlex;
mod text;
mod version;

use pyo3::prelude::*;

/// Does nothing and returns None: the cost of one call into the extension with up to five
/// arguments, the floor that `benches/` compares every per-call API with.
#[pyfunction]
#[pyo3(signature = (a = None, b = None, c = None, d = None, e = None, /))]
#[allow(clippy::needless_pass_by_value, clippy::many_single_char_names)]
fn noop(
    a: Option<Bound<'_, PyAny>>,
    b: Option<Bound<'_, PyAny>>,
    c: Option<Bound<'_, PyAny>>,
    d: Option<Bound<'_, PyAny>>,
    e: Option<Bound<'_, PyAny>>,
) {
    let _ = (a, b, c, d, e);
}

/// The compiled extension module `dockertest._core`.
#[pymodule(gil_used = false)]
pub mod _core {
    use pyo3::prelude::*;

    #[pymodule_export]
    use super::errors::{__getattr__, DockertestError};

    // config and version (dockertest.config, dockertest.version)
    #[pymodule_export]
    use super::config::{
        find_suite_dir, format_ini, interpolate, load_config, parse_ini, parse_ini_warned, read_value, render_doc,
        typed_value, PyLoadedConfig,
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
    #[pymodule_export]
    const CONFIG_CUSTOM_ENV: &str = crate::config::suite::CONFIG_CUSTOM_ENV;
    // parsers and the Engine API (dockertest.output, images, containers, networking, docker_daemon)
    #[pymodule_export]
    use super::api::{PyApiResponse, PySocketClient};
    #[pymodule_export]
    use super::build_output::build_step_ids;
    #[pymodule_export]
    use super::cmd::{run, PyAsyncCmd, PyCmdResult};
    #[pymodule_export]
    use super::containers::{
        containers_from_json, containers_from_table, parse_container_name, parse_inspect, PyDockerContainer,
    };
    #[pymodule_export]
    use super::errors::CommandError;
    #[pymodule_export]
    use super::images::{images_from_json, images_from_table, PyDockerImage};
    #[pymodule_export]
    use super::names::unique_name;
    #[pymodule_export]
    use super::networking::{ports_from_cell, PyContainerPort};
    #[pymodule_export]
    use super::noop;
    #[pymodule_export]
    use super::output::{
        crash_check, error_check, fata_check, parse_docker_time, parse_table, parse_utc_offset, usage_check,
        PyColumnRanges, PyDockerInfo, PyDockerVersion,
    };
    #[pymodule_export]
    use super::shlex::split_subargs;

    #[pymodule_init]
    fn module_init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", crate::PACKAGE_VERSION)?;
        Ok(())
    }
}
