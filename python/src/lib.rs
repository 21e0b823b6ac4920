//! `marsad._marsad`: the Python extension. The analysis, its Arrow table
//! for Spark, and read access to a store; `marsad/__init__.py` is the
//! public face.

mod analyzer;
mod arrow;
mod store;

use pyo3::prelude::*;

// The analysis allocates many small, short-lived strings and vectors per
// article; mimalloc serves them markedly faster than the system allocator
// (as in the command line, whose speed the Spark job is measured against).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

pyo3::create_exception!(marsad, MarsadError, pyo3::exceptions::PyValueError, "A record or request marsad cannot use.");

#[pymodule]
fn _marsad(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA", marsad_annotations::contract::SCHEMA)?;
    m.add("MarsadError", m.py().get_type::<MarsadError>())?;
    m.add_class::<analyzer::Analyzer>()?;
    m.add_class::<arrow::ArrowArticles>()?;
    m.add_class::<arrow::ArrowSchema>()?;
    m.add_class::<store::Store>()?;
    Ok(())
}

/// A value as Python objects, through its JSON: `json.loads` of exactly
/// what `marsad analyze` prints, so the contract's 32-bit floats read as
/// written (0.9, not 0.8999999761581421).
fn to_python<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    loads(py, serde_json::to_string(value).map_err(error)?)
}

/// `json.loads(json)`.
fn loads(py: Python<'_>, json: String) -> PyResult<Bound<'_, PyAny>> {
    static LOADS: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();
    let loads = LOADS.get_or_try_init(py, || py.import("json")?.getattr("loads").map(Bound::unbind))?;
    loads.bind(py).call1((json,))
}

/// A Rust error as a [`MarsadError`].
fn error(e: impl std::fmt::Display) -> PyErr {
    MarsadError::new_err(e.to_string())
}
