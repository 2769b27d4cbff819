//! The Parquet side of the tables: rows are collected in Arrow builders and written as a
//! record batch every [`BATCH_ROWS`] rows; row groups hold at most [`ROW_GROUP_ROWS`] rows,
//! so memory stays bounded however many records stream through. Snappy compression.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::{Cell, Kind, Table};

/// Rows collected before they are handed to the Parquet writer as one batch.
const BATCH_ROWS: usize = 8192;
/// Rows per row group.
const ROW_GROUP_ROWS: usize = 64 * 1024;

enum Builder {
    Text(StringBuilder),
    Int(Int64Builder),
    Float(Float64Builder),
    Bool(BooleanBuilder),
    Date(Date32Builder),
}

impl Builder {
    fn new(kind: Kind) -> Builder {
        match kind {
            Kind::Text => Builder::Text(StringBuilder::new()),
            Kind::Int => Builder::Int(Int64Builder::new()),
            Kind::Float => Builder::Float(Float64Builder::new()),
            Kind::Bool => Builder::Bool(BooleanBuilder::new()),
            Kind::Date => Builder::Date(Date32Builder::new()),
        }
    }

    /// Appends a cell; `false` when it does not fit the column (checked by the caller first).
    fn append(&mut self, cell: Cell) -> bool {
        match (self, cell) {
            (Builder::Text(b), Cell::Text(s)) => b.append_value(s),
            (Builder::Text(b), Cell::Null) => b.append_null(),
            (Builder::Int(b), Cell::Int(x)) => b.append_value(x),
            (Builder::Int(b), Cell::Null) => b.append_null(),
            (Builder::Float(b), Cell::Float(x)) => b.append_value(x),
            (Builder::Float(b), Cell::Null) => b.append_null(),
            (Builder::Bool(b), Cell::Bool(x)) => b.append_value(x),
            (Builder::Bool(b), Cell::Null) => b.append_null(),
            (Builder::Date(b), Cell::Date(x)) => b.append_value(x),
            (Builder::Date(b), Cell::Null) => b.append_null(),
            _ => return false,
        }
        true
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::Float(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
        }
    }
}

fn data_type(kind: Kind) -> DataType {
    match kind {
        Kind::Text => DataType::Utf8,
        Kind::Int => DataType::Int64,
        Kind::Float => DataType::Float64,
        Kind::Bool => DataType::Boolean,
        Kind::Date => DataType::Date32,
    }
}

/// One table's Parquet file being written.
pub(super) struct Writer {
    schema: SchemaRef,
    builders: Vec<Builder>,
    pending: usize,
    out: ArrowWriter<File>,
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

impl Writer {
    pub(super) fn create(path: &Path, table: &Table) -> Result<Writer> {
        let fields: Vec<Field> = table.columns.iter().map(|c| Field::new(c.name, data_type(c.kind), true)).collect();
        let schema: SchemaRef = Arc::new(Schema::new(fields));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_created_by(format!("vnplan {}", env!("CARGO_PKG_VERSION")))
            .build();
        let out = ArrowWriter::try_new(File::create(path)?, Arc::clone(&schema), Some(props))?;
        let builders = table.columns.iter().map(|c| Builder::new(c.kind)).collect();
        Ok(Writer { schema, builders, pending: 0, out })
    }

    pub(super) fn push(&mut self, row: Vec<Cell>) -> Result<()> {
        for (b, cell) in self.builders.iter_mut().zip(row) {
            if !b.append(cell) {
                return Err("a cell does not fit its column".into());
            }
        }
        self.pending += 1;
        if self.pending >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.pending == 0 {
            return Ok(());
        }
        let columns: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(Arc::clone(&self.schema), columns)?;
        self.out.write(&batch)?;
        self.pending = 0;
        Ok(())
    }

    pub(super) fn finish(mut self) -> Result<()> {
        self.flush()?;
        self.out.close()?;
        Ok(())
    }
}
