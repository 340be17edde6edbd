//! The suite configuration: ini files under `config_defaults/` and `config_custom/`.
//!
//! [`ini`] parses one file, [`interpolate`] expands `%(option)s` references, [`value`] types a value
//! (int, then boolean, then float, then string), [`load`] layers every file of a suite into one
//! [`Config`], and [`suite`] finds the suite directory (the directory holding `control`).
//!
//! ```
//! use dockertest::config::{ini, value::Value};
//! let sections = ini::parse_str("[DEFAULTS]\nnumstr = 010\n", None).unwrap();
//! assert_eq!(sections[0].options[0].name, "numstr");
//! assert_eq!(Value::typed(&sections[0].options[0].value), Value::Int(10));
//! ```

pub mod engine;
pub mod ini;
pub mod interpolate;
pub mod load;
pub mod suite;
pub mod value;

use std::fmt;
use std::path::PathBuf;

pub use load::{Config, Entry, Layout, Section};
pub use value::{Kind, Value};

/// The directory of bundled configuration, relative to the suite directory.
pub const CONFIG_DEFAULTS: &str = "config_defaults";
/// The directory of user configuration, relative to the suite directory.
pub const CONFIG_CUSTOM: &str = "config_custom";
/// The file, at the top of either config directory, that holds the DEFAULTS section.
pub const DEFAULTS_FILE: &str = "defaults.ini";
/// The control file's own configuration, read by the control file and skipped by [`Config`].
pub const CONTROL_FILE: &str = "control.ini";
/// The name of the section whose values stand in for options a section leaves undefined.
pub const DEFAULTS_SECTION: &str = "DEFAULTS";

/// Where in the configuration something is; each part is known or not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The ini file.
    pub file: Option<PathBuf>,
    /// The 1-based line in the file.
    pub line: Option<usize>,
    /// The section name.
    pub section: Option<String>,
    /// The (lower-cased) option name.
    pub option: Option<String>,
}

impl Location {
    /// A location in `file` (if known) at `line`.
    pub fn at(file: Option<PathBuf>, line: usize) -> Self {
        Location {
            file,
            line: Some(line),
            ..Location::default()
        }
    }

    /// A location that is a whole file (or directory), with no line.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            file: Some(path.into()),
            ..Location::default()
        }
    }

    /// This location with the section set.
    #[must_use]
    pub fn in_section(mut self, section: &str) -> Self {
        self.section = Some(section.to_owned());
        self
    }

    /// This location with the option set.
    #[must_use]
    pub fn with_option(mut self, option: &str) -> Self {
        self.option = Some(option.to_owned());
        self
    }

    /// A config [`Error`](crate::Error) at this location.
    pub fn error(self, message: impl Into<String>) -> crate::Error {
        crate::Error::Config {
            at: self,
            message: message.into(),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(file) = &self.file {
            parts.push(format!("file {}", file.display()));
        }
        if let Some(line) = self.line {
            parts.push(format!("line {line}"));
        }
        if let Some(section) = &self.section {
            parts.push(format!("section [{section}]"));
        }
        if let Some(option) = &self.option {
            parts.push(format!("option '{option}'"));
        }
        if parts.is_empty() {
            f.write_str("config")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_names_every_known_part() {
        let at = Location::at(Some(PathBuf::from("a/b.ini")), 3)
            .in_section("s/t")
            .with_option("opt");
        assert_eq!(at.to_string(), "file a/b.ini, line 3, section [s/t], option 'opt'");
        assert_eq!(Location::default().to_string(), "config");
        let err = Location::default().in_section("x").error("broken");
        assert_eq!(err.to_string(), "section [x]: broken");
    }
}
