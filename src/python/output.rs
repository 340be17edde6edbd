//! Bindings for [`crate::output`], one file per parser: `ColumnRanges` and table rows,
//! `DockerVersion`, `DockerInfo`, timestamps and the output checks.

mod checks;
mod info;
mod table;
mod time;
mod version;

pub use checks::{crash_check, error_check, fata_check, usage_check};
pub use info::PyDockerInfo;
pub use table::{parse_table, PyColumnRanges};
pub use time::{parse_docker_time, parse_utc_offset};
pub use version::PyDockerVersion;
