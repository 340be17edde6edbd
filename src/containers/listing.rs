//! Container listings: `docker ps -a [--no-trunc] [--size]` tables, `--format '{{json .}}'` lines,
//! podman's `ps --format json` array and the Engine API's `/containers/json`.

use serde::Deserialize;
use serde_json::Value;

use super::DockerContainer;
use crate::output::json_lines::json_objects;
use crate::output::table::TableView;
use crate::{Error, Result};

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
                state: get("STATE").map(str::to_ascii_lowercase),
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
                state: get(&["State"], "").map(|s| s.to_ascii_lowercase()),
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
