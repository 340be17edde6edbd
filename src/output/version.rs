//! `docker version` in its three shapes: the 2014 flat lines (`Client version: 0.8.0`), today's
//! `Client:`/`Server:` sections with nested server components, and the `--format '{{json .}}'` or
//! `GET /version` JSON document.
//!
//! The server version is the `Engine` component's (`Podman Engine` through podman's socket), never
//! the last `Version:` line, which belongs to `docker-init`.
//!
//! ```
//! use dockertest::output::version::DockerVersion;
//!
//! let v = DockerVersion::parse("Client:\n Version: 28.2.2\nServer:\n Engine:\n  Version: 20.10.24\n docker-init:\n  Version: 0.19.0\n");
//! assert_eq!(v.client().unwrap(), "28.2.2");
//! assert_eq!(v.server().unwrap(), "20.10.24");
//! ```

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::{Error, Result};

static LEGACY_CLIENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)Client\s+version:\s+(\d+\.\d+\.\d+)").expect("valid regex"));
static SHORT_CLIENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:docker|podman) version\s+v?(\d+\.\d+\.\d+[^\s,]*)").expect("valid regex"));
static LEGACY_SERVER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)Server\s*version:\s*(\d+\.\d+\.\d+)").expect("valid regex"));

/// A named group of `key: value` lines inside a section (`Engine`, `containerd`, `docker-init`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Component {
    /// The component's name as printed.
    pub name: String,
    /// Its keys and values, in order.
    pub entries: Vec<(String, String)>,
}

/// A top-level section (`Client` or `Server`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The text after `Client:`/`Server:` on the section's own line (`Podman Engine`).
    pub title: String,
    /// The section's own keys and values (the client's `Version`, ...).
    pub entries: Vec<(String, String)>,
    /// The nested components, in order.
    pub components: Vec<Component>,
    /// The raw lines of the section, header included.
    pub lines: Vec<String>,
}

impl Section {
    fn version(&self, engine_first: bool) -> Option<&str> {
        let engine = || {
            let c = self.components.iter().find(|c| c.name == "Engine").or_else(|| {
                self.components
                    .iter()
                    .find(|c| c.name.ends_with("Engine"))
                    .or(self.components.first())
            })?;
            lookup(&c.entries, "Version")
        };
        if engine_first {
            engine().or_else(|| lookup(&self.entries, "Version"))
        } else {
            lookup(&self.entries, "Version").or_else(engine)
        }
    }

    /// The value of `key` (case and whitespace ignored): the section's own keys first, then the
    /// engine component's.
    pub fn info(&self, key: &str) -> Option<&str> {
        lookup(&self.entries, key).or_else(|| {
            let c = self.components.iter().find(|c| c.name.ends_with("Engine"))?;
            lookup(&c.entries, key)
        })
    }
}

/// Compares keys ignoring case and every whitespace character (`'Go verSion  '`, `API version`
/// and `APIVersion` all match).
fn norm(key: &str) -> String {
    key.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn lookup<'a>(entries: &'a [(String, String)], key: &str) -> Option<&'a str> {
    let k = norm(key);
    entries
        .iter()
        .find(|(name, _)| norm(name) == k)
        .map(|(_, v)| v.as_str())
}

/// Parsed `docker version` output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DockerVersion {
    /// The text as given.
    pub version_string: String,
    /// The client section (empty when the output had none).
    pub client_section: Section,
    /// The server section (empty when the output had none, as with podman without a service).
    pub server_section: Section,
    legacy_client: Option<String>,
    legacy_server: Option<String>,
}

impl DockerVersion {
    /// Parses any of the three shapes; it never fails, missing values are reported by
    /// [`DockerVersion::client`] and [`DockerVersion::server`].
    pub fn parse(text: &str) -> Self {
        let mut v = DockerVersion {
            version_string: text.to_string(),
            ..Self::default()
        };
        let trimmed = text.trim_start();
        if trimmed.starts_with('{') {
            if let Ok(doc) = serde_json::from_str::<Value>(trimmed.trim_end()) {
                v.read_json(&doc);
                return v;
            }
        }
        for line in text.lines() {
            let stripped = line.trim();
            // `docker --version` (`Docker version 28.2.2, build e6534b4`) names the client only.
            if let Some(m) = LEGACY_CLIENT
                .captures_iter(stripped)
                .last()
                .or_else(|| SHORT_CLIENT.captures(stripped))
            {
                v.legacy_client = Some(m[1].to_string());
            }
            if let Some(m) = LEGACY_SERVER.captures_iter(stripped).last() {
                v.legacy_server = Some(m[1].to_string());
            }
        }
        v.read_sections(text);
        v
    }

    fn read_sections(&mut self, text: &str) {
        // `key_indent` is the indentation of the section's first key. When it is not zero, a line
        // at column 0 continues the previous value (podman's multi-line component values through
        // the docker CLI); podman's own flat layout has its keys at column 0.
        let mut current: Option<bool> = None; // Some(true) = client, Some(false) = server
        let mut key_indent: Option<usize> = None;
        let mut in_component = false;
        for line in text.lines() {
            let indent = line.len() - line.trim_start().len();
            let body = line.trim();
            if indent == 0 {
                if let Some((head @ ("Client" | "Server"), rest)) = body.split_once(':') {
                    let sec = self.section_mut(head == "Client");
                    sec.title = rest.trim().to_string();
                    sec.lines.push(line.to_string());
                    current = Some(head == "Client");
                    key_indent = None;
                    in_component = false;
                    continue;
                }
            }
            let Some(is_client) = current else { continue };
            if body.is_empty() {
                continue;
            }
            let sec = self.section_mut(is_client);
            sec.lines.push(line.to_string());
            if indent == 0 && key_indent.is_some_and(|k| k > 0) {
                let target = match sec.components.last_mut() {
                    Some(c) if in_component => &mut c.entries,
                    _ => &mut sec.entries,
                };
                if let Some(last) = target.last_mut() {
                    last.1.push('\n');
                    last.1.push_str(body);
                }
                continue;
            }
            let ki = *key_indent.get_or_insert(indent);
            let (key, value) = match body.split_once(':') {
                Some((k, v)) => (k.trim().to_string(), v.trim().to_string()),
                None => (body.to_string(), String::new()),
            };
            if indent <= ki {
                // ` Engine:` with nothing after the colon opens a component.
                in_component = value.is_empty() && body.ends_with(':');
                if in_component {
                    sec.components.push(Component {
                        name: key,
                        entries: Vec::new(),
                    });
                } else {
                    sec.entries.push((key, value));
                }
            } else {
                match sec.components.last_mut() {
                    Some(c) if in_component => c.entries.push((key, value)),
                    _ => sec.entries.push((key, value)),
                }
            }
        }
        // A key with an empty value (` Built:`) looks like a component header until nothing is
        // nested under it: it is a key whose value is ''.
        for sec in [&mut self.client_section, &mut self.server_section] {
            let (empty, components) = std::mem::take(&mut sec.components)
                .into_iter()
                .partition(|c| c.entries.is_empty());
            sec.components = components;
            sec.entries
                .extend(empty.into_iter().map(|c: Component| (c.name, String::new())));
        }
    }

    fn section_mut(&mut self, client: bool) -> &mut Section {
        if client {
            &mut self.client_section
        } else {
            &mut self.server_section
        }
    }

    fn read_json(&mut self, doc: &Value) {
        // Untyped JSON on purpose: every scalar key of a section is kept (the Python side sees them
        // all as a dict), and the keys differ between docker, podman and API versions, so a derived
        // struct would drop the unknown ones.
        fn entries(obj: &Value) -> Vec<(String, String)> {
            obj.as_object()
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| match v {
                            Value::String(s) => Some((k.clone(), s.clone())),
                            Value::Number(_) | Value::Bool(_) => Some((k.clone(), v.to_string())),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default()
        }
        fn section(obj: &Value) -> Section {
            let components = obj
                .get("Components")
                .and_then(Value::as_array)
                .map(|cs| {
                    cs.iter()
                        .map(|c| {
                            let mut comp_entries = entries(c);
                            comp_entries.extend(c.get("Details").map(entries).unwrap_or_default());
                            Component {
                                name: c.get("Name").and_then(Value::as_str).unwrap_or_default().to_string(),
                                entries: comp_entries,
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            Section {
                entries: entries(obj),
                components,
                ..Section::default()
            }
        }
        match (doc.get("Client"), doc.get("Server")) {
            (None, None) => self.server_section = section(doc), // GET /version: the server alone
            (client, server) => {
                if let Some(c) = client.filter(|c| c.is_object()) {
                    self.client_section = section(c);
                }
                if let Some(s) = server.filter(|s| s.is_object()) {
                    self.server_section = section(s);
                }
            }
        }
    }

    /// The output's lines, each stripped.
    pub fn version_lines(&self) -> Vec<String> {
        self.version_string.lines().map(|l| l.trim().to_string()).collect()
    }

    /// The client's version.
    pub fn client(&self) -> Result<String> {
        self.client_section
            .version(false)
            .map(str::to_string)
            .or_else(|| self.legacy_client.clone())
            .ok_or_else(|| Error::output(1, 1, "no client version found in the output of docker version"))
    }

    /// The server's version: the `Engine` component's, never docker-init's.
    pub fn server(&self) -> Result<String> {
        self.server_section
            .version(true)
            .map(str::to_string)
            .or_else(|| self.legacy_server.clone())
            .ok_or_else(|| Error::output(1, 1, "no server version found in the output of docker version"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TODAY: &str = "Client:\n Version:           28.2.2\n API version:       1.41 (downgraded from 1.50)\n Go version:        go1.24.3\n\nServer:\n Engine:\n  Version:          20.10.24+dfsg1\n  API version:      1.41 (minimum version 1.12)\n  Go version:       go1.19.8\n containerd:\n  Version:          1.6.20~ds1\n docker-init:\n  Version:          0.19.0\n  GitCommit:        \n";

    #[test]
    fn pinned_2014_one_line_layout() {
        let text = "Client version: 0.9.0\nGo version (client): go1.2Git commit (client): 2b3fdf2 Server version: 0.8.0 Git commit (server): cc3ec2a Go version (server): go1.2";
        let v = DockerVersion::parse(text);
        assert_eq!(v.client().unwrap(), "0.9.0");
        assert_eq!(v.server().unwrap(), "0.8.0");
    }

    #[test]
    fn an_empty_value_reads_as_empty_not_as_a_component() {
        let v = DockerVersion::parse(
            "Client:\n Version: 1.2.3\n Built:\n Go version: go1\nServer:\n Engine:\n  Version: 1.2.4\n  Built:\n",
        );
        assert_eq!(v.client_section.info("built"), Some(""));
        assert_eq!(v.client_section.info("Go version"), Some("go1"));
        assert_eq!(v.server_section.info("Built"), Some(""));
        assert_eq!(v.server().unwrap(), "1.2.4");
        assert!(v.client_section.components.is_empty());
    }

    #[test]
    fn sectioned_layout_uses_the_engine_version() {
        let v = DockerVersion::parse(TODAY);
        assert_eq!(v.client().unwrap(), "28.2.2");
        assert_eq!(v.server().unwrap(), "20.10.24+dfsg1");
        assert_eq!(v.client_section.info("Go verSion  "), Some("go1.24.3"));
        assert_eq!(
            v.server_section.info("api version"),
            Some("1.41 (minimum version 1.12)")
        );
        let names: Vec<&str> = v.server_section.components.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Engine", "containerd", "docker-init"]);
        assert_eq!(lookup(&v.server_section.components[2].entries, "GitCommit"), Some(""));
    }

    #[test]
    fn short_version_line_gives_the_client() {
        let v = DockerVersion::parse("Docker version 20.10.24+dfsg1, build 297e128\n");
        assert_eq!(v.client().unwrap(), "20.10.24+dfsg1");
        assert!(v.server().is_err());
        assert_eq!(DockerVersion::parse("podman version 4.3.1").client().unwrap(), "4.3.1");
    }

    #[test]
    fn missing_versions_are_output_errors() {
        let v = DockerVersion::parse("Client:\n Version: 1.2.3\n");
        assert!(matches!(v.server(), Err(Error::Output { .. })));
        assert!(DockerVersion::parse("").client().is_err());
    }

    proptest! {
        #[test]
        fn version_parser_never_panics(text in "\\PC*") {
            let v = DockerVersion::parse(&text);
            let _ = (v.client(), v.server());
        }

        #[test]
        fn version_parser_never_panics_on_sectionlike_text(text in "((Client|Server|  ?|   )[A-Za-z ]{0,6}:? ?[0-9.]{0,5}\n){0,12}") {
            let v = DockerVersion::parse(&text);
            let _ = (v.client(), v.server());
        }
    }
}
