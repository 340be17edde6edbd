//! `docker info` (indented text, with `Client:`/`Server:` sections since CLI 19.03) and `podman
//! info` (YAML), read as a tree whose depth is the indentation.
//!
//! Keys are lower-cased with `_` for spaces (`Server Version` → `server_version`). A line without
//! a colon (`127.0.0.0/8` under `Insecure Registries:`, a YAML `- item`) is a key with an empty
//! value, so list items appear as children of their parent.
//!
//! ```
//! use dockertest::output::info::DockerInfo;
//!
//! let info = DockerInfo::parse("Server:\n Containers: 3\n  Running: 1\n Server Version: 20.10.24\n");
//! assert_eq!(info.get("server_version", None), Some("20.10.24"));
//! assert_eq!(info.get("Containers", Some("running")), Some("1"));
//! ```

/// One `key: value` line with the lines indented under it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InfoNode {
    /// The normalised key.
    pub key: String,
    /// The value after the first colon, stripped (and unquoted for YAML), or `''`.
    pub value: String,
    /// The indented lines under this one.
    pub children: Vec<InfoNode>,
}

/// Parsed `docker info` output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DockerInfo {
    /// The top-level nodes of each section, keyed `client`, `server`, or `''` for text outside
    /// any section (2014 output, podman's YAML).
    pub sections: Vec<(String, Vec<InfoNode>)>,
}

/// A value of an [`InfoTable`]: a line's text, or the table of the lines indented under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InfoValue {
    /// The text after the key's colon.
    Text(String),
    /// The lines under a key, under the key's name followed by `...`.
    Table(InfoTable),
}

/// Nodes as a table of distinct keys, in order: each node's value under its key (the first node
/// of a key wins), and its children's table under the key followed by `...` (the last wins).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InfoTable(pub Vec<(String, InfoValue)>);

impl InfoTable {
    /// The table of `nodes`.
    pub fn of(nodes: &[InfoNode]) -> Self {
        let mut table = InfoTable::default();
        for n in nodes {
            if table.get(&n.key).is_none() {
                table.0.push((n.key.clone(), InfoValue::Text(n.value.clone())));
            }
            if !n.children.is_empty() {
                table.set(format!("{}...", n.key), InfoValue::Table(InfoTable::of(&n.children)));
            }
        }
        table
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&InfoValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key`, in its place if it is there already, else at the end.
    fn set(&mut self, key: String, value: InfoValue) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key, value)),
        }
    }
}

/// Lower-cases a key and joins its words with `_`.
pub fn normalize_key(key: &str) -> String {
    key.split_whitespace().collect::<Vec<_>>().join("_").to_lowercase()
}

fn unquote(v: &str) -> &str {
    for q in ['\'', '"'] {
        if let Some(inner) = v.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

/// Nesting deeper than this is attached at this depth, so that hostile input cannot make the
/// tree (and the recursion that converts or drops it) arbitrarily deep. Real output has 3 levels.
const MAX_DEPTH: usize = 32;

fn insert(mut nodes: &mut Vec<InfoNode>, depth: usize, node: InfoNode) {
    for _ in 0..depth.min(MAX_DEPTH) {
        let Some(last) = nodes.len().checked_sub(1) else { break };
        nodes = &mut nodes[last].children;
    }
    nodes.push(node);
}

impl DockerInfo {
    /// Parses the text; it never fails. `WARNING:` lines (which docker prints on stderr) are
    /// skipped if present.
    pub fn parse(text: &str) -> Self {
        let mut info = DockerInfo::default();
        // The indentations of the open ancestors of the next line, outermost first.
        let mut open: Vec<usize> = Vec::new();
        for line in text.lines() {
            let body = line.trim();
            if body.is_empty() || body.starts_with("WARNING:") {
                continue;
            }
            let indent = line.len() - line.trim_start().len();
            if indent == 0 && (body == "Client:" || body == "Server:") {
                let name = body.trim_end_matches(':').to_lowercase();
                info.sections.push((name, Vec::new()));
                open.clear();
                continue;
            }
            if info.sections.is_empty() {
                info.sections.push((String::new(), Vec::new()));
            }
            let item = body.strip_prefix("- ").unwrap_or(body);
            let (key, value) = match item.split_once(':') {
                Some((k, v)) if !k.trim().is_empty() => (k, unquote(v.trim())),
                _ => (item, ""),
            };
            // A YAML list item sits at its parent's indentation; count it one level deeper.
            let indent = if item.len() < body.len() { indent + 1 } else { indent };
            while open.last().is_some_and(|&i| i >= indent) {
                open.pop();
            }
            let node = InfoNode {
                key: normalize_key(key),
                value: value.to_string(),
                children: Vec::new(),
            };
            if let Some((_, nodes)) = info.sections.last_mut() {
                insert(nodes, open.len(), node);
            }
            open.push(indent);
        }
        info
    }

    /// The nodes of one section (`client`, `server` or `''`).
    pub fn section(&self, name: &str) -> Option<&[InfoNode]> {
        self.sections.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_slice())
    }

    /// The top-level node `key` (normalised), looked up in the server section, then in text
    /// outside any section, then in the client section.
    pub fn node(&self, key: &str) -> Option<&InfoNode> {
        let key = normalize_key(key);
        ["server", "", "client"]
            .iter()
            .filter_map(|s| self.section(s))
            .find_map(|nodes| nodes.iter().find(|n| n.key == key))
    }

    /// The whole output as one table: the server section's keys, then those of text outside any
    /// section, then the client's, each key kept from the first section that has it.
    pub fn merged_table(&self) -> InfoTable {
        let mut out = InfoTable::default();
        for name in ["server", "", "client"] {
            if let Some(nodes) = self.section(name) {
                for (key, value) in InfoTable::of(nodes).0 {
                    if out.get(&key).is_none() {
                        out.0.push((key, value));
                    }
                }
            }
        }
        out
    }

    /// The value of `key`, or of its child `sub_key`.
    pub fn get(&self, key: &str, sub_key: Option<&str>) -> Option<&str> {
        let node = self.node(key)?;
        match sub_key {
            None => Some(&node.value),
            Some(sub) => {
                let sub = normalize_key(sub);
                node.children.iter().find(|c| c.key == sub).map(|c| c.value.as_str())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn three_levels_lists_and_empty_values() {
        let text = "Client:\n Debug Mode: true\n\nServer:\n Security Options:\n  seccomp\n   Profile: default\n init version: \n Insecure Registries:\n  127.0.0.0/8\n Debug Mode: false\n";
        let info = DockerInfo::parse(text);
        assert_eq!(info.get("debug mode", None), Some("false"));
        assert_eq!(info.get("init_version", None), Some(""));
        let sec = info.node("Security Options").unwrap();
        assert_eq!(sec.children[0].key, "seccomp");
        assert_eq!(sec.children[0].children[0].value, "default");
        assert_eq!(info.node("insecure_registries").unwrap().children[0].key, "127.0.0.0/8");
        assert_eq!(info.section("client").unwrap()[0].value, "true");
    }

    #[test]
    fn yaml_lists_and_quotes() {
        let info = DockerInfo::parse("host:\n  arch: amd64\n  cgroupControllers:\n  - cpuset\n  - cpu\n  conmon:\n    version: 'conmon 2.1.6, commit: x'\n");
        assert_eq!(info.get("host", Some("arch")), Some("amd64"));
        let host = info.node("host").unwrap();
        let cg: Vec<&str> = host.children[1].children.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(cg, ["cpuset", "cpu"]);
        assert_eq!(host.children[2].children[0].value, "conmon 2.1.6, commit: x");
    }

    #[test]
    fn hostile_nesting_is_capped() {
        let mut text = String::new();
        for i in 0..5000 {
            text.push_str(&" ".repeat(i));
            text.push('k');
            text.push_str(&i.to_string());
            text.push_str(": v\n");
        }
        let info = DockerInfo::parse(&text);
        let mut depth = 0;
        let mut node = info.node("k0");
        while let Some(n) = node {
            depth += 1;
            node = n.children.first();
        }
        assert_eq!(depth, MAX_DEPTH + 1);
    }

    proptest! {
        #[test]
        fn info_parser_never_panics(text in "\\PC*") {
            let _ = DockerInfo::parse(&text).get("x", Some("y"));
        }
    }
}
