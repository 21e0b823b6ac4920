//! `marsad.Store`: read access to a store made by `marsad ingest` (search,
//! events, articles, actors, counts), for notebooks and scripts.

use std::sync::Mutex;

use marsad_search::{Query, SearchIndex};
use marsad_store::EventQuery;
use pyo3::prelude::*;
use serde::Serialize;

use crate::error;

/// A store directory, opened for reading.
#[pyclass(frozen, module = "marsad")]
pub struct Store {
    // SQLite connections are not shared between threads; Python threads
    // take turns.
    store: Mutex<marsad_store::Store>,
    index: SearchIndex,
}

impl Store {
    /// Runs `f` on the store without the GIL, and hands its answer to Python.
    fn with<'py, T: Serialize + Send>(
        &self,
        py: Python<'py>,
        f: impl FnOnce(&marsad_store::Store, &SearchIndex) -> Result<T, String> + Send,
    ) -> PyResult<Bound<'py, PyAny>> {
        let answer = py.detach(|| {
            let store = self.store.lock().map_err(|_| "the store was poisoned by a panic".to_string())?;
            f(&store, &self.index)
        });
        crate::to_python(py, &answer.map_err(error)?)
    }
}

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

#[pymethods]
impl Store {
    /// Opens the store in `path` (made by `marsad ingest`).
    #[new]
    fn new(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
        py.detach(|| {
            let store = marsad_store::Store::open_existing(&path).map_err(error)?;
            let index = SearchIndex::open(&path).map_err(error)?;
            Ok(Store { store: Mutex::new(store), index })
        })
    }

    /// Searches the articles: Arabic-aware words, `"phrases"`, `-excluded`,
    /// `OR`; filters by actor, PLOVER type, outlet and date (`YYYY[-MM[-DD]]`).
    /// Returns `{"total", "hits", "facets"}`.
    #[pyo3(signature = (query = "", *, actor = None, r#type = None, outlet = None, from_ = None, to = None, limit = 10, offset = 0))]
    #[allow(clippy::too_many_arguments)]
    fn search<'py>(
        &self,
        py: Python<'py>,
        query: &str,
        actor: Option<String>,
        r#type: Option<String>,
        outlet: Option<String>,
        from_: Option<String>,
        to: Option<String>,
        limit: usize,
        offset: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let q = Query { text: query.to_string(), actor, kind: r#type, from: from_, to, outlet, limit, offset };
        self.with(py, move |store, index| {
            index.reload().map_err(text)?;
            index.search(store, &q).map_err(text)
        })
    }

    /// Events, newest first: corpus events (the same event told by several
    /// articles counted once), or with `mentions=True` each article's.
    #[pyo3(signature = (*, actor = None, dyad = None, r#type = None, from_ = None, to = None, limit = 100, mentions = false))]
    #[allow(clippy::too_many_arguments)]
    fn events<'py>(
        &self,
        py: Python<'py>,
        actor: Option<String>,
        dyad: Option<(String, String)>,
        r#type: Option<String>,
        from_: Option<String>,
        to: Option<String>,
        limit: usize,
        mentions: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let q = EventQuery { actor, dyad, kind: r#type, from: from_, to, limit: Some(limit) };
        if mentions {
            self.with(py, move |store, _| store.events(&q).map_err(text))
        } else {
            self.with(py, move |store, _| store.corpus_events(&q).map_err(text))
        }
    }

    /// An article: its metadata, text and analysis; None when not stored.
    fn article<'py>(&self, py: Python<'py>, id: String) -> PyResult<Bound<'py, PyAny>> {
        self.with(py, move |store, _| {
            let Some(row) = store.article(&id).map_err(text)? else { return Ok(None) };
            let text_ = store.text(&id).map_err(text)?;
            let analysis = store.analysis(&id).map_err(text)?;
            Ok(Some(serde_json::json!({
                "id": row.id, "title": row.title, "url": row.url, "outlet": row.outlet,
                "published": row.published, "text": text_, "analysis": analysis,
            })))
        })
    }

    /// Actors by mentions, most mentioned first; of one kind if given.
    #[pyo3(signature = (*, kind = None, top = 50))]
    fn actors<'py>(&self, py: Python<'py>, kind: Option<String>, top: usize) -> PyResult<Bound<'py, PyAny>> {
        self.with(py, move |store, _| store.actors(kind.as_deref(), top).map_err(text))
    }

    /// Counts of what the store holds.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.with(py, |store, _| store.stats().map_err(text))
    }
}
