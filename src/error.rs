//! The one error type of the core.
//!
//! Every fallible core function returns [`Result`]. The bindings turn an [`Error`] into a Python
//! exception in exactly one place (`src/python/errors.rs`), so a message written here is the
//! message a Python user sees.

use std::fmt;

/// Everything that can go wrong in the core.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A value had the wrong form; the text says which value, where it came from, and why.
    Value(String),
    /// A config file could not be read or parsed, or a value in it is unusable; `at` names the
    /// file, line, section and option involved, as far as they are known.
    Config {
        /// Where the problem is.
        at: crate::config::Location,
        /// What is wrong there.
        message: String,
    },
    /// The API version of this library and the `config_version` of a config differ in
    /// major.minor.
    VersionMismatch {
        /// The library's API version.
        library: String,
        /// The version the config was written for.
        config: String,
    },
    /// The installed Autotest is older than the `autotest_version` a config asks for.
    AutotestTooOld {
        /// The installed Autotest version.
        installed: String,
        /// The minimum version the config asks for.
        required: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Value(msg) => f.write_str(msg),
            Error::Config { at, message } => write!(f, "{at}: {message}"),
            Error::VersionMismatch { library, config } => write!(
                f,
                "Docker test library version {library} incompatible with test configuration version {config}; \
                 the major and minor numbers must agree"
            ),
            Error::AutotestTooOld { installed, required } => write!(
                f,
                "installed Autotest version {installed} is older than the minimum {required} the configuration asks for"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// The result type of every fallible core function.
pub type Result<T> = std::result::Result<T, Error>;
