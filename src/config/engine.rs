//! Engine profiles: which engine a run tests, and the configuration that engine needs.
//!
//! A profile is a set of sections, usually in `config_defaults/engines/<name>.ini`:
//!
//! - `[engine:NAME]` declares the profile; its options are laid over `[DEFAULTS]` key by key (the
//!   client `docker_path`, its global `docker_options`, ...);
//! - `[engine:NAME SECTION]` lays its options over the subtest section `SECTION` key by key, for
//!   what that subtest must accept or expect on this engine.
//!
//! The profile in use is `engine` of `[DEFAULTS]` (default `docker`), unless the caller names one
//! (the control file passes the `--args` token `engine=NAME`). Profile sections never appear as
//! sections of the loaded configuration. A profile that does not exist, or an override of a
//! section no file defines, is an error naming the file, line and section.

use std::path::PathBuf;

use super::Location;
use crate::Result;

/// The prefix of a profile section's name.
pub const PREFIX: &str = "engine:";
/// The DEFAULTS option naming the profile in use.
pub const OPTION: &str = "engine";
/// The profile used when nothing names one.
pub const DEFAULT: &str = "docker";

/// One option of a profile section: its name, raw value, where it was set and its `#:` doc.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// The option name (lower case).
    pub name: String,
    /// The raw value.
    pub value: String,
    /// The file that set it.
    pub file: PathBuf,
    /// The line that set it.
    pub line: usize,
    /// Its `#:` documentation.
    pub doc: Option<String>,
}

/// A profile section as read: the section it overrides (None for the profile itself).
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileSection {
    /// The profile name.
    pub engine: String,
    /// The subtest section it overrides, or None for `[engine:NAME]` itself.
    pub target: Option<String>,
    /// The file holding it.
    pub file: PathBuf,
    /// The line of its header.
    pub line: usize,
    /// Its options, in file order.
    pub options: Vec<Override>,
}

/// Splits a section name into (engine, target) when it is a profile section.
pub fn parse_name(section: &str) -> Option<(String, Option<String>)> {
    let rest = section.strip_prefix(PREFIX)?;
    let mut words = rest.splitn(2, char::is_whitespace);
    let engine = words.next().unwrap_or("").trim().to_owned();
    let target = words.next().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    Some((engine, target))
}

/// Every profile name declared by an `[engine:NAME]` section, sorted.
pub fn names(sections: &[ProfileSection]) -> Vec<String> {
    let mut found: Vec<String> = sections
        .iter()
        .filter(|s| s.target.is_none())
        .map(|s| s.engine.clone())
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The profile to use: `requested` when given, else `configured` (the DEFAULTS `engine`), else
/// [`DEFAULT`], which needs no profile section. `at` is where `configured` was set, for the error when the profile is unknown.
pub fn choose(
    sections: &[ProfileSection],
    requested: Option<&str>,
    configured: Option<&str>,
    at: Location,
) -> Result<String> {
    let known = names(sections);
    let (name, source) = match requested.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => (r.to_owned(), "the engine requested (engine=NAME)".to_owned()),
        None => (
            configured
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .unwrap_or(DEFAULT)
                .to_owned(),
            "the DEFAULTS option engine".to_owned(),
        ),
    };
    // The default profile is the DEFAULTS themselves, so it needs no section of its own.
    if known.contains(&name) || name == DEFAULT {
        return Ok(name);
    }
    let have = if known.is_empty() {
        "none is defined".to_owned()
    } else {
        format!("known: {}", known.join(", "))
    };
    Err(at.in_section("DEFAULTS").with_option(OPTION).error(format!(
        "{source} names the engine profile {name:?}, but no [{PREFIX}{name}] section defines it ({have})"
    )))
}

/// Checks that every `[engine:NAME SECTION]` belongs to a declared profile and overrides a section
/// that exists (`exists` answers that).
pub fn check_targets(sections: &[ProfileSection], exists: impl Fn(&str) -> bool) -> Result<()> {
    let known = names(sections);
    for s in sections {
        let at = || Location::at(Some(s.file.clone()), s.line).in_section(&format!("{PREFIX}{}", s.engine));
        if s.engine.is_empty() {
            return Err(at().error("an engine profile section needs a name: [engine:NAME] or [engine:NAME SECTION]"));
        }
        if let Some(target) = &s.target {
            if !known.contains(&s.engine) {
                return Err(at().error(format!(
                    "overrides [{target}] for the engine profile {:?}, which no [{PREFIX}{}] section defines",
                    s.engine, s.engine
                )));
            }
            if !exists(target) {
                return Err(at().error(format!("overrides [{target}], but no file defines that section")));
            }
        }
    }
    Ok(())
}

/// The overrides of profile `engine` for `target` (None: for DEFAULTS), in file order.
pub fn overrides<'a>(
    sections: &'a [ProfileSection],
    engine: &'a str,
    target: Option<&'a str>,
) -> impl Iterator<Item = &'a Override> {
    sections
        .iter()
        .filter(move |s| s.engine == engine && s.target.as_deref() == target)
        .flat_map(|s| s.options.iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(name: &str, opts: &[(&str, &str)]) -> ProfileSection {
        let (engine, target) = parse_name(name).unwrap();
        ProfileSection {
            engine,
            target,
            file: PathBuf::from("engines/x.ini"),
            line: 1,
            options: opts
                .iter()
                .map(|(k, v)| Override {
                    name: (*k).to_owned(),
                    value: (*v).to_owned(),
                    file: PathBuf::from("engines/x.ini"),
                    line: 2,
                    doc: None,
                })
                .collect(),
        }
    }

    #[test]
    fn names_split_engine_and_target() {
        assert_eq!(parse_name("engine:podman"), Some(("podman".into(), None)));
        assert_eq!(
            parse_name("engine:podman docker_cli/rmi"),
            Some(("podman".into(), Some("docker_cli/rmi".into())))
        );
        assert_eq!(parse_name("docker_cli/rmi"), None);
    }

    #[test]
    fn choice_prefers_the_request_then_the_option_then_docker() {
        let all = [section("engine:docker", &[]), section("engine:podman", &[])];
        let at = Location::default;
        assert_eq!(choose(&all, Some("podman"), Some("docker"), at()).unwrap(), "podman");
        assert_eq!(choose(&all, None, Some("podman"), at()).unwrap(), "podman");
        assert_eq!(choose(&all, Some(" "), None, at()).unwrap(), "docker");
        let err = choose(&all, Some("rkt"), None, at()).unwrap_err().to_string();
        assert!(
            err.contains("\"rkt\"") && err.contains("known: docker, podman"),
            "{err}"
        );
    }

    #[test]
    fn targets_must_exist_and_belong_to_a_profile() {
        let ok = [
            section("engine:podman", &[]),
            section("engine:podman a/b", &[("x", "1")]),
        ];
        assert!(check_targets(&ok, |s| s == "a/b").is_ok());
        let err = check_targets(&ok, |_| false).unwrap_err().to_string();
        assert!(err.contains("no file defines that section"), "{err}");
        let orphan = [section("engine:rkt a/b", &[])];
        let err = check_targets(&orphan, |_| true).unwrap_err().to_string();
        assert!(err.contains("which no [engine:rkt] section defines"), "{err}");
        assert_eq!(overrides(&ok, "podman", Some("a/b")).count(), 1);
        assert_eq!(overrides(&ok, "podman", None).count(), 0);
    }
}
