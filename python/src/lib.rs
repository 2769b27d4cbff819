//! `vnplan._vnplan`, the extension module of the Python package `vnplan`.
//!
//! Every record comes from [`vnplan::pipe::extract_bytes`], the function `vnplan extract`
//! renders files with, so `extract_json` returns the CLI's line byte for byte and `extract`
//! what `json.loads` makes of it (it is `json.loads` of it). Text is taken as its UTF-8
//! bytes, as if it had been written to a file. The batch calls release the GIL while the
//! pipeline runs, in parallel on rayon threads.

use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;
use serde_json::Value;

use vnplan::pipe::{extract_bytes, Options, Output};
use vnplan::tables::{Cell, TABLES};

/// The path of an input given without one: what `vnplan extract -` calls stdin.
const NO_PATH: &str = "-";

/// The bytes of a `str` (UTF-8) or bytes-like argument.
fn input_bytes(data: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(b) = data.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(b) = data.cast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    if let Ok(s) = data.cast::<PyString>() {
        return match s.to_str() {
            Ok(text) => Ok(text.as_bytes().to_vec()),
            // Text read with errors="surrogateescape" gets its original bytes back; other
            // lone surrogates are no text, and Python's UnicodeEncodeError says where.
            Err(_) => Ok(data.call_method1("encode", ("utf-8", "surrogateescape"))?.cast::<PyBytes>()?.as_bytes().to_vec()),
        };
    }
    Err(PyTypeError::new_err(format!("expected str or bytes, not {}", data.get_type().name()?)))
}

fn options(encoding: Option<&str>, max_bytes: u64) -> PyResult<Options> {
    let encoding = match encoding {
        None => None,
        Some(name) => Some(vnplan::source::encoding_by_name(name).ok_or_else(|| PyValueError::new_err(format!("unknown encoding {name:?}; known: {}", vnplan::source::encoding_names().join(", "))))?),
    };
    Ok(Options { max_bytes, encoding })
}

fn loads<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.getattr("loads")?.call1((json,))
}

/// The record of one input as a dict: exactly `json.loads` of `vnplan extract`'s line.
#[pyfunction]
#[pyo3(signature = (data, path=None, *, encoding=None, max_bytes=vnplan::cli::DEFAULT_MAX_BYTES))]
fn extract<'py>(py: Python<'py>, data: &Bound<'py, PyAny>, path: Option<&str>, encoding: Option<&str>, max_bytes: u64) -> PyResult<Bound<'py, PyAny>> {
    let json = extract_json(py, data, path, encoding, max_bytes)?;
    loads(py, &json)
}

/// The record of one input as `vnplan extract` writes its line, without the newline.
#[pyfunction]
#[pyo3(signature = (data, path=None, *, encoding=None, max_bytes=vnplan::cli::DEFAULT_MAX_BYTES))]
fn extract_json(py: Python<'_>, data: &Bound<'_, PyAny>, path: Option<&str>, encoding: Option<&str>, max_bytes: u64) -> PyResult<String> {
    let o = options(encoding, max_bytes)?;
    let raw = input_bytes(data)?;
    let path = path.unwrap_or(NO_PATH).to_string();
    Ok(py.detach(move || extract_bytes(&path, raw, &o)).json)
}

/// One item of a batch: `data`, or `(data, path)`.
fn batch_item(item: &Bound<'_, PyAny>) -> PyResult<(String, Vec<u8>)> {
    if let Ok(t) = item.cast::<PyTuple>() {
        if t.len() != 2 {
            return Err(PyTypeError::new_err(format!("a batch item is data or (data, path), not a tuple of {}", t.len())));
        }
        let path: Option<String> = t.get_item(1)?.extract()?;
        return Ok((path.unwrap_or_else(|| NO_PATH.to_string()), input_bytes(&t.get_item(0)?)?));
    }
    Ok((NO_PATH.to_string(), input_bytes(item)?))
}

/// Runs the batch without the GIL: on the rayon pool of every core (`threads` 0), on
/// `threads` threads, or on the calling thread (`threads` 1).
fn run_batch(py: Python<'_>, inputs: &Bound<'_, PyAny>, threads: usize, o: Options) -> PyResult<Vec<Output>> {
    let mut items = Vec::new();
    for item in inputs.try_iter()? {
        items.push(batch_item(&item?)?);
    }
    let work = move |(path, raw): (String, Vec<u8>)| extract_bytes(&path, raw, &o);
    py.detach(move || match threads {
        1 => Ok(items.into_iter().map(work).collect()),
        0 => Ok(items.into_par_iter().map(work).collect()),
        n => match rayon::ThreadPoolBuilder::new().num_threads(n).build() {
            Ok(pool) => Ok(pool.install(|| items.into_par_iter().map(work).collect())),
            Err(e) => Err(format!("cannot start {n} threads: {e}")),
        },
    })
    .map_err(PyRuntimeError::new_err)
}

/// The records of many inputs as dicts, in input order.
#[pyfunction]
#[pyo3(signature = (inputs, *, threads=0, encoding=None, max_bytes=vnplan::cli::DEFAULT_MAX_BYTES))]
fn extract_batch<'py>(py: Python<'py>, inputs: &Bound<'py, PyAny>, threads: usize, encoding: Option<&str>, max_bytes: u64) -> PyResult<Bound<'py, PyList>> {
    let out = run_batch(py, inputs, threads, options(encoding, max_bytes)?)?;
    let list = PyList::empty(py);
    for o in out {
        list.append(loads(py, &o.json)?)?;
    }
    Ok(list)
}

/// The record lines of many inputs, in input order.
#[pyfunction]
#[pyo3(signature = (inputs, *, threads=0, encoding=None, max_bytes=vnplan::cli::DEFAULT_MAX_BYTES))]
fn extract_json_batch(py: Python<'_>, inputs: &Bound<'_, PyAny>, threads: usize, encoding: Option<&str>, max_bytes: u64) -> PyResult<Vec<String>> {
    Ok(run_batch(py, inputs, threads, options(encoding, max_bytes)?)?.into_iter().map(|o| o.json).collect())
}

/// The rows one record gives in each warehouse table (`vnplan tables`), as tuples in the
/// column order of `TABLES`. With `first=False` the record's content was seen before under
/// another path: only its `inputs` row is given, as `vnplan tables` does.
#[pyfunction]
#[pyo3(signature = (record, *, first=true))]
fn table_rows<'py>(py: Python<'py>, record: &Bound<'py, PyAny>, first: bool) -> PyResult<Bound<'py, PyDict>> {
    let text: String = if let Ok(s) = record.cast::<PyString>() {
        s.to_str()?.to_string()
    } else if record.cast::<PyDict>().is_ok() {
        py.import("json")?.getattr("dumps")?.call1((record,))?.extract()?
    } else {
        return Err(PyTypeError::new_err("a record is a JSON str or a dict"));
    };
    let value: Value = serde_json::from_str(&text).map_err(|e| PyValueError::new_err(format!("not a JSON record: {e}")))?;
    vnplan::tables::check_record(&value).map_err(|why| PyValueError::new_err(format!("not a vnplan/1 record: {why}")))?;
    let mut seen = std::collections::HashSet::new();
    if !first {
        if let Some(id) = value["source"]["sha256"].as_str() {
            seen.insert(id.to_string());
        }
    }
    let rows = vnplan::tables::rows(&value, &mut seen);
    let from_ordinal = py.import("datetime")?.getattr("date")?.getattr("fromordinal")?;
    let out = PyDict::new(py);
    for (table, rows) in TABLES.iter().zip(rows.tables) {
        let list = PyList::empty(py);
        for row in rows {
            let mut cells: Vec<Bound<'py, PyAny>> = Vec::with_capacity(row.len());
            for cell in row {
                cells.push(match cell {
                    Cell::Null => py.None().into_bound(py),
                    Cell::Text(s) => PyString::new(py, &s).into_any(),
                    Cell::Int(x) => x.into_pyobject(py)?.into_any(),
                    Cell::Float(x) => x.into_pyobject(py)?.into_any(),
                    Cell::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
                    // Days since 1970-01-01; that day is ordinal 719163 of the proleptic calendar.
                    Cell::Date(days) => from_ordinal.call1((i64::from(days) + 719_163,))?,
                });
            }
            list.append(PyTuple::new(py, cells)?)?;
        }
        out.set_item(table.name, list)?;
    }
    Ok(out)
}

#[pymodule]
fn _vnplan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_json, m)?)?;
    m.add_function(wrap_pyfunction!(extract_batch, m)?)?;
    m.add_function(wrap_pyfunction!(extract_json_batch, m)?)?;
    m.add_function(wrap_pyfunction!(table_rows, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA", vnplan::emit::SCHEMA)?;
    m.add("DEFAULT_MAX_BYTES", vnplan::cli::DEFAULT_MAX_BYTES)?;
    m.add("ENCODINGS", vnplan::source::encoding_names())?;
    let tables = PyDict::new(m.py());
    for t in &TABLES {
        let columns: Vec<(&str, &str)> = t.columns.iter().map(|c| (c.name, c.kind.sql())).collect();
        tables.set_item(t.name, columns)?;
    }
    m.add("TABLES", tables)?;
    Ok(())
}
