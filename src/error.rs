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
    /// A command could not be started.
    Command {
        /// The command line.
        command: String,
        /// Why it could not be started.
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Value(msg) => f.write_str(msg),
            Error::Command { command, reason } => write!(f, "cannot start command {command:?}: {reason}"),
        }
    }
}

impl std::error::Error for Error {}

/// The result type of every fallible core function.
pub type Result<T> = std::result::Result<T, Error>;
