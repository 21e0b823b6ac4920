//! A table built one column at a time.

use std::path::Path;
use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int32Array, Int64Array, ListArray, RecordBatch, StringArray,
    StructArray,
};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Fields, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::{Error, ErrorKind};

/// Columns in the order they are added; every column nullable.
#[derive(Default)]
pub struct Columns {
    fields: Vec<Field>,
    arrays: Vec<ArrayRef>,
}

impl Columns {
    /// A text column.
    pub fn text<'a>(&mut self, name: &str, values: impl Iterator<Item = Option<&'a str>>) {
        self.push(name, DataType::Utf8, Arc::new(values.collect::<StringArray>()));
    }

    /// A 32-bit integer column.
    pub fn int32(&mut self, name: &str, values: impl Iterator<Item = Option<i32>>) {
        self.push(name, DataType::Int32, Arc::new(values.collect::<Int32Array>()));
    }

    /// A 64-bit integer column.
    pub fn int(&mut self, name: &str, values: impl Iterator<Item = Option<i64>>) {
        self.push(name, DataType::Int64, Arc::new(values.collect::<Int64Array>()));
    }

    /// A float column.
    pub fn float(&mut self, name: &str, values: impl Iterator<Item = Option<f64>>) {
        self.push(name, DataType::Float64, Arc::new(values.collect::<Float64Array>()));
    }

    /// A boolean column.
    pub fn bool(&mut self, name: &str, values: impl Iterator<Item = Option<bool>>) {
        self.push(name, DataType::Boolean, Arc::new(values.collect::<BooleanArray>()));
    }

    /// A column of lists: `items` holds the rows of every list one after
    /// another, `lengths` how many belong to each row.
    pub fn list(&mut self, name: &str, items: Columns, lengths: impl Iterator<Item = usize>) -> Result<(), Error> {
        let fields = Fields::from(items.fields);
        let len = items.arrays.first().map_or(0, |a| a.len());
        let rows = if fields.is_empty() {
            StructArray::new_empty_fields(len, None)
        } else {
            StructArray::try_new(fields.clone(), items.arrays, None)?
        };
        let item = Arc::new(Field::new_list_field(DataType::Struct(fields), true));
        let list = ListArray::try_new(item, OffsetBuffer::from_lengths(lengths), Arc::new(rows), None)?;
        self.push(name, list.data_type().clone(), Arc::new(list));
        Ok(())
    }

    fn push(&mut self, name: &str, kind: DataType, array: ArrayRef) {
        self.fields.push(Field::new(name, kind, true));
        self.arrays.push(array);
    }

    /// The columns as one record batch.
    pub fn into_batch(self) -> Result<RecordBatch, Error> {
        Ok(RecordBatch::try_new(Arc::new(Schema::new(self.fields)), self.arrays)?)
    }

    /// The columns as a Parquet file (Snappy).
    pub fn write(self, path: &Path) -> Result<(), Error> {
        let batch = self.into_batch()?;
        let io = |source| Error { kind: ErrorKind::Io { path: path.display().to_string(), source } };
        let file = std::fs::File::create(path).map_err(io)?;
        let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
        let mut w = ArrowWriter::try_new(file, batch.schema(), Some(props))?;
        w.write(&batch)?;
        w.close()?;
        Ok(())
    }
}
