//! A small blocking client for the Docker Engine API over its unix socket.
//!
//! HTTP/1.1 is spoken by hyper over a tokio `UnixStream` (hyper's client connection needs only an
//! I/O stream, so no connector crate is needed for a unix socket), on a single-threaded tokio
//! runtime made for the request: one request per connection (`Connection: close`), unversioned
//! paths (served at the daemon's maximum API version), and one deadline for the whole exchange.
//! Every error names the socket and the request. Header names are as hyper reports them (lower
//! case); [`Response::header`] looks them up in any case.
//!
//! ```no_run
//! use dockertest::api::SocketClient;
//!
//! let client = SocketClient::new("/var/run/docker.sock", 10.0);
//! let version = client.get_json("/version").unwrap();
//! assert!(version["Version"].is_string());
//! ```

use std::time::Duration;

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use serde::Deserialize;
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
    /// The headers, names in lower case.
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
            let message = serde_json::from_str::<ErrorBody>(&text)
                .ok()
                .and_then(|b| b.message)
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
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| self.fail(&resource, &format!("cannot start the I/O runtime: {e}")))?;
        runtime
            .block_on(async { tokio::time::timeout(budget, self.exchange(&resource)).await })
            .unwrap_or_else(|_| {
                Err(self.fail(
                    &resource,
                    &format!("no complete answer within {} s (timeout)", self.timeout),
                ))
            })
    }

    /// Connects, sends `GET resource` and reads the whole answer.
    async fn exchange(&self, resource: &str) -> Result<Response> {
        let stream = tokio::net::UnixStream::connect(&self.path).await.map_err(|e| {
            self.fail(
                resource,
                &format!("cannot connect ({e}); is the daemon running and the socket readable?"),
            )
        })?;
        let http = |e: hyper::Error| {
            if e.is_parse() || e.is_incomplete_message() {
                self.fail(resource, &format!("malformed HTTP answer: {e}"))
            } else {
                self.fail(resource, &e.to_string())
            }
        };
        let (mut sender, connection) = hyper::client::conn::http1::Builder::new()
            .title_case_headers(true)
            .handshake::<_, Empty<Bytes>>(TokioIo::new(stream))
            .await
            .map_err(http)?;
        let request = hyper::Request::get(resource)
            .header(hyper::header::HOST, "docker")
            .header(
                hyper::header::USER_AGENT,
                format!("dockertest/{}", crate::PACKAGE_VERSION),
            )
            .header(hyper::header::ACCEPT, "application/json")
            .header(hyper::header::CONNECTION, "close")
            .body(Empty::new())
            .map_err(|e| self.fail(resource, &e.to_string()))?;
        // The connection is driven alongside the request; it ends when the answer has been read.
        let answer = async {
            let response = sender.send_request(request).await?;
            let status = response.status();
            let reason = match response.extensions().get::<hyper::ext::ReasonPhrase>() {
                Some(phrase) => String::from_utf8_lossy(phrase.as_bytes()).into_owned(),
                None => status.canonical_reason().unwrap_or_default().to_string(),
            };
            let headers = response
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let body = response.into_body().collect().await?.to_bytes().to_vec();
            Ok::<_, hyper::Error>((status.as_u16(), reason, headers, body))
        };
        let (answer, _) = tokio::join!(answer, connection);
        let (status, reason, headers, body) = answer.map_err(http)?;
        Ok(Response {
            resource: resource.to_string(),
            socket: self.path.clone(),
            status,
            reason,
            headers,
            body,
        })
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

/// The body of an Engine API error answer.
#[derive(Deserialize)]
struct ErrorBody {
    /// What went wrong, in the daemon's words.
    message: Option<String>,
}

#[cfg(test)]
mod tests;
