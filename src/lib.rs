//! The Rust core of `dockertest`, a conformance test framework for container engines.
//!
//! This crate holds the logic behind the Python package `dockertest`: configuration, image and
//! container models, the parsers for docker CLI output, version checks and the command runner.
//! None of the core modules depend on Python; the pyo3 bindings live in `src/python/` and are
//! compiled only with the `python` feature, so `cargo test` exercises the core on its own.
//!
//! ```
//! assert_eq!(dockertest::PACKAGE_VERSION, env!("CARGO_PKG_VERSION"));
//! ```

pub mod api;
pub mod build_output;
pub mod cmd;
pub mod config;
pub mod containers;
pub mod error;
pub mod images;
pub mod names;
pub mod networking;
pub mod output;
pub mod shlex;
pub mod version;

pub use error::{Error, Result};

/// The package version, which is also the dockertest API version (`MAJOR.MINOR.REVIS`).
pub const PACKAGE_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg(feature = "python")]
mod python;
