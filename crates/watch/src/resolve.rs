//! Host names looked up once a minute rather than before every request.
//!
//! ureq resolves the host before each request, pooled connection or not,
//! and with a timeout set it starts a thread for every lookup: a pass that
//! reads hundreds of pages from one outlet would start hundreds of threads
//! and ask the system resolver as often. This keeps each answer for a
//! minute, so a pass does one lookup per host.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long an answer is kept: short enough to follow a moved host soon.
const KEEP: Duration = Duration::from_secs(60);
/// Past this many hosts, expired answers are dropped.
const HOSTS: usize = 1024;

#[derive(Debug, Default)]
pub(crate) struct CachingResolver {
    inner: DefaultResolver,
    answers: Mutex<HashMap<String, (Instant, ResolvedSocketAddrs)>>,
}

impl Resolver for CachingResolver {
    fn resolve(&self, uri: &Uri, config: &Config, timeout: NextTimeout) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let key = format!("{}://{}", uri.scheme_str().unwrap_or_default(), uri.authority().map_or("", |a| a.as_str()));
        let now = Instant::now();
        if let Some((at, addrs)) = self.lock().get(&key) {
            if now.duration_since(*at) < KEEP {
                return Ok(addrs.clone());
            }
        }
        // Looked up outside the lock: two threads may both look up a host
        // the first time, which is harmless.
        let addrs = self.inner.resolve(uri, config, timeout)?;
        let mut answers = self.lock();
        if answers.len() >= HOSTS {
            answers.retain(|_, (at, _)| now.duration_since(*at) < KEEP);
        }
        answers.insert(key, (now, addrs.clone()));
        Ok(addrs)
    }
}

impl CachingResolver {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, ResolvedSocketAddrs)>> {
        self.answers.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_answer_per_host_and_port() {
        let r = CachingResolver::default();
        let config = Config::default();
        let uri: Uri = "http://127.0.0.1:8080/a".parse().unwrap();
        let first = r.resolve(&uri, &config, NextTimeout::default()).unwrap();
        assert_eq!(first.first().map(|a| a.port()), Some(8080));
        let again: Uri = "http://127.0.0.1:8080/b".parse().unwrap();
        assert_eq!(r.resolve(&again, &config, NextTimeout::default()).unwrap().first(), first.first());
        let other: Uri = "http://127.0.0.1:9090/".parse().unwrap();
        assert_eq!(r.resolve(&other, &config, NextTimeout::default()).unwrap().first().map(|a| a.port()), Some(9090));
        assert_eq!(r.lock().len(), 2);
    }
}
