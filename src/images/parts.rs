//! Whether a configured part of an image name (registry host, user, repository, tag) is one docker
//! accepts, so a bad value is reported as a config error naming its option instead of a failing
//! docker command later.
//!
//! ```
//! use dockertest::images::parts::{name_part_problem, NamePart};
//!
//! assert_eq!(name_part_problem(NamePart::Repository, "busybox"), None);
//! assert!(name_part_problem(NamePart::Repository, "Busy Box").is_some());
//! ```

use std::sync::LazyLock;

use regex::Regex;

/// A part of `[registry_hostname[:port]/][user_name/](repository_name[:version_tag])`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamePart {
    /// `registry_hostname[:port]`.
    Registry,
    /// `user_name` (a path component).
    User,
    /// `repository_name` (a path component).
    Repository,
    /// `version_tag`.
    Tag,
}

static COMPONENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$").expect("valid regex"));
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$").expect("valid regex"));
static REGISTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")
        .expect("valid regex")
});

/// Why `text` cannot be `part` of an image name docker accepts; `None` when it can. An empty
/// value is accepted: the part is then left out of the name.
pub fn name_part_problem(part: NamePart, text: &str) -> Option<String> {
    if text.is_empty() {
        return None;
    }
    let (pattern, rule) = match part {
        NamePart::Registry => (&*REGISTRY, "a host name or IP address, optionally with :port"),
        NamePart::User | NamePart::Repository => (
            &*COMPONENT,
            "lower-case letters and digits, separated by '.', '_', '__' or dashes",
        ),
        NamePart::Tag => (
            &*TAG,
            "up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'",
        ),
    };
    if pattern.is_match(text) {
        None
    } else {
        Some(format!("{text:?} is not a valid image name part: it must be {rule}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_docker_accepts() {
        for (part, text) in [
            (NamePart::Registry, "localhost:5000"),
            (NamePart::Registry, "registry.example.org"),
            (NamePart::Registry, "[::1]:5000"),
            (NamePart::User, "dockertest"),
            (NamePart::Repository, "my-repo__x.y"),
            (NamePart::Tag, "v1.2_rc-3"),
            (NamePart::Tag, ""),
        ] {
            assert_eq!(name_part_problem(part, text), None, "{part:?} {text:?}");
        }
    }

    #[test]
    fn rejects_upper_case_spaces_and_bad_separators() {
        for (part, text) in [
            (NamePart::Repository, "BusyBox"),
            (NamePart::Repository, "busy box"),
            (NamePart::Repository, "-busybox"),
            (NamePart::User, "a..b"),
            (NamePart::Tag, ".hidden"),
            (NamePart::Tag, "a b"),
            (NamePart::Registry, "host:port"),
            (NamePart::Registry, "a b"),
        ] {
            let problem = name_part_problem(part, text).expect("rejected");
            assert!(problem.contains(&format!("{text:?}")), "{problem}");
        }
    }
}
