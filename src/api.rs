//! A small blocking HTTP/1.1 client for the Docker Engine API over its unix socket.
//!
//! One request per connection (`Connection: close`), unversioned paths (served at the daemon's
//! maximum API version), `Content-Length` or chunked bodies, and one deadline for the whole
//! exchange. Every error names the socket and the request.
//!
//! ```no_run
//! use dockertest::api::SocketClient;
//!
//! let client = SocketClient::new("/var/run/docker.sock", 10.0);
//! let version = client.get_json("/version").unwrap();
//! assert!(version["Version"].is_string());
//! ```

use std::io::{ErrorKind, Read, Write};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{Error, Result};

/// The default socket of the Docker daemon.
pub const DEFAULT_SOCKET: &str = "/var/run/docker.sock";

/// A client for one unix socket.
#[derive(Debug, Clone, PartialEq)]
pub struct SocketClient {
    /// The socket's path.
    pub path: String,
    /// Seconds allowed for connecting, sending and reading a whole answer.
    pub timeout: f64,
}

/// One HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The request line's target, e.g. `/version`.
    pub resource: String,
    /// The socket it came from.
    pub socket: String,
    /// The HTTP status code.
    pub status: u16,
    /// The reason phrase (`OK`, `Not Found`).
    pub reason: String,
    /// The headers, names as sent.
    pub headers: Vec<(String, String)>,
    /// The decoded body.
    pub body: Vec<u8>,
}

impl Response {
    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON; a status other than 200 is an [`Error::Api`] carrying the daemon's
    /// `message`, and a body that is not JSON is an [`Error::Output`] naming the request.
    pub fn json(&self) -> Result<Value> {
        let request = format!("GET {} on {}", self.resource, self.socket);
        if self.status != 200 {
            let text = String::from_utf8_lossy(&self.body);
            let message = serde_json::from_str::<Value>(&text)
                .ok()
                .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_string))
                .unwrap_or_else(|| text.trim().to_string());
            return Err(Error::Api {
                request,
                status: self.status,
                message,
            });
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            Error::output(e.line(), e.column(), format!("the body is not JSON: {e}")).with_command(Some(&request))
        })
    }
}

impl SocketClient {
    /// A client for `path` with a `timeout` in seconds (at least one millisecond).
    pub fn new(path: &str, timeout: f64) -> Self {
        SocketClient {
            path: path.to_string(),
            timeout,
        }
    }

    fn fail(&self, resource: &str, what: &str) -> Error {
        Error::Socket(format!(
            "GET {resource} on the Docker daemon socket {}: {what}",
            self.path
        ))
    }

    /// Sends `GET resource` and reads the whole answer.
    pub fn get(&self, resource: &str) -> Result<Response> {
        let resource = if resource.starts_with('/') {
            resource.to_string()
        } else {
            format!("/{resource}")
        };
        if resource.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(self.fail(&resource, "the path holds whitespace or control characters"));
        }
        let budget = Duration::from_secs_f64(if self.timeout.is_finite() {
            self.timeout.max(0.001)
        } else {
            3600.0
        });
        let deadline = Instant::now() + budget;
        let mut stream = UnixStream::connect(&self.path).map_err(|e| {
            self.fail(
                &resource,
                &format!("cannot connect ({e}); is the daemon running and the socket readable?"),
            )
        })?;
        let timed_out = || {
            self.fail(
                &resource,
                &format!("no complete answer within {} s (timeout)", self.timeout),
            )
        };
        let io = |e: std::io::Error| {
            if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) {
                timed_out()
            } else {
                self.fail(&resource, &e.to_string())
            }
        };
        stream.set_write_timeout(Some(budget)).map_err(io)?;
        let request = format!(
            "GET {resource} HTTP/1.1\r\nHost: docker\r\nUser-Agent: dockertest/{}\r\nAccept: application/json\r\n\
             Connection: close\r\n\r\n",
            crate::PACKAGE_VERSION
        );
        stream.write_all(request.as_bytes()).map_err(io)?;
        let mut raw = Vec::new();
        let mut buf = [0u8; 16 * 1024];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(timed_out());
            }
            stream.set_read_timeout(Some(left)).map_err(io)?;
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => raw.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(io(e)),
            }
            if let Some(done) = complete_length(&raw) {
                raw.truncate(done);
                break;
            }
        }
        parse_response(&raw)
            .map(|(status, reason, headers, body)| Response {
                resource: resource.clone(),
                socket: self.path.clone(),
                status,
                reason,
                headers,
                body,
            })
            .map_err(|why| self.fail(&resource, &format!("malformed HTTP answer: {why}")))
    }

    /// `GET resource` parsed as JSON.
    pub fn get_json(&self, resource: &str) -> Result<Value> {
        self.get(resource)?.json()
    }

    /// `GET /version`.
    pub fn version(&self) -> Result<Value> {
        self.get_json("/version")
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The byte length of a complete message in `raw`, when it can already be told (a
/// `Content-Length` body fully read, or a chunked body whose last chunk arrived).
fn complete_length(raw: &[u8]) -> Option<usize> {
    let head_end = find(raw, b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
    if let Some(len) = head.lines().find_map(|l| l.strip_prefix("content-length:")) {
        let total = head_end + len.trim().parse::<usize>().ok()?;
        return (raw.len() >= total).then_some(total);
    }
    if head.contains("transfer-encoding: chunked") {
        return decode_chunked(&raw[head_end..]).ok().map(|(_, used)| head_end + used);
    }
    None
}

type Parsed = (u16, String, Vec<(String, String)>, Vec<u8>);

fn parse_response(raw: &[u8]) -> std::result::Result<Parsed, String> {
    if raw.is_empty() {
        return Err("the daemon closed the connection without answering".to_string());
    }
    let head_end = find(raw, b"\r\n\r\n").ok_or("no end of headers")?;
    let head = std::str::from_utf8(&raw[..head_end]).map_err(|_| "headers are not UTF-8")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let (version, code) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    if !version.starts_with("HTTP/1.") {
        return Err(format!("bad status line {status_line:?}"));
    }
    let status = code
        .parse::<u16>()
        .map_err(|_| format!("bad status line {status_line:?}"))?;
    let reason = parts.next().unwrap_or_default().to_string();
    let mut headers = Vec::new();
    for line in lines {
        let (k, v) = line
            .split_once(':')
            .ok_or_else(|| format!("bad header line {line:?}"))?;
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let rest = &raw[head_end + 4..];
    let has = |name: &str, value: &str| {
        headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case(name) && v.to_ascii_lowercase().contains(value))
    };
    let body = if has("transfer-encoding", "chunked") {
        decode_chunked(rest)?.0
    } else if let Some((_, len)) = headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-length")) {
        let len: usize = len.parse().map_err(|_| format!("bad Content-Length {len:?}"))?;
        if rest.len() < len {
            return Err(format!("the body ended after {} of {len} bytes", rest.len()));
        }
        rest[..len].to_vec()
    } else {
        rest.to_vec()
    };
    Ok((status, reason, headers, body))
}

/// Decodes a chunked body; returns the data and the bytes used (through the final CRLF).
pub fn decode_chunked(data: &[u8]) -> std::result::Result<(Vec<u8>, usize), String> {
    let mut out = Vec::new();
    let mut pos = 0;
    loop {
        let line_end = find(&data[pos..], b"\r\n").ok_or("a chunk size line is incomplete")? + pos;
        let size_text = String::from_utf8_lossy(&data[pos..line_end]);
        let size_hex = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_hex, 16).map_err(|_| format!("bad chunk size {size_hex:?}"))?;
        pos = line_end + 2;
        if size == 0 {
            // Skip any trailers up to the blank line that ends the message.
            let end = find(&data[pos.saturating_sub(2)..], b"\r\n\r\n").ok_or("the last chunk is incomplete")?;
            return Ok((out, pos.saturating_sub(2) + end + 4));
        }
        let end = pos
            .checked_add(size)
            .filter(|&e| e + 2 <= data.len())
            .ok_or("a chunk is incomplete")?;
        out.extend_from_slice(&data[pos..end]);
        if &data[end..end + 2] != b"\r\n" {
            return Err("a chunk does not end with CRLF".to_string());
        }
        pos = end + 2;
    }
}

#[cfg(test)]
mod tests;
