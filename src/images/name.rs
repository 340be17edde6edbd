//! Full image names, `[registry_hostname[:port]/][user_name/](repository_name[:version_tag])`:
//! splitting one into its parts, and joining parts into one.

use super::scan::{scan, Scan};
use crate::{Error, Result};

/// The pattern of a full image name (groups `repo_addr`, `user`, `repo`, `tag`), in Python `re`
/// syntax: the original's `DockerImage.repo_split_p` is compiled from it. The core itself splits
/// names with the scanner of [`split_to_component_ref`], which matches the same names.
pub const FULL_NAME_PATTERN: &str = concat!(
    r"^(?:(?P<repo_addr>\S+?(?::\d+)?)/)?",
    r"(?:(?P<user>[A-Za-z0-9_\-.+]+)/)?",
    r"(?P<repo>[A-Za-z0-9_\-.]+)",
    r"(?::(?P<tag>[A-Za-z0-9_\-.]*))?$"
);

/// The four parts of an image name; `repo` is `None` for an image without a name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct NameParts {
    /// Repository name.
    pub repo: Option<String>,
    /// Tag (`Some("")` for a name ending in `:`).
    pub tag: Option<String>,
    /// Registry host, with its port if any.
    pub repo_addr: Option<String>,
    /// User (namespace) name.
    pub user: Option<String>,
}

/// The four parts of an image name borrowed from the name itself: what
/// [`split_to_component_ref`] returns, so that a caller can copy each part once, where it needs it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NamePartsRef<'a> {
    /// Repository name.
    pub repo: Option<&'a str>,
    /// Tag (`Some("")` for a name ending in `:`).
    pub tag: Option<&'a str>,
    /// Registry host, with its port if any.
    pub repo_addr: Option<&'a str>,
    /// User (namespace) name.
    pub user: Option<&'a str>,
}

impl NamePartsRef<'_> {
    /// The parts as owned strings.
    pub fn to_owned_parts(&self) -> NameParts {
        let own = |v: Option<&str>| v.map(str::to_string);
        NameParts {
            repo: own(self.repo),
            tag: own(self.tag),
            repo_addr: own(self.repo_addr),
            user: own(self.user),
        }
    }
}

/// `repository[:tag]` from the segment after the last `/`, given how [`scan`] found it: a
/// non-empty repository of name characters, then optionally `:` and a (possibly empty) tag of
/// name characters. `start` is where the segment starts in the name.
#[inline]
fn repo_and_tag<'a>(segment: &'a str, start: usize, scan: &Scan) -> Option<(&'a str, Option<&'a str>)> {
    if !scan.tail_name || scan.many_colons || segment.is_empty() {
        return None;
    }
    match scan.tail_colon {
        None => Some((segment, None)),
        Some(colon) if colon > start => Some((&segment[..colon - start], Some(&segment[colon - start + 1..]))),
        Some(_) => None,
    }
}

/// `text.trim()`, without the Unicode-aware search when the first and last bytes are printable
/// ASCII (the usual case).
#[inline]
fn trim(text: &str) -> &str {
    let printable = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x7f);
    if printable(text.as_bytes().first()) && printable(text.as_bytes().last()) {
        text
    } else {
        text.trim()
    }
}

/// Splits a full image name. `None`, `<none>` and `<none>:<none>` give four `None`s; a `<none>`
/// tag is `None`; an address without a port and without a dot (`localhost/repo`) is a user.
pub fn split_to_component(full_name: &str) -> Result<NameParts> {
    split_to_component_ref(full_name).map(|p| p.to_owned_parts())
}

/// [`split_to_component`] without copying: the parts are slices of `full_name`.
///
/// The grammar is `[address/][user/]repository[:tag]`, where the address is any text without
/// whitespace, the user is made of letters, digits and `_-.+`, and the repository and tag of
/// letters, digits and `_-.`. When both readings fit, the shorter address wins (as a lazy regular
/// expression would choose): with two or more `/`, the address is everything before the
/// second-to-last `/` if the rest is `user/repository[:tag]`, else everything before the last
/// `/`. No regular expression and no allocation: one look at the bytes finds the last two `/`
/// and the byte classes of the segments around them.
pub fn split_to_component_ref(full_name: &str) -> Result<NamePartsRef<'_>> {
    let name = trim(full_name);
    let name = name.strip_suffix(":<none>").unwrap_or(name);
    if name == "<none>" {
        return Ok(NamePartsRef::default());
    }
    let bad = || Error::FullNameFormat(full_name.to_string());
    let scan = scan(name.as_bytes());
    let mut parts = NamePartsRef::default();
    let Some(last) = scan.last else {
        (parts.repo, parts.tag) = repo_and_tag(name, 0, &scan)
            .map(|(r, t)| (Some(r), t))
            .ok_or_else(bad)?;
        return Ok(parts);
    };
    let (repo, tag) = repo_and_tag(&name[last + 1..], last + 1, &scan).ok_or_else(bad)?;
    (parts.repo, parts.tag) = (Some(repo), tag);
    let user_fits = |s: usize| s > 0 && s + 1 < last && scan.middle_user;
    let (addr, user) = match scan.second.filter(|&s| user_fits(s)) {
        Some(s) => (&name[..s], Some(&name[s + 1..last])),
        None if last > 0 => (&name[..last], None),
        None => return Err(bad()),
    };
    // The user, repository and tag admit no whitespace (their byte classes leave it out), so only
    // the address, which may be any other text, can hold some; its characters are looked at only
    // when the name holds a byte that may belong to whitespace.
    if scan.odd && addr.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    match user {
        Some(_) => (parts.repo_addr, parts.user) = (Some(addr), user),
        // An address without a port and without a dot is a user.
        None if scan.host_before_last => parts.repo_addr = Some(addr),
        None => parts.user = Some(addr),
    }
    Ok(parts)
}

/// Joins the parts as `addr/` + `user/` + `repo` + `:tag`; `None` when there is no repository.
pub fn full_name_from_component(parts: &NameParts) -> Option<String> {
    let repo = parts.repo.as_deref()?;
    let mut out = String::new();
    for prefix in [&parts.repo_addr, &parts.user].into_iter().flatten() {
        out.push_str(prefix);
        out.push('/');
    }
    out.push_str(repo);
    if let Some(tag) = &parts.tag {
        out.push(':');
        out.push_str(tag);
    }
    Some(out)
}

/// Builds the default test image's name from the four DEFAULTS options (`docker_repo_name`,
/// `docker_repo_tag`, `docker_registry_host`, `docker_registry_user`); empty values count as
/// missing, and a result shorter than `min_length` is an error.
pub fn full_name_from_defaults(parts: &NameParts, min_length: usize) -> Result<String> {
    let clean = |v: &Option<String>| v.as_ref().filter(|v| !v.trim().is_empty()).cloned();
    let parts = NameParts {
        repo: clean(&parts.repo),
        tag: clean(&parts.tag),
        repo_addr: clean(&parts.repo_addr),
        user: clean(&parts.user),
    };
    let name = full_name_from_component(&parts).unwrap_or_default();
    if name.chars().count() < min_length {
        return Err(Error::Value(format!(
            "the default image name {name:?} built from docker_registry_host, docker_registry_user, \
             docker_repo_name and docker_repo_tag is shorter than {min_length} characters"
        )));
    }
    Ok(name)
}
