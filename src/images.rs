//! Docker images: full names (`[registry_hostname[:port]/][user_name/](repository_name[:version_tag])`),
//! the [`DockerImage`] model, and image listings parsed from `docker images` tables or
//! `--format '{{json .}}'` lines.
//!
//! `<none>` means "no name": in the repository or tag position it is read as `None`.
//!
//! ```
//! use dockertest::images::{full_name_from_component, split_to_component};
//!
//! let parts = split_to_component("host:5000/user/repo:tag").unwrap();
//! assert_eq!(parts.repo.as_deref(), Some("repo"));
//! assert_eq!(parts.repo_addr.as_deref(), Some("host:5000"));
//! assert_eq!(full_name_from_component(&parts).unwrap(), "host:5000/user/repo:tag");
//! ```

pub mod parts;

use serde_json::Value;

use crate::output::table::TableView;
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
    // Every ASCII whitespace byte is at most b' ', and any other whitespace is not ASCII: only when
    // such a byte occurs is the text checked character by character (as `char::is_whitespace`
    // says, which counts the vertical tab).
    // (`b - 0x21` wraps below b'!' and reaches 0x5f at 0x80.)
    let suspect = bytes
        .iter()
        .fold(0u8, |acc, &b| acc | u8::from(b.wrapping_sub(0x21) >= 0x5f))
        != 0;
    if suspect && name.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    let mut parts = NamePartsRef::default();
    let Some(last) = bytes.iter().rposition(|&b| b == b'/') else {
        (parts.repo, parts.tag) = repo_and_tag(name).map(|(r, t)| (Some(r), t)).ok_or_else(bad)?;
        return Ok(parts);
    };
    let (repo, tag) = repo_and_tag(&name[last + 1..]).ok_or_else(bad)?;
    (parts.repo, parts.tag) = (Some(repo), tag);
    let second = bytes[..last].iter().rposition(|&b| b == b'/');
    match second.filter(|&s| s > 0 && s + 1 < last && all_of(&bytes[s + 1..last], USER)) {
        Some(s) => {
            parts.repo_addr = Some(&name[..s]);
            parts.user = Some(&name[s + 1..last]);
        }
        None if last > 0 => {
            let addr = &name[..last];
            // An address without a port and without a dot is a user.
            if addr.bytes().any(|b| b == b':' || b == b'.') {
                parts.repo_addr = Some(addr);
            } else {
                parts.user = Some(addr);
            }
        }
        None => return Err(bad()),
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

/// Where one optional value lies in [`DockerImage`]'s text: byte start and length, or [`Span::NONE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Span(u32, u32);

impl Span {
    /// No value.
    const NONE: Span = Span(u32::MAX, 0);
}

impl Default for Span {
    fn default() -> Self {
        Span::NONE
    }
}

/// One image: its name parts, ids and the humanised `created` and `size` cells.
///
/// An image is held compactly, because listings hold many: every value lives in one boxed string
/// and is found through a small table of spans (the short id is a span of the long id, and the full
/// name is joined from the parts when asked for), so an image makes one heap allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DockerImage {
    /// The values, one after the other.
    text: Box<str>,
    /// `repo_addr`, `user`, `repo`, `tag`, `long_id`, `short_id`, `created`, `size`.
    spans: [Span; 8],
}

/// The 12-character short form of an id; a prefix such as `sha256:` (a colon at index 3 or later)
/// is skipped.
pub fn short_id(long_id: &str) -> String {
    short_id_of(long_id).to_string()
}

/// [`short_id`] as a slice of `long_id`.
fn short_id_of(long_id: &str) -> &str {
    let rest = match long_id.find(':') {
        Some(i) if i >= 3 => &long_id[i + 1..],
        _ => long_id,
    };
    let end = rest.char_indices().nth(12).map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

impl DockerImage {
    /// Builds an image as the original constructor did: with `repo_addr`, `user` and `tag` all
    /// `None`, `repo` is a full name; with only `repo_addr` and `user` `None`, `repo` gives the
    /// repository, address and user and `tag` is kept; with only `repo_addr` `None`, `repo` gives
    /// the repository and address.
    pub fn new(
        repo: Option<&str>,
        tag: Option<&str>,
        long_id: &str,
        created: Option<&str>,
        size: Option<&str>,
        repo_addr: Option<&str>,
        user: Option<&str>,
    ) -> Result<Self> {
        fn present(v: Option<&str>) -> Option<&str> {
            v.filter(|v| *v != "<none>")
        }
        let (repo, tag) = (present(repo), present(tag));
        let parsed = match repo {
            Some(r) if repo_addr.is_none() => split_to_component_ref(r)?,
            _ => NamePartsRef::default(),
        };
        let name = match (repo, repo_addr, user, tag) {
            (None, ..) => NamePartsRef {
                tag,
                ..NamePartsRef::default()
            },
            (Some(_), None, None, None) => parsed,
            (Some(_), None, None, Some(_)) => NamePartsRef { tag, ..parsed },
            (Some(_), None, Some(u), _) => NamePartsRef {
                tag,
                user: Some(u),
                ..parsed
            },
            (Some(_), Some(a), u, _) => NamePartsRef {
                repo,
                tag,
                repo_addr: Some(a),
                user: u,
            },
        };
        let (created, size) = (present(created), present(size));
        let values = [
            name.repo_addr,
            name.user,
            name.repo,
            name.tag,
            Some(long_id),
            created,
            size,
        ];
        let mut text = String::with_capacity(values.iter().flatten().map(|v| v.len()).sum());
        let mut spans = [Span::NONE; 8];
        for (slot, value) in [0, 1, 2, 3, 4, 6, 7].into_iter().zip(values) {
            if let Some(v) = value {
                let too_long = || Error::Value(format!("an image's names and ids are longer than {} bytes", u32::MAX));
                let start = u32::try_from(text.len()).map_err(|_| too_long())?;
                spans[slot] = Span(start, u32::try_from(v.len()).map_err(|_| too_long())?);
                text.push_str(v);
            }
        }
        let short = short_id_of(long_id);
        let skipped = short.as_ptr() as usize - long_id.as_ptr() as usize;
        // Both fit in u32: the long id did.
        spans[5] = Span(
            spans[4].0 + u32::try_from(skipped).unwrap_or(0),
            u32::try_from(short.len()).unwrap_or(0),
        );
        Ok(DockerImage {
            text: text.into_boxed_str(),
            spans,
        })
    }

    fn value(&self, slot: usize) -> Option<&str> {
        let Span(start, len) = self.spans[slot];
        (start != u32::MAX).then(|| &self.text[start as usize..start as usize + len as usize])
    }

    /// The name parts.
    pub fn parts(&self) -> NamePartsRef<'_> {
        NamePartsRef {
            repo: self.repo(),
            tag: self.tag(),
            repo_addr: self.repo_addr(),
            user: self.user(),
        }
    }

    /// The repository, `None` for an image listed as `<none>`.
    pub fn repo(&self) -> Option<&str> {
        self.value(2)
    }

    /// The tag.
    pub fn tag(&self) -> Option<&str> {
        self.value(3)
    }

    /// The registry host, with its port if any.
    pub fn repo_addr(&self) -> Option<&str> {
        self.value(0)
    }

    /// The user (namespace).
    pub fn user(&self) -> Option<&str> {
        self.value(1)
    }

    /// The full name, `None` for an image listed as `<none>`.
    pub fn full_name(&self) -> Option<String> {
        full_name_from_component(&self.parts().to_owned_parts())
    }

    /// The id as listed (`sha256:…` with `--no-trunc`).
    pub fn long_id(&self) -> &str {
        self.value(4).unwrap_or_default()
    }

    /// The 12 characters after any `sha256:`-style prefix.
    pub fn short_id(&self) -> &str {
        self.value(5).unwrap_or_default()
    }

    /// The CREATED cell.
    pub fn created(&self) -> Option<&str> {
        self.value(6)
    }

    /// The SIZE (or VIRTUAL SIZE) cell.
    pub fn size(&self) -> Option<&str> {
        self.value(7)
    }

    /// A 12-character id is compared with the short id, anything else with the long id (with or
    /// without its `sha256:` prefix).
    pub fn cmp_id(&self, id: &str) -> bool {
        if id.chars().count() == 12 {
            return self.short_id() == id;
        }
        let long_id = self.long_id();
        long_id == id || long_id.split_once(':').is_some_and(|(_, hex)| hex == id)
    }

    /// Exact full-name equality.
    pub fn cmp_full_name(&self, full_name: &str) -> bool {
        self.full_name().as_deref() == Some(full_name)
    }

    /// Every part given (`Some`) must equal the image's.
    pub fn cmp_greedy(&self, parts: &NameParts) -> bool {
        let ok = |want: &Option<String>, have: Option<&str>| want.as_deref().is_none_or(|w| Some(w) == have);
        ok(&parts.repo, self.repo())
            && ok(&parts.tag, self.tag())
            && ok(&parts.repo_addr, self.repo_addr())
            && ok(&parts.user, self.user())
    }

    /// Splits `full_name` and compares greedily, so `fedora:latest` also matches
    /// `192.168.122.245:5000/fedora:latest`.
    pub fn cmp_greedy_full_name(&self, full_name: &str) -> Result<bool> {
        Ok(self.cmp_greedy(&split_to_component(full_name)?))
    }
}

fn cell<'a>(table: &TableView<'a>, row: usize, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|n| table.get(row, n))
}

/// Parses a `docker images` table (with or without `--no-trunc`/`--digests`, the 2014
/// `VIRTUAL SIZE` header or today's `SIZE`, docker or podman).
pub fn images_from_table(text: &str) -> Result<Vec<DockerImage>> {
    let table = TableView::parse(text, false)?;
    for required in ["REPOSITORY", "TAG", "IMAGE ID", "CREATED"] {
        if table.columns.index_of(required).is_none() {
            return Err(Error::output(
                1,
                1,
                format!("the images table has no {required} column"),
            ));
        }
    }
    let mut out = Vec::with_capacity(table.len());
    for row in 0..table.len() {
        let id = table.get(row, "IMAGE ID").unwrap_or_default();
        let image = DockerImage::new(
            table.get(row, "REPOSITORY"),
            table.get(row, "TAG"),
            id,
            table.get(row, "CREATED"),
            cell(&table, row, &["SIZE", "VIRTUAL SIZE"]),
            None,
            None,
        )
        .map_err(|e| Error::output(row + 2, 1, e.to_string()))?;
        out.push(image);
    }
    Ok(out)
}

fn json_strs(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn json_str<'a>(obj: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| obj.get(*k).and_then(Value::as_str))
}

/// Parses `docker images --format '{{json .}}'` (one object per line), a JSON array of such
/// objects (podman), or the Engine API's `/images/json`, where each of an image's `RepoTags` (for
/// podman's CLI, whose `RepoTags` is null, each of its `Names`) gives one image and an image
/// without tags is listed once without a name.
///
/// The objects are read as untyped JSON on purpose: the producers name and type the same field
/// differently (`ID` or `Id`; `Created` and `Size` strings from the CLI, numbers from the API;
/// `RepoTags` a list or null), so a derived struct would need an untagged enum per field and would
/// reject a listing over a field of an unexpected type that is not even used.
pub fn images_from_json_lines(text: &str) -> Result<Vec<DockerImage>> {
    let mut out = Vec::new();
    for (line, obj) in json_objects(text)? {
        let id = json_str(&obj, &["ID", "Id"]).unwrap_or_default();
        let at_line = |e: Error| Error::output(line, 1, e.to_string());
        if let Some(tags) = obj.get("RepoTags") {
            let number = |k: &str| obj.get(k).filter(|v| v.is_number()).map(ToString::to_string);
            let (created, size) = (number("Created"), number("Size"));
            // podman's own listing leaves RepoTags null and gives the image's names in Names.
            // podman's own listing leaves RepoTags null and gives the image's names in Names.
            let mut tags = json_strs(tags);
            if tags.is_empty() {
                tags = obj.get("Names").map(json_strs).unwrap_or_default();
            }
            let names = if tags.is_empty() { vec!["<none>:<none>"] } else { tags };
            for name in names {
                let img = DockerImage::new(Some(name), None, id, created.as_deref(), size.as_deref(), None, None);
                out.push(img.map_err(at_line)?);
            }
            continue;
        }
        let img = DockerImage::new(
            json_str(&obj, &["Repository"]),
            json_str(&obj, &["Tag"]),
            id,
            json_str(&obj, &["CreatedSince"]),
            json_str(&obj, &["Size"]),
            None,
            None,
        );
        out.push(img.map_err(at_line)?);
    }
    Ok(out)
}

/// Reads one JSON object per non-blank line, or one JSON array of objects, with the 1-based line
/// each object starts on. Errors name the line and column.
pub fn json_objects(text: &str) -> Result<Vec<(usize, Value)>> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        let first = text.len() - trimmed.len();
        let line0 = text[..first].matches('\n').count();
        let doc: Value = serde_json::from_str(trimmed)
            .map_err(|e| Error::output(line0 + e.line(), e.column(), format!("invalid JSON: {e}")))?;
        let items = doc.as_array().cloned().unwrap_or_default();
        return items
            .into_iter()
            .map(|v| {
                if v.is_object() {
                    Ok((line0 + 1, v))
                } else {
                    Err(Error::output(
                        line0 + 1,
                        1,
                        "the JSON array holds a value that is not an object",
                    ))
                }
            })
            .collect();
    }
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value =
            serde_json::from_str(line).map_err(|e| Error::output(n + 1, e.column(), format!("invalid JSON: {e}")))?;
        if !v.is_object() {
            return Err(Error::output(
                n + 1,
                1,
                format!("expected a JSON object, found {line:?}"),
            ));
        }
        out.push((n + 1, v));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
