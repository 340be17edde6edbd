//! Finding the suite directory: the directory that holds the `control` file.
//!
//! The original read its config from the parent of the package directory. Here the config belongs
//! to the suite, which is found, in this order, from an explicit directory, from the
//! `DOCKERTEST_SUITE_DIR` environment variable, or by walking up from a start path (the current
//! test's directory, then the package's own location so the repository works in place).
//!
//! Rule: a directory is a suite directory when it holds a `control` file **or** a
//! `config_defaults/` directory. The second marker lets a checkout work before it has a `control`
//! file and lets a config-only tree be loaded; walking up stops at the nearest directory with either.
//!
//! ```
//! use dockertest::config::suite::is_suite_dir;
//! assert!(!is_suite_dir(std::path::Path::new("/nonexistent")));
//! ```

use std::path::{Path, PathBuf};

use super::{Location, CONFIG_DEFAULTS};
use crate::Result;

/// The environment variable that names the suite directory.
pub const SUITE_DIR_ENV: &str = "DOCKERTEST_SUITE_DIR";
/// The environment variable that names the user's config directory, used in place of the suite's
/// own `config_custom/` (an installed suite's is read-only and holds only the example).
pub const CONFIG_CUSTOM_ENV: &str = "DOCKERTEST_CONFIG_CUSTOM";
/// The Autotest control file that marks a suite directory.
pub const CONTROL: &str = "control";

/// Whether `dir` holds a `control` file or a `config_defaults/` directory.
pub fn is_suite_dir(dir: &Path) -> bool {
    dir.join(CONTROL).is_file() || dir.join(CONFIG_DEFAULTS).is_dir()
}

/// The nearest suite directory at or above `start` (a file's own directory when `start` is a file).
pub fn find_up(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    start
        .ancestors()
        .find(|dir| dir.is_dir() && is_suite_dir(dir))
        .map(Path::to_path_buf)
}

/// Resolves the suite directory from, in order, `explicit`, `env` (the value of
/// [`SUITE_DIR_ENV`], ignored when empty), then walking up from each of `starts`.
pub fn resolve(explicit: Option<&Path>, env: Option<&str>, starts: &[PathBuf]) -> Result<PathBuf> {
    let named = |dir: &Path, source: &str| -> Result<PathBuf> {
        if is_suite_dir(dir) {
            Ok(std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()))
        } else {
            let at = Location::file(dir.to_path_buf());
            Err(at.error(format!(
                "{source} is not a suite directory: it holds neither a '{CONTROL}' file nor a '{CONFIG_DEFAULTS}' directory"
            )))
        }
    };
    if let Some(dir) = explicit {
        return named(dir, "the suite directory given");
    }
    if let Some(dir) = env.filter(|d| !d.is_empty()) {
        return named(Path::new(dir), &format!("{SUITE_DIR_ENV}={dir}"));
    }
    if let Some(found) = starts.iter().find_map(|s| find_up(s)) {
        return Ok(found);
    }
    let tried: Vec<String> = starts.iter().map(|s| s.display().to_string()).collect();
    Err(Location::default().error(format!(
        "no suite directory found: pass one, set {SUITE_DIR_ENV}, or run from inside a suite (walked up from: {})",
        if tried.is_empty() {
            "nothing".to_owned()
        } else {
            tried.join(", ")
        }
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dockertest-suite-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("subtests/docker_cli/version")).unwrap();
        dir
    }

    #[test]
    fn walks_up_to_control_or_config_defaults() {
        let dir = tmp("walk");
        let deep = dir.join("subtests/docker_cli/version");
        assert!(find_up(&deep).is_none_or(|p| !p.starts_with(&dir)));
        std::fs::write(dir.join(CONTROL), "").unwrap();
        assert_eq!(find_up(&deep).unwrap(), dir);
        assert_eq!(find_up(&deep.join("version.py")).unwrap(), dir);
        std::fs::create_dir(deep.join(CONFIG_DEFAULTS)).unwrap();
        assert_eq!(find_up(&deep).unwrap(), deep, "the nearest suite directory wins");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn explicit_then_env_then_starts() {
        let dir = tmp("order");
        std::fs::write(dir.join(CONTROL), "").unwrap();
        let start = vec![dir.join("subtests")];
        assert_eq!(resolve(None, None, &start).unwrap(), dir);
        assert_eq!(resolve(None, Some(""), &start).unwrap(), dir);
        assert_eq!(resolve(Some(&dir), Some("/nonexistent"), &[]).unwrap(), dir);
        let err = resolve(None, Some("/nonexistent"), &start).unwrap_err().to_string();
        assert_eq!(
            err,
            "file /nonexistent: DOCKERTEST_SUITE_DIR=/nonexistent is not a suite directory: \
             it holds neither a 'control' file nor a 'config_defaults' directory"
        );
        let err = resolve(Some(&dir.join("subtests")), None, &[]).unwrap_err().to_string();
        assert!(
            err.contains("the suite directory given is not a suite directory"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
        let err = resolve(None, None, &[PathBuf::from("/nonexistent/x")])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("config: no suite directory found"), "{err}");
        assert!(err.ends_with("(walked up from: /nonexistent/x)"), "{err}");
    }
}
