//! Docker containers: the [`DockerContainer`] model, the NAMES cell with its links, and container
//! listings parsed from `docker ps -a [--no-trunc] [--size]` tables, `--format '{{json .}}'` lines,
//! podman's `ps --format json` array, the Engine API's `/containers/json`, and `docker inspect`.
//!
//! ```
//! use dockertest::containers::parse_container_name;
//!
//! let (name, links) = parse_container_name("b/c,a").unwrap();
//! assert_eq!(name, "a");
//! assert_eq!(links, Some(vec![("b".to_string(), "c".to_string())]));
//! ```

mod inspect;
mod listing;

pub use inspect::parse_inspect;
pub use listing::{containers_from_json, containers_from_table};

use crate::{Error, Result};

/// A `(child, alias)` link from the NAMES cell.
pub type Link = (String, String);

/// One container as a listing shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DockerContainer {
    /// The IMAGE cell.
    pub image_name: Option<String>,
    /// The COMMAND cell (quoted by docker, plain from podman and the API).
    pub command: Option<String>,
    /// The PORTS cell, `''` when empty.
    pub ports: String,
    /// The container's own name, without links.
    pub container_name: Option<String>,
    /// The CONTAINER ID cell (64 hex characters with `--no-trunc`).
    pub long_id: Option<String>,
    /// The CREATED cell.
    pub created: Option<String>,
    /// The STATUS cell.
    pub status: Option<String>,
    /// The SIZE cell, when listed.
    pub size: Option<String>,
    /// The state in one lower-case word (`created`, `running`, `paused`, `restarting`, `removing`,
    /// `exited`, `dead`): the `State` of JSON listings, or a STATE column; `None` when not listed.
    pub state: Option<String>,
    /// Links from the NAMES cell, `None` when there are none.
    pub links: Option<Vec<Link>>,
}

/// Splits a NAMES cell into the container's name and its `child/alias` links.
pub fn parse_container_name(names: &str) -> Result<(String, Option<Vec<Link>>)> {
    let bad = |why: &str| Error::Value(format!("cannot read container names from {names:?}: {why}"));
    if names.trim().is_empty() {
        return Err(bad("it is empty"));
    }
    let mut name = None;
    let mut links = Vec::new();
    for item in names.split(',').map(str::trim) {
        if item.is_empty() {
            return Err(bad("an item is empty"));
        }
        if let Some((child, alias)) = item.split_once('/') {
            if child.is_empty() || alias.is_empty() || alias.contains('/') {
                return Err(bad(&format!("{item:?} is not a child/alias link")));
            }
            links.push((child.to_string(), alias.to_string()));
        } else if name.replace(item.to_string()).is_some() {
            return Err(bad("it holds more than one name without a '/'"));
        }
    }
    let name = name.ok_or_else(|| bad("every item is a link; the container's own name is missing"))?;
    Ok((name, (!links.is_empty()).then_some(links)))
}

impl DockerContainer {
    /// A container that has not been listed yet: ids, times, status and size unset.
    pub fn new(
        image_name: Option<&str>,
        command: Option<&str>,
        ports: Option<&str>,
        container_name: Option<&str>,
    ) -> Self {
        DockerContainer {
            image_name: image_name.map(str::to_string),
            command: command.map(str::to_string),
            ports: ports.unwrap_or_default().to_string(),
            container_name: container_name.map(str::to_string),
            ..Self::default()
        }
    }

    /// A 12-character id is compared with the first 12 characters of the long id, anything
    /// else exactly.
    pub fn cmp_id(&self, id: &str) -> bool {
        let Some(long) = &self.long_id else { return false };
        if id.chars().count() == 12 {
            long.chars().take(12).eq(id.chars())
        } else {
            long == id
        }
    }

    /// Compares the container's own name.
    pub fn cmp_name(&self, name: &str) -> bool {
        self.container_name.as_deref() == Some(name)
    }

    fn with_names(mut self, names: Option<&str>) -> Result<Self> {
        if let Some(n) = names {
            let (name, links) = parse_container_name(n)?;
            self.container_name = Some(name);
            self.links = links;
        }
        Ok(self)
    }
}

/// The original's `str()` of a container: every field but the links, `None` for a missing value.
impl std::fmt::Display for DockerContainer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = |v: &Option<String>| v.clone().unwrap_or_else(|| "None".to_string());
        write!(
            f,
            "image: {}, command: {}, ports: {}, container_name: {}, long_id: {}, created: {}, status: {}, size: {}",
            s(&self.image_name),
            s(&self.command),
            self.ports,
            s(&self.container_name),
            s(&self.long_id),
            s(&self.created),
            s(&self.status),
            s(&self.size)
        )
    }
}

#[cfg(test)]
mod tests;
