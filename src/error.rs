//! The one error type of the core.
//!
//! Every fallible core function returns [`Result`]. The bindings turn an [`Error`] into a Python
//! exception in exactly one place (`src/python/errors.rs`), so a message written here is the
//! message a Python user sees.

/// Everything that can go wrong in the core. Each variant's message is its `#[error]` attribute.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value had the wrong form; the text says which value, where it came from, and why.
    #[error("{0}")]
    Value(String),
    /// A config file could not be read or parsed, or a value in it is unusable; `at` names the
    /// file, line, section and option involved, as far as they are known.
    #[error("{at}: {message}")]
    Config {
        /// Where the problem is.
        at: crate::config::Location,
        /// What is wrong there.
        message: String,
    },
    /// The API version of this library and the `config_version` of a config differ in
    /// major.minor.
    #[error(
        "Docker test library version {library} incompatible with test configuration version {config}; the major \
         and minor numbers must agree"
    )]
    VersionMismatch {
        /// The library's API version.
        library: String,
        /// The version the config was written for.
        config: String,
    },
    /// The installed Autotest is older than the `autotest_version` a config asks for.
    #[error("installed Autotest version {installed} is older than the minimum {required} the configuration asks for")]
    AutotestTooOld {
        /// The installed Autotest version.
        installed: String,
        /// The minimum version the config asks for.
        required: String,
    },
    /// Docker (or podman) output could not be parsed. `line` and `column` are 1-based and point into
    /// the text that was parsed; `command` names the command that printed it, when known.
    #[error("{}: line {line}, column {column}: {reason}", output_source(command.as_deref()))]
    Output {
        /// The command whose output this was, e.g. `docker images --no-trunc`.
        command: Option<String>,
        /// The 1-based line of the offending text.
        line: usize,
        /// The 1-based column (in characters) of the offending text.
        column: usize,
        /// What is wrong there.
        reason: String,
    },
    /// An image name does not have the form
    /// `[registry_hostname[:port]/][user_name/](repository_name[:version_tag])`.
    #[error(
        "image name {0:?} does not have the form [registry_hostname[:port]/][user_name/](repository_name[:version_tag])"
    )]
    FullNameFormat(String),
    /// The Engine API over a unix socket failed: the text names the socket and what went wrong.
    #[error("{0}")]
    Socket(String),
    /// The Engine API answered with an HTTP error status.
    #[error("{request} failed with HTTP {status}: {message}")]
    Api {
        /// The request and socket, e.g. `GET /version on /var/run/docker.sock`.
        request: String,
        /// The HTTP status code.
        status: u16,
        /// The daemon's `message` (or the plain-text body).
        message: String,
    },
    /// A command could not be started.
    #[error("cannot start command {command:?}: {reason}")]
    Command {
        /// The command line.
        command: String,
        /// Why it could not be started.
        reason: String,
    },
}

impl Error {
    /// A parse error at `line`/`column` (1-based) with no command attached yet.
    pub fn output(line: usize, column: usize, reason: impl Into<String>) -> Self {
        Error::Output {
            command: None,
            line,
            column,
            reason: reason.into(),
        }
    }

    /// Names the command whose output failed to parse, if this is an output error without one.
    #[must_use]
    pub fn with_command(self, cmd: Option<&str>) -> Self {
        match (self, cmd) {
            (
                Error::Output {
                    command: None,
                    line,
                    column,
                    reason,
                },
                Some(c),
            ) => Error::Output {
                command: Some(c.to_string()),
                line,
                column,
                reason,
            },
            (other, _) => other,
        }
    }
}

/// The start of an output error's message: the command whose output it was, when known.
fn output_source(command: Option<&str>) -> String {
    match command {
        Some(c) => format!("cannot parse the output of `{c}`"),
        None => "cannot parse docker output".to_string(),
    }
}

/// The result type of every fallible core function.
pub type Result<T> = std::result::Result<T, Error>;
