//! A loopback HTTP/1.1 server for the watch tests: each request is answered
//! by a function of the request, on its own thread, and logged. Written
//! out here because the tests need answers no ready-made mock gives at
//! once: stalls past a timeout, bodies in windows-1256, exact 304s.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Waited before answering.
    pub delay: Duration,
}

impl Response {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn status(status: u16) -> Response {
        Response { status, headers: Vec::new(), body: Vec::new(), delay: Duration::ZERO }
    }

    pub fn redirect(status: u16, to: &str) -> Response {
        Response { headers: vec![("Location".into(), to.into())], ..Response::status(status) }
    }

    pub fn with(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn slow(mut self, delay: Duration) -> Response {
        self.delay = delay;
        self
    }
}

pub type Handler = Arc<dyn Fn(&Request) -> Response + Send + Sync>;

pub struct Server {
    pub base: String,
    log: Arc<Log>,
}

impl Server {
    pub fn start(handler: Handler) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("its address"));
        let log = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (handler, seen) = (Arc::clone(&handler), Arc::clone(&seen));
                std::thread::spawn(move || serve(stream, &handler, &seen));
            }
        });
        Server { base, log }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// How many times `path` was requested.
    pub fn hits(&self, path: &str) -> usize {
        self.log.lock().unwrap().iter().filter(|(_, p, _, _)| p == path).count()
    }

    /// `If-None-Match` of each request for `path`.
    pub fn validators(&self, path: &str) -> Vec<Option<String>> {
        self.log.lock().unwrap().iter().filter(|(_, p, _, _)| p == path).map(|(_, _, v, _)| v.clone()).collect()
    }

    /// The bodies POSTed to `path`.
    pub fn posted(&self, path: &str) -> Vec<Vec<u8>> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, p, _, _)| m == "POST" && p == path)
            .map(|(_, _, _, b)| b.clone())
            .collect()
    }
}

/// Each request's method, path, `If-None-Match` and body.
type Log = Mutex<Vec<(String, String, Option<String>, Vec<u8>)>>;

fn serve(stream: TcpStream, handler: &Handler, log: &Log) {
    let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let (method, path) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request = Request { method, path, headers, body };
        log.lock().unwrap().push((
            request.method.clone(),
            request.path.clone(),
            request.header("if-none-match").map(str::to_string),
            request.body.clone(),
        ));
        let response = handler(&request);
        std::thread::sleep(response.delay);
        let mut head = format!("HTTP/1.1 {} X\r\nContent-Length: {}\r\n", response.status, response.body.len());
        for (k, v) in &response.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        if stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(&response.body)).is_err() {
            return;
        }
    }
}
