//! Loading a suite's whole configuration: every ini file, layered, interpolated and typed.
//!
//! - Every `*.ini` file whose name does not start with `.` is read, first under `config_defaults/`,
//!   then under `config_custom/`, recursively and in sorted path order, so the result never depends
//!   on the filesystem. `control.ini` at the top of either tree belongs to the control file and is
//!   skipped; other files are skipped with a warning (README files silently).
//! - `[DEFAULTS]` lives in `defaults.ini` at the top of a tree: the bundled one is required, and a
//!   custom one is merged over it key by key. `[DEFAULTS]` anywhere else is an error.
//! - A section defined again in a later file replaces the earlier one as a whole. Within one file a
//!   repeated section merges and a repeated option keeps its later value, each with a warning
//!   (see [`ini`]).
//! - Which directories and which DEFAULTS file are read is a [`Layout`]: the suite's own by default,
//!   or what a caller chose (the original's `CONFIGDEFAULT`, `CONFIGCUSTOMS` and `DEFAULTSFILE`).
//! - Loading is linear in the number of options, and [`Config::load_with`] asks a caller-supplied
//!   check every [`ini::CHECK_EVERY`] lines or options whether to stop (Ctrl-C in the bindings).
//! - Every value of every section is expanded and typed at load time, so a bad reference anywhere
//!   is reported at once, with its file, line, section and option, and never half-loaded.
//!
//! ```no_run
//! let config = dockertest::config::Config::load(std::path::Path::new(".")).unwrap();
//! assert!(config.section("DEFAULTS").is_some());
//! ```

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::engine::{self, ProfileSection};
use super::interpolate::{Expander, Scope};
use super::value::{Kind, Value};
use super::{ini, Location, CONFIG_CUSTOM, CONFIG_DEFAULTS, CONTROL_FILE, DEFAULTS_FILE, DEFAULTS_SECTION};
use crate::images::parts::{name_part_problem, NamePart};
use crate::{version, Result};

/// One option of a loaded section.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The value as written (continuation lines joined), before interpolation.
    pub raw: String,
    /// The value after `%(option)s` interpolation.
    pub text: String,
    /// The typed value of [`Entry::text`].
    pub value: Value,
    /// The file that set it.
    pub file: PathBuf,
    /// The line that set it.
    pub line: usize,
    /// Its `#:` documentation, if any.
    pub doc: Option<String>,
    /// Whether the value comes from DEFAULTS rather than the section itself.
    pub from_defaults: bool,
}

/// A loaded section: its own options in file order, then the DEFAULTS it does not override.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The section name, e.g. `docker_cli/version`.
    pub name: String,
    /// The file that defined it (for DEFAULTS, the bundled `defaults.ini`).
    pub file: PathBuf,
    /// The line of its header.
    pub line: usize,
    /// Option name → entry, in order.
    pub entries: Vec<(String, Entry)>,
}

impl Section {
    /// The entry for `option` (any case).
    pub fn get(&self, option: &str) -> Option<&Entry> {
        let option = option.to_lowercase();
        self.entries.iter().find(|(k, _)| *k == option).map(|(_, e)| e)
    }

    /// Whether the subtest this section configures is enabled: `enable = no` (or `false`, `off`,
    /// `0`) turns it off; a section without `enable` is on. Loading has checked the value.
    pub fn enabled(&self) -> bool {
        match self.get("enable").map(|e| &e.value) {
            Some(Value::Bool(b)) => *b,
            Some(Value::Int(i)) => *i != 0,
            _ => true,
        }
    }

    /// Reads `option` as `kind`; the error names the file, line, section and option.
    pub fn get_as(&self, option: &str, kind: Kind) -> Result<Value> {
        let Some(entry) = self.get(option) else {
            let at = Location::file(self.file.clone());
            return Err(at
                .in_section(&self.name)
                .with_option(&option.to_lowercase())
                .error("no such option"));
        };
        Value::read_as(&entry.text, kind).map_err(|msg| entry_at(entry, &self.name, option).error(msg))
    }
}

fn entry_at(entry: &Entry, section: &str, option: &str) -> Location {
    Location::at(Some(entry.file.clone()), entry.line)
        .in_section(section)
        .with_option(&option.to_lowercase())
}

/// The whole configuration of one suite directory.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The suite directory it was loaded from.
    pub suite_dir: PathBuf,
    /// The ini files read, in the order they were read.
    pub files: Vec<PathBuf>,
    /// Sections by name, `DEFAULTS` included.
    pub sections: BTreeMap<String, Section>,
    /// Things worth a warning that did not stop loading (skipped files, replaced sections).
    pub warnings: Vec<String>,
    /// The engine profile laid over the sections (see [`engine`]).
    pub engine: String,
    /// Every engine profile the files define, sorted.
    pub engines: Vec<String>,
}

/// A raw option with where it came from.
#[derive(Debug, Clone)]
struct RawOption {
    name: String,
    value: String,
    file: PathBuf,
    line: usize,
    doc: Option<String>,
}

impl RawOption {
    fn into_override(self) -> engine::Override {
        engine::Override {
            name: self.name,
            value: self.value,
            file: self.file,
            line: self.line,
            doc: self.doc,
        }
    }

    fn from_override(o: &engine::Override) -> RawOption {
        RawOption {
            name: o.name.clone(),
            value: o.value.clone(),
            file: o.file.clone(),
            line: o.line,
            doc: o.doc.clone(),
        }
    }
}

struct RawSection {
    file: PathBuf,
    tree: usize,
    line: usize,
    options: Vec<RawOption>,
}

fn raw_options(section: ini::IniSection, file: &Path) -> Vec<RawOption> {
    let to_raw = |o: ini::IniOption| RawOption {
        name: o.name,
        value: o.value,
        file: file.to_path_buf(),
        line: o.line,
        doc: o.doc,
    };
    section.options.into_iter().map(to_raw).collect()
}

/// Where a configuration is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The suite directory (recorded in [`Config::suite_dir`]).
    pub suite_dir: PathBuf,
    /// The bundled config directory, which must exist.
    pub defaults_dir: PathBuf,
    /// The user config directory, which may be missing.
    pub custom_dir: PathBuf,
    /// The name of the file, at the top of either directory, that holds `[DEFAULTS]`.
    pub defaults_file: String,
}

impl Layout {
    /// The suite's own layout: `config_defaults/`, `config_custom/` and `defaults.ini`.
    pub fn suite(suite_dir: &Path) -> Layout {
        Layout::new(
            suite_dir,
            Path::new(CONFIG_DEFAULTS),
            Path::new(CONFIG_CUSTOM),
            DEFAULTS_FILE,
        )
    }

    /// A layout with the directories a caller chose; relative ones are taken from `suite_dir`.
    pub fn new(suite_dir: &Path, defaults_dir: &Path, custom_dir: &Path, defaults_file: &str) -> Layout {
        Layout {
            suite_dir: suite_dir.to_path_buf(),
            defaults_dir: suite_dir.join(defaults_dir),
            custom_dir: suite_dir.join(custom_dir),
            defaults_file: defaults_file.to_owned(),
        }
    }
}

impl Layout {
    /// An error naming the bundled config directory when it does not exist.
    fn check_defaults_dir(&self) -> Result<()> {
        if self.defaults_dir.is_dir() {
            return Ok(());
        }
        let at = Location::file(self.defaults_dir.clone());
        Err(at.error(if self.defaults_dir == self.suite_dir.join(CONFIG_DEFAULTS) {
            "the suite directory has no config_defaults directory"
        } else {
            "the bundled config directory chosen for this load does not exist"
        }))
    }
}

impl Config {
    /// Loads every ini file of the suite in `suite_dir`, with its own `config_custom/` and the engine
    /// profile its DEFAULTS name.
    pub fn load(suite_dir: &Path) -> Result<Config> {
        Config::load_with(&Layout::suite(suite_dir), None, &|| false)
    }

    /// Loads every ini file of `layout`, with the engine profile `engine` when given (else the one
    /// its DEFAULTS name) laid over DEFAULTS and the subtest sections; `stop` is asked every
    /// [`ini::CHECK_EVERY`] lines (and options) whether to give up, which ends the load with an
    /// [`ini::INTERRUPTED`] error.
    pub fn load_with(layout: &Layout, engine: Option<&str>, stop: &dyn Fn() -> bool) -> Result<Config> {
        layout.check_defaults_dir()?;
        let mut warnings = Vec::new();
        let trees = [layout.defaults_dir.clone(), layout.custom_dir.clone()];
        let mut files = Vec::new();
        let mut defaults: Vec<RawOption> = Vec::new();
        let mut have_defaults = false;
        let mut defaults_line = 1;
        let mut raw: BTreeMap<String, RawSection> = BTreeMap::new();
        let mut profiles: Vec<ProfileSection> = Vec::new();
        for (tree, root) in trees.iter().enumerate() {
            for file in ini_files(root, &mut warnings)? {
                let bytes = std::fs::read(&file)
                    .map_err(|e| Location::file(file.clone()).error(format!("cannot read the file: {e}")))?;
                let top = file.parent() == Some(root.as_path());
                let parsed = ini::parse_file(&bytes, Some(&file), stop)?;
                warnings.extend(parsed.warnings);
                for section in parsed.sections {
                    if section.name == DEFAULTS_SECTION {
                        if !(top && file.file_name().is_some_and(|n| *n == *layout.defaults_file)) {
                            return Err(Location::at(Some(file.clone()), section.line)
                                .in_section(DEFAULTS_SECTION)
                                .error(
                                    "[DEFAULTS] belongs in defaults.ini at the top of config_defaults or config_custom",
                                ));
                        }
                        if tree == 0 {
                            have_defaults = true;
                            defaults_line = section.line;
                        } else if !section.options.iter().any(|o| o.name == "config_version") {
                            warnings.push(unversioned_custom_defaults(&file));
                        }
                        merge_defaults(&mut defaults, raw_options(section, &file));
                        continue;
                    }
                    let (name, line) = (section.name.clone(), section.line);
                    if let Some((engine, target)) = engine::parse_name(&name) {
                        let options = raw_options(section, &file).into_iter().map(RawOption::into_override);
                        profiles.push(ProfileSection {
                            engine,
                            target,
                            file: file.clone(),
                            line,
                            options: options.collect(),
                        });
                        continue;
                    }
                    let new = RawSection {
                        file: file.clone(),
                        tree,
                        line,
                        options: raw_options(section, &file),
                    };
                    if let Some(old) = raw.insert(name.clone(), new) {
                        if old.tree == tree {
                            warnings.push(format!(
                                "section [{name}] of {} replaces the one of {}",
                                file.display(),
                                old.file.display()
                            ));
                        }
                    }
                }
                files.push(file);
            }
        }
        let defaults_file = trees[0].join(&layout.defaults_file);
        if !have_defaults {
            let at = Location::file(defaults_file);
            return Err(
                at.error("the bundled DEFAULTS are missing: this file must exist and hold a [DEFAULTS] section")
            );
        }
        let at = (defaults_file.clone(), defaults_line);
        let (chosen, engines) = apply_profile(&profiles, engine, &mut defaults, &mut raw, at)?;
        let mut sections = BTreeMap::new();
        // DEFAULTS resolve as a section of their own, with nothing behind them.
        let defaults_section = RawSection {
            file: defaults_file,
            tree: 0,
            line: defaults_line,
            options: defaults.clone(),
        };
        sections.insert(
            DEFAULTS_SECTION.to_owned(),
            resolve(DEFAULTS_SECTION, &defaults_section, &[], stop)?,
        );
        for (name, section) in &raw {
            sections.insert(name.clone(), resolve(name, section, &defaults, stop)?);
        }
        Ok(Config {
            suite_dir: layout.suite_dir.clone(),
            files,
            sections,
            warnings,
            engine: chosen,
            engines,
        })
    }

    /// The section called `name`, if any file defines it.
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.get(name)
    }
}

/// Lays the chosen engine profile (`requested`, else the DEFAULTS option) over `defaults` and the
/// sections of `raw`; returns the profile's name and every profile's name. `at` is the bundled
/// DEFAULTS file and line, where the option is reported as set when it was not.
fn apply_profile(
    profiles: &[ProfileSection],
    requested: Option<&str>,
    defaults: &mut Vec<RawOption>,
    raw: &mut BTreeMap<String, RawSection>,
    at: (PathBuf, usize),
) -> Result<(String, Vec<String>)> {
    let (defaults_file, defaults_line) = at;
    engine::check_targets(profiles, |name| raw.contains_key(name))?;
    let configured = defaults.iter().find(|o| o.name == engine::OPTION).cloned();
    let at = configured.as_ref().map_or_else(
        || Location::file(defaults_file.clone()),
        |o| Location::at(Some(o.file.clone()), o.line),
    );
    let chosen = engine::choose(profiles, requested, configured.as_ref().map(|o| o.value.as_str()), at)?;
    let engines = engine::names(profiles);
    let laid = engine::overrides(profiles, &chosen, None).map(RawOption::from_override);
    merge_defaults(defaults, laid.collect());
    // The DEFAULTS option names the profile in use, wherever the choice came from.
    if !engines.is_empty() && configured.is_none_or(|o| o.value.trim() != chosen.as_str()) {
        let named = RawOption {
            name: engine::OPTION.to_owned(),
            value: chosen.clone(),
            file: defaults_file,
            line: defaults_line,
            doc: None,
        };
        merge_defaults(defaults, vec![named]);
    }
    for (name, section) in raw {
        let laid = engine::overrides(profiles, &chosen, Some(name)).map(RawOption::from_override);
        merge_defaults(&mut section.options, laid.collect());
    }
    Ok((chosen, engines))
}

/// Merges `new` DEFAULTS over `into` key by key; a new value without a `#:` doc keeps the old doc.
fn merge_defaults(into: &mut Vec<RawOption>, new: Vec<RawOption>) {
    let mut index: HashMap<String, usize> = into.iter().enumerate().map(|(i, o)| (o.name.clone(), i)).collect();
    for mut option in new {
        if let Some(&at) = index.get(&option.name) {
            let old = &mut into[at];
            if option.doc.is_none() {
                option.doc = old.doc.take();
            }
            *old = option;
        } else {
            index.insert(option.name.clone(), into.len());
            into.push(option);
        }
    }
}

/// Expands, types and checks one section (its own options, then the DEFAULTS it lacks).
fn resolve(name: &str, section: &RawSection, defaults: &[RawOption], stop: &dyn Fn() -> bool) -> Result<Section> {
    let pairs = |opts: &[RawOption]| {
        opts.iter()
            .map(|o| (o.name.clone(), o.value.clone()))
            .collect::<Vec<_>>()
    };
    let (own, global) = (pairs(&section.options), pairs(defaults));
    let scope = Scope::new(&own, &global);
    let mut expander = Expander::new(&scope);
    let own_names: HashSet<&str> = section.options.iter().map(|o| o.name.as_str()).collect();
    let inherited = defaults.iter().filter(|o| !own_names.contains(o.name.as_str()));
    let origin = |option: &str| section.options.iter().chain(defaults).find(|o| o.name == option);
    let mut entries = Vec::new();
    for (count, option) in section.options.iter().chain(inherited).enumerate() {
        if count % ini::CHECK_EVERY == 0 && count > 0 && stop() {
            return Err(Location::file(section.file.clone()).error(ini::INTERRUPTED));
        }
        let text = expander.expand(&option.name).map_err(|err| {
            let holder = origin(&err.option).unwrap_or(option);
            Location::at(Some(holder.file.clone()), holder.line)
                .in_section(name)
                .with_option(&err.option)
                .error(err.message)
        })?;
        let entry = Entry {
            value: Value::typed(&text),
            raw: option.value.clone(),
            text,
            file: option.file.clone(),
            line: option.line,
            doc: option.doc.clone(),
            from_defaults: !own_names.contains(option.name.as_str()),
        };
        check(&entry, name, &option.name)?;
        entries.push((option.name.clone(), entry));
    }
    Ok(Section {
        name: name.to_owned(),
        file: section.file.clone(),
        line: section.line,
        entries,
    })
}

/// The warning for a custom `defaults.ini` without `config_version`: the version check is what
/// catches a custom config written for an older release, and this one escapes it.
fn unversioned_custom_defaults(file: &Path) -> String {
    format!(
        "file {}, section [{DEFAULTS_SECTION}]: no config_version option, so this custom config is never checked \
         against the library version (API {}); add 'config_version = {}' once it is up to date with the bundled defaults",
        file.display(),
        crate::PACKAGE_VERSION,
        crate::PACKAGE_VERSION
    )
}

/// The load-time checks of the options whose meaning the framework relies on.
fn check(entry: &Entry, section: &str, option: &str) -> Result<()> {
    let bad = |msg: String| Err(entry_at(entry, section, option).error(msg));
    match option {
        "config_version" => {
            let text = entry.text.trim();
            if !text.is_empty() && text != version::NOVERSIONCHECK && version::parse(text).is_err() {
                return bad(format!(
                    "config_version must be x.y.z (three whole numbers, each 0-255) or {}, not {text:?}",
                    version::NOVERSIONCHECK
                ));
            }
        }
        "docker_timeout" => {
            let text = entry.text.trim();
            if !text.parse::<f64>().is_ok_and(|t| t.is_finite() && t > 0.0) {
                return bad(format!(
                    "docker_timeout must be a number of seconds above 0, not {text:?}"
                ));
            }
        }
        "docker_registry_host" | "docker_registry_user" | "docker_repo_name" | "docker_repo_tag" => {
            let part = match option {
                "docker_registry_host" => NamePart::Registry,
                "docker_registry_user" => NamePart::User,
                "docker_repo_name" => NamePart::Repository,
                _ => NamePart::Tag,
            };
            if let Some(problem) = name_part_problem(part, entry.text.trim()) {
                return bad(problem);
            }
        }
        "enable" if !matches!(entry.value, Value::Bool(_) | Value::Int(0 | 1)) => {
            return bad(format!(
                "enable must be a boolean (yes/no, true/false, on/off, 1/0), not {:?}",
                entry.text
            ));
        }
        _ => {}
    }
    Ok(())
}

/// The ini files under `root` (which may be missing), in sorted path order.
fn ini_files(root: &Path, warnings: &mut Vec<String>) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if root.is_dir() {
        let mut seen = HashSet::new();
        walk(root, root, &mut seen, &mut files, warnings)?;
    }
    files.sort();
    Ok(files)
}

fn walk(
    root: &Path,
    dir: &Path,
    seen: &mut HashSet<PathBuf>,
    files: &mut Vec<PathBuf>,
    warnings: &mut Vec<String>,
) -> Result<()> {
    let unreadable =
        |e: std::io::Error| Location::file(dir.to_path_buf()).error(format!("cannot read the directory: {e}"));
    // Symbolic links are followed; a directory reached twice (a link loop) is read once.
    if !seen.insert(dir.canonicalize().map_err(unreadable)?) {
        return Ok(());
    }
    for item in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = item.map_err(unreadable)?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, seen, files, warnings)?;
        } else if path.extension().is_some_and(|e| e == "ini") {
            if !(dir == root && name == CONTROL_FILE) {
                files.push(path);
            }
        } else if !name.to_lowercase().starts_with("readme") {
            warnings.push(format!("skipped {}: not an .ini file", path.display()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
