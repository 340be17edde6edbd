//! Published ports as docker prints them: `host_ip:host_port->container_port/protocol` in the
//! PORTS column of `docker ps`, and `container_port/protocol -> host_ip:host_port` from
//! `docker port`. Any IPv4 or IPv6 address is accepted (`10.0.0.1`, `::`, `[::1]`).
//!
//! ```
//! use dockertest::networking::ContainerPort;
//!
//! let p = ContainerPort::split_to_component("10.20.30.40:5678->9876/udp").unwrap();
//! assert_eq!(p, ContainerPort::new(9876, Some(5678), "10.20.30.40", "udp"));
//! assert_eq!(p.portstr(), "10.20.30.40:5678->9876/udp");
//! ```

use std::net::IpAddr;

use crate::{Error, Result};

/// One published port.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContainerPort {
    /// The port inside the container.
    pub container_port: u16,
    /// The port on the host.
    pub host_port: u16,
    /// The host address the port is bound to.
    pub host_ip: String,
    /// `tcp`, `udp`, `sctp`, ...
    pub protocol: String,
}

fn bad(text: &str, why: &str) -> Error {
    Error::Value(format!("cannot read a port mapping from {text:?}: {why}"))
}

fn port(text: &str, whole: &str) -> Result<u16> {
    let t = text.trim();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad(whole, &format!("{t:?} is not a port number")));
    }
    t.parse()
        .map_err(|_| bad(whole, &format!("{t} is not a port number from 0 to 65535")))
}

/// Reads `address:port`, `[v6-address]:port` or docker 20's `:::port`.
fn host_and_port(text: &str, whole: &str) -> Result<(String, u16)> {
    let t = text.trim();
    let (ip, p) = if let Some(rest) = t.strip_prefix('[') {
        let (ip, after) = rest.split_once(']').ok_or_else(|| bad(whole, "unclosed '['"))?;
        (
            ip,
            after
                .strip_prefix(':')
                .ok_or_else(|| bad(whole, "no ':' after the address"))?,
        )
    } else {
        t.rsplit_once(':')
            .ok_or_else(|| bad(whole, "no ':' between the address and the port"))?
    };
    let addr: IpAddr = ip
        .parse()
        .map_err(|_| bad(whole, &format!("{ip:?} is not an IPv4 or IPv6 address")))?;
    Ok((addr.to_string(), port(p, whole)?))
}

/// Reads `port/protocol`.
fn port_and_protocol(text: &str, whole: &str) -> Result<(u16, String)> {
    let (p, proto) = text
        .trim()
        .split_once('/')
        .ok_or_else(|| bad(whole, "no '/' before the protocol"))?;
    if proto.is_empty() || !proto.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(bad(whole, &format!("{proto:?} is not a protocol name")));
    }
    Ok((port(p, whole)?, proto.to_string()))
}

impl ContainerPort {
    /// A port; `host_port` defaults to `container_port`.
    pub fn new(container_port: u16, host_port: Option<u16>, host_ip: &str, protocol: &str) -> Self {
        ContainerPort {
            container_port,
            host_port: host_port.unwrap_or(container_port),
            host_ip: host_ip.to_string(),
            protocol: protocol.to_string(),
        }
    }

    /// `host_ip:host_port->container_port/protocol`, with an IPv6 address in brackets.
    pub fn portstr(&self) -> String {
        let ip = if self.host_ip.contains(':') {
            format!("[{}]", self.host_ip)
        } else {
            self.host_ip.clone()
        };
        format!("{ip}:{}->{}/{}", self.host_port, self.container_port, self.protocol)
    }

    /// Parses `host_ip:host_port->container_port/protocol`.
    pub fn split_to_component(portstr: &str) -> Result<Self> {
        Self::from_sides(portstr, false)
    }

    /// Parses a line of `docker port`: `container_port/protocol -> host_ip:host_port`, with any
    /// amount of whitespace around the arrow.
    pub fn from_port_line(line: &str) -> Result<Self> {
        Self::from_sides(line, true)
    }

    /// Reads the two sides of `->`; `container_first` says which side is `port/protocol`.
    fn from_sides(text: &str, container_first: bool) -> Result<Self> {
        let (left, right) = text.split_once("->").ok_or_else(|| bad(text, "no '->'"))?;
        let (inner, host) = if container_first { (left, right) } else { (right, left) };
        let (host_ip, host_port) = host_and_port(host, text)?;
        let (container_port, protocol) = port_and_protocol(inner, text)?;
        Ok(ContainerPort {
            container_port,
            host_port,
            host_ip,
            protocol,
        })
    }
}

/// Parses a PORTS cell: comma-separated mappings. Exposed but unpublished ports (`80/tcp`, no
/// `->`) are skipped; an empty cell gives no ports.
pub fn ports_from_cell(cell: &str) -> Result<Vec<ContainerPort>> {
    cell.split(',')
        .map(str::trim)
        .filter(|item| item.contains("->"))
        .map(ContainerPort::split_to_component)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pinned_portstrs() {
        assert_eq!(
            ContainerPort::new(1234, None, "0.0.0.0", "tcp").portstr(),
            "0.0.0.0:1234->1234/tcp"
        );
        assert_eq!(
            ContainerPort::new(4321, Some(1234), "1.2.3.4", "foobar").portstr(),
            "1.2.3.4:1234->4321/foobar"
        );
        assert_eq!(
            ContainerPort::split_to_component("4.2.2.1:5678->9876/tux").unwrap(),
            ContainerPort::new(9876, Some(5678), "4.2.2.1", "tux")
        );
    }

    #[test]
    fn any_ipv4_or_ipv6_address() {
        let p = ContainerPort::split_to_component("10.20.30.40:5678->9876/udp").unwrap();
        assert_eq!(
            (p.container_port, p.host_port, p.host_ip.as_str(), p.protocol.as_str()),
            (9876, 5678, "10.20.30.40", "udp")
        );
        assert_eq!(
            ContainerPort::split_to_component(":::8080->80/tcp").unwrap().host_ip,
            "::"
        );
        let v6 = ContainerPort::split_to_component("[::1]:18080->80/tcp").unwrap();
        assert_eq!(
            (v6.host_ip.as_str(), v6.portstr().as_str()),
            ("::1", "[::1]:18080->80/tcp")
        );
    }

    #[test]
    fn bad_mappings_are_errors() {
        for bad in [
            "",
            "1.2.3.4:80",
            "1.2.3:80->80/tcp",
            "1.2.3.4:99999->80/tcp",
            "1.2.3.4:80->80",
            "x:1->2/tcp",
            "[::1:80->80/tcp",
        ] {
            assert!(
                matches!(ContainerPort::split_to_component(bad), Err(Error::Value(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn cells_and_port_lines() {
        let ports = ports_from_cell("4.3.2.1:4321->1234/bar, 1.2.3.4:1234->4321/foo").unwrap();
        assert_eq!(ports[0].protocol, "bar");
        assert_eq!(ports[1].host_port, 1234);
        assert_eq!(ports_from_cell("80/tcp, 127.0.0.1:18443->443/udp").unwrap().len(), 1);
        assert!(ports_from_cell("").unwrap().is_empty());
        let p = ContainerPort::from_port_line("8080/tcp   ->   0.0.0.0:80").unwrap();
        assert_eq!(
            (p.container_port, p.host_port, p.host_ip.as_str()),
            (8080, 80, "0.0.0.0")
        );
    }

    proptest! {
        #[test]
        fn port_parser_never_panics(text in "\\PC*") {
            let _ = ContainerPort::split_to_component(&text);
            let _ = ContainerPort::from_port_line(&text);
            let _ = ports_from_cell(&text);
        }
    }
}
