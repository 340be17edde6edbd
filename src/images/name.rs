//! Full image names, `[registry_hostname[:port]/][user_name/](repository_name[:version_tag])`:
//! splitting one into its parts, and joining parts into one.

use crate::{Error, Result};

/// The pattern of a full image name (groups `repo_addr`, `user`, `repo`, `tag`), in Python `re`
/// syntax: the original's `DockerImage.repo_split_p` is compiled from it. The core itself splits
/// names with the one-pass scanner of [`split_to_component_ref`], which matches the same names.
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

/// Byte classes of the name grammar: a character of a repository name or tag.
const NAME: u8 = 1;
/// A character of a user name (a name character or `+`).
const USER: u8 = 2;

/// The class bits of every byte value.
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut c: u8 = 0;
    loop {
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.' {
            table[c as usize] = NAME | USER;
        } else if c == b'+' {
            table[c as usize] = USER;
        }
        if c == u8::MAX {
            break table;
        }
        c += 1;
    }
};

/// True when every byte of `bytes` has the class bit `class`; written as a fold without early
/// exit so that the loop over a short name has no branch per byte.
fn all_of(bytes: &[u8], class: u8) -> bool {
    bytes.iter().fold(class, |acc, &b| acc & CLASS[usize::from(b)]) == class
}

/// `repository[:tag]`: a non-empty repository of name characters, then optionally `:` and a
/// (possibly empty) tag of name characters.
fn repo_and_tag(text: &str) -> Option<(&str, Option<&str>)> {
    let bytes = text.as_bytes();
    match bytes.iter().position(|&b| b == b':') {
        None => (!bytes.is_empty() && all_of(bytes, NAME)).then_some((text, None)),
        Some(colon) => {
            let ok = colon > 0 && all_of(&bytes[..colon], NAME) && all_of(&bytes[colon + 1..], NAME);
            ok.then(|| (&text[..colon], Some(&text[colon + 1..])))
        }
    }
}

/// `text.trim()`, without the Unicode-aware search when the first and last bytes are printable
/// ASCII (the usual case).
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
/// `/`. No regular expression and no allocation: the last two `/` are found from the end, and each
/// part is checked once against a table of byte classes.
pub fn split_to_component_ref(full_name: &str) -> Result<NamePartsRef<'_>> {
    let name = trim(full_name);
    let name = name.strip_suffix(":<none>").unwrap_or(name);
    if name == "<none>" {
        return Ok(NamePartsRef::default());
    }
    let bad = || Error::FullNameFormat(full_name.to_string());
    let bytes = name.as_bytes();
    // The user, repository and tag admit no whitespace (their byte classes leave it out), so only
    // the address, which may be any other text, is checked for it once it is known.
    let mut parts = NamePartsRef::default();
    let Some(last) = bytes.iter().rposition(|&b| b == b'/') else {
        (parts.repo, parts.tag) = repo_and_tag(name).map(|(r, t)| (Some(r), t)).ok_or_else(bad)?;
        return Ok(parts);
    };
    let (repo, tag) = repo_and_tag(&name[last + 1..]).ok_or_else(bad)?;
    (parts.repo, parts.tag) = (Some(repo), tag);
    let second = bytes[..last].iter().rposition(|&b| b == b'/');
    let (addr, user) = match second.filter(|&s| s > 0 && s + 1 < last && all_of(&bytes[s + 1..last], USER)) {
        Some(s) => (&name[..s], Some(&name[s + 1..last])),
        None if last > 0 => (&name[..last], None),
        None => return Err(bad()),
    };
    if has_whitespace(addr) {
        return Err(bad());
    }
    match user {
        Some(_) => (parts.repo_addr, parts.user) = (Some(addr), user),
        // An address without a port and without a dot is a user.
        None if addr.bytes().any(|b| b == b':' || b == b'.') => parts.repo_addr = Some(addr),
        None => parts.user = Some(addr),
    }
    Ok(parts)
}

/// Whether `text` holds whitespace (as `char::is_whitespace` says, which counts the vertical
/// tab). Every ASCII whitespace byte is at most b' ', and any other whitespace is not ASCII, so
/// the characters are looked at only when such a byte occurs (`b - 0x21` wraps below b'!' and
/// reaches 0x5f at 0x80).
fn has_whitespace(text: &str) -> bool {
    let suspect = text
        .bytes()
        .fold(0u8, |acc, b| acc | u8::from(b.wrapping_sub(0x21) >= 0x5f))
        != 0;
    suspect && text.chars().any(char::is_whitespace)
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
