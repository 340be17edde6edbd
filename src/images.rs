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

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::output::table::TextTable;
use crate::{Error, Result};

static FULL_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?P<repo_addr>\S+?(?::\d+)?)/)?",
        r"(?:(?P<user>[A-Za-z0-9_\-.+]+)/)?",
        r"(?P<repo>[A-Za-z0-9_\-.]+)",
        r"(?::(?P<tag>[A-Za-z0-9_\-.]*))?$"
    ))
    .expect("valid regex")
});

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

fn none_if_missing(v: Option<&str>) -> Option<String> {
    v.filter(|v| *v != "<none>").map(str::to_string)
}

/// Splits a full image name. `None`, `<none>` and `<none>:<none>` give four `None`s; a `<none>`
/// tag is `None`; an address without a port and without a dot (`localhost/repo`) is a user.
pub fn split_to_component(full_name: &str) -> Result<NameParts> {
    let name = full_name.trim();
    let name = name.strip_suffix(":<none>").unwrap_or(name);
    if name == "<none>" {
        return Ok(NameParts::default());
    }
    let caps = FULL_NAME
        .captures(name)
        .ok_or_else(|| Error::FullNameFormat(full_name.to_string()))?;
    let get = |g: &str| caps.name(g).map(|m| m.as_str().to_string());
    let mut parts = NameParts {
        repo: get("repo"),
        tag: get("tag"),
        repo_addr: get("repo_addr"),
        user: get("user"),
    };
    if parts.user.is_none() {
        if let Some(addr) = parts.repo_addr.take_if(|a| !a.contains(':') && !a.contains('.')) {
            parts.user = Some(addr);
        }
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

/// One image: its name parts, ids and the humanised `created` and `size` cells.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DockerImage {
    /// The name parts.
    pub name: NameParts,
    /// The full name, `None` for an image listed as `<none>`.
    pub full_name: Option<String>,
    /// The id as listed (`sha256:…` with `--no-trunc`).
    pub long_id: String,
    /// The 12 characters after any `sha256:`-style prefix.
    pub short_id: String,
    /// The CREATED cell.
    pub created: Option<String>,
    /// The SIZE (or VIRTUAL SIZE) cell.
    pub size: Option<String>,
}

/// The 12-character short form of an id; a prefix such as `sha256:` (a colon at index 3 or later)
/// is skipped.
pub fn short_id(long_id: &str) -> String {
    let rest = match long_id.find(':') {
        Some(i) if i >= 3 => &long_id[i + 1..],
        _ => long_id,
    };
    rest.chars().take(12).collect()
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
        let repo = none_if_missing(repo);
        let tag = none_if_missing(tag);
        let parsed = match &repo {
            Some(r) if repo_addr.is_none() => split_to_component(r)?,
            _ => NameParts::default(),
        };
        let name = match (&repo, repo_addr, user, &tag) {
            (None, ..) => NameParts {
                tag,
                ..NameParts::default()
            },
            (Some(_), None, None, None) => parsed,
            (Some(_), None, None, Some(_)) => NameParts { tag, ..parsed },
            (Some(_), None, Some(u), _) => NameParts {
                repo: parsed.repo,
                tag,
                repo_addr: parsed.repo_addr,
                user: Some(u.to_string()),
            },
            (Some(_), Some(a), u, _) => NameParts {
                repo,
                tag,
                repo_addr: Some(a.to_string()),
                user: u.map(str::to_string),
            },
        };
        Ok(DockerImage {
            full_name: full_name_from_component(&name),
            name,
            short_id: short_id(long_id),
            long_id: long_id.to_string(),
            created: none_if_missing(created),
            size: none_if_missing(size),
        })
    }

    /// A 12-character id is compared with the short id, anything else with the long id (with or
    /// without its `sha256:` prefix).
    pub fn cmp_id(&self, id: &str) -> bool {
        if id.chars().count() == 12 {
            return self.short_id == id;
        }
        self.long_id == id || self.long_id.split_once(':').is_some_and(|(_, hex)| hex == id)
    }

    /// Exact full-name equality.
    pub fn cmp_full_name(&self, full_name: &str) -> bool {
        self.full_name.as_deref() == Some(full_name)
    }

    /// Every part given (`Some`) must equal the image's.
    pub fn cmp_greedy(&self, parts: &NameParts) -> bool {
        let ok = |want: &Option<String>, have: &Option<String>| want.is_none() || want == have;
        ok(&parts.repo, &self.name.repo)
            && ok(&parts.tag, &self.name.tag)
            && ok(&parts.repo_addr, &self.name.repo_addr)
            && ok(&parts.user, &self.name.user)
    }

    /// Splits `full_name` and compares greedily, so `fedora:latest` also matches
    /// `192.168.122.245:5000/fedora:latest`.
    pub fn cmp_greedy_full_name(&self, full_name: &str) -> Result<bool> {
        Ok(self.cmp_greedy(&split_to_component(full_name)?))
    }
}

fn cell<'a>(table: &'a TextTable, row: usize, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|n| table.get(row, n))
}

/// Parses a `docker images` table (with or without `--no-trunc`/`--digests`, the 2014
/// `VIRTUAL SIZE` header or today's `SIZE`, docker or podman).
pub fn images_from_table(text: &str) -> Result<Vec<DockerImage>> {
    let table = TextTable::parse(text, false)?;
    for required in ["REPOSITORY", "TAG", "IMAGE ID", "CREATED"] {
        if table.columns.index_of(required).is_none() {
            return Err(Error::output(
                1,
                1,
                format!("the images table has no {required} column"),
            ));
        }
    }
    let mut out = Vec::with_capacity(table.rows.len());
    for row in 0..table.rows.len() {
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

fn json_str<'a>(obj: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| obj.get(*k).and_then(Value::as_str))
}

/// Parses `docker images --format '{{json .}}'` (one object per line), a JSON array of such
/// objects (podman), or the Engine API's `/images/json`, where each of an image's `RepoTags` gives
/// one image and an image without tags is listed once without a name.
pub fn images_from_json_lines(text: &str) -> Result<Vec<DockerImage>> {
    let mut out = Vec::new();
    for (line, obj) in json_objects(text)? {
        let id = json_str(&obj, &["ID", "Id"]).unwrap_or_default();
        let at_line = |e: Error| Error::output(line, 1, e.to_string());
        if let Some(tags) = obj.get("RepoTags") {
            let number = |k: &str| obj.get(k).filter(|v| v.is_number()).map(ToString::to_string);
            let (created, size) = (number("Created"), number("Size"));
            let tags: Vec<&str> = tags
                .as_array()
                .map(|t| t.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
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

/// A name made of `prefix`, `length` random lower-case letters and digits, and `suffix`, joined
/// with `_`, that is not in `existing`. Separators are not doubled and a suffix starting with `:`
/// (a tag) is attached directly, so the result is a valid docker name.
pub fn unique_name<S: BuildHasher>(
    prefix: &str,
    suffix: &str,
    length: usize,
    existing: &HashSet<String, S>,
    seed: u64,
) -> Result<String> {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut state = seed | 1;
    let prefix = prefix.to_lowercase();
    let suffix = suffix.to_lowercase();
    let prefix = prefix.trim_end_matches(['_', '-', '.']);
    for _ in 0..1000 {
        let random: String = (0..length.max(1))
            .map(|_| {
                // xorshift64*: plenty for picking names that do not collide.
                state ^= state >> 12;
                state ^= state << 25;
                state ^= state >> 27;
                let idx = usize::try_from(state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 58).unwrap_or(0);
                char::from(ALPHABET[idx % ALPHABET.len()])
            })
            .collect();
        let mut name = if prefix.is_empty() {
            random
        } else {
            format!("{prefix}_{random}")
        };
        if suffix.starts_with(':') {
            name.push_str(&suffix);
        } else if !suffix.trim_start_matches(['_', '-', '.']).is_empty() {
            name.push('_');
            name.push_str(suffix.trim_start_matches(['_', '-', '.']));
        }
        if !existing.contains(&name) {
            return Ok(name);
        }
    }
    Err(Error::Value(format!(
        "no unique name with prefix {prefix:?} and suffix {suffix:?} after 1000 tries"
    )))
}

#[cfg(test)]
mod tests;
