//! A polite HTTP client: one per watch, shared by its threads.
//!
//! ureq does the HTTP (rustls, redirects, timeouts, body caps); what it
//! leaves to the caller is done here: a minimum delay and a concurrency
//! cap per host, retries with backoff, conditional GET, robots.txt.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use ureq::ResponseExt;

use crate::error::{Error, ErrorKind};
use crate::robots::Robots;

/// How the client behaves.
#[derive(Debug, Clone)]
pub struct Options {
    /// Sent as `User-Agent`, and the name robots.txt rules are read for.
    pub user_agent: String,
    /// Longest wait for a whole answer.
    pub timeout: Duration,
    /// Largest body read; a larger one is an error.
    pub max_bytes: u64,
    /// Redirects followed.
    pub max_redirects: u32,
    /// Attempts after the first on a timeout, a dropped connection, 408,
    /// 429 or a 5xx answer.
    pub retries: u32,
    /// Wait before the first retry; it doubles with each.
    pub backoff: Duration,
    /// Least time between the starts of two requests to the same host
    /// (a larger robots.txt `Crawl-delay` wins).
    pub host_delay: Duration,
    /// Requests in flight to one host at most.
    pub host_connections: usize,
    /// Whether robots.txt is read and obeyed.
    pub robots: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            user_agent: concat!(
                "marsad/",
                env!("CARGO_PKG_VERSION"),
                " (news monitor; +https://example.invalid/marsad)"
            )
            .to_string(),
            timeout: Duration::from_secs(30),
            max_bytes: 8 << 20,
            max_redirects: 5,
            retries: 2,
            backoff: Duration::from_secs(1),
            host_delay: Duration::from_secs(1),
            host_connections: 2,
            robots: true,
        }
    }
}

/// Validators of a copy held from before, for a conditional GET.
#[derive(Debug, Clone, Copy, Default)]
pub struct Validators<'a> {
    /// `ETag` of the copy.
    pub etag: Option<&'a str>,
    /// `Last-Modified` of the copy.
    pub last_modified: Option<&'a str>,
}

/// A successful answer.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL it came from, after redirects.
    pub url: String,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `ETag`.
    pub etag: Option<String>,
    /// `Last-Modified`.
    pub last_modified: Option<String>,
    /// The body as sent.
    pub body: Vec<u8>,
}

/// What a GET gave.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// A new body.
    Page(Page),
    /// 304: the copy held is still current.
    NotModified,
}

/// Per-host bookkeeping.
#[derive(Default)]
struct Host {
    /// When the last request to it may start at the earliest.
    next: Option<Instant>,
    in_flight: usize,
}

/// A host's robots.txt, read by the first request that needs it while the
/// others wait.
type RobotsCell = Arc<OnceLock<Arc<Robots>>>;

/// The client.
pub struct Client {
    agent: ureq::Agent,
    options: Options,
    hosts: Mutex<HashMap<String, Host>>,
    free: Condvar,
    robots: Mutex<HashMap<String, RobotsCell>>,
}

impl Client {
    /// A client with these options.
    pub fn new(options: Options) -> Client {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .max_redirects(options.max_redirects)
            .user_agent(options.user_agent.as_str())
            .http_status_as_error(false)
            .build();
        let agent = ureq::Agent::with_parts(
            config,
            ureq::unversioned::transport::DefaultConnector::default(),
            crate::resolve::CachingResolver::default(),
        );
        Client { agent, options, hosts: Mutex::default(), free: Condvar::new(), robots: Mutex::default() }
    }

    /// The options.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// GETs `url` politely: robots.txt checked, the host's delay and cap
    /// respected, retried on transient failures.
    pub fn get(&self, url: &str, validators: Validators<'_>) -> Result<Fetched, Error> {
        let parsed = parse(url)?;
        let host = origin(&parsed);
        if self.options.robots && !self.robots(&host).allowed(parsed.as_str()) {
            return Err(Error::new(url, ErrorKind::Disallowed));
        }
        self.get_with_retries(&host, parsed.as_str(), validators)
    }

    /// POSTs a JSON body (a webhook), with the same retries.
    pub fn post_json(&self, url: &str, body: &str) -> Result<(), Error> {
        let parsed = parse(url)?;
        let host = origin(&parsed);
        self.retrying(|| {
            let _slot = self.slot(&host, Duration::ZERO);
            let response = self
                .agent
                .post(parsed.as_str())
                .header("Content-Type", "application/json")
                .send(body)
                .map_err(|e| transport(url, e))?;
            match response.status().as_u16() {
                200..=299 => Ok(()),
                s => Err(Error::new(url, ErrorKind::Status(s))),
            }
        })
    }

    fn get_with_retries(&self, host: &str, url: &str, v: Validators<'_>) -> Result<Fetched, Error> {
        self.retrying(|| {
            let delay = self.crawl_delay(host);
            let _slot = self.slot(host, delay);
            self.get_once(url, v)
        })
    }

    fn retrying<T>(&self, mut attempt: impl FnMut() -> Result<T, Error>) -> Result<T, Error> {
        let mut wait = self.options.backoff;
        for _ in 0..self.options.retries {
            match attempt() {
                Err(e) if transient(&e) => {
                    std::thread::sleep(wait);
                    wait = wait.saturating_mul(2);
                }
                done => return done,
            }
        }
        attempt()
    }

    fn get_once(&self, url: &str, v: Validators<'_>) -> Result<Fetched, Error> {
        let mut request = self.agent.get(url);
        if let Some(etag) = v.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(lm) = v.last_modified {
            request = request.header("If-Modified-Since", lm);
        }
        let mut response = request.call().map_err(|e| transport(url, e))?;
        let status = response.status().as_u16();
        if status == 304 {
            return Ok(Fetched::NotModified);
        }
        if !(200..300).contains(&status) {
            return Err(Error::new(url, ErrorKind::Status(status)));
        }
        let header =
            |name: &str| response.headers().get(name).and_then(|h| h.to_str().ok()).map(|s| s.trim().to_string());
        let (content_type, etag, last_modified) = (header("content-type"), header("etag"), header("last-modified"));
        let final_url = response.get_uri().to_string();
        let limit = self.options.max_bytes;
        let body =
            response.body_mut().with_config().limit(limit.saturating_add(1)).read_to_vec().map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => Error::new(url, ErrorKind::TooLarge(limit)),
                other => transport(url, other),
            })?;
        if body.len() as u64 > limit {
            return Err(Error::new(url, ErrorKind::TooLarge(limit)));
        }
        Ok(Fetched::Page(Page { url: final_url, content_type, etag, last_modified, body }))
    }

    /// The host's robots.txt, read once per client. A missing one (4xx)
    /// allows everything; one that cannot be read (5xx, no answer)
    /// disallows everything until the next client (RFC 9309, 2.3.1.4).
    fn robots(&self, host: &str) -> Arc<Robots> {
        let cell =
            Arc::clone(self.robots.lock().unwrap_or_else(PoisonError::into_inner).entry(host.to_string()).or_default());
        let robots = cell.get_or_init(|| {
            let url = format!("{host}/robots.txt");
            Arc::new(match self.get_with_retries(host, &url, Validators::default()) {
                Ok(Fetched::Page(p)) => Robots::parse(&self.options.user_agent, &p.body),
                Ok(Fetched::NotModified) => Robots::allow_all(),
                Err(e) => match e.kind {
                    ErrorKind::Status(s) if (400..500).contains(&s) => Robots::allow_all(),
                    // Too big to be a real one (RFC 9309 reads 500 KiB at most).
                    ErrorKind::TooLarge(_) => Robots::allow_all(),
                    _ => Robots::disallow_all(),
                },
            })
        });
        Arc::clone(robots)
    }

    fn crawl_delay(&self, host: &str) -> Duration {
        let cell = self.robots.lock().unwrap_or_else(PoisonError::into_inner).get(host).cloned();
        let robots = cell.and_then(|c| c.get().and_then(|r| r.delay()));
        robots.map_or(self.options.host_delay, |d| d.max(self.options.host_delay))
    }

    /// Waits for the host's turn and takes one of its connections.
    fn slot(&self, host: &str, delay: Duration) -> Slot<'_> {
        let mut hosts = self.lock();
        loop {
            let now = Instant::now();
            let h = hosts.entry(host.to_string()).or_default();
            let wait = h.next.map_or(Duration::ZERO, |n| n.saturating_duration_since(now));
            if h.in_flight < self.options.host_connections.max(1) && wait.is_zero() {
                h.in_flight += 1;
                h.next = Some(now + delay);
                return Slot { client: self, host: host.to_string() };
            }
            let timeout = if wait.is_zero() { Duration::from_millis(100) } else { wait };
            hosts = self.free.wait_timeout(hosts, timeout).unwrap_or_else(PoisonError::into_inner).0;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Host>> {
        self.hosts.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A connection to a host, given back when dropped.
struct Slot<'a> {
    client: &'a Client,
    host: String,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if let Some(h) = self.client.lock().get_mut(&self.host) {
            h.in_flight = h.in_flight.saturating_sub(1);
        }
        self.client.free.notify_all();
    }
}

fn parse(url: &str) -> Result<url::Url, Error> {
    match url::Url::parse(url.trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(u),
        _ => Err(Error::new(url, ErrorKind::BadUrl(url.to_string()))),
    }
}

/// `scheme://host:port`, the unit of politeness.
fn origin(u: &url::Url) -> String {
    u.origin().ascii_serialization()
}

fn transient(e: &Error) -> bool {
    matches!(e.kind, ErrorKind::Timeout | ErrorKind::Transport(_) | ErrorKind::Status(408 | 429 | 500..=599))
}

fn transport(url: &str, e: ureq::Error) -> Error {
    let kind = match e {
        ureq::Error::Timeout(_) => ErrorKind::Timeout,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => ErrorKind::Timeout,
        other => ErrorKind::Transport(other.to_string()),
    };
    Error::new(url, kind)
}
