//! The articles table handed to Python through the Arrow C data interface
//! (`__arrow_c_array__`, the PyCapsule protocol pyarrow and polars read).
//! Written here rather than with pyo3-arrow, which pins another arrow-rs
//! version than the one the workspace builds Parquet with.

use std::ffi::CStr;

use arrow_array::ffi::{to_ffi, FFI_ArrowSchema};
use arrow_array::{Array, RecordBatch, StructArray};
use arrow_schema::{DataType, SchemaRef};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::error;

/// Analysed articles, one row each: `pyarrow.record_batch(x)` takes them.
#[pyclass(frozen, module = "marsad")]
pub struct ArrowArticles {
    pub(crate) batch: RecordBatch,
}

#[pymethods]
impl ArrowArticles {
    /// The rows as an Arrow struct array (the PyCapsule protocol).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        // The schema is fixed; a consumer asking for another casts itself.
        let _ = requested_schema;
        let data = StructArray::from(self.batch.clone()).into_data();
        let (array, schema) = to_ffi(&data).map_err(error)?;
        Ok((capsule(py, schema, c"arrow_schema")?, capsule(py, array, c"arrow_array")?))
    }

    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        schema_capsule(py, &self.batch.schema())
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }
}

/// The articles table's schema: `pyarrow.schema(x)` takes it.
#[pyclass(frozen, module = "marsad")]
pub struct ArrowSchema {
    pub(crate) schema: SchemaRef,
}

#[pymethods]
impl ArrowSchema {
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        schema_capsule(py, &self.schema)
    }
}

fn schema_capsule<'py>(py: Python<'py>, schema: &SchemaRef) -> PyResult<Bound<'py, PyCapsule>> {
    let ffi = FFI_ArrowSchema::try_from(DataType::Struct(schema.fields().clone())).map_err(error)?;
    capsule(py, ffi, c"arrow_schema")
}

/// A capsule owning `value`: the consumer moves the C struct out (its
/// release callback is then null), and dropping what is left frees nothing
/// twice.
fn capsule<'py, T: Send + 'static>(py: Python<'py>, value: T, name: &'static CStr) -> PyResult<Bound<'py, PyCapsule>> {
    PyCapsule::new_with_value(py, value, name)
}
