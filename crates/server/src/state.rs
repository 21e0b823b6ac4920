//! What every request shares: the store's connections, the search index,
//! the analyzer, and the limits.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use marsad_annotations::Analyzer;
use marsad_search::SearchIndex;
use marsad_store::Store;
use serde_json::Value;

use crate::error::{ApiError, Error};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store directory.
    pub store: PathBuf,
    /// With a token, the write endpoints need `Authorization: Bearer` it.
    pub token: Option<String>,
    /// Serve the web interface's files from this directory instead of the
    /// copies built in (for working on them without rebuilding).
    pub assets: Option<PathBuf>,
    /// A request running longer is answered 503.
    pub timeout: Duration,
    /// Largest request body.
    pub body_limit: usize,
}

impl Config {
    /// Defaults for the store in `store`: no token, built-in assets, 10 s,
    /// 1 MiB.
    pub fn new(store: impl Into<PathBuf>) -> Config {
        Config { store: store.into(), token: None, assets: None, timeout: Duration::from_secs(10), body_limit: 1 << 20 }
    }
}

/// Shared by all requests.
pub struct AppState {
    pub(crate) config: Config,
    /// Idle store connections (SQLite connections are not shared between
    /// threads; each request takes one and gives it back).
    stores: Mutex<Vec<Store>>,
    pub(crate) index: SearchIndex,
    pub(crate) analyzer: Analyzer,
    /// One write at a time.
    pub(crate) writing: Mutex<()>,
    started: Instant,
    /// When the index last looked for new commits (ms since start).
    reloaded: AtomicU64,
    /// Answers that read the whole store (the actor list, the network),
    /// kept until the store changes.
    cache: Mutex<HashMap<String, Cached>>,
}

/// An answer and the store version it was computed at.
type Cached = ((i64, i64), Arc<Value>);

/// Cached answers kept at most.
const CACHED: usize = 64;

impl AppState {
    /// Opens the store (it must exist) and its index.
    pub fn open(config: Config) -> Result<AppState, Error> {
        let store = Store::open_existing(&config.store)?;
        let index = SearchIndex::open(&config.store)?;
        Ok(AppState {
            config,
            stores: Mutex::new(vec![store]),
            index,
            analyzer: Analyzer::default(),
            writing: Mutex::new(()),
            started: Instant::now(),
            reloaded: AtomicU64::new(0),
            cache: Mutex::default(),
        })
    }

    /// Runs `f` with a store connection.
    pub(crate) fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let idle = self.stores.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let mut store = match idle {
            Some(s) => s,
            None => Store::open_existing(&self.config.store)?,
        };
        let out = f(&mut store);
        self.stores.lock().unwrap_or_else(PoisonError::into_inner).push(store);
        out
    }

    /// The answer under `key` computed by `make`, or the one computed
    /// before if the store has not changed since.
    pub(crate) fn cached(
        &self,
        store: &Store,
        key: String,
        make: impl FnOnce(&Store) -> Result<Value, ApiError>,
    ) -> Result<Arc<Value>, ApiError> {
        let version = store.version()?;
        if let Some((v, answer)) = self.cache.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
            if *v == version {
                return Ok(answer.clone());
            }
        }
        let answer = Arc::new(make(store)?);
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.len() >= CACHED {
            cache.clear();
        }
        cache.insert(key, (version, answer.clone()));
        Ok(answer)
    }

    /// The index, having looked for what an ingest committed at most a
    /// second ago.
    pub(crate) fn index(&self) -> Result<&SearchIndex, ApiError> {
        let now = self.started.elapsed().as_millis() as u64;
        let last = self.reloaded.load(Ordering::Relaxed);
        if now.saturating_sub(last) >= 1000
            && self.reloaded.compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed).is_ok()
        {
            self.index.reload()?;
        }
        Ok(&self.index)
    }
}

/// Runs blocking work (SQLite, tantivy, analysis) off the async threads,
/// answering 503 when it takes longer than the limit.
pub(crate) async fn blocking<T: Send + 'static>(
    state: &Arc<AppState>,
    f: impl FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let limit = state.config.timeout;
    let st = state.clone();
    let task = tokio::task::spawn_blocking(move || f(&st));
    match tokio::time::timeout(limit, task).await {
        Err(_) => Err(ApiError::timeout(limit.as_secs())),
        Ok(Err(e)) => Err(ApiError::internal(format!("the request failed: {e}"))),
        Ok(Ok(r)) => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn work_past_the_time_limit_is_answered_503() {
        let dir = tempfile::tempdir().unwrap();
        Store::open(dir.path()).unwrap();
        let mut config = Config::new(dir.path());
        config.timeout = Duration::from_millis(50);
        let state = Arc::new(AppState::open(config).unwrap());
        let slow = blocking(&state, |_| {
            std::thread::sleep(Duration::from_millis(500));
            Ok(())
        })
        .await;
        let err = slow.expect_err("should time out");
        assert_eq!(err.status(), axum::http::StatusCode::SERVICE_UNAVAILABLE);
    }
}
