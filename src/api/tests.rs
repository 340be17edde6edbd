use std::io::{Read, Write};
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::Instant;

use super::*;

/// A one-shot server on a fresh socket that reads the request, then writes `answer` in pieces
/// (or nothing, and holds the connection, when `answer` is None).
fn serve(name: &str, answer: Option<Vec<Vec<u8>>>) -> (PathBuf, thread::JoinHandle<String>) {
    let dir = std::env::temp_dir().join(format!("dockertest-api-{}-{name}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("s.sock");
    let _ = std::fs::remove_file(&path);
    let listener = UnixListener::bind(&path).unwrap();
    let handle = thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let _ = std::fs::remove_dir_all(&dir); // the open connection outlives the socket file
        let mut req = Vec::new();
        let mut buf = [0u8; 1024];
        while find(&req, b"\r\n\r\n").is_none() {
            let n = conn.read(&mut buf).unwrap();
            req.extend_from_slice(&buf[..n]);
        }
        match answer {
            Some(pieces) => {
                for p in pieces {
                    conn.write_all(&p).unwrap();
                    conn.flush().unwrap();
                    thread::sleep(Duration::from_millis(5));
                }
            }
            None => thread::sleep(Duration::from_millis(600)),
        }
        String::from_utf8(req).unwrap()
    });
    (path, handle)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn client(path: &Path, timeout: f64) -> SocketClient {
    SocketClient::new(path.to_str().unwrap(), timeout)
}

#[test]
fn content_length_answer_and_request_shape() {
    let body = br#"{"Version":"20.10.24+dfsg1","ApiVersion":"1.41"}"#;
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let (path, server) = serve("cl", Some(vec![head.into_bytes(), body.to_vec()]));
    let v = client(&path, 5.0).version().unwrap();
    assert_eq!(v["Version"], "20.10.24+dfsg1");
    let request = server.join().unwrap();
    assert!(request.starts_with("GET /version HTTP/1.1\r\n"), "{request}");
    assert!(
        request.contains("\r\nHost: docker\r\n") && request.contains("\r\nConnection: close\r\n"),
        "{request}"
    );
}

#[test]
fn chunked_answer_split_across_reads() {
    let pieces = vec![
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec(),
        b"5\r\n[{\"Id\r\n".to_vec(),
        b"9;ext=1\r\n\":\"abc\"}]\r\n0\r\n\r\n".to_vec(),
    ];
    let (path, server) = serve("chunked", Some(pieces));
    let v = client(&path, 5.0).get_json("containers/json?all=1").unwrap();
    assert_eq!(v[0]["Id"], "abc");
    assert!(server
        .join()
        .unwrap()
        .starts_with("GET /containers/json?all=1 HTTP/1.1"));
}

#[test]
fn error_statuses_carry_the_daemon_message() {
    let body = br#"{"message":"No such container: peers-nosuch"}"#;
    let head = format!("HTTP/1.1 404 Not Found\r\nContent-Length: {}\r\n\r\n", body.len());
    let (path, server) = serve("404", Some(vec![head.into_bytes(), body.to_vec()]));
    let err = client(&path, 5.0)
        .get_json("/containers/peers-nosuch/json")
        .unwrap_err();
    server.join().unwrap();
    assert!(matches!(&err, Error::Api { status: 404, message, .. } if message == "No such container: peers-nosuch"));
    assert!(err.to_string().contains(path.to_str().unwrap()), "{err}");
}

#[test]
fn plain_text_errors_and_bad_json() {
    let (path, server) = serve(
        "plain",
        Some(vec![
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 8\r\n\r\ntoo old\n".to_vec()
        ]),
    );
    let err = client(&path, 5.0).get_json("/v1.11/version").unwrap_err();
    server.join().unwrap();
    assert!(matches!(err, Error::Api { status: 400, ref message, .. } if message == "too old"));
    let (path, server) = serve(
        "badjson",
        Some(vec![b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{\"a\": no}".to_vec()]),
    );
    let err = client(&path, 5.0).get_json("/version").unwrap_err();
    server.join().unwrap();
    assert!(
        matches!(&err, Error::Output { command: Some(c), line: 1, .. } if c.contains("GET /version on")),
        "{err}"
    );
}

#[test]
fn timeouts_and_missing_daemons_name_the_socket() {
    let (path, server) = serve("hang", None);
    let start = Instant::now();
    let err = client(&path, 0.2).get("/version").unwrap_err();
    assert!(start.elapsed() < Duration::from_millis(550));
    assert!(
        matches!(&err, Error::Socket(m) if m.contains("timeout") && m.contains(path.to_str().unwrap())),
        "{err}"
    );
    server.join().unwrap();

    let err = SocketClient::new("/nonexistent/docker.sock", 1.0)
        .version()
        .unwrap_err();
    assert!(matches!(&err, Error::Socket(m) if m.contains("/nonexistent/docker.sock") && m.contains("cannot connect")));
    let err = SocketClient::new("/nonexistent/docker.sock", 1.0)
        .get("/a b")
        .unwrap_err();
    assert!(err.to_string().contains("whitespace"));
}

#[test]
fn malformed_answers_are_errors() {
    let (path, server) = serve("garbage", Some(vec![b"SMTP ready\r\n\r\n".to_vec()]));
    let err = client(&path, 5.0).get("/version").unwrap_err();
    server.join().unwrap();
    assert!(err.to_string().contains("malformed HTTP answer"), "{err}");
}
