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

use serde::Deserialize;
use serde_json::Value;

use crate::images::json_objects;
use crate::output::table::TableView;
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

/// Parses a `docker ps -a` table (docker of any era, or podman), sliced by header offsets.
pub fn containers_from_table(text: &str) -> Result<Vec<DockerContainer>> {
    let table = TableView::parse(text, false)?;
    for required in ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "NAMES"] {
        if table.columns.index_of(required).is_none() {
            return Err(Error::output(1, 1, format!("the ps table has no {required} column")));
        }
    }
    let names_col = table
        .columns
        .index_of("NAMES")
        .map_or(0, |i| table.columns.ranges()[i].0);
    (0..table.len())
        .map(|row| {
            let get = |col: &str| table.get(row, col);
            let c = DockerContainer {
                long_id: get("CONTAINER ID").map(str::to_string),
                created: get("CREATED").map(str::to_string),
                status: get("STATUS").map(str::to_string),
                size: get("SIZE").map(str::to_string),
                ..DockerContainer::new(get("IMAGE"), get("COMMAND"), get("PORTS"), None)
            };
            c.with_names(get("NAMES"))
                .map_err(|e| Error::output(row + 2, names_col + 1, e.to_string()))
        })
        .collect()
}

fn text_of(v: Option<&Value>, sep: &str) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => Some(items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(sep)),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Parses `docker ps -a --format '{{json .}}'` (one object per line), podman's
/// `ps -a --format json` (an array, with argv and name lists), or the Engine API's
/// `/containers/json` (names with a leading `/`).
///
/// The objects are read as untyped JSON on purpose: the three producers name and type the same
/// field differently (`ID` or `Id`; `Names` a string or a list; `Ports` a string, API objects or
/// podman objects; `Created` a string or a number), and a derived struct would need an untagged
/// enum per field and would reject a whole listing over a field of an unexpected type that is not
/// even used. Only the API's port objects, which have one fixed shape, are typed ([`ApiPort`]).
pub fn containers_from_json(text: &str) -> Result<Vec<DockerContainer>> {
    json_objects(text)?
        .into_iter()
        .map(|(line, o)| {
            let get = |keys: &[&str], sep: &str| keys.iter().find_map(|k| text_of(o.get(*k), sep));
            let names = get(&["Names"], ",").map(|n| {
                n.split(',')
                    .map(|s| s.trim().trim_start_matches('/'))
                    .collect::<Vec<_>>()
                    .join(",")
            });
            let c = DockerContainer {
                image_name: get(&["Image"], " "),
                command: get(&["Command"], " "),
                ports: match o.get("Ports") {
                    Some(Value::Array(items)) if items.iter().any(Value::is_object) => api_ports(items),
                    _ => get(&["Ports"], ", ").unwrap_or_default(),
                },
                long_id: get(&["ID", "Id"], ""),
                created: get(&["RunningFor", "CreatedAt", "Created"], ""),
                status: get(&["Status"], ""),
                size: get(&["Size"], ""),
                ..DockerContainer::default()
            };
            c.with_names(names.as_deref().filter(|n| !n.is_empty()))
                .map_err(|e| Error::output(line, 1, e.to_string()))
        })
        .collect()
}

/// One port object of the Engine API's `/containers/json`.
#[derive(Deserialize)]
struct ApiPort {
    /// The container's port.
    #[serde(rename = "PrivatePort")]
    private: u64,
    /// The host port it is published on, if published.
    #[serde(rename = "PublicPort")]
    public: Option<u64>,
    /// The host address it is published on, if published.
    #[serde(rename = "IP")]
    ip: Option<String>,
    /// `tcp` (the default), `udp` or `sctp`.
    #[serde(rename = "Type")]
    protocol: Option<String>,
}

/// The API's port objects written as the CLI's PORTS cell (`127.0.0.1:18080->80/tcp, 80/tcp`);
/// the order is the API's, and an object that is not an API port (podman's) is left out.
fn api_ports(items: &[Value]) -> String {
    items
        .iter()
        .filter_map(|p| ApiPort::deserialize(p).ok())
        .map(|p| {
            let proto = p.protocol.as_deref().unwrap_or("tcp");
            match (p.ip, p.public) {
                (Some(ip), Some(public)) => format!("{ip}:{public}->{}/{proto}", p.private),
                _ => format!("{}/{proto}", p.private),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads `docker inspect` output (a JSON array) or an API object: a non-empty list of non-empty
/// objects; a single object is wrapped in a list.
pub fn parse_inspect(text: &str) -> Result<Value> {
    let doc: Value =
        serde_json::from_str(text).map_err(|e| Error::output(e.line(), e.column(), format!("invalid JSON: {e}")))?;
    let doc = if doc.is_object() { Value::Array(vec![doc]) } else { doc };
    let items = doc
        .as_array()
        .ok_or_else(|| Error::output(1, 1, "inspect output is not a JSON array"))?;
    if items.is_empty() {
        return Err(Error::output(1, 1, "inspect printed an empty list: no such object"));
    }
    if let Some(i) = items
        .iter()
        .position(|v| v.as_object().is_none_or(serde_json::Map::is_empty))
    {
        return Err(Error::output(
            1,
            1,
            format!("inspect item {i} is not a non-empty JSON object"),
        ));
    }
    Ok(doc)
}

#[cfg(test)]
mod tests;
